"""What a story and a framework are to the code that reads them, and records that hold them.

The checks, the listing and the drill queue read a story's fields and a
framework's competencies, nothing more. The protocols here say what they
read; the pydantic models of :mod:`storybank.core.models` satisfy them, and so
do the records below, which are made from stored documents that
:mod:`storybank.core.canonical` has found to be exactly what the models would
store. Reading a bank through records costs no pydantic import and no schema,
which is most of what a command from the shell, or the app's first frame,
would otherwise wait for.

This module imports nothing heavier than :mod:`datetime`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

SCAR_FIELDS: tuple[str, ...] = ("situation", "complications", "action", "result")
"""The four SCAR parts, in telling order."""

STORY_TEXT_FIELDS: tuple[str, ...] = ("title", "headline", *SCAR_FIELDS, "lessons")
"""Every free-text field of a story, in display order."""


class FollowUpData(Protocol):
    """A follow-up question and its short answer."""

    @property
    def question(self) -> str: ...
    @property
    def answer(self) -> str: ...


class StoryData(Protocol):
    """A story as the checks, the listing and the drills read it."""

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
    def follow_ups(self) -> Sequence[FollowUpData]: ...
    @property
    def competencies(self) -> Mapping[str, list[str]]: ...
    @property
    def tags(self) -> Sequence[str]: ...
    @property
    def created(self) -> datetime: ...
    @property
    def updated(self) -> datetime: ...
    def tags_in(self, framework_id: str) -> list[str]: ...


class CompetencyData(Protocol):
    """One competency of a framework."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def cues(self) -> Sequence[str]: ...


class FrameworkData(Protocol):
    """A competency framework as the checks read it."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def competencies(self) -> Sequence[CompetencyData]: ...
    @property
    def ids(self) -> list[str]: ...
    def get(self, competency_id: str) -> CompetencyData | None: ...


def parse_stored_utc(text: str) -> datetime:
    """A timestamp as the models store it (``2025-03-14T09:30:00Z``), in UTC."""
    return datetime.fromisoformat(text).astimezone(UTC)


class FollowUpRecord:
    """A stored follow-up (see :class:`FollowUpData`)."""

    __slots__ = ("answer", "question")

    def __init__(self, question: str, answer: str) -> None:
        self.question = question
        self.answer = answer

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FollowUpRecord):
            return NotImplemented
        return (self.question, self.answer) == (other.question, other.answer)

    __hash__ = None  # type: ignore[assignment]  # equal by content


class StoryRecord:
    """A stored story, read without the models (see :class:`StoryData`).

    Make one with :meth:`of` from a document :func:`storybank.core.canonical.story`
    accepted; its fields are then what :class:`~storybank.core.models.Story`
    would hold.
    """

    __slots__ = (
        "action",
        "competencies",
        "complications",
        "created",
        "follow_ups",
        "headline",
        "id",
        "lessons",
        "result",
        "situation",
        "tags",
        "title",
        "updated",
    )

    id: str
    title: str
    headline: str
    situation: str
    complications: str
    action: str
    result: str
    lessons: str
    follow_ups: tuple[FollowUpRecord, ...]
    competencies: dict[str, list[str]]
    tags: list[str]
    created: datetime
    updated: datetime

    @classmethod
    def of(cls, document: Mapping[str, Any]) -> StoryRecord:
        """The record of a canonical story document."""
        record = cls.__new__(cls)
        for name in STORY_TEXT_FIELDS:
            setattr(record, name, document[name])
        record.id = document["id"]
        record.follow_ups = tuple(
            FollowUpRecord(item["question"], item["answer"]) for item in document["follow_ups"]
        )
        record.competencies = document["competencies"]
        record.tags = document["tags"]
        record.created = parse_stored_utc(document["created"])
        record.updated = parse_stored_utc(document["updated"])
        return record

    def tags_in(self, framework_id: str) -> list[str]:
        """The story's competency ids in one framework (empty if untagged there)."""
        return self.competencies.get(framework_id, [])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StoryRecord):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__slots__)

    __hash__ = None  # type: ignore[assignment]  # equal by content

    def __repr__(self) -> str:
        return f"<StoryRecord {self.id!r}>"


class CompetencyRecord:
    """A competency read without the models (see :class:`CompetencyData`)."""

    __slots__ = ("cues", "description", "id", "name")

    def __init__(self, id: str, name: str, description: str, cues: list[str]) -> None:  # noqa: A002
        self.id = id
        self.name = name
        self.description = description
        self.cues = cues


class FrameworkRecord:
    """A framework read without the models (see :class:`FrameworkData`)."""

    __slots__ = ("_by_id", "competencies", "description", "document", "id", "name")

    def __init__(self, document: Mapping[str, Any]) -> None:
        """The record of a framework document :func:`storybank.core.canonical.framework` made."""
        self.document = document
        """What ``CompetencyFramework.model_dump(mode="json")`` gives for it."""
        self.id: str = document["id"]
        self.name: str = document["name"]
        self.description: str = document["description"]
        self.competencies: tuple[CompetencyRecord, ...] = tuple(
            CompetencyRecord(c["id"], c["name"], c["description"], c["cues"])
            for c in document["competencies"]
        )
        self._by_id = {c.id: c for c in self.competencies}

    @property
    def ids(self) -> list[str]:
        """Competency ids in framework order."""
        return [c.id for c in self.competencies]

    def get(self, competency_id: str) -> CompetencyRecord | None:
        """The competency with this id, or ``None``."""
        return self._by_id.get(competency_id)
