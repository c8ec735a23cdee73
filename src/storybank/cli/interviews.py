"""``interview log | debrief | outcome | rm`` and ``weak-spots``: after the interview.

``interview debrief ID`` opens the round as Markdown in ``$EDITOR`` (the
format of :mod:`storybank.scheduling.debrief_format`), like ``edit`` does for
a story: a mistake is shown with its line and the editor can be reopened, and
the draft is kept in ``drafts/`` until the debrief is saved. ``--file`` applies
a debrief written beforehand. ``interview log`` records questions one at a
time, for scripts. A round dated after today is debriefed only after a yes
(or ``--yes``).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from storybank.cli.context import confirm, open_bank
from storybank.cli.terminal import error, inert, json_text, one_line, table
from storybank.errors import EXIT_BAD_INPUT, EXIT_OK, StorybankError
from storybank.scheduling.debriefs import DebriefResult, FutureRound, QuestionEntry
from storybank.scheduling.drills import Drills
from storybank.scheduling.models import AskedFollowUp, Interview
from storybank.storage.repository import Bank

T = TypeVar("T")


def held_or_confirmed(args: argparse.Namespace, action: Callable[[bool], T]) -> T:
    """Run ``action(allow_future)``; for a round not yet held, ask first (or take ``--yes``)."""
    try:
        return action(bool(getattr(args, "yes", False)))
    except FutureRound as exc:
        if not confirm(f"{exc.message}. Record it anyway?"):
            raise StorybankError(
                exc.message, hint="debrief it once it has happened, or pass --yes"
            ) from None
        return action(True)


# -- log -------------------------------------------------------------------------------


def _entries(raw: list[dict[str, Any]]) -> list[QuestionEntry]:
    entries = []
    for item in raw:
        story = item.get("story")
        try:
            follow_ups = [AskedFollowUp(text=t, answered=a) for t, a in item["follow_ups"]]
        except ValueError as exc:
            raise StorybankError(f"bad --follow-up: {exc}", field="follow-up") from None
        entries.append(
            QuestionEntry(
                text=item["text"],
                story=None if story is None or story.strip().lower() == "none" else story,
                went=item.get("went"),
                follow_ups=follow_ups,
                note=item.get("note") or "",
            )
        )
    return entries


def cmd_log(args: argparse.Namespace) -> int:
    """Log questions of a round (and stories told) without an editor."""
    told = [s.strip() for s in args.stories.split(",") if s.strip()]
    entries = _entries(args.entries or [])
    with open_bank(args, write=True) as bank, Drills(bank) as drills:
        result = held_or_confirmed(
            args,
            lambda allow: drills.debriefs.log(args.id, entries, told, allow_future=allow),
        )
    print(debrief_report(result, "Logged"))
    return EXIT_OK


def debrief_report(result: DebriefResult, verb: str = "Debriefed") -> str:
    """What a debrief or a log did, for the terminal (user text made inert)."""
    interview = result.interview
    lines = [f"{verb} {inert(interview.label)}."]
    for warning in result.warnings:
        lines.append(f"  ! {inert(warning.message)}")
    if interview.told:
        lines.append(f"  told: {', '.join(interview.told)}")
    for text, story_id in result.answered:
        lines.append(f"  ✓ {one_line(text, 60)!r} → {story_id}")
    for text, told, better in result.better_story:
        lines.append(f"  ~ {one_line(text, 60)!r}: {better} fits it better than {told}")
    for gap in result.gaps:
        about = f" ({inert(gap.competency_name)})" if gap.competency_name else ""
        closest = f"; closest: {gap.closest}" if gap.closest else ""
        lines.append(
            f"  ✗ gap{about}: {one_line(gap.question, 60)!r}: no story answers it well{closest}"
        )
    if result.cards_added:
        noun = "card" if len(result.cards_added) == 1 else "cards"
        lines.append(f"  {len(result.cards_added)} question {noun} added to your drills")
    if result.cards_due_tomorrow:
        lines.append(
            "  due tomorrow (shaky or blank): " + ", ".join(sorted(result.cards_due_tomorrow))
        )
    for added in result.follow_ups_added:
        lines.append(
            f"  + follow-up for {added.story}: {one_line(added.question, 60)!r} "
            f"(write its answer: storybank edit {added.story})"
        )
    for text in result.follow_ups_unattached:
        lines.append(
            f"  ? follow-up {one_line(text, 60)!r}: no story was told to add it to "
            "(it stays in the debrief)"
        )
    if result.gaps:
        lines.append("  Write a story for each gap: `storybank new`.")
    return "\n".join(lines)


# -- debrief --------------------------------------------------------------------------


def cmd_debrief(args: argparse.Namespace) -> int:
    """Debrief a round in ``$EDITOR`` (or from ``--file``), then apply it."""
    from storybank.scheduling.debrief_format import parse_debrief, round_to_markdown

    with open_bank(args, write=True) as bank, Drills(bank) as drills:
        interview = drills.interviews.get(args.id)
        held_or_confirmed(
            args, lambda allow: drills.debriefs.check_held(interview, allow_future=allow)
        )
        result: DebriefResult | None
        if args.file:
            text = _read_text(args.file)
            name = "<stdin>" if args.file == "-" else args.file
            parsed = parse_debrief(text, file=name, interview_id=interview.id)
            result = _apply(drills, interview, parsed)
        else:
            result = _edit(bank, drills, interview, round_to_markdown(interview, for_editing=True))
        if result is None:
            print("No changes; nothing saved.")
            return EXIT_OK
    print(debrief_report(result))
    return EXIT_OK


def _read_text(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StorybankError("no such file", file=name) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StorybankError(f"cannot read the file: {exc}", file=name) from None


def _apply(drills: Drills, interview: Interview, parsed: Any) -> DebriefResult:
    """Save an edited debrief: the round's details, then its questions and notes, in one write."""
    bank = drills.deck.bank
    with bank.batch():
        drills.interviews.update(
            interview.id, company=parsed.company, day=parsed.day, round_name=parsed.round_name
        )
        return drills.debriefs.debrief(
            interview.id,
            parsed.questions,
            parsed.notes,
            told=parsed.told,
            # The date was confirmed (or is past) before the editor opened.
            allow_future=True,
        )


