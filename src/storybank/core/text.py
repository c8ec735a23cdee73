"""Plain-text helpers shared by the checks, the editor and the matcher.

Two views of the same text are used throughout storybank:

* **words** keep the user's spelling and case, and count a compound such as
  ``trade-off``, ``3.5`` or ``1,200`` as one word. Word counts and spoken time
  come from these.
* **tokens** are lowercase pieces for matching word lists: compounds are split
  (``trade-off`` → ``trade``, ``off``), curly apostrophes become straight ones
  and a possessive ``'s`` is dropped, so ``customer's`` matches ``customer``.

:class:`PhraseIndex` finds single words and multi-word phrases in a token list
in one pass, which keeps every check linear in the length of the story.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple

WORDS_PER_MINUTE = 150
"""A calm interview speaking rate, used for every spoken-time estimate."""

# A word is a run of letters or digits, optionally joined to the next run by a
# hyphen, apostrophe, dot or comma with no space around it.
_WORD_RE = re.compile(r"[^\W_]+(?:[-'\u2019.,][^\W_]+)*")

# A sentence ends at ., ! or ? (optionally followed by a closing quote or
# bracket) when whitespace and then a capital letter, digit or opening quote follow.
_SENTENCE_END_RE = re.compile(
    r"(?:(?<=[.!?])|(?<=[.!?][\"'\u201d\u2019)\]]))\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])"
)
_PARAGRAPH_RE = re.compile(r"\n\s*\n")
# Abbreviations whose dot does not end a sentence ("e.g. Kafka" is one sentence).
_ABBREVIATION_RE = re.compile(r"(?:^|\W)(?:e\.g|i\.e|etc|vs|approx|mr|mrs|ms|dr|inc)\.$", re.I)


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` and the noun, in the singular for one: ``1 story``, ``2 stories``."""
    if count == 1:
        return f"1 {noun}"
    return f"{count} {plural if plural is not None else noun + 's'}"


def words(text: str) -> list[str]:
    """The words of ``text`` as typed (case kept, compounds whole)."""
    return _WORD_RE.findall(text)


def word_count(text: str) -> int:
    """How many words ``text`` has; ``trade-off`` and ``$1.2M`` count as one."""
    return len(_WORD_RE.findall(text))


# Where a word splits into tokens, and the curly apostrophe made straight.
_TOKEN_TABLE = str.maketrans({"-": " ", ".": " ", ",": " ", "\u2019": "'"})
# A possessive "'s" at the end of a token.
_POSSESSIVE_RE = re.compile(r"'s(?= |$)")


def tokens_of(text_words: Iterable[str]) -> list[str]:
    """Lowercase matching tokens for words already produced by :func:`words`."""
    # Whole-string operations instead of a loop over words: several times
    # faster on a long story, which the editor checks as the user types.
    joined = " ".join(text_words).lower().translate(_TOKEN_TABLE)
    if "'" in joined:
        joined = _POSSESSIVE_RE.sub("", joined)
    return joined.split()


def tokens(text: str) -> list[str]:
    """Lowercase matching tokens of ``text`` (see the module docstring)."""
    return tokens_of(_WORD_RE.findall(text))


def sentences(text: str) -> list[str]:
    """Split ``text`` into sentences, stripped, without empty ones.

    A sentence ends at ``.``, ``!`` or ``?`` followed by whitespace and a capital
    letter, digit or opening quote; a blank line always ends one. Common
    abbreviations (``e.g.``, ``i.e.``, ``vs.``) and decimals (``3.5``) do not.
    """
    found: list[str] = []
    for paragraph in _PARAGRAPH_RE.split(text):
        start = 0
        for match in _SENTENCE_END_RE.finditer(paragraph):
            candidate = paragraph[start : match.start()]
            if _ABBREVIATION_RE.search(candidate[-8:]):
                continue
            found.append(candidate)
            start = match.end()
        found.append(paragraph[start:])
    return [s.strip() for s in found if s.strip()]


def spoken_seconds(word_total: int, wpm: int = WORDS_PER_MINUTE) -> int:
    """Seconds it takes to say ``word_total`` words at ``wpm`` words per minute, rounded."""
    if wpm <= 0:
        raise ValueError("words per minute must be positive")
    return round(max(word_total, 0) * 60 / wpm)


