"""The whole bank as one JSON document: the lossless backup and exchange format.

The envelope::

    {
      "format": "storybank",
      "version": 1,
      "exported": "2024-05-01T09:30:00Z",
      "settings": {...},
      "stories": [...],
      "questions": [...],
      "cards": [...], "review_logs": [...], ...
    }

``stories``, ``questions`` and ``settings`` are validated here. Every other
top-level list (tables other packages own, such as drill cards and review
logs) is passed through verbatim as :attr:`BankDocument.extra`, so adding a
table does not need a new format version. Output is pretty-printed with sorted
keys, so the same bank always gives the same bytes (apart from ``exported``,
which callers may pin).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from storybank.core.frameworks import FrameworkRegistry
from storybank.core.models import Question, Settings, Story, utc_now
from storybank.core.validation import describe
from storybank.errors import StorybankError

FORMAT_NAME = "storybank"
FORMAT_VERSION = 1

MAX_BYTES = 50 * 1024 * 1024
"""Largest file storybank imports; a real bank is a few hundred kilobytes."""

MAX_DEPTH = 64
"""Deepest nesting accepted in pass-through tables (real rows are two or three levels)."""

_ENVELOPE_KEYS = frozenset({"format", "version", "exported", "settings", "stories", "questions"})
_TABLE_NAME = re.compile(r"[a-z][a-z0-9_]*")

M = TypeVar("M", bound=BaseModel)


@dataclass
class BankDocument:
    """Everything in a bank, as plain validated objects.

    Attributes:
        settings: The bank's preferences.
        stories: The stories, in bank order.
        questions: The user's questions.
        extra: Other tables by name (e.g. ``cards``, ``review_logs``), rows verbatim.
    """

    settings: Settings = field(default_factory=Settings)
    stories: list[Story] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    extra: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def dump_bank(document: BankDocument, *, exported: datetime | None = None) -> str:
    """The document as JSON text ending in a newline.

    Args:
        document: What to write.
        exported: The time recorded as ``exported``; now by default. Pin it
            for byte-identical output.

    Raises:
        ValueError: An ``extra`` table uses a name the envelope reserves.
    """
    when = (exported or utc_now()).astimezone(UTC)
    envelope: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported": when.isoformat().replace("+00:00", "Z"),
        "settings": document.settings.model_dump(mode="json"),
        "stories": [story.model_dump(mode="json") for story in document.stories],
        "questions": [question.model_dump(mode="json") for question in document.questions],
    }
    for name, rows in document.extra.items():
        if name in _ENVELOPE_KEYS:
            raise ValueError(f"table name {name!r} is reserved by the export envelope")
        envelope[name] = rows
    # ensure_ascii=False keeps non-English text readable in the file; the
    # models reject lone surrogates, so the result always encodes as UTF-8.
    return (
        json.dumps(envelope, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"
    )


def decode_utf8(data: bytes, file: str | Path) -> str:
    """``data`` as text, or an error naming the line of the first bad byte.

    A leading byte-order mark (as some Windows editors write) is dropped.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise StorybankError(
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} cannot be decoded",
            file=file,
            line=line,
            hint="save the file as UTF-8 and import it again",
        ) from None


def too_large(size: int, file: str | Path) -> StorybankError:
    """The error for a file over :data:`MAX_BYTES`."""
    return StorybankError(
        f"the file is too large to import ({size / 1024 / 1024:.1f} MB; "
        f"the limit is {MAX_BYTES // 1024 // 1024} MB)",
        file=file,
        hint="a bank is normally far smaller; check that this is the right file",
    )


class _NonStandardJSON(ValueError):
    """``NaN`` / ``Infinity``: Python reads them, but they are not JSON."""


def _reject_constant(name: str) -> Any:
    raise _NonStandardJSON(name)


