"""The data version: one counter row (dataversie) that every writing transaction bumps as its last statement.

The app puts the version in every cache key and reads it once per rerun, so a write by any process (another
app server, the command line, a script on the shared database) is seen on the next rerun of every session.
The bump comes last in its transaction: on PostgreSQL it row-locks the counter until the commit, and a
transaction that holds that lock then needs no other lock, so concurrent writers queue briefly but never
deadlock. Audit rows of refused changes bump it too: the Wijzigingen page shows them.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.orm import Session

from samen_data.store.models import DataVersie


def bump(conn: Session | Connection) -> None:
    """Count one write; call inside the writing transaction, after its last other statement."""
    if isinstance(conn, Session):
        conn.flush()  # the pending rows first, so the counter is the last lock taken
    conn.execute(update(DataVersie).where(DataVersie.id == 1).values(versie=DataVersie.versie + 1))


def current(engine: Engine) -> int:
    """The version now: changes whenever any committed transaction changed what the pages show."""
    with engine.connect() as conn:
        return conn.scalar(select(DataVersie.versie).where(DataVersie.id == 1)) or 0
