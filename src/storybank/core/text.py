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
from collections.abc import Iterable, Sequence
from typing import NamedTuple

WORDS_PER_MINUTE = 150
"""A calm interview speaking rate, used for every spoken-time estimate."""

# A word is a run of letters or digits, optionally joined to the next run by a
# hyphen, apostrophe, dot or comma with no space around it.
_WORD_RE = re.compile(r"[^\W_]+(?:[-'\u2019.,][^\W_]+)*")
# Where a word splits into tokens; apostrophes stay inside tokens ("don't").
_TOKEN_SPLIT_RE = re.compile(r"[-.,]+")

# A sentence ends at ., ! or ? (optionally followed by a closing quote or
# bracket) when whitespace and then a capital letter, digit or opening quote follow.
_SENTENCE_END_RE = re.compile(
    r"(?:(?<=[.!?])|(?<=[.!?][\"'\u201d\u2019)\]]))\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])"
)
_PARAGRAPH_RE = re.compile(r"\n\s*\n")
# Abbreviations whose dot does not end a sentence ("e.g. Kafka" is one sentence).
_ABBREVIATION_RE = re.compile(r"(?:^|\W)(?:e\.g|i\.e|etc|vs|approx|mr|mrs|ms|dr|inc)\.$", re.I)


def words(text: str) -> list[str]:
    """The words of ``text`` as typed (case kept, compounds whole)."""
    return _WORD_RE.findall(text)


def word_count(text: str) -> int:
    """How many words ``text`` has; ``trade-off`` and ``$1.2M`` count as one."""
    return len(_WORD_RE.findall(text))


def tokens_of(text_words: Iterable[str]) -> list[str]:
    """Lowercase matching tokens for words already produced by :func:`words`."""
    out: list[str] = []
    append = out.append
    for word in text_words:
        token = word.lower()
        # Most words are plain letters; only the rest need splitting or cleaning.
        if token.isalnum():
            append(token)
            continue
        token = token.replace("\u2019", "'")
        for piece in _TOKEN_SPLIT_RE.split(token):
            if piece.endswith("'s"):
                piece = piece[:-2]
            if piece:
                append(piece)
    return out


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
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for phrase in dict.fromkeys(phrases):
            key = tuple(tokens(phrase))
            if not key:
                raise ValueError(f"phrase {phrase!r} has no words")
            by_first.setdefault(key[0], []).append((key, phrase))
        for candidates in by_first.values():
            candidates.sort(key=lambda item: len(item[0]), reverse=True)
        self._by_first = by_first

    def find(self, token_list: Sequence[str]) -> list[PhraseHit]:
        """Every non-overlapping occurrence, in text order."""
        hits: list[PhraseHit] = []
        by_first = self._by_first
        size = len(token_list)
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

    def count(self, token_list: Sequence[str]) -> int:
        """How many non-overlapping occurrences there are."""
        return len(self.find(token_list))

    def distinct(self, token_list: Sequence[str]) -> list[str]:
        """The phrases found, each once, in order of first occurrence."""
        return list(dict.fromkeys(hit.phrase for hit in self.find(token_list)))
