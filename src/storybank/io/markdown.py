r"""Stories as Markdown: the format people write, edit and import by hand.

A file holds one or more stories, each starting with a ``# Title`` heading::

    # Migrating billing to the new ledger
    id: billing-ledger
    tpm: ambiguity, program-execution
    amazon-lp: Ownership, Dive Deep
    tags: payments, migration
    created: 2024-05-01T09:30:00Z
    updated: 2024-05-02T17:05:00Z

    > One-sentence headline: the answer, first.

    ## Situation
    ...
    ## Complications
    ...
    ## Action
    ...
    ## Result
    ...
    ## Lessons
    ...
    ## Follow-ups
    - Q: What would you do differently?
      A: ...

Reading rules
-------------
* Metadata lines (``key: value``) follow the heading. ``id:`` is the story's
  slug (made from the title when missing, unique within the file);
  ``<framework id>:`` lists competencies by id or name, case-insensitive,
  comma-separated; ``competencies:`` means the default framework; ``tags:``
  are free tags; ``created:`` / ``updated:`` are ISO-8601 timestamps with a
  timezone (both default to the time of import).
* ``>`` lines form the headline (several lines make a multi-line headline).
* ``## Situation``, ``## Complications``, ``## Action``, ``## Result``,
  ``## Lessons`` and ``## Follow-ups`` (case-insensitive, in any order) hold
  the text. Blank lines at the start and end of a section are not part of it.
* Follow-ups are ``- Q: question`` items, each optionally followed by an
  answer ``  A: ...`` indented by two spaces; further answer lines are indented
  the same way.
* Headings are recognised only at the start of a line: ``#`` or ``##``
  followed by a space, a tab or the end of the line. Anything in an HTML
  comment (``<!--`` at the start of a line, up to ``-->``) is ignored.
* Everything else is an error that names the file, the line and the field.

Escaping (what makes export and import lossless)
------------------------------------------------
Ordinary text is written as it is. Only text that would otherwise be read as
structure, or lose whitespace, is escaped:

1. *Lines* of a multi-line field (a section's text or a follow-up answer) get
   one extra leading backslash when they start with a backslash, ``#`` or
   ``<!--``, or when they are the first or last line of the field and blank
   (empty or only spaces, tabs and carriage returns). On reading, one leading
   backslash is removed from every such line. So ``\# not a heading`` reads as
   ``# not a heading`` and a lone ``\`` as an empty line.
2. *Single-line values* (the title, each tag and each follow-up question) are
   read with surrounding spaces, tabs and carriage returns removed and these
   escapes decoded:
   ``\\`` backslash, ``\n`` line feed, ``\r`` carriage return, ``\t`` tab,
   ``\s`` space, ``\,`` comma. The writer uses them for line breaks, for
   leading and trailing spaces and tabs, for commas inside tags, and doubles a
   backslash only where it would otherwise start one of these escapes (or ends
   the value). A backslash before any other character is kept, so
   ``C:\Users`` needs no escaping.
3. Headline lines are written as ``> text`` (``>`` alone for an empty line);
   exactly one space after ``>`` is dropped on reading, the rest is kept.
4. A file whose every line ends in CR LF is read as if it ended in LF; in any
   other file a carriage return is text and is kept.

The writer always emits ``id``, ``created`` and ``updated`` and lists
competencies by id, so export → import → export gives the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from storybank.core.frameworks import FrameworkRegistry
from storybank.core.models import CompetencyFramework, Story, slugify, utc_now
from storybank.core.validation import plain_message
from storybank.errors import ProblemsFound, StorybankError

SECTIONS: tuple[tuple[str, str], ...] = (
    ("situation", "Situation"),
    ("complications", "Complications"),
    ("action", "Action"),
    ("result", "Result"),
    ("lessons", "Lessons"),
    ("follow_ups", "Follow-ups"),
)
"""Story field and heading of every ``##`` section, in the order they are written."""

_OPTIONAL_SECTIONS = frozenset({"lessons", "follow_ups"})

