"""kenmerk: a stable reference per commitment, payment, meeting and milestone

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

PREFIXES = {"toezegging": "TZ", "betaling": "BT", "bijeenkomst": "BK", "mijlpaal": "MP"}


def upgrade() -> None:
    conn = op.get_bind()
    for table, prefix in PREFIXES.items():
        # NOT NULL with a temporary default, then numbered from the id: no table rebuild on SQLite.
        op.add_column(table, sa.Column("kenmerk", sa.String(length=40), nullable=False, server_default=""))
        conn.execute(
            sa.text(f"UPDATE {table} SET kenmerk = :prefix || '-' || CAST(id AS VARCHAR(20))"), {"prefix": prefix}
        )
        op.create_index(op.f(f"ix_{table}_kenmerk"), table, ["kenmerk"], unique=True)
        if conn.dialect.name != "sqlite":
            op.alter_column(table, "kenmerk", server_default=None)


def downgrade() -> None:
    for table in PREFIXES:
        op.drop_index(op.f(f"ix_{table}_kenmerk"), table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("kenmerk")
