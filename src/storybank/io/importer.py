"""Planning an import: read a file, validate all of it, decide what would change.

Nothing here writes. ``storybank import FILE`` calls :func:`read_import_file`,
then :func:`plan_import`, prints :meth:`ImportPlan.summary`, and unless
``--dry-run`` applies the plan to the bank in one write. Every problem is
found while planning, so an import happens completely or not at all.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, Literal

from storybank.core.frameworks import DEFAULT_FRAMEWORK, FrameworkRegistry
from storybank.core.models import Question, Settings, Story, utc_now
from storybank.core.text import counted
from storybank.errors import StorybankError
from storybank.io.json_format import (
    MAX_BYTES,
    BankDocument,
    decode_utf8,
    find_record_line,
    load_bank,
    too_large,
)
from storybank.io.markdown import ParsedStory, parse_markdown

JSON_SUFFIXES = frozenset({".json"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".txt"})

_TITLE_WIDTH = 60

Rows = list[dict[str, Any]]

BlockReader = Callable[[str, Path], tuple[str, dict[str, Rows]]]
"""Takes other kinds of ``#`` block out of a Markdown document before its stories are read.

Given the text and the file, it returns the text with those blocks blanked
(line numbers unchanged) and what they held as rows of tables, which the
import carries like the extra tables of a JSON export. The interview rounds
of a Markdown export are read this way (see :mod:`storybank.transfer`).
"""


@dataclass
class ImportSource:
    """A file that has been read and validated, ready to plan.

    Attributes:
        file: Where it came from.
        format: ``"markdown"`` or ``"json"``.
        stories: Its stories with the line each starts on (``0`` if unknown).
        document: The whole bank document, for JSON files.
        extra: Tables read from other blocks of a Markdown file (see :data:`BlockReader`).
    """

    file: Path
    format: Literal["markdown", "json"]
    stories: list[ParsedStory]
    document: BankDocument | None = None
    extra: dict[str, Rows] = field(default_factory=dict)


@dataclass
class ImportPlan:
    """What importing a file would do to the bank.

    Attributes:
        file: The file being imported.
        add: Stories whose id is new to the bank.
        replace: Stories that will overwrite the bank's story with the same id.
        unchanged: Stories the bank already holds with the same content.
        questions: Questions from a JSON file (the caller decides how to merge).
        settings: Settings from a JSON file, else ``None``.
        extra: Other tables from a JSON file (cards, review logs, ...).
    """

    file: Path
    add: list[Story] = field(default_factory=list)
    replace: list[Story] = field(default_factory=list)
    unchanged: list[Story] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    settings: Settings | None = None
    extra: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        """True when applying the plan would change nothing in the bank."""
        return not (self.add or self.replace or self.questions or self.extra) and (
            self.settings is None
        )

    @property
    def changes(self) -> list[Story]:
        """The stories to write: additions, then replacements."""
        return [*self.add, *self.replace]

    def summary(self) -> str:
        """A human-readable report, one line per story, ending without a newline."""
        counts = (
            f"{len(self.add)} to add, {len(self.replace)} to replace, "
            f"{len(self.unchanged)} unchanged"
        )
        lines = [f"{self.file}: {counts}"]
        rows = [
            *(("+", "add", story) for story in self.add),
            *(("~", "replace", story) for story in self.replace),
            *(("=", "unchanged", story) for story in self.unchanged),
        ]
        width = max((len(story.id) for _, _, story in rows), default=0)
        for sign, verb, story in rows:
            lines.append(f"{sign} {verb:<9}  {story.id:<{width}}  {_display(story.title)}")
        also = []
        if self.questions:
            also.append(counted(len(self.questions), "question"))
        if self.settings is not None:
            also.append("settings")
        also.extend(f"{name} ({len(table)})" for name, table in sorted(self.extra.items()))
        if also:
            lines.append("also: " + ", ".join(also))
        return "\n".join(lines)


def _display(title: str) -> str:
    """A title safe to print on one terminal line: control characters shown escaped."""
    shown = "".join(
        char.encode("unicode_escape").decode("ascii")
        if unicodedata.category(char) == "Cc"
        else char
        for char in title
    )
    return shown if len(shown) <= _TITLE_WIDTH else shown[: _TITLE_WIDTH - 1] + "…"


def read_import_file(
    path: Path,
    frameworks: FrameworkRegistry,
    default_framework: str = DEFAULT_FRAMEWORK,
    *,
    now: datetime | None = None,
    blocks: BlockReader | None = None,
) -> ImportSource:
    """Read, decode and fully validate a Markdown or JSON file.

    The format comes from the extension (``.json``; ``.md``, ``.markdown``,
    ``.txt``), else from the content (text starting with ``{`` is JSON).

    Args:
        path: The file.
        frameworks: Frameworks to resolve and check competency tags against.
        default_framework: What a Markdown ``competencies:`` line refers to.
        now: The timestamp for Markdown stories that carry none.
        blocks: Reads the other kinds of block a Markdown file may hold.

    Raises:
        StorybankError: The file cannot be read, is too large, is not UTF-8,
            or holds anything invalid.
    """
    text = decode_utf8(_read_bytes(path), path)
    suffix = path.suffix.lower()
    kind: Literal["markdown", "json"] | None = None
    if suffix in JSON_SUFFIXES:
        kind = "json"
    elif suffix in MARKDOWN_SUFFIXES:
        kind = "markdown"
    return _read(text, frameworks, default_framework, file=path, kind=kind, now=now, blocks=blocks)


def read_import_text(
    text: str,
    frameworks: FrameworkRegistry,
    default_framework: str = DEFAULT_FRAMEWORK,
    *,
    file: str | Path = "<input>",
    now: datetime | None = None,
    blocks: BlockReader | None = None,
) -> ImportSource:
    """Like :func:`read_import_file` for text already in memory (e.g. standard input).

    The format comes from the content: text starting with ``{`` is JSON.
    """
    if len(text) > MAX_BYTES:
        raise too_large(len(text), file)
    return _read(
        text, frameworks, default_framework, file=Path(file), kind=None, now=now, blocks=blocks
    )


def read_import_stream(
    stream: BinaryIO,
    frameworks: FrameworkRegistry,
    default_framework: str = DEFAULT_FRAMEWORK,
    *,
    file: str | Path = "<stdin>",
    now: datetime | None = None,
    blocks: BlockReader | None = None,
) -> ImportSource:
    """Like :func:`read_import_file` for a byte stream such as standard input.

    At most one byte past :data:`MAX_BYTES` is read, so an endless or huge
    stream is refused without being held in memory, and bytes that are not
    UTF-8 get the same error (with the line) as in a file.
    """
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise StorybankError(
            f"the input is too large to import (over the limit of {MAX_BYTES // 1024 // 1024} MB)",
            file=file,
            hint="a bank is normally far smaller; check that this is the right input",
        )
    text = decode_utf8(data, file)
    return _read(
        text, frameworks, default_framework, file=Path(file), kind=None, now=now, blocks=blocks
    )


def _read(
    text: str,
    frameworks: FrameworkRegistry,
    default_framework: str,
    *,
    file: Path,
    kind: Literal["markdown", "json"] | None,
    now: datetime | None,
    blocks: BlockReader | None = None,
) -> ImportSource:
    text = text.removeprefix("\ufeff")
    if kind is None:
        kind = "json" if text.lstrip().startswith("{") else "markdown"
    if kind == "json":
        document = load_bank(text, frameworks, file=file)
        stories = [
            ParsedStory(story, find_record_line(text, "stories", story.id) or 0)
            for story in document.stories
        ]
        return ImportSource(file, "json", stories, document)
    extra: dict[str, Rows] = {}
    if blocks is not None:
        text, extra = blocks(text, file)
    parsed = parse_markdown(
        text, frameworks, file=file, default_framework=default_framework, now=now
    )
    if not parsed and not any(extra.values()):
        raise StorybankError(
            "no stories found",
            file=file,
            hint="start each story with a '# Title' line (see `storybank export` for an example)",
        )
    return ImportSource(file, "markdown", parsed, extra={k: v for k, v in extra.items() if v})


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise too_large(size, path)
        with path.open("rb") as handle:
            # Read one byte past the limit: the file may have grown since stat().
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise StorybankError(
            "no such file", file=path, hint="check the path and try again"
        ) from None
    except IsADirectoryError:
        raise StorybankError("this is a folder, not a file", file=path) from None
    except PermissionError:
        raise StorybankError(
            "permission denied", file=path, hint="check that you can read the file"
        ) from None
    except OSError as exc:
        raise StorybankError(f"cannot read the file: {exc.strerror}", file=path) from None
    if len(data) > MAX_BYTES:
        raise too_large(len(data), path)
    return data


def plan_import(
    source: ImportSource,
    existing: set[str] | dict[str, Story],
    *,
    replace: bool,
    now: datetime | None = None,
) -> ImportPlan:
    """Decide what importing ``source`` into a bank holding ``existing`` would do.

    Args:
        source: A file read by :func:`read_import_file`.
        existing: The bank's story ids, or its stories by id. With stories,
            a story whose content (everything but its timestamps) matches the
            bank's is reported as unchanged, and a replaced story keeps the
            earlier ``created`` and gets ``updated`` = ``now``.
        replace: Whether stories whose id is already in the bank may be overwritten.
        now: The time recorded as ``updated`` on replaced stories.

    Raises:
        StorybankError: A story's id is already in the bank and ``replace`` is
            false; names the file, the story's line and the id.
    """
    conflicts = [parsed for parsed in source.stories if parsed.story.id in existing]
    if conflicts and not replace:
        first = conflicts[0]
        others = [parsed.story.id for parsed in conflicts[1:]]
        more = f" (and {len(others)} more: {', '.join(others)})" if others else ""
        if first.id_given:
            hint = "use --replace to overwrite the bank's copy, or give the story a new 'id:'"
        else:
            hint = (
                "the id was made from the title; add an 'id:' line with a new id to import "
                "it as a separate story, or use --replace to overwrite the bank's copy"
            )
        raise StorybankError(
            f"story {first.story.id!r} is already in the bank{more}",
            file=source.file,
            line=first.line or None,
            field="id",
            hint=hint,
        )
    stamp = now or utc_now()
    plan = ImportPlan(file=source.file)
    for parsed in source.stories:
        story = parsed.story
        if story.id not in existing:
            plan.add.append(story)
        elif not isinstance(existing, dict):
            plan.replace.append(story)
        else:
            current = existing[story.id]
            if _content(current) == _content(story):
                plan.unchanged.append(current)
            else:
                plan.replace.append(
                    story.model_copy(
                        update={"created": min(current.created, story.created), "updated": stamp}
                    )
                )
    if source.document is not None:
        plan.questions = list(source.document.questions)
        plan.settings = source.document.settings
        plan.extra = dict(source.document.extra)
    plan.extra.update(source.extra)
    return plan


def _content(story: Story) -> dict[str, Any]:
    return story.model_dump(exclude={"created", "updated"})
