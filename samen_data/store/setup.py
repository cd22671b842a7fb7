"""Opening the database the app uses: newest schema, and the demo on a new embedded default."""

from __future__ import annotations

from sqlalchemy import Engine

from samen_data.demo import loader as demo
from samen_data.store import schema
from samen_data.store.db import is_default, make_engine, resolve_url


def open_database(url: str | None = None) -> Engine:
    """Engine for the configured database, upgraded; the embedded default is filled with the demo once."""
    url = url or resolve_url()[0]
    engine = make_engine(url)
    schema.upgrade(engine)
    if is_default(url) and not demo.has_data(engine):
        demo.load_demo(engine)
    return engine
