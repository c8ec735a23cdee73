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
    from storybank.storage.repository import Bank

MEMO_KIND = "match"


def lookup_data(bank: Bank) -> dict[str, Any]:
    """What the matcher reads from a validated bank, as plain JSON data."""
    return {
        "framework": bank.settings.framework,
        "frameworks": [
            fw.model_dump(mode="json", include={"id", "name", "competencies"})
            for fw in bank.frameworks
        ],
        "questions": [
            q.model_dump(mode="json", include={"id", "text", "competencies"})
            for q in bank.questions()
        ],
        "stories": [
            s.model_dump(mode="json", exclude={"created", "updated"}) for s in bank.stories()
        ],
    }


def matcher_from(data: dict[str, Any], framework_id: str | None) -> Matcher | None:
    """A matcher built from :func:`lookup_data` output; ``None`` if it cannot serve.

    ``None`` sends the caller down the full path, which also gives the proper
    error for, say, an unknown ``--framework``.
    """
    from storybank.core.questions import builtin_question_data
    from storybank.matching import Matcher
    from storybank.matching.inputs import PlainFramework, PlainQuestion, PlainStory

    try:
        wanted = framework_id or data["framework"]
        framework = next(
            (PlainFramework(fw) for fw in data["frameworks"] if fw["id"] == wanted), None
        )
        if framework is None or not framework.competencies:
            return None
        questions = [PlainQuestion(q) for q in (*builtin_question_data(), *data["questions"])]
        stories = [PlainStory(s) for s in data["stories"]]
    except (LookupError, TypeError, ValueError, AttributeError):
        return None  # not what lookup_data() writes: the full path will do
    return Matcher(framework, questions=questions, stories=stories)


def _matcher(args: argparse.Namespace) -> Matcher:
    inputs = memo.Inputs(bank_path(args))
    data = inputs.recall(MEMO_KIND)
    matcher = matcher_from(data, args.framework) if data is not None else None
    if matcher is None:
        # The full path: validate the bank once, keep what the matcher reads,
        # and build the matcher from exactly that, as the next lookup will.
        with open_bank(args) as bank:
            bank.frameworks.get(args.framework or bank.settings.framework)  # names a bad one
            data = lookup_data(bank)
        inputs.keep(MEMO_KIND, data)
        matcher = matcher_from(data, args.framework)
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

    if args.batch is None and not args.question:
        raise StorybankError(
            "no question given",
            hint='pass it in quotes: storybank match "Tell me about a conflict", or --batch FILE',
        )
    if args.batch is not None and args.question:
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
            lines.append(
                f"{rank}. {story.id:<{width}}  {story.score:>3}  {one_line(story.title, 60)}"
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
