"""What the drills store in the bank: cards, interviews and flags.

They are small and live in the bank file as TinyDB documents
(``model_dump(mode="json")``, validated when read). Review-log entries are
many and live in a file of their own beside the bank; their wire format is
:mod:`storybank.scheduling.log_format`.

A card's FSRS state is ``fsrs.Card.to_dict()`` kept verbatim in
:attr:`CardRecord.fsrs`, typed as fsrs's own ``CardDict``, so undo can put back
exactly the dict it replaced. Its shape is checked here (:func:`check_fsrs_dict`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fsrs.card import CardDict
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    StringConstraints,
    field_validator,
)
from pydantic_core import core_schema

from storybank.core.models import QUESTION_MAX, Slug, UtcDatetime
from storybank.scheduling.fields import (
    CARD_ID_MAX,
    CARD_KINDS,
    COMPANY_MAX,
    FSRS_KEYS,
    NOTE_MAX,
    ROUND_MAX,
    TYPED_MAX,
    CardKind,
    CardOrigin,
    SuspendReason,
    check_fsrs_dict,
    parse_utc,
)

__all__ = [
    "CARD_ID_MAX",
    "CARD_KINDS",
    "COMPANY_MAX",
    "FSRS_KEYS",
    "NOTE_MAX",
    "ROUND_MAX",
    "TYPED_MAX",
    "AskedQuestion",
    "CardKind",
    "CardOrigin",
    "CardRecord",
    "Flag",
    "FsrsState",
    "Interview",
    "SuspendReason",
    "check_fsrs_dict",
    "company_key",
    "parse_utc",
]


class _FsrsStateSchema:
    """Validation of a :data:`FsrsState`: a JSON object, then :func:`check_fsrs_dict`.

    pydantic cannot build a schema from fsrs's ``CardDict`` itself (a
    ``typing.TypedDict`` on Python 3.11), and the dict is kept verbatim anyway.
    """

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            check_fsrs_dict,
            core_schema.dict_schema(core_schema.str_schema(), core_schema.any_schema()),
        )


FsrsState = Annotated[CardDict, _FsrsStateSchema()]
"""A card's FSRS state, ``fsrs.Card.to_dict()``, as a model field."""


class CardRecord(BaseModel):
    """One drill card as stored in the bank's ``cards`` table.

    Attributes:
        id: Stable derived id, e.g. ``recall:billing-ledger``.
        kind: What the card drills.
        story: The story the card belongs to (its answer).
        ref: The question id (question cards) or follow-up key (follow-up cards).
        prompt: The question or follow-up text when the card was made.
        origin: ``bank`` for cards made from the story; ``interview`` for a
            question logged after an interview.
        fsrs: ``fsrs.Card.to_dict()``, verbatim.
        introduced: When the card was first reviewed (``None``: still new).
        suspended: Why the card is out of the queue, if it is.
        created: When the card was made.
        story_created: The story's ``created`` stamp, which survives a change of
            id and so lets a renamed story keep its cards.
    """

    model_config = ConfigDict(extra="forbid")

    id: Annotated[str, StringConstraints(min_length=1, max_length=CARD_ID_MAX)]
    kind: CardKind
    story: Slug
    ref: Annotated[str, StringConstraints(max_length=CARD_ID_MAX)] = ""
    prompt: Annotated[str, StringConstraints(max_length=QUESTION_MAX)] = ""
    origin: CardOrigin = "bank"
    fsrs: FsrsState
    introduced: UtcDatetime | None = None
    suspended: SuspendReason | None = None
    created: UtcDatetime
    story_created: UtcDatetime | None = None

    @property
    def fsrs_id(self) -> int:
        """The integer id of the FSRS card."""
        return self.fsrs["card_id"]

    @property
    def is_new(self) -> bool:
        """Never reviewed (or reset)."""
        return self.fsrs["last_review"] is None


class AskedQuestion(BaseModel):
    """A question asked in an interview, with what the matcher made of it."""

    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, StringConstraints(min_length=1, max_length=QUESTION_MAX)]
    question_id: Slug | None = None
    story: Slug | None = None
    score: float | None = None
    gap: bool = False
    card: Annotated[str, StringConstraints(max_length=CARD_ID_MAX)] | None = None


def _one_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("must be one line")
    return value


class Interview(BaseModel):
    """One interview round: company, date, round, and what happened in it.

    Attributes:
        id: Short id, e.g. ``acme-2025-03-14-onsite``.
        company: Company name as typed.
        date: The local calendar date of the interview.
        round: The round's name, e.g. ``phone screen`` (may be empty).
        told: Ids of the stories told in this round.
        questions: The questions asked, as logged.
        created: When the interview was recorded.
        logged: When the round was last logged.
    """

    model_config = ConfigDict(extra="forbid")

    id: Slug
    company: Annotated[str, StringConstraints(min_length=1, max_length=COMPANY_MAX)]
    date: dt.date
    round: Annotated[str, StringConstraints(max_length=ROUND_MAX)] = ""
    told: list[Slug] = Field(default_factory=list)
    questions: list[AskedQuestion] = Field(default_factory=list)
    created: UtcDatetime
    logged: UtcDatetime | None = None

    @field_validator("company", "round")
    @classmethod
    def _single_line(cls, value: str) -> str:
        return _one_line(value)

    @field_validator("company")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a company name is needed")
        return value

    @property
    def company_key(self) -> str:
        """The company name folded for comparison (case and spacing ignored)."""
        return company_key(self.company)

    @property
    def label(self) -> str:
        """``Company, 2025-03-14 (round)`` for messages."""
        text = f"{self.company}, {self.date.isoformat()}"
        return f"{text} ({self.round})" if self.round else text


def company_key(name: str) -> str:
    """A company name folded for comparison: ``"ACME  Corp"`` equals ``"acme corp"``."""
    return " ".join(name.casefold().split())


class Flag(BaseModel):
    """A story marked "needs work" during a drill."""

    model_config = ConfigDict(extra="forbid")

    story: Slug
    card: Annotated[str, StringConstraints(max_length=CARD_ID_MAX)] | None = None
    note: Annotated[str, StringConstraints(max_length=NOTE_MAX)] = ""
    flagged: UtcDatetime
