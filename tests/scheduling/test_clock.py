"""The clock and the drill calendar: rollover hour, daylight-saving changes, zones."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduling.drill_helpers import NEW_YORK, local
from storybank.scheduling.clock import Calendar, FixedClock, SystemClock, as_utc, local_zone


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_as_utc_gives_the_exact_tzinfo_fsrs_wants() -> None:
    moment = as_utc(local(2025, 3, 1, 10))
    assert moment.tzinfo is UTC
    assert moment == utc(2025, 3, 1, 15)


def test_as_utc_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="naive"):
        as_utc(datetime(2025, 3, 1, 10))


def test_fixed_clock_moves_only_when_told_and_can_go_back() -> None:
    clock = FixedClock(utc(2025, 3, 1, 12), NEW_YORK)
    assert clock.now() == utc(2025, 3, 1, 12)
    assert clock.advance(hours=2) == utc(2025, 3, 1, 14)
    clock.set(utc(2025, 3, 1, 9))
    assert clock.now() == utc(2025, 3, 1, 9)
    assert clock.now().tzinfo is UTC
    assert clock.tz is NEW_YORK


def test_system_clock_is_aware_utc() -> None:
    now = SystemClock(tz=NEW_YORK).now()
    assert now.tzinfo is UTC
    assert abs(now - datetime.now(UTC)) < timedelta(seconds=5)


def test_local_zone_follows_tz_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert local_zone() == ZoneInfo("Asia/Tokyo")


def test_local_zone_ignores_an_unknown_tz_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Not/AZone")
    zone = local_zone()
    assert datetime(2025, 1, 1, tzinfo=zone).utcoffset() is not None


@pytest.mark.parametrize(
    ("wall", "day"),
    [
        (local(2025, 3, 5, 3, 59), date(2025, 3, 4)),  # before 4 am: still yesterday
        (local(2025, 3, 5, 4, 0), date(2025, 3, 5)),
        (local(2025, 3, 5, 23, 59), date(2025, 3, 5)),
        (local(2025, 3, 6, 0, 30), date(2025, 3, 5)),  # past midnight, same drill day
    ],
)
def test_day_of_uses_the_rollover_hour(wall: datetime, day: date) -> None:
    assert Calendar(NEW_YORK, 4).day_of(wall) == day


def test_rollover_at_midnight_is_the_calendar_date() -> None:
    calendar = Calendar(NEW_YORK, 0)
    assert calendar.day_of(local(2025, 3, 6, 0, 0)) == date(2025, 3, 6)
    assert calendar.start_of(date(2025, 3, 6)) == utc(2025, 3, 6, 5)


def test_day_is_local_not_utc() -> None:
    # 02:00 UTC on the 6th is 21:00 on the 5th in New York.
    assert Calendar(NEW_YORK, 4).day_of(utc(2025, 3, 6, 2)) == date(2025, 3, 5)
    assert Calendar(UTC, 4).day_of(utc(2025, 3, 6, 2)) == date(2025, 3, 5)
    assert Calendar(UTC, 0).day_of(utc(2025, 3, 6, 2)) == date(2025, 3, 6)


def test_spring_forward_day_is_23_hours_long() -> None:
    calendar = Calendar(NEW_YORK, 4)
    # Clocks jump from 2:00 EST to 3:00 EDT on Sunday 9 March 2025.
    assert calendar.start_of(date(2025, 3, 8)) == utc(2025, 3, 8, 9)  # 04:00 EST
    assert calendar.start_of(date(2025, 3, 9)) == utc(2025, 3, 9, 8)  # 04:00 EDT
    start, end = calendar.bounds(date(2025, 3, 8))
    assert end - start == timedelta(hours=23)


def test_fall_back_day_is_25_hours_long() -> None:
    calendar = Calendar(NEW_YORK, 4)
    start, end = calendar.bounds(date(2025, 11, 1))
    assert start == utc(2025, 11, 1, 8)  # 04:00 EDT
    assert end == utc(2025, 11, 2, 9)  # 04:00 EST
    assert end - start == timedelta(hours=25)


def test_rollover_inside_the_skipped_hour_starts_the_day_at_the_jump() -> None:
    calendar = Calendar(NEW_YORK, 2)  # 2:00 does not exist on 9 March 2025
    start = calendar.start_of(date(2025, 3, 9))
    assert start == utc(2025, 3, 9, 7)  # the jump: 02:00 EST = 03:00 EDT
    assert calendar.day_of(start) == date(2025, 3, 9)
    assert calendar.day_of(start - timedelta(microseconds=1)) == date(2025, 3, 8)


def test_rollover_inside_the_repeated_hour_starts_at_its_first_occurrence() -> None:
    calendar = Calendar(NEW_YORK, 1)  # 1:00-2:00 happens twice on 2 November 2025
    start = calendar.start_of(date(2025, 11, 2))
    assert start == utc(2025, 11, 2, 5)  # 01:00 EDT
    # The second 1:30 (EST) belongs to the same drill day.
    assert calendar.day_of(utc(2025, 11, 2, 6, 30)) == date(2025, 11, 2)
    assert calendar.day_of(start - timedelta(seconds=1)) == date(2025, 11, 1)


@pytest.mark.parametrize("hour", [0, 2, 4, 23])
@pytest.mark.parametrize("zone", ["America/New_York", "Europe/Berlin", "Australia/Sydney", "UTC"])
def test_every_instant_of_a_year_falls_in_the_day_whose_bounds_hold_it(
    zone: str, hour: int
) -> None:
    calendar = Calendar(ZoneInfo(zone), hour)
    moment = utc(2025, 1, 1)
    while moment < utc(2026, 1, 1):
        day = calendar.day_of(moment)
        start, end = calendar.bounds(day)
        assert start <= moment < end, (zone, hour, moment)
        moment += timedelta(hours=5, minutes=17)


def test_calendar_rejects_a_bad_hour() -> None:
    with pytest.raises(ValueError):
        Calendar(NEW_YORK, 24)


def test_at_local_is_a_wall_time_on_a_date() -> None:
    assert Calendar(NEW_YORK).at_local(date(2025, 7, 1), 9) == utc(2025, 7, 1, 13)
