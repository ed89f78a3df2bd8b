"""Source health, pure: broken vs failing vs quiet vs ok (sourcehealth.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from releasewatch.models import SourceState
from releasewatch.sourcehealth import assess, notice, usual_gap
from releasewatch.storage.records import SourceRecord

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def record(**changes: object) -> SourceRecord:
    values: dict[str, object] = {
        "name": "blog",
        "type": "rss",
        "state": SourceState(),
        "enabled": True,
        "disabled_reason": None,
        "first_polled_at": NOW - 30 * DAY,
        "last_attempt": NOW - timedelta(minutes=5),
        "last_success": NOW - timedelta(minutes=5),
        "last_error": None,
        "last_status": "ok",
        "consecutive_failures": 0,
        "next_due": NOW + timedelta(minutes=25),
        "moved_from": None,
    }
    values.update(changes)
    return SourceRecord(**values)  # type: ignore[arg-type]


def daily(count: int, last: datetime) -> list[datetime]:
    return [last - i * DAY for i in range(count)]


def test_a_healthy_source_that_publishes_daily_is_ok() -> None:
    assert assess(record(), now=NOW, alert_after=DAY, published=daily(10, NOW - timedelta(hours=3))).state == "ok"


def test_failing_turns_broken_only_after_alert_after_from_the_first_failure() -> None:
    failing = record(consecutive_failures=3, last_error="HTTP 500", failing_since=NOW - timedelta(hours=2))
    assert assess(failing, now=NOW, alert_after=DAY).state == "failing"
    broken = assess(
        record(consecutive_failures=40, last_error="HTTP 500", failing_since=NOW - 2 * DAY), now=NOW, alert_after=DAY
    )
    assert broken.state == "broken"
    assert broken.since == NOW - 2 * DAY and "HTTP 500" in broken.detail


def test_gone_is_disabled() -> None:
    verdict = assess(record(enabled=False, disabled_reason="410 Gone"), now=NOW, alert_after=DAY)
    assert (verdict.state, verdict.detail) == ("disabled", "410 Gone")


def test_quiet_is_silence_far_past_the_usual_gap_not_failure() -> None:
    verdict = assess(record(), now=NOW, alert_after=DAY, published=daily(10, NOW - 6 * DAY))
    assert verdict.state == "quiet"
    assert "usually publishes every 1d" in verdict.detail
    # A weekly newsletter silent for six days is not quiet.
    weekly = [NOW - 6 * DAY - i * 7 * DAY for i in range(6)]
    assert assess(record(), now=NOW, alert_after=DAY, published=weekly).state == "ok"


def test_too_little_history_never_counts_as_quiet() -> None:
    assert usual_gap(daily(3, NOW)) is None
    assert assess(record(), now=NOW, alert_after=DAY, published=daily(3, NOW - 60 * DAY)).state == "ok"


def test_never_polled_is_new() -> None:
    verdict = assess(record(last_success=None, last_attempt=None), now=NOW, alert_after=DAY)
    assert verdict.state == "new"


def test_notices_name_the_source_and_the_cause() -> None:
    broken = assess(
        record(consecutive_failures=9, last_error="timed out", failing_since=NOW - 2 * DAY), now=NOW, alert_after=DAY
    )
    title, body = notice(broken)
    assert "blog" in title and "broken" in title and "timed out" in body
    title, body = notice(assess(record(), now=NOW, alert_after=DAY), recovered_from="broken")
    assert "recovered" in title and "was broken" in body
