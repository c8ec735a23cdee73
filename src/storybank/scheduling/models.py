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
from typing import Annotated, Any, Literal

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

from storybank.core.models import FOLLOW_UP_QUESTION_MAX, QUESTION_MAX, Slug, UtcDatetime
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


Went = Literal["strong", "ok", "shaky", "blank"]
"""How an answer went, as the user judged it."""

WENT: tuple[Went, ...] = ("strong", "ok", "shaky", "blank")
"""Every answer judgement, best first."""

Outcome = Literal["pending", "advanced", "offer", "rejected"]
"""Where a round left you."""

OUTCOMES: tuple[Outcome, ...] = ("pending", "advanced", "offer", "rejected")
"""Every outcome, in the order a loop moves through them."""

RoundKind = Literal["interview", "practice"]
"""A real interview round, or a mock interview saved as a practice round."""

RUBRIC: tuple[tuple[str, str], ...] = (
    ("structure", "structured as SCAR"),
    ("ownership", '"I", not "we"'),
    ("complications", "complications named"),
    ("quantified", "result quantified"),
    ("lesson", "lesson stated"),
    ("composure", "composure (no hedging)"),
)
"""The panel's rubric: each criterion's field and what it asks, in order."""

ANSWER_NOTE_MAX = 10_000
FEEDBACK_MAX = 20_000
SIGNAL_MAX = 10_000
THEMES_MAX = 20

Score = Annotated[int, Field(ge=1, le=4)]
"""One rubric score: 1 (not at all) to 4 (fully)."""


class Rubric(BaseModel):
    """A self-assessment of one answer on the panel's rubric, each criterion 1-4."""

    model_config = ConfigDict(extra="forbid")

    structure: Score
    ownership: Score
    complications: Score
    quantified: Score
    lesson: Score
    composure: Score

    def scores(self) -> list[tuple[str, int]]:
        """``(criterion, score)`` in rubric order."""
        return [(name, int(getattr(self, name))) for name, _ in RUBRIC]

    @property
    def mean(self) -> float:
        """The average score."""
        return sum(score for _, score in self.scores()) / len(RUBRIC)

    @property
    def went(self) -> Went:
        """How the answer went, read from the rubric's average."""
        mean = self.mean
        if mean >= 3.5:
            return "strong"
        if mean >= 2.5:
            return "ok"
        if mean >= 1.5:
            return "shaky"
        return "blank"


class AskedFollowUp(BaseModel):
    """A follow-up question asked after an answer, and whether you could answer it."""

    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, StringConstraints(min_length=1, max_length=FOLLOW_UP_QUESTION_MAX)]
    answered: bool = True

    @field_validator("text")
    @classmethod
    def _single_line(cls, value: str) -> str:
        value = _one_line(value)
        if not value.strip():
            raise ValueError("a follow-up needs its question")
        return value


class AskedQuestion(BaseModel):
    """A question asked in a round: what you told, how it went, and what the matcher made of it.

    Attributes:
        text: The question as asked.
        question_id: The question in the user's question bank it joined.
        story: The story you told (``None``: none, or not said).
        best: The matcher's best story for it when it was logged.
        score: The best story's score (0-100).
        gap: No story in the bank answers it well: one to write.
        card: The question card it made or brought forward.
        went: How the answer went.
        follow_ups: The follow-ups asked after it.
        note: A free note.
        framework: The framework ``competency`` belongs to.
        competency: The competency the question asked about.
        themes: What the question was about, as the matcher read it (concept → words).
        rubric: A self-assessment on the panel's rubric (mock interviews).
        seconds: How long the answer took (mock interviews).
    """

    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, StringConstraints(min_length=1, max_length=QUESTION_MAX)]
    question_id: Slug | None = None
    story: Slug | None = None
    best: Slug | None = None
    score: float | None = None
    gap: bool = False
    card: Annotated[str, StringConstraints(max_length=CARD_ID_MAX)] | None = None
    went: Went | None = None
    follow_ups: list[AskedFollowUp] = Field(default_factory=list)
    note: Annotated[str, StringConstraints(max_length=ANSWER_NOTE_MAX)] = ""
    framework: Slug | None = None
    competency: Slug | None = None
    themes: Annotated[dict[str, str], Field(max_length=THEMES_MAX)] = Field(default_factory=dict)
    rubric: Rubric | None = None
    seconds: Annotated[float, Field(ge=0, le=86_400)] | None = None

    @property
    def unanswered(self) -> list[str]:
        """The follow-ups you could not answer."""
        return [f.text for f in self.follow_ups if not f.answered]


def _one_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("must be one line")
    return value


class Interview(BaseModel):
    """One interview round: company, date, round, what happened in it, and how it ended.

    A mock interview is saved as a round too (``kind="practice"``), so that it
    feeds weak spots and drill cards like a real one; practice rounds never
    turn on cram mode or warn about repeating a story.

    Attributes:
        id: Short id, e.g. ``acme-2025-03-14-onsite``.
        company: Company name as typed.
        date: The local calendar date of the interview.
        round: The round's name, e.g. ``phone screen`` (may be empty).
        kind: A real interview or a practice round (mock interview).
        framework: The competency framework the company interviews with, if known.
        told: Ids of the stories told in this round.
        questions: The questions asked, as logged.
        outcome: Where the round left you.
        feedback: Feedback received, word for word.
        confident: Where you felt confident.
        struggled: Where you struggled.
        disengaged: Whether (and when) an interviewer seemed disengaged.
        created: When the interview was recorded.
        logged: When the round was last logged or debriefed.
    """

    model_config = ConfigDict(extra="forbid")

    id: Slug
    company: Annotated[str, StringConstraints(min_length=1, max_length=COMPANY_MAX)]
    date: dt.date
    round: Annotated[str, StringConstraints(max_length=ROUND_MAX)] = ""
    kind: RoundKind = "interview"
    framework: Slug | None = None
    told: list[Slug] = Field(default_factory=list)
    questions: list[AskedQuestion] = Field(default_factory=list)
    outcome: Outcome = "pending"
    feedback: Annotated[str, StringConstraints(max_length=FEEDBACK_MAX)] = ""
    confident: Annotated[str, StringConstraints(max_length=SIGNAL_MAX)] = ""
    struggled: Annotated[str, StringConstraints(max_length=SIGNAL_MAX)] = ""
    disengaged: Annotated[str, StringConstraints(max_length=SIGNAL_MAX)] = ""
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
    def is_practice(self) -> bool:
        """A mock interview, not a real round."""
        return self.kind == "practice"

    @property
    def label(self) -> str:
        """``Company, 2025-03-14 (round)`` for messages."""
        text = f"{self.company}, {self.date.isoformat()}"
        return f"{text} ({self.round})" if self.round else text

    @property
    def short_label(self) -> str:
        """``Acme, onsite`` (or ``Acme, 2025-03-14`` without a round), for check messages."""
        return f"{self.company}, {self.round or self.date.isoformat()}"


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
