r"""Interview rounds as Markdown: the debrief you edit, and the rounds in a Markdown export.

One round is one ``#`` block whose first line after the heading is
``interview: ID``; that line is what tells a round from a story, so a
Markdown export can hold stories and rounds and read back as both::

    # Acme, 2025-03-14 (onsite)
    interview: acme-2025-03-14-onsite
    company: Acme
    date: 2025-03-14
    round: onsite
    outcome: rejected
    told: platform-capacity-conflict, flash-sale-incident

    ## Confident
    The capacity story: they nodded along.
    ## Struggled
    Numbers for the flash sale.
    ## Disengaged
    The second interviewer checked his phone during my first answer.
    ## Feedback
    "Strong on execution, but we did not hear enough about your own decisions."

    ## Q: Tell me about a time you pushed back on a senior stakeholder
    story: platform-capacity-conflict
    went: shaky
    answered: How did you get the directors to agree?
    unanswered: What would the search team say about you?

    I rushed the Result.

Reading rules
-------------
* The heading names the round for the reader; the metadata lines say what it
  is. ``interview:``, ``company:`` and ``date:`` (``YYYY-MM-DD``) are needed;
  ``round:``, ``kind:`` (``interview`` or ``practice``), ``framework:``,
  ``outcome:`` (``pending``, ``advanced``, ``offer``, ``rejected``),
  ``told:`` (story ids, comma-separated), ``created:`` and ``logged:`` are
  optional.
* ``## Confident``, ``## Struggled``, ``## Disengaged`` and ``## Feedback``
  hold text, kept exactly (feedback is kept word for word).
* Each ``## Q: question`` is one question asked. Its first lines are
  ``story:`` (an id, or ``none``), ``went:`` (``strong``, ``ok``, ``shaky``,
  ``blank``), any number of ``answered:`` and ``unanswered:`` follow-ups,
  ``rubric:`` (six scores 1-4 in the rubric's order, or ``name score`` pairs),
  ``seconds:`` and ``data:`` (what storybank derived, as JSON: written by
  exports, left out of the editor); after the first blank line, the rest is
  the note.
* Text lines of a section or a note that start with ``#``, ``\`` or ``<!--``,
  and blank first or last lines, carry one extra leading backslash, as in
  the story format; HTML comments are ignored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast, get_args

from pydantic import ValidationError

from storybank.core.validation import describe
from storybank.errors import StorybankError
from storybank.scheduling.debriefs import QuestionEntry, RoundNotes
from storybank.scheduling.models import (
    OUTCOMES,
    RUBRIC,
    WENT,
    AskedFollowUp,
    AskedQuestion,
    Interview,
    Outcome,
    RoundKind,
    Rubric,
    Went,
)

ROUND_KEY = "interview"
"""The metadata key whose line, first after the heading, makes a ``#`` block a round."""

_SECTIONS: tuple[tuple[str, str], ...] = (
    ("confident", "Confident"),
    ("struggled", "Struggled"),
    ("disengaged", "Disengaged"),
    ("feedback", "Feedback"),
)
_SECTION_NAMES = {title.casefold(): name for name, title in _SECTIONS}
_ROUND_KEYS = (
    "interview",
    "company",
    "date",
    "round",
    "kind",
    "framework",
    "outcome",
    "told",
    "created",
    "logged",
)
_QUESTION_KEYS = ("story", "went", "answered", "unanswered", "rubric", "seconds", "data")
_DATA_KEYS = ("question_id", "best", "score", "gap", "card", "framework", "competency", "themes")
_META_RE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)[ \t]*:(.*)")
_QUESTION_RE = re.compile(r"[Qq][ \t]*:(.*)")
_ESCAPED = ("\\", "#", "<!--")


