"""How the app reaches the drills: one :class:`~storybank.scheduling.drills.Drills` per app.

The scheduling package (``fsrs``, the review log) costs ~50 ms to import, so
nothing here imports it at module level: :func:`open_drills` does, the first
time a screen asks for ``app.drills`` (the bank screen asks one refresh after
its stories are drawn; the Drill and Stats screens when they open).

The app's clock is a plain function returning UTC "now" (tests pin it); the
drills also need the user's time zone, because a drill day is local. A test
that wants exact days and intervals sets ``app.drills`` itself, with a
:class:`~storybank.scheduling.clock.FixedClock` and ``fuzz=False``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storybank.scheduling.drills import Drills
    from storybank.storage.repository import Bank


class AppClock:
    """The app's clock function as the drills' :class:`~storybank.scheduling.clock.Clock`.

    Args:
        now: Returns the current instant (aware, UTC).
        tz: The user's zone, where drill days start and end.
    """

    def __init__(self, now: Callable[[], datetime], tz: tzinfo) -> None:
        self._now = now
        self._tz = tz

    def now(self) -> datetime:
        """The app clock's current instant."""
        return self._now()

    @property
    def tz(self) -> tzinfo:
        """The user's zone."""
        return self._tz


def open_drills(bank: Bank, now: Callable[[], datetime]) -> Drills:
    """The drills over the app's bank and clock, in the machine's local zone.

    The cards follow the stories by themselves: the first queue after a change
    brings them in step (one bank write if a story has no cards yet).
    """
    from storybank.scheduling.clock import local_zone
    from storybank.scheduling.drills import Drills

    return Drills(bank, clock=AppClock(now, local_zone()))
