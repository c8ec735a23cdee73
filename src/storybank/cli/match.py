"""``storybank match``: which story answers a question.

A lookup from the shell should feel instant, and validating the bank with the
pydantic models costs more than the lookup itself. So a lookup that finds no
memo validates the bank the full way and keeps the validated data the matcher
reads in a memo (:mod:`storybank.cli.memo`); later lookups against the
byte-identical bank start from that memo and load no model at all. Either way
the matcher is built from that same plain data
(:mod:`storybank.matching.inputs`), so the answers are the same.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storybank.cli import memo
from storybank.cli.context import bank_path, open_bank
from storybank.cli.terminal import inert, json_text, one_line
from storybank.errors import EXIT_OK, StorybankError

if TYPE_CHECKING:
    from storybank.matching import Matcher, MatchResult
    from storybank.matching.inputs import FrameworkLike, QuestionLike, RatedStoryLike
    from storybank.storage.repository import Bank
    from storybank.storage.snapshot import BankSnapshot


class Lookup:
    """What the matcher reads from a bank, read back from :func:`lookup_data` output.

    A lookup matches in one framework, so each framework is read through its
    shape only when it is asked for (:meth:`framework_named`). A plain class:
    a ``NamedTuple`` costs more to define than a lookup served from its memo
    spends reading it.

    Attributes:
        framework: The bank's active framework (used unless ``--framework`` names another).
        questions: The user's own questions (the built-in ones ship with storybank).
        stories: The user's stories, each with its readiness.
    """

    __slots__ = ("_frameworks", "framework", "questions", "stories")

    def __init__(
        self,
        framework: str,
        frameworks: list[dict[str, Any]],
        questions: list[QuestionLike],
        stories: list[RatedStoryLike],
    ) -> None:
        self.framework = framework
        self._frameworks = frameworks
        self.questions = questions
        self.stories = stories

    def framework_named(self, framework_id: str) -> FrameworkLike | None:
        """The framework with this id, or ``None`` if the bank has none.

        Raises:
            ShapeError: its record is not what :func:`lookup_data` writes.
        """
        from storybank.matching.inputs import FRAMEWORK

        for record in self._frameworks:
            if record["id"] == framework_id:
                return FRAMEWORK.view(record)
        return None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Lookup):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__slots__)

    __hash__ = None  # type: ignore[assignment]  # equal by content


def lookup_data(bank: Bank) -> memo.Memo:
    """What the matcher reads from a validated bank, as plain JSON data.

    Each story carries its readiness as ``storybank list`` shows it (checked
    in the active framework), so that a lookup served from the memo can show
    it and break ties by it without loading the checks.
    """
    from storybank.checks import check_story, readiness

    frameworks, wanted = bank.frameworks, bank.settings.framework
    # A missing framework file is reported by the lookup that needs it; the
    # checks then read the tags of the built-in default.
    active = frameworks.get(wanted) if wanted in frameworks else None
    return {
        "framework": bank.settings.framework,
        "frameworks": [
            fw.model_dump(mode="json", include={"id", "name", "competencies"}) for fw in frameworks
        ],
        "questions": [
            q.model_dump(mode="json", include={"id", "text", "competencies"})
            for q in bank.questions()
        ],
        "stories": [
            {
                **s.model_dump(mode="json", exclude={"created", "updated"}),
                "readiness": readiness(s, check_story(s, active)),
            }
            for s in bank.stories()
        ],
    }


def snapshot_lookup(snapshot: BankSnapshot) -> memo.Memo:
    """:func:`lookup_data` of a bank read as a snapshot: its documents as the models dump them."""
    from storybank.checks import check_story, readiness

    competencies = ("id", "name", "competencies")
    active = snapshot.frameworks.get(snapshot.settings["framework"])
    return {
        "framework": snapshot.settings["framework"],
        "frameworks": [
            {key: fw.document[key] for key in competencies} for fw in snapshot.frameworks.values()
        ],
        "questions": [
            {key: q[key] for key in ("id", "text", "competencies")} for q in snapshot.questions
        ],
        "stories": [
            {
                **{
                    key: value
                    for key, value in document.items()
                    if key not in ("created", "updated")
                },
                "readiness": readiness(record, check_story(record, active)),
            }
            for record, document in zip(snapshot.stories, snapshot.story_documents, strict=True)
        ],
    }


def read_lookup(data: memo.Memo) -> Lookup:
    """:func:`lookup_data` output, read through the matcher's input shapes.

    Raises:
        ShapeError: ``data`` is not what :func:`lookup_data` writes.
        KeyError: a part of it is missing.
    """
    # Deferred import: the matcher's package is loaded only by a lookup.
    from storybank.core.plain import ShapeError
    from storybank.matching.inputs import QUESTION, RATED_STORY

    framework, frameworks = data["framework"], data["frameworks"]
    if type(framework) is not str:
        raise ShapeError("the active framework should be an id")
    if type(frameworks) is not list or not all(
        type(fw) is dict and type(fw.get("id")) is str for fw in frameworks
    ):
        raise ShapeError("the frameworks should be tables, each with an id")
    return Lookup(
        framework,
        frameworks,
        questions=QUESTION.views(data["questions"]),
        stories=RATED_STORY.views(data["stories"]),
    )


def lookup_agrees(lookup: Lookup, tables: memo.RawBank) -> bool:
    """Whether a lookup holds the bank's own stories, questions and active framework.

    Every field the bank stores must be what the memo holds (a field a
    document predates must be empty in the memo). The frameworks come from
    framework files, which the memo's digest covers, not from the bank. Each
    story's readiness comes from the checks, which only the full path runs:
    it must be a score (0-100) and is printed as a number whatever it says.
    """
    from storybank.core.plain import record_of

    if lookup.framework != memo.stored_framework(tables):
        return False
    stories = []
    for story in lookup.stories:
        record = dict(record_of(story))
        if not 0 <= record.pop("readiness", -1) <= 100:
            return False
        stories.append(record)
    questions = [record_of(question) for question in lookup.questions]
    return _same_records(stories, tables, "stories") and _same_records(
        questions, tables, "questions"
    )


def _same_records(records: list[dict[str, Any]], tables: memo.RawBank, name: str) -> bool:
    stored = memo.stored_by_id(tables, name)
    if len(stored) != len(tables.get(name, {})) or len(stored) != len(records):
        return False
    for record in records:
        doc = stored.get(record["id"])
        if doc is None:
            return False
        for key, value in record.items():
            if doc.get(key, value if not value else None) != value:
                return False
    return True


# Cheap to build and read by every lookup, so refreshed after every change.
MEMO = memo.register(
    memo.Kind(
        "match",
        version=2,
        build=lookup_data,
        read=read_lookup,
        agrees=lookup_agrees,
        eager=True,
    )
)


def matcher_from(lookup: Lookup, framework_id: str | None) -> Matcher | None:
    """A matcher for a bank's :class:`Lookup`; ``None`` if it cannot serve.

    ``None`` sends the caller down the full path, which also gives the proper
    error for, say, an unknown ``--framework``.
    """
    from storybank.core.plain import ShapeError
    from storybank.core.questions import builtin_question_data
    from storybank.matching import Matcher
    from storybank.matching.inputs import QUESTION

    try:
        framework = lookup.framework_named(framework_id or lookup.framework)
    except ShapeError:
        return None  # not what lookup_data() writes: the full path will do
    if framework is None or not framework.competencies:
        return None
    questions = [*QUESTION.views(builtin_question_data()), *lookup.questions]
    return Matcher(framework, questions=questions, stories=lookup.stories)


def _matcher(args: argparse.Namespace) -> Matcher:
    inputs = memo.Inputs(bank_path(args))
    lookup = inputs.recall(MEMO)
    matcher = matcher_from(lookup, args.framework) if lookup is not None else None
    if matcher is None:
        # Without a memo: read the bank as a snapshot, or if it cannot vouch for
        # the file validate it with the models; keep what the matcher reads, and
        # build the matcher from exactly that, as the next lookup will.
        from storybank.storage.snapshot import take_snapshot

        snapshot = take_snapshot(inputs.bank)
        wanted = None if snapshot is None else args.framework or snapshot.settings["framework"]
        if snapshot is not None and wanted in snapshot.frameworks:
            data = snapshot_lookup(snapshot)
        else:
            with open_bank(args) as bank:
                bank.frameworks.get(args.framework or bank.settings.framework)  # names a bad one
                data = lookup_data(bank)
        inputs.keep(MEMO, data)
        matcher = matcher_from(read_lookup(data), args.framework)
        assert matcher is not None, "lookup_data() output always serves"
    return matcher


def _batch_lines(source: str) -> Iterator[str]:
    if source == "-":
        yield from (line.rstrip("\r\n") for line in sys.stdin)
        return
    path = Path(source)
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise StorybankError(f"cannot read the file: {exc.strerror}", file=path) from None
    with handle:
        number = 0
        try:
            for number, line in enumerate(handle, start=1):  # noqa: B007 - used in the error
                yield line.rstrip("\r\n")
        except UnicodeDecodeError:
            raise StorybankError(
                "the file is not UTF-8 text", file=path, line=number + 1, hint="save it as UTF-8"
            ) from None


def cmd_match(args: argparse.Namespace) -> int:
    """Rank the stories for a question (or for each line of a file, as JSON Lines)."""
    from storybank.matching import match_to_json

    if args.batch is None and not (args.question or "").strip():
        raise StorybankError(
            "no question given",
            hint='pass it in quotes: storybank match "Tell me about a conflict", or --batch FILE',
        )
    if args.batch is not None and (args.question or "").strip():
        raise StorybankError("give a question or --batch FILE, not both")
    if args.top < 1:
        raise StorybankError("--top must be at least 1", field="--top")
    matcher = _matcher(args)
    if args.batch is not None:
        out = sys.stdout
        for line in _batch_lines(args.batch):
            result = matcher.match(line, top=args.top)
            out.write(json_text(match_to_json(result)) + "\n")
        out.flush()
        return EXIT_OK
    result = matcher.match(args.question, top=args.top)
    if args.json:
        print(json_text(match_to_json(result), indent=2))
        return EXIT_OK
    print(format_match(result))
    return EXIT_OK


def format_match(result: MatchResult) -> str:
    """A ranked, readable answer with reasons and gaps."""
    lines: list[str] = []
    if result.competencies:
        asked = " · ".join(f"{c.name} {c.score}" for c in result.competencies[:3])
        lines.append(f"The question asks about: {asked}")
    if result.stories:
        lines.append("")
        width = max(len(s.id) for s in result.stories)
        for rank, story in enumerate(result.stories, start=1):
            ready = "" if story.readiness is None else f"readiness {story.readiness:>3}  "
            lines.append(
                f"{rank}. {story.id:<{width}}  fit {story.score:>3}  {ready}"
                f"{one_line(story.title, 50)}"
            )
            lines.extend(f"     - {inert(reason)}" for reason in story.reasons)
    elif result.competencies:
        lines.append("\nNo stories in the bank yet.")
    if result.gaps:
        lines.append("")
        lines.extend(f"Gap: {inert(gap)}" for gap in result.gaps)
    if result.stories and not result.good_match:
        lines.append("No story answers this well; the closest are listed above.")
    return "\n".join(lines).strip()
