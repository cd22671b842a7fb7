"""Kaart: every participant at its gemeente, coloured and marked by the state of its matched funding."""
import streamlit as st

from samen_data.vocab import label
from samen_ui import data, kaart
from samen_ui.setup import empty_notice, page_setup, synthetic_notice
from samen_ui.downloads import downloads

filters = page_setup("Kaart")
points = data.load("deelnemers_op_kaart", filters)

toon_kenniskring = st.toggle("Toon kenniskring", value=True,
                             help="De kenniskring (deelnemers zonder directe financiering) tonen of verbergen.")
if not toon_kenniskring:
    points = points[points["spoor"] != "kenniskring"]  # display filter only
synthetic_notice(bool(points["synthetisch"].any()))
if points.empty:
    empty_notice("deelnemers op de kaart")
    st.stop()

shown = kaart.map_points(points)
kaart.legend(shown)
st.caption("Grootte van de stip: totaal toegezegd (fondsen + gemeente). Kleur en teken: stand van de "
           "1:1-cofinanciering. Grijze puntjes: de overige gemeenten van Nederland. "
           "Wijs een stip aan voor de bedragen.")
st.pydeck_chart(kaart.deck(shown, data.load("gemeenten_op_kaart")), height=600)

st.markdown("**Deelnemers op de kaart**")
kaart.table(shown)
downloads(shown, "Deelnemers op de kaart")
per_spoor = ", ".join(f"{n} {label(s).lower()}" for s, n in shown["spoor"].value_counts().items())
st.caption(f"{len(shown)} deelnemers in {shown['gemeente_code'].nunique()} gemeenten ({per_spoor})."
           + ("" if toon_kenniskring else " De kenniskring is verborgen."))
