"""Whether a stored drill document is exactly what the drill models would store.

The drill tables' counterpart of :mod:`storybank.core.canonical`: ``True``
means :class:`~storybank.scheduling.models.CardRecord` (or ``Interview``,
``Flag``) accepts the document and dumps it back unchanged, so reading it as
it is gives what the model gives; ``False`` means "not sure", and the caller
reads the bank with the models. The rules mirror
:mod:`storybank.scheduling.models` field by field; the test suite holds each
function to the model beside it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from storybank.core.canonical import QUESTION_MAX, day, has_keys, optional_utc, slug, text, utc
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


_ASKED_KEYS = frozenset({"text", "question_id", "story", "score", "gap", "card"})


def _asked(value: object) -> bool:
    if not has_keys(value, _ASKED_KEYS):
        return False
    d: Mapping[str, Any] = value  # type: ignore[assignment]  # a dict, checked above
    score = d["score"]
    return (
        text(d["text"], QUESTION_MAX, 1)
        and (d["question_id"] is None or slug(d["question_id"]))
        and (d["story"] is None or slug(d["story"]))
        and (score is None or (type(score) is float and math.isfinite(score)))
        and type(d["gap"]) is bool
        and (d["card"] is None or text(d["card"], CARD_ID_MAX))
    )


def _single_line(value: str) -> bool:
    # As the Interview model's own rule: no line break (other control characters are kept).
    return "\n" not in value and "\r" not in value


_INTERVIEW_KEYS = frozenset(
    {"id", "company", "date", "round", "told", "questions", "created", "logged"}
)


def interview(document: object) -> bool:
    """Whether ``document`` is a canonical :class:`~storybank.scheduling.models.Interview`."""
    if not has_keys(document, _INTERVIEW_KEYS):
        return False
    d: Mapping[str, Any] = document  # type: ignore[assignment]  # a dict, checked above
    company, round_name, told, asked = d["company"], d["round"], d["told"], d["questions"]
    return (
        slug(d["id"])
        and text(company, COMPANY_MAX, 1)
        and _single_line(company)
        and bool(company.strip())
        and day(d["date"])
        and text(round_name, ROUND_MAX)
        and _single_line(round_name)
        and type(told) is list
        and all(slug(story) for story in told)
        and type(asked) is list
        and all(_asked(item) for item in asked)
        and utc(d["created"])
        and optional_utc(d["logged"])
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