def _edit(bank: Bank, drills: Drills, interview: Interview, original: str) -> DebriefResult | None:
    """Edit the debrief until it saves; the draft is kept if the user gives up."""
    from storybank.cli.editing import new_draft, run_editor
    from storybank.scheduling.debrief_format import parse_debrief

    draft = new_draft(bank, f"debrief-{interview.id}", original)
    while True:
        run_editor(draft)
        text = draft.read_text(encoding="utf-8")
        if text == original:
            draft.unlink(missing_ok=True)
            return None
        try:
            parsed = parse_debrief(text, file=draft, interview_id=interview.id)
            result = _apply(drills, interview, parsed)
        except StorybankError as exc:
            if exc.file is None:
                exc.file = str(draft)
            error(f"storybank: {exc}")
            if not confirm("Reopen the editor to fix it?"):
                raise StorybankError(
                    "the debrief was not saved; your draft is kept",
                    file=draft,
                    hint="fix it, then run `storybank interview debrief "
                    f"{interview.id} --file {shlex.quote(str(draft))}`",
                ) from None
            continue
        draft.unlink(missing_ok=True)
        return result


# -- outcome and rm ---------------------------------------------------------------------


def cmd_outcome(args: argparse.Namespace) -> int:
    """Record how a round ended, with the feedback word for word."""
    feedback = args.feedback
    if feedback == "-":
        feedback = sys.stdin.read()
    with open_bank(args, write=True) as bank, Drills(bank) as drills:
        saved = held_or_confirmed(
            args,
            lambda allow: drills.debriefs.outcome(
                args.id, args.outcome, feedback, allow_future=allow
            ),
        )
        spots = drills.weak_spots.compute()
    print(f"{inert(saved.label)}: {saved.outcome}.")
    if saved.feedback:
        print("Feedback, as received:")
        for line in saved.feedback.splitlines():
            print(f"  {inert(line)}")
    if saved.outcome == "rejected":
        print("A rejection is data: `storybank weak-spots` turns your debriefs into a plan.")
        if not saved.questions:
            print(
                f"Debrief the round while you remember it: storybank interview debrief {saved.id}"
            )
    elif spots.plan and saved.outcome == "advanced":
        print("Next round: `storybank weak-spots` says what to practise first.")
    return EXIT_OK


