"""entries remember whether extraction has run on their current content; sources when their failing began

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 05:20:00

A poll stores entries in one transaction and records releases in the next; a process killed in between left
entries that were never extracted. With this flag the next poll (or the daemon at start) picks them up.
Rows that exist already were extracted when they were stored, hence the server default of true.
sources.failing_since anchors "failing for longer than alert_after" (last_attempt moves with every retry).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # In place on SQLite too (see downgrade): a rebuilt table would cascade-delete the rows that refer to it.
    with op.batch_alter_table("entries", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("extracted", sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.create_index("ix_entries_extracted", ["extracted"], unique=False)
    with op.batch_alter_table("sources", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("failing_since", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # recreate="never": SQLite (3.35+) drops the column in place. Rebuilding the table would drop the old one, and
    # with foreign keys on, ON DELETE CASCADE would delete every row that refers to it (entries, mentions).
    with op.batch_alter_table("sources", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("failing_since")
    with op.batch_alter_table("entries", schema=None, recreate="never") as batch_op:
        batch_op.drop_index("ix_entries_extracted")
        batch_op.drop_column("extracted")
