"""When digests fall due: occurrences of a `Schedule` ("mon 09:00 Europe/Berlin") as UTC instants. Pure."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from releasewatch.config import Schedule

_DAY_INDEX = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def weekdays(schedule: Schedule) -> frozenset[int]:
    """The schedule's days as Python weekday numbers (Monday is 0)."""
    if schedule.days == "*":
        return frozenset(range(7))
    days: set[int] = set()
    for part in schedule.days.split(","):
        first, _, last = part.partition("-")
        start, end = _DAY_INDEX[first], _DAY_INDEX[last or first]
        span = (end - start) % 7
        days.update((start + offset) % 7 for offset in range(span + 1))
    return frozenset(days)


def previous_occurrence(schedule: Schedule, now: datetime) -> datetime:
    """The latest scheduled instant at or before ``now`` (UTC), honouring the schedule's time zone and DST."""
    zone = ZoneInfo(schedule.timezone)
    local_today = now.astimezone(zone).date()
    days = weekdays(schedule)
    for back in range(8):
        day = local_today - timedelta(days=back)
        if day.weekday() not in days:
            continue
        moment = datetime.combine(day, time(schedule.hour, schedule.minute), tzinfo=zone).astimezone(UTC)
        if moment <= now:
            return moment
    raise AssertionError("a schedule with at least one weekday recurs within 8 days")


def period_length(schedule: Schedule) -> timedelta:
    """How far back a first digest reaches: the gap to the previous occurrence (a week for a weekly schedule)."""
    return timedelta(days=7) if len(weekdays(schedule)) == 1 else timedelta(days=1)
