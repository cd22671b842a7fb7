"""The Gemeente page, by URL (?gemeente=GM0796) through app.py and as its own file, against independent recounts."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from samen_data.store.models import Aanwezigheid, Betaling, Deelnemer, Mijlpaal, Toezegging
from samen_ui.fmt import euro
from tests.apptest_helpers import shown

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = {"toegezegd", "besloten", "deels_betaald", "betaald"}
MIJLPAAL_NL = {"bereikt": "✔ Bereikt", "gestart": "▶ Gestart", "gepland": "○ Gepland", "vervallen": "✖ Vervallen"}


def _via_app(code: str | None = "GM0796", **sidebar) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if code:
        at.query_params["gemeente"] = code
    at.run()
    for key, value in sidebar.items():
        widget = at.sidebar.multiselect(key=key) if key == "f_sporen" else at.sidebar.selectbox(key=key)
        widget.set_value(value).run()
    at.switch_page("pages/gemeente.py").run()
    assert not at.exception, at.exception
    return at


def _direct(code: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "gemeente.py"), default_timeout=60)
    at.query_params["gemeente"] = code
    at.run()
    assert not at.exception, at.exception
    return at


def _param(at: AppTest) -> str | None:
    value = at.query_params.get("gemeente")
    return value[0] if isinstance(value, list) else value


def _recount(engine, code: str) -> dict:
    """The gemeente's money in programme SAMEN (paid within the programme period), straight from the ORM objects."""
    out = {
        "fonds": Decimal(0),
        "gemeente": Decimal(0),
        "fonds_betaald": Decimal(0),
        "gemeente_betaald": Decimal(0),
        "toezeggingen": 0,
    }
    with Session(engine) as s:
        for t in s.scalars(select(Toezegging)):
            d = t.deelnemer
            if d.gemeente_code != code or d.programma.code != "SAMEN":
                continue
            out["toezeggingen"] += 1
            if t.fase in COMMITTED and t.soort == "fondsbijdrage":
                out["fonds"] += t.bedrag
            if t.fase in COMMITTED and t.soort == "gemeentelijke_investering":
                out["gemeente"] += t.bedrag
            side = "fonds" if t.soort == "fondsbijdrage" else "gemeente"
            out[f"{side}_betaald"] += sum(
                (
                    b.bedrag
                    for b in s.scalars(select(Betaling).where(Betaling.toezegging_id == t.id))
                    if d.programma.startdatum <= b.datum <= d.programma.einddatum
                ),
                Decimal(0),
            )
    return out


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("open_page", [_via_app, _direct], ids=["via_app", "page_file"])
def test_by_url_shows_the_recounted_figures(app_db, open_page):
    at = open_page("GM0796")
    r = _recount(app_db, "GM0796")
    shown = _metrics(at)
    assert shown["Fondsen toegezegd"] == euro(r["fonds"]) == "€ 120.000"
    assert shown["Gemeente toegezegd"] == euro(r["gemeente"])
    assert shown["Match fonds : gemeente"] == "1 : " + f"{r['gemeente'] / r['fonds']:.2f}".replace(".", ",")
    assert shown["Fondsen betaald"] == euro(r["fonds_betaald"]) and shown["Gemeente betaald"] == euro(
        r["gemeente_betaald"]
    )
    paid = {m.label: m.proto.delta for m in at.metric}
    assert paid["Gemeente betaald"].startswith(f"{r['gemeente_betaald'] / r['gemeente']:.0%} van toegezegd")
    # Den Bosch: matched 1:1 and paid in full, so the status says both.
    assert paid["Match fonds : gemeente"] == "✔ 1:1 toegezegd · gemeente betaalde 100%"
    assert at.header[0].value == "'s-Hertogenbosch (GM0796), Noord-Brabant"
    assert _param(at) == "GM0796"
    assert at.sidebar.selectbox(key="f_gemeente").value == "GM0796"
    ledger = next(df.value for df in at.dataframe if "Financier" in df.value.columns)
    assert len(ledger) == r["toezeggingen"]


def test_choosing_another_gemeente_keeps_the_link_in_sync(app_db):
    at = _via_app("GM0796")
    at.sidebar.selectbox(key="f_gemeente").set_value("GM0981").run()
    assert not at.exception, at.exception
    assert at.header[0].value.startswith("Vaals (GM0981)")
    assert _param(at) == "GM0981"
    assert _metrics(at)["Fondsen toegezegd"] == euro(_recount(app_db, "GM0981")["fonds"])
    at.sidebar.selectbox(key="f_gemeente").set_value("__alle__").run()
    assert not at.exception, at.exception
    assert _param(at) is None and not at.metric
    assert any("Kies een gemeente in de zijbalk" in i.value for i in at.info)


def test_without_a_gemeente_a_hint(app_db):
    at = _via_app(None)
    assert not at.metric
    assert any("Kies een gemeente in de zijbalk" in i.value for i in at.info)


