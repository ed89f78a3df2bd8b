"""sources remember the warnings of their last parsed fetch

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 22:10:00

A feed that parses with warnings (malformed XML that kept what parsed, a mislabelled charset, repeated ids, an
ignored DTD) is a success whose warnings only the poll's summary showed; `status` read "ok". NULL: none recorded.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # In place on SQLite too (see downgrade): a rebuilt table would cascade-delete the rows that refer to it.
    with op.batch_alter_table("sources", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("last_warning", sa.Text(), nullable=True))


def downgrade() -> None:
    # recreate="never": SQLite (3.35+) drops the column in place. Rebuilding the table would drop the old one, and
    # with foreign keys on, ON DELETE CASCADE would delete every row that refers to it (entries, mentions).
    with op.batch_alter_table("sources", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("last_warning")
