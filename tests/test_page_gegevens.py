"""Pages Gegevens in/uit, Bijwerken and Wijzigingen through the real Streamlit runtime (AppTest)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from samen_data.access.scope import BEHEER
from samen_data.changes import edit
from samen_data.store.db import session_scope
from samen_data.store.models import Betaling, Toezegging, Tranche
from tests.apptest_helpers import open_page

CSV = "kenmerk;toezegging;datum;bedrag;omschrijving\r\nBT-APP1;TZ-0010;15-03-2023;2.500,00;Tranche via app\r\n".encode(
    "utf-8-sig"
)


def _texts(at) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.success, *at.error, *at.info) if isinstance(e.value, str)]
    return " ".join(parts)


def test_upload_previews_then_imports(app_db, accounts_db):
    at = open_page("pages/gegevens.py", "Gegevens in- en uitvoeren", email=accounts_db["beheer"])
    assert [b.label for b in at.get("download_button")][:1] == ["Download het Excel-sjabloon"]
    at.file_uploader[0].upload("betalingen.csv", CSV, "text/csv").run()
    assert not at.exception, at.exception
    assert "Gecontroleerd: 1 nieuwe en 0 gewijzigde rijen" in _texts(at)
    with session_scope(app_db) as s:
        assert s.scalar(select(Betaling).where(Betaling.kenmerk == "BT-APP1")) is None  # the check wrote nothing
    at.button[0].click().run()
    assert "Ingelezen: 1 nieuwe" in _texts(at)
    with session_scope(app_db) as s:
        assert s.scalar(select(Betaling.omschrijving).where(Betaling.kenmerk == "BT-APP1")) == "Tranche via app"


def test_bad_upload_shows_row_and_column(app_db, accounts_db):
    at = open_page("pages/gegevens.py", email=accounts_db["beheer"])
    at.file_uploader[0].upload("betalingen.csv", CSV.replace(b"2.500,00", b"-3"), "text/csv").run()
    assert "Het bestand is geweigerd: 1 probleem" in _texts(at)
    problems = at.dataframe[0].value
    assert problems.iloc[0][["Rij", "Kolom"]].tolist() == [2, "bedrag"]
    assert "negatief" in problems.iloc[0]["Melding"]


def test_edit_then_audit_page_lists_the_change(app_db, accounts_db):
    at = open_page("pages/bijwerken.py", "Bijwerken", email=accounts_db["gemeente"])
    toezegging = at.selectbox(key="kies_toezegging")
    vaals = next(o for o in toezegging.options if "Gemeente Vaals" in o)
    toezegging.set_value(toezegging.options.index(vaals)).run()
    next(s for s in at.selectbox if s.label == "Fase").set_value("besloten")
    next(b for b in at.button if b.label == "Opslaan").click().run()
    assert "Opgeslagen." in _texts(at), _texts(at)
    with session_scope(app_db) as s:
        assert s.get(Toezegging, 17).fase == "besloten"
    at.switch_page("pages/wijzigingen.py").run()
    audit = at.dataframe[0].value
    # the row id is text in the audit table: "–" where an entry has none
    assert audit.iloc[0][["Wie", "Tabel", "Rij", "Actie"]].tolist() == [
        "ambtenaar@vaals.test",
        "toezegging",
        "17",
        "wijzigen",
    ]
    assert audit.iloc[0]["Oud"] == "fase: beoogd" and audit.iloc[0]["Nieuw"] == "fase: besloten"


def test_stale_save_is_refused_and_the_input_stays(app_db, accounts_db):
    at = open_page("pages/bijwerken.py", "Bijwerken", email=accounts_db["gemeente"])
    toezegging = at.selectbox(key="kies_toezegging")
    toezegging.set_value(next(i for i, o in enumerate(toezegging.options) if "Gemeente Vaals" in o)).run()
    edit.update_row(app_db, "toezegging", 17, 1, {"fase": "toegezegd"}, BEHEER)  # someone else saves first
    next(s for s in at.selectbox if s.label == "Fase").set_value("ingetrokken")
    next(b for b in at.button if b.label == "Opslaan").click().run()
    assert "iemand anders heeft deze rij intussen gewijzigd" in _texts(at)
    assert "Fase: Toegezegd" in _texts(at)  # what is stored now, beside the user's own input
    assert next(s for s in at.selectbox if s.label == "Fase").value == "ingetrokken"
    with session_scope(app_db) as s:
        assert s.get(Toezegging, 17).fase == "toegezegd"
    next(b for b in at.button if b.label == "Huidige waarden laden").click().run()
    assert next(s for s in at.selectbox if s.label == "Fase").value == "toegezegd"


def test_tables_and_charts_offer_excel_and_csv(app_db):  # demo mode: reading and downloading, no account
    at = open_page("pages/cofinanciering.py", "Cofinanciering")
    labels = [(b.label, b.proto.help) for b in at.get("download_button")]
    assert ("Excel", "Toezeggingen als Excel-bestand") in labels
    assert ("CSV", "Toezeggingen als CSV (puntkomma's, decimale komma)") in labels
    assert len(labels) == 6


def test_bijwerken_asks_to_narrow_a_long_list_instead_of_sending_it(app_db, accounts_db, monkeypatch):
    """At national scale a choice list of every payment would be tens of MB: above KEUZE_MAX rows the page asks
    for a gemeente first (the query stops at KEUZE_MAX + 1); with Vaals chosen the list is there again."""
    from samen_ui import bijwerken

    with session_scope(app_db) as s:
        total = len(s.scalars(select(Betaling)).all())
        vaals = len([b for b in s.scalars(select(Betaling)) if b.toezegging.deelnemer.gemeente_code == "GM0981"])
    monkeypatch.setattr(bijwerken, "KEUZE_MAX", vaals)  # below the programme's payments, at Vaals's
    assert vaals < total
    at = open_page("pages/bijwerken.py", "Bijwerken", email=accounts_db["beheer"])
    assert f"Meer dan {vaals} betalingen in deze selectie: kies in de zijbalk een gemeente" in _texts(at)
    assert not [s for s in at.selectbox if s.label == "Betaling"]
    at.sidebar.selectbox(key="f_gemeente").set_value("GM0981").run()
    choice = next(s for s in at.selectbox if s.label == "Betaling")
    assert len(choice.options) == vaals and "betalingen in deze selectie" not in _texts(at)


def test_a_schedule_file_is_read_as_tranches_never_as_payments(app_db, accounts_db):
    """Recognised by its headers (vervaldatum, not datum) even under a name that names no sheet."""
    rows = "kenmerk;toezegging;vervaldatum;bedrag\r\nTR-APP1;TZ-0010;15-03-2024;2.500,00\r\n".encode("utf-8-sig")
    at = open_page("pages/gegevens.py", email=accounts_db["beheer"])
    at.file_uploader[0].upload("betaalschema.csv", rows, "text/csv").run()
    assert "Gecontroleerd: 1 nieuwe en 0 gewijzigde rijen" in _texts(at), _texts(at)
    at.button[0].click().run()
    with session_scope(app_db) as s:
        assert s.scalar(select(Tranche.bedrag).where(Tranche.kenmerk == "TR-APP1")) == 2500
        assert s.scalar(select(Betaling).where(Betaling.kenmerk == "TR-APP1")) is None


def test_a_tranche_planned_on_bijwerken_shows_on_signalen_once_past_its_date(app_db, accounts_db):
    at = open_page("pages/bijwerken.py", "Bijwerken", email=accounts_db["gemeente"])
    op = [s for s in at.selectbox if s.label == "Op toezegging"][1]  # the second tab's form: Geplande tranches
    vsb = next(o for o in op.options if "VSBfonds" in o)
    op.set_value(op.options.index(vsb))
    [d for d in at.date_input if d.label == "Uiterlijk te betalen op"][-1].set_value(
        dt.date(2024, 6, 1)
    )  # not the edit form's
    [n for n in at.number_input if n.label == "Bedrag (€)"][-1].set_value(40_000.0)
    next(b for b in at.button if b.label == "Tranche opslaan").click().run()
    assert "Tranche opgeslagen." in _texts(at), _texts(at)
    with session_scope(app_db) as s:
        tz = s.scalar(select(Tranche.toezegging_id).where(Tranche.bedrag == 40_000, Tranche.bron == "invoer"))
        assert s.get(Toezegging, tz).kenmerk == "TZ-0014"  # Vaals's VSBfonds commitment, € 20.000 of it paid
    at.switch_page("pages/signalen.py").run()
    table = next(df.value for df in at.dataframe if "Signaal" in df.value.columns)
    row = table[table["Signaal"] == "Geplande tranche niet betaald"]
    assert row["Gemeente"].tolist() == ["Vaals"]
