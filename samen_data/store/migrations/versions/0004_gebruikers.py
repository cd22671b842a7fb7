"""gebruikers (accounts with a role) and the gemeente of each audit row

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gebruiker",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("rol", sa.String(length=20), nullable=False),
        sa.Column("gemeente_code", sa.String(length=6), nullable=True),
        sa.Column("fonds_id", sa.Integer(), nullable=True),
        sa.Column("wachtwoord_hash", sa.String(length=200), nullable=True),
        sa.Column("mislukte_pogingen", sa.Integer(), nullable=False),
        sa.Column("geblokkeerd_tot", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "aangemaakt", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.CheckConstraint("rol IN ('beheer', 'fonds', 'vng', 'gemeente')", name=op.f("ck_gebruiker_rol")),
        sa.CheckConstraint(
            "rol <> 'gemeente' OR gemeente_code IS NOT NULL", name=op.f("ck_gebruiker_gemeente_heeft_code")
        ),
        sa.CheckConstraint("rol <> 'fonds' OR fonds_id IS NOT NULL", name=op.f("ck_gebruiker_fonds_heeft_fonds")),
        sa.ForeignKeyConstraint(["fonds_id"], ["organisatie.id"], name=op.f("fk_gebruiker_fonds_id_organisatie")),
        sa.ForeignKeyConstraint(
            ["gemeente_code"], ["gemeente.cbs_code"], name=op.f("fk_gebruiker_gemeente_code_gemeente")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gebruiker")),
        sa.UniqueConstraint("email", name=op.f("uq_gebruiker_email")),
    )
    op.add_column("wijziging", sa.Column("gemeente_code", sa.String(length=6), nullable=True))
    op.create_index(op.f("ix_wijziging_gemeente_code"), "wijziging", ["gemeente_code"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_wijziging_gemeente_code"), table_name="wijziging")
    with op.batch_alter_table("wijziging") as batch:
        batch.drop_column("gemeente_code")
    op.drop_table("gebruiker")
