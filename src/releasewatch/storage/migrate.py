"""Alembic, driven from code: any command that needs the database upgrades it to head first."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

import releasewatch.migrations


def alembic_config(engine: Engine) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(Path(str(files(releasewatch.migrations)))))
    config.attributes["engine"] = engine
    return config


def head_revision(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    command.downgrade(alembic_config(engine), revision)


# Any constant will do: replicas starting together must agree on it, and nothing else of ours uses advisory locks.
_PG_MIGRATION_LOCK = 0x72656C77  # "relw"


def ensure_schema(engine: Engine) -> None:
    """Upgrade to head unless already there (cheap check first: most commands run on an up-to-date database)."""
    if current_revision(engine) == head_revision(engine):
        return
    if engine.dialect.name != "postgresql":
        upgrade(engine)  # SQLite: BEGIN IMMEDIATE already serialises writers, and one daemon runs per file
        return
    # Replicas starting together would run the same migration twice; the first takes the lock, the rest find
    # the schema at head once they get it.
    with engine.connect() as guard:
        guard.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        try:
            if current_revision(engine) != head_revision(engine):
                upgrade(engine)
        finally:
            guard.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _PG_MIGRATION_LOCK})
            guard.commit()
