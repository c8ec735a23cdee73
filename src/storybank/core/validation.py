"""Turn pydantic validation errors into one clear :class:`StorybankError`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from storybank.errors import StorybankError

M = TypeVar("M", bound=BaseModel)


def describe(error: ValidationError) -> tuple[str, str]:
    """The first problem of a validation error as ``(field path, message)``."""
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or "value"
    message = first["msg"]
    # pydantic prefixes custom messages with "Value error, "; the user needs only ours.
    message = message.removeprefix("Value error, ")
    if first["type"] == "string_too_long":
        limit = first.get("ctx", {}).get("max_length")
        message = f"too long: at most {limit} characters allowed"
    elif first["type"] == "extra_forbidden":
        message = "unknown field"
    return field, message


def build(
    model: type[M],
    data: Any,
    *,
    file: str | Path | None = None,
    line_of: Callable[[str], int | None] | None = None,
    what: str = "",
) -> M:
    """Validate ``data`` as ``model`` or raise a :class:`StorybankError`.

    Args:
        model: The pydantic model to build.
        data: The raw data.
        file: The file the data came from, for the message.
        line_of: Maps a top-level field name to the line it came from.
        what: A prefix naming the object, e.g. ``"story 'billing-ledger'"``.
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        field, message = describe(exc)
        top = field.split(".", 1)[0]
        line = line_of(top) if line_of else None
        prefix = f"{what}: " if what else ""
        raise StorybankError(f"{prefix}{message}", file=file, line=line, field=field) from None