# Folded heading text (lowercase, no spaces, hyphens or underscores) → field.
# Singular and plural forms are both accepted because people write either.
_SECTION_NAMES: dict[str, str] = {
    "situation": "situation",
    "complications": "complications",
    "complication": "complications",
    "action": "action",
    "actions": "action",
    "result": "result",
    "results": "result",
    "lessons": "lessons",
    "lesson": "lessons",
    "followups": "follow_ups",
    "followup": "follow_ups",
}

_RESERVED_KEYS: tuple[str, ...] = ("id", "competencies", "tags", "created", "updated")

_META_RE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)[ \t]*:(.*)")
_QUESTION_RE = re.compile(r"-[ \t]+[Qq]:(.*)")

_BLANK = " \t\r"
"""Characters a line may consist of and still count as blank."""
_TRIM = " \t\r"
"""Characters removed around single-line values (and so escaped at their edges)."""

_LINE_ESCAPE_PREFIXES = ("\\", "#", "<!--")

_INLINE_DECODE: dict[str, str] = {
    "\\": "\\",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "s": " ",
    ",": ",",
}


@dataclass
class ParsedStory:
    """A story read from Markdown and where it was.

    Attributes:
        story: The validated story.
        line: The 1-based line of its ``#`` heading.
        id_given: False when the id was made from the title (no ``id:`` line).
    """

    story: Story
    line: int
    id_given: bool = True


# --------------------------------------------------------------------------- writing


def story_to_markdown(story: Story, frameworks: FrameworkRegistry) -> str:
    """One story as Markdown, ending with a newline.

    Competencies are written by id, known frameworks in registry order first,
    so the output is deterministic and reads back to an equal story.
    """
    out = [f"# {_escape_inline(story.title)}", f"id: {story.id}"]
    known = [fw for fw in frameworks.ids if fw in story.competencies]
    others = [fw for fw in story.competencies if fw not in frameworks]
    for fw_id in known + others:
        out.append(f"{fw_id}: {', '.join(story.competencies[fw_id])}")
    if story.tags:
        out.append("tags: " + ", ".join(_escape_inline(tag, comma=True) for tag in story.tags))
    out.append(f"created: {_format_time(story.created)}")
    out.append(f"updated: {_format_time(story.updated)}")
    if story.headline:
        out.append("")
        out.extend(f"> {line}" if line else ">" for line in story.headline.split("\n"))
    out.append("")
    for name, heading in SECTIONS:
        if name == "follow_ups":
            if story.follow_ups:
                out.append(f"## {heading}")
                out.extend(_follow_up_lines(story))
            continue
        value: str = getattr(story, name)
        if not value and name in _OPTIONAL_SECTIONS:
            continue
        out.append(f"## {heading}")
        if value:
            out.extend(_escape_block(value))
    return "\n".join(out) + "\n"


def stories_to_markdown(stories: list[Story], frameworks: FrameworkRegistry) -> str:
    """Several stories in one document, separated by a blank line ("" for none)."""
    return "\n".join(story_to_markdown(story, frameworks) for story in stories)


