"""One visible scope per page (the line under every title, every figure drawn in it) and period figures that
stay honest (paid in the period beside paid up to its end; cumulative lines from the opening balance), checked
through app.py against recounts in plain SQL; the period queries on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pandas as pd
import pyarrow as pa
import pytest
from sqlalchemy import Engine, text
from streamlit.testing.v1 import AppTest

from samen_data import queries as q
from samen_data.figures.selectie import Selectie
from samen_data.filters import Filters
from samen_ui.fmt import euro, getal
from tests.apptest_helpers import scope_lines, select, shown, start
from tests.test_pages import PAGES

SAMEN = "Programma SAMEN"
HEEL = f"{SAMEN} · hele looptijd · alle gemeenten · alle sporen"
SMAL = f"{SAMEN} · 01-01-2024 – 30-06-2024 · Vaals · spoor proeftuin"
PERIODE = (dt.date(2024, 1, 1), dt.date(2024, 6, 30))
VAALS = "GM0981"
# Pages that act on rows: their line names what they act on (the account), not only the sidebar's filters.
ACTS_ON = {
    "pages/bijwerken.py": "Alle gemeenten en fondsen · {selectie}",
    "pages/gegevens.py": "Alle gemeenten en fondsen · alle programma's, hele looptijd (de filters in de zijbalk "
    "gelden hier niet)",
    "pages/wijzigingen.py": "Alle gemeenten en fondsen · alle wijzigingen (de filters in de zijbalk gelden hier niet)",
    "pages/accounts.py": "Alle accounts van het dashboard (de filters in de zijbalk gelden hier niet)",
}


def _expected(page: str, selectie: str) -> str:
    return ACTS_ON.get(page, "{selectie}").format(selectie=selectie)


def _charts(at: AppTest) -> list[tuple[dict, list[pd.DataFrame]]]:
    out = []
    for chart in at.get("vega_lite_chart"):
        frames = [pa.ipc.open_stream(io.BytesIO(d.data.data)).read_pandas() for d in chart.proto.datasets]
        out.append((json.loads(chart.proto.spec), frames))
    return out


def test_the_scope_line_in_words():
    f = Filters(programma="SAMEN", van=dt.date(2022, 11, 28), tot=dt.date(2024, 11, 30))
    heel = Selectie(f, SAMEN, start=f.van, einde=f.tot)
    assert heel.regel() == HEEL and heel.actief() == [] and not heel.heeft_periode
    smal = Selectie(Filters("SAMEN", *PERIODE, VAALS, ("proeftuin",)), SAMEN, f.van, f.tot, "Vaals")
    assert smal.regel() == SMAL
    assert [k for k, _ in smal.actief()] == ["sporen", "gemeente", "periode"]
    assert smal.leeg("toezeggingen") == (
        "Geen toezeggingen voor spoor proeftuin en gemeente Vaals en periode 01-01-2024 – 30-06-2024."
    )
    assert smal.zonder("periode") == Filters("SAMEN", f.van, f.tot, VAALS, ("proeftuin",))
    eigen = Selectie(
        Filters("SAMEN", gemeente=VAALS, sporen=("kenniskring",)), SAMEN, gemeente_naam="Vaals", eigen_gemeente=True
    )
    assert eigen.leeg("toezeggingen") == "Geen toezeggingen voor spoor kenniskring."  # its gemeente is no choice


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.split("/")[1][:-3])
def test_every_page_names_its_selection_and_follows_the_filters(accounts_db, page):
    at = start(email=accounts_db["beheer"])
    at.switch_page(page).run()
    assert scope_lines(at)[:1] == [_expected(page, HEEL)]
    select(at, {"f_gemeente": VAALS, "f_sporen": ["proeftuin"], "periode": PERIODE})
    at.switch_page(page).run()
    assert not at.exception, at.exception
    lines = scope_lines(at)
    assert lines[0] == _expected(page, SMAL)
    if page == "pages/presentatie.py":  # the slide under the page title names its own scope too
        assert lines[1] == SMAL
    select(at, {"f_programma": "VSB-EXP"})
    at.switch_page(page).run()
    line = scope_lines(at)[0]
    if page not in ("pages/gegevens.py", "pages/wijzigingen.py", "pages/accounts.py"):
        assert "Programma SAMEN" not in line and "VSBfonds" in line and "hele looptijd" in line, line


@pytest.mark.parametrize(
    "page",
    [
        "pages/bijwerken.py",
        "pages/gegevens.py",
        "pages/wijzigingen.py",
        "pages/overzicht.py",
        "pages/cofinanciering.py",
    ],
    ids=lambda p: p[6:-3],
)
def test_a_gemeente_account_is_told_what_it_sees(accounts_db, page):
    at = start(email=accounts_db["gemeente"])
    at.switch_page(page).run()
    if page in ("pages/overzicht.py", "pages/cofinanciering.py"):  # it starts on its own gemeente
        assert scope_lines(at)[0] == f"{SAMEN} · hele looptijd · Vaals · alle sporen"
    at.sidebar.selectbox(key="f_gemeente").set_value("__alle__").run()  # then asks for the programme's totals
    line = scope_lines(at)[0]
    if page == "pages/overzicht.py":  # programme totals only: a gemeente may see them for the whole programme
        assert line == HEEL
    elif page == "pages/cofinanciering.py":
        assert line == f"{SAMEN} · hele looptijd · Vaals (uw gemeente; per deelnemer ziet u alleen die) · alle sporen"
    else:
        assert line.startswith("Uw gemeente: Vaals · "), line


# --- Signed in as Vaals: every chart and table in Vaals's scope, summed as a recount of Vaals's rows ---


def _paid(
    engine: Engine,
    gemeente: str | None = None,
    van: dt.date | None = None,
    tot: dt.date | None = None,
    before: dt.date | None = None,
) -> dict[str, Decimal]:
    """Paid per side straight from the betaling table (SAMEN)."""
    sql = """
        SELECT t.soort, SUM(b.bedrag_cent) FROM betaling b JOIN toezegging t ON t.id = b.toezegging_id
        JOIN deelnemer d ON d.id = t.deelnemer_id JOIN programma p ON p.id = d.programma_id
        WHERE p.code = 'SAMEN'"""
    params: dict = {}
    for cond, key, value in (
        ("d.gemeente_code = :gm", "gm", gemeente),
        ("b.datum >= :van", "van", van),
        ("b.datum <= :tot", "tot", tot),
        ("b.datum < :voor", "voor", before),
    ):
        if value is not None:
            sql += f" AND {cond}"
            params[key] = value
    with engine.connect() as conn:
        rows = conn.execute(text(sql + " GROUP BY t.soort"), params).all()
    side = {"fondsbijdrage": "Fondsen", "gemeentelijke_investering": "Gemeente", "eigen_middelen": "Overig"}
    return {side[s]: Decimal(int(c)) / 100 for s, c in rows}


def _committed(engine: Engine, gemeente: str) -> dict[str, float]:
    sql = """SELECT t.soort, SUM(t.bedrag_cent) FROM toezegging t JOIN deelnemer d ON d.id = t.deelnemer_id
             JOIN programma p ON p.id = d.programma_id WHERE p.code = 'SAMEN' AND d.gemeente_code = :gm
             AND t.fase IN ('toegezegd', 'besloten', 'deels_betaald', 'betaald') GROUP BY t.soort"""
    with engine.connect() as conn:
        rows = dict(conn.execute(text(sql), {"gm": gemeente}).all())
    return {"Fondsen": rows.get("fondsbijdrage", 0) / 100, "Gemeente": rows.get("gemeentelijke_investering", 0) / 100}


def _vaals_names(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(text("SELECT naam FROM deelnemer WHERE gemeente_code = :gm"), {"gm": VAALS}).scalars())


def _vaals_page(accounts_db, page: str) -> AppTest:
    at = start(email=accounts_db["gemeente"])
    at.sidebar.selectbox(key="f_gemeente").set_value("__alle__").run()  # "Heel het programma (totalen)"
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def test_vaals_cofinanciering_charts_and_tables_hold_only_vaals(accounts_db, app_db):
    at = _vaals_page(accounts_db, "pages/cofinanciering.py")
    names = _vaals_names(app_db)
    for table in at.dataframe:
        assert set(table.value["Deelnemer"]) <= names, table.value["Deelnemer"]
    assert len(at.get("vega_lite_chart")) == 1
    lines, rules = _layers(at)
    assert dict(zip(rules["kant_label"], rules["toegezegd"], strict=True)) == _committed(app_db, VAALS)
    paid = _paid(app_db, VAALS, dt.date(2022, 11, 28), dt.date(2024, 11, 30))
    drawn = {k: g["cumulatief"].iloc[-1] for k, g in lines.groupby("kant_label")}
    assert drawn == {k: float(v) for k, v in paid.items() if v}
    programma = _paid(app_db)  # what the defect drew: the whole programme's payments (about € 260.000)
    assert sum(drawn.values()) < float(sum(programma.values()))
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Betaald door fondsen"], metrics["Betaald door gemeenten"]) == (
        euro(paid.get("Fondsen", 0)),
        euro(paid.get("Gemeente", 0)),
    )
    programma = _paid(app_db, van=dt.date(2022, 11, 28), tot=dt.date(2024, 11, 30))
    assert f"{euro(sum(programma.values()))} betaald." in _reference(at)  # the programme only as a labelled text


def _reference(at: AppTest) -> str:
    return "\n".join(shown(c.value) for c in at.caption if "programma (ter vergelijking, alle gemeenten): " in c.value)


def _layers(at: AppTest) -> list[pd.DataFrame]:
    chart = at.get("vega_lite_chart")[0].proto
    spec = json.loads(chart.spec)
    frames = {d.name: pa.ipc.open_stream(io.BytesIO(d.data.data)).read_pandas() for d in chart.datasets}
    return [frames[layer["data"]["name"]] for layer in spec["layer"]]


def test_vaals_bijeenkomsten_in_vaals_scope(accounts_db, app_db):
    from tests.test_page_bijeenkomsten import _recount

    at = _vaals_page(accounts_db, "pages/bijeenkomsten.py")
    vaals = _recount(app_db, gemeente=VAALS)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Aanwezigen (totaal)"] == getal(vaals["aanwezig"])
    per_spoor = next(
        frames[0]
        for spec, frames in _charts(at)
        if "spoor" in json.dumps(spec) and "aanwezig" in frames[0] and "organisatie" not in frames[0]
    )
    assert int(per_spoor["aanwezig"].sum()) == vaals["aanwezig"]  # the defect: the programme's attendance
    assert f"{getal(_recount(app_db)['aanwezig'])} aanwezigen" in _reference(at)
    with app_db.connect() as conn:
        sql = text("SELECT naam FROM organisatie WHERE gemeente_code = :gm")
        orgs = set(conn.execute(sql, {"gm": VAALS}).scalars())
    matrix = next(frames[0] for _, frames in _charts(at) if "organisatie" in frames[0])
    assert set(matrix["organisatie"]) <= orgs


def test_vaals_samenwerking_in_vaals_scope(accounts_db, app_db):
    from tests.test_page_samenwerking import LESSEN, _weighted

    at = _vaals_page(accounts_db, "pages/samenwerking.py")
    metrics = {m.label: m.value for m in at.metric}
    for dimensie in LESSEN:
        assert (
            metrics[dimensie[:1].upper() + dimensie[1:]]
            == f"{getal(_weighted(app_db, 'eindmeting', dimensie, VAALS), 1)} / 10"
        )
    with app_db.connect() as conn:
        respondenten = conn.execute(
            text(
                "SELECT SUM(respondenten) FROM meting m JOIN deelnemer d "
                "ON d.id = m.deelnemer_id WHERE d.gemeente_code = :gm"
            ),
            {"gm": VAALS},
        ).scalar()
        mijlpalen = conn.execute(
            text(
                "SELECT COUNT(*) FROM mijlpaal m JOIN deelnemer d ON d.id = m.deelnemer_id WHERE d.gemeente_code = :gm"
            ),
            {"gm": VAALS},
        ).scalar()
        assert f"{getal(_weighted(app_db, 'eindmeting', dimensie), 1)} / 10" in _reference(at)
    scores = next(frames[0] for _, frames in _charts(at) if "respondentgroep" in frames[0])
    assert int(scores["respondenten"].sum()) == respondenten
    names = _vaals_names(app_db)
    bars = next(frames[0] for _, frames in _charts(at) if "deelnemer" in frames[0])
    assert set(bars["deelnemer"]) <= names and len(bars) <= mijlpalen


# --- Period figures ---


def test_a_period_shows_paid_in_it_and_up_to_its_end(accounts_db, app_db):
    at = select(start(email=accounts_db["beheer"]), {"periode": PERIODE})
    at.switch_page("pages/cofinanciering.py").run()
    tile = next(m for m in at.metric if m.label == "Betaald in deze periode")
    assert tile.value == euro(sum(_paid(app_db, van=PERIODE[0], tot=PERIODE[1]).values()))
    assert tile.delta == f"Betaald t/m 30-06-2024: {euro(sum(_paid(app_db, tot=PERIODE[1]).values()))}"
    lines, _ = _layers(at)
    opening = _paid(app_db, before=PERIODE[0])
    for kant, rows in lines.groupby("kant_label"):
        first = rows.sort_values("datum").iloc[0]
        assert pd.Timestamp(first["datum"]).date() == PERIODE[0]
        assert first["cumulatief"] == float(opening[kant])
        assert rows["cumulatief"].iloc[-1] == float(
            opening[kant] + _paid(app_db, van=PERIODE[0], tot=PERIODE[1]).get(kant, 0)
        )
    axis = json.loads(at.get("vega_lite_chart")[0].proto.spec)["layer"][0]["encoding"]["x"]["axis"]
    assert axis["format"] == "%b %Y" and axis["tickCount"] == {"interval": "month", "step": 1}
    at.switch_page("pages/overzicht.py").run()
    assert next(m for m in at.metric if m.label == "Betaald in deze periode").delta == tile.delta


def test_month_labels_appear_once_on_every_span():
    from samen_ui.charts import time_axis

    for days in (20, 75, 181, 400, 735, 1500, 4000):
        axis = time_axis(dt.date(2023, 1, 1), dt.date(2023, 1, 1) + dt.timedelta(days=days)).to_dict()
        count = axis["tickCount"]
        if axis["format"] == "%b %Y":  # one tick per whole month or more: a month label cannot repeat
            assert count["interval"] == "month" and count["step"] >= 1
            assert (days / 30.4) / count["step"] <= 9
        else:  # a few weeks: the day is in the label
            assert "%-d" in axis["format"] and count["interval"] == "week"


@pytest.mark.parametrize(
    "f",
    [
        Filters("SAMEN", *PERIODE),
        Filters("SAMEN", *PERIODE, gemeente="GM0518"),
        Filters("SAMEN", dt.date(2022, 11, 28), dt.date(2024, 11, 30)),
    ],
    ids=["periode", "den_haag", "hele_looptijd"],
)
def test_period_queries_from_the_opening_balance(demo_engine, f):
    saldo = q.betaald_saldo(demo_engine, f).set_index("kant")
    paid = q.betalingen_cumulatief(demo_engine, f)
    names = {"fonds": "Fondsen", "gemeente": "Gemeente", "overig": "Overig"}
    for kant, rows in paid.groupby("kant"):
        voor = _paid(demo_engine, f.gemeente, before=f.van).get(names[kant], Decimal(0))
        tm = _paid(demo_engine, f.gemeente, tot=f.tot).get(names[kant], Decimal(0))
        assert saldo.loc[kant, "voor_periode"] == voor and saldo.loc[kant, "tot_en_met"] == tm
        assert rows["cumulatief"].iloc[-1] == tm  # the line ends at what was paid up to the period's end
        if voor:
            assert (rows["datum"].iloc[0], rows["bedrag"].iloc[0], rows["cumulatief"].iloc[0]) == (f.van, 0, voor)


# --- An empty result names the filter and resets it ---


def test_an_empty_selection_names_the_filter_and_resets_it(accounts_db):
    at = select(start(email=accounts_db["beheer"]), {"f_sporen": ["kenniskring"]})
    at.switch_page("pages/cofinanciering.py").run()
    assert [shown(i.value) for i in at.info] == ["Geen toezeggingen voor spoor kenniskring."]
    assert not at.metric
    reset = next(b for b in at.button if b.label == "Toon alle sporen")
    reset.click().run()
    assert at.sidebar.multiselect(key="f_sporen").value == []
    assert scope_lines(at) == [HEEL] and at.metric
