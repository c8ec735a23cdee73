"""A fixed drill history for the Drill and Stats tests: same ratings, same instants, every run.

Everything goes through the real :class:`~storybank.scheduling.drills.Drills`
API with a :class:`~storybank.scheduling.clock.FixedClock` and ``fuzz=False``,
so intervals, the forecast and the retention are the same on every machine.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, date, timedelta
from pathlib import Path

from fsrs import Rating

from storybank.scheduling.clock import FixedClock
from storybank.scheduling.drills import Drills
from storybank.storage.repository import Bank
from storybank.tui.app import StorybankApp
from tui.support import NOW

PATTERN = (
    Rating.Good,
    Rating.Good,
    Rating.Easy,
    Rating.Good,
    Rating.Hard,
    Rating.Good,
    Rating.Again,
    Rating.Good,
)
"""Ratings in turn: mostly Good, now and then a lapse."""

UPCOMING = date(2025, 3, 20)
"""The interview the drills cram for (six days after NOW)."""


def fixed_drills(app: StorybankApp, clock: FixedClock | None = None) -> Drills:
    """Give the app drills on its bank with a fixed clock at NOW (UTC) and no fuzz."""
    drills = Drills(app.bank, clock=clock or FixedClock(NOW, UTC), fuzz=False)
    app.drills = drills
    return drills


def drill_history(bank: Bank, days: int = 60) -> None:
    """Drill the bank every day for ``days`` days before NOW (skipping every ninth day).

    Up to ten cards a day at 09:30 UTC, three minutes apart, rated in the
    order of :data:`PATTERN`; every eleventh card ran over its timer. Today
    is left undrilled, so the queue has cards due and the streak is 3.
    """
    clock = FixedClock(NOW, UTC)
    drills = Drills(bank, clock=clock, fuzz=False)
    count = 0
    try:
        for back in range(days, 0, -1):
            if back % 9 == 4:
                continue
            clock.set(NOW - timedelta(days=back))
            for _ in range(10):
                item = drills.deck.next_item()
                if item is None:
                    break
                drills.ledger.review(
                    item.card_id,
                    PATTERN[count % len(PATTERN)],
                    duration_s=60 + (count * 17) % 90,
                    overran=count % 11 == 0,
                )
                count += 1
                clock.advance(minutes=3)
        clock.set(NOW - timedelta(days=12))
        earlier = drills.interviews.add("Acme", date(2025, 3, 3), "phone screen")
        drills.debriefs.log(earlier.id, told=["new-seller-churn"], allow_future=True)
        drills.interviews.add("Acme", UPCOMING, "onsite")
        drills.flags.flag("platform-capacity-conflict")
    finally:
        drills.close()


_BUILT: dict[tuple[str, bytes, int], tempfile.TemporaryDirectory[str]] = {}
"""(bank file name, its bytes, days) → a folder holding that bank after :func:`drill_history`
(removed when the test process ends)."""


def with_history(path: Path, days: int = 60) -> Path:
    """Give the closed bank at ``path`` the history of :func:`drill_history`; returns ``path``.

    The history of one starting bank is made once per test process, in a
    folder of its own, and copied over ``path`` and its neighbours (review
    log, backups) after: the same bank and the same ratings at the same
    instants make the same files, and a 60-day history takes seconds.
    """
    key = (path.name, path.read_bytes(), days)
    if key not in _BUILT:
        folder = tempfile.TemporaryDirectory(prefix="drill-history-")
        bank_file = Path(folder.name) / path.name
        shutil.copy2(path, bank_file)
        with Bank.open(bank_file) as bank:
            drill_history(bank, days)
        bank_file.with_name(f"{path.name}.lock").unlink(missing_ok=True)
        _BUILT[key] = folder
    built = Path(_BUILT[key].name)
    for file in sorted(built.rglob("*")):
        if file.is_file():
            target = path.parent / file.relative_to(built)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, target)
    return path
