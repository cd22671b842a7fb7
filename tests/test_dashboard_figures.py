"""What users check on screen equals an independent recount from the raw rows of the app's database."""
from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from samen_data.models import Aanwezigheid, Betaling, Deelnemer, Gemeente, Meting, Toezegging
from samen_data.vocab import FASEN_TOEGEZEGD
from samen_ui.fmt import euro, getal

ROOT = Path(__file__).resolve().parent.parent
COLLECTIEVE_DATA = ["27 maart 2023", "23 juni 2023", "25 september 2023", "27 november 2023", "8 maart 2024",
                    "27 mei 2024", "23 september 2024", "25 november 2024"]


def _page(page: str, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _committed(session: Session, soort: str, gemeente: str | None = None) -> Decimal:
    total = Decimal(0)
    for t in session.scalars(select(Toezegging)):
        d = t.deelnemer
        if d.programma.code == "SAMEN" and t.soort == soort and t.fase in FASEN_TOEGEZEGD and (gemeente in (None, d.gemeente_code)):
            total += t.bedrag
    return total


def test_overview_kpis(app_db):
    at = _page("pages/overzicht.py")
    shown = {m.label: m.value for m in at.metric}
    with Session(app_db) as s:
        n = sum(1 for d in s.scalars(select(Deelnemer)) if d.programma.code == "SAMEN")
        present = sum(a.aanwezig for a in s.scalars(select(Aanwezigheid)) if a.bijeenkomst.programma.code == "SAMEN")
        assert shown["Toegezegd door fondsen"] == euro(_committed(s, "fondsbijdrage"))
        assert shown["Toegezegd door gemeenten"] == euro(_committed(s, "gemeentelijke_investering"))
    assert shown["Deelnemers"] == getal(n) == "44"
    assert shown["Aanwezigen (totaal)"] == getal(present)


def test_overview_charts_have_their_data_as_a_table_and_downloads(app_db):
    at = _page("pages/overzicht.py")
    assert [e.label for e in at.expander] == ["Als tabel", "Als tabel"]
    paid, scores = at.dataframe[0].value, at.dataframe[1].value
    with Session(app_db) as s:
        betalingen = [b for b in s.scalars(select(Betaling)) if b.toezegging.deelnemer.programma.code == "SAMEN"]
        for kant, soort in (("fonds", "fondsbijdrage"), ("gemeente", "gemeentelijke_investering")):
            total = sum((b.bedrag for b in betalingen if b.toezegging.soort == soort), Decimal(0))
            assert Decimal(str(paid[paid["kant"] == kant]["cumulatief"].iloc[-1])) == total
    assert not scores.empty
    assert [b.label for b in at.get("download_button")] == ["Excel", "CSV", "Excel", "CSV"]


def test_ledger_rows_and_behind_flags(app_db):
    at = _page("pages/cofinanciering.py")
    table = at.dataframe[0].value
    with Session(app_db) as s:
        for d in s.scalars(select(Deelnemer).where(Deelnemer.spoor == "proeftuin")):
            row = table[table["Deelnemer"] == d.naam].iloc[0]
            fonds = sum((t.bedrag for t in s.scalars(select(Toezegging).where(Toezegging.deelnemer_id == d.id))
                         if t.soort == "fondsbijdrage" and t.fase in FASEN_TOEGEZEGD), Decimal(0))
            gemeente = sum((t.bedrag for t in s.scalars(select(Toezegging).where(Toezegging.deelnemer_id == d.id))
                            if t.soort == "gemeentelijke_investering" and t.fase in FASEN_TOEGEZEGD), Decimal(0))
            assert row["Fondsen toegezegd"] == float(fonds) and row["Gemeente toegezegd"] == float(gemeente)
            assert row["Status"].startswith("▲") == (0 < gemeente < fonds), d.naam


def test_the_eight_collective_meetings_on_their_dates(app_db):
    at = _page("pages/bijeenkomsten.py")
    table = at.dataframe[0].value
    assert table["Datum"].tolist() == ["28 november 2022", *COLLECTIEVE_DATA]
    assert set(table["Tijd"].iloc[1:]) == {"13:00–17:00"}
    with Session(app_db) as s:
        total = sum(a.aanwezig for a in s.scalars(select(Aanwezigheid)) if a.bijeenkomst.programma.code == "SAMEN")
    assert {m.label: m.value for m in at.metric}["Aanwezigen (totaal)"] == getal(total)


def _deck_points(at: AppTest) -> list[dict]:
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    return next(layer for layer in deck["layers"] if layer["@@type"] == "ScatterplotLayer")["data"]


def test_map_one_point_per_gemeente_with_participants(app_db):
    at = _page("pages/kaart.py")
    points = _deck_points(at)
    with Session(app_db) as s:
        deelnemers = [d for d in s.scalars(select(Deelnemer)) if d.programma.code == "SAMEN"]
        coords = {g.cbs_code: (g.latitude, g.longitude) for g in s.scalars(select(Gemeente))}
    per_gemeente = Counter(d.gemeente_code for d in deelnemers)
    assert len(deelnemers) == 44 and sum(p["deelnemers"] for p in points) == 44
    assert {p["gemeente_code"]: p["deelnemers"] for p in points} == per_gemeente
    for p in points:
        assert (p["latitude"], p["longitude"]) == pytest.approx(coords[p["gemeente_code"]])
    at.toggle[0].set_value(False).run()
    funded = Counter(d.gemeente_code for d in deelnemers if d.spoor != "kenniskring")
    assert {p["gemeente_code"]: p["deelnemers"] for p in _deck_points(at)} == funded


def test_gemeente_page_by_url(app_db):
    at = _page("pages/gemeente.py", gemeente="GM0796")
    shown = {m.label: m.value for m in at.metric}
    with Session(app_db) as s:
        assert shown["Fondsen toegezegd"] == euro(_committed(s, "fondsbijdrage", "GM0796"))
        assert shown["Gemeente toegezegd"] == euro(_committed(s, "gemeentelijke_investering", "GM0796"))
    assert "'s-Hertogenbosch" in at.header[0].value
    assert at.query_params["gemeente"] == ["GM0796"] or at.query_params["gemeente"] == "GM0796"


def test_samenwerking_latest_wave_score(app_db):
    at = _page("pages/samenwerking.py")
    shown = {m.label: m.value for m in at.metric}
    with Session(app_db) as s:
        rows = [m for m in s.scalars(select(Meting)) if m.golf == "eindmeting" and m.dimensie == "relaties"
                and m.deelnemer.programma.code == "SAMEN"]
    expected = sum(float(m.score) * m.respondenten for m in rows) / sum(m.respondenten for m in rows)
    assert shown["Relaties"] == f"{getal(expected, 1)} / 10"
