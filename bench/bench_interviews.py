"""Interview benchmarks: rating, a debrief save and weak spots with 50 rounds and 50,000 reviews.

The bank is the sample bank with the drill history of :mod:`bench.bench_drills`
(50,000 reviews in the log) and 50 debriefed rounds of five questions each
(40 interviews and 10 mock interviews), made with the real matcher and the
real debrief, so every round carries what a real one does: questions in the
question bank, question cards, follow-ups on the stories, competencies and
themes.

Targets are the existing ones: a rating, like any durable write, within
15 ms; a debrief save is a durable write plus the lookup of each new question
(5 ms each, the lookup target); ``storybank weak-spots`` from the shell, like
``storybank due``, no more than 1.5 times slower on this bank than on an
empty one.

Run alone with ``python -m bench.bench_interviews`` or with the others via
``python -m bench``.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from fsrs import Rating

from bench.banks import make_bank, simulate_history
from bench.bench_drills import LOGS
from bench.timing import command_medians_ms, process_env

Row = tuple[str, str, str]

ROUNDS = 50
MOCKS = 10
QUESTIONS_PER_ROUND = 5
SAVES = 40
RATINGS = 100


def _add_rounds(path: Path, after: datetime) -> None:
    """Debrief 50 rounds with the real matcher, in one write."""
    from storybank.core.questions import builtin_questions
    from storybank.scheduling.clock import FixedClock
    from storybank.scheduling.debriefs import QuestionEntry, RoundNotes
    from storybank.scheduling.drills import Drills
    from storybank.scheduling.interviews import build_matcher
    from storybank.scheduling.models import AskedFollowUp, Rubric
    from storybank.storage.repository import Bank

    rng = random.Random(50)
    questions = [q.text for q in builtin_questions()]
    went = ("strong", "ok", "shaky", "blank")
    with Bank.open(path) as bank:
        clock = FixedClock(after)
        drills = Drills(bank, clock=clock)
        matcher = build_matcher(bank)
        stories = [s.id for s in bank.stories()]
        with bank.batch():
            for n in range(ROUNDS):
                practice = n % (ROUNDS // MOCKS) == 0
                day = (clock.now() - timedelta(days=3 * (ROUNDS - n))).date()
                interview = drills.interviews.add(
                    f"Company {n % 17}",
                    day,
                    "mock" if practice else rng.choice(["phone screen", "onsite", "bar raiser"]),
                    kind="practice" if practice else "interview",
                )
                entries = []
                for _ in range(QUESTIONS_PER_ROUND):
                    entries.append(
                        QuestionEntry(
                            rng.choice(questions),
                            story=rng.choice([*stories, None]),
                            went=rng.choice(went),
                            follow_ups=[
                                AskedFollowUp(
                                    text=f"Follow-up {rng.randrange(40)}?",
                                    answered=rng.random() < 0.7,
                                )
                            ],
                            rubric=Rubric.model_validate(
                                {
                                    name: rng.randint(1, 4)
                                    for name in (
                                        "structure",
                                        "ownership",
                                        "complications",
                                        "quantified",
                                        "lesson",
                                        "composure",
                                    )
                                }
                            )
                            if practice
                            else None,
                        )
                    )
                drills.debriefs.debrief(
                    interview.id,
                    entries,
                    RoundNotes(outcome=rng.choice(["advanced", "rejected", "pending"])),
                    matcher=matcher,
                    allow_future=True,
                )
        drills.close()


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def bench_in_process(path: Path, after: datetime) -> list[Row]:
    """Rating, saving a debrief and computing weak spots, in process, on the full bank."""
    from storybank.scheduling.clock import FixedClock
    from storybank.scheduling.debriefs import QuestionEntry
    from storybank.scheduling.drills import Drills
    from storybank.scheduling.interviews import build_matcher
    from storybank.storage.repository import Bank

    clock = FixedClock(after)
    rows: list[Row] = []
    with Bank.open(path) as bank:
        drills = Drills(bank, clock=clock)
        matcher = build_matcher(bank)
        rounds = [i for i in drills.interviews.all() if not i.is_practice]
        target = rounds[-1]
        # Saving the debrief again with one more question: the round's one write,
        # the question's lookup, its question card.
        new_question: list[float] = []
        note_only: list[float] = []
        base = [QuestionEntry.of(q) for q in target.questions]
        for n in range(SAVES):
            clock.advance(minutes=1)
            extra = QuestionEntry(f"Tell me about a hard deadline on program {n}", went="shaky")
            started = time.perf_counter()
            drills.debriefs.debrief(target.id, [*base, extra], matcher=matcher, allow_future=True)
            new_question.append(time.perf_counter() - started)
            edited = [*base, extra]
            edited[0] = QuestionEntry(**{**edited[0].__dict__, "note": f"note {n}"})
            started = time.perf_counter()
            drills.debriefs.debrief(target.id, edited, matcher=matcher, allow_future=True)
            note_only.append(time.perf_counter() - started)
        # Weak spots are cached until a round changes: time them right after a change.
        spots: list[float] = []
        for n in range(SAVES):
            drills.debriefs.outcome(target.id, "rejected" if n % 2 else "pending")
            started = time.perf_counter()
            drills.weak_spots.compute()
            spots.append(time.perf_counter() - started)
        queue: list[float] = []
        for _ in range(SAVES):
            drills.debriefs.outcome(target.id, "advanced")
            started = time.perf_counter()
            drills.deck.queue()
            queue.append(time.perf_counter() - started)
        card_ids = [c.id for c in drills.deck.cards() if c.active]
        ratings: list[float] = []
        for n in range(RATINGS):
            clock.advance(days=1)
            started = time.perf_counter()
            drills.ledger.review(card_ids[n % len(card_ids)], Rating.Good, duration_s=60)
            ratings.append(time.perf_counter() - started)
        drills.close()
    rows += [
        (
            f"rate + persist durably, {LOGS:,} logs, {ROUNDS} rounds (median)",
            f"{_median_ms(ratings):.2f} ms",
            "<= 15 ms",
        ),
        (
            "debrief save with a new question (median)",
            f"{_median_ms(new_question):.2f} ms",
            "<= 20 ms",
        ),
        (
            "  debrief save, a note changed (median)",
            f"{_median_ms(note_only):.2f} ms",
            "<= 15 ms",
        ),
        (
            f"weak spots over {ROUNDS} rounds, after a change (median)",
            f"{_median_ms(spots):.2f} ms",
            "<= 5 ms",
        ),
        (
            "  daily queue with weak-spot priority, after a change",
            f"{_median_ms(queue):.2f} ms",
            "",
        ),
    ]
    return rows


def bench_cli(empty: Path, full: Path) -> list[Row]:
    """``storybank weak-spots`` as a process, on an empty bank and on the full one."""
    medians = command_medians_ms(
        {
            "empty": [sys.executable, "-m", "storybank", "--db", str(empty), "weak-spots"],
            "full": [sys.executable, "-m", "storybank", "--db", str(full), "weak-spots"],
            "json": [sys.executable, "-m", "storybank", "--db", str(full), "weak-spots", "--json"],
        },
        repeat=10,
        env=process_env(),
    )
    return [
        ("storybank weak-spots, empty bank (process)", f"{medians['empty']:.0f} ms", ""),
        (
            f"storybank weak-spots, {ROUNDS} rounds, {LOGS:,} reviews",
            f"{medians['full']:.0f} ms",
            "",
        ),
        (
            "  ratio full bank / empty bank",
            f"{medians['full'] / medians['empty']:.2f}x",
            "<= 1.5x",
        ),
        ("storybank weak-spots --json, full bank", f"{medians['json']:.0f} ms", ""),
    ]


def run() -> list[Row]:
    """Every interview benchmark row."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        empty = root / "empty" / "bank.json"
        full = root / "full" / "bank.json"
        make_bank(empty, 0)
        make_bank(full, None)
        after = simulate_history(full, LOGS)
        _add_rounds(full, after)
        rows = bench_cli(empty, full)
        rows += bench_in_process(full, after)  # last: it writes to the bank
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    table = run()
    widths = [
        max(len(r[i]) for r in [*table, ("benchmark", "measured", "target")]) for i in range(3)
    ]
    for row in [("benchmark", "measured", "target"), *table]:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
