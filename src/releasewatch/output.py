"""Terminal output for the CLI: progress, summary tables and the JSON shapes of INTERFACE.md. No decisions."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from releasewatch.models import ModelMention, Release
from releasewatch.poll import PollReport, SourceOutcome
from releasewatch.sourcehealth import SourceHealth
from releasewatch.storage.records import SourceRecord
from releasewatch.units import format_size


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


class PollProgress:
    """A progress bar on a terminal; one plain line per finished source otherwise (logs, cron mail)."""

    def __init__(self, total: int, *, enabled: bool = True) -> None:
        self.total = total
        self.enabled = enabled
        self.interactive = enabled and sys.stderr.isatty()
        self.done = 0
        self._progress: Progress | None = None
        self._task: Any = None

    def __enter__(self) -> PollProgress:
        if self.interactive:
            self._progress = Progress(
                TextColumn("polling"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.description}"),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("", total=self.total)
        return self

    def advance(self, outcome: SourceOutcome) -> None:
        self.done += 1
        if self._progress is not None:
            self._progress.update(self._task, advance=1, description=outcome.name)
        elif self.enabled:
            detail = outcome.error if outcome.error else f"{outcome.new_entries} new, {outcome.updated_entries} updated"
            print(f"[{self.done}/{self.total}] {outcome.name}: {outcome.status} ({detail})", file=sys.stderr)

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.stop()


def print_poll_report(report: PollReport, console: Console | None = None) -> None:
    console = console or Console()
    table = Table(title="poll", title_justify="left")
    for column in ("source", "status", "new", "updated", "unchanged", "seconds", "detail"):
        table.add_column(column, justify="right" if column in ("new", "updated", "unchanged", "seconds") else "left")
    for outcome in sorted(report.sources, key=lambda o: (o.status != "error", o.name)):
        detail = outcome.error or (f"moved to {outcome.moved_to}" if outcome.moved_to else "; ".join(outcome.warnings))
        style = {"error": "red", "skipped": "yellow"}.get(outcome.status, "")
        _add_row(
            table,
            outcome.name,
            outcome.status,
            str(outcome.new_entries),
            str(outcome.updated_entries),
            str(outcome.unchanged_entries),
            f"{outcome.seconds:.2f}",
            detail[:120],
            style=style,
        )
    console.print(table)
    console.print(
        f"{len(report.sources)} sources, {report.new_entries} new entries, {report.updated_entries} updated, "
        f"{report.new_releases} new releases, {report.failed_sources} failed, {report.seconds:.1f}s"
    )


def status_json(
    records: Sequence[SourceRecord],
    enabled: Mapping[str, bool],
    now: datetime,
    healths: Mapping[str, SourceHealth] | None = None,
) -> dict[str, Any]:
    healths = healths or {}
    return {
        "sources": [
            {
                "name": record.name,
                "type": record.type,
                "enabled": enabled.get(record.name, True) and record.enabled,
                "last_success": _iso(record.last_success),
                "last_error": record.last_error,
                "last_warning": record.last_warning,
                "consecutive_failures": record.consecutive_failures,
                "next_due": _iso(record.next_due),
                "entries": record.entries,
                "state": health(record, enabled.get(record.name, True)),
                "url": record.state.url,
                "moved_from": record.moved_from,
                "disabled_reason": record.disabled_reason,
                "last_attempt": _iso(record.last_attempt),
                # broken (failing past alert_after) vs quiet (answers, but silent far past its usual gap)
                "health": healths[record.name].state if record.name in healths else None,
                "health_detail": healths[record.name].detail if record.name in healths else None,
            }
            for record in records
        ],
        "checked_at": _iso(now),
    }


def health(record: SourceRecord, configured_enabled: bool) -> str:
    if not configured_enabled:
        return "disabled"
    if not record.enabled:
        return "gone"
    if record.last_attempt is None:
        return "never polled"
    if record.last_status in ("error", "throttled"):
        return "failing" if record.last_status == "error" else "throttled"
    return "ok"


def print_status(
    records: Sequence[SourceRecord],
    enabled: Mapping[str, bool],
    now: datetime,
    console: Console | None = None,
    healths: Mapping[str, SourceHealth] | None = None,
) -> None:
    healths = healths or {}
    console = console or Console()
    table = Table(title=f"sources ({len(records)})", title_justify="left")
    for column in (
        "source",
        "type",
        "state",
        "health",
        "last success",
        "failures",
        "next due",
        "entries",
        "last error or note",
    ):
        table.add_column(column)
    for record in records:
        state = health(record, enabled.get(record.name, True))
        verdict = healths.get(record.name)
        style = {"failing": "red", "gone": "red", "throttled": "yellow", "disabled": "dim"}.get(state, "")
        if verdict is not None and verdict.state == "quiet":
            style = "yellow"
        _add_row(
            table,
            record.name,
            record.type,
            state,
            verdict.state if verdict else "-",
            _ago(record.last_success, now),
            str(record.consecutive_failures),
            _ago(record.next_due, now),
            str(record.entries),
            _note(record, verdict)[:120],
            style=style,
        )
    console.print(table)


def _note(record: SourceRecord, verdict: SourceHealth | None) -> str:
    """What the operator should read about a source: its error, else its health, else its last warning."""
    if record.last_error:
        return record.last_error
    notes = [verdict.detail] if verdict and verdict.detail else []
    if record.moved_from:
        notes.append(f"moved from {record.moved_from}")
    if record.last_warning:
        notes.append(f"warning: {record.last_warning}")
    return "; ".join(notes)


def _ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "-"
    seconds = (now - moment).total_seconds()
    future = seconds < 0
    seconds = abs(seconds)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            text = f"{seconds / size:.0f}{unit}"
            break
    else:
        text = f"{seconds:.0f}s"
    return f"in {text}" if future else f"{text} ago"


def release_json(release: Release) -> dict[str, Any]:
    """INTERFACE.md's release object (plus id, family, region and announced_at)."""
    return {
        "vendor": release.vendor,
        "model": release.model,
        "params_total": release.params_total,
        "params_active": release.params_active,
        "license": release.license,
        "open_weights": release.open_weights,
        "first_seen": _iso(release.first_seen),
        "sources": list(release.sources),
        "id": release.id,
        "family": release.family,
        "region": release.region,
        "announced_at": _iso(release.announced_at),
    }