@dataclass
class ParsedRound:
    """A round read from Markdown.

    Attributes:
        line: The line of its heading.
        interview_id: Its id.
        company: The company.
        day: Its date.
        round_name: The round's name.
        kind: Interview or practice.
        framework: The company's framework, if given.
        outcome: The outcome.
        told: Stories told.
        notes: The round as a whole.
        questions: The questions asked, as the user gave them.
        data: What storybank derived for each question (exports only), by index.
        created: When it was recorded, if given.
        logged: When it was last debriefed, if given.
    """

    line: int
    interview_id: str
    company: str
    day: date
    round_name: str = ""
    kind: RoundKind = "interview"
    framework: str | None = None
    outcome: Outcome = "pending"
    told: list[str] = field(default_factory=list)
    notes: RoundNotes = field(default_factory=RoundNotes)
    questions: list[QuestionEntry] = field(default_factory=list)
    data: dict[int, dict[str, Any]] = field(default_factory=dict)
    created: datetime | None = None
    logged: datetime | None = None

    def interview(self, *, now: datetime, file: str) -> Interview:
        """The round as a model, derived data included (for an import).

        Raises:
            StorybankError: a field the model refuses, naming the file and line.
        """
        questions = []
        for index, entry in enumerate(self.questions):
            derived = self.data.get(index, {})
            questions.append(
                {
                    "text": entry.text,
                    "story": entry.story,
                    "went": entry.went,
                    "follow_ups": [f.model_dump() for f in entry.follow_ups],
                    "note": entry.note,
                    "rubric": None if entry.rubric is None else entry.rubric.model_dump(),
                    "seconds": entry.seconds,
                    **derived,
                }
            )
        data = {
            "id": self.interview_id,
            "company": self.company,
            "date": self.day,
            "round": self.round_name,
            "kind": self.kind,
            "framework": self.framework,
            "told": self.told,
            "questions": questions,
            "outcome": self.outcome,
            "feedback": self.notes.feedback,
            "confident": self.notes.confident,
            "struggled": self.notes.struggled,
            "disengaged": self.notes.disengaged,
            "created": self.created or now,
            "logged": self.logged,
        }
        try:
            return Interview.model_validate(data)
        except ValidationError as exc:
            where, message = describe(exc)
            raise StorybankError(
                f"interview {self.interview_id!r}: {message}",
                file=file,
                line=self.line,
                field=where,
            ) from None


# -- writing -----------------------------------------------------------------------


