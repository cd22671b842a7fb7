"""The Overzicht page (the app's start) through app.py against an independent recount from the raw rows."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from samen_data.store.models import Aanwezigheid, Betaling, Deelnemer, Toezegging
from samen_data.store.vocab import FASEN_TOEGEZEGD
from samen_ui.fmt import euro, getal
from tests.apptest_helpers import start


def _committed(session: Session, soort: str) -> Decimal:
    return sum(
        (
            t.bedrag
            for t in session.scalars(select(Toezegging))
            if t.deelnemer.programma.code == "SAMEN" and t.soort == soort and t.fase in FASEN_TOEGEZEGD
        ),
        Decimal(0),
    )


def test_kerncijfers_equal_the_recount(app_db):
    at = start()
    shown = {m.label: m.value for m in at.metric}
    with Session(app_db) as s:
        sporen = Counter(d.spoor for d in s.scalars(select(Deelnemer)) if d.programma.code == "SAMEN")
        n = sum(sporen.values())
        present = sum(a.aanwezig for a in s.scalars(select(Aanwezigheid)) if a.bijeenkomst.programma.code == "SAMEN")
        assert shown["Toegezegd door fondsen"] == euro(_committed(s, "fondsbijdrage"))
        assert shown["Toegezegd door gemeenten"] == euro(_committed(s, "gemeentelijke_investering"))
    assert shown["Deelnemers"] == getal(n) == "44"  # the source: 44 joint submissions
    # Under the count, per spoor in words: "kenniskring" is a spoor, its participants are kenniskringleden.
    delta = next(m.proto.delta for m in at.metric if m.label == "Deelnemers")
    assert sporen == {"kenniskring": 37, "proeftuin": 7}
    assert delta == "37 kenniskringleden, 7 proeftuinen"
    assert shown["Aanwezigen (totaal)"] == getal(present)
    assert any("Demodata" in w.value for w in at.warning)  # the demo's synthetic rows are in view


def test_charts_have_their_data_as_a_table_and_downloads(app_db):
    at = start()
    assert [e.label for e in at.expander] == ["Als tabel", "Als tabel"]
    paid, scores = at.dataframe[0].value, at.dataframe[1].value
    with Session(app_db) as s:
        betalingen = [b for b in s.scalars(select(Betaling)) if b.toezegging.deelnemer.programma.code == "SAMEN"]
        for kant, soort in (("fonds", "fondsbijdrage"), ("gemeente", "gemeentelijke_investering")):
            total = sum((b.bedrag for b in betalingen if b.toezegging.soort == soort), Decimal(0))
            assert Decimal(str(paid[paid["kant"] == kant]["cumulatief"].iloc[-1])) == total
    assert not scores.empty
    assert [b.label for b in at.get("download_button")] == ["Excel", "CSV", "Excel", "CSV"]
