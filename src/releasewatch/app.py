"""The application facade: config + storage + clock, one method per use case. The CLI and the daemon call it."""

from __future__ import annotations

import asyncio
import functools
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from releasewatch.config import Config, database_url_for
from releasewatch.extract import VendorRegistry, with_vendors
from releasewatch.ingest import (
    EarlyExtraction,
    IngestResult,
    extractor_for,
    ingest,
    ingest_unextracted,
    worker_pool,
)
from releasewatch.logs import RedactSecrets
from releasewatch.models import Release
from releasewatch.notify import DeliveryOutcome, Notifier, default_owner
from releasewatch.poll import Poller, PollReport, ProgressHook, parsed_feeds, pool_workers, sync_sources
from releasewatch.sourcehealth import SourceHealth, assess
from releasewatch.storage import Storage
from releasewatch.storage.records import SourceRecord, StoredEntry


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class App:
    config: Config
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    clock: Callable[[], datetime] = utcnow
    owner: str = field(default_factory=default_owner)  # this process in leases and locks (the daemon: its replica id)
    _storage: Storage | None = None
    last_ingest: IngestResult | None = None

    @property
    def database_url(self) -> str:
        return database_url_for(self.config, self.env)

    @property
    def storage(self) -> Storage:
        if self._storage is None:
            self._storage = Storage.open(self.database_url)
        return self._storage

    def use_config(self, config: Config) -> None:
        """Swap in a reloaded config (SIGHUP); what was derived from the old one is derived again."""
        self.config = config
        for derived in ("registry", "vendor_hints"):
            self.__dict__.pop(derived, None)

    def open_database(self) -> Storage:
        """Connect, creating the database and migrating it to the newest schema if needed."""
        return self.storage

    def close(self) -> None:
        if self._storage is not None:
            self._storage.close()
            self._storage = None

    def poll(self, names: Sequence[str] | None = None, *, on_progress: ProgressHook | None = None) -> PollReport:
        poller = Poller(
            self.config, self.storage, self.clock, on_entries=self.process_entries, redact=self.redactor().redact
        )
        if on_progress is not None:
            poller.on_progress = on_progress
        workers = pool_workers(parsed_feeds(poller.select(names)))
        if not workers:
            return asyncio.run(poller.poll(names))
        # One pool of worker processes parses the feeds and extracts each feed's entries as soon as they are
        # stored, so extraction overlaps the fetching instead of following it.
        with worker_pool(self.registry, workers) as pool:
            early = EarlyExtraction(pool, self.vendor_hints)
            poller.pool = pool

            def stored(entries: Sequence[StoredEntry]) -> None:
                early.submit(entries)
                early.record_finished(self.storage, self.registry)

            poller.on_stored = stored
            poller.on_entries = functools.partial(self.process_entries, early=early)
            return asyncio.run(poller.poll(names))

    def redactor(self) -> RedactSecrets:
        """Masks this config's secrets in text a poll stores or reports."""
        return RedactSecrets(self.config.secrets(self.env))

    @functools.cached_property
    def registry(self) -> VendorRegistry:
        """The built-in vendor registry extended by the config's `vendors:`."""
        return with_vendors(self.config.vendors)

    @functools.cached_property
    def vendor_hints(self) -> dict[str, str | None]:
        """Each source's `vendor:` hint, by source name."""
        return {source.name: source.vendor for source in self.config.sources}

    def process_entries(self, entries: Sequence[StoredEntry] = (), *, early: EarlyExtraction | None = None) -> int:
        """Every new or updated entry passes through here once: extraction, then release resolution.

        The entries a poll just stored are in the database marked as not yet extracted, together with any that a
        killed process left behind; all of them are extracted here.
        """
        result = ingest_unextracted(self.storage, self.registry, self.vendor_hints, early=early)
        self.last_ingest = result
        return len(result.new) + result.silent

    def reprocess(self) -> IngestResult:
        """Re-run extraction over every stored entry and rebuild releases, without fetching anything.

        Release rows are keyed by (vendor, model), so a release that survives keeps its id and its delivery
        history: nothing already announced is announced again.
        """
        size = self.storage.entries.count()
        with extractor_for(size, self.registry, self.vendor_hints) as extractor:
            result = ingest(
                self.storage, self.storage.entries.iter_all(), self.registry, self.vendor_hints, extractor=extractor
            )
        result.pruned = self.storage.releases.prune_orphans()
        return result

    def releases(
        self, *, since: datetime | None = None, vendors: Sequence[str] = (), limit: int | None = None
    ) -> list[Release]:
        return self.storage.releases.list(since=since, vendors=vendors, limit=limit)

    def notifier(self) -> Notifier:
        return Notifier(self.config, self.storage, self.clock, owner=self.owner)

    def send_alerts(self) -> list[DeliveryOutcome]:
        """Instant alerts for what the last poll found (and whatever earlier runs left pending)."""
        result = self.last_ingest or IngestResult()
        return self.notifier().alert(result.changed)

    def digest_document(self, *, since: datetime | None, fmt: str) -> str:
        """The digest of [since (default: a week ago), now) rendered for reading, not sending."""
        from releasewatch.digest import build_digest
        from releasewatch.render.email import render_html, render_text
        from releasewatch.render.markdown import render_markdown

        end = self.clock()
        start = since or end - timedelta(days=7)
        new = self.storage.releases.list(since=start, until=end, announced_only=True)
        document = build_digest(new, self.storage.releases.changed_between(start, end), start=start, end=end)
        renderers = {"html": render_html, "text": render_text, "markdown": render_markdown}
        return renderers[fmt](document)

    def status(self) -> list[SourceRecord]:
        sync_sources(self.config, self.storage)
        return self.storage.sources.all()

    def source_health(self, records: Sequence[SourceRecord] | None = None) -> list[SourceHealth]:
        """Each configured source's health: broken and quiet told apart (sourcehealth.py)."""
        configured = {source.name: source for source in self.config.sources if source.enabled}
        records = self.status() if records is None else records
        now = self.clock()
        published = self.storage.entries.recent_published()
        return [
            assess(
                record,
                now=now,
                alert_after=configured[record.name].alert_after or self.config.defaults.alert_after,
                published=published.get(record.name, ()),
            )
            for record in records
            if record.name in configured
        ]

    def send_ops_notices(self) -> list[DeliveryOutcome]:
        """Source-health notices to `mode: [ops]` destinations (each problem once, each recovery once)."""
        if not self.notifier().destinations("ops"):
            return []
        return self.notifier().ops(self.source_health())
