"""dataversie: one counter row that every writing transaction bumps; part of the app's cache keys

Revision ID: 0007
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "dataversie",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("versie", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_dataversie_een_rij")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dataversie")),
    )
    op.bulk_insert(table, [{"id": 1, "versie": 1}])


def downgrade() -> None:
    op.drop_table("dataversie")
