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
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fsrs import Rating, Scheduler

from bench.timing import command_medians_ms, process_env

Row = tuple[str, str, str]

LOGS = 50_000
RATINGS = 200
OPENS = 30
START = datetime(2005, 1, 1, 18, tzinfo=UTC)


def _make_bank(path: Path, *, sample: bool) -> None:
    from storybank.cli.admin import create_bank
    from storybank.scheduling.clock import FixedClock
    from storybank.scheduling.drills import Drills
    from storybank.storage.repository import Bank

    create_bank(path, sample=sample, force=False)
    with Bank.open(path) as bank, Drills(bank, clock=FixedClock(START)) as drills:
        drills.deck.sync()  # make the cards


def _simulate_history(path: Path, count: int) -> datetime:
    """Fill the log with ``count`` realistic reviews; returns the instant after the last."""
    from storybank.scheduling.cards import DrillCard
    from storybank.scheduling.log_format import LogEntry, new_id
    from storybank.scheduling.store import DrillStore
    from storybank.storage.repository import Bank

    scheduler = Scheduler()
    with Bank.open(path) as bank:
        store = DrillStore(bank)
        records = store.cards()
        cards = {cid: DrillCard.of(r).card for cid, r in records.items()}
        ids = sorted(cards)
        ratings = (Rating.Good, Rating.Good, Rating.Good, Rating.Easy, Rating.Hard, Rating.Again)
        lines = []
        now = START
        for i in range(count):
            card_id = ids[i % len(ids)]
            before = cards[card_id]
            after, log = scheduler.review_card(before, ratings[i % len(ratings)], now, 90_000)
            entry = LogEntry(
                id=new_id(),
                type="review",
                card=card_id,
                story=records[card_id].story,
                kind=records[card_id].kind,
                fsrs_id=log.card_id,
                at=log.review_datetime,
                rating=int(log.rating),
                duration_ms=log.review_duration,
                overran=False,
                before=before.to_dict(),
                after=None,
            )
            lines.append(entry.to_json())
            cards[card_id] = after
            now += timedelta(hours=24 * 7300 / count)
        store.ensure_log_token()
        store.log.rewrite(lines)
        store.put_cards(
            r.model_copy(update={"fsrs": cards[cid].to_dict(), "introduced": START})
            for cid, r in records.items()
        )
    return now


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
        _make_bank(empty, sample=False)
        _make_bank(stories, sample=True)
        _make_bank(full, sample=True)
        after = _simulate_history(full, LOGS)
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
