"""Presentatie: the programme slide by slide on a projector (full screen, large type, the current filters),
and the same as PDF and PowerPoint. Only the slide on screen is built."""

import streamlit as st

from samen_ui import presentatie
from samen_ui.setup import page_setup

filters = page_setup("Presentatie")
presentatie.layout(show_filters=st.session_state.get(presentatie.SHOW_FILTERS, False))
keys = presentatie.slide_keys(filters)
auto, seconds = presentatie.menus(filters, len(keys))
presentatie.show(filters, keys, presentatie.deck_titel(filters), auto, seconds)
