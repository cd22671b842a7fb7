"""SAMEN-dashboard: the router. Every page does its own setup (filters, access) through samen_ui.page_setup."""
import streamlit as st

st.set_page_config(page_title="SAMEN-dashboard", page_icon="🤝", layout="wide")

PAGES = [
    st.Page("pages/overzicht.py", title="Overzicht", icon="🏠", default=True),
    st.Page("pages/kaart.py", title="Kaart", icon="🗺️"),
    st.Page("pages/cofinanciering.py", title="Cofinanciering", icon="💶"),
    st.Page("pages/bijeenkomsten.py", title="Bijeenkomsten", icon="📅"),
    st.Page("pages/samenwerking.py", title="Samenwerking", icon="🤝"),
    st.Page("pages/gemeente.py", title="Gemeente", icon="🏛️"),
]

st.navigation(PAGES).run()
