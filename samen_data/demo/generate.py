"""A synthetic database at national scale: many programmes over all 342 gemeenten, for benchmarks.

Every row is marked bron='synthetisch'. Rows are built in memory with their ids and written in bulk
(COPY on PostgreSQL, executemany on SQLite): minutes, not hours, for a million attendance rows.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, text

from samen_data.demo.builder import Builder
from samen_data.demo.loader import DatabaseNotEmpty
from samen_data.store import schema, version
from samen_data.store.info import row_counts
from samen_data.store.reference import read_gemeenten

SEED = 342


@dataclass(frozen=True)
class Scale:
    programmas: int
    deelnemers: int
    bijeenkomsten: int
    aanwezigheid: int
    betalingen: int
    metingen: int


NATIONAL = Scale(
    programmas=5, deelnemers=5_000, bijeenkomsten=50_000, aanwezigheid=1_000_000, betalingen=100_000, metingen=60_000
)


def _fraction(n: int) -> Scale:
    return Scale(
        NATIONAL.programmas,
        *(
            max(1, v // n)
            for v in (
                NATIONAL.deelnemers,
                NATIONAL.bijeenkomsten,
                NATIONAL.aanwezigheid,
                NATIONAL.betalingen,
                NATIONAL.metingen,
            )
        ),
    )


# Smaller steps for quick runs: the same shape, a fraction of the rows.
SCALES: dict[str, Scale] = {
    "tiny": _fraction(500),
    "small": _fraction(50),
    "medium": _fraction(10),
    "national": NATIONAL,
}


def generate(engine: Engine, scale: str | Scale = "national", seed: int = SEED) -> dict[str, int]:
    """Fill an empty database (any backend) at the given scale; returns rows per table."""
    spec = SCALES[scale] if isinstance(scale, str) else scale
    schema.upgrade(engine)
    if filled := filled_tables(engine):
        raise DatabaseNotEmpty(
            "De database bevat al gegevens ("
            + ", ".join(f"{t} {n}" for t, n in filled.items())
            + "); genereren kan alleen in een lege database."
        )
    rows = Builder(spec, random.Random(seed)).build()
    with engine.begin() as conn:
        if not conn.execute(text("SELECT count(*) FROM gemeente")).scalar():
            _write(conn, "gemeente", read_gemeenten())
        for table, data in rows.items():
            _write(conn, table, data)
        if conn.dialect.name == "postgresql":
            for table in rows:
                if table != "deelnemer_organisatie":  # the only table without an id sequence
                    conn.execute(
                        text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
                    )
        version.bump(conn)
    with engine.begin() as conn:
        # Fresh statistics so the planner knows the tables' sizes at once.
        conn.execute(text("ANALYZE"))
    return row_counts(engine)


def filled_tables(engine: Engine) -> dict[str, int]:
    """The tables generate writes with its own ids that already hold rows: any row there (even one audit line
    of a refused import) would collide, so all must be empty. Accounts and the gemeente list may stay."""
    return {t: n for t, n in row_counts(engine).items() if n and t in Builder.TABLES}


def _write(conn, table: str, rows: Sequence[dict]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    raw = conn.connection.driver_connection
    if conn.dialect.name == "postgresql":
        with raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])
    else:
        # SQLite stores dates as ISO text (as SQLAlchemy does) and booleans as 0/1.
        def value(v):
            return v.isoformat() if isinstance(v, dt.date) else int(v) if isinstance(v, bool) else v

        marks = ", ".join("?" * len(columns))
        raw.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
            ([value(row[c]) for c in columns] for row in rows),
        )
