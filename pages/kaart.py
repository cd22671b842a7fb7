"""Kaart: every participant at its gemeente, coloured by the state of its matched funding."""
import streamlit as st

from samen_data.vocab import MATCH_STATUSSEN, label
from samen_ui import data, kaart
from samen_ui.setup import empty_notice, page_setup, synthetic_notice

filters = page_setup("Kaart")
points = data.load("deelnemers_op_kaart", filters)
synthetic_notice(bool(points["synthetisch"].any()))

toon_kenniskring = st.toggle("Toon kenniskring", value=True,
                             help="De kenniskring (inzendingen zonder directe financiering) aan- of uitzetten.")
if not toon_kenniskring:
    points = points[points["spoor"] != "kenniskring"]
if points.empty:
    empty_notice("deelnemers op de kaart")
    st.stop()

st.markdown(kaart.legend_html(list(MATCH_STATUSSEN)), unsafe_allow_html=True)  # fixed vocabulary, no data
st.caption("Grootte van de stip: totaal toegezegd (fondsen + gemeente). Kleur en teken: stand van de 1:1-cofinanciering.")
shown = kaart.map_points(points)
st.pydeck_chart(kaart.deck(shown), height=620)

st.dataframe(
    shown[["deelnemer", "gemeente", "provincie", "spoor_label", "fonds_toegezegd", "gemeente_toegezegd", "status_label"]],
    hide_index=True, width="stretch",
    column_config={
        "deelnemer": "Deelnemer", "gemeente": "Gemeente", "provincie": "Provincie", "spoor_label": "Spoor",
        "fonds_toegezegd": st.column_config.NumberColumn("Fondsen (€)", format="euro"),
        "gemeente_toegezegd": st.column_config.NumberColumn("Gemeente (€)", format="euro"),
        "status_label": "Cofinanciering",
    },
)
st.caption(f"{len(shown)} deelnemers; " + ", ".join(f"{n} {label(s).lower()}" for s, n in shown["spoor"].value_counts().items()))
