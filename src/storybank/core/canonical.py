"""Whether a stored document is exactly what the models would store, checked without pydantic.

The bank holds every document as ``model_dump(mode="json")`` of its model, so
almost every document read back is *canonical*: validating it with the model
and dumping it again gives the same document. A canonical document can be
read as it is (see :mod:`storybank.core.records`), with no pydantic import and
no schema build: those, not the reading, were most of the time a command from
the shell spent on a small bank.

Each function here answers one question: is this document canonical for its
model? ``True`` means the model accepts it unchanged, so the fast reader and
the models see the same data (the test suite holds each function to that,
against the models, on generated documents). ``False`` means "not sure", never
"invalid": the caller then reads the bank with the models, which accept a
document that is valid but not canonical (a timestamp with a ``+00:00``
offset, say) and explain one that is invalid, naming its field.

The rules mirror :mod:`storybank.core.models` field by field; when a model
changes, the function beside it changes too (a test fails until it does).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, TypeGuard

SLUG_MAX = 60
TITLE_MAX = 200
HEADLINE_MAX = 1_000
BODY_MAX = 100_000
FOLLOW_UP_QUESTION_MAX = 500
FOLLOW_UP_ANSWER_MAX = 10_000
TAG_MAX = 50
TAGS_MAX = 50
QUESTION_MAX = 1_000
COMPETENCY_TEXT_MAX = 2_000
COMPETENCY_NAME_MAX = 200
THEME_MAX = 100

_SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# As in the models: control characters (other than tab) have no place in one-line text.
_LINE_CONTROL_RE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")

Check = Callable[[Any], bool]

STORY_KEYS = frozenset(
    {
        "id",
        "title",
        "headline",
        "situation",
        "complications",
        "action",
        "result",
        "lessons",
        "follow_ups",
        "competencies",
        "tags",
        "created",
        "updated",
    }
)
_BODY_FIELDS = ("situation", "complications", "action", "result", "lessons")


# -- values ------------------------------------------------------------------------


def text(value: object, longest: int, shortest: int = 0) -> TypeGuard[str]:
    """A string of ``shortest`` to ``longest`` characters."""
    return type(value) is str and shortest <= len(value) <= longest


def line(value: object, longest: int, shortest: int = 0) -> TypeGuard[str]:
    """One line of text (see ``OneLine`` in the models)."""
    if not text(value, longest, shortest):
        return False
    return _LINE_CONTROL_RE.search(value) is None


def slug(value: object) -> TypeGuard[str]:
    """A slug such as ``billing-ledger``."""
    if not text(value, SLUG_MAX, 1):
        return False
    return _SLUG_RE.fullmatch(value) is not None


def whole(value: object, lowest: int, highest: int) -> bool:
    """A whole number (not a boolean) from ``lowest`` to ``highest``."""
    return type(value) is int and lowest <= value <= highest


def utc(value: object) -> bool:
    """A timestamp written exactly as the models write an aware UTC datetime."""
    if type(value) is not str or value[-1:] != "Z":
        return False
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return False
    # Written back the models' way, it must be the same text: that rules out
    # every other spelling fromisoformat reads (offsets, no seconds, ...).
    return utc_text(moment) == value


def utc_text(moment: datetime) -> str:
    """How the models write a UTC datetime: ``2025-03-14T09:30:00Z`` (microseconds if any)."""
    fraction = f".{moment.microsecond:06d}" if moment.microsecond else ""
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T"
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}{fraction}Z"
    )


def optional_utc(value: object) -> bool:
    """``None`` or a canonical timestamp."""
    return value is None or utc(value)


def day(value: object) -> bool:
    """A calendar date as the models write it: ``2025-03-14``."""
    if type(value) is not str:
        return False
    try:
        return date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def number(value: object, lowest: float, highest: float) -> bool:
    """A float (as JSON writes a float field) from ``lowest`` to ``highest``."""
    return type(value) is float and lowest <= value <= highest


def has_keys(document: object, keys: frozenset[str]) -> bool:
    """A JSON table with exactly these keys (the models forbid others and write them all)."""
    return type(document) is dict and document.keys() == keys


def slug_lists(value: object, *, unique: bool) -> bool:
    """Competency tags: lists of slugs per framework slug.

    With ``unique``, as a story stores them: no empty list, no id twice in one.
    """
    if type(value) is not dict:
        return False
    for framework_id, ids in value.items():
        if not slug(framework_id) or type(ids) is not list:
            return False
        if unique and (not ids or len(set(ids)) != len(ids)):
            return False
        for item in ids:
            if not slug(item):
                return False
    return True


# -- documents ---------------------------------------------------------------------

_FOLLOW_UP_KEYS = frozenset({"question", "answer"})


def _follow_up(value: object) -> bool:
    return (
        has_keys(value, _FOLLOW_UP_KEYS)
        and line(value["question"], FOLLOW_UP_QUESTION_MAX, 1)  # type: ignore[index]  # checked
        and text(value["answer"], FOLLOW_UP_ANSWER_MAX)  # type: ignore[index]  # checked
    )


def _tag(value: object) -> bool:
    return line(value, TAG_MAX, 1) and value == value.strip()


def story(document: object) -> bool:
    """Whether ``document`` is a canonical :class:`~storybank.core.models.Story`."""
    if not has_keys(document, STORY_KEYS):
        return False
    d: Mapping[str, Any] = document  # type: ignore[assignment]  # a dict, checked above
    title = d["title"]
    if not (slug(d["id"]) and line(title, TITLE_MAX, 1) and title.strip()):
        return False
    if not text(d["headline"], HEADLINE_MAX):
        return False
    for name in _BODY_FIELDS:
        if not text(d[name], BODY_MAX):
            return False
    follow_ups, tags = d["follow_ups"], d["tags"]
    if type(follow_ups) is not list or not all(_follow_up(item) for item in follow_ups):
        return False
    if type(tags) is not list or len(tags) > TAGS_MAX or not all(_tag(tag) for tag in tags):
        return False
    if len(set(tags)) != len(tags):
        return False
    return slug_lists(d["competencies"], unique=True) and utc(d["created"]) and utc(d["updated"])


_QUESTION_KEYS = frozenset({"id", "text", "competencies", "source", "created"})


def question(document: object) -> bool:
    """Whether ``document`` is a canonical :class:`~storybank.core.models.Question`."""
    if not has_keys(document, _QUESTION_KEYS):
        return False
    d: Mapping[str, Any] = document  # type: ignore[assignment]  # a dict, checked above
    return (
        slug(d["id"])
        and text(d["text"], QUESTION_MAX, 1)
        and slug_lists(d["competencies"], unique=False)
        and d["source"] in ("builtin", "user")
        and utc(d["created"])
    )


_SETTINGS_KEYS = frozenset(
    {
        "framework",
        "desired_retention",
        "new_cards_per_day",
        "maximum_interval",
        "drill_timer",
        "rollover_hour",
        "theme",
    }
)


def settings(document: object) -> bool:
    """Whether ``document`` is a canonical :class:`~storybank.core.models.Settings`."""
    if not has_keys(document, _SETTINGS_KEYS):
        return False
    d: Mapping[str, Any] = document  # type: ignore[assignment]  # a dict, checked above
    return (
        slug(d["framework"])
        and number(d["desired_retention"], 0.7, 0.99)
        and whole(d["new_cards_per_day"], 0, 200)
        and whole(d["maximum_interval"], 1, 36_500)
        and whole(d["drill_timer"], 15, 1_800)
        and whole(d["rollover_hour"], 0, 23)
        and text(d["theme"], THEME_MAX, 1)
    )


_COMPETENCY_KEYS = frozenset({"id", "name", "description", "cues"})
_FRAMEWORK_KEYS = frozenset({"id", "name", "description", "competencies"})


def framework(source: object) -> dict[str, Any] | None:
    """The document a framework file's table makes, or ``None`` if not sure it is valid.

    A framework file may leave out what has a default (a description, cues),
    so this returns the document with the defaults filled in: what
    ``CompetencyFramework.model_validate(source).model_dump(mode="json")`` gives.
    """
    if type(source) is not dict or not source.keys() <= _FRAMEWORK_KEYS:
        return None
    document = {"description": "", **source}
    if document.keys() != _FRAMEWORK_KEYS:
        return None
    if not (
        slug(document["id"])
        and text(document["name"], COMPETENCY_NAME_MAX, 1)
        and text(document["description"], COMPETENCY_TEXT_MAX)
    ):
        return None
    found = document["competencies"]
    if type(found) is not list or not found:
        return None
    competencies = []
    for item in found:
        if type(item) is not dict or not item.keys() <= _COMPETENCY_KEYS:
            return None
        competency = {"cues": [], **item}
        if competency.keys() != _COMPETENCY_KEYS:
            return None
        cues = competency["cues"]
        if not (
            slug(competency["id"])
            and text(competency["name"], COMPETENCY_NAME_MAX, 1)
            and text(competency["description"], COMPETENCY_TEXT_MAX, 1)
            and type(cues) is list
            and all(text(cue, COMPETENCY_NAME_MAX, 1) for cue in cues)
        ):
            return None
        competencies.append(competency)
    if len({c["id"] for c in competencies}) != len(competencies):
        return None
    document["competencies"] = competencies
    return document
