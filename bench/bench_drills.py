"""Drill benchmarks: rating with 50,000 reviews in the log, and opening such a bank.

The history is simulated with the real FSRS scheduler (about seven reviews a
day for twenty years over the sample bank's cards) and written in one go in
the review log's own format, so setting up takes seconds rather than the
minutes 50,000 durable ratings would.

Run alone with ``python -m bench.bench_drills`` or with the others via ``python -m bench``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from fsrs import Rating

from bench.banks import START, make_bank, simulate_history
from bench.timing import command_medians_ms, process_env

Row = tuple[str, str, str]

LOGS = 50_000
RATINGS = 200
OPENS = 30


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def bench_rating(path: Path, now: datetime) -> list[Row]:
    """Median time to rate one card and persist it durably (log fsync + atomic bank write)."""
    from storybank.scheduling.clock import FixedClock
    from storybank.scheduling.drills import Drills
    from storybank.scheduling.review_log import log_path
    from storybank.storage.repository import Bank

    clock = FixedClock(now)
    samples = []
    with Bank.open(path) as bank:
        drills = Drills(bank, clock=clock)
        card_ids = [c.id for c in drills.deck.cards()]
        for i in range(RATINGS):
            clock.advance(days=1)
            card_id = card_ids[i % len(card_ids)]
            started = time.perf_counter()
            drills.ledger.review(card_id, Rating.Good, duration_s=60)
            samples.append(time.perf_counter() - started)
        started = time.perf_counter()
        stats = drills.progress.stats()
        stats_ms = (time.perf_counter() - started) * 1000
        drills.close()
    size_mb = log_path(path).stat().st_size / 1e6
    return [
        (
            f"rate + persist durably, {stats.total_reviews:,} logs (median)",
            f"{_median_ms(samples):.2f} ms",
            "<= 15 ms",
        ),
        (f"  review log size ({stats.total_reviews:,} reviews)", f"{size_mb:.1f} MB", ""),
        ("  stats over the whole log (reads it all)", f"{stats_ms:.0f} ms", ""),
    ]


def _open_once(path: Path) -> Callable[[], None]:
    from storybank.scheduling.clock import FixedClock
    from storybank.scheduling.drills import Drills
    from storybank.storage.repository import Bank

    clock = FixedClock(START + timedelta(days=7400))

    def run() -> None:
        with Bank.open(path) as bank, Drills(bank, clock=clock) as drills:
            drills.deck.queue()  # ready to show the first card

    return run


def bench_open(empty: Path, stories: Path, full: Path) -> list[Row]:
    """Open the bank and build the first queue: empty, sample stories, sample + 50k reviews.

    The target compares the same stories with and without the history: what
    the history costs. The empty bank is shown for scale (six stories and
    their cards are validated on open whatever the history).
    """
    runs = {"empty": _open_once(empty), "stories": _open_once(stories), "full": _open_once(full)}
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for run in runs.values():
        run()  # warm caches
    for _ in range(OPENS):
        for name, run in runs.items():  # interleaved, so noise hits all alike
            started = time.perf_counter()
            run()
            samples[name].append(time.perf_counter() - started)
    medians = {name: _median_ms(values) for name, values in samples.items()}
    return [
        ("open + first queue, empty bank (median)", f"{medians['empty']:.2f} ms", ""),
        ("open + first queue, sample bank, no reviews", f"{medians['stories']:.2f} ms", ""),
        (f"open + first queue, sample bank, {LOGS:,} reviews", f"{medians['full']:.2f} ms", ""),
        (
            f"  ratio {LOGS:,} reviews / no reviews",
            f"{medians['full'] / medians['stories']:.2f}x",
            "<= 1.5x",
        ),
    ]


def bench_due_cli(empty: Path, full: Path) -> list[Row]:
    """``storybank due`` as a process, which must not read the log."""
    medians = command_medians_ms(
        {
            "empty": [sys.executable, "-m", "storybank", "--db", str(empty), "due"],
            "full": [sys.executable, "-m", "storybank", "--db", str(full), "due"],
        },
        repeat=10,
        env=process_env(),
    )
    return [
        ("storybank due, empty bank (process)", f"{medians['empty']:.0f} ms", ""),
        (f"storybank due, sample bank, {LOGS:,} reviews", f"{medians['full']:.0f} ms", ""),
        (
            f"  ratio {LOGS:,} reviews / empty bank",
            f"{medians['full'] / medians['empty']:.2f}x",
            "<= 1.5x",
        ),
    ]


def run() -> list[Row]:
    """Every drill benchmark row."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        empty = root / "empty" / "bank.json"
        stories = root / "stories" / "bank.json"
        full = root / "full" / "bank.json"
        make_bank(empty, 0)
        make_bank(stories, None)
        make_bank(full, None)
        after = simulate_history(full, LOGS)
        rows = bench_open(empty, stories, full)
        rows += bench_due_cli(empty, full)
        rows += bench_rating(full, after)  # last: it adds ratings to the bank
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    table = run()
    widths = [
        max(len(r[i]) for r in [*table, ("benchmark", "measured", "target")]) for i in range(3)
    ]
    for row in [("benchmark", "measured", "target"), *table]:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
