"""Builders shared by the drill tests (imported as ``scheduling.drill_helpers``)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from factories import make_story
from storybank.core.models import FollowUp, Question, Story

NEW_YORK = ZoneInfo("America/New_York")

QUESTIONS = [
    Question(
        id="q-deadline",
        text="Tell me about a program you delivered against a hard deadline.",
        competencies={"tpm": ["program-execution"]},
        source="builtin",
    ),
    Question(
        id="q-ambiguity",
        text="Tell me about a time the goal was unclear.",
        competencies={"tpm": ["ambiguity"]},
        source="builtin",
    ),
    Question(
        id="q-conflict",
        text="Tell me about a disagreement with a peer.",
        competencies={"tpm": ["conflict"]},
        source="builtin",
    ),
]


def local(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, tz: ZoneInfo = NEW_YORK
) -> datetime:
    """A local wall time in New York (or ``tz``)."""
    return datetime(year, month, day, hour, minute, tzinfo=tz)


def story(story_id: str, **fields: object) -> Story:
    """A realistic story with a distinct id and title."""
    fields.setdefault("title", f"Story {story_id}")
    return make_story(story_id, **fields)


def with_follow_ups(story_id: str, *questions: str) -> Story:
    """A story with follow-ups."""
    return story(
        story_id,
        follow_ups=[
            FollowUp(question=q, answer="We shipped 3 releases in 2 weeks.") for q in questions
        ],
    )
