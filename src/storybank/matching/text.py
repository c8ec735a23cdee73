"""Text normalisation shared by every part of the matcher.

``analyze(text)`` turns free text into a list of :class:`Term` objects: one per
meaningful word or phrase, each carrying a *key* (a concept from
:mod:`.lexicon`, or a light stem for words the lexicon does not know) and the
words the user actually wrote, for explanations.

The steps, in order: Unicode folding and case folding; removal of interview
boilerplate ("tell me about a time when"); tokenising; stemming; longest-match
phrase lookup; single-word concept lookup; stop-word removal. The lexicon
tables are loaded on first use (from the snapshot :mod:`.compiled` keeps, or
compiled from :mod:`.lexicon`), so importing this module stays cheap.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, NamedTuple

from storybank.matching import lexicon

_WORD_RE = re.compile(r"[^\W_]+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_NOT_RE = re.compile(r"n't\b")
_CLITIC_RE = re.compile(r"'(?:s|re|ve|ll|d|m)\b")
_DIGITS_RE = re.compile(r"^\d+$")
_MAX_PHRASE = 6


class Term(NamedTuple):
    """One meaningful unit of a text (a named tuple: cheap to build in bulk).

    Attributes:
        key: The concept (``"disagree"``) or, for a word the lexicon does not
            know, its stem (``"ledger"``).
        surface: The words as written, lower-cased (``"pushed back"``).
        concept: Whether ``key`` comes from the lexicon.
    """

    key: str
    surface: str
    concept: bool


def _undouble(word: str) -> str:
    if len(word) > 2 and word[-1] == word[-2] and word[-1] not in "lsz":
        return word[:-1]
    return word


def _has_vowel(word: str) -> bool:
    return any(ch in "aeiouy" for ch in word)


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """A light, deterministic stem: enough to merge inflections, never a lemma.

    It only has to be consistent, because lexicon entries and user text go
    through the same function.
    """
    base = lexicon.IRREGULAR.get(word)
    if base is not None:
        word = base
        return word[:-1] if word.endswith("e") and len(word) > 3 else word
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "xes", "ches", "shes", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ied") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ing") and len(word) >= 6 and _has_vowel(word[:-3]):
        word = _undouble(word[:-3])
    elif word.endswith("ed") and not word.endswith("eed") and len(word) >= 5:
        if _has_vowel(word[:-2]):
            word = _undouble(word[:-2])
    elif word.endswith("ly") and len(word) >= 6:
        word = word[:-2]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def _fold(text: str) -> str:
    """Unicode- and case-folded text with contractions expanded."""
    if not text.isascii():
        # Compatibility forms and accents folded away ("ﬁ" -> "fi", "é" -> "e"),
        # curly apostrophes made straight.
        text = unicodedata.normalize("NFKD", text).translate(_APOSTROPHES)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold()
    if "'" in text:
        text = _CLITIC_RE.sub("", _NOT_RE.sub(" not", text))
    return text


def _words(text: str) -> list[str]:
    """Lower-cased words of ``text`` (boilerplate removed), hyphens split."""
    return _WORD_RE.findall(_Lexicon.get().boilerplate.sub(" ", _fold(text)))


def _add(concepts: tuple[str, ...], concept: str) -> tuple[str, ...]:
    return concepts if concept in concepts else (*concepts, concept)


class _Lexicon:
    """The compiled lexicon: phrase table, word tables and stop stems."""

    _instance: _Lexicon | None = None

    def __init__(
        self,
        phrases: dict[tuple[str, ...], tuple[str, ...]],
        surface: dict[str, tuple[str, ...]],
        stems: dict[str, str],
        stop_stems: frozenset[str],
    ) -> None:
        self.boilerplate = re.compile(r"\b(?:" + "|".join(lexicon.BOILERPLATE) + r")\b")
        self.glue = lexicon.GLUE_WORDS
        self.phrases = phrases
        self.surface = surface
        self.stems = stems
        self.stop_stems = stop_stems
        # First stem of each phrase -> the longest phrase starting with it, so
        # that most words need no phrase lookup at all.
        self.phrase_starts: dict[str, int] = {}
        for phrase in phrases:
            longest = min(_MAX_PHRASE, len(phrase))
            if self.phrase_starts.get(phrase[0], 0) < longest:
                self.phrase_starts[phrase[0]] = longest
        self._vocabulary: frozenset[str] | None = None

    @classmethod
    def compile(cls) -> _Lexicon:
        """Build the tables from :mod:`.lexicon` (a few milliseconds)."""
        glue = lexicon.GLUE_WORDS
        stop_stems = frozenset(stem(w) for w in lexicon.STOP_WORDS)
        phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        surface: dict[str, tuple[str, ...]] = {}
        stems: dict[str, str] = {}
        ambiguous: set[str] = set()
        for concept, listing in lexicon.CONCEPTS.items():
            entries = [e.strip() for e in " ".join(listing.split()).split(",")]
            for entry in (concept, *entries):
                # Most entries are plain lower-case ASCII: skip the Unicode fold.
                plain = entry.isascii() and "'" not in entry and entry.islower()
                words = [
                    w for w in _WORD_RE.findall(entry if plain else _fold(entry)) if w not in glue
                ]
                if not words:
                    continue
                # An entry listed under several concepts stands for all of them
                # ("technical decision" is both technical and a decision).
                if len(words) > 1:
                    key = tuple(stem(w) for w in words)
                    phrases[key] = _add(phrases.get(key, ()), concept)
                    continue
                word = words[0]
                surface[word] = _add(surface.get(word, ()), concept)
                word_stem = stem(word)
                if stems.get(word_stem, concept) != concept:
                    ambiguous.add(word_stem)
                stems.setdefault(word_stem, concept)
        # A stem shared by words of different concepts ("own" for "owned" and
        # "your own") must not pick one at random: only exact forms map then.
        for shared_stem in ambiguous | (stop_stems & set(stems)):
            stems.pop(shared_stem, None)
        for word, concept in lexicon.SURFACE_CONCEPTS.items():
            surface[word] = (concept,)
        return cls(phrases, surface, stems, stop_stems)

    def to_data(self) -> dict[str, Any]:
        """The tables as JSON-ready data (see :mod:`.compiled`)."""
        return {
            "phrases": [[list(k), list(v)] for k, v in self.phrases.items()],
            "surface": {k: list(v) for k, v in self.surface.items()},
            "stems": self.stems,
            "stop_stems": sorted(self.stop_stems),
            "vocabulary": sorted(self.vocabulary),
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> _Lexicon:
        """The inverse of :meth:`to_data`."""
        lex = cls(
            {tuple(k): tuple(v) for k, v in data["phrases"]},
            {k: tuple(v) for k, v in data["surface"].items()},
            dict(data["stems"]),
            frozenset(data["stop_stems"]),
        )
        lex._vocabulary = frozenset(data["vocabulary"])
        return lex

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every stem the lexicon knows (built on first use: only typos need it)."""
        if self._vocabulary is None:
            self._vocabulary = frozenset(self.stems) | frozenset(stem(w) for w in self.surface)
        return self._vocabulary

    @classmethod
    def get(cls) -> _Lexicon:
        if cls._instance is None:
            # Deferred import: compiled imports this module to rebuild itself.
            from storybank.matching import compiled

            data = compiled.load()
            cls._instance = cls.from_data(data["lexicon"]) if data else cls.compile()
        return cls._instance


