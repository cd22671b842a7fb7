"""Bijeenkomsten: the timeline, the collective meetings on their dates, attendance by role and track,
and who came to which collective meeting."""

import streamlit as st

from samen_data import queries
from samen_data.queries import BijeenkomstCijfers
from samen_ui import bijeenkomsten, data, tables, vega
from samen_ui.downloads import downloads
from samen_ui.fmt import getal, procent
from samen_ui.setup import empty_notice, page_setup, programme_filters, programme_reference, synthetic_notice
from samen_ui.tiles import metric

filters = page_setup("Bijeenkomsten")
data.prefetch((queries.bijeenkomsten, filters), (queries.aanwezigheid_per_spoor, filters))
meetings = data.load(queries.bijeenkomsten, filters)
cijfers = BijeenkomstCijfers.uit_bijeenkomsten(meetings)
synthetic_notice(cijfers.synthetisch)
if meetings.empty:
    empty_notice("bijeenkomsten")
    st.stop()

cols = st.columns(4)
metric(
    cols[0],
    "Bijeenkomsten gehouden",
    getal(cijfers.gehouden),
    help="Alle soorten: start, collectief, lokaal, trainingen, werksessies en excursies.",
)
metric(
    cols[1],
    "Aanwezigen (totaal)",
    getal(cijfers.aanwezig),
    help="Opgeteld over alle bijeenkomsten; wie vaker kwam, telt vaker mee.",
)
metric(
    cols[2],
    "Gemiddeld per collectieve",
    getal(cijfers.gemiddeld_collectief),
    help="Gemiddeld aantal aanwezigen per collectieve bijeenkomst.",
)
metric(cols[3], "Opkomst", procent(cijfers.opkomst), help="Aanwezig als deel van de aangemelden.")
if (programma := programme_filters()) is not None:
    p = data.load(queries.bijeenkomsten_kerncijfers, programma)
    programme_reference(
        f"{getal(p.gehouden)} bijeenkomsten gehouden, {getal(p.aanwezig)} aanwezigen, opkomst {procent(p.opkomst)}."
    )

st.header("Tijdlijn van alle bijeenkomsten")
vega.chart(bijeenkomsten.timeline, meetings, key=("bijeenkomsten", filters))
downloads(meetings, "Bijeenkomsten")
st.caption("De start en de collectieve bijeenkomsten zijn groot en donker, met hun datum erbij.")

st.header("Start en collectieve bijeenkomsten")
kern = bijeenkomsten.key_meetings_table(meetings)
if kern.empty:
    empty_notice("start of collectieve bijeenkomsten")
else:
    tables.show(kern)
    st.caption(
        "Datum, tijd en plaats komen uit de brondocumenten (‘niet vermeld’: de bron noemt het niet); "
        "de aantallen aanwezig gelden voor de selectie."
    )

st.header("Aanwezig per rol")
keuzes = bijeenkomsten.kind_options(meetings)
if st.session_state.get("rol_soort") not in keuzes:  # start and collective first; a kind gone from the selection
    st.session_state["rol_soort"] = keuzes[0]
keuze = st.segmented_control(
    "Soort bijeenkomst", keuzes, required=True, format_func=bijeenkomsten.KEUZE_LABELS.get, key="rol_soort"
)
per_rol = data.load(queries.aanwezigheid_per_bijeenkomst_rol, filters, bijeenkomsten.KEUZES[keuze])
if per_rol.empty:
    empty_notice("aanwezigheid voor deze soort bijeenkomst")
else:
    vega.chart(bijeenkomsten.per_role, per_rol, key=("per_rol", filters, keuze))
    downloads(per_rol, "Aanwezig per rol")

st.header("Proeftuinen en kenniskring")
per_spoor = data.load(queries.aanwezigheid_per_spoor, filters)
if per_spoor.empty:
    empty_notice("aanwezigheid")
else:
    vega.chart(bijeenkomsten.per_spoor, per_spoor, key=("aanwezigheid_per_spoor", filters))
    st.caption("Aanwezigen per soort bijeenkomst, naar het spoor van hun organisatie.")
    downloads(per_spoor, "Aanwezig per spoor")

st.header("Wie kwam naar welke collectieve bijeenkomst")
matrix = data.load(queries.deelname_matrix, filters)
if matrix.empty:
    empty_notice("aanwezigheid bij de start en de collectieve bijeenkomsten")
else:
    st.caption(
        "Aantal aanwezigen per organisatie en bijeenkomst (de start en de collectieve bijeenkomsten); "
        "een lege cel betekent: niemand van die organisatie."
    )
    vega.chart(bijeenkomsten.matrix, matrix, width="content", key=("deelname_matrix", filters))
    downloads(matrix, "Deelname per organisatie")
