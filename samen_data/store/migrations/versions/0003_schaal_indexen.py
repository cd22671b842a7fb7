"""schaal: indexes for national scale (covering attendance sums, a programme's meetings by date)

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain CREATE INDEX: no table rebuild, so SQLite keeps its CHECK constraints.
    op.create_index(
        "ix_aanwezigheid_dekkend",
        "aanwezigheid",
        ["bijeenkomst_id", "organisatie_id", "rol", "aangemeld", "aanwezig", "bron"],
    )
    op.create_index("ix_bijeenkomst_programma_datum", "bijeenkomst", ["programma_id", "datum"])


def downgrade() -> None:
    op.drop_index("ix_bijeenkomst_programma_datum", table_name="bijeenkomst")
    op.drop_index("ix_aanwezigheid_dekkend", table_name="aanwezigheid")
