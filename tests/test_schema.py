"""The schema: migrations equal the models, and the database itself refuses bad rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DataError, IntegrityError

from samen_data.store import schema
from samen_data.store.db import session_scope
from samen_data.store.models import Base, Deelnemer, Gemeente, Organisatie, Programma, Toezegging
from tests.db_helpers import engine_at_revision


def test_migrations_match_models(empty_engine):
    assert schema.is_up_to_date(empty_engine)
    with empty_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_upgrade_twice_is_harmless(empty_engine):
    schema.upgrade(empty_engine)
    assert schema.current_revision(empty_engine) == schema.head_revision(empty_engine)


def _seed(session):
    session.add(
        Gemeente(
            cbs_code="GM0796",
            naam="'s-Hertogenbosch",
            provincie="Noord-Brabant",
            latitude=51.69,
            longitude=5.30,
            peiljaar=2024,
        )
    )
    p = Programma(code="P", naam="P", startdatum=dt.date(2022, 1, 1), einddatum=dt.date(2023, 1, 1))
    o = Organisatie(naam="Fonds", soort="fonds")
    d = Deelnemer(programma=p, gemeente_code="GM0796", naam="D", spoor="proeftuin", status="actief")
    session.add_all([p, o, d])
    session.flush()
    return d, o


def _insert_fails(engine, make_row):
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        d, o = _seed(session)
        session.add(make_row(d, o))
        session.flush()


def test_negative_amount_refused(empty_engine):
    _insert_fails(
        empty_engine,
        lambda d, o: Toezegging(
            deelnemer=d, financier=o, soort="fondsbijdrage", bedrag=Decimal("-1.00"), fase="toegezegd"
        ),
    )


def test_unknown_stage_refused(empty_engine):
    _insert_fails(
        empty_engine,
        lambda d, o: Toezegging(
            deelnemer=d, financier=o, soort="fondsbijdrage", bedrag=Decimal("10"), fase="misschien"
        ),
    )


@pytest.mark.parametrize("code", ["GM079", "gm0796", "GM07A6", "XX0796", "GM07961"])
def test_bad_cbs_code_refused(empty_engine, code):
    # PostgreSQL refuses the 7-character code already by the column length (DataError).
    with pytest.raises((IntegrityError, DataError)), session_scope(empty_engine) as session:
        session.add(Gemeente(cbs_code=code, naam="X", provincie="Utrecht", latitude=52.0, longitude=5.0, peiljaar=2024))


def test_foreign_keys_enforced(empty_engine):
    with pytest.raises(IntegrityError), session_scope(empty_engine) as session:
        session.execute(
            text("INSERT INTO organisatie (naam, soort, gemeente_code, bron) VALUES ('X', 'fonds', 'GM9999', 'invoer')")
        )


def test_refused_row_leaves_nothing_behind(empty_engine):
    _insert_fails(
        empty_engine,
        lambda d, o: Toezegging(
            deelnemer=d, financier=o, soort="fondsbijdrage", bedrag=Decimal("-5"), fase="toegezegd"
        ),
    )
    with session_scope(empty_engine) as session:
        assert session.query(Programma).count() == 0
        assert session.query(Gemeente).count() == 0


def test_money_is_exact(empty_engine):
    with session_scope(empty_engine) as session:
        d, o = _seed(session)
        for _ in range(10):
            session.add(
                Toezegging(deelnemer=d, financier=o, soort="fondsbijdrage", bedrag=Decimal("0.10"), fase="toegezegd")
            )
    with empty_engine.connect() as conn:
        total = conn.execute(text("SELECT SUM(bedrag_cent) FROM toezegging")).scalar_one()
    assert total == 100  # ten times 10 cents, exactly one euro


def test_more_than_two_decimals_refused(empty_engine):
    with pytest.raises(Exception, match="twee decimalen"), session_scope(empty_engine) as session:
        d, o = _seed(session)
        session.add(
            Toezegging(deelnemer=d, financier=o, soort="fondsbijdrage", bedrag=Decimal("1.005"), fase="toegezegd")
        )


def test_kenmerk_migration_numbers_existing_rows(empty_url):
    """0001 -> 0002 on a database with rows: each gets a unique reference, nothing else changes."""
    engine = engine_at_revision(empty_url, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO gemeente VALUES ('GM0796', 'x', 'y', 51.7, 5.3, 2024)"))
        conn.execute(
            text(
                "INSERT INTO programma (id, code, naam, startdatum, einddatum, bron) "
                "VALUES (1, 'P', 'P', '2022-01-01', '2023-01-01', 'invoer')"
            )
        )
        for i in (1, 2):
            conn.execute(
                text(
                    "INSERT INTO bijeenkomst (id, programma_id, soort, titel, datum, open_voor_iedereen, bron) "
                    "VALUES (:i, 1, 'lokaal', 'b', '2022-05-01', false, 'invoer')"
                ),
                {"i": i},
            )
    schema.upgrade(engine)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, kenmerk FROM bijeenkomst ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [(1, "BK-1"), (2, "BK-2")]
    assert schema.is_up_to_date(engine)
    engine.dispose()
