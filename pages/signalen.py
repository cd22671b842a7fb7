"""Signalen: what needs attention in the selection, ranked, each with a link to the rows behind it."""

import streamlit as st

from samen_data import queries
from samen_data.figures.signalen import tegels
from samen_ui import data, signalen
from samen_ui.setup import empty_notice, page_setup
from samen_ui.tiles import show_tiles

filters = page_setup("Signalen")
found = data.load(queries.signalen, filters)
scope = data.scope()
if scope.rol == "gemeente":
    st.caption("U ziet de signalen over uw eigen gemeente.")
elif scope.rol == "fonds":
    st.caption(f"Signalen over toezeggingen van {scope.fonds} staan bovenaan (✔ in de kolom *Uw fonds*).")
show_tiles(tegels(found))
signalen.show_counts(found)
if not found:
    empty_notice("signalen")
else:
    signalen.show_table(found, fonds=scope.rol == "fonds")
st.caption(signalen.drempels_tekst())
