"""The update path: a pure scheduling decider plus a thin pipeline (storage → fetch → decide → store → extract).

Each source is polled concurrently, bounded overall (``defaults.concurrency``) and per host inside the HTTP
client. A per-source failure is a value, recorded on the source; only our own SourceError is caught here, so
anything else is a bug and surfaces.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from releasewatch.config import Config, SourceConfig
from releasewatch.dedup import decide, normalise_items, to_store
from releasewatch.errors import GoneError, SourceError
from releasewatch.models import FetchResult, Item
from releasewatch.registry import build_source
from releasewatch.sources.base import FetchContext
from releasewatch.storage import Storage
from releasewatch.storage.records import SourceRecord, StoredEntry
from releasewatch.storage.sources import Success
from releasewatch.workers import pool_size

if TYPE_CHECKING:
    from releasewatch.sources._http import HttpClient

log = logging.getLogger("releasewatch.poll")

Status = Literal["ok", "not_modified", "error", "skipped"]
MAX_BACKOFF = timedelta(hours=24)
JITTER = 0.1  # ±10 % spreads sources that share an interval, so a fleet does not poll in lock-step


@dataclass(frozen=True)
class SourceOutcome:
    name: str
    status: Status
    new_entries: int = 0
    updated_entries: int = 0
    unchanged_entries: int = 0
    error: str | None = None
    seconds: float = 0.0
    warnings: tuple[str, ...] = ()
    moved_to: str | None = None
    entries: tuple[StoredEntry, ...] = field(default=(), repr=False)  # new and updated, for extraction/alerts
    next_due: datetime | None = None  # as recorded; the daemon moves the source's job there

    @property
    def failed(self) -> bool:
        return self.status == "error"


@dataclass(frozen=True)
class PollReport:
    sources: tuple[SourceOutcome, ...]
    new_releases: int
    seconds: float
    fetch_seconds: float = 0.0  # fetch, parse, dedup and store of every source
    extract_seconds: float = 0.0  # then extraction and release resolution of what was stored

    @property
    def new_entries(self) -> int:
        return sum(outcome.new_entries for outcome in self.sources)

    @property
    def updated_entries(self) -> int:
        return sum(outcome.updated_entries for outcome in self.sources)

    @property
    def failed_sources(self) -> int:
        return sum(outcome.failed for outcome in self.sources)


# --- the pure part: when is a source due next -------------------------------------------------------------


def next_due_after_success(now: datetime, interval: timedelta, rng: random.Random) -> datetime:
    return now + interval * (1 + rng.uniform(-JITTER, JITTER))


def next_due_after_failure(
    now: datetime, interval: timedelta, failures: int, retry_after: float | None, rng: random.Random
) -> datetime:
    """Exponential backoff with full jitter, capped at a day; a server's Retry-After is a floor we never undercut.

    Even the first retry waits at least the source's own interval: a failure never makes a source polled more
    often than a healthy one (two replicas must not see a failing source polled twice in one interval).
    """
    backoff = min(interval * (1 << min(failures + 1, 16)), MAX_BACKOFF)
    delay = backoff * rng.uniform(0.5, 1.0)
    if retry_after is not None:
        delay = max(delay, timedelta(seconds=retry_after))
    return now + delay


def throttled_until(record: SourceRecord, now: datetime) -> datetime | None:
    """A server that said Retry-After is honoured even by a manual poll."""
    if record.last_status == "throttled" and record.next_due is not None and record.next_due > now:
        return record.next_due
    return None


# --- the pipeline ---------------------------------------------------------------------------------------


EntriesHook = Callable[[Sequence[StoredEntry]], int]
StoredHook = Callable[[Sequence[StoredEntry]], None]
ProgressHook = Callable[[SourceOutcome], None]


@dataclass
class Poller:
    config: Config
    storage: Storage
    clock: Callable[[], datetime]
    on_entries: EntriesHook = lambda entries: 0
    on_progress: ProgressHook = lambda outcome: None
    # Each feed's new and updated entries as soon as they are stored (the caller may start extracting them).
    on_stored: StoredHook = lambda entries: None
    rng: random.Random = field(default_factory=random.Random)
    # The caller's worker processes for parsing (see ``pool_workers``); without them feeds are parsed in threads.
    pool: Executor | None = None
    # Masks configured secrets in what a poll stores and reports (errors, warnings): a library's message or a link
    # resolved against a feed URL that carries a token must not reach `status` or `--json` output.
    redact: Callable[[str], str] = lambda text: text
    _records: dict[str, SourceRecord] = field(default_factory=dict, init=False, repr=False)
    _unchanged: list[Success] = field(default_factory=list, init=False, repr=False)

    async def poll(
        self, names: Sequence[str] | None = None, *, http: HttpClient | None = None, sync: bool = True
    ) -> PollReport:
        """Poll the named (default: all enabled) sources; ``sync=False`` when the caller keeps rows in sync."""
        started = time.monotonic()
        selected = self.select(names)
        if sync:
            sync_sources(self.config, self.storage)
        limit = asyncio.Semaphore(self.config.defaults.concurrency)
        self._records = self.storage.sources.get_many([source.name for source in selected])
        own_client = http is None
        if http is None:
            from releasewatch.sources._http import HttpClient  # the HTTP stack loads only when a poll runs

            http = HttpClient(
                per_host=self.config.defaults.per_host_concurrency, connections=self.config.defaults.concurrency
            )
        client = http
        try:
            outcomes = await asyncio.gather(*(self._guarded(source, client, limit) for source in selected))
        finally:
            if own_client:
                await client.aclose()
            # Sources that had nothing new, recorded together (a warm poll of 1,000 feeds: one write, not 1,000).
            self.storage.sources.record_successes(self._unchanged)
            self._unchanged = []
        entries = [entry for outcome in outcomes for entry in outcome.entries]
        fetched = time.monotonic()
        new_releases = self.on_entries(entries)  # also catches up entries a killed process left unextracted
        ended = time.monotonic()
        return PollReport(
            sources=tuple(outcomes),
            new_releases=new_releases,
            seconds=ended - started,
            fetch_seconds=fetched - started,
            extract_seconds=ended - fetched,
        )

    def select(self, names: Sequence[str] | None) -> list[SourceConfig]:
        if not names:
            return [source for source in self.config.sources if source.enabled]
        return [self.config.source(name) for name in names]  # named explicitly: polled even if disabled in config

    async def _guarded(self, source: SourceConfig, http: HttpClient, limit: asyncio.Semaphore) -> SourceOutcome:
        async with limit:
            started = time.monotonic()
            outcome = await self._poll_one(source, http)
            outcome = _with_seconds(outcome, time.monotonic() - started)
        _log_outcome(outcome)
        self.on_progress(outcome)
        return outcome

    async def _poll_one(self, source: SourceConfig, http: HttpClient) -> SourceOutcome:
        record = self._records.get(source.name) or self.storage.sources.get(source.name)
        now = self.clock()
        if not record.enabled:
            # Reported once, when it happened; from then on it is skipped (status shows it), not failed again.
            return SourceOutcome(source.name, "skipped", error=f"disabled: {record.disabled_reason}")
        if (until := throttled_until(record, now)) is not None:
            return SourceOutcome(source.name, "skipped", error=f"server asked to wait until {until:%H:%M} UTC")
        implementation = build_source(source, self.config.defaults)
        if implementation is None:
            return SourceOutcome(source.name, "skipped", error=f"type {source.type!r} is not implemented yet")
        try:
            context = FetchContext(
                http=http, now=now, parse_pool=self.pool, to_store=lambda items: self._to_store(source, items, now)
            )
            result = await implementation.fetch(record.state, context)
        except SourceError as exc:
            return self._failed(source, record, exc)
        return self._store(source, record, result)

    def _failed(self, source: SourceConfig, record: SourceRecord, exc: SourceError) -> SourceOutcome:
        now = self.clock()
        message = self.redact(str(exc) or type(exc).__name__)
        due = next_due_after_failure(
            now, self._interval(source), record.consecutive_failures, exc.retry_after, self.rng
        )
        self.storage.sources.record_failure(
            source.name,
            message,
            now=now,
            next_due=due,
            disable=isinstance(exc, GoneError),
            throttled=exc.retry_after is not None,
        )
        return SourceOutcome(source.name, "error", error=message, next_due=due)

    def _store(self, source: SourceConfig, record: SourceRecord, result: FetchResult) -> SourceOutcome:
        now = self.clock()
        items = normalise_items(result.items, now)
        announce_after = None if record.first_polled_at else now - (source.since or self.config.defaults.since)
        due = next_due_after_success(now, self._interval(source), self.rng)
        warnings = tuple(self.redact(warning) for warning in result.warnings)
        warning = "; ".join(warnings) if result.status == "ok" else None  # a 304 keeps the last one
        success = Success(source.name, result.state, result.status, now, due, result.moved_to, warning)
        # The success goes in with the entries, so a crash re-polls with the old validators and stores nothing twice.
        stored = self.storage.store_fetched(source.name, items, decide, success, announce_after=announce_after)
        if stored.new or stored.updated:
            self.on_stored(stored.new + stored.updated)
        else:  # a 304 or an unchanged feed: nothing written yet but the source's own row, batched at the end
            self._unchanged.append(success)
        return SourceOutcome(
            source.name,
            result.status,
            new_entries=len(stored.new),
            updated_entries=len(stored.updated),
            unchanged_entries=stored.unchanged,
            warnings=warnings,
            moved_to=result.moved_to,
            entries=stored.new + stored.updated,
            next_due=due,
        )

    def _to_store(self, source: SourceConfig, items: Sequence[Item], now: datetime) -> list[bool]:
        normalised = normalise_items(items, now)  # as _store will see them: keys bounded the same way
        return to_store(normalised, *self.storage.entries.known(source.name, normalised))

    def _interval(self, source: SourceConfig) -> timedelta:
        return self.config.interval_of(source)


PARSE_POOL_MIN = 40  # feeds in one poll; fewer are parsed in threads (a worker process costs ≈ 0.5 s to start)


def parsed_feeds(sources: Sequence[SourceConfig]) -> int:
    return sum(source.type == "rss" for source in sources)


def pool_workers(feeds: int) -> int:
    """How many worker processes a poll of this many feeds should parse in: 0 for threads, when there are few
    feeds or one core."""
    workers = pool_size()
    return workers if feeds >= PARSE_POOL_MIN and workers >= 2 else 0


def sync_sources(config: Config, storage: Storage) -> None:
    """Give every configured source its row (a changed target starts its polling state over)."""
    storage.sources.sync((s.name, s.type, source_target(s)) for s in config.sources)


def source_target(source: SourceConfig) -> str:
    """What a source points at; when the operator changes it, the stored polling state starts over."""
    for attribute in ("repo", "author", "search", "url"):
        value = getattr(source, attribute, None)
        if value:
            endpoint = getattr(source, "endpoint", "")
            return f"{endpoint}#{value}" if endpoint else str(value)
    return source.name


def _with_seconds(outcome: SourceOutcome, seconds: float) -> SourceOutcome:
    return replace(outcome, seconds=seconds)


def _log_outcome(outcome: SourceOutcome) -> None:
    fields = {
        "source": outcome.name,
        "status": outcome.status,
        "seconds": round(outcome.seconds, 3),
        "new": outcome.new_entries,
        "updated": outcome.updated_entries,
        "error": outcome.error,
    }
    if outcome.failed:
        log.warning("source=%s failed: %s", outcome.name, outcome.error, extra=fields)
    else:
        log.info(
            "source=%s status=%s new=%d updated=%d seconds=%.2f",
            outcome.name,
            outcome.status,
            outcome.new_entries,
            outcome.updated_entries,
            outcome.seconds,
            extra=fields,
        )
    for warning in outcome.warnings:
        log.info("source=%s warning: %s", outcome.name, warning)
