"""Digest schedules: explicit time zones, DST, day ranges."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from releasewatch.config import parse_schedule
from releasewatch.schedules import period_length, previous_occurrence, weekdays


def test_weekly_monday_berlin() -> None:
    schedule = parse_schedule("mon 09:00 Europe/Berlin")
    sunday = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    assert previous_occurrence(schedule, sunday) == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # CET = UTC+1
    monday_fire = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    assert previous_occurrence(schedule, monday_fire) == monday_fire


def test_summer_time_shifts_the_utc_instant() -> None:
    schedule = parse_schedule("mon 09:00 Europe/Berlin")
    july = datetime(2026, 7, 8, tzinfo=UTC)
    assert previous_occurrence(schedule, july) == datetime(2026, 7, 6, 7, 0, tzinfo=UTC)  # CEST = UTC+2


def test_day_ranges_and_daily() -> None:
    assert weekdays(parse_schedule("mon-fri 08:30")) == frozenset(range(5))
    assert weekdays(parse_schedule("fri-mon 08:30")) == frozenset({4, 5, 6, 0})
    assert weekdays(parse_schedule("daily 18:00 UTC")) == frozenset(range(7))
    assert weekdays(parse_schedule("tue,thu 07:00")) == frozenset({1, 3})
    assert period_length(parse_schedule("mon 09:00")) == timedelta(days=7)
    assert period_length(parse_schedule("daily 09:00")) == timedelta(days=1)


@given(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)),
    st.sampled_from(["mon 09:00 Europe/Berlin", "daily 00:30 America/New_York", "sat-sun 23:59 Asia/Shanghai"]),
)
def test_previous_occurrence_is_at_or_before_now_and_recent(now: datetime, spec: str) -> None:
    schedule = parse_schedule(spec)
    moment = previous_occurrence(schedule, now)
    assert moment <= now
    assert now - moment <= timedelta(days=7, hours=1)