def analyze(text: str) -> list[Term]:
    """The meaningful terms of ``text``, in order (duplicates kept)."""
    return list(_analyze(text))


@lru_cache(maxsize=256)
def _analyze(text: str) -> tuple[Term, ...]:
    # Remembered per text: while a story is edited only one field changes, so
    # re-suggesting its competencies re-reads just that field.
    lex = _Lexicon.get()
    words = [w for w in _words(text) if w not in lex.glue]
    stems = [stem(w) for w in words]
    terms: list[Term] = []
    i, n = 0, len(words)
    phrases, starts = lex.phrases, lex.phrase_starts
    while i < n:
        matched = False
        for size in range(min(starts.get(stems[i], 0), n - i), 1, -1):
            concepts = phrases.get(tuple(stems[i : i + size]))
            if concepts is not None:
                surface = " ".join(words[i : i + size])
                terms.extend(Term(c, surface, True) for c in concepts)
                i += size
                matched = True
                break
        if matched:
            continue
        word, key = words[i], stems[i]
        i += 1
        concepts = lex.surface.get(word)
        if concepts is None and key in lex.stems:
            concepts = (lex.stems[key],)
        if concepts is not None:
            terms.extend(Term(c, word, True) for c in concepts)
        elif key in lex.stop_stems or len(key) < 2 or _DIGITS_RE.match(key):
            continue
        else:
            terms.append(Term(key, word, False))
    return tuple(terms)


def keys(text: str) -> list[str]:
    """The keys of :func:`analyze`, duplicates removed, order kept."""
    return list(dict.fromkeys(t.key for t in analyze(text)))


def known_keys(text: str) -> list[str]:
    """:func:`keys`, read from the precompiled analyses when ``text`` is built in."""
    # Deferred import, as in _Lexicon.get.
    from storybank.matching import compiled

    cached = compiled.analyses().get(text)
    return list(cached) if cached is not None else keys(text)


def vocabulary() -> frozenset[str]:
    """Every stem the lexicon knows, for spelling correction."""
    return _Lexicon.get().vocabulary
