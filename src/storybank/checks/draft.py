"""A story's text as the checks read it: each view of each field made once, on demand.

The editor runs the checks of one field on every pause in typing, so nothing
is computed until a rule asks for it, and nothing twice: words, matching
tokens, word stems, sentences and the Action's steps are kept per field text,
so a field that has not changed is not read again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache, lru_cache

from storybank.checks import sentences as sentence_tools
from storybank.core.frameworks import DEFAULT_FRAMEWORK, builtin_frameworks, framework_records
from storybank.core.morphology import stems_of
from storybank.core.records import FrameworkData, StoryData
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


def marked(words: Iterable[str]) -> list[str]:
    """The words that are not plain lowercase or Capitalised words: acronyms ("SLO"),
    codes ("p95"), inner capitals ("DynamoDB"), figures ("40", "1.2M") and compounds
    ("trade-off"). Few words are; the jargon and figure readers look only at those,
    which keeps them cheap on a long story."""
    found = [word for word in words if not (word.islower() and word.isalpha())]
    return [word for word in found if not (word.istitle() and word.isalpha())]


class _Text:
    """One field's text and its views, each made on first use (treated as read-only)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._words: list[str] | None = None
        self._marked: list[str] | None = None
        self._tokens: list[str] | None = None
        self._stems: list[str] | None = None
        self._positions: dict[str, list[int]] | None = None
        self._sentences: list[str] | None = None
        self._steps: list[sentence_tools.Step] | None = None

    def words(self) -> list[str]:
        if self._words is None:
            self._words = split_words(self.text)
        return self._words

    def marked(self) -> list[str]:
        if self._marked is None:
            self._marked = marked(self.words())
        return self._marked

    def tokens(self) -> list[str]:
        if self._tokens is None:
            self._tokens = tokens_of(self.words())
        return self._tokens

    def stems(self) -> list[str]:
        if self._stems is None:
            self._stems = stems_of(self.tokens())
        return self._stems

    def positions(self) -> dict[str, list[int]]:
        if self._positions is None:
            self._positions = positions_of(self.stems())
        return self._positions

    def sentences(self) -> list[str]:
        if self._sentences is None:
            self._sentences = [
                sentence for line in sentence_tools.lines(self.text) for sentence in sentences(line)
            ]
        return self._sentences

    def steps(self) -> list[sentence_tools.Step]:
        if self._steps is None:
            self._steps = [sentence_tools.step(sentence) for sentence in self.sentences()]
        return self._steps


@lru_cache(maxsize=128)
def _analysed(text: str) -> _Text:
    # Kept by text: the score reads the fields the checks have just read, and
    # the editor re-checks a story in which only one field has changed.
    return _Text(text)


@cache
def _default_framework() -> FrameworkData:
    records = framework_records()
    if records is not None:
        return records[DEFAULT_FRAMEWORK]
    return next(fw for fw in builtin_frameworks() if fw.id == DEFAULT_FRAMEWORK)


class Draft:
    """A story's text, analysed lazily, one field at a time, each view at most once."""

    def __init__(
        self,
        story: StoryData,
        framework: FrameworkData | None,
        asked_in: Mapping[str, str] | None = None,
    ) -> None:
        self.story = story
        self._framework = framework
        self.asked_in: Mapping[str, str] = asked_in or {}
        """Where a follow-up was asked, by its folded question (``"Acme, onsite"``)."""

    @property
    def framework(self) -> FrameworkData:
        """The active framework (the built-in default when none was given)."""
        if self._framework is None:
            self._framework = _default_framework()
        return self._framework

    def text(self, field: str) -> str:
        """The field as written."""
        value: str = getattr(self.story, field)
        return value

    def _field(self, field: str) -> _Text:
        return _analysed(self.text(field))

    def blank(self, field: str) -> bool:
        """Whether the field is empty or only whitespace."""
        return not self.text(field).strip()

    def words(self, field: str) -> list[str]:
        """Its words as typed (see :func:`storybank.core.text.words`)."""
        return self._field(field).words()

    def marked_words(self, field: str) -> list[str]:
        """Its :func:`marked` words."""
        return self._field(field).marked()

    def count(self, field: str) -> int:
        """How many words it has."""
        return len(self.words(field))

    def tokens(self, field: str) -> list[str]:
        """Its lowercase matching tokens."""
        return self._field(field).tokens()

    def stems(self, field: str) -> list[str]:
        """The stem of each token (see :mod:`storybank.core.morphology`)."""
        return self._field(field).stems()

    def find(self, words: PhraseIndex | ExactList, field: str) -> list[PhraseHit]:
        """Where a list's phrases occur in the field, in text order.

        ``words`` is a :class:`PhraseIndex` built with ``forms=stem`` (matched by
        word form) or an :class:`ExactList` (matched as written).
        """
        analysed = self._field(field)
        stems, positions = analysed.stems(), analysed.positions()
        if isinstance(words, PhraseIndex):
            return words.find(stems, positions)
        typed = analysed.tokens()
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
        return self._field(field).sentences()

    def steps(self, field: str) -> list[sentence_tools.Step]:
        """Its sentences with who leads each one (see :mod:`.sentences`)."""
        return self._field(field).steps()

    def spoken_words(self, fields: tuple[str, ...]) -> int:
        """Words in ``fields`` together."""
        return sum(self.count(field) for field in fields)
