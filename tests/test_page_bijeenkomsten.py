"""Bijeenkomsten through app.py (AppTest, the real Streamlit runtime) checked against independent recounts in
plain SQL on the app's database; and the meeting queries added for the page, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

import pandas as pd
import pyarrow as pa
import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from samen_data import queries as q
from samen_data.filters import Filters
from samen_data.store.models import Aanwezigheid, Bijeenkomst, Deelnemer, DeelnemerOrganisatie
from tests.apptest_helpers import open_page
from tests.recount import MAANDEN

PAGE = "pages/bijeenkomsten.py"
# The eight collective meetings as the source documents date them (seeds/001, seeds/002), written out by hand.
COLLECTIEVE_DATA = [
    "27 maart 2023",
    "23 juni 2023",
    "25 september 2023",
    "27 november 2023",
    "8 maart 2024",
    "27 mei 2024",
    "23 september 2024",
    "25 november 2024",
]
START = "28 november 2022"


def _page(**selection) -> AppTest:
    return open_page(PAGE, "Bijeenkomsten", **selection)


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _nl(n: int) -> str:
    """Dutch thousands separator, written independently of samen_ui.fmt."""
    return f"{n:,}".replace(",", ".")


def _dutch_date(value) -> str:
    d = dt.date.fromisoformat(str(value)[:10])
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


def _chart(at: AppTest, field: str) -> tuple[dict, pd.DataFrame]:
    """The (first) chart whose spec uses the field, with its data as a DataFrame."""
    for chart in at.get("vega_lite_chart"):
        if field in chart.proto.spec:
            data = pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_pandas()
            return json.loads(chart.proto.spec), data
    raise AssertionError(f"geen grafiek met {field}")


def _recount(engine: Engine, gemeente: str | None = None, soorten: tuple[str, ...] | None = None) -> dict:
    """Totals from the raw rows in plain SQL (not the query functions): the SAMEN programme over its own period."""
    where = "p.code = 'SAMEN' AND b.datum BETWEEN p.startdatum AND p.einddatum"
    params: dict = {}
    if gemeente:
        where += " AND o.gemeente_code = :gm"
        params["gm"] = gemeente
    if soorten:
        where += " AND b.soort IN (" + ", ".join(f"'{s}'" for s in soorten) + ")"
    sql = f"""
        SELECT COALESCE(SUM(a.aanwezig), 0), COALESCE(SUM(a.aangemeld), 0), COUNT(DISTINCT b.id),
               COUNT(DISTINCT CASE WHEN b.soort = 'collectief' THEN b.id END),
               COALESCE(SUM(CASE WHEN b.soort = 'collectief' THEN a.aanwezig ELSE 0 END), 0),
               COUNT(DISTINCT a.organisatie_id)
        FROM aanwezigheid a
        JOIN bijeenkomst b ON b.id = a.bijeenkomst_id
        JOIN programma p ON p.id = b.programma_id
        JOIN organisatie o ON o.id = a.organisatie_id
        WHERE {where}"""
    with engine.connect() as conn:
        row = conn.execute(text(sql), params).one()
    keys = ("aanwezig", "aangemeld", "bijeenkomsten", "collectief", "aanwezig_collectief", "organisaties")
    return dict(zip(keys, (int(v) for v in row), strict=True))


def test_collective_meetings_on_their_source_dates(app_db):
    at = _page()
    table = at.dataframe[0].value
    assert list(table["Datum"]) == [START, *COLLECTIEVE_DATA]
    assert (table["Tijd"].iloc[1:] == "13:00–17:00").all()
    places = dict(zip(table["Datum"], table["Plaats"], strict=True))
    assert places["25 november 2024"] == "Broedplaats de Helena, Den Haag"
    assert places["23 juni 2023"] == "StadmakersCongres, Haarlem"
    assert places["27 maart 2023"] == "niet vermeld in de bron"
    with app_db.connect() as conn:
        stored = conn.execute(
            text(
                "SELECT b.datum, COALESCE(SUM(a.aanwezig), 0) FROM bijeenkomst b "
                "LEFT JOIN aanwezigheid a ON a.bijeenkomst_id = b.id "
                "WHERE b.soort = 'collectief' GROUP BY b.id, b.datum ORDER BY b.datum"
            )
        ).all()
    assert [_dutch_date(d) for d, _ in stored] == COLLECTIEVE_DATA  # the database holds the source dates
    present = dict(zip(table["Datum"], table["Aanwezig"], strict=True))
    assert {_dutch_date(d): _nl(int(n)) for d, n in stored} == {d: present[d] for d in COLLECTIEVE_DATA}


def test_metrics_equal_recount(app_db):
    metrics = _metrics(_page())
    r = _recount(app_db)
    assert metrics["Aanwezigen (totaal)"] == _nl(r["aanwezig"])
    assert metrics["Bijeenkomsten gehouden"] == _nl(r["bijeenkomsten"])  # the demo's meetings all lie in the past
    assert metrics["Gemiddeld per collectieve"] == _nl(round(r["aanwezig_collectief"] / r["collectief"]))
    assert metrics["Opkomst"] == f"{round(100 * r['aanwezig'] / r['aangemeld'])}%"
    with app_db.connect() as conn:
        all_meetings = conn.execute(
            text(
                "SELECT COUNT(*) FROM bijeenkomst b JOIN programma p ON p.id = b.programma_id "
                "WHERE p.code = 'SAMEN' AND b.datum BETWEEN p.startdatum AND p.einddatum"
            )
        ).scalar_one()
    assert r["bijeenkomsten"] == all_meetings  # every meeting has attendance rows


def test_one_gemeente_counts_only_its_people(app_db):
    at = _page(f_gemeente="GM0518")
    r = _recount(app_db, gemeente="GM0518")
    assert _metrics(at)["Aanwezigen (totaal)"] == _nl(r["aanwezig"])
    assert list(at.dataframe[0].value["Datum"]) == [START, *COLLECTIEVE_DATA]  # Den Haag came to every one


def test_role_chart_per_kind_of_meeting(app_db):
    at = _page()
    kinds = at.get("button_group")[0]
    assert kinds.value == "kern"  # start and collective meetings by default
    _, data = _chart(at, "rol_label")
    assert int(data["aanwezig"].sum()) == _recount(app_db, soorten=("kick-off", "collectief"))["aanwezig"]
    kinds.set_value("lokaal").run()
    assert not at.exception, at.exception
    _, data = _chart(at, "rol_label")
    assert set(data["soort"]) == {"lokaal"}
    assert int(data["aanwezig"].sum()) == _recount(app_db, soorten=("lokaal",))["aanwezig"]


def test_matrix_who_came_to_which_meeting(app_db):
    at = _page()
    _, data = _chart(at, "organisatie")
    r = _recount(app_db, soorten=("kick-off", "collectief"))
    assert int(data["aanwezig"].sum()) == r["aanwezig"]
    assert data["organisatie"].nunique() == r["organisaties"]
    assert data["bijeenkomst_id"].nunique() == 1 + len(COLLECTIEVE_DATA)


@pytest.mark.parametrize(
    "selection",
    [
        {"f_sporen": ["experiment"]},
        {"periode": (dt.date(2020, 1, 1), dt.date(2020, 1, 31))},
    ],
    ids=["spoor_experiment", "periode_zonder_bijeenkomsten"],
)
def test_empty_selection_says_so(app_db, selection):
    at = _page(**selection)
    assert any("Geen bijeenkomsten" in i.value for i in at.info)
    assert not at.metric and not at.dataframe


# --- the queries added for the page, on both databases ---------------------------------------------------------

FILTERS = [
    Filters(programma="SAMEN"),
    Filters(programma="SAMEN", gemeente="GM0518"),
    Filters(programma="SAMEN", sporen=("kenniskring",)),
    Filters(programma="SAMEN", van=dt.date(2023, 1, 1), tot=dt.date(2023, 12, 31)),
    Filters(programma="VSB-EXP"),
    Filters(programma="SAMEN", sporen=("experiment",)),
]


def _attendance_rows(s: Session, f: Filters):
    """Raw attendance rows that the filters select (the organisation's track: its highest, else 'partner')."""
    tracks: dict[int, set[str]] = defaultdict(set)
    for link, spoor in s.execute(select(DeelnemerOrganisatie, Deelnemer.spoor).join(Deelnemer)):
        tracks[link.organisatie_id].add(spoor)
    for a in s.scalars(select(Aanwezigheid)):
        b, o = a.bijeenkomst, a.organisatie
        spoor = max(tracks[o.id]) if tracks[o.id] else "partner"
        if f.programma and b.programma.code != f.programma:
            continue
        if (f.van and b.datum < f.van) or (f.tot and b.datum > f.tot):
            continue
        if (f.gemeente and o.gemeente_code != f.gemeente) or (f.sporen and spoor not in f.sporen):
            continue
        yield a, b


def _kerncijfers_in_sql(engine, f, today):
    return q.bijeenkomsten_kerncijfers(engine, f, today=today)


def _kerncijfers_from_the_page_rows(engine, f, today):  # what the Bijeenkomsten page does
    return q.BijeenkomstCijfers.uit_bijeenkomsten(q.bijeenkomsten(engine, f), today=today)


@pytest.mark.parametrize("f", FILTERS, ids=repr)
@pytest.mark.parametrize("kerncijfers", [_kerncijfers_in_sql, _kerncijfers_from_the_page_rows], ids=["sql", "rijen"])
def test_bijeenkomsten_kerncijfers(demo_engine, f, kerncijfers):
    k = kerncijfers(demo_engine, f, dt.date(2024, 6, 30))
    with Session(demo_engine) as s:
        rows = list(_attendance_rows(s, f))
        meetings = {b.id: b for _, b in rows}
        if not (f.gemeente or f.sporen):  # then meetings without attendance count too
            meetings |= {
                b.id: b
                for b in s.scalars(select(Bijeenkomst))
                if (not f.programma or b.programma.code == f.programma)
                and (not f.van or b.datum >= f.van)
                and (not f.tot or b.datum <= f.tot)
            }
        held = [a for a, b in rows if b.datum <= dt.date(2024, 6, 30)]
        collectief = [a for a, b in rows if b.datum <= dt.date(2024, 6, 30) and b.soort == "collectief"]
        assert k.bijeenkomsten == len(meetings)
        assert k.gehouden == sum(1 for b in meetings.values() if b.datum <= dt.date(2024, 6, 30))
        assert k.collectief_gehouden == sum(
            1 for b in meetings.values() if b.datum <= dt.date(2024, 6, 30) and b.soort == "collectief"
        )
        assert k.aanwezig == sum(a.aanwezig for a in held)
        assert k.aangemeld == sum(a.aangemeld for a in held)
        assert k.aanwezig_collectief == sum(a.aanwezig for a in collectief)
        assert k.synthetisch == (
            any(a.bron == "synthetisch" for a, _ in rows) or any(b.bron == "synthetisch" for b in meetings.values())
        )
    if k.aangemeld:
        assert k.opkomst == pytest.approx(k.aanwezig / k.aangemeld)
    else:
        assert k.opkomst is None


@pytest.mark.parametrize("soorten", [("kick-off", "collectief"), ("lokaal",), ()], ids=str)
def test_aanwezigheid_per_rol_for_kinds_of_meeting(demo_engine, soorten):
    f = Filters(programma="SAMEN")
    df = q.aanwezigheid_per_bijeenkomst_rol(demo_engine, f, soorten)
    expected: dict = defaultdict(int)
    with Session(demo_engine) as s:
        for a, b in _attendance_rows(s, f):
            if not soorten or b.soort in soorten:
                expected[(b.id, a.rol)] += a.aanwezig
    assert {(r.bijeenkomst_id, r.rol): r.aanwezig for r in df.itertuples()} == dict(expected)
