"""What the matcher reads, and light stand-ins for the models that provide it.

The matcher only reads a few attributes of stories, questions and frameworks,
described here as protocols. The pydantic models satisfy them, and so do the
plain classes below, which are built from data the models have already
validated (``storybank match`` keeps that data in its memo). Building them
costs no schema, no validation and no pydantic import, which is most of what a
one-off lookup from the shell would otherwise spend.

The plain classes trust their input: build them only from
``model_dump(mode="json")`` output of the corresponding model.
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


class PlainFollowUp:
    """A follow-up, from validated data."""

    __slots__ = ("answer", "question")

    def __init__(self, data: dict[str, Any]) -> None:
        self.question: str = data["question"]
        self.answer: str = data.get("answer", "")


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
        self.id: str = data["id"]
        self.title: str = data["title"]
        self.headline: str = data.get("headline", "")
        self.situation: str = data.get("situation", "")
        self.complications: str = data.get("complications", "")
        self.action: str = data.get("action", "")
        self.result: str = data.get("result", "")
        self.lessons: str = data.get("lessons", "")
        self.follow_ups = [PlainFollowUp(f) for f in data.get("follow_ups", ())]
        self.competencies: dict[str, list[str]] = data.get("competencies", {})
        self.tags: list[str] = data.get("tags", [])

    def tags_in(self, framework_id: str) -> list[str]:
        """The story's competency ids in one framework (empty if untagged there)."""
        return self.competencies.get(framework_id, [])


class PlainCompetency:
    """A competency, from validated data."""

    __slots__ = ("cues", "description", "id", "name")

    def __init__(self, data: dict[str, Any]) -> None:
        self.id: str = data["id"]
        self.name: str = data["name"]
        self.description: str = data["description"]
        self.cues: list[str] = data.get("cues", [])


class PlainFramework:
    """A competency framework, from validated data."""

    __slots__ = ("_by_id", "competencies", "id", "name")

    def __init__(self, data: dict[str, Any]) -> None:
        self.id: str = data["id"]
        self.name: str = data["name"]
        self.competencies = [PlainCompetency(c) for c in data["competencies"]]
        self._by_id = {c.id: c for c in self.competencies}

    def get(self, competency_id: str) -> PlainCompetency | None:
        """The competency with this id, or ``None``."""
        return self._by_id.get(competency_id)


class PlainQuestion:
    """A labeled question, from validated data."""

    __slots__ = ("competencies", "id", "text")

    def __init__(self, data: dict[str, Any]) -> None:
        self.id: str = data["id"]
        self.text: str = data["text"]
        self.competencies: dict[str, list[str]] = data.get("competencies", {})
