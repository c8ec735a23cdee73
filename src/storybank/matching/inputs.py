"""What the matcher reads, and how it reads plain data that provides it.

The matcher only reads a few attributes of stories, questions and frameworks,
described here as protocols. The pydantic models satisfy them, and so do the
views the shapes below give of plain data the models have already validated
(``storybank match`` keeps that data in its memo). Reading it through views
costs no schema, no validation and no pydantic import, which is most of what
a one-off lookup from the shell would otherwise spend.

Read only ``model_dump(mode="json")`` output of the corresponding model
through a shape. A shape checks types, no more (see
:mod:`storybank.core.plain`): a missing field or one of the wrong type raises
:class:`~storybank.core.plain.ShapeError`, so data that was damaged on its way
is refused rather than half-used.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from storybank.core.plain import Shape


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


STORY: Shape[StoryLike] = Shape(StoryLike)
"""Reads the JSON dump of a :class:`~storybank.core.models.Story`."""
FRAMEWORK: Shape[FrameworkLike] = Shape(FrameworkLike)
"""Reads the JSON dump of a :class:`~storybank.core.models.CompetencyFramework`."""
QUESTION: Shape[QuestionLike] = Shape(QuestionLike)
"""Reads the JSON dump of a :class:`~storybank.core.models.Question`."""
