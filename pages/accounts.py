"""Accounts (beheer only): who may sign in, with which role; for local accounts a password."""

import pandas as pd
import streamlit as st

from samen_data import queries
from samen_data.access import accounts
from samen_data.access.scope import ROL_LABELS, ROLLEN
from samen_ui import data, tables
from samen_ui.setup import page_setup

page_setup("Accounts", need="beheer", acts_on="accounts")
lijst = accounts.list_users(data.engine())
tables.show(
    pd.DataFrame(
        [
            {
                "E-mailadres": a.email,
                "Rol": ROL_LABELS[a.rol],
                "Gemeente": a.gemeente or "",
                "Fonds": a.fonds or "",
                "Inloggen": "wachtwoord" if a.lokaal else "identity provider",
            }
            for a in lijst
        ]
    )
)

st.header("Account toevoegen")
gemeenten = data.load(queries.gemeenten_met_deelnemers, None, None)
with st.form("account_toevoegen", clear_on_submit=True):
    email = st.text_input("E-mailadres (werk)")
    rol = st.selectbox("Rol", ROLLEN, format_func=ROL_LABELS.get, placeholder="Kies…")
    gemeente = st.selectbox(
        "Gemeente (alleen bij rol Gemeente)",
        [None, *gemeenten["cbs_code"]],
        format_func=lambda c: "—" if c is None else c,
        placeholder="Kies…",
    )
    fonds = st.text_input("Fonds (alleen bij rol Fonds), bv. VSBfonds")
    wachtwoord = st.text_input("Wachtwoord (leeg = inloggen via de identity provider)", type="password")
    if st.form_submit_button("Toevoegen", type="primary"):
        try:
            accounts.add_user(
                data.engine(),
                email,
                rol,
                gemeente if rol == "gemeente" else None,
                fonds.strip() if rol == "fonds" else None,
                wachtwoord or None,
            )
        except accounts.AccountError as exc:
            st.error(f"Niet toegevoegd: {exc}")
        else:
            st.success(f"Account {email.strip().lower()} toegevoegd.")
            st.rerun()

st.header("Account verwijderen")
weg = st.selectbox(
    "Account", [a.email for a in lijst if a.email != data.scope().email], index=None, placeholder="Kies een account"
)
if weg and st.button("Verwijderen", icon=":material/delete:"):
    accounts.remove_user(data.engine(), weg)
    st.success(f"Account {weg} verwijderd.")
    st.rerun()
