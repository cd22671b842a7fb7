"""Shared database steps for tests of migrations."""

from __future__ import annotations

from sqlalchemy import Engine, text

from samen_data.store import schema
from samen_data.store.db import make_engine
from samen_data.store.models import Base


def engine_at_revision(url: str, revision: str) -> Engine:
    """The (fresh) database at `url` emptied and brought to an older schema revision, to test a later migration
    on rows that existed before it."""
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(text(f"DROP TABLE IF EXISTS {table.name}"))
    schema.upgrade(engine, revision)
    return engine