def load_bank(
    text: str | bytes, frameworks: FrameworkRegistry, *, file: str | Path
) -> BankDocument:
    """Read and validate a bank export.

    Every story's competency tags are checked against ``frameworks``.

    Raises:
        StorybankError: The first problem, naming the file and, where it can
            be found, the line; for a story also its position and id.
    """
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise too_large(len(text), file)
        text = decode_utf8(text, file)
    elif len(text) > MAX_BYTES:
        # Characters never outnumber UTF-8 bytes, so this text is over the limit.
        raise too_large(len(text), file)
    text = text.removeprefix("\ufeff")
    raw = _parse(text, file)
    if not isinstance(raw, dict) or raw.get("format") != FORMAT_NAME:
        raise StorybankError(
            "not a storybank export",
            file=file,
            field="format",
            hint='a storybank export is a JSON object starting {"format": "storybank", '
            '"version": 1, ...}; for Markdown, use a .md file',
        )
    _check_version(raw.get("version"), file, _line_at(text, _key_position(text, "version")))
    if "exported" in raw and not isinstance(raw["exported"], str):
        raise StorybankError(
            '"exported" must be a timestamp string', file=file, field="exported", hint=None
        )
    settings = _settings(raw.get("settings", {}), text, frameworks, file)
    stories = _records(raw, "stories", Story, text, file)
    for story in stories:
        try:
            frameworks.validate_story_tags(story)
        except StorybankError as exc:
            raise StorybankError(
                exc.message,  # already names the story by id
                file=file,
                line=find_record_line(text, "stories", story.id),
                field="competencies",
                hint=exc.hint,
            ) from None
    questions = _records(raw, "questions", Question, text, file)
    for question in questions:
        _check_question_tags(question, frameworks, text, file)
    extra: dict[str, list[dict[str, Any]]] = {}
    for name, rows in raw.items():
        if name not in _ENVELOPE_KEYS:
            extra[name] = _table(name, rows, text, file)
    return BankDocument(settings=settings, stories=stories, questions=questions, extra=extra)


def find_record_line(text: str, table: str, record_id: str, *, occurrence: int = 1) -> int | None:
    """The line of the n-th ``"id": "<record_id>"`` after the ``table`` key, if found.

    A cheap text search used only to point messages at the right place, so a
    miss (``None``) is acceptable.
    """
    start = _key_position(text, table)
    if start is None:
        return None
    for encoded in dict.fromkeys(
        (json.dumps(record_id, ensure_ascii=False), json.dumps(record_id))
    ):
        pattern = re.compile(r'"id"\s*:\s*' + re.escape(encoded))
        for count, match in enumerate(pattern.finditer(text, start), start=1):
            if count == occurrence:
                return text.count("\n", 0, match.start()) + 1
    return None


def _key_position(text: str, key: str) -> int | None:
    """Where ``"key":`` first appears, preferring storybank's top-level indentation.

    Looking for the two-space indented form first keeps a same-named key
    inside a record from being taken for the top-level one.
    """
    pattern = '"' + re.escape(key) + r'"\s*:'
    match = re.search("^  " + pattern, text, re.MULTILINE) or re.search(pattern, text)
    if match is None:
        return None
    return match.start() + len(match.group()) - len(match.group().lstrip())


def _line_at(text: str, position: int | None) -> int | None:
    return None if position is None else text.count("\n", 0, position) + 1


def _parse(text: str, file: str | Path) -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise StorybankError(
            f"not valid JSON: {exc.msg} (column {exc.colno})",
            file=file,
            line=exc.lineno,
            hint="if you edited the file by hand, check the brackets, commas and quotes there",
        ) from None
    except _NonStandardJSON as exc:
        raise StorybankError(
            f"not valid JSON: {exc.args[0]} is not a JSON number",
            file=file,
            line=_line_at(text, text.find(exc.args[0])),
            hint="replace it with a number or null",
        ) from None
    except RecursionError:
        raise StorybankError(
            "the JSON is nested too deeply to be a storybank export",
            file=file,
            hint="check that this is the right file",
        ) from None


def _check_version(version: object, file: str | Path, line: int | None) -> None:
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise StorybankError(
            f"unsupported format version {version!r}",
            file=file,
            line=line,
            field="version",
            hint=f"a storybank export has a whole-number version from 1 to {FORMAT_VERSION}",
        )
    if version > FORMAT_VERSION:
        raise StorybankError(
            f"this file was written by a newer storybank (format version {version}; "
            f"this one reads version {FORMAT_VERSION})",
            file=file,
            line=line,
            field="version",
            hint="upgrade storybank, then import the file again",
        )