def positions_of(token_list: Sequence[str]) -> dict[str, list[int]]:
    """Where each token occurs: ``{"risk": [3, 17], ...}``.

    Built once per text, it lets every :class:`PhraseIndex` look only at the
    positions where one of its phrases could start (see :meth:`PhraseIndex.find`).
    """
    found: dict[str, list[int]] = {}
    for index, token in enumerate(token_list):
        at = found.get(token)
        if at is None:
            found[token] = [index]
        else:
            at.append(index)
    return found


class PhraseHit(NamedTuple):
    """One occurrence of a phrase in a token list."""

    phrase: str
    """The phrase as it was given to :class:`PhraseIndex`."""
    start: int
    """Index of the first matching token."""
    end: int
    """Index one past the last matching token."""


class PhraseIndex:
    """Finds any of a fixed set of words and phrases in a token list, in one pass.

    Phrases are tokenized with :func:`tokens`, so ``"trade-off"`` matches both
    "trade-off" and "trade off", and matching is case-insensitive. Where phrases
    overlap, the longest one starting at a position wins and matches never
    overlap, so "risk register" is reported once, not also as "risk".

    With ``forms`` (e.g. :func:`storybank.core.morphology.stem`), every token
    of every phrase is mapped through it, and :meth:`find` must be given tokens
    mapped the same way: then "push back" also finds "pushing back".

    Attributes:
        by_form: Whether ``forms`` was given (the tokens to search must be mapped).
    """

    def __init__(self, phrases: Iterable[str], forms: Callable[[str], str] | None = None) -> None:
        by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for phrase in dict.fromkeys(phrases):
            key = tuple(tokens(phrase))
            if forms is not None:
                key = tuple(forms(token) for token in key)
            if not key:
                raise ValueError(f"phrase {phrase!r} has no words")
            by_first.setdefault(key[0], []).append((key, phrase))
        for candidates in by_first.values():
            candidates.sort(key=lambda item: len(item[0]), reverse=True)
        self._by_first = by_first
        self.by_form = forms is not None

    def find(
        self,
        token_list: Sequence[str],
        positions: Mapping[str, list[int]] | None = None,
    ) -> list[PhraseHit]:
        """Every non-overlapping occurrence, in text order.

        Args:
            token_list: The tokens to search.
            positions: :func:`positions_of` the same tokens, when the caller has
                it: then only the positions where a phrase can start are visited,
                which makes many lists over one long text cheap.
        """
        hits: list[PhraseHit] = []
        by_first = self._by_first
        size = len(token_list)
        if positions is not None:
            starts: list[int] = []
            for first in by_first.keys() & positions.keys():
                starts.extend(positions[first])
            starts.sort()
            reached = 0
            for i in starts:
                if i < reached:
                    continue
                for key, phrase in by_first[token_list[i]]:
                    end = i + len(key)
                    if end > size:
                        continue
                    # Compare the second token before slicing: most candidates fail there.
                    if len(key) == 1 or (
                        token_list[i + 1] == key[1] and tuple(token_list[i:end]) == key
                    ):
                        hits.append(PhraseHit(phrase, i, end))
                        reached = end
                        break
            return hits
        i = 0
        while i < size:
            candidates = by_first.get(token_list[i])
            if candidates is not None:
                for key, phrase in candidates:
                    end = i + len(key)
                    if end <= size and (len(key) == 1 or tuple(token_list[i:end]) == key):
                        hits.append(PhraseHit(phrase, i, end))
                        i = end - 1
                        break
            i += 1
        return hits

    def count(
        self, token_list: Sequence[str], positions: Mapping[str, list[int]] | None = None
    ) -> int:
        """How many non-overlapping occurrences there are."""
        return len(self.find(token_list, positions))

    def distinct(
        self, token_list: Sequence[str], positions: Mapping[str, list[int]] | None = None
    ) -> list[str]:
        """The phrases found, each once, in order of first occurrence."""
        return list(dict.fromkeys(hit.phrase for hit in self.find(token_list, positions)))
