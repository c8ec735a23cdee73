"""Time for the drills: an injectable clock, and the local drill day.

Everything storybank stores is timezone-aware UTC, and FSRS wants exactly
``datetime.timezone.utc``. People, though, drill by *day*, and a day is local:
like Anki, the drill day starts at a rollover hour (4 am by default), so a
session that runs past midnight still counts for the evening it started in.

:class:`Calendar` maps UTC instants to drill days and back. It works on wall
clock time in the user's zone, so a daylight-saving change gives a 23- or
25-hour day rather than a shifted boundary. A clock that moves backwards is
handled by the callers (see :mod:`storybank.scheduling.queue`): instants after
"now" are never treated as belonging to an earlier day.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from storybank.core.timewords import days_ahead, time_until
from storybank.core.value import Value

DEFAULT_ROLLOVER_HOUR = 4


def as_utc(moment: datetime) -> datetime:
    """``moment`` in ``datetime.timezone.utc`` (the exact tzinfo FSRS accepts).

    Raises:
        ValueError: ``moment`` is naive; storybank never guesses a zone.
    """
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no zone; pass an aware one")
    return moment.astimezone(UTC)


class Clock(Protocol):
    """Where "now" comes from. Tests inject a :class:`FixedClock`."""

    def now(self) -> datetime:
        """The current instant, aware, in ``datetime.timezone.utc``."""
        ...

    @property
    def tz(self) -> tzinfo:
        """The user's local zone, which decides where a drill day starts."""
        ...


def local_zone() -> tzinfo:
    """The machine's local zone, with its daylight-saving rules where they can be found.

    ``$TZ`` wins, then ``/etc/localtime``; otherwise the current UTC offset is
    used as a fixed zone (right except across a daylight-saving change).
    """
    name = os.environ.get("TZ", "").removeprefix(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    localtime = Path("/etc/localtime")
    try:
        with localtime.open("rb") as handle:
            return ZoneInfo.from_file(handle, key="localtime")
    except (OSError, ValueError):
        pass
    fallback = datetime.now().astimezone().tzinfo
    return fallback if fallback is not None else UTC


class SystemClock:
    """The real time, in the local zone (or the zone given)."""

    def __init__(self, tz: tzinfo | None = None) -> None:
        self._tz = tz if tz is not None else local_zone()

    def now(self) -> datetime:
        """The current instant in UTC."""
        return datetime.now(UTC)

    @property
    def tz(self) -> tzinfo:
        """The local zone."""
        return self._tz


class FixedClock:
    """A clock that only moves when told to (for tests and benchmarks).

    Args:
        at: The instant it shows; must be aware.
        tz: The local zone the drill day is computed in.
    """

    def __init__(self, at: datetime, tz: tzinfo = UTC) -> None:
        self._now = as_utc(at)
        self._tz = tz

    def now(self) -> datetime:
        """The instant it was set to."""
        return self._now

    @property
    def tz(self) -> tzinfo:
        """The local zone it was given."""
        return self._tz

    def set(self, at: datetime) -> None:
        """Jump to ``at`` (backwards too)."""
        self._now = as_utc(at)

    def advance(self, delta: timedelta | None = None, **parts: float) -> datetime:
        """Move forward by ``delta`` or by ``timedelta(**parts)``; returns the new now."""
        self._now += delta if delta is not None else timedelta(**parts)
        return self._now


class Calendar(Value):
    """Drill days in a zone, each starting at ``rollover_hour`` local time.

    Attributes:
        tz: The user's zone.
        rollover_hour: The local hour (0-23) at which a new drill day starts.
    """

    __slots__ = ("rollover_hour", "tz")
    tz: tzinfo
    rollover_hour: int

    def __init__(self, tz: tzinfo = UTC, rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> None:
        if not 0 <= rollover_hour <= 23:
            raise ValueError("the rollover hour is 0-23")
        self._set(tz=tz, rollover_hour=rollover_hour)

    def local(self, moment: datetime) -> datetime:
        """``moment`` as local wall time."""
        return as_utc(moment).astimezone(self.tz)

    def day_of(self, moment: datetime) -> date:
        """The drill day ``moment`` belongs to (before the rollover hour: the day before)."""
        wall = self.local(moment)
        day = wall.date()
        return day if wall.hour >= self.rollover_hour else day - timedelta(days=1)

    def start_of(self, day: date) -> datetime:
        """The UTC instant at which drill day ``day`` starts.

        Where the rollover time does not exist that day (clocks jump over it),
        the day starts at the jump; where it happens twice (clocks fall back),
        at its first occurrence.
        """
        wall = datetime.combine(day, time(self.rollover_hour), tzinfo=self.tz)
        # zoneinfo reads a skipped wall time with the offset from before the
        # jump, which lands on the first instant after it: what we want.
        return wall.astimezone(UTC)

    def end_of(self, day: date) -> datetime:
        """The UTC instant at which drill day ``day`` ends (the next one starts)."""
        return self.start_of(day + timedelta(days=1))

    def bounds(self, day: date) -> tuple[datetime, datetime]:
        """``(start, end)`` of drill day ``day`` in UTC."""
        return self.start_of(day), self.end_of(day)

    def at_local(self, day: date, hour: int, minute: int = 0) -> datetime:
        """A local wall time on a calendar date, as a UTC instant."""
        return datetime.combine(day, time(hour, minute), tzinfo=self.tz).astimezone(UTC)

    def days_later(self, moment: datetime, days: int) -> datetime:
        """The same local wall time ``days`` days after ``moment``, as a UTC instant.

        So a card given an interval of ``days`` falls in the drill day exactly
        ``days`` after the one it was rated in, even across a daylight-saving change.
        """
        wall = self.local(moment).replace(tzinfo=None) + timedelta(days=days)
        return wall.replace(tzinfo=self.tz).astimezone(UTC)

    def days_between(self, start: datetime, end: datetime) -> int:
        """How many drill days ``end`` lies after ``start`` (0: the same drill day)."""
        return (self.day_of(end) - self.day_of(start)).days

    def due_in(self, due: datetime, now: datetime, *, exact: bool = False) -> str:
        """When a card is due, in the words every screen and command uses.

        A card in review is due for the whole drill day its due instant falls
        in: ``today``, ``tomorrow``, ``in 8d`` (counted in drill days, so it
        agrees with the interval its rating button showed). A card in its
        learning steps (``exact``) is due at its instant: ``now``, ``in 10m``.
        """
        if exact:
            return time_until(due, now)
        return days_ahead(self.days_between(now, due))

    def next_words(self, moment: datetime, now: datetime) -> str:
        """When the next card can be drilled, in words.

        ``now``; later today ``in 10m (09:40)``; on a later drill day
        ``tomorrow (Sat Mar 15 from 04:00)`` or ``in 8d (…)``.
        """
        if moment <= now:
            return "now"
        wall = self.local(moment)
        days = self.days_between(now, moment)
        if days <= 0:
            return f"{time_until(moment, now)} ({wall:%H:%M})"
        return f"{days_ahead(days)} ({wall:%a %b %d} from {wall:%H:%M})"


def calendar_for(clock: Clock, rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> Calendar:
    """The drill calendar of ``clock``'s zone."""
    return Calendar(tz=clock.tz, rollover_hour=rollover_hour)