def story_template(
    frameworks: FrameworkRegistry, default_framework: str = "tpm", *, title: str = ""
) -> str:
    """A blank story with guidance in comments, for ``storybank new`` in an editor.

    The comments are ignored on reading. Without ``title`` the heading is left
    empty, so saving the template unchanged is reported as "a story needs a
    title"; callers that treat an unchanged template as "cancelled" should
    compare the edited text with this one first.
    """
    default = frameworks.get(default_framework)
    others = [fw for fw in frameworks if fw.id != default.id]
    other_line = (
        "     Other frameworks: add a line such as '"
        + others[0].id
        + ": "
        + ", ".join(c.name for c in others[0].competencies[:2])
        + "'.\n"
        + "     Known frameworks: "
        + ", ".join(fw.id for fw in others)
        + ".\n"
        if others
        else ""
    )
    competencies = _wrap(", ".join(default.ids), indent="       ")
    return (
        "<!--\n"
        "  Write one story in the SCAR shape: Situation, Complications, Action, Result.\n"
        "  Text inside HTML comments like this one is ignored. Leave a section empty\n"
        "  if you have nothing for it yet; `storybank check` says what is missing.\n"
        "-->\n"
        f"# {_escape_inline(title)}\n"
        "<!-- Title above (after '# '). id: a short slug; leave it empty to make one\n"
        "     from the title.\n"
        f"     {default.id}: competencies of {default.name}, by id or name, comma-separated:\n"
        f"{competencies}\n"
        f"{other_line}"
        "     tags: free tags, comma-separated. -->\n"
        "id:\n"
        f"{default.id}:\n"
        "tags:\n"
        "\n"
        "<!-- Headline: one sentence that gives the answer first. -->\n"
        ">\n"
        "\n"
        "## Situation\n"
        "<!-- Where and when, your role, and what was at stake. Two or three sentences. -->\n"
        "\n"
        "## Complications\n"
        "<!-- What made it hard: the obstacle, ambiguity, conflict or risk. -->\n"
        "\n"
        "## Action\n"
        '<!-- What you did: say "I", not "we". Name the risks, dependencies, timeline,\n'
        "     stakeholders and trade-offs you managed. -->\n"
        "\n"
        "## Result\n"
        "<!-- The outcome in numbers (%, money, time) and who it mattered to:\n"
        "     customers, revenue, latency, cost, launch date. -->\n"
        "\n"
        "## Lessons\n"
        "<!-- What you learned or would do differently. A failure story needs this. -->\n"
        "\n"
        "## Follow-ups\n"
        "<!-- Questions an interviewer is likely to ask next, each with a short answer:\n"
        "- Q: What would you do differently?\n"
        "  A: ...\n"
        "-->\n"
    )


def _wrap(text: str, *, indent: str, width: int = 80) -> str:
    """Wrap a comma-separated list at spaces, each line indented."""
    lines: list[str] = []
    current = indent
    for word in text.split(" "):
        if current.strip() and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = indent
        current = f"{current} {word}" if current.strip() else current + word
    lines.append(current)
    return "\n".join(lines)


def _follow_up_lines(story: Story) -> list[str]:
    out: list[str] = []
    for item in story.follow_ups:
        out.append(f"- Q: {_escape_inline(item.question)}")
        if item.answer:
            first, *rest = _escape_block(item.answer)
            out.append(f"  A: {first}" if first else "  A:")
            # Empty answer lines stay empty rather than carrying two spaces of
            # trailing whitespace; the reader takes them as part of the answer.
            out.extend(f"  {line}" if line else "" for line in rest)
    return out


