"""Whether a stored drill document is exactly what the drill models would store.

The drill tables' counterpart of :mod:`storybank.core.canonical`: ``True``
means :class:`~storybank.scheduling.models.CardRecord` (or ``Interview``,
``Flag``) accepts the document and dumps it back unchanged (an interview:
dumped without its defaults, as the drills store it), so reading it as it is
gives what the model gives; ``False`` means "not sure", and the caller
reads the bank with the models. The rules mirror
:mod:`storybank.scheduling.models` field by field; the test suite holds each
function to the model beside it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from storybank.core.canonical import (
    FOLLOW_UP_QUESTION_MAX,
    QUESTION_MAX,
    day,
    has_keys,
    optional_utc,
    slug,
    text,
    utc,
    whole,
)
from storybank.scheduling.fields import (
    CARD_ID_MAX,
    CARD_KINDS,
    COMPANY_MAX,
    NOTE_MAX,
    ROUND_MAX,
    check_fsrs_dict,
)

SUSPEND_REASONS = ("story-deleted", "follow-up-removed", "user")
ORIGINS = ("bank", "interview")
WENT = ("strong", "ok", "shaky", "blank")
OUTCOMES = ("pending", "advanced", "offer", "rejected")
ROUND_KINDS = ("interview", "practice")
ANSWER_NOTE_MAX = 10_000
FEEDBACK_MAX = 20_000
SIGNAL_MAX = 10_000
THEMES_MAX = 20

_INTERVIEW_REQUIRED = frozenset({"id", "company", "date", "created"})
_INTERVIEW_KEYS = _INTERVIEW_REQUIRED | {
    "round",
    "kind",
    "framework",
    "told",
    "questions",
    "outcome",
    "feedback",
    "confident",
    "struggled",
    "disengaged",
    "logged",
}
_SIGNALS = ("confident", "struggled", "disengaged")
_ASKED_REQUIRED = frozenset({"text"})
_ASKED_SLUGS = ("question_id", "story", "best", "framework", "competency")
_ASKED_KEYS = _ASKED_REQUIRED | {
    *_ASKED_SLUGS,
    "score",
    "gap",
    "card",
    "went",
    "follow_ups",
    "note",
    "themes",
    "rubric",
    "seconds",
}
_FOLLOW_UP_REQUIRED = frozenset({"text"})
_FOLLOW_UP_KEYS = frozenset({"text", "answered"})
_RUBRIC_KEYS = frozenset(
    {"structure", "ownership", "complications", "quantified", "lesson", "composure"}
)

_CARD_KEYS = frozenset(
    {
        "id",
        "kind",
        "story",
        "ref",
        "prompt",
        "origin",
        "fsrs",
        "introduced",
        "suspended",
        "created",
        "story_created",
    }
)


def card(document: object) -> bool:
    """Whether ``document`` is a canonical :class:`~storybank.scheduling.models.CardRecord`."""
    if not has_keys(document, _CARD_KEYS):
        return False
    d: Mapping[str, Any] = document  # type: ignore[assignment]  # a dict, checked above
    if not (
        text(d["id"], CARD_ID_MAX, 1)
        and d["kind"] in CARD_KINDS
        and slug(d["story"])
        and text(d["ref"], CARD_ID_MAX)
        and text(d["prompt"], QUESTION_MAX)
        and d["origin"] in ORIGINS
        and optional_utc(d["introduced"])
        and (d["suspended"] is None or d["suspended"] in SUSPEND_REASONS)
        and utc(d["created"])
        and optional_utc(d["story_created"])
    ):
        return False
    state = d["fsrs"]
    if type(state) is not dict or not all(type(key) is str for key in state):
        return False
    try:
        check_fsrs_dict(state)
    except ValueError:
        return False
    return True


def _within(document: Mapping[str, Any], required: frozenset[str], known: frozenset[str]) -> bool:
    # A round is stored without the fields left at their defaults: every
    # required key must be there, and nothing the model does not know.
    keys = document.keys()
    return required <= keys and keys <= known


def _optional(document: Mapping[str, Any], key: str, valid: Callable[[Any], bool]) -> bool:
    return key not in document or valid(document[key])


def _single_line(value: str) -> bool:
    # As the Interview model's own rule: no line break (other control characters are kept).
    return "\n" not in value and "\r" not in value


def _optional_slug(value: object) -> bool:
    return value is None or slug(value)


def _finite(value: object, lowest: float, highest: float) -> bool:
    # pydantic takes a whole number for a float field as well.
    return (
        type(value) in (int, float)
        and math.isfinite(value)  # type: ignore[arg-type]  # a number, checked above
        and lowest <= value <= highest  # type: ignore[operator]  # a number, checked above
    )


def _follow_up(value: object) -> bool:
    if type(value) is not dict or not _within(value, _FOLLOW_UP_REQUIRED, _FOLLOW_UP_KEYS):
        return False
    question = value["text"]
    return (
        text(question, FOLLOW_UP_QUESTION_MAX, 1)
        and _single_line(question)
        and bool(question.strip())
        and _optional(value, "answered", lambda answered: type(answered) is bool)
    )


def _rubric(value: object) -> bool:
    if value is None:
        return True
    return has_keys(value, _RUBRIC_KEYS) and all(
        whole(score, 1, 4)
        for score in value.values()  # type: ignore[attr-defined]  # a dict, checked above
    )


def _themes(value: object) -> bool:
    return (
        type(value) is dict
        and len(value) <= THEMES_MAX
        and all(type(key) is str and type(words) is str for key, words in value.items())
    )


def _score(value: object) -> bool:
    return value is None or (type(value) is float and math.isfinite(value))


def _asked(value: object) -> bool:
    if type(value) is not dict or not _within(value, _ASKED_REQUIRED, _ASKED_KEYS):
        return False
    d: Mapping[str, Any] = value
    follow_ups = d.get("follow_ups", [])
    return (
        text(d["text"], QUESTION_MAX, 1)
        and all(_optional(d, key, _optional_slug) for key in _ASKED_SLUGS)
        and _optional(d, "score", _score)
        and _optional(d, "gap", lambda gap: type(gap) is bool)
        and _optional(d, "card", lambda card: card is None or text(card, CARD_ID_MAX))
        and _optional(d, "went", lambda went: went is None or went in WENT)
        and type(follow_ups) is list
        and all(_follow_up(item) for item in follow_ups)
        and _optional(d, "note", lambda note: text(note, ANSWER_NOTE_MAX))
        and _optional(d, "themes", _themes)
        and _optional(d, "rubric", _rubric)
        and _optional(d, "seconds", lambda seconds: seconds is None or _finite(seconds, 0, 86_400))
    )


def interview(document: object) -> bool:
    """Whether the Interview model accepts ``document`` as stored (defaults left out).

    The reader at a glance takes only a round's id, company, date, round, kind
    and creation time; the rest is checked so that a round the models would
    refuse sends the command the full way, which reports it.
    """
    if type(document) is not dict or not _within(document, _INTERVIEW_REQUIRED, _INTERVIEW_KEYS):
        return False
    d: Mapping[str, Any] = document
    company = d["company"]
    told = d.get("told", [])
    asked = d.get("questions", [])
    return (
        slug(d["id"])
        and text(company, COMPANY_MAX, 1)
        and _single_line(company)
        and bool(company.strip())
        and day(d["date"])
        and _optional(d, "round", lambda name: text(name, ROUND_MAX) and _single_line(name))
        and _optional(d, "kind", lambda kind: kind in ROUND_KINDS)
        and _optional(d, "framework", _optional_slug)
        and type(told) is list
        and all(slug(story) for story in told)
        and type(asked) is list
        and all(_asked(item) for item in asked)
        and _optional(d, "outcome", lambda outcome: outcome in OUTCOMES)
        and _optional(d, "feedback", lambda feedback: text(feedback, FEEDBACK_MAX))
        and all(_optional(d, key, lambda signal: text(signal, SIGNAL_MAX)) for key in _SIGNALS)
        and utc(d["created"])
        and _optional(d, "logged", optional_utc)
    )


def weak_spots_possible(documents: Sequence[Mapping[str, Any]]) -> bool:
    """Whether rounds stored as ``documents`` can make a competency a weak spot.

    Only a question logged with its competency can; without one, weak spots
    give the queue no priority.
    """
    return any(
        item.get("competency") is not None for d in documents for item in d.get("questions", [])
    )


_FLAG_KEYS = frozenset({"story", "card", "note", "flagged"})


def flag(document: object) -> bool:
    """Whether ``document`` is a canonical :class:`~storybank.scheduling.models.Flag`."""
    if not has_keys(document, _FLAG_KEYS):
        return False
    d: Mapping[str, Any] = document  # type: ignore[assignment]  # a dict, checked above
    return (
        slug(d["story"])
        and (d["card"] is None or text(d["card"], CARD_ID_MAX))
        and text(d["note"], NOTE_MAX)
        and utc(d["flagged"])
    )
