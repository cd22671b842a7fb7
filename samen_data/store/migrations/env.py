"""Alembic environment: the engine comes from samen_data (config.attributes) or SAMEN_DATABASE_URL."""

from __future__ import annotations

from alembic import context

from samen_data.store.db import make_engine
from samen_data.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine") or make_engine()
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