def _validate(model: type[M], data: Any) -> tuple[M | None, str, str]:
    """``(object, "", "")`` or ``(None, field path, message)``."""
    try:
        return model.model_validate(data), "", ""
    except ValidationError as exc:
        path, message = describe(exc)
        return None, path, message
    except OverflowError:
        # A timestamp at the edge of the calendar cannot be moved to UTC.
        return None, "created", "a timestamp is out of range (years 1 to 9999 in UTC)"


def _settings(data: Any, text: str, frameworks: FrameworkRegistry, file: str | Path) -> Settings:
    settings, path, message = _validate(Settings, data)
    start = _key_position(text, "settings")
    if settings is None:
        line = None
        if start is not None and path:
            key = _key_position(text[start:], path.split(".")[0])
            line = _line_at(text, None if key is None else start + key)
        raise StorybankError(
            f"settings: {message}", file=file, line=line, field=f"settings.{path}", hint=None
        )
    if settings.framework not in frameworks:
        raise StorybankError(
            f"settings: the active framework {settings.framework!r} is not available",
            file=file,
            line=_line_at(text, start),
            field="settings.framework",
            hint=f"add its framework file first, or use one of: {', '.join(frameworks.ids)}",
        )
    return settings


def _records(
    raw: dict[str, Any], table: str, model: type[M], text: str, file: str | Path
) -> list[M]:
    rows = raw.get(table, [])
    what = "story" if table == "stories" else "question"
    if not isinstance(rows, list):
        raise StorybankError(
            f'"{table}" must be a list',
            file=file,
            line=_line_at(text, _key_position(text, table)),
            field=table,
        )
    records: list[M] = []
    first_seen: dict[str, int] = {}
    for index, row in enumerate(rows):
        record_id = row.get("id") if isinstance(row, dict) else None
        label = f"{what} #{index + 1}" + (f" ({record_id!r})" if isinstance(record_id, str) else "")
        if not isinstance(row, dict):
            raise StorybankError(
                f"{label} is not a JSON object", file=file, field=f"{table}[{index}]"
            )
        record, path, message = _validate(model, row)
        if record is None:
            # Lines are looked up only for the error, never per row: that would
            # make loading a large file quadratic.
            line = find_record_line(text, table, record_id) if isinstance(record_id, str) else None
            raise StorybankError(f"{label}: {message}", file=file, line=line, field=path)
        # Validation accepted the row, so its "id" is the record's id, unchanged.
        record_id = row["id"]
        if record_id in first_seen:
            raise StorybankError(
                f"{label} reuses the id of {what} #{first_seen[record_id] + 1}",
                file=file,
                line=find_record_line(text, table, record_id, occurrence=2),
                field="id",
                hint=f"give each {what} its own id",
            )
        first_seen[record_id] = index
        records.append(record)
    return records


def _check_question_tags(
    question: Question, frameworks: FrameworkRegistry, text: str, file: str | Path
) -> None:
    for fw_id, comp_ids in question.competencies.items():
        if fw_id not in frameworks:
            problem = f"tagged in unknown framework {fw_id!r}"
            hint = f"use one of: {', '.join(frameworks.ids)}"
        else:
            framework = frameworks.get(fw_id)
            unknown = [cid for cid in comp_ids if framework.get(cid) is None]
            if not unknown:
                continue
            problem = f"{unknown[0]!r} is not a competency of {fw_id!r}"
            hint = f"use one of: {', '.join(framework.ids)}"
        raise StorybankError(
            f"question {question.id!r}: {problem}",
            file=file,
            line=find_record_line(text, "questions", question.id),
            field="competencies",
            hint=hint,
        )


def _table(name: str, rows: Any, text: str, file: str | Path) -> list[dict[str, Any]]:
    line = _line_at(text, _key_position(text, name))
    if not _TABLE_NAME.fullmatch(name):
        raise StorybankError(
            f"unexpected top-level key {name!r}",
            file=file,
            line=line,
            hint="a storybank export has format, version, exported, settings, stories, "
            "questions and lists of records",
        )
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise StorybankError(
            f'"{name}" must be a list of objects', file=file, line=line, field=name
        )
    if _too_deep(rows, MAX_DEPTH):
        raise StorybankError(
            f'"{name}" is nested more than {MAX_DEPTH} levels deep',
            file=file,
            line=line,
            field=name,
            hint="check that this is the right file",
        )
    return rows


def _too_deep(value: Any, limit: int) -> bool:
    # Iterative, so that checking a deep structure cannot itself hit the
    # recursion limit.
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False
