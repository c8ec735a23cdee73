"""Turn pydantic validation errors into plain words and one clear :class:`StorybankError`.

pydantic says "String should have at most 50 characters" about ``tags.0``;
a person needs "the first tag is 63 characters; a tag has at most 50".
:func:`describe` says every problem a user can cause that way, naming the
field as a person would ("the first tag", "the answer of the second
follow-up") and the limit it broke.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from storybank.errors import StorybankError

M = TypeVar("M", bound=BaseModel)

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")

FIELD_WORDS: dict[str, str] = {
    "title": "the title",
    "headline": "the headline",
    "situation": "the Situation",
    "complications": "the Complications",
    "action": "the Action",
    "result": "the Result",
    "lessons": "the Lessons",
    "follow_ups": "the follow-ups",
    "question": "the question",
    "answer": "the answer",
    "competencies": "the competencies",
    "tags": "the tags",
    "id": "the id",
    "text": "the question's text",
    "created": "the created time",
    "updated": "the updated time",
    "company": "the company",
    "round": "the round",
    "date": "the date",
    "desired_retention": "the desired retention",
    "new_cards_per_day": "new cards per day",
    "maximum_interval": "the maximum interval",
    "drill_timer": "the drill timer",
    "rollover_hour": "the rollover hour",
    "theme": "the theme",
    "framework": "the framework",
    "name": "the name",
    "description": "the description",
    "cues": "the cues",
}
"""How a field is named in a sentence."""

ITEM_WORDS: dict[str, str] = {
    "tags": "tag",
    "follow_ups": "follow-up",
    "cues": "cue",
    "competencies": "competency",
    "questions": "question",
    "told": "story",
}
"""What one item of a list field is called."""


def _ordinal(index: int) -> str:
    return ORDINALS[index] if 0 <= index < len(ORDINALS) else f"number {index + 1}"


def field_words(loc: Sequence[int | str], names: Mapping[str, str] | None = None) -> str:
    """A field path as words: ``("tags", 0)`` → ``"the first tag"``,
    ``("follow_ups", 1, "answer")`` → ``"the answer of the second follow-up"``."""
    words = {**FIELD_WORDS, **(names or {})}
    parts: list[str] = []
    index = 0
    while index < len(loc):
        part = loc[index]
        following = loc[index + 1] if index + 1 < len(loc) else None
        if isinstance(part, str) and isinstance(following, int):
            item = ITEM_WORDS.get(part, "item")
            parts.append(f"the {_ordinal(following)} {item}")
            index += 2
            continue
        if isinstance(part, str):
            parts.append(words.get(part, f"the {part.replace('_', ' ')}"))
        index += 1
    if not parts:
        return "the value"
    # The innermost field first: "the answer of the second follow-up".
    return " of ".join(reversed(parts))


def _item_of(loc: Sequence[int | str]) -> str:
    """What one of the thing at ``loc`` is called, if it is an item of a list."""
    if len(loc) >= 2 and isinstance(loc[-1], int) and isinstance(loc[-2], str):
        return ITEM_WORDS.get(loc[-2], "")
    return ""


def plain_message(problem: Mapping[str, Any], names: Mapping[str, str] | None = None) -> str:
    """One pydantic problem (an item of ``ValidationError.errors()``) in plain words."""
    loc: Sequence[int | str] = problem.get("loc", ())
    kind = problem.get("type", "")
    ctx: Mapping[str, Any] = problem.get("ctx") or {}
    given = problem.get("input")
    thing = field_words(loc, names)
    item = _item_of(loc)
    if kind == "string_too_long":
        size = len(given) if isinstance(given, str) else None
        limit = ctx.get("max_length")
        limit = f"{limit:,}" if isinstance(limit, int) else limit
        allowed = (
            f"a {item} has at most {limit}" if item else f"at most {limit} characters are allowed"
        )
        said = f"{thing} is {size:,} characters" if size is not None else f"{thing} is too long"
        return f"{said}; {allowed}"
    if kind == "string_too_short":
        return f"{thing} is empty" if ctx.get("min_length") == 1 else f"{thing} is too short"
    if kind == "too_long":
        count = len(given) if isinstance(given, Sequence) else None
        limit = ctx.get("max_length")
        name = ITEM_WORDS.get(str(loc[-1]), "item") if loc else "item"
        if count is not None:
            return f"there are {count} {name}s; at most {limit} are allowed"
        return f"{thing} has more than {limit} {name}s"
    if kind == "too_short":
        name = ITEM_WORDS.get(str(loc[-1]), "item") if loc else "item"
        return f"{thing} needs at least {ctx.get('min_length')} {name}"
    bounds = {
        "greater_than_equal": ("at least", "ge"),
        "greater_than": ("more than", "gt"),
        "less_than_equal": ("at most", "le"),
        "less_than": ("less than", "lt"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        return f"{thing} must be {words} {ctx.get(key)}"
    kinds = {
        "int_parsing": "a whole number",
        "int_type": "a whole number",
        "int_from_float": "a whole number",
        "float_parsing": "a number",
        "float_type": "a number",
        "string_type": "text",
        "list_type": "a list",
        "dict_type": "a table of names and values",
        "bool_type": "true or false",
        "bool_parsing": "true or false",
        "date_type": "a date like 2025-03-14",
        "date_parsing": "a date like 2025-03-14",
        "date_from_datetime_parsing": "a date like 2025-03-14",
        "datetime_type": "a date and time like 2025-03-14T09:30:00Z",
        "datetime_parsing": "a date and time like 2025-03-14T09:30:00Z",
        "datetime_from_date_parsing": "a date and time like 2025-03-14T09:30:00Z",
    }
    if kind in kinds:
        return f"{thing} must be {kinds[kind]}"
    if kind == "missing":
        return f"{thing} is missing"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "literal_error":
        return f"{thing} must be {ctx.get('expected', 'one of the allowed values')}"
    # Our own validators already speak plainly; pydantic prefixes "Value error, ".
    message = str(problem.get("msg", "is not valid"))
    message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if message.startswith(("must ", "cannot ", "is ", "has ")):
        return f"{thing} {message}"
    return message


def describe(error: ValidationError, names: Mapping[str, str] | None = None) -> tuple[str, str]:
    """The first problem of a validation error as ``(field path, plain message)``.

    Args:
        error: What pydantic raised.
        names: How to name fields of this model where the defaults do not fit
            (``{"text": "the question"}``).
    """
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or "value"
    return field, plain_message(first, names)


def build(
    model: type[M],
    data: Any,
    *,
    file: str | Path | None = None,
    line_of: Callable[[str], int | None] | None = None,
    what: str = "",
    names: Mapping[str, str] | None = None,
) -> M:
    """Validate ``data`` as ``model`` or raise a :class:`StorybankError`.

    Args:
        model: The pydantic model to build.
        data: The raw data.
        file: The file the data came from, for the message.
        line_of: Maps a top-level field name to the line it came from.
        what: A prefix naming the object, e.g. ``"story 'billing-ledger'"``.
        names: How to name this model's fields in the message (see :func:`describe`).
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        field, message = describe(exc, names)
        top = field.split(".", 1)[0]
        line = line_of(top) if line_of else None
        prefix = f"{what}: " if what else ""
        raise StorybankError(f"{prefix}{message}", file=file, line=line, field=field) from None
