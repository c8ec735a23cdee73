"""A story's text as the checks read it: each view of each field made once, on demand.

The editor runs the checks of one field on every pause in typing, so nothing
is computed until a rule asks for it, and nothing twice: words, matching
tokens, word stems, sentences and the Action's steps are cached per field.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache

from storybank.checks import sentences as sentence_tools
from storybank.core.frameworks import DEFAULT_FRAMEWORK, builtin_frameworks
from storybank.core.models import CompetencyFramework, Story
from storybank.core.morphology import stems_of
from storybank.core.text import (
    PhraseHit,
    PhraseIndex,
    positions_of,
    sentences,
    tokens,
    tokens_of,
)
from storybank.core.text import words as split_words


class ExactList:
    """A word list matched as written, not by word form ("kind of", never "kinds of").

    It is looked up through the stems, like every other list, so that one
    index of positions per field serves all lists; each hit is then compared
    with the words as typed.
    """

    def __init__(self, phrases: tuple[str, ...]) -> None:
        # Phrases that share stems ("decide", "decided") share one index entry.
        self.written: dict[str, dict[tuple[str, ...], str]] = {}
        for phrase in phrases:
            typed = tuple(tokens(phrase))
            key = " ".join(stems_of(list(typed)))
            self.written.setdefault(key, {})[typed] = phrase
        # The keys are stems already: the index must not stem them again.
        self.index = PhraseIndex(self.written)


@lru_cache(maxsize=128)
def _words_of(text: str) -> list[str]:
    # Cached by text: the score reads the same fields right after the checks.
    return split_words(text)


def marked(words: Iterable[str]) -> list[str]:
    """The words that are not plain lowercase or Capitalised words: acronyms ("SLO"),
    codes ("p95"), inner capitals ("DynamoDB"), figures ("40", "1.2M") and compounds
    ("trade-off"). Few words are; the jargon and figure readers look only at those,
    which keeps them cheap on a long story."""
    found = [word for word in words if not (word.islower() and word.isalpha())]
    return [word for word in found if not (word.istitle() and word.isalpha())]


@lru_cache(maxsize=128)
def _marked_words_of(text: str) -> list[str]:
    return marked(_words_of(text))


@cache
def _default_framework() -> CompetencyFramework:
    return next(fw for fw in builtin_frameworks() if fw.id == DEFAULT_FRAMEWORK)


class Draft:
    """A story's text, analysed lazily, one field at a time, at most once per view."""

    def __init__(self, story: Story, framework: CompetencyFramework | None) -> None:
        self.story = story
        self._framework = framework
        self._words: dict[str, list[str]] = {}
        self._tokens: dict[str, list[str]] = {}
        self._stems: dict[str, list[str]] = {}
        self._positions: dict[str, dict[str, list[int]]] = {}
        self._sentences: dict[str, list[str]] = {}
        self._steps: dict[str, list[sentence_tools.Step]] = {}

    @property
    def framework(self) -> CompetencyFramework:
        """The active framework (the built-in default when none was given)."""
        if self._framework is None:
            self._framework = _default_framework()
        return self._framework

    def text(self, field: str) -> str:
        """The field as written."""
        value: str = getattr(self.story, field)
        return value

    def blank(self, field: str) -> bool:
        """Whether the field is empty or only whitespace."""
        return not self.text(field).strip()

    def words(self, field: str) -> list[str]:
        """Its words as typed (see :func:`storybank.core.text.words`)."""
        found = self._words.get(field)
        if found is None:
            found = self._words[field] = _words_of(self.text(field))
        return found

    def marked_words(self, field: str) -> list[str]:
        """Its :func:`marked` words."""
        return _marked_words_of(self.text(field))

    def count(self, field: str) -> int:
        """How many words it has."""
        return len(self.words(field))

    def tokens(self, field: str) -> list[str]:
        """Its lowercase matching tokens."""
        found = self._tokens.get(field)
        if found is None:
            found = self._tokens[field] = tokens_of(self.words(field))
        return found

    def stems(self, field: str) -> list[str]:
        """The stem of each token (see :mod:`storybank.core.morphology`)."""
        found = self._stems.get(field)
        if found is None:
            found = self._stems[field] = stems_of(self.tokens(field))
        return found

    def find(self, words: PhraseIndex | ExactList, field: str) -> list[PhraseHit]:
        """Where a list's phrases occur in the field, in text order.

        ``words`` is a :class:`PhraseIndex` built with ``forms=stem`` (matched by
        word form) or an :class:`ExactList` (matched as written).
        """
        stems = self.stems(field)
        positions = self._positions.get(field)
        if positions is None:
            positions = self._positions[field] = positions_of(stems)
        if isinstance(words, PhraseIndex):
            return words.find(stems, positions)
        typed = self.tokens(field)
        found: list[PhraseHit] = []
        for hit in words.index.find(stems, positions):
            phrase = words.written[hit.phrase].get(tuple(typed[hit.start : hit.end]))
            if phrase is not None:
                found.append(PhraseHit(phrase, hit.start, hit.end))
        return found

    def distinct(self, words: PhraseIndex | ExactList, field: str) -> list[str]:
        """A list's phrases found in the field, each once, in order."""
        return list(dict.fromkeys(hit.phrase for hit in self.find(words, field)))

    def sentences(self, field: str) -> list[str]:
        """Its sentences, with list items and lines kept apart."""
        found = self._sentences.get(field)
        if found is None:
            found = self._sentences[field] = [
                sentence
                for line in sentence_tools.lines(self.text(field))
                for sentence in sentences(line)
            ]
        return found

    def steps(self, field: str) -> list[sentence_tools.Step]:
        """Its sentences with who leads each one (see :mod:`.sentences`)."""
        found = self._steps.get(field)
        if found is None:
            found = self._steps[field] = [
                sentence_tools.step(sentence) for sentence in self.sentences(field)
            ]
        return found

    def spoken_words(self, fields: tuple[str, ...]) -> int:
        """Words in ``fields`` together."""
        return sum(self.count(field) for field in fields)
