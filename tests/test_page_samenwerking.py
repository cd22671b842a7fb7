"""Samenwerking through app.py (AppTest, the real Streamlit runtime) checked against independent recounts in
plain SQL on the app's database; and the collaboration queries added for the page, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from samen_data import queries as q
from samen_data.filters import Filters
from samen_data.store.models import Meting, Mijlpaal
from samen_ui.fmt import getal
from tests.apptest_helpers import open_page
from tests.recount import in_period, selected

PAGE = "pages/samenwerking.py"
LESSEN = ("relaties", "gelijkwaardigheid", "sterke bewonersinitiatieven")
STATUS_LABELS = {"bereikt": "✔ Bereikt", "gestart": "▶ Gestart", "gepland": "○ Gepland", "vervallen": "✖ Vervallen"}


def _page(**selection) -> AppTest:
    return open_page(PAGE, "Samenwerking", **selection)


def _metrics(at: AppTest) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def _weighted(
    engine: Engine, golf: str, dimensie: str, gemeente: str | None = None, groep: str | None = None
) -> float | None:
    """Respondent-weighted mean score straight from the meting table (SAMEN over its own period)."""
    sql = """
        SELECT SUM(m.score * m.respondenten), SUM(m.respondenten)
        FROM meting m JOIN deelnemer d ON d.id = m.deelnemer_id JOIN programma p ON p.id = d.programma_id
        WHERE p.code = 'SAMEN' AND m.datum BETWEEN p.startdatum AND p.einddatum
          AND m.golf = :golf AND m.dimensie = :dimensie"""
    params = {"golf": golf, "dimensie": dimensie}
    if gemeente:
        sql += " AND d.gemeente_code = :gm"
        params["gm"] = gemeente
    if groep:
        sql += " AND m.respondentgroep = :groep"
        params["groep"] = groep
    with engine.connect() as conn:
        total, n = conn.execute(text(sql), params).one()
    return float(total) / int(n) if n else None


@pytest.mark.parametrize("gemeente", [None, "GM0518"], ids=["alle_gemeenten", "den_haag"])
def test_latest_wave_score_per_dimension(app_db, gemeente):
    metrics = _metrics(_page(**({"f_gemeente": gemeente} if gemeente else {})))
    for dimensie in LESSEN:
        eind = _weighted(app_db, "eindmeting", dimensie, gemeente)
        nul = _weighted(app_db, "nulmeting", dimensie, gemeente)
        value, delta = metrics[dimensie[:1].upper() + dimensie[1:]]
        assert value == f"{getal(eind, 1)} / 10"
        assert delta == f"{'+' if round(eind - nul, 1) > 0 else ''}{getal(eind - nul, 1)} sinds nulmeting"


def test_biggest_gap_at_the_last_wave_is_named(app_db):
    at = _page()
    gaps = {}
    for dimensie in LESSEN:
        scores = [_weighted(app_db, "eindmeting", dimensie, groep=g) for g in ("bewoners", "gemeente", "fonds")]
        gaps[dimensie] = max(scores) - min(scores)
    biggest = max(gaps, key=gaps.get)
    sentence = next(m.value for m in at.markdown if "kloof het grootst" in m.value)
    assert f"**{biggest}**" in sentence and "**eindmeting**" in sentence
    assert f"{getal(gaps[biggest], 1)} punt" in sentence


def test_the_three_lessons_are_named(app_db):
    at = _page()
    shown = " ".join(
        [m.value for m in at.markdown]
        + [m.label for m in at.metric]
        + [c.value for c in at.caption]
        + [s.value for s in at.header]
    ).lower()
    for les in LESSEN:
        assert les in shown


def test_milestones_per_status_equal_recount(app_db):
    at = _page()
    with app_db.connect() as conn:
        counts = dict(
            conn.execute(
                text(
                    "SELECT m.status, COUNT(*) FROM mijlpaal m JOIN programma p ON p.id = m.programma_id "
                    "WHERE p.code = 'SAMEN' AND COALESCE(m.datum_bereikt, m.streefdatum) BETWEEN p.startdatum AND p.einddatum "
                    "GROUP BY m.status"
                )
            ).all()
        )
    metrics = _metrics(at)
    for status, shown in STATUS_LABELS.items():
        assert metrics[shown][0] == str(counts.get(status, 0))
    table = at.table[-1].value
    assert len(table) == sum(counts.values())
    assert table["Status"].str.replace("\u00a0", " ").isin(STATUS_LABELS.values()).all()  # symbol and label


@pytest.mark.parametrize(
    "selection",
    [
        {"f_sporen": ["experiment"]},
        {"f_sporen": ["kenniskring"]},
        {"periode": (dt.date(2020, 1, 1), dt.date(2020, 1, 31))},
    ],
    ids=["spoor_experiment", "alleen_kenniskring", "periode_zonder_data"],
)
def test_empty_selection_says_so(app_db, selection):
    at = _page(**selection)
    info = " ".join(i.value for i in at.info)
    assert "Geen metingen" in info and "Geen mijlpalen" in info
    assert all(value == "–" for value, _ in _metrics(at).values())


# --- the queries added for the page, on both databases ---------------------------------------------------------

FILTERS = [
    Filters(programma="SAMEN"),
    Filters(programma="SAMEN", gemeente="GM0796"),
    Filters(programma="SAMEN", van=dt.date(2023, 1, 1), tot=dt.date(2023, 12, 31)),
    Filters(programma="SAMEN", tot=dt.date(2023, 6, 30)),
    Filters(programma="SAMEN", sporen=("kenniskring",)),
    Filters(programma="VSB-EXP"),
    Filters(),
]


@pytest.mark.parametrize("f", FILTERS, ids=repr)
def test_samenwerking_voortgang(demo_engine, f):
    df = q.samenwerking_voortgang(demo_engine, f).set_index("dimensie")
    sums: dict = defaultdict(lambda: [0.0, 0])
    synthetic = False
    with Session(demo_engine) as s:
        for m in s.scalars(select(Meting)):
            if selected(m.deelnemer, f) and in_period(m.datum, f):
                sums[(m.dimensie, m.golf)][0] += float(m.score) * m.respondenten
                sums[(m.dimensie, m.golf)][1] += m.respondenten
                synthetic |= m.bron == "synthetisch"
    order = ("nulmeting", "tussenmeting", "eindmeting")
    assert sorted(df.index) == sorted({d for d, _ in sums})
    for dimensie, row in df.iterrows():
        waves = sorted((g for d, g in sums if d == dimensie), key=order.index)
        (first_total, first_n), (last_total, last_n) = sums[(dimensie, waves[0])], sums[(dimensie, waves[-1])]
        assert (row["eerste_golf"], row["laatste_golf"]) == (waves[0], waves[-1])
        assert row["eerste_score"] == pytest.approx(first_total / first_n)
        assert row["laatste_score"] == pytest.approx(last_total / last_n)
        assert row["verschil"] == pytest.approx(last_total / last_n - first_total / first_n)
        assert row["respondenten"] == last_n
        assert bool(row["synthetisch"]) == synthetic
    assert list(df.index) == [d for d in LESSEN if d in df.index]  # the lessons' order


@pytest.mark.parametrize("f", FILTERS, ids=repr)
def test_mijlpalen_per_status(demo_engine, f):
    df = q.mijlpalen_per_status(demo_engine, f)
    expected: dict = defaultdict(int)
    with Session(demo_engine) as s:
        for m in s.scalars(select(Mijlpaal)):
            if (
                (not f.programma or m.programma.code == f.programma)
                and selected(m.deelnemer, f)
                and in_period(m.datum_bereikt or m.streefdatum, f)
            ):
                expected[m.status] += 1
    assert dict(zip(df["status"], df["aantal"], strict=True)) == dict(expected)
    assert sum(df["aantal"]) == len(q.mijlpalen(demo_engine, f))
    order = ["gepland", "gestart", "bereikt", "vervallen"]
    assert list(df["status"]) == sorted(df["status"], key=order.index)
