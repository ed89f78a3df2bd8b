"""The schema, as SQLAlchemy 2 typed ORM models. Alembic's migrations must agree with these (a test checks).

ORM objects never leave the storage package: the domain modules turn them into models.py dataclasses.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    true,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

_NAIVE = "naive datetime given to the database; releasewatch stores UTC-aware times only"
_SQLITE_DATETIME = "%04d-%02d-%02d %02d:%02d:%02d.%06d"  # SQLAlchemy's default SQLite DATETIME storage format


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in, aware UTC out, on every backend (SQLite keeps no zone, so we store naive UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(_NAIVE)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def bind_processor(self, dialect: Dialect) -> Callable[[Any], Any] | None:
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)

        # One step instead of three (this method, then SQLAlchemy's own SQLite DATETIME formatting through a
        # dict): a cold poll binds ≈ 200,000 timestamps. The text is the dialect's default storage format, so
        # stored values compare exactly as before; a test pins it against SQLAlchemy's own.
        def process(value: Any) -> str | None:
            if value is None:
                return None
            if value.tzinfo is None:
                raise ValueError(_NAIVE)
            utc = value.astimezone(UTC)
            return _SQLITE_DATETIME % (utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, utc.microsecond)

        return process

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# Stable constraint names so migrations are reproducible on every backend (Alembic's recommended convention).
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), dict[str, Any]: JSON()}


class SourceRow(Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    type: Mapped[str] = mapped_column(String(40))
    target: Mapped[str | None] = mapped_column(Text)  # what the config points at (URL, repo, org)
    url: Mapped[str | None] = mapped_column(Text)  # current URL after permanent redirects
    moved_from: Mapped[str | None] = mapped_column(Text)
    disabled_reason: Mapped[str | None] = mapped_column(Text)  # e.g. "410 Gone"
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    body_hash: Mapped[str | None] = mapped_column(String(64))
    cursor: Mapped[str | None] = mapped_column(Text)
    first_polled_at: Mapped[datetime | None]
    last_attempt: Mapped[datetime | None]
    last_success: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    last_warning: Mapped[str | None] = mapped_column(Text)  # of the last fetch that was parsed; "" or NULL: none
    last_status: Mapped[str | None] = mapped_column(String(20))
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    failing_since: Mapped[datetime | None]  # the first failure of the current streak
    next_due: Mapped[datetime | None] = mapped_column(index=True)
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_expires: Mapped[datetime | None]


class EntryRow(Base):
    __tablename__ = "entries"
    __table_args__ = (
        UniqueConstraint("source_id", "key"),
        Index("ix_entries_source_canonical", "source_id", "canonical_url"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(512))
    canonical_url: Mapped[str | None] = mapped_column(String(2048))
    title: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[datetime]
    content_hash: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text, default="")
    facts: Mapped[dict[str, Any] | None]
    extra: Mapped[dict[str, Any] | None]
    announce: Mapped[bool] = mapped_column(Boolean, default=True)  # False: seen on first contact, older than since
    first_seen: Mapped[datetime] = mapped_column(index=True)
    last_seen: Mapped[datetime]
    # False from the moment content is stored until its mentions are recorded: a crash in between is caught up
    extracted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=true(), index=True)


class ReleaseRow(Base):
    __tablename__ = "releases"
    __table_args__ = (UniqueConstraint("vendor_key", "model_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor: Mapped[str] = mapped_column(String(200), index=True)
    vendor_key: Mapped[str] = mapped_column(String(200))
    model: Mapped[str] = mapped_column(String(300))
    model_key: Mapped[str] = mapped_column(String(300))
    family: Mapped[str | None] = mapped_column(String(300))
    params_total: Mapped[int | None] = mapped_column(BigInteger)
    params_active: Mapped[int | None] = mapped_column(BigInteger)
    license: Mapped[str | None] = mapped_column(String(200))
    open_weights: Mapped[bool | None] = mapped_column(Boolean)
    region: Mapped[str | None] = mapped_column(String(20))
    announce: Mapped[bool] = mapped_column(Boolean, default=True)
    first_seen: Mapped[datetime] = mapped_column(index=True)
    announced_at: Mapped[datetime | None]
    updated_at: Mapped[datetime | None] = mapped_column(index=True)
    last_changes: Mapped[dict[str, Any] | None]  # {"fields": [...], "previous": {...}} of the latest update


class MentionRow(Base):
    __tablename__ = "mentions"
    __table_args__ = (UniqueConstraint("entry_id", "release_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"))
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id", ondelete="CASCADE"), index=True)
    model: Mapped[str] = mapped_column(String(300))
    params_total: Mapped[int | None] = mapped_column(BigInteger)
    params_active: Mapped[int | None] = mapped_column(BigInteger)
    license: Mapped[str | None] = mapped_column(String(200))
    open_weights: Mapped[bool | None] = mapped_column(Boolean)
    notation: Mapped[str | None] = mapped_column(String(100))
    evidence: Mapped[str] = mapped_column(Text, default="")
    structured: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]


class DeliveryRow(Base):
    """The outbox: a row is written as pending before a message is sent, and marked sent with the remote id."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("destination", "dedup_key", "part"),
        Index("ix_deliveries_status", "status", "destination"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    destination: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # instant | digest | ops
    dedup_key: Mapped[str] = mapped_column(String(300))  # e.g. "release:42" or "digest:2026-11-23/2026-11-30"
    part: Mapped[int] = mapped_column(Integer, default=0)  # a long digest split into several messages
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    payload: Mapped[dict[str, Any] | None]
    remote_id: Mapped[str | None] = mapped_column(String(300))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class LockRow(Base):
    """Named, expiring locks: the SQLite daemon's single-instance guard, and claims of scheduled jobs."""

    __tablename__ = "locks"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    owner: Mapped[str] = mapped_column(String(200))
    expires: Mapped[datetime]
