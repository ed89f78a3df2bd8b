"""Alembic environment: run by releasewatch.storage.migrate, or by the `alembic` CLI with alembic.ini."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Engine

from releasewatch.storage.engine import make_engine
from releasewatch.storage.tables import Base

config = context.config
target_metadata = Base.metadata


def _engine() -> Engine:
    engine = config.attributes.get("engine")
    if engine is not None:
        return engine
    url = os.environ.get("RELEASEWATCH_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("set RELEASEWATCH_DATABASE_URL (or sqlalchemy.url in alembic.ini)")
    return make_engine(url)


def run_migrations() -> None:
    with _engine().connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",  # SQLite can't ALTER most things in place
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
