"""SAMEN-dashboard: the router. It lists the pages the signed-in role may open; every page still checks
access itself (page_setup), because a page opened by its own URL on a fresh server runs without app.py."""
import streamlit as st

from samen_ui.auth import current_scope
from samen_ui.setup import allowed

st.set_page_config(page_title="SAMEN-dashboard", page_icon=":material/handshake:", layout="wide")

PAGES = [  # (file, title, icon, access needed)
    ("pages/overzicht.py", "Overzicht", ":material/dashboard:", "lezen"),
    ("pages/kaart.py", "Kaart", ":material/map:", "lezen"),
    ("pages/cofinanciering.py", "Cofinanciering", ":material/euro:", "lezen"),
    ("pages/bijeenkomsten.py", "Bijeenkomsten", ":material/event:", "lezen"),
    ("pages/samenwerking.py", "Samenwerking", ":material/handshake:", "lezen"),
    ("pages/gemeente.py", "Gemeente", ":material/account_balance:", "lezen"),
    ("pages/presentatie.py", "Presentatie", ":material/slideshow:", "lezen"),
    ("pages/bijwerken.py", "Bijwerken", ":material/edit_note:", "bewerken"),
    ("pages/gegevens.py", "Gegevens in/uit", ":material/upload_file:", "lezen"),
    ("pages/wijzigingen.py", "Wijzigingen", ":material/history:", "lezen"),
    ("pages/accounts.py", "Accounts", ":material/manage_accounts:", "beheer"),
]

scope = current_scope()
shown = [st.Page(f, title=t, icon=i, default=(f == PAGES[0][0])) for f, t, i, need in PAGES if allowed(scope, need)]
if not shown:  # signed out: the overview's page_setup draws the sign-in
    shown = [st.Page(PAGES[0][0], title="Inloggen", icon=":material/login:", default=True)]
st.navigation(shown).run()
