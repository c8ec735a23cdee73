"""The domain model: stories, competency frameworks, questions and settings.

Plain pydantic models with no I/O. Text fields keep user text exactly as typed
(no stripping) so that import/export round-trips losslessly; every text field
has a size cap so one runaway paste cannot make the bank unusable.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

# The size caps are shared with the reader of stored documents that needs no
# pydantic, which must apply exactly the same ones (storybank.core.canonical).
from storybank.core.canonical import (
    BODY_MAX,
    COMPETENCY_NAME_MAX,
    COMPETENCY_TEXT_MAX,
    FOLLOW_UP_ANSWER_MAX,
    FOLLOW_UP_QUESTION_MAX,
    HEADLINE_MAX,
    QUESTION_MAX,
    SLUG_MAX,
    TAG_MAX,
    TAGS_MAX,
    THEME_MAX,
    TITLE_MAX,
)
from storybank.core.records import SCAR_FIELDS, STORY_TEXT_FIELDS

__all__ = [
    "BODY_MAX",
    "COMPETENCY_TEXT_MAX",
    "FOLLOW_UP_ANSWER_MAX",
    "FOLLOW_UP_QUESTION_MAX",
    "HEADLINE_MAX",
    "QUESTION_MAX",
    "SCAR_FIELDS",
    "SLUG_MAX",
    "STORY_TEXT_FIELDS",
    "TAGS_MAX",
    "TAG_MAX",
    "TITLE_MAX",
    "Competency",
    "CompetencyFramework",
    "CompetencyTags",
    "FollowUp",
    "OneLine",
    "Question",
    "Settings",
    "Slug",
    "Story",
    "Tag",
    "UtcDatetime",
    "slugify",
    "utc_now",
]

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def utc_now() -> datetime:
    """The current time, timezone-aware UTC (the only kind storybank stores)."""
    return datetime.now(UTC)


def _check_slug(value: str) -> str:
    if not SLUG_RE.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a valid id: use lowercase letters, digits and single "
            "hyphens, e.g. 'billing-ledger'"
        )
    return value


Slug = Annotated[
    str,
    StringConstraints(min_length=1, max_length=SLUG_MAX),
    AfterValidator(_check_slug),
]
"""A short, stable id such as ``billing-ledger``."""


def _aware_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("timestamps must carry a timezone (storybank stores UTC)")
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("the timestamp is out of range") from None


UtcDatetime = Annotated[datetime, AfterValidator(_aware_utc)]

# Control characters (other than tab) have no place in one-line text such as a
# title or a tag; multi-line fields accept anything, since they are prose.
_LINE_CONTROL_RE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def _one_line(value: str) -> str:
    bad = _LINE_CONTROL_RE.search(value)
    if bad:
        what = "a line break" if bad.group() in "\n\r\u2028\u2029\x85" else "a control character"
        raise ValueError(f"must be one line of text, but contains {what} ({bad.group()!r})")
    return value


def _tag(value: str) -> str:
    value = _one_line(value).strip()
    if not value:
        raise ValueError("a tag cannot be blank")
    return value


OneLine = Annotated[str, AfterValidator(_one_line)]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=TAG_MAX), AfterValidator(_tag)]


def slugify(text: str, max_length: int = 40) -> str:
    """A slug made from free text (``"Fixing the ETL!"`` → ``"fixing-the-etl"``)."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug.strip("-") or "story"


class FollowUp(BaseModel):
    """A probing follow-up question an interviewer is likely to ask, with a short answer."""

    model_config = ConfigDict(extra="forbid")

    question: Annotated[
        str,
        StringConstraints(min_length=1, max_length=FOLLOW_UP_QUESTION_MAX),
        AfterValidator(_one_line),
    ]
    answer: Annotated[str, StringConstraints(max_length=FOLLOW_UP_ANSWER_MAX)] = ""


CompetencyTags = dict[Slug, list[Slug]]
"""Competency ids per framework id, e.g. ``{"tpm": ["ambiguity"]}``."""


