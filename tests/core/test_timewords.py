"""Times in words: each style pinned at its unit boundaries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from storybank.core.timewords import (
    days_ahead,
    format_duration,
    format_interval,
    time_ago,
    time_until,
)

NOW = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(0, "0:00"), (9, "0:09"), (60, "1:00"), (112, "1:52"), (119.6, "2:00"), (3600, "60:00")],
)
def test_format_duration(seconds: float, expected: str) -> None:
    assert format_duration(seconds) == expected


def test_format_duration_rejects_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        format_duration(-1)


@pytest.mark.parametrize(
    ("delta", "label"),
    [
        (timedelta(seconds=30), "<1m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(hours=5), "5h"),
        (timedelta(days=8), "8d"),
        (timedelta(days=75), "2.5mo"),
        (timedelta(days=730), "2.0y"),
    ],
)
def test_format_interval(delta: timedelta, label: str) -> None:
    assert format_interval(delta) == label


@pytest.mark.parametrize(
    ("delta", "label"),
    [
        (timedelta(seconds=59), "<1m"),
        (timedelta(seconds=60), "1m"),
        (timedelta(minutes=59, seconds=40), "60m"),
        (timedelta(hours=1), "1h"),
        (timedelta(hours=23, minutes=40), "24h"),
        (timedelta(days=1), "1d"),
        (timedelta(days=29), "29d"),
        (timedelta(days=30), "1.0mo"),
        (timedelta(days=364), "12.1mo"),
        (timedelta(days=365), "1.0y"),
    ],
)
def test_format_interval_at_its_unit_boundaries(delta: timedelta, label: str) -> None:
    assert format_interval(delta) == label


@pytest.mark.parametrize(
    ("ahead", "words"),
    [
        (timedelta(seconds=-30), "now"),
        (timedelta(seconds=59), "now"),
        (timedelta(minutes=1), "in 1m"),
        (timedelta(minutes=59, seconds=20), "in 59m"),
        (timedelta(hours=1), "in 1h"),
        (timedelta(hours=13), "in 13h"),
        (timedelta(hours=23, minutes=20), "in 23h"),
        (timedelta(hours=47), "in 2d"),
        (timedelta(days=3, hours=13), "in 4d"),
    ],
)
def test_time_until(ahead: timedelta, words: str) -> None:
    assert time_until(NOW + ahead, NOW) == words


def test_time_until_rounds_as_the_rating_buttons_do() -> None:
    for days in (0.007, 0.2, 8, 75):
        delta = timedelta(days=days)
        assert time_until(NOW + delta, NOW) == f"in {format_interval(delta)}"


@pytest.mark.parametrize(
    ("days", "words"),
    [(-2, "today"), (0, "today"), (1, "tomorrow"), (2, "in 2d"), (29, "in 29d"), (45, "in 1.5mo")],
)
def test_days_ahead(days: int, words: str) -> None:
    assert days_ahead(days) == words


@pytest.mark.parametrize(
    ("ago", "words"),
    [
        (timedelta(seconds=59), "just now"),
        (timedelta(minutes=1), "1 min ago"),
        (timedelta(minutes=59, seconds=59), "59 min ago"),
        (timedelta(hours=1), "1 h ago"),
        (timedelta(hours=23, minutes=59), "23 h ago"),
        (timedelta(days=1), "1 d ago"),
        (timedelta(days=29, hours=23), "29 d ago"),
    ],
)
def test_time_ago(ago: timedelta, words: str) -> None:
    assert time_ago(NOW - ago, NOW) == words


def test_time_ago_is_a_date_in_the_zone_of_now_after_thirty_days() -> None:
    tokyo = NOW.astimezone(ZoneInfo("Asia/Tokyo"))
    old = datetime(2025, 1, 10, 20, 0, tzinfo=UTC)  # already 11 January in Tokyo
    assert time_ago(old, NOW) == "2025-01-10"
    assert time_ago(old, tokyo) == "2025-01-11"


def test_timewords_load_nothing_but_the_standard_library() -> None:
    import subprocess
    import sys

    script = "import sys, storybank.core.timewords; print(sorted(sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert "textual" not in loaded and "fsrs" not in loaded and "storybank.scheduling" not in loaded
