"""Bijeenkomsten: under construction."""
import streamlit as st

from samen_ui.setup import page_setup

filters = page_setup("Bijeenkomsten")
st.info("Deze pagina wordt gebouwd.")
