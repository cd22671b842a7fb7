"""cofinancieringsregel: each programme's co-financing rule (gemeente matches 1:1, or own means are a plus)

Existing programmes: SAMEN and every programme with a gemeentelijke_investering get the 1:1 rule; a programme
with commitments but none of them a gemeente investment (the VSBfonds call) gets 'eigen_middelen_pre'; a
programme without commitments keeps the default, 1:1.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

REGELS = ("gemeente_1op1", "eigen_middelen_pre")


def upgrade() -> None:
    conn = op.get_bind()
    check = "cofinanciering IN (" + ", ".join(f"'{r}'" for r in REGELS) + ")"
    if conn.dialect.name == "sqlite":
        # A column constraint in ADD COLUMN: no table rebuild (a rebuild would trip the foreign keys to programma).
        conn.execute(
            sa.text(
                "ALTER TABLE programma ADD COLUMN cofinanciering VARCHAR(20) NOT NULL "
                "DEFAULT 'gemeente_1op1' CONSTRAINT ck_programma_cofinanciering CHECK (" + check + ")"
            )
        )
    else:
        op.add_column(
            "programma",
            sa.Column("cofinanciering", sa.String(length=20), nullable=False, server_default="gemeente_1op1"),
        )
        op.create_check_constraint(op.f("ck_programma_cofinanciering"), "programma", check)
    conn.execute(
        sa.text(
            "UPDATE programma SET cofinanciering = 'eigen_middelen_pre' "
            "WHERE code <> 'SAMEN' "
            "AND NOT EXISTS (SELECT 1 FROM toezegging t JOIN deelnemer d ON d.id = t.deelnemer_id "
            "                WHERE d.programma_id = programma.id AND t.soort = 'gemeentelijke_investering') "
            "AND EXISTS (SELECT 1 FROM toezegging t JOIN deelnemer d ON d.id = t.deelnemer_id "
            "            WHERE d.programma_id = programma.id)"
        )
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE programma DROP COLUMN cofinanciering")  # SQLite >= 3.35 drops it with its check
    else:
        op.drop_constraint(op.f("ck_programma_cofinanciering"), "programma", type_="check")
        op.drop_column("programma", "cofinanciering")
