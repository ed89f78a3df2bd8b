"""The outbox: a message is recorded as pending before it is sent and marked sent with its remote id after.

The unique (destination, dedup_key, part) constraint is what makes delivery exactly-once across runs and
replicas: whoever inserts the pending row owns the send; everyone else sees it already exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from releasewatch.storage.tables import DeliveryRow


@dataclass(frozen=True)
class Delivery:
    id: int
    destination: str
    kind: str
    dedup_key: str
    part: int
    status: str
    attempts: int
    payload: dict[str, Any] | None
    remote_id: str | None
    last_error: str | None
    sent_at: datetime | None


class DeliveryStore:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def reserve(
        self,
        destination: str,
        kind: str,
        dedup_key: str,
        *,
        part: int = 0,
        payload: dict[str, Any] | None,
        now: datetime,
    ) -> Delivery | None:
        """Record a pending message; None when this (destination, key, part) was already recorded."""
        row = DeliveryRow(
            destination=destination,
            kind=kind,
            dedup_key=dedup_key,
            part=part,
            status="pending",
            attempts=0,
            payload=payload,
            created_at=now,
            updated_at=now,
        )
        try:
            with self._sessions.begin() as session:
                session.add(row)
        except IntegrityError:
            return None
        return _delivery(row)

    def get(self, destination: str, dedup_key: str, part: int = 0) -> Delivery | None:
        with self._sessions() as session:
            row = session.scalars(
                select(DeliveryRow).where(
                    DeliveryRow.destination == destination,
                    DeliveryRow.dedup_key == dedup_key,
                    DeliveryRow.part == part,
                )
            ).one_or_none()
            return _delivery(row) if row else None

    def keys(self, destination: str, *, kind: str, since: datetime) -> set[str]:
        """The dedup keys recorded for this destination since a moment (any status)."""
        with self._sessions() as session:
            query = select(DeliveryRow.dedup_key).where(
                DeliveryRow.destination == destination, DeliveryRow.kind == kind, DeliveryRow.created_at >= since
            )
            return set(session.scalars(query))

    def latest_key(self, destination: str, *, prefix: str) -> str | None:
        """The newest dedup key for this destination that starts with ``prefix``."""
        with self._sessions() as session:
            query = (
                select(DeliveryRow.dedup_key)
                .where(DeliveryRow.destination == destination)
                .where(DeliveryRow.dedup_key.startswith(prefix, autoescape=True))
                .order_by(DeliveryRow.id.desc())
                .limit(1)
            )
            return session.scalars(query).first()

    def counts(self) -> list[tuple[str, str, int]]:
        """(destination, status, messages) over the whole outbox, for metrics."""
        with self._sessions() as session:
            query = select(DeliveryRow.destination, DeliveryRow.status, func.count()).group_by(
                DeliveryRow.destination, DeliveryRow.status
            )
            return [(d, s, n) for d, s, n in session.execute(query)]

    def pending(self, destination: str) -> list[Delivery]:
        with self._sessions() as session:
            query = (
                select(DeliveryRow)
                .where(DeliveryRow.destination == destination, DeliveryRow.status == "pending")
                .order_by(DeliveryRow.id)
            )
            return [_delivery(row) for row in session.scalars(query)]

    def last_period_end(self, destination: str) -> datetime | None:
        """Where the newest digest recorded for this destination (sent or pending) ended."""
        with self._sessions() as session:
            query = (
                select(DeliveryRow.payload)
                .where(
                    DeliveryRow.destination == destination, DeliveryRow.kind == "digest", DeliveryRow.status != "failed"
                )
                .order_by(DeliveryRow.id.desc())
                .limit(1)
            )
            payload = session.scalars(query).first()
        end = (payload or {}).get("period_end")
        return datetime.fromisoformat(end) if end else None

    def mark_sent(self, delivery_id: int, *, remote_id: str | None, now: datetime) -> None:
        with self._sessions.begin() as session:
            row = session.get_one(DeliveryRow, delivery_id)
            row.status, row.remote_id, row.sent_at, row.updated_at = "sent", remote_id, now, now
            row.attempts += 1
            row.last_error = None

    def mark_attempt_failed(self, delivery_id: int, *, error: str, permanent: bool, now: datetime) -> None:
        with self._sessions.begin() as session:
            row = session.get_one(DeliveryRow, delivery_id)
            row.attempts += 1
            row.last_error, row.updated_at = error, now
            if permanent:
                row.status = "failed"


def _delivery(row: DeliveryRow) -> Delivery:
    return Delivery(
        id=row.id,
        destination=row.destination,
        kind=row.kind,
        dedup_key=row.dedup_key,
        part=row.part,
        status=row.status,
        attempts=row.attempts,
        payload=row.payload,
        remote_id=row.remote_id,
        last_error=row.last_error,
        sent_at=row.sent_at,
    )
