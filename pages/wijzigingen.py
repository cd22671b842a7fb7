"""Wijzigingen: the audit trail of every import and edit: who, when, what, old and new values."""

import streamlit as st

from samen_data import queries
from samen_data.store.vocab import DATUM_MAX, DATUM_MIN
from samen_ui import data, tables
from samen_ui.downloads import downloads
from samen_ui.fmt import n_items
from samen_ui.setup import page_setup
from samen_ui.wijzigingen import audit_table

page_setup("Wijzigingen", acts_on="logboek")
TABELLEN = {
    "": "Alle",
    "toezegging": "Toezeggingen",
    "betaling": "Betalingen",
    "tranche": "Geplande tranches",
    "aanwezigheid": "Aanwezigheid",
    "mijlpaal": "Mijlpalen",
    "deelnemer": "Deelnemers",
    "bijeenkomst": "Bijeenkomsten",
    "meting": "Metingen",
    "organisatie": "Organisaties",
    "programma": "Programma's",
}
ACTIES = {
    "": "Alle",
    "toevoegen": "Toegevoegd",
    "wijzigen": "Gewijzigd",
    "verwijderen": "Verwijderd",
    "geweigerd": "Geweigerd",
}
cols = st.columns([2, 2, 3, 3])
tabel = cols[0].selectbox("Tabel", list(TABELLEN), format_func=TABELLEN.get, key="w_tabel", placeholder="Kies…")
actie = cols[1].selectbox("Actie", list(ACTIES), format_func=ACTIES.get, key="w_actie", placeholder="Kies…")
wie = cols[2].text_input("Wie (deel van de naam)", key="w_wie")
periode = cols[3].date_input(
    "Periode",
    value=(),
    format="DD-MM-YYYY",
    key="w_periode",
    min_value=DATUM_MIN,
    max_value=DATUM_MAX,
)
van = periode[0] if len(periode) > 0 else None
tot = periode[1] if len(periode) > 1 else van

wijzigingen = data.load(queries.wijzigingen, None, tabel or None, actie or None, wie.strip() or None, van, tot)
if wijzigingen.empty:
    st.info("Geen wijzigingen gevonden met deze keuzes.")
else:
    shown = audit_table(wijzigingen)
    tables.show(shown, {"Oud": {"width": 220}, "Nieuw": {"width": 220}})
    st.caption(
        f"{n_items(len(shown), 'wijziging', 'wijzigingen')}, nieuwste eerst (maximaal 1.000). Tijden in Nederlandse tijd."
    )
    downloads(shown, "Wijzigingen")
