"""Presentatie: the programme slide by slide on a projector (full screen, large type, the current filters),
and the same as PDF and PowerPoint."""
import streamlit as st

from samen_ui import presentatie
from samen_ui.setup import page_setup

filters = page_setup("Presentatie")
presentatie.layout(show_filters=st.session_state.get(presentatie.SHOW_FILTERS, False))
deck = presentatie.deck(filters)
slot = st.container()  # the slide first on the page, the settings below it
st.divider()
auto, seconds = presentatie.controls(len(deck.slides))
presentatie.downloads(deck, filters)
with slot:
    presentatie.show(deck, auto, seconds)