def _time(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _block(text: str) -> list[str]:
    lines = text.split("\n")
    out = []
    for index, line in enumerate(lines):
        edge = index in (0, len(lines) - 1)
        if line.startswith(_ESCAPED) or (edge and not line.strip(" \t\r")):
            line = "\\" + line
        out.append(line)
    return out


def _one(text: str) -> str:
    """A one-line value: line breaks and runs of spaces become one space."""
    return " ".join(text.split())


def rubric_text(rubric: Rubric) -> str:
    """``structure 3, ownership 2, …`` in rubric order."""
    return ", ".join(f"{name} {score}" for name, score in rubric.scores())


def round_to_markdown(interview: Interview, *, for_editing: bool = False) -> str:
    """One round as Markdown, ending with a newline.

    Args:
        interview: The round.
        for_editing: The debrief to edit in ``$EDITOR``: guidance in comments,
            an empty question to fill in, and nothing storybank derives.
    """
    out: list[str] = []
    if for_editing:
        out += [
            "<!--",
            "  Debrief of one round. Text inside HTML comments like this one is ignored.",
            "  Keep the 'interview:' line; edit anything else. Each question you were asked",
            "  is a '## Q:' section: the story you told ('none' if you had none), how it",
            "  went (strong, ok, shaky or blank), each follow-up as 'answered:' or",
            "  'unanswered:', then a blank line and any note. Copy a '## Q:' block for",
            "  every further question.",
            "-->",
        ]
    out += [
        f"# {_one(interview.label)}",
        f"{ROUND_KEY}: {interview.id}",
        f"company: {_one(interview.company)}",
        f"date: {interview.date.isoformat()}",
    ]
    if interview.round or for_editing:
        out.append(f"round: {_one(interview.round)}".rstrip())
    if interview.kind != "interview":
        out.append(f"kind: {interview.kind}")
    if interview.framework:
        out.append(f"framework: {interview.framework}")
    out.append(f"outcome: {interview.outcome}")
    if for_editing:
        out.append("<!-- outcome: " + ", ".join(OUTCOMES) + " -->")
    if interview.told or for_editing:
        out.append(f"told: {', '.join(interview.told)}".rstrip())
    if not for_editing:
        out.append(f"created: {_time(interview.created)}")
        if interview.logged is not None:
            out.append(f"logged: {_time(interview.logged)}")
    guide = {
        "confident": "Where did you feel confident?",
        "struggled": "Where did you struggle?",
        "disengaged": "Did an interviewer seem disengaged? When?",
        "feedback": "Feedback received, word for word.",
    }
    for name, title in _SECTIONS:
        value: str = getattr(interview, name)
        if not value and not for_editing:
            continue
        out += ["", f"## {title}"]
        if for_editing and not value:
            out.append(f"<!-- {guide[name]} -->")
        if value:
            out += _block(value)
    questions = list(interview.questions)
    for asked in questions:
        out += ["", *_question_lines(asked, with_data=not for_editing)]
    if for_editing:
        out += [
            "",
            "## Q:",
            "story: none",
            "went:",
            "<!-- went: " + ", ".join(WENT) + ". Follow-ups, one a line:",
            "answered: What would you do differently?",
            "unanswered: How did you measure the result?",
            "-->",
        ]
    return "\n".join(out) + "\n"


def _question_lines(asked: AskedQuestion, *, with_data: bool) -> list[str]:
    out = [f"## Q: {_one(asked.text)}", f"story: {asked.story or 'none'}"]
    if asked.went is not None:
        out.append(f"went: {asked.went}")
    for item in asked.follow_ups:
        out.append(f"{'answered' if item.answered else 'unanswered'}: {_one(item.text)}")
    if asked.rubric is not None:
        out.append(f"rubric: {rubric_text(asked.rubric)}")
    if asked.seconds is not None:
        out.append(f"seconds: {asked.seconds:g}")
    if with_data:
        derived = {
            key: value
            for key, value in asked.model_dump(mode="json", include=set(_DATA_KEYS)).items()
            if value not in (None, False, {}, "")
        }
        if derived:
            out.append("data: " + json.dumps(derived, ensure_ascii=False, sort_keys=True))
    if asked.note:
        out += ["", *_block(asked.note)]
    return out


def rounds_to_markdown(interviews: Iterable[Interview]) -> str:
    """Several rounds, separated by a blank line ("" for none)."""
    return "\n".join(round_to_markdown(i) for i in interviews)


# -- reading -----------------------------------------------------------------------


def _heading(line: str, level: int) -> str | None:
    marks = "#" * level
    if line.startswith(marks) and (len(line) == level or line[level] in " \t\r"):
        return line[level:]
    return None


def _unescape(line: str) -> str:
    return line[1:] if line.startswith("\\") else line


def _text(rows: list[str]) -> str:
    start, end = 0, len(rows)
    while start < end and not rows[start].strip(" \t\r"):
        start += 1
    while end > start and not rows[end - 1].strip(" \t\r"):
        end -= 1
    return "\n".join(_unescape(r) for r in rows[start:end])


def split_rounds(text: str) -> tuple[str, list[tuple[int, list[str]]]]:
    """Separate a Markdown document's rounds from its stories.

    Returns:
        The document with every round's lines blanked (so the story reader
        reports the same line numbers), and each round as (first line number,
        its lines with comments blanked).
    """
    lines = text.removeprefix("\ufeff").split("\n")
    if "\r\n" in text and text.count("\n") == text.count("\r\n"):
        lines = [line.removesuffix("\r") for line in lines]
    kept = list(lines)
    rounds: list[tuple[int, list[str]]] = []
    current: list[str] | None = None
    index = 0
    in_comment = False
    while index < len(lines):
        line = lines[index]
        if in_comment or line.startswith("<!--"):
            end = line.find("-->", 0 if in_comment else 4)
            in_comment = end < 0
            if current is not None:
                current.append("")
                kept[index] = ""
            index += 1
            continue
        if _heading(line, 1) is not None:
            following = next(
                (lines[j] for j in range(index + 1, len(lines)) if lines[j].strip(" \t\r")), ""
            )
            match = _META_RE.fullmatch(following)
            if match and match.group(1).lower() == ROUND_KEY:
                current = [line]
                rounds.append((index + 1, current))
                kept[index] = ""
            else:
                current = None
            index += 1
            continue
        if current is not None:
            current.append(line)
            kept[index] = ""
        index += 1
    return "\n".join(kept), rounds


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file

    def error(
        self, message: str, line: int, field: str | None = None, hint: str | None = None
    ) -> StorybankError:
        return StorybankError(message, file=self.file, line=line, field=field, hint=hint)

    def read(self, start: int, lines: list[str]) -> ParsedRound:
        meta: dict[str, tuple[int, str]] = {}
        sections: dict[str, tuple[int, list[str]]] = {}
        questions: list[tuple[int, str, list[tuple[int, str]]]] = []
        section_rows: list[str] | None = None
        question_rows: list[tuple[int, str]] | None = None
        for offset, raw in enumerate(lines[1:], start=1):
            number = start + offset
            title = _heading(raw, 2)
            if title is not None:
                name = title.strip(" \t\r")
                question = _QUESTION_RE.fullmatch(name)
                section_rows = question_rows = None
                if question is not None:
                    question_rows = []
                    questions.append((number, _one(question.group(1)), question_rows))
                    continue
                key = _SECTION_NAMES.get(name.casefold())
                if key is None:
                    raise self.error(
                        f"unknown section '## {name}'",
                        number,
                        hint="use ## Confident, ## Struggled, ## Disengaged, ## Feedback "
                        "or ## Q: question",
                    )
                if key in sections:
                    raise self.error(f"'## {name}' appears twice", number, field=key)
                section_rows = []
                sections[key] = (number, section_rows)
                continue
            if question_rows is not None:
                question_rows.append((number, raw))
                continue
            if section_rows is not None:
                section_rows.append(raw)
                continue
            if not raw.strip(" \t\r"):
                continue
            match = _META_RE.fullmatch(raw)
            if match is None:
                raise self.error(
                    "expected 'key: value' before the first section",
                    number,
                    hint="write the round's details as 'company: Acme', 'date: 2025-03-14', …",
                )
            key = match.group(1).lower()
            if key not in _ROUND_KEYS:
                raise self.error(
                    f"unknown key '{key}:'",
                    number,
                    field=key,
                    hint="use one of: " + ", ".join(f"{k}:" for k in _ROUND_KEYS),
                )
            if key in meta:
                raise self.error(f"'{key}:' is given twice", number, field=key)
            meta[key] = (number, match.group(2).strip(" \t\r"))
        return self._build(start, meta, sections, questions)

    def _need(self, meta: dict[str, tuple[int, str]], key: str, start: int) -> tuple[int, str]:
        found = meta.get(key)
        if found is None or not found[1]:
            raise self.error(f"the round needs a '{key}:' line", start, field=key)
        return found

    def _build(
        self,
        start: int,
        meta: dict[str, tuple[int, str]],
        sections: dict[str, tuple[int, list[str]]],
        questions: list[tuple[int, str, list[tuple[int, str]]]],
    ) -> ParsedRound:
        _, interview_id = self._need(meta, "interview", start)
        _, company = self._need(meta, "company", start)
        line, day_text = self._need(meta, "date", start)
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            raise self.error(
                f"{day_text!r} is not a date", line, field="date", hint="write it as YYYY-MM-DD"
            ) from None
        parsed = ParsedRound(start, interview_id, company, day)
        parsed.round_name = meta.get("round", (0, ""))[1]
        if "kind" in meta:
            parsed.kind = cast(RoundKind, self._choice(meta["kind"], get_args(RoundKind), "kind"))
        if meta.get("framework", (0, ""))[1]:
            parsed.framework = meta["framework"][1]
        if meta.get("outcome", (0, ""))[1]:
            parsed.outcome = cast(Outcome, self._choice(meta["outcome"], OUTCOMES, "outcome"))
        if "told" in meta:
            parsed.told = [s.strip() for s in meta["told"][1].split(",") if s.strip()]
        for key in ("created", "logged"):
            if meta.get(key, (0, ""))[1]:
                setattr(parsed, key, self._timestamp(meta[key], key))
        notes = {name: _text(rows) for name, (_, rows) in sections.items()}
        parsed.notes = RoundNotes(
            confident=notes.get("confident", ""),
            struggled=notes.get("struggled", ""),
            disengaged=notes.get("disengaged", ""),
            outcome=parsed.outcome,
            feedback=notes.get("feedback", ""),
        )
        for number, text, rows in questions:
            entry, derived = self._question(number, text, rows)
            if entry is None:
                continue
            if derived:
                parsed.data[len(parsed.questions)] = derived
            parsed.questions.append(entry)
        return parsed

    def _choice(self, item: tuple[int, str], allowed: Iterable[str], key: str) -> str:
        line, value = item
        options = list(allowed)
        if value.lower() not in options:
            raise self.error(
                f"{value!r} is not a {key}",
                line,
                field=key,
                hint="use one of: " + ", ".join(options),
            )
        return value.lower()

    def _timestamp(self, item: tuple[int, str], key: str) -> datetime:
        line, value = item
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise self.error(
                f"{value!r} is not a timestamp with a zone",
                line,
                field=key,
                hint="write it like 2025-03-14T09:30:00Z",
            )
        return moment.astimezone(UTC)

    def _question(
        self, number: int, text: str, rows: list[tuple[int, str]]
    ) -> tuple[QuestionEntry | None, dict[str, Any]]:
        entry = QuestionEntry(text=text)
        derived: dict[str, Any] = {}
        note: list[str] = []
        in_note = False
        said_anything = False
        for line, raw in rows:
            if in_note:
                note.append(raw)
                continue
            if not raw.strip(" \t\r"):
                in_note = True
                continue
            match = _META_RE.fullmatch(raw)
            key = match.group(1).lower() if match else ""
            if match is None or key not in _QUESTION_KEYS:
                raise self.error(
                    f"unexpected line under the question '{text}'"
                    if match is None
                    else f"unknown key '{key}:'",
                    line,
                    field="question",
                    hint="use story:, went:, answered:, unanswered:, rubric:, seconds:, "
                    "then a blank line and the note",
                )
            value = match.group(2).strip(" \t\r")
            if not value:
                continue
            said_anything = said_anything or not (key == "story" and value.lower() == "none")
            if key == "story":
                entry.story = None if value.lower() in ("none", "-") else value
            elif key == "went":
                entry.went = cast(Went, self._choice((line, value), WENT, "went"))
            elif key in ("answered", "unanswered"):
                try:
                    entry.follow_ups.append(AskedFollowUp(text=value, answered=key == "answered"))
                except ValidationError as exc:
                    raise self.error(describe(exc)[1], line, field="follow-up") from None
            elif key == "rubric":
                entry.rubric = self._rubric(line, value)
            elif key == "seconds":
                try:
                    entry.seconds = float(value)
                except ValueError:
                    raise self.error(f"{value!r} is not a number", line, field="seconds") from None
            else:
                derived = self._data(line, value)
        entry.note = _text(note)
        if not text:
            if said_anything or entry.note:
                raise self.error(
                    "a question needs its text after '## Q:'", number, field="question"
                )
            return None, {}
        return entry, derived

    def _rubric(self, line: int, value: str) -> Rubric:
        names = [name for name, _ in RUBRIC]
        parts = [p.strip() for p in re.split(r"[,\s]+", value) if p.strip()]
        scores: dict[str, str] = {}
        if all(p.isdigit() for p in parts):
            scores = dict(zip(names, parts, strict=False))
        else:
            for name, score in zip(parts[::2], parts[1::2], strict=False):
                scores[name.lower()] = score
        hint = "six scores 1-4 in the order " + ", ".join(names)
        if set(scores) != set(names):
            raise self.error("the rubric needs all six scores", line, field="rubric", hint=hint)
        try:
            return Rubric.model_validate({k: int(v) for k, v in scores.items()})
        except (ValueError, ValidationError):
            raise self.error(
                "each rubric score is 1 to 4", line, field="rubric", hint=hint
            ) from None

    def _data(self, line: int, value: str) -> dict[str, Any]:
        try:
            data = json.loads(value)
        except json.JSONDecodeError:
            data = None
        if not isinstance(data, dict) or set(data) - set(_DATA_KEYS):
            raise self.error(
                "the data: line is not what storybank writes",
                line,
                field="data",
                hint="export the bank again, or delete the line (it is recomputed)",
            )
        return data


def parse_rounds(text: str, *, file: str | Path = "<input>") -> list[ParsedRound]:
    """Every round in a Markdown document (stories are skipped).

    Raises:
        StorybankError: a mistake, naming the file, line and field.
    """
    _, blocks = split_rounds(text)
    reader = _Reader(str(file))
    return [reader.read(start, lines) for start, lines in blocks]


def parse_debrief(text: str, *, file: str | Path, interview_id: str) -> ParsedRound:
    """The one round of an edited debrief.

    Raises:
        StorybankError: not exactly one round, another round's id, or a mistake.
    """
    rounds = parse_rounds(text, file=file)
    if len(rounds) != 1:
        raise StorybankError(
            f"expected the one round {interview_id!r}, found {len(rounds)}",
            file=file,
            hint="keep the '# …' heading and the 'interview:' line under it",
        )
    parsed = rounds[0]
    if parsed.interview_id != interview_id:
        raise StorybankError(
            f"the 'interview:' line says {parsed.interview_id!r}, not {interview_id!r}",
            file=file,
            line=parsed.line + 1,
            field="interview",
            hint="keep the id as it was: it names the round being debriefed",
        )
    return parsed


def rounds_to_rows(
    rounds: Iterable[ParsedRound], *, now: datetime, file: str
) -> list[dict[str, Any]]:
    """Rounds as rows of the interviews table, for an import."""
    return [r.interview(now=now, file=file).model_dump(mode="json") for r in rounds]