def _format_time(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _is_blank(line: str) -> bool:
    return not line.strip(_BLANK)


def _escape_block(value: str) -> list[str]:
    """The lines of a multi-line field, escaped by rule 1 of the module docstring."""
    lines = value.split("\n")
    last = len(lines) - 1
    out: list[str] = []
    for index, line in enumerate(lines):
        at_edge = index in (0, last)
        if line.startswith(_LINE_ESCAPE_PREFIXES) or (at_edge and _is_blank(line)):
            line = "\\" + line
        out.append(line)
    return out


def _escape_inline(value: str, *, comma: bool = False) -> str:
    """A single-line value escaped by rule 2 of the module docstring."""
    lead = len(value) - len(value.lstrip(" \t"))
    trail = len(value.rstrip(" \t"))
    pieces: list[str] = []
    for index, char in enumerate(value):
        if char in " \t" and (index < lead or index >= trail):
            pieces.append("\\s" if char == " " else "\\t")
        elif char == "\n":
            pieces.append("\\n")
        elif char == "\r":
            pieces.append("\\r")
        elif char == "," and comma:
            pieces.append("\\,")
        else:
            pieces.append(char)
    out: list[str] = []
    for index, piece in enumerate(pieces):
        if piece == "\\":
            following = pieces[index + 1][0] if index + 1 < len(pieces) else ""
            # A trailing backslash is doubled too: in a tag list a comma follows it.
            if not following or following in _INLINE_DECODE:
                piece = "\\\\"
        out.append(piece)
    return "".join(out)


# --------------------------------------------------------------------------- reading


def _unescape_line(line: str) -> str:
    return line[1:] if line.startswith("\\") else line


def _unescape_inline(text: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in _INLINE_DECODE:
            out.append(_INLINE_DECODE[text[index + 1]])
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


def _split_inline(text: str) -> list[str]:
    """Split a tag list at commas that are not escaped, then trim and decode each part."""
    parts: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in _INLINE_DECODE:
            current.append(text[index : index + 2])
            index += 2
            continue
        if char == ",":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return [_unescape_inline(part.strip(_TRIM)) for part in parts if part.strip(_TRIM)]


def _normalise_newlines(text: str) -> str:
    # Only a file that is CR LF throughout is converted: storybank's own export
    # never is (a heading line never ends in CR), so a CR it wrote is text.
    if "\r\n" in text and text.count("\n") == text.count("\r\n"):
        return text.replace("\r\n", "\n")
    return text


def _story_heading(line: str) -> str | None:
    if line.startswith("#") and (len(line) == 1 or line[1] in " \t\r"):
        return line[1:]
    return None


def _section_heading(line: str) -> str | None:
    if line.startswith("##") and (len(line) == 2 or line[2] in " \t\r"):
        return line[2:]
    return None


def _dedent(line: str) -> str:
    """A follow-up line without its indentation (two spaces, or one space or tab)."""
    if line.startswith("  "):
        return line[2:]
    if line[:1] in (" ", "\t"):
        return line[1:]
    return line


def _fold_section(name: str) -> str:
    return re.sub(r"[\s_-]+", "", name.casefold())


_SECTION_LIST = ", ".join(f"## {heading}" for _, heading in SECTIONS)
_SECTION_HINT = f"use one of: {_SECTION_LIST}"


@dataclass
class _Draft:
    """A story being read: raw values plus the line each came from."""

    line: int
    title: str
    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    follow_up_lines: list[dict[str, int]] = field(default_factory=list)
    headline: list[str] | None = None
    headline_closed: bool = False
    broken: bool = False
    """A problem makes this story unusable (it is read on, for its other problems)."""
    skipping: bool = False
    """Inside an unknown or repeated section, whose lines were reported once."""
    section: tuple[str, list[tuple[int, str]]] | None = None
    """The open section: its field and its (line number, raw line) pairs, without comments."""

    def line_of(self, path: str) -> int:
        """The line a validation error's field path points at."""
        parts = path.split(".")
        top = parts[0]
        if top == "follow_ups" and len(parts) > 1 and parts[1].isdigit():
            index = int(parts[1])
            if index < len(self.follow_up_lines):
                item = self.follow_up_lines[index]
                wanted = parts[2] if len(parts) > 2 else "question"
                return item.get(wanted, item["question"])
        if top == "competencies" and len(parts) > 1:
            return self.lines.get(f"competencies.{parts[1]}", self.line)
        return self.lines.get(top, self.line)


class _Reader:
    """Reads one Markdown document into stories, line by line."""

    def __init__(
        self,
        frameworks: FrameworkRegistry,
        *,
        file: str,
        default_framework: str,
        now: datetime,
    ) -> None:
        self.frameworks = frameworks
        self.file = file
        self.default_framework = default_framework
        self.now = now
        self.drafts: list[_Draft] = []
        self.problems: list[StorybankError] = []
        """Every problem found so far; reading goes on past each, so all are reported at once."""

    def error(
        self, message: str, line: int | None, *, field: str | None = None, hint: str | None = None
    ) -> StorybankError:
        return StorybankError(message, file=self.file, line=line, field=field, hint=hint)

    def fail(
        self, message: str, line: int | None, *, field: str | None = None, hint: str | None = None
    ) -> None:
        """Record a problem and read on."""
        self.problems.append(self.error(message, line, field=field, hint=hint))

    # -- structure

    def read(self, text: str) -> list[ParsedStory]:
        lines = _normalise_newlines(text.removeprefix("\ufeff")).split("\n")
        draft: _Draft | None = None
        preface_reported = False
        index = 0
        while index < len(lines):
            raw = lines[index]
            number = index + 1
            if raw.startswith("<!--"):
                index = self._skip_comment(lines, index)
                continue
            index += 1
            title = _story_heading(raw)
            if title is not None:
                if draft is not None:
                    self._close_section(draft)
                draft = self._start_story(title, number)
                continue
            if draft is None:
                if _is_blank(raw):
                    continue
                if not preface_reported:
                    preface_reported = True
                    self.fail(
                        "text before the first story heading",
                        number,
                        hint="start every story with a '# Title' line; "
                        "put notes in <!-- comments -->",
                    )
                continue
            name = _section_heading(raw)
            if name is not None:
                self._close_section(draft)
                self._open_section(draft, name, number)
            elif draft.section is not None:
                draft.section[1].append((number, raw))
            elif draft.skipping:
                continue  # the body of an unknown section, already reported
            else:
                self._preamble_line(draft, raw, number)
        if draft is not None:
            self._close_section(draft)
        return self._finish()

    def _skip_comment(self, lines: list[str], start: int) -> int:
        """The index of the first line after the comment that opens at ``start``."""
        index = start
        end = lines[index].find("-->", 4)
        while end < 0:
            index += 1
            if index == len(lines):
                self.fail("this comment is never closed", start + 1, hint="end it with '-->'")
                return index
            end = lines[index].find("-->")
        if lines[index][end + 3 :].strip(_BLANK):
            self.fail(
                "text after the end of a comment",
                index + 1,
                hint="put the text on its own line after '-->'",
            )
        return index + 1

    def _start_story(self, rest: str, number: int) -> _Draft:
        raw_title = rest.strip(_TRIM)
        if not raw_title:
            self.fail("a story needs a title", number, field="title", hint="write it after '# '")
        draft = _Draft(line=number, title=_unescape_inline(raw_title), broken=not raw_title)
        draft.lines["title"] = number
        self.drafts.append(draft)
        return draft

    def _open_section(self, draft: _Draft, rest: str, number: int) -> None:
        name = rest.strip(_TRIM)
        target = _SECTION_NAMES.get(_fold_section(name))
        draft.skipping = False
        if target is None:
            self.fail(f"unknown section '## {name}'", number, hint=_SECTION_HINT)
            draft.skipping = True
            return
        if target in draft.lines:
            self.fail(
                f"'## {name}' appears twice in this story (first at line {draft.lines[target]})",
                number,
                field=target,
                hint="merge the two sections into one",
            )
            draft.skipping = True
            return
        draft.lines[target] = number
        draft.section = (target, [])

    def _close_section(self, draft: _Draft) -> None:
        draft.skipping = False
        if draft.section is None:
            return
        target, rows = draft.section
        if target == "follow_ups":
            draft.data["follow_ups"] = self._follow_ups(draft, rows)
        else:
            raws = [raw for _, raw in rows]
            start, end = 0, len(raws)
            while start < end and _is_blank(raws[start]):
                start += 1
            while end > start and _is_blank(raws[end - 1]):
                end -= 1
            draft.data[target] = "\n".join(_unescape_line(raw) for raw in raws[start:end])
        draft.section = None

    def _preamble_line(self, draft: _Draft, raw: str, number: int) -> None:
        if _is_blank(raw):
            if draft.headline is not None:
                draft.headline_closed = True
            return
        if raw.startswith(">"):
            if draft.headline_closed:
                self.fail(
                    f"a second headline (the first starts at line {draft.lines['headline']})",
                    number,
                    field="headline",
                    hint="write the headline as one block of '>' lines",
                )
                return
            if draft.headline is None:
                draft.headline = []
                draft.lines["headline"] = number
            content = raw[1:]
            draft.headline.append(content[1:] if content.startswith(" ") else content)
            return
        match = _META_RE.fullmatch(raw)
        if match is None:
            self.fail(
                "unexpected text between the title and the first section",
                number,
                hint=f"put story text under a section heading ({_SECTION_LIST}), "
                "the headline on '>' lines, and metadata as 'key: value'",
            )
            return
        if draft.headline is not None:
            draft.headline_closed = True
        self._metadata(draft, match.group(1).lower(), match.group(2), number)

    def _metadata(self, draft: _Draft, key: str, value: str, number: int) -> None:
        value = value.strip(_TRIM)
        if key == "competencies" or (key not in _RESERVED_KEYS and key in self.frameworks):
            fw_id = self.default_framework if key == "competencies" else key
            try:
                framework = self.frameworks.get(fw_id)
            except StorybankError as exc:
                self.fail(exc.message, number, field=key, hint=exc.hint)
                return
            slot = f"competencies.{fw_id}"
            if not self._claim(draft, slot, f"competencies of {fw_id!r} are", number, key):
                return
            ids = self._competencies(framework, value, number, key)
            if ids:
                draft.data.setdefault("competencies", {})[fw_id] = ids
            return
        if key not in _RESERVED_KEYS:
            self.fail(
                f"unknown key '{key}:'",
                number,
                field=key,
                hint="use one of: "
                + ", ".join(f"{k}:" for k in (*_RESERVED_KEYS, *self.frameworks.ids)),
            )
            return
        if not self._claim(draft, key, f"'{key}:' is", number, key) or not value:
            return
        if key == "id":
            draft.data["id"] = value
        elif key == "tags":
            draft.data["tags"] = _split_inline(value)
        else:
            try:
                draft.data[key] = self._timestamp(value, number, key)
            except StorybankError as exc:
                self.problems.append(exc)

    def _timestamp(self, value: str, number: int, key: str) -> datetime:
        # Checked here rather than by the model so that a default copied from
        # ``updated:`` to ``created`` is never blamed on the wrong line.
        hint = "write it like 2024-05-01T09:30:00Z"
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise self.error(
                f"{value!r} is not an ISO-8601 timestamp", number, field=key, hint=hint
            ) from None
        if parsed.tzinfo is None:
            raise self.error(
                f"{value!r} has no timezone", number, field=key, hint=f"{hint} (Z means UTC)"
            )
        try:
            return parsed.astimezone(UTC)
        except OverflowError:
            raise self.error(
                f"{value!r} is out of range in UTC", number, field=key, hint=hint
            ) from None

    def _claim(self, draft: _Draft, slot: str, what: str, number: int, key: str) -> bool:
        """Record that ``slot`` was given on line ``number``; a second time is a problem (False)."""
        if slot in draft.lines:
            self.fail(
                f"{what} given twice (first at line {draft.lines[slot]})",
                number,
                field=key,
                hint="keep one line",
            )
            return False
        draft.lines[slot] = number
        return True

    def _competencies(
        self, framework: CompetencyFramework, value: str, number: int, key: str
    ) -> list[str]:
        # Names may contain commas ("Are Right, A Lot"), so adjacent parts are
        # joined back when together they name a competency; longest match wins.
        parts = [part.strip(_TRIM) for part in value.split(",")]
        window = 1 + max(comp.name.count(",") for comp in framework.competencies)
        ids: list[str] = []
        index = 0
        while index < len(parts):
            if not parts[index]:
                index += 1
                continue
            for end in range(min(len(parts), index + window), index, -1):
                comp = framework.resolve(", ".join(parts[index:end]))
                if comp is not None:
                    ids.append(comp.id)
                    index = end
                    break
            else:
                self.fail(
                    f"{parts[index]!r} is not a competency of {framework.id!r}",
                    number,
                    field=key,
                    hint=f"use ids or names from {framework.name}: {', '.join(framework.ids)}",
                )
                index += 1
        return ids

    def _follow_ups(self, draft: _Draft, rows: list[tuple[int, str]]) -> list[Any]:
        items: list[dict[str, Any]] = []
        answer: list[str] | None = None
        pending: list[str] = []
        for number, raw in rows:
            match = _QUESTION_RE.fullmatch(raw)
            if match is not None:
                answer = None
                pending = []
                items.append({"question": _unescape_inline(match.group(1).strip(_TRIM))})
                draft.follow_up_lines.append({"question": number})
                continue
            if _is_blank(raw):
                # Blank lines belong to the answer only if more of it follows.
                if answer is not None:
                    pending.append(raw)
                continue
            if raw[0] not in " \t":
                self.fail(
                    "expected a follow-up question '- Q: ...' or an indented answer line",
                    number,
                    field="follow_ups",
                    hint="write each follow-up as '- Q: question' with '  A: answer' below it; "
                    "indent further answer lines by two spaces",
                )
                continue
            if not items:
                self.fail(
                    "an indented line before the first '- Q:' question",
                    number,
                    field="follow_ups",
                    hint="start each follow-up with '- Q: question'",
                )
                continue
            content = _dedent(raw)
            if answer is None:
                stripped = content.lstrip(" \t")
                if stripped[:2].lower() != "a:":
                    self.fail(
                        "expected the answer as '  A: ...' under the question",
                        number,
                        field=f"follow_ups.{len(items) - 1}.answer",
                        hint="a follow-up is '- Q: question' with '  A: answer' on the next line",
                    )
                    continue
                first = stripped[2:]
                answer = [_unescape_line(first[1:] if first.startswith(" ") else first)]
                items[-1]["answer"] = answer
                draft.follow_up_lines[-1]["answer"] = number
                pending = []
                continue
            answer.extend(_dedent(line) for line in pending)
            pending = []
            answer.append(_unescape_line(content))
        for item in items:
            item["answer"] = "\n".join(item.get("answer", []))
        return items

    # -- validation

    def _finish(self) -> list[ParsedStory]:
        seen: dict[str, int] = {}
        for draft in self.drafts:
            story_id = draft.data.get("id")
            if story_id is None:
                continue
            if story_id in seen:
                self.fail(
                    f"id {story_id!r} is used twice in this file (first at line {seen[story_id]})",
                    draft.lines["id"],
                    field="id",
                    hint="give each story its own id",
                )
                continue
            seen[story_id] = draft.lines["id"]
        used = set(seen)
        parsed: list[ParsedStory] = []
        for draft in self.drafts:
            id_given = "id" in draft.data
            if not id_given:
                draft.data["id"] = _unique(slugify(draft.title), used)
                used.add(draft.data["id"])
            story = None if draft.broken else self._build(draft)
            if story is not None:
                parsed.append(ParsedStory(story, draft.line, id_given))
        if len(self.problems) == 1:
            raise self.problems[0]
        if self.problems:
            raise ProblemsFound(self.problems)
        return parsed

    def _build(self, draft: _Draft) -> Story | None:
        """The draft as a story; ``None`` when it has problems (each is recorded)."""
        data = {**draft.data, "title": draft.title}
        if draft.headline is not None:
            data["headline"] = "\n".join(draft.headline)
        data.setdefault("updated", self.now)
        data.setdefault("created", data["updated"] if "updated" in draft.data else self.now)
        label = f"story {data['id']!r}"
        try:
            return Story.model_validate(data)
        except ValidationError as exc:
            for problem in exc.errors():
                path = ".".join(str(part) for part in problem["loc"]) or "value"
                self.fail(f"{label}: {plain_message(problem)}", draft.line_of(path), field=path)
            return None


def _unique(base: str, used: set[str]) -> str:
    candidate, counter = base, 2
    while candidate in used:
        candidate = f"{base}-{counter}"
        counter += 1
    return candidate


def parse_markdown(
    text: str,
    frameworks: FrameworkRegistry,
    *,
    file: str | Path = "<input>",
    default_framework: str = "tpm",
    now: datetime | None = None,
) -> list[ParsedStory]:
    """Read every story in a Markdown document.

    Args:
        text: The document.
        frameworks: Frameworks that competency lines are resolved against.
        file: Named in error messages.
        default_framework: The framework a ``competencies:`` line refers to.
        now: The time given to stories without ``created:`` / ``updated:``.

    Returns:
        The stories in file order (an empty list for a document without any).

    Raises:
        StorybankError: The problem found, with file, line and field; or, when
            there are several, :class:`~storybank.errors.ProblemsFound` listing
            every one of them (the file is read to its end either way).
    """
    reader = _Reader(
        frameworks,
        file=str(file),
        default_framework=default_framework,
        now=now or utc_now(),
    )
    return reader.read(text)
