"""What the matcher reads, and light stand-ins for the models that provide it.

The matcher only reads a few attributes of stories, questions and frameworks,
described here as protocols. The pydantic models satisfy them, and so do the
plain classes below, which are built from data the models have already
validated (``storybank match`` keeps that data in its memo). Building them
costs no schema, no validation and no pydantic import, which is most of what a
one-off lookup from the shell would otherwise spend.

Build the plain classes only from ``model_dump(mode="json")`` output of the
corresponding model. They check types, no more: a field of the wrong type
raises ``TypeError`` (and a missing one ``KeyError``), so data that was
damaged on its way is refused rather than half-used.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol


class FollowUpLike(Protocol):
    """A follow-up question and its short answer."""

    @property
    def question(self) -> str: ...
    @property
    def answer(self) -> str: ...


class StoryLike(Protocol):
    """The parts of a story the matcher reads."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def headline(self) -> str: ...
    @property
    def situation(self) -> str: ...
    @property
    def complications(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def result(self) -> str: ...
    @property
    def lessons(self) -> str: ...
    @property
    def follow_ups(self) -> Sequence[FollowUpLike]: ...
    @property
    def tags(self) -> Sequence[str]: ...
    def tags_in(self, framework_id: str) -> list[str]: ...


class CompetencyLike(Protocol):
    """One competency: its id, name, description and cue phrases."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def cues(self) -> Sequence[str]: ...


class FrameworkLike(Protocol):
    """A competency framework."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def competencies(self) -> Sequence[CompetencyLike]: ...
    def get(self, competency_id: str) -> CompetencyLike | None: ...


class QuestionLike(Protocol):
    """A labeled question: its text and its competencies per framework."""

    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def competencies(self) -> dict[str, list[str]]: ...


def _text(data: dict[str, Any], key: str, default: str | None = None) -> str:
    value = data[key] if default is None else data.get(key, default)
    if not isinstance(value, str):
        raise TypeError(f"{key} should be text, not {type(value).__name__}")
    return value


def _texts(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"{key} should be a list of text")
    return value


def _tags(data: dict[str, Any]) -> dict[str, list[str]]:
    value = data.get("competencies", {})
    if not isinstance(value, dict):
        raise TypeError("competencies should be a table of lists")
    for framework_id in value:
        _texts(value, framework_id)
    return value


def _records(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise TypeError(f"{key} should be a list of tables")
    return value


class PlainFollowUp:
    """A follow-up, from validated data."""

    __slots__ = ("answer", "question")

    def __init__(self, data: dict[str, Any]) -> None:
        self.question = _text(data, "question")
        self.answer = _text(data, "answer", "")


class PlainStory:
    """A story, from the JSON dump of a validated :class:`~storybank.core.models.Story`."""

    __slots__ = (
        "action",
        "competencies",
        "complications",
        "follow_ups",
        "headline",
        "id",
        "lessons",
        "result",
        "situation",
        "tags",
        "title",
    )

    def __init__(self, data: dict[str, Any]) -> None:
        self.id = _text(data, "id")
        self.title = _text(data, "title")
        self.headline = _text(data, "headline", "")
        self.situation = _text(data, "situation", "")
        self.complications = _text(data, "complications", "")
        self.action = _text(data, "action", "")
        self.result = _text(data, "result", "")
        self.lessons = _text(data, "lessons", "")
        self.follow_ups = [PlainFollowUp(f) for f in _records(data, "follow_ups")]
        self.competencies = _tags(data)
        self.tags = _texts(data, "tags")

    def tags_in(self, framework_id: str) -> list[str]:
        """The story's competency ids in one framework (empty if untagged there)."""
        return self.competencies.get(framework_id, [])


class PlainCompetency:
    """A competency, from validated data."""

    __slots__ = ("cues", "description", "id", "name")

    def __init__(self, data: dict[str, Any]) -> None:
        self.id = _text(data, "id")
        self.name = _text(data, "name")
        self.description = _text(data, "description")
        self.cues = _texts(data, "cues")


class PlainFramework:
    """A competency framework, from validated data."""

    __slots__ = ("_by_id", "competencies", "id", "name")

    def __init__(self, data: dict[str, Any]) -> None:
        self.id = _text(data, "id")
        self.name = _text(data, "name")
        self.competencies = [PlainCompetency(c) for c in _records(data, "competencies")]
        self._by_id = {c.id: c for c in self.competencies}

    def get(self, competency_id: str) -> PlainCompetency | None:
        """The competency with this id, or ``None``."""
        return self._by_id.get(competency_id)


class PlainQuestion:
    """A labeled question, from validated data."""

    __slots__ = ("competencies", "id", "text")

    def __init__(self, data: dict[str, Any]) -> None:
        self.id = _text(data, "id")
        self.text = _text(data, "text")
        self.competencies = _tags(data)