def cmd_rm(args: argparse.Namespace) -> int:
    """Delete a round and its debrief (a backup is taken first)."""
    with open_bank(args, write=True) as bank, Drills(bank) as drills:
        interview = drills.interviews.get(args.id)
        if not args.yes and not confirm(
            f"Delete {one_line(interview.label, 60)!r} and its debrief?"
        ):
            raise StorybankError(
                "not deleted",
                hint="answer y at the prompt, or pass --yes when no one can answer it",
                exit_code=EXIT_BAD_INPUT,
            )
        drills.interviews.delete(interview.id)
    print(
        f"Deleted {interview.id}. A backup was kept: `storybank doctor` lists and restores it. "
        "Its question cards and follow-ups stay with your stories."
    )
    return EXIT_OK


# -- weak spots -------------------------------------------------------------------------


def story_findings(bank: Bank) -> Callable[[Any], list[str]]:
    """The ids of a story's error and warning checks in the active framework."""
    from storybank.checks import check_story

    framework = bank.frameworks.get(bank.settings.framework)

    def findings(story: Any) -> list[str]:
        return [r.id for r in check_story(story, framework) if r.severity != "hint"]

    return findings


def cmd_weak_spots(args: argparse.Namespace) -> int:
    """Every debrief and mock put together, and the plan."""
    from storybank.scheduling.models import RUBRIC

    with open_bank(args) as bank, Drills(bank) as drills:
        spots = drills.weak_spots.compute(findings=story_findings(bank))
    if args.json:
        print(json_text(spots.to_json(), indent=2))
        return EXIT_OK
    if not spots.rounds and not spots.practice:
        print("No debriefs yet. After a round: storybank interview debrief ID")
        print("Or practise now: storybank mock")
        return EXIT_OK
    mocks = f" and {spots.practice} mock{'s' * (spots.practice != 1)}" if spots.practice else ""
    rounds = f"{spots.rounds} round{'s' * (spots.rounds != 1)}"
    print(f"Weak spots from {rounds}{mocks} (framework {spots.framework_id})")
    if spots.competencies:
        rows = [
            [
                one_line(c.name, 34),
                str(c.asked),
                str(c.strong),
                str(c.ok),
                str(c.shaky),
                str(c.blank),
                ", ".join(c.stories[:3]) or ("no story" if c.gaps else "-"),
            ]
            for c in spots.competencies
        ]
        print()
        print(table(rows, ["COMPETENCY", "ASKED", "STRONG", "OK", "SHAKY", "BLANK", "STORIES"]))
    if spots.themes:
        print("\nRecurring themes")
        for theme in spots.themes:
            rounds_text = f"{theme.rounds} round{'s' * (theme.rounds != 1)}"
            print(f"  {inert(theme.theme)}: {theme.asked} questions in {rounds_text}")
    if spots.companies:
        print("\nOutcomes")
        for company in spots.companies:
            feedback = ", feedback recorded" if company.feedback else ""
            print(
                f"  {one_line(company.company, 24)}: {company.outcome} after "
                f"{inert(company.last)} ({company.rounds} round{'s' * (company.rounds != 1)})"
                f"{feedback}"
            )
    if spots.rubric:
        labels = dict(RUBRIC)
        scores = " · ".join(f"{labels[k]} {v:.1f}" for k, v in spots.rubric.items())
        print(f"\nMock rubric (1-4): {scores}")
    print("\nPlan")
    if not spots.plan:
        print(
            "  Nothing stands out: keep drilling (`storybank due`) and practise (`storybank mock`)."
        )
    for number, item in enumerate(spots.plan, start=1):
        print(f"  {number}. {inert(item.title)}")
        print(f"     {inert(item.why)}")
        print(f"     → {item.command} (in the app: {item.key})")
    return EXIT_OK
