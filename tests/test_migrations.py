"""Alembic migrations: empty → head, models and migrations agree, down to base and up again; both backends."""

from __future__ import annotations

import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from releasewatch.storage import Storage
from releasewatch.storage.engine import make_engine
from releasewatch.storage.migrate import HEAD, current_revision, downgrade, head_revision, stored_revision, upgrade
from releasewatch.storage.tables import Base

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