def mention_json(mention: ModelMention) -> dict[str, Any]:
    return {
        "vendor": mention.vendor,
        "model": mention.model,
        "params_total": mention.params_total,
        "params_active": mention.params_active,
        "license": mention.license,
        "open_weights": mention.open_weights,
        "notation": mention.notation,
        "family": mention.family,
        "region": mention.region,
        "structured": mention.structured,
        "evidence": mention.evidence,
    }


def _weights(open_weights: bool | None) -> str:
    return "?" if open_weights is None else ("open" if open_weights else "closed")


def print_releases(releases: Sequence[Release], console: Console | None = None) -> None:
    console = console or Console()
    table = Table(title=f"releases ({len(releases)})", title_justify="left")
    for column in ("first seen", "region", "release", "license", "weights", "sources"):
        table.add_column(column)
    for release in releases:
        _add_row(
            table,
            f"{release.first_seen:%Y-%m-%d %H:%M}",
            release.region or "-",
            f"{release.vendor}: {release.model} ({format_size(release.params_total, release.params_active)})",
            release.license or "-",
            _weights(release.open_weights),
            str(len(release.sources)),
        )
    console.print(table)


def print_mentions(mentions: Sequence[ModelMention], console: Console | None = None) -> None:
    console = console or Console()
    if not mentions:
        console.print("no model releases found")
        return
    table = Table(title=f"models ({len(mentions)})", title_justify="left")
    for column in ("vendor", "model", "params", "license", "weights", "evidence"):
        table.add_column(column)
    for mention in mentions:
        _add_row(
            table,
            mention.vendor,
            mention.model,
            format_size(mention.params_total, mention.params_active),
            mention.license or "-",
            _weights(mention.open_weights),
            mention.evidence[:80],
        )
    console.print(table)


def _add_row(table: Table, *cells: str, style: str = "") -> None:
    # Text(), not str: a feed title like "[bold]x[/]" must print as written, never as console markup.
    table.add_row(*(Text(cell) for cell in cells), style=style)
