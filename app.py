"""SAMEN-dashboard: the router. Every page is registered (the ones the role may not open hidden), so a link
survives the sign-in and a page the role lacks says so in Dutch; every page still checks access itself
(page_setup), because a page opened by its own URL on a fresh server runs without app.py."""

import streamlit as st

from samen_ui import routing
from samen_ui.auth import scope_for_router
from samen_ui.setup import allowed

st.set_page_config(page_title="SAMEN-dashboard", page_icon=":material/handshake:", layout="wide")

PAGES = [  # (file, title, icon, access needed)
    ("pages/overzicht.py", "Overzicht", ":material/dashboard:", "lezen"),
    ("pages/signalen.py", "Signalen", ":material/notifications:", "lezen"),
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

scope = scope_for_router()
pages = [
    st.Page(
        f,
        title="Inloggen" if i == 0 and not scope.can_read else t,
        icon=icon,
        default=(i == 0),
        visibility="visible" if allowed(scope, need) else "hidden",
    )
    for i, (f, t, icon, need) in enumerate(PAGES)
]
asked = routing.requested_path()
if asked and asked not in {p.url_path for p in pages}:
    unknown = routing.not_found_page(asked, pages[0])
    pages += [unknown] if unknown else []
st.navigation(pages, position="sidebar" if scope.can_read else "hidden").run()
