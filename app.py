"""SAMEN-dashboard: the router. Every page does its own setup (filters, access) through samen_ui.page_setup."""
import streamlit as st

st.set_page_config(page_title="SAMEN-dashboard", page_icon=":material/handshake:", layout="wide")

PAGES = [
    st.Page("pages/overzicht.py", title="Overzicht", icon=":material/dashboard:", default=True),
    st.Page("pages/kaart.py", title="Kaart", icon=":material/map:"),
    st.Page("pages/cofinanciering.py", title="Cofinanciering", icon=":material/euro:"),
    st.Page("pages/bijeenkomsten.py", title="Bijeenkomsten", icon=":material/event:"),
    st.Page("pages/samenwerking.py", title="Samenwerking", icon=":material/handshake:"),
    st.Page("pages/gemeente.py", title="Gemeente", icon=":material/account_balance:"),
    st.Page("pages/presentatie.py", title="Presentatie", icon=":material/slideshow:"),
]

st.navigation(PAGES).run()
