"""Work claimed through the database, so replicas sharing one PostgreSQL never poll a source twice.

Due sources are claimed with ``SELECT … FOR UPDATE SKIP LOCKED`` and a lease with an expiry: a replica that dies
loses only its leases, which expire and are taken over. Named locks guard single-instance work (the SQLite
daemon, a digest run).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session, sessionmaker

from releasewatch.storage.engine import insert_ignoring_conflicts
from releasewatch.storage.tables import LockRow, SourceRow

_DISABLED_RECHECK = timedelta(hours=1)


class Claim(NamedTuple):
    claimed: bool
    retry_at: datetime | None  # when the source is next worth claiming; None: try again soon
    held: bool = False  # another replica is polling it now


class LeaseStore:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def claim_due(
        self, owner: str, names: Sequence[str], *, now: datetime, lease: timedelta, limit: int = 1000
    ) -> list[str]:
        """Lease up to ``limit`` of the named sources that are due and not leased by another replica."""
        if not names:
            return []
        with self._sessions.begin() as session:
            query = (
                select(SourceRow)
                .where(
                    SourceRow.name.in_(list(names)),
                    SourceRow.disabled_reason.is_(None),
                    or_(SourceRow.next_due.is_(None), SourceRow.next_due <= now),
                    # a lease of our own is still being worked on: claiming it again would poll twice
                    or_(SourceRow.lease_expires.is_(None), SourceRow.lease_expires <= now),
                )
                .order_by(SourceRow.next_due.is_not(None), SourceRow.next_due, SourceRow.id)
                .limit(limit)
                .with_for_update(skip_locked=True)  # PostgreSQL: rows another replica is claiming are skipped
            )
            rows = list(session.scalars(query))
            for row in rows:
                row.lease_owner, row.lease_expires = owner, now + lease
            return [row.name for row in rows]

    def claim(self, owner: str, name: str, *, now: datetime, lease: timedelta) -> Claim:
        """Lease one source if it is due and free, in one transaction.

        Otherwise ``retry_at`` is the source's next_due, or the end of another replica's lease (``held`` then
        says so), or None when another replica holds the row locked this instant.
        """
        with self._sessions.begin() as session:
            query = select(SourceRow).where(SourceRow.name == name).with_for_update(skip_locked=True)
            row = session.scalars(query).one_or_none()
            if row is None:
                return Claim(False, None, held=True)
            if row.disabled_reason is not None:  # gone (410) until the operator changes it; a reload re-plans anyway
                return Claim(False, now + _DISABLED_RECHECK)
            if row.lease_expires is not None and row.lease_expires > now:
                return Claim(False, row.lease_expires, held=True)
            if row.next_due is not None and row.next_due > now:
                return Claim(False, row.next_due)
            row.lease_owner, row.lease_expires = owner, now + lease
            return Claim(True, None)

    def release(self, owner: str, names: Sequence[str]) -> None:
        """Give back the leases on these sources once their poll is recorded."""
        with self._sessions.begin() as session:
            rows = session.scalars(select(SourceRow).where(SourceRow.lease_owner == owner, SourceRow.name.in_(names)))
            for row in rows:
                row.lease_owner = row.lease_expires = None

    def clear_everything(self) -> None:
        """Drop every lease and lock, whoever holds it: only for a process that knows it is the only one (the
        SQLite daemon after taking its file lock), so a predecessor killed with -9 does not hold work hostage."""
        with self._sessions.begin() as session:
            for row in session.scalars(select(SourceRow).where(SourceRow.lease_owner.is_not(None))):
                row.lease_owner = row.lease_expires = None
            session.execute(delete(LockRow))

    def release_all(self, owner: str) -> None:
        """Give back every lease and lock of this owner (a clean shutdown), so others need not wait for expiry."""
        with self._sessions.begin() as session:
            for row in session.scalars(select(SourceRow).where(SourceRow.lease_owner == owner)):
                row.lease_owner = row.lease_expires = None
            session.execute(delete(LockRow).where(LockRow.owner == owner))

    def acquire_lock(self, name: str, owner: str, *, now: datetime, ttl: timedelta) -> bool:
        """Take or renew a named lock; False while another owner holds it unexpired."""
        with self._sessions.begin() as session:
            values = {"name": name, "owner": owner, "expires": now + ttl}
            session.execute(insert_ignoring_conflicts(session, LockRow, values))
            row = session.scalars(select(LockRow).where(LockRow.name == name).with_for_update()).one()
            if row.owner != owner and row.expires > now:
                return False
            row.owner, row.expires = owner, now + ttl
            return True

    def lock_holder(self, name: str, *, now: datetime) -> str | None:
        with self._sessions() as session:
            row = session.get(LockRow, name)
            return row.owner if row is not None and row.expires > now else None

    def release_lock(self, name: str, owner: str) -> None:
        with self._sessions.begin() as session:
            session.execute(delete(LockRow).where(LockRow.name == name, LockRow.owner == owner))
