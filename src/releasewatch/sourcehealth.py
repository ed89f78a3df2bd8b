"""Is a source healthy, failing, broken, disabled or merely quiet? Pure: records and times in, verdicts out.

Feed tools' most common failure is a source that breaks silently, so the daemon reports a source once when it
crosses into a problem state and once when it recovers (notify.Notifier.ops). Quiet is told apart from broken:
a quiet source still answers, it just has published nothing for far longer than its own usual gap.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from releasewatch.storage.records import SourceRecord

State = Literal["ok", "new", "failing", "broken", "disabled", "quiet"]
PROBLEMS: frozenset[str] = frozenset({"broken", "disabled", "quiet"})  # the states worth an ops notice
QUIET_FACTOR = 4  # quiet: no item for this many of the source's usual gaps (and at least alert_after)
MIN_ITEMS_FOR_GAP = 4


@dataclass(frozen=True)
class SourceHealth:
    name: str
    state: State
    since: datetime | None  # when the problem began: last success, the 410, or the last item
    detail: str

    @property
    def is_problem(self) -> bool:
        return self.state in PROBLEMS


def usual_gap(published: Sequence[datetime]) -> timedelta | None:
    """The median gap between a source's recent items; None when there are too few to tell."""
    if len(published) < MIN_ITEMS_FOR_GAP:
        return None
    ordered = sorted(published)
    gaps = [(later - earlier).total_seconds() for earlier, later in itertools.pairwise(ordered)]
    return timedelta(seconds=statistics.median(gaps))


def assess(
    record: SourceRecord,
    *,
    now: datetime,
    alert_after: timedelta,
    published: Sequence[datetime] = (),
) -> SourceHealth:
    """The health of one source from its polling record and the publication times of its recent items."""
    if not record.enabled:
        return SourceHealth(record.name, "disabled", record.last_attempt, record.disabled_reason or "disabled")
    if record.consecutive_failures:
        since = record.failing_since or record.last_attempt
        failing_for = now - since if since else timedelta(0)
        state: State = "broken" if failing_for >= alert_after else "failing"
        detail = f"{record.consecutive_failures} failed polls in a row: {record.last_error or 'unknown error'}"
        return SourceHealth(record.name, state, since, detail)
    if record.last_success is None:
        return SourceHealth(record.name, "new", None, "not polled yet")
    return _quiet_or_ok(record.name, now, alert_after, published)


def _quiet_or_ok(name: str, now: datetime, alert_after: timedelta, published: Sequence[datetime]) -> SourceHealth:
    gap = usual_gap(published)
    if gap is None:
        return SourceHealth(name, "ok", None, "")
    last = max(published)
    silent_for = now - last
    if silent_for > max(gap * QUIET_FACTOR, alert_after):
        detail = f"no new item for {_human(silent_for)}; it usually publishes every {_human(gap)}"
        return SourceHealth(name, "quiet", last, detail)
    return SourceHealth(name, "ok", None, "")


def notice(health: SourceHealth, *, recovered_from: str | None = None) -> tuple[str, str]:
    """The (title, body) of an ops notice, in plain text; each channel escapes it for its medium."""
    if recovered_from is not None:
        return (
            f"releasewatch: source {health.name} recovered",
            f"{health.name} is {health.state} again (was {recovered_from}).",
        )
    since = f" since {health.since:%Y-%m-%d %H:%M} UTC" if health.since else ""
    return (
        f"releasewatch: source {health.name} is {health.state}",
        f"{health.name} is {health.state}{since}: {health.detail}",
    )


def _human(span: timedelta) -> str:
    seconds = int(span.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds / size:.1f}{unit}".replace(".0", "")
    return f"{seconds}s"
