"""Bijeenkomsten: the timeline, the collective meetings on their dates, attendance by role and track,
and who came to which collective meeting."""
import streamlit as st

from samen_data.vocab import BIJEENKOMST_SOORTEN, label
from samen_ui import data, meeting_charts
from samen_ui.fmt import getal, procent
from samen_ui.setup import empty_notice, page_setup, synthetic_notice

filters = page_setup("Bijeenkomsten")
meetings = data.load("bijeenkomsten", filters)
synthetic_notice(bool(meetings["synthetisch"].any()))
if meetings.empty:
    empty_notice("bijeenkomsten")
    st.stop()

collectief = meetings[meetings["soort"] == "collectief"]
cols = st.columns(4)
cols[0].metric("Bijeenkomsten", getal(len(meetings)), border=True)
cols[1].metric("Aanwezigen (totaal)", getal(int(meetings["aanwezig"].sum())), border=True)
cols[2].metric("Gemiddeld per collectieve bijeenkomst",
               getal(collectief["aanwezig"].mean() if len(collectief) else None), border=True)
cols[3].metric("Opkomst (aanwezig / aangemeld)",
               procent(meetings["aanwezig"].sum() / meetings["aangemeld"].sum() if meetings["aangemeld"].sum() else None),
               border=True)

st.subheader("Tijdlijn")
st.altair_chart(meeting_charts.timeline(meetings), width="stretch")

st.subheader("Start en collectieve bijeenkomsten")
st.dataframe(meeting_charts.key_meetings_table(meetings), hide_index=True, width="stretch")

st.subheader("Aanwezig per rol")
soort = st.segmented_control("Soort bijeenkomst", list(BIJEENKOMST_SOORTEN), format_func=label,
                             default="collectief", key="rol_soort")
per_rol = data.load("aanwezigheid_per_bijeenkomst_rol", filters)
per_rol = per_rol[per_rol["soort"] == soort] if soort else per_rol
if per_rol.empty:
    empty_notice("aanwezigheid voor deze soort bijeenkomst")
else:
    st.altair_chart(meeting_charts.per_role(per_rol), width="stretch")

st.subheader("Proeftuin en kenniskring")
st.altair_chart(meeting_charts.per_spoor(data.load("aanwezigheid_per_spoor", filters)), width="stretch")

st.subheader("Wie kwam naar welke collectieve bijeenkomst")
matrix = data.load("deelname_matrix", filters)
if matrix.empty:
    empty_notice("aanwezigheid bij collectieve bijeenkomsten")
else:
    st.altair_chart(meeting_charts.matrix(matrix), width="stretch")
    st.caption("Aantal aanwezigen per organisatie per bijeenkomst (start en collectieve bijeenkomsten).")
