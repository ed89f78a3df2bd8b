"""Frozen records the storage layer hands out (ORM rows never leave this package)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from releasewatch.models import Facts, SourceState


@dataclass(frozen=True)
class SourceRecord:
    name: str
    type: str
    state: SourceState
    enabled: bool  # False when disabled by the server (410); the config's enabled flag is separate
    disabled_reason: str | None
    first_polled_at: datetime | None
    last_attempt: datetime | None
    last_success: datetime | None
    last_error: str | None
    last_status: str | None
    consecutive_failures: int
    next_due: datetime | None
    moved_from: str | None
    entries: int = 0
    failing_since: datetime | None = None
    last_warning: str | None = None  # the warnings of the last fetch that was parsed, joined


@dataclass(frozen=True)
class StoredEntry:
    id: int
    source: str
    key: str
    title: str
    url: str | None
    published: datetime
    text: str
    facts: Facts | None
    announce: bool
    first_seen: datetime
    content_hash: str = ""  # as stored: tells whether the entry changed since this copy was read


@dataclass(frozen=True)
class StoreOutcome:
    new: tuple[StoredEntry, ...]
    updated: tuple[StoredEntry, ...]
    unchanged: int
