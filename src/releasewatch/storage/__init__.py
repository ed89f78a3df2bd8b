"""The storage layer: the only code that talks SQL. One ``Storage`` facade, one module per domain."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import sessionmaker

from releasewatch.errors import StorageError
from releasewatch.models import Item
from releasewatch.storage.deliveries import DeliveryStore
from releasewatch.storage.engine import driver_reason, make_engine, redact_url
from releasewatch.storage.entries import Decide, EntryStore
from releasewatch.storage.leases import LeaseStore
from releasewatch.storage.migrate import ensure_schema
from releasewatch.storage.records import StoreOutcome
from releasewatch.storage.releases import ReleaseStore
from releasewatch.storage.sources import SourceStore, Success, record_successes


class Storage:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        sessions = sessionmaker(engine, expire_on_commit=False)
        self._sessions = sessions
        self.sources = SourceStore(sessions)
        self.entries = EntryStore(sessions)
        self.deliveries = DeliveryStore(sessions)
        self.releases = ReleaseStore(sessions)
        self.leases = LeaseStore(sessions)

    @classmethod
    def open(cls, url: str, *, upgrade: bool = True) -> Storage:
        """Connect and (by default) bring the schema to the head revision."""
        engine = make_engine(url)
        try:
            if upgrade:
                ensure_schema(engine)
            else:
                with engine.connect() as connection:
                    connection.execute(text("SELECT 1"))
        except OperationalError as exc:
            engine.dispose()
            reason = driver_reason(exc)
            raise StorageError(f"cannot open database {redact_url(url)}: {reason}") from None
        return cls(engine)

    def store_fetched(
        self,
        source: str,
        items: Sequence[Item],
        decide: Decide,
        success: Success,
        *,
        announce_after: datetime | None,
    ) -> StoreOutcome:
        """A fetched feed's new and changed entries and, if there were any, the source's success, in one
        transaction: a crash in between would otherwise re-poll with the new validators and lose nothing, but
        cost a second commit per feed. A feed with nothing new writes nothing here (the caller batches those)."""
        if not items:
            return StoreOutcome(new=(), updated=(), unchanged=0)
        with self._sessions.begin() as session:
            stored = self.entries.store_in(
                session, source, items, decide, now=success.now, announce_after=announce_after
            )
            if stored.new or stored.updated:
                record_successes(session, [success])
            return stored

    def ping(self) -> None:
        """Raise StorageError unless the database answers (for /healthz)."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except OperationalError as exc:
            raise StorageError(f"database does not answer: {type(exc.orig or exc).__name__}") from None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()


__all__ = ["Storage", "StorageError"]
