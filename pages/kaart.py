"""Kaart: one point per gemeente with participants, coloured and marked by the state of its matched funding."""

import streamlit as st

from samen_data import queries
from samen_ui import data, kaart
from samen_ui.downloads import downloads
from samen_ui.setup import empty_notice, page_setup, synthetic_notice

filters = page_setup("Kaart")
toon_kenniskring = st.toggle(
    "Toon kenniskring", value=True, help="De kenniskring (deelnemers zonder directe financiering) tonen of verbergen."
)
points = data.load(queries.cofinanciering_per_gemeente, kaart.selection(filters, toon_kenniskring))
synthetic_notice(bool(points["synthetisch"].any()))
if points.empty:
    empty_notice("deelnemers op de kaart")
    st.stop()

shown = kaart.map_points(points)
kaart.legend(shown)
st.caption(kaart.caption(shown))
st.pydeck_chart(kaart.deck(shown, data.load(queries.gemeenten_op_kaart)), height=kaart.MAP_HEIGHT)

st.markdown("**Gemeenten op de kaart**")
kaart.table(shown)
downloads(shown, "Gemeenten op de kaart")
st.caption(kaart.summary(shown) + ("" if toon_kenniskring else " De kenniskring is verborgen."))
