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
from storybank.core.records import FollowUpData


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
    def follow_ups(self) -> Sequence[FollowUpData]: ...
    @property
    def tags(self) -> Sequence[str]: ...
    def tags_in(self, framework_id: str) -> list[str]: ...


class RatedStoryLike(StoryLike, Protocol):
    """A story with the readiness (0-100) its checks gave it.

    Among stories that fit a question equally well, the readier one ranks
    first, and each ranked story shows its readiness beside its score. A
    story without one (a bare model) is still matched; it just has no
    readiness to show or to break ties with.
    """

    @property
    def readiness(self) -> int: ...


class RatedStory:
    """A story (a model or a view) with its readiness: a :class:`RatedStoryLike`.

    The app rates its stories with the checks it already runs for the bank
    screen; ``storybank match`` reads the readiness its memo was written with.
    Rated stories are equal when the story and the readiness are.
    """

    __slots__ = ("readiness", "story")

    def __init__(self, story: StoryLike, readiness: int) -> None:
        self.story = story
        self.readiness = readiness

    @property
    def id(self) -> str:
        """The story's id."""
        return self.story.id

    @property
    def title(self) -> str:
        """The story's title."""
        return self.story.title

    @property
    def headline(self) -> str:
        """The story's headline."""
        return self.story.headline

    @property
    def situation(self) -> str:
        """The story's Situation."""
        return self.story.situation

    @property
    def complications(self) -> str:
        """The story's Complications."""
        return self.story.complications

    @property
    def action(self) -> str:
        """The story's Action."""
        return self.story.action

    @property
    def result(self) -> str:
        """The story's Result."""
        return self.story.result

    @property
    def lessons(self) -> str:
        """The story's Lessons."""
        return self.story.lessons

    @property
    def follow_ups(self) -> Sequence[FollowUpData]:
        """The story's follow-up questions."""
        return self.story.follow_ups

    @property
    def tags(self) -> Sequence[str]:
        """The story's free tags."""
        return self.story.tags

    def tags_in(self, framework_id: str) -> list[str]:
        """The story's competency tags in one framework."""
        return self.story.tags_in(framework_id)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RatedStory):
            return NotImplemented
        return self.readiness == other.readiness and self.story == other.story

    __hash__ = None  # type: ignore[assignment]  # equal by content, like the models

    def __repr__(self) -> str:
        return f"<{self.story.id} rated {self.readiness}>"


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
RATED_STORY: Shape[RatedStoryLike] = Shape(RatedStoryLike)
"""Reads that dump with a ``readiness`` (0-100) added, as ``storybank match`` keeps it."""
FRAMEWORK: Shape[FrameworkLike] = Shape(FrameworkLike)
"""Reads the JSON dump of a :class:`~storybank.core.models.CompetencyFramework`."""
QUESTION: Shape[QuestionLike] = Shape(QuestionLike)
"""Reads the JSON dump of a :class:`~storybank.core.models.Question`."""