def test_people_at_meetings_and_milestones(app_db):
    at = _via_app("GM0796")
    with Session(app_db) as s:
        present = [
            a
            for a in s.scalars(select(Aanwezigheid))
            if a.organisatie.gemeente_code == "GM0796" and a.bijeenkomst.programma.code == "SAMEN"
        ]
        milestones = [
            m
            for m in s.scalars(select(Mijlpaal))
            if m.deelnemer and m.deelnemer.gemeente_code == "GM0796" and m.programma.code == "SAMEN"
        ]
    meetings, total = len({a.bijeenkomst_id for a in present}), sum(a.aanwezig for a in present)
    assert any(c.value.startswith(f"Aanwezig op {meetings} bijeenkomsten, {total} keer") for c in at.caption)
    table = next(df.value for df in at.dataframe if "Omschrijving" in df.value.columns)
    assert Counter(zip(table["Omschrijving"], table["Status"], strict=True)) == Counter(
        (m.omschrijving, MIJLPAAL_NL[m.status]) for m in milestones
    )


def test_scores_per_dimension(app_db):
    at = _via_app("GM0796")
    table = next(df.value for df in at.dataframe if "Dimensie" in df.value.columns)
    assert sorted(table["Dimensie"]) == ["Gelijkwaardigheid", "Relaties", "Sterke bewonersinitiatieven"]
    assert {"Nulmeting", "Eindmeting", "Verandering"} <= set(table.columns)
    assert all("," in v for v in table["Nulmeting"])  # Dutch decimal comma


def test_gemeente_without_participant_in_the_programme(app_db):
    with Session(app_db) as s:
        assert not s.scalars(select(Deelnemer).where(Deelnemer.gemeente_code == "GM0363")).first()
    at = _via_app("GM0363")  # Amsterdam: no participant
    assert not at.metric
    assert any("Geen deelnemers van Amsterdam" in i.value for i in at.info)


def test_unknown_code_in_the_link(app_db):
    at = _direct("GM9999")
    assert not at.metric
    assert any("onbekende gemeentecode" in w.value for w in at.warning)


def test_empty_selection_says_so(app_db):
    at = _via_app("GM0796", f_sporen=["experiment"])
    assert not at.metric
    assert any(
        shown(i.value) == "Geen deelnemers van 's-Hertogenbosch in dit programma voor spoor experiment en "
        "gemeente 's-Hertogenbosch."
        for i in at.info
    )


# --- "My gemeente": the programme beside it, the meetings its people attended, what is open, its signals ---


def _signed_in_vaals(accounts_db) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["_account_email"] = accounts_db["gemeente"]
    at.run()
    at.switch_page("pages/gemeente.py").run()
    assert not at.exception, at.exception
    return at


def _programme_match(engine) -> str:
    """Gemeenten ÷ funds committed over SAMEN, recounted from the ORM objects."""
    side = {"fondsbijdrage": Decimal(0), "gemeentelijke_investering": Decimal(0)}
    with Session(engine) as s:
        for t in s.scalars(select(Toezegging)):
            if t.deelnemer.programma.code == "SAMEN" and t.fase in COMMITTED and t.soort in side:
                side[t.soort] += t.bedrag
    return "1 : " + f"{side['gemeentelijke_investering'] / side['fondsbijdrage']:.2f}".replace(".", ",")


def test_vaals_sees_the_programme_as_a_labelled_reference(accounts_db, app_db):
    at = _signed_in_vaals(accounts_db)
    assert at.header[0].value.startswith("Vaals (GM0981)")
    refs = [c.value for c in at.caption if "programma: " in c.value]
    assert any(c.endswith("programma: " + _programme_match(app_db)) for c in refs), refs
    assert sum("van toegezegd" in c for c in refs) == 2  # paid % of the funds and of the gemeenten
    per_meeting = next(c.value for c in at.caption if c.value.startswith("Gemiddeld "))
    assert " · programma: " in per_meeting and "per gemeente per bijeenkomst" in per_meeting
    scores = next(df.value for df in at.dataframe if "programma: score" in df.value.columns)
    assert set(scores["Respondentgroep"]) == {"Bewoners", "Gemeente", "Fonds"}
    assert len(scores) == 9 and (scores["programma: respondenten"] >= scores["Respondenten"]).all()


def test_the_meetings_its_people_attended(accounts_db, app_db):
    at = _signed_in_vaals(accounts_db)
    with Session(app_db) as s:
        present = [
            a
            for a in s.scalars(select(Aanwezigheid))
            if a.organisatie.gemeente_code == "GM0981" and a.bijeenkomst.programma.code == "SAMEN" and a.aanwezig > 0
        ]
    per_meeting = Counter()
    for a in present:
        per_meeting[(a.bijeenkomst.datum.strftime("%d-%m-%Y"), a.bijeenkomst.titel)] += a.aanwezig
    table = next(df.value for df in at.dataframe if "Bijeenkomst" in df.value.columns and "Totaal" in df.value.columns)
    assert (
        dict(zip(zip(table["Datum"], table["Bijeenkomst"], strict=True), table["Totaal"], strict=True)) == per_meeting
    )
    assert "Bewoners" in table.columns and "Soort" in table.columns


def test_what_is_open_and_its_signals(accounts_db):
    at = _signed_in_vaals(accounts_db)
    open_ = next(df.value for df in at.dataframe if "Wanneer" in df.value.columns)
    assert any("nog te besluiten" in w for w in open_["Wat"])  # its share is only intended
    signals = [m.value for m in at.markdown if "Alleen beoogd" in shown(m.value) or "alleen beoogd" in shown(m.value)]
    assert signals, "Vaals's own signal (its share only intended) is listed"
    assert not any("Kampen" in shown(m.value) for m in at.markdown)  # never another gemeente's signal
