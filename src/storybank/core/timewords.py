"""Times in words: every way storybank turns a duration or a moment into text.

Each function has one job and one style, and the app and the CLI share them:

* :func:`format_duration` — a stopwatch reading, ``1:52`` (spoken time, the countdown);
* :func:`format_interval` — a gap as on Anki's rating buttons, ``10m``, ``4d``, ``2.1mo``;
* :func:`days_ahead` — a number of drill days ahead, ``today``, ``tomorrow``, ``in 8d``;
* :func:`days_away` — how far off a dated event is, ``in 6 days`` (an interview);
* :func:`time_until` — how far ahead a moment is, ``in 13h``;
* :func:`time_ago` — how long ago a moment was, ``5 min ago``, or its date once it is old.

One rounding rule serves every interval: :func:`format_interval`'s. The
rating buttons, the drill screen's "back in …", the stats screen and
``storybank stats`` all say a card's interval through it, so one rating reads
as one number everywhere (drill days themselves are counted by
:class:`storybank.scheduling.clock.Calendar`).

Plain Python with no dependencies, so the checks, the CLI and the app can all use it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR


def format_duration(seconds: float) -> str:
    """A duration as ``m:ss``, e.g. ``112`` → ``"1:52"`` and ``3600`` → ``"60:00"``.

    Raises:
        ValueError: ``seconds`` is negative.
    """
    if seconds < 0:
        raise ValueError("a duration cannot be negative")
    minutes, secs = divmod(round(seconds), MINUTE)
    return f"{minutes}:{secs:02d}"


def format_interval(delta: timedelta) -> str:
    """A short interval label as on Anki's buttons: ``<1m``, ``10m``, ``3h``, ``4d``, ``2.1mo``.

    The one rounding rule: to the nearest minute, hour or day; a month is 30
    days and a year 365, to one decimal.
    """
    seconds = delta.total_seconds()
    if seconds < MINUTE:
        return "<1m"
    minutes = seconds / MINUTE
    if minutes < 60:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


def days_ahead(days: int) -> str:
    """Drill days ahead in words: ``today`` (0 or fewer), ``tomorrow``, ``in 8d``, ``in 1.5mo``."""
    if days <= 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {format_interval(timedelta(days=days))}"


def days_away(days: int) -> str:
    """How far off a dated event is, in full words: ``today``, ``tomorrow``, ``in 6 days``."""
    if days <= 0:
        return "today"
    return "tomorrow" if days == 1 else f"in {days} days"


def time_until(moment: datetime, now: datetime) -> str:
    """How far ahead ``moment`` is: ``now``, ``in 5m``, ``in 13h``, ``in 3d``.

    The interval is worded by :func:`format_interval`; under a minute is ``now``.
    """
    delta = moment - now
    if delta.total_seconds() < MINUTE:
        return "now"
    return f"in {format_interval(delta)}"


def time_ago(moment: datetime, now: datetime) -> str:
    """How long ago ``moment`` was: ``just now``, ``5 min ago``, ``3 h ago``, ``4 d ago``.

    Whole units, rounded down; a moment 30 days old or more is its date
    (``2025-03-14``) in ``now``'s zone.
    """
    seconds = (now - moment).total_seconds()
    if seconds < MINUTE:
        return "just now"
    if seconds < HOUR:
        return f"{int(seconds // MINUTE)} min ago"
    if seconds < DAY:
        return f"{int(seconds // HOUR)} h ago"
    if seconds < 30 * DAY:
        return f"{int(seconds // DAY)} d ago"
    return moment.astimezone(now.tzinfo).strftime("%Y-%m-%d")
