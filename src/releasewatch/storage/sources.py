"""Sources and their polling state: the record of every attempt, success or failure."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, Text, Update, bindparam, case, func, or_, select, update
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
        if successes:
            with self._sessions.begin() as session:
                record_successes(session, successes)

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
    # The parsed body's warnings, joined ("" when it had none); None for a 304 or an unchanged body, which keeps
    # the warning recorded with that body.
    warning: str | None = None


MAX_WARNING = 500


def record_successes(session: Session, successes: Sequence[Success]) -> None:
    """The successes as UPDATEs inside the caller's transaction (the poll stores a feed's entries in the same one).

    Plain executemany UPDATEs, not loaded ORM rows: one statement per shape, whatever the number of sources.
    """
    moved = [_success_params(success) for success in successes if success.moved_to]
    stayed = [_success_params(success) for success in successes if not success.moved_to]
    if stayed:
        session.execute(_SUCCESS, stayed)
    if moved:
        session.execute(_SUCCESS_MOVED, moved)


_SOURCES = cast(Table, SourceRow.__table__)
_WHEN = _SOURCES.c.last_attempt.type  # the UTC-normalising datetime type, so bound values convert as columns do


def _success_statement(*, moved: bool) -> Update:
    columns = _SOURCES.c
    now = bindparam("s_now", type_=_WHEN)
    values: dict[str, Any] = {
        # SET expressions read the row as it was, so moved_from sees the old url, as a redirect report must.
        "url": func.coalesce(bindparam("s_url"), columns.url),
        "etag": bindparam("s_etag"),
        "last_modified": bindparam("s_last_modified"),
        "body_hash": bindparam("s_body_hash"),
        "cursor": bindparam("s_cursor"),
        "first_polled_at": func.coalesce(columns.first_polled_at, now),
        "last_attempt": now,
        "last_success": now,
        "last_error": None,
        "last_warning": func.coalesce(bindparam("s_warning", type_=Text), columns.last_warning),
        "last_status": bindparam("s_status"),
        "consecutive_failures": 0,
        "failing_since": None,
        "next_due": bindparam("s_next_due", type_=_WHEN),
        "lease_owner": None,
        "lease_expires": None,
    }
    if moved:
        changed = or_(columns.url.is_(None), columns.url != bindparam("s_moved_to"))
        was = func.coalesce(func.nullif(columns.url, ""), columns.target)
        values["moved_from"] = case((changed, was), else_=columns.moved_from)
    return update(_SOURCES).where(columns.name == bindparam("s_name")).values(values)


_SUCCESS = _success_statement(moved=False)
_SUCCESS_MOVED = _success_statement(moved=True)


def _success_params(success: Success) -> dict[str, Any]:
    state = success.state
    params = {
        "s_name": success.name,
        "s_url": state.url or None,
        "s_etag": state.etag,
        "s_last_modified": state.last_modified,
        "s_body_hash": state.body_hash,
        "s_cursor": state.cursor,
        "s_now": success.now,
        "s_status": success.status,
        "s_next_due": success.next_due,
        "s_warning": None if success.warning is None else success.warning[:MAX_WARNING],
    }
    if success.moved_to:
        params["s_moved_to"] = success.moved_to
    return params


def _row(session: Session, name: str) -> SourceRow:
    return session.scalars(select(SourceRow).where(SourceRow.name == name)).one()


def _reset(row: SourceRow, kind: str, target: str) -> None:
    # The operator pointed the source elsewhere: validators, redirects and cursors of the old one no longer apply.
    row.type, row.target, row.url, row.moved_from = kind, target, None, None
    row.etag = row.last_modified = row.body_hash = row.cursor = None
    row.disabled_reason = row.last_warning = None
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
        last_warning=row.last_warning or None,
        last_status=row.last_status,
        consecutive_failures=row.consecutive_failures,
        next_due=row.next_due,
        moved_from=row.moved_from,
        failing_since=row.failing_since,
        entries=entries,
    )
