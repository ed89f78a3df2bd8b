"""release last changes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 04:53:55.366400
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # In place on SQLite too (see downgrade): a rebuilt table would cascade-delete the rows that refer to it.
    with op.batch_alter_table("releases", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("last_changes", sa.JSON(), nullable=True))


def downgrade() -> None:
    # recreate="never": SQLite (3.35+) drops the column in place. Rebuilding the table would drop the old one, and
    # with foreign keys on, ON DELETE CASCADE would delete every row that refers to it (entries, mentions).
    with op.batch_alter_table("releases", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("last_changes")
