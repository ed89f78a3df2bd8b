"""The application facade: config + storage + clock, one method per use case. The CLI and the daemon call it."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from releasewatch.config import Config, database_url_for
from releasewatch.poll import Poller, PollReport, ProgressHook, source_target
from releasewatch.storage import Storage
from releasewatch.storage.records import SourceRecord, StoredEntry


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class App:
    config: Config
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    clock: Callable[[], datetime] = utcnow
    _storage: Storage | None = None

    @property
    def database_url(self) -> str:
        return database_url_for(self.config, self.env)

    @property
    def storage(self) -> Storage:
        if self._storage is None:
            self._storage = Storage.open(self.database_url)
        return self._storage

    def open_database(self) -> Storage:
        """Connect, creating the database and migrating it to the newest schema if needed."""
        return self.storage

    def close(self) -> None:
        if self._storage is not None:
            self._storage.close()
            self._storage = None

    def poll(self, names: Sequence[str] | None = None, *, on_progress: ProgressHook | None = None) -> PollReport:
        poller = Poller(self.config, self.storage, self.clock, on_entries=self.process_entries)
        if on_progress is not None:
            poller.on_progress = on_progress
        return asyncio.run(poller.poll(names))

    def process_entries(self, entries: Sequence[StoredEntry]) -> int:
        """Every new or updated entry passes through here once: extraction and release resolution plug in."""
        return 0

    def status(self) -> list[SourceRecord]:
        self.storage.sources.sync((s.name, s.type, source_target(s)) for s in self.config.sources)
        return self.storage.sources.all()
