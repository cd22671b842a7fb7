"""tranche: planned payments on a commitment (amount due by a date), for the signal "planned tranche past its date"

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tranche",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kenmerk", sa.String(length=40), nullable=False),
        sa.Column("toezegging_id", sa.Integer(), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("bedrag_cent", sa.BigInteger(), nullable=False),
        sa.Column("omschrijving", sa.String(length=200), nullable=True),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("bron", sa.String(length=12), nullable=False),
        sa.Column("bron_document", sa.String(length=200), nullable=True),
        sa.CheckConstraint("bron IN ('brondocument', 'import', 'invoer', 'synthetisch')", name=op.f("ck_tranche_bron")),
        sa.CheckConstraint("bedrag_cent >= 0", name=op.f("ck_tranche_bedrag_niet_negatief")),
        sa.ForeignKeyConstraint(["toezegging_id"], ["toezegging.id"], name=op.f("fk_tranche_toezegging_id_toezegging")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tranche")),
    )
    op.create_index(op.f("ix_tranche_kenmerk"), "tranche", ["kenmerk"], unique=True)
    op.create_index(op.f("ix_tranche_datum"), "tranche", ["datum"], unique=False)
    op.create_index(op.f("ix_tranche_toezegging_id"), "tranche", ["toezegging_id"], unique=False)


def downgrade() -> None:
    op.drop_table("tranche")
