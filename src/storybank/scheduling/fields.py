"""The values drill documents hold, defined without pydantic.

Card kinds, suspension reasons and origins, the size caps of the drill
documents, and the checks of a card's FSRS state and of a stored timestamp.
The models (:mod:`storybank.scheduling.models`) use them, and so does the
reader that takes a bank's drills in at a glance without the models
(:mod:`storybank.scheduling.glance`).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, cast

from fsrs.card import CardDict

try:
    # CPython's built-in module, which hashlib offers too: importing hashlib loads
    # OpenSSL, a cost `storybank due` would pay on every shell prompt.
    from _blake2 import blake2b
except ImportError:  # a Python built without it
    from hashlib import blake2b

CardKind = Literal["recall", "question", "followup"]
"""Story recall, question drill, or one follow-up of a story."""

CARD_KINDS: tuple[CardKind, ...] = ("recall", "question", "followup")
"""Card kinds in the order a story's new cards are introduced."""

SuspendReason = Literal["story-deleted", "follow-up-removed", "user"]
"""Why a card is out of the queue; the first two are lifted when the cause goes away."""

CardOrigin = Literal["bank", "interview"]
"""Where a card came from: the story itself, or a question asked in an interview."""

FSRS_KEYS = frozenset({"card_id", "state", "step", "stability", "difficulty", "due", "last_review"})

CARD_ID_MAX = 200
COMPANY_MAX = 200
ROUND_MAX = 200
NOTE_MAX = 1_000
TYPED_MAX = 20_000


def parse_utc(value: object) -> dt.datetime:
    """An ISO timestamp that carries its zone, as a datetime.

    Raises:
        ValueError: not a string, not ISO 8601, or without a zone.
    """
    if not isinstance(value, str):
        raise ValueError("expected an ISO timestamp")
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("timestamps must carry a timezone")
    return moment


def check_fsrs_dict(value: object) -> CardDict:
    """Check that ``value`` has the shape of ``fsrs.Card.to_dict()``; returns it unchanged.

    Raises:
        ValueError: a key is missing or extra, or a value has the wrong type.
    """
    if not isinstance(value, dict):
        raise ValueError("the FSRS state must be an object")
    keys = set(value)
    if keys != FSRS_KEYS:
        missing, extra = sorted(FSRS_KEYS - keys), sorted(keys - FSRS_KEYS)
        raise ValueError(f"FSRS state keys wrong (missing {missing}, unexpected {extra})")
    card_id = value["card_id"]
    if not isinstance(card_id, int) or isinstance(card_id, bool):
        raise ValueError("FSRS card_id must be an integer")
    if value["state"] not in (1, 2, 3):
        raise ValueError("FSRS state must be 1, 2 or 3")
    for name in ("stability", "difficulty"):
        number = value[name]
        if number is not None and (not isinstance(number, int | float) or isinstance(number, bool)):
            raise ValueError(f"FSRS {name} must be a number or null")
    step = value["step"]
    if step is not None and (not isinstance(step, int) or isinstance(step, bool)):
        raise ValueError("FSRS step must be an integer or null")
    parse_utc(value["due"])
    if value["last_review"] is not None:
        parse_utc(value["last_review"])
    return cast(CardDict, value)


def kind_order(kind: str) -> int:
    """Introduction order of card kinds (recall first)."""
    return CARD_KINDS.index(kind) if kind in CARD_KINDS else len(CARD_KINDS)


def recall_card_id(story_id: str) -> str:
    """The id of a story's recall card."""
    return f"recall:{story_id}"


def fold(text: str) -> str:
    """Text with case and spacing ignored, for comparing questions."""
    return " ".join(text.casefold().split())


def followup_key(question: str) -> str:
    """A short stable key for a follow-up question (case and spacing ignored)."""
    return blake2b(fold(question).encode("utf-8"), digest_size=4).hexdigest()
