"""What the matcher returns: ranked competencies and stories, each with reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class CompetencyScore:
    """How strongly a question (or a story) points at one competency.

    Attributes:
        id: The competency id, e.g. ``"conflict"``.
        name: Its display name, e.g. ``"Conflict and disagreement"``.
        score: 0-100; higher is a stronger signal.
        reasons: Why, in plain words (``"cue 'push back' matches"``).
    """

    id: str
    name: str
    score: int
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StoryMatch:
    """One story ranked against a question.

    Attributes:
        id: The story id.
        title: The story title, exactly as the user wrote it.
        score: 0-100; higher fits the question better.
        reasons: Why it fits (``"covers conflict (your tag)"``,
            ``"shares 'migration', 'deadline'"``).
        readiness: The story's readiness (0-100) from its checks, or ``None``
            for a story given to the matcher without one.
    """

    id: str
    title: str
    score: int
    reasons: list[str] = field(default_factory=list)
    readiness: int | None = None


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The answer to "which story answers this question?".

    Attributes:
        question: The question as given.
        framework_id: The framework the competencies belong to.
        competencies: Competencies the question asks about, best first.
        stories: Stories ranked for the question, best first.
        gaps: Plain-language notes on what is missing ("none of your stories
            covers Conflict and disagreement", "type a question").
        good_match: Whether the best story is a convincing answer.
    """

    question: str
    framework_id: str
    competencies: list[CompetencyScore]
    stories: list[StoryMatch]
    gaps: list[str] = field(default_factory=list)
    good_match: bool = False


def match_to_json(result: MatchResult) -> dict[str, Any]:
    """The stable JSON shape of a match, used by ``storybank match --json``.

    Exactly ``{"question", "framework", "competencies": [{"id", "name",
    "score"}], "stories": [{"id", "title", "score", "readiness", "reasons"}]}``,
    best first (``readiness`` is ``null`` for a story matched without one).
    """
    return {
        "question": result.question,
        "framework": result.framework_id,
        "competencies": [
            {"id": c.id, "name": c.name, "score": c.score} for c in result.competencies
        ],
        "stories": [
            {
                "id": s.id,
                "title": s.title,
                "score": s.score,
                "readiness": s.readiness,
                "reasons": list(s.reasons),
            }
            for s in result.stories
        ],
    }
