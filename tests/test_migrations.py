"""Alembic migrations: empty → head, models and migrations agree, down to base and up again; both backends."""

from __future__ import annotations

import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from releasewatch.dedup import decide
from releasewatch.extract import default_registry
from releasewatch.ingest import ingest_unextracted
from releasewatch.models import Item
from releasewatch.storage import Storage
from releasewatch.storage.engine import make_engine
from releasewatch.storage.migrate import HEAD, current_revision, downgrade, head_revision, stored_revision, upgrade
from releasewatch.storage.tables import Base
from tests.conftest import NOW

TABLES = {"sources", "entries", "releases", "mentions", "deliveries"}


def test_upgrade_from_empty_to_head(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) is None and stored_revision(engine) is None
        upgrade(engine)
        assert current_revision(engine) == head_revision(engine) == stored_revision(engine) == HEAD
        assert set(inspect(engine).get_table_names()) >= TABLES
    finally:
        engine.dispose()


def test_models_and_migrations_agree(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_downgrade_to_base_and_upgrade_again(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        downgrade(engine, "base")
        assert not TABLES & set(inspect(engine).get_table_names())
        upgrade(engine)
        assert current_revision(engine) == head_revision(engine)
    finally:
        engine.dispose()


def test_open_upgrades_on_first_use_and_is_idempotent(db_url: str) -> None:
    first = Storage.open(db_url)
    first.close()
    second = Storage.open(db_url)
    try:
        assert current_revision(second.engine) == head_revision(second.engine)
    finally:
        second.close()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: object) -> None:
    store = Storage.open(f"sqlite:///{tmp_path}/wal.db")
    try:
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        store.close()


def test_opening_an_up_to_date_database_does_not_load_alembic(db_url: str) -> None:
    Storage.open(db_url).close()  # creates and upgrades it
    check = (
        "import sys; from releasewatch.storage import Storage; Storage.open(sys.argv[1]).close(); "
        "sys.exit('alembic' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", check, db_url], check=False).returncode == 0


def test_stepping_back_keeps_every_row(db_url: str) -> None:
    # On SQLite a batch migration that rebuilds `sources` or `releases` drops the old table, and with foreign keys
    # on, ON DELETE CASCADE would take every entry and mention with it.
    storage = Storage.open(db_url)
    try:
        storage.sources.sync([("feed", "rss", "https://example.org/feed.xml")])
        text = "Alibaba releases Qwen3-8B, an 8B open-weight model under the Apache 2.0 license."
        item = Item(key="k1", title="Qwen3-8B", url="https://example.org/p", published=NOW, text=text, content_hash="h")
        storage.entries.apply("feed", decide([item], {}, {}), now=NOW, announce_after=None)
        ingest_unextracted(storage, default_registry(), {})
    finally:
        storage.close()
    engine = make_engine(db_url)
    try:
        before = _row_counts(engine)
        assert before["entries"] == 1 and before["mentions"] >= 1 and before["releases"] >= 1
        downgrade(engine, "0002")
        assert _row_counts(engine) == before
        upgrade(engine)
        assert _row_counts(engine) == before
    finally:
        engine.dispose()


def _row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {table: connection.scalar(text(f"SELECT count(*) FROM {table}")) or 0 for table in sorted(TABLES)}
