"""Engine creation: the one place that knows dialect differences (SQLite pragmas, Postgres options)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, Insert, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session

from releasewatch.errors import StorageError

SQLITE_BUSY_TIMEOUT_MS = 30_000


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StorageError(f"not a database URL: {redact_url(url)!r}") from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    try:
        return create_engine(url, pool_pre_ping=True)
    except Exception as exc:  # missing driver, bad options: say which URL, never its password
        raise StorageError(f"cannot use database {redact_url(url)}: {exc}") from None


def _sqlite_engine(url: str) -> Engine:
    # Pooled (SQLAlchemy's QueuePool for a file): a fresh connection per session cost 4 ms of connect + pragmas,
    # a third of a cold poll's store phase. A pooled connection serves one thread at a time; the pragmas below run
    # once per connection and stick; an in-memory database keeps its single connection (SingletonThreadPool).
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        # WAL lets readers (status, digest) run while a poll writes; foreign keys are off by default in SQLite.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # Take transactions into our own hands: pysqlite would run a SELECT outside any transaction and BEGIN
        # only at the first write, so two writers could both read the same "free" row before either updates it.
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection: Any) -> None:
        # IMMEDIATE takes the write lock up front (readers carry on under WAL); busy_timeout makes others wait.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def insert_ignoring_conflicts(session: Session, table: type[Any], values: dict[str, Any]) -> Insert:
    """INSERT that does nothing when a unique key already exists (the race-free way for replicas to create rows)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table).values(**values).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(table).values(**values).on_conflict_do_nothing()
    raise StorageError(f"unsupported database dialect {dialect!r}: releasewatch supports SQLite and PostgreSQL")


def driver_reason(exc: DBAPIError) -> str:
    """The driver's first line, never the statement or its parameters (they may hold feed text or secrets)."""
    if exc.orig is None:
        return type(exc).__name__
    return (str(exc.orig).strip().splitlines() or [type(exc.orig).__name__])[0]


def redact_url(url: str) -> str:
    """The URL with its password masked, for logs and errors."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable URL>"
