"""aanmeldpogingen: failed sign-ins per account and per client address (hashed keys), for the backoff

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "aanmeldpoging",
        sa.Column("sleutel", sa.String(length=64), nullable=False),
        sa.Column("mislukt", sa.Integer(), nullable=False),
        sa.Column("laatste_poging", sa.DateTime(timezone=True), nullable=False),
        sa.Column("geblokkeerd_tot", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("mislukt >= 0", name=op.f("ck_aanmeldpoging_mislukt_niet_negatief")),
        sa.PrimaryKeyConstraint("sleutel", name=op.f("pk_aanmeldpoging")),
    )
    op.create_index(op.f("ix_aanmeldpoging_laatste_poging"), "aanmeldpoging", ["laatste_poging"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_aanmeldpoging_laatste_poging"), table_name="aanmeldpoging")
    op.drop_table("aanmeldpoging")
