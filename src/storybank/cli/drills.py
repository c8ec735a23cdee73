"""``due``, ``stats`` and ``interview``: the drills from the command line.

These print the same figures the drill and stats screens show, from the same
:class:`~storybank.scheduling.drills.Drills`. ``due`` and ``stats`` open the
bank read-only, so they work while the app has it open.

``due`` runs on every shell prompt of the people who put it there. It reads
the bank at a glance (:mod:`storybank.scheduling.glance`): the same queue,
without importing the models, whenever the bank lets it vouch for that; so
this module imports the drills proper only where a command needs them.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import asdict, is_dataclass
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING, Any

from storybank.cli.context import bank_path, open_bank
from storybank.cli.terminal import inert, json_text, one_line, table
from storybank.core.timewords import days_away
from storybank.errors import EXIT_BAD_INPUT, EXIT_OK, StorybankError

if TYPE_CHECKING:
    from storybank.scheduling.clock import Calendar
    from storybank.scheduling.queue import DailyQueue
    from storybank.scheduling.stats import DrillStats

SPARKS = " ▁▂▃▄▅▆▇█"
BAR_WIDTH = 30


# -- shared formatting ------------------------------------------------------------


def _json_default(value: object) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _dump(payload: object) -> str:
    data = asdict(payload) if is_dataclass(payload) and not isinstance(payload, type) else payload
    return json_text(data, default=_json_default, indent=2)


def bar(value: float, top: float, width: int = BAR_WIDTH) -> str:
    """A horizontal bar of ``value`` out of ``top`` in eighths of a character."""
    if top <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / top * width * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + ("" if part == 0 else "▏▎▍▌▋▊▉"[part - 1])


def sparkline(values: Sequence[float]) -> str:
    """One character per value, blank for zero."""
    top = max(values, default=0)
    if top <= 0:
        return "·" * len(values)
    out = []
    for value in values:
        if value <= 0:
            out.append("·")
        else:
            out.append(SPARKS[max(1, round(value / top * (len(SPARKS) - 1)))])
    return "".join(out)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


# -- due ----------------------------------------------------------------------------


def _due_payload(queue: DailyQueue) -> dict[str, Any]:
    due_now = queue.total - queue.count("ahead")
    return {
        "total": due_now,
        "due": queue.count("due"),
        "learning": queue.count("learning"),
        "cram": queue.count("cram"),
        "new": queue.count("new"),
        "new_left_today": queue.new_left,
        "day": queue.day.isoformat(),
        "next_due": None if queue.next_due is None else queue.next_due.isoformat(),
        "interview": (
            None
            if queue.cram is None
            else {
                "id": queue.cram.interview_id,
                "label": queue.cram.label,
                "date": queue.cram.day.isoformat(),
            }
        ),
        "clock_behind_seconds": (
            None if queue.clock_behind is None else round(queue.clock_behind.total_seconds())
        ),
    }


def due_queue(args: argparse.Namespace) -> tuple[DailyQueue, bool, Calendar]:
    """The queue now, whether the bank has any card, and the drill calendar.

    Read at a glance when the bank allows it (kept between runs while the bank
    is unchanged, :mod:`storybank.scheduling.glance_memo`), else through the
    drills proper; both give the same queue.
    """
    from storybank.scheduling.clock import local_zone
    from storybank.scheduling.glance_memo import glance_bank

    tz = local_zone()
    glance = glance_bank(bank_path(args))
    if glance is not None:
        calendar = glance.calendar(tz)
        return glance.queue(datetime.now(UTC), calendar), bool(glance.cards), calendar

    from storybank.scheduling.clock import SystemClock
    from storybank.scheduling.drills import Drills

    with open_bank(args) as bank, Drills(bank, clock=SystemClock(tz)) as drills:
        return drills.deck.queue(), bool(drills.deck.cards()), drills.deck.calendar


def cmd_due(args: argparse.Namespace) -> int:
    """Print how many cards are due now (first word: the number)."""
    if args.prompt:
        return _due_prompt(args)
    queue, has_cards, calendar = due_queue(args)
    payload = _due_payload(queue)
    if args.json:
        print(_dump(payload))
        return EXIT_OK
    total = payload["total"]
    if total:
        parts = [
            f"{payload[key]} {label}"
            for key, label in (
                ("due", "to review"),
                ("learning", "learning"),
                ("cram", "cram"),
                ("new", "new"),
            )
            if payload[key]
        ]
        noun = "card" if total == 1 else "cards"
        print(f"{total} {noun} due now: {', '.join(parts)}.")
    elif not has_cards:
        print("0 cards: add a story (`storybank new`) and it gets drill cards.")
    elif queue.next_due is not None:
        print(f"0 cards due. Next: {calendar.next_words(queue.next_due, queue.now)}.")
    else:
        print("0 cards due.")
    if queue.cram is not None:
        print(f"Cram mode for {inert(queue.cram.label)}.")
    if queue.clock_behind is not None:
        print(
            "Warning: the clock is behind your latest review by "
            f"{round(queue.clock_behind.total_seconds() / 60)} min; check the system time."
        )
    return EXIT_OK


def _due_prompt(args: argparse.Namespace) -> int:
    """The count alone, or nothing: a shell prompt shows it as it is, on every prompt.

    A bank that cannot be read prints nothing either (a prompt is no place
    for an error message); the exit code says so, and plain ``due`` explains.
    """
    try:
        queue, _, _ = due_queue(args)
    except StorybankError as exc:
        return exc.exit_code
    except OSError:
        return EXIT_BAD_INPUT
    total = queue.total - queue.count("ahead")
    if total:
        print(total)
    return EXIT_OK


# -- stats --------------------------------------------------------------------------


def cmd_stats(args: argparse.Namespace) -> int:
    """Print the stats screen's figures as text with small bar charts, or JSON."""
    from storybank.scheduling.drills import Drills

    with open_bank(args) as bank, Drills(bank) as drills:
        stats = drills.progress.stats()
        rollover = drills.deck.settings.rollover_hour
    if args.json:
        print(_dump(stats))
    else:
        print(render_stats(stats, rollover))
    return EXIT_OK


