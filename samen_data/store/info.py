"""What is in the database: rows per table."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from samen_data.store.models import Base


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            table.name: conn.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }
