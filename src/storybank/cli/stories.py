"""``list``, ``show``, ``rm`` and ``check``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from storybank.checks import (
    BankCheckResult,
    CheckResult,
    check_bank,
    check_story,
    readiness,
    readiness_label,
)
from storybank.cli.context import confirm, open_bank
from storybank.cli.terminal import inert, json_text, one_line
from storybank.core.records import SCAR_FIELDS
from storybank.errors import EXIT_BAD_INPUT, EXIT_CHECK_ERRORS, EXIT_OK, StorybankError

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    # For the type checker only: `check` reads the bank without the models when it can.
    from storybank.core.models import Story
    from storybank.core.records import FrameworkData, StoryData
    from storybank.storage.repository import Bank
    from storybank.storage.snapshot import BankSnapshot


def render_story(story: Story, bank: Bank) -> str:
    """A story as readable plain text for the terminal (control characters made inert)."""
    lines = [inert(story.title), "=" * min(len(story.title), 78), f"id: {story.id}"]
    for fw_id, ids in story.competencies.items():
        framework = bank.frameworks.get(fw_id)
        names = [c.name for cid in ids if (c := framework.get(cid)) is not None]
        lines.append(f"{fw_id}: {', '.join(names)}")
    if story.tags:
        lines.append(f"tags: {inert(', '.join(story.tags))}")
    if story.headline:
        lines.append("")
        lines += [f"> {inert(line)}".rstrip() for line in story.headline.split("\n")]
    for name in (*SCAR_FIELDS, "lessons"):
        text = getattr(story, name)
        if text.strip():
            lines += ["", name.capitalize(), "-" * len(name), inert(text.strip())]
    if story.follow_ups:
        lines += ["", "Follow-ups", "----------"]
        for item in story.follow_ups:
            lines.append(f"Q: {inert(item.question)}")
            if item.answer:
                lines.append(f"A: {inert(item.answer)}")
    return "\n".join(lines)


def cmd_show(args: argparse.Namespace) -> int:
    """Print one story as text or as its Markdown."""
    with open_bank(args) as bank:
        story = bank.get_story(args.id)
        if args.format == "md":
            from storybank.io.markdown import story_to_markdown

            print(inert(story_to_markdown(story, bank.frameworks)), end="")
        else:
            print(render_story(story, bank))
    return EXIT_OK


def cmd_rm(args: argparse.Namespace) -> int:
    """Delete a story after confirmation; a backup is taken first."""
    with open_bank(args, write=True) as bank:
        story = bank.get_story(args.id)
        if not args.yes and not confirm(f"Delete {one_line(story.title, 60)!r} ({story.id})?"):
            raise StorybankError(
                "not deleted",
                hint="answer y at the prompt, or pass --yes when no one can answer it",
                exit_code=EXIT_BAD_INPUT,
            )
        bank.delete_story(story.id)
    print(f"Deleted {story.id}. A backup was kept: `storybank doctor` lists and restores it.")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Run the SCAR checks; exit 1 if any error-severity check fired."""
    from storybank.cli.context import bank_path
    from storybank.storage.snapshot import take_snapshot

    snapshot = take_snapshot(bank_path(args))
    checked = None if snapshot is None else _check_snapshot(snapshot, args)
    if checked is None:
        with open_bank(args) as bank:
            framework = bank.frameworks.get(args.framework or bank.settings.framework)
            all_stories = bank.stories()
            stories = [bank.get_story(args.id)] if args.id else all_stories
            checked = _check(
                stories,
                all_stories,
                framework,
                whole_bank=not args.id,
                sources=_follow_up_sources(bank, stories),
            )
    report, bank_results = checked
    has_errors = any(r.severity == "error" for _, _, rs in report for r in rs) or any(
        r.severity == "error" for r in bank_results
    )
    if args.json:
        payload = {
            "stories": [
                {
                    "id": story.id,
                    "title": story.title,
                    "score": score,
                    "checks": [r.to_dict() for r in results],
                }
                for story, score, results in report
            ],
            "bank": [
                {
                    "id": r.id,
                    "category": r.category,
                    "severity": r.severity,
                    "message": r.message,
                    "suggestion": r.suggestion,
                }
                for r in bank_results
            ],
        }
        print(json_text(payload, indent=2))
    else:
        print(_format_check_report(report, bank_results))
    return EXIT_CHECK_ERRORS if has_errors else EXIT_OK


Report = list[tuple["StoryData", int, list[CheckResult]]]


def _check(
    stories: Sequence[StoryData],
    all_stories: Sequence[StoryData],
    framework: FrameworkData,
    *,
    whole_bank: bool,
    sources: Mapping[str, Mapping[str, str]] | None = None,
) -> tuple[Report, list[BankCheckResult]]:
    report: Report = []
    for story in stories:
        asked_in = None if sources is None else sources.get(story.id)
        results = check_story(story, framework, asked_in=asked_in)
        report.append((story, readiness(story, results), results))
    return report, check_bank(all_stories, framework) if whole_bank else []


def _unanswered(stories: Sequence[StoryData]) -> bool:
    """Whether a story has a follow-up with no answer yet."""
    return any(not f.answer.strip() for s in stories for f in s.follow_ups)


def _check_snapshot(
    snapshot: BankSnapshot, args: argparse.Namespace
) -> tuple[Report, list[BankCheckResult]] | None:
    """The checks over a bank read as a snapshot; ``None`` where the full path must say more."""
    framework = snapshot.frameworks.get(args.framework or snapshot.settings["framework"])
    stories: list[StoryData] = list(snapshot.stories)
    if args.id:
        stories = [s for s in stories if s.id == args.id]
    if framework is None or (not stories and args.id):
        return None  # an unknown framework or story: the full path names it
    from storybank.storage.migrations import INTERVIEWS_TABLE

    if _unanswered(stories) and snapshot.table(INTERVIEWS_TABLE):
        # The findings name the rounds the follow-ups were asked in. Without
        # any round there is nothing to name, as the full path would find.
        return None
    return _check(stories, list(snapshot.stories), framework, whole_bank=not args.id)


def _follow_up_sources(bank: Bank, stories: Sequence[Story]) -> dict[str, dict[str, str]]:
    """Where the stories' unanswered follow-ups were asked, when any has no answer."""
    if not _unanswered(stories):
        return {}
    # Deferred import: only a story with an unanswered follow-up needs the rounds.
    from storybank.scheduling.debriefs import follow_up_sources
    from storybank.scheduling.store import DrillStore

    return follow_up_sources(DrillStore(bank).interviews())


_MARK = {"error": "✗", "warning": "!", "hint": "·"}


def _format_check_report(report: Report, bank_results: list[BankCheckResult]) -> str:
    out: list[str] = []
    for story, score, results in report:
        out.append(f"{story.id}  {score}/100 {readiness_label(score)}  {one_line(story.title, 50)}")
        if not results:
            out.append("  all checks pass")
        for r in results:
            out.append(f"  {_MARK[r.severity]} {r.severity:<7} {r.field:<13} {inert(r.message)}")
            out.append(f"    → {inert(r.suggestion)}")
        out.append("")
    if bank_results:
        out.append("Bank")
        for item in bank_results:
            out.append(f"  {_MARK[item.severity]} {item.severity:<7} {inert(item.message)}")
            out.append(f"    → {inert(item.suggestion)}")
    elif not report:
        out.append("No stories to check.")
    return "\n".join(out).rstrip()
