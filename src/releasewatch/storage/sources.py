"""Sources and their polling state: the record of every attempt, success or failure."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from releasewatch.models import SourceState
from releasewatch.storage.engine import insert_ignoring_conflicts
from releasewatch.storage.records import SourceRecord
from releasewatch.storage.tables import EntryRow, SourceRow


class SourceStore:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def sync(self, configured: Iterable[tuple[str, str, str]]) -> None:
        """Make sure each configured (name, type, target) has a row; a changed type or target resets its state."""
        with self._sessions.begin() as session:
            rows = {row.name: row for row in session.scalars(select(SourceRow))}
            for name, kind, target in configured:
                row = rows.get(name)
                if row is None:  # replicas starting together may race to create the same row
                    values = {"name": name, "type": kind, "target": target, "consecutive_failures": 0}
                    session.execute(insert_ignoring_conflicts(session, SourceRow, values))
                elif (row.type, row.target) != (kind, target):
                    _reset(row, kind, target)

    def get(self, name: str) -> SourceRecord:
        with self._sessions() as session:
            row = session.scalars(select(SourceRow).where(SourceRow.name == name)).one()
            return _record(row)

    def all(self, names: Iterable[str] | None = None) -> list[SourceRecord]:
        with self._sessions() as session:
            grouped = select(EntryRow.source_id, func.count()).group_by(EntryRow.source_id)
            counts: dict[int, int] = {source_id: count for source_id, count in session.execute(grouped)}
            query = select(SourceRow).order_by(SourceRow.name)
            if names is not None:
                query = query.where(SourceRow.name.in_(list(names)))
            return [_record(row, counts.get(row.id, 0)) for row in session.scalars(query)]

    def get_many(self, names: Sequence[str]) -> dict[str, SourceRecord]:
        """The rows of these sources, in one query per 500 (a poll reads them all up front)."""
        found: dict[str, SourceRecord] = {}
        with self._sessions() as session:
            for start in range(0, len(names), 500):
                query = select(SourceRow).where(SourceRow.name.in_(list(names[start : start + 500])))
                found.update((row.name, _record(row)) for row in session.scalars(query))
        return found

    def record_success(
        self,
        name: str,
        state: SourceState,
        *,
        status: str,
        now: datetime,
        next_due: datetime,
        moved_to: str | None,
    ) -> None:
        self.record_successes([Success(name, state, status, now, next_due, moved_to)])

    def record_successes(self, successes: Sequence[Success]) -> None:
        """Record many successful polls in one transaction (a poll's 304s: one write instead of one each)."""
        if not successes:
            return
        with self._sessions.begin() as session:
            names = [success.name for success in successes]
            rows: dict[str, SourceRow] = {}
            for start in range(0, len(names), 500):
                query = select(SourceRow).where(SourceRow.name.in_(names[start : start + 500]))
                rows.update((row.name, row) for row in session.scalars(query))
            for success in successes:
                _succeeded(rows[success.name], success)

    def record_failure(
        self,
        name: str,
        error: str,
        *,
        now: datetime,
        next_due: datetime,
        disable: bool = False,
        throttled: bool = False,
    ) -> None:
        with self._sessions.begin() as session:
            row = _row(session, name)
            row.last_attempt = now
            row.last_error, row.last_status = error, "throttled" if throttled else "error"
            if not row.consecutive_failures or row.failing_since is None:
                row.failing_since = now
            row.consecutive_failures += 1
            row.next_due = next_due
            row.lease_owner = row.lease_expires = None
            if disable:
                row.disabled_reason = error

    def enable(self, name: str) -> None:
        with self._sessions.begin() as session:
            row = _row(session, name)
            row.disabled_reason = None
            row.consecutive_failures = 0
            row.failing_since = None
            row.next_due = None


@dataclass(frozen=True)
class Success:
    name: str
    state: SourceState
    status: str
    now: datetime
    next_due: datetime
    moved_to: str | None


def _succeeded(row: SourceRow, success: Success) -> None:
    state, now = success.state, success.now
    if success.moved_to and success.moved_to != row.url:
        row.moved_from = row.url or row.target
    row.url = state.url or row.url
    row.etag, row.last_modified = state.etag, state.last_modified
    row.body_hash, row.cursor = state.body_hash, state.cursor
    row.first_polled_at = row.first_polled_at or now
    row.last_attempt = row.last_success = now
    row.last_error, row.last_status = None, success.status
    row.consecutive_failures = 0
    row.failing_since = None
    row.next_due = success.next_due
    row.lease_owner = row.lease_expires = None


def _row(session: Session, name: str) -> SourceRow:
    return session.scalars(select(SourceRow).where(SourceRow.name == name)).one()


def _reset(row: SourceRow, kind: str, target: str) -> None:
    # The operator pointed the source elsewhere: validators, redirects and cursors of the old one no longer apply.
    row.type, row.target, row.url, row.moved_from = kind, target, None, None
    row.etag = row.last_modified = row.body_hash = row.cursor = None
    row.disabled_reason = None
    row.consecutive_failures = 0
    row.failing_since = None
    row.next_due = None


def _record(row: SourceRow, entries: int = 0) -> SourceRecord:
    return SourceRecord(
        name=row.name,
        type=row.type,
        state=SourceState(
            url=row.url,
            etag=row.etag,
            last_modified=row.last_modified,
            body_hash=row.body_hash,
            cursor=row.cursor,
        ),
        enabled=row.disabled_reason is None,
        disabled_reason=row.disabled_reason,
        first_polled_at=row.first_polled_at,
        last_attempt=row.last_attempt,
        last_success=row.last_success,
        last_error=row.last_error,
        last_status=row.last_status,
        consecutive_failures=row.consecutive_failures,
        next_due=row.next_due,
        moved_from=row.moved_from,
        failing_since=row.failing_since,
        entries=entries,
    )