class Story(BaseModel):
    """One interview story in the SCAR shape.

    ``competencies`` holds the tags per framework id; that every tag exists in
    its framework is checked against the loaded frameworks by
    :func:`storybank.core.frameworks.validate_story_tags`, not here, because the
    model has no access to the user's framework files.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    id: Slug
    title: Annotated[
        str, StringConstraints(min_length=1, max_length=TITLE_MAX), AfterValidator(_one_line)
    ]
    headline: Annotated[str, StringConstraints(max_length=HEADLINE_MAX)] = ""
    situation: Annotated[str, StringConstraints(max_length=BODY_MAX)] = ""
    complications: Annotated[str, StringConstraints(max_length=BODY_MAX)] = ""
    action: Annotated[str, StringConstraints(max_length=BODY_MAX)] = ""
    result: Annotated[str, StringConstraints(max_length=BODY_MAX)] = ""
    lessons: Annotated[str, StringConstraints(max_length=BODY_MAX)] = ""
    follow_ups: list[FollowUp] = Field(default_factory=list)
    competencies: CompetencyTags = Field(default_factory=dict)
    tags: Annotated[list[Tag], Field(max_length=TAGS_MAX)] = Field(default_factory=list)
    created: UtcDatetime = Field(default_factory=utc_now)
    updated: UtcDatetime = Field(default_factory=utc_now)

    @field_validator("title")
    @classmethod
    def _title_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a story needs a title")
        return value

    @field_validator("tags")
    @classmethod
    def _unique_tags(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    @field_validator("competencies")
    @classmethod
    def _no_duplicate_tags(cls, value: CompetencyTags) -> CompetencyTags:
        return {fw: list(dict.fromkeys(ids)) for fw, ids in value.items() if ids}

    def tags_in(self, framework_id: str) -> list[str]:
        """The story's competency ids in one framework (empty if untagged there)."""
        return self.competencies.get(framework_id, [])

    def text(self) -> str:
        """All the story's prose, for word counts and matching."""
        parts = [getattr(self, name) for name in STORY_TEXT_FIELDS]
        parts.extend(f"{f.question} {f.answer}" for f in self.follow_ups)
        return "\n".join(p for p in parts if p)


class Competency(BaseModel):
    """One competency of a framework, with the phrases that signal it."""

    model_config = ConfigDict(extra="forbid")

    id: Slug
    name: Annotated[str, StringConstraints(min_length=1, max_length=COMPETENCY_NAME_MAX)]
    description: Annotated[str, StringConstraints(min_length=1, max_length=COMPETENCY_TEXT_MAX)]
    cues: list[Annotated[str, StringConstraints(min_length=1, max_length=COMPETENCY_NAME_MAX)]] = (
        Field(default_factory=list)
    )


def _fold(name: str) -> str:
    """Case- and apostrophe-insensitive form of a competency name."""
    return " ".join(name.replace("\u2019", "'").casefold().split())


class CompetencyFramework(BaseModel):
    """A named set of competencies that stories are mapped to."""

    model_config = ConfigDict(extra="forbid")

    id: Slug
    name: Annotated[str, StringConstraints(min_length=1, max_length=COMPETENCY_NAME_MAX)]
    description: Annotated[str, StringConstraints(max_length=COMPETENCY_TEXT_MAX)] = ""
    competencies: list[Competency] = Field(min_length=1)

    @field_validator("competencies")
    @classmethod
    def _unique_ids(cls, value: list[Competency]) -> list[Competency]:
        seen: set[str] = set()
        for comp in value:
            if comp.id in seen:
                raise ValueError(f"competency id {comp.id!r} appears twice")
            seen.add(comp.id)
        return value

    def get(self, competency_id: str) -> Competency | None:
        """The competency with this id, or ``None``."""
        for comp in self.competencies:
            if comp.id == competency_id:
                return comp
        return None

    def resolve(self, ref: str) -> Competency | None:
        """The competency named by ``ref``: its id or its name, case-insensitive."""
        wanted = _fold(ref)
        for comp in self.competencies:
            if wanted in (comp.id, _fold(comp.name)):
                return comp
        return None

    @property
    def ids(self) -> list[str]:
        """Competency ids in framework order."""
        return [c.id for c in self.competencies]


class Question(BaseModel):
    """An interview question, tagged with competencies per framework."""

    model_config = ConfigDict(extra="forbid")

    id: Slug
    text: Annotated[str, StringConstraints(min_length=1, max_length=QUESTION_MAX)]
    competencies: CompetencyTags = Field(default_factory=dict)
    source: Literal["builtin", "user"] = "user"
    created: UtcDatetime = Field(default_factory=utc_now)


class Settings(BaseModel):
    """Per-bank preferences; every field has a safe default."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    framework: Slug = "tpm"
    desired_retention: float = Field(default=0.9, ge=0.7, le=0.99)
    new_cards_per_day: int = Field(default=10, ge=0, le=200)
    maximum_interval: int = Field(default=365, ge=1, le=36_500)
    drill_timer: int = Field(default=120, ge=15, le=1_800)
    rollover_hour: int = Field(default=4, ge=0, le=23)
    theme: Annotated[str, StringConstraints(min_length=1, max_length=THEME_MAX)] = "storybank-dark"