def render_stats(stats: DrillStats, rollover_hour: int = 4) -> str:
    """The stats as plain text: summary lines, bar charts and the per-story table."""
    out = [
        f"Drills on {stats.today:%a %Y-%m-%d} (a drill day starts at {rollover_hour:02d}:00)",
        "",
        f"Streak       {stats.streak} day{'s' * (stats.streak != 1)} "
        f"(longest {stats.longest_streak})",
        f"Reviews      {stats.total_reviews} in all, {stats.reviews_today} today "
        f"({round(stats.seconds_today / 60)} min)",
        "Cards        "
        + ", ".join(f"{count} {state}" for state, count in stats.card_states.items()),
        f"Retention    {_percent(stats.true_retention)} over 90 days "
        f"(target {_percent(stats.desired_retention)})",
    ]
    history = stats.reviews_per_day
    out += ["", f"Reviews per day, last {len(history)} days (max {_max(history)}/day)"]
    weeks = [history[max(0, end - 7) : end] for end in range(len(history), 0, -7)][::-1]
    top = max((sum(d.reviews for d in w) for w in weeks), default=0)
    for week in weeks:
        total = sum(d.reviews for d in week)
        spark = sparkline([d.reviews for d in week]).ljust(7)
        out.append(f"  {week[0].day:%b %d}  {spark}  {bar(total, top, 24):<24} {total}")

    forecast = stats.forecast
    peak = max((f.due for f in forecast), default=0)
    out += [
        "",
        f"Due forecast, next {len(forecast)} days (today first; max {peak}/day)",
        f"  {sparkline([f.due for f in forecast])}",
        "  " + "".join("|" if i % 7 == 0 else " " for i in range(len(forecast))),
    ]
    week_totals = [sum(f.due for f in forecast[i : i + 7]) for i in range(0, len(forecast), 7)]
    out.append(
        "  "
        + ", ".join(
            f"{'this week' if i == 0 else f'+{i} wk'}: {n}" for i, n in enumerate(week_totals)
        )
    )

    out += ["", "True retention by week (reviews of cards last seen on an earlier day)"]
    for point in stats.retention:
        value = point.retention
        label = _percent(value).rjust(4)
        out.append(
            f"  {point.start:%b %d}  {bar(value or 0.0, 1.0, 24):<24} {label}"
            f"  ({point.passed}/{point.reviews})"
        )

    if stats.interview is not None:
        iv = stats.interview
        days = days_away(iv.days_away)
        out += ["", f"Next interview: {inert(iv.label)}, {days}"]
        if iv.below_target:
            out.append(
                f"  predicted below {_percent(stats.desired_retention)}: "
                + ", ".join(iv.below_target)
            )
        else:
            out.append("  every story is predicted above your target on the day")

    if stats.stories:
        on_day = stats.interview is not None
        headers = ["STORY", "STATE", "STAB", "DIFF", "RECALL"]
        headers += ["ON DAY"] if on_day else []
        headers += ["REVIEWS", "LAPSES", "DUE"]
        rows = []
        for row in stats.stories:
            cells = [
                # Ids in full: two ids cut to the same text could not be told apart.
                inert(row.story_id) + (" !" if row.flagged else ""),
                row.state,
                "-" if row.stability is None else f"{row.stability:.1f}d",
                "-" if row.difficulty is None else f"{row.difficulty:.1f}",
                _percent(row.recall_now if row.state != "new" else None),
            ]
            if on_day:
                cells.append(_percent(row.recall_on_interview))
            cells += [
                str(row.reviews),
                str(row.lapses),
                "-" if row.due_day is None else f"{row.due_day:%Y-%m-%d} ({row.due_in})",
            ]
            rows.append(cells)
        out += ["", table(rows, headers)]
        if any(r.flagged for r in stats.stories):
            out.append("  ! = flagged as needing work")
    for note in stats.notes:
        out.append(f"Note: {note}")
    return "\n".join(out)


