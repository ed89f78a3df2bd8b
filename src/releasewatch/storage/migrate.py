"""Alembic, driven from code: any command that needs the database upgrades it to head first."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

import releasewatch.migrations

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

# The newest migration's revision (tests/test_migrations.py checks it against Alembic's head). Knowing it lets a
# command on an up-to-date database skip importing Alembic and reading the migration scripts: ≈ 0.15 s a start.
HEAD = "0005"


def alembic_config(engine: Engine) -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig()
    config.set_main_option("script_location", str(Path(str(files(releasewatch.migrations)))))
    config.attributes["engine"] = engine
    return config


def head_revision(engine: Engine) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def stored_revision(engine: Engine) -> str | None:
    """The revision the database records, read without Alembic; None when it records none (or several)."""
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DBAPIError:  # no such table: a new database
        return None
    return rows[0] if len(rows) == 1 else None


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    from alembic import command

    command.downgrade(alembic_config(engine), revision)


# Any constant will do: replicas starting together must agree on it, and nothing else of ours uses advisory locks.
_PG_MIGRATION_LOCK = 0x72656C77  # "relw"


def ensure_schema(engine: Engine) -> None:
    """Upgrade to head unless already there (cheap check first: most commands run on an up-to-date database)."""
    if stored_revision(engine) == HEAD:
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
