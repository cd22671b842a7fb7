"""The national-scale generator, at its smallest scale, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from samen_data.cli.main import main
from samen_data.demo import generate
from samen_data.demo.loader import DatabaseNotEmpty, load_demo
from samen_data.store.info import row_counts

FACT_TABLES = (
    "programma",
    "organisatie",
    "deelnemer",
    "toezegging",
    "betaling",
    "tranche",
    "bijeenkomst",
    "aanwezigheid",
    "meting",
    "mijlpaal",
)


def _scalar(engine, sql: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text(sql)).scalar()


def test_tiny_scale_has_the_asked_rows(empty_engine):
    counts = generate.generate(empty_engine, "tiny")
    spec = generate.SCALES["tiny"]
    assert counts["gemeente"] == 342
    assert counts["programma"] == spec.programmas
    assert counts["deelnemer"] == spec.deelnemers
    assert counts["bijeenkomst"] == spec.bijeenkomsten
    assert counts["aanwezigheid"] == spec.aanwezigheid
    assert counts["betaling"] == spec.betalingen
    assert counts["meting"] == spec.metingen
    assert counts == row_counts(empty_engine)


def test_scales_grow_to_the_national_figures():
    national = generate.SCALES["national"]
    assert (
        national.deelnemers,
        national.bijeenkomsten,
        national.aanwezigheid,
        national.betalingen,
        national.metingen,
    ) == (5_000, 50_000, 1_000_000, 100_000, 60_000)
    sizes = [generate.SCALES[s].aanwezigheid for s in ("tiny", "small", "medium", "national")]
    assert sizes == sorted(sizes) and len(set(sizes)) == 4


def test_every_row_synthetic_and_every_reference_resolves(empty_engine):
    generate.generate(empty_engine, "tiny")
    for table in FACT_TABLES:
        assert _scalar(empty_engine, f"SELECT count(*) FROM {table} WHERE bron <> 'synthetisch'") == 0, table
    orphans = {
        "deelnemer.gemeente": "SELECT count(*) FROM deelnemer d LEFT JOIN gemeente g ON g.cbs_code = d.gemeente_code "
        "WHERE g.cbs_code IS NULL",
        "toezegging.deelnemer": "SELECT count(*) FROM toezegging t LEFT JOIN deelnemer d ON d.id = t.deelnemer_id "
        "WHERE d.id IS NULL",
        "betaling.toezegging": "SELECT count(*) FROM betaling b LEFT JOIN toezegging t ON t.id = b.toezegging_id "
        "WHERE t.id IS NULL",
        "tranche.toezegging": "SELECT count(*) FROM tranche r LEFT JOIN toezegging t ON t.id = r.toezegging_id "
        "WHERE t.id IS NULL",
        "aanwezigheid.bijeenkomst": "SELECT count(*) FROM aanwezigheid a LEFT JOIN bijeenkomst b "
        "ON b.id = a.bijeenkomst_id WHERE b.id IS NULL",
        "aanwezigheid.organisatie": "SELECT count(*) FROM aanwezigheid a LEFT JOIN organisatie o "
        "ON o.id = a.organisatie_id WHERE o.id IS NULL",
        "meting.deelnemer": "SELECT count(*) FROM meting m LEFT JOIN deelnemer d ON d.id = m.deelnemer_id "
        "WHERE d.id IS NULL",
    }
    for name, sql in orphans.items():
        assert _scalar(empty_engine, sql) == 0, name
    # Payments never exceed what was committed on them; meetings fall within their programme.
    assert (
        _scalar(
            empty_engine,
            "SELECT count(*) FROM (SELECT t.id FROM toezegging t JOIN betaling b "
            "ON b.toezegging_id = t.id GROUP BY t.id, t.bedrag_cent "
            "HAVING sum(b.bedrag_cent) > t.bedrag_cent) x",
        )
        == 0
    )
    assert (
        _scalar(
            empty_engine,
            "SELECT count(*) FROM bijeenkomst b JOIN programma p ON p.id = b.programma_id "
            "WHERE b.datum < p.startdatum OR b.datum > p.einddatum",
        )
        == 0
    )
    # A live commitment's schedule adds up to it; an intended or withdrawn one has none.
    assert _scalar(empty_engine, "SELECT count(*) FROM tranche") > 0
    assert (
        _scalar(
            empty_engine,
            "SELECT count(*) FROM toezegging t LEFT JOIN (SELECT toezegging_id, sum(bedrag_cent) s FROM tranche "
            "GROUP BY toezegging_id) r ON r.toezegging_id = t.id WHERE (t.fase IN ('beoogd', 'ingetrokken') "
            "AND r.s IS NOT NULL) OR (t.fase NOT IN ('beoogd', 'ingetrokken') AND r.s IS DISTINCT FROM t.bedrag_cent)",
        )
        == 0
    )
    # Every kenmerk is filled and unique (the database enforces uniqueness; here: the generator's own format).
    assert _scalar(empty_engine, "SELECT count(*) FROM betaling WHERE kenmerk NOT LIKE 'BT-%'") == 0


def test_new_rows_after_generating_get_fresh_ids(empty_engine):
    """PostgreSQL sequences follow the explicit ids, so the app can add rows afterwards."""
    generate.generate(empty_engine, "tiny")
    with empty_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO programma (code, naam, startdatum, einddatum, bron) "
                "VALUES ('NIEUW', 'Nieuw', '2030-01-01', '2030-12-31', 'invoer')"
            )
        )
    assert (
        _scalar(empty_engine, "SELECT id FROM programma WHERE code = 'NIEUW'") == generate.SCALES["tiny"].programmas + 1
    )


def test_refuses_a_database_with_data(empty_engine):
    load_demo(empty_engine)
    before = row_counts(empty_engine)
    with pytest.raises(DatabaseNotEmpty):
        generate.generate(empty_engine, "tiny")
    assert row_counts(empty_engine) == before


def test_cli_generate(empty_url, capsys):
    assert main(["--database", empty_url, "generate", "--scale", "tiny", "--ja"]) == 0
    assert "aanwezigheid" in capsys.readouterr().out
    assert main(["--database", empty_url, "generate", "--scale", "tiny", "--ja"]) == 3
    assert "Geweigerd" in capsys.readouterr().err