def _max(days: Sequence[Any]) -> int:
    return max((d.reviews for d in days), default=0)


# -- interviews ------------------------------------------------------------------------


def cmd_interview(args: argparse.Namespace) -> int:
    """``interview add | list`` (the other actions are in :mod:`storybank.cli.interviews`)."""
    if args.action == "add":
        return _interview_add(args)
    if args.action == "list":
        return _interview_list(args)
    raise StorybankError(f"unknown action {args.action!r}")  # pragma: no cover - argparse


def _interview_add(args: argparse.Namespace) -> int:
    from storybank.core.text import counted
    from storybank.scheduling.drills import Drills
    from storybank.scheduling.interviews import parse_interview_date

    day = parse_interview_date(args.date)
    with open_bank(args, write=True) as bank, Drills(bank) as drills:
        interview = drills.interviews.add(args.company, day, args.round_name or "")
        told = drills.interviews.told_to(interview.company)
        cram = drills.deck.cram_target()
        today = drills.deck.calendar.local(drills.deck.now()).date()
    print(f"Recorded {interview.id}: {inert(interview.label)}.")
    if interview.date < today:
        ago = (today - interview.date).days
        print(
            f"Note: {interview.date.isoformat()} was {counted(ago, 'day')} ago: recorded as a "
            "past round, to debrief now; no drills get ready for a date that has gone."
        )
    earlier = {s: rounds for s, rounds in told.items() if any(i.id != interview.id for i in rounds)}
    if earlier:
        print(f"Already told to {inert(interview.company)}:")
        for story_id, rounds in earlier.items():
            names = ", ".join(inert(i.round or i.date.isoformat()) for i in rounds)
            print(f"  {story_id} ({names})")
        print("Pick other stories for this round where you can.")
    if cram is not None and cram.interview_id == interview.id:
        print("Cram mode is on until then: `storybank due` counts the stories to refresh.")
    when = "Now" if interview.date < today else "Afterwards"
    print(f"{when}: storybank interview debrief {interview.id}")
    return EXIT_OK


def _interview_list(args: argparse.Namespace) -> int:
    from storybank.core.text import counted
    from storybank.scheduling.drills import Drills

    with open_bank(args) as bank, Drills(bank) as drills:
        interviews = drills.interviews.all()
        upcoming = drills.interviews.next()
        today = drills.deck.calendar.local(drills.deck.now()).date()
    if args.json:
        payload = [
            {**i.model_dump(mode="json"), "upcoming": i.date >= today, "next": i == upcoming}
            for i in interviews
        ]
        print(_dump({"interviews": payload}))
        return EXIT_OK
    if not interviews:
        print("No interviews yet. Record one:")
        print('  storybank interview add ACME 2025-03-14 --round "onsite"')
        return EXIT_OK
    rows = []
    for interview in interviews:
        gaps = sum(1 for q in interview.questions if q.gap)
        asked = f"{len(interview.questions)}" + (f" ({counted(gaps, 'gap')})" if gaps else "")
        mark = "→ " if interview == upcoming else ""
        rows.append(
            [
                mark + interview.id,
                interview.date.isoformat(),
                one_line(interview.company, 24),
                one_line(interview.round, 16) or "-",
                interview.outcome,
                ", ".join(interview.told) or "-",
                asked if interview.questions else "-",
            ]
        )
    print(table(rows, ["ID", "DATE", "COMPANY", "ROUND", "OUTCOME", "TOLD", "ASKED"]))
    return EXIT_OK
