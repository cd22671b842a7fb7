"""The Gegevens in/uit page: the import's check (a dry run) once per upload, and its outcome (the problems, or the
preview of what would change)."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from samen_data import transfer
from samen_data.access.scope import Scope
from samen_data.transfer import ImportResult, Probleem
from samen_ui import tables
from samen_ui.fmt import n_items, shown_value
from samen_ui.safe_text import plain

_KEY = "_import_controle"


def checked(
    engine: Engine, content: bytes, filename: str, scope: Scope
) -> transfer.ImportResult | transfer.ImportRefused:
    """The dry run of this upload: computed once, kept in the session until the file, name or account changes."""
    fingerprint = (hashlib.sha256(content).hexdigest(), filename, scope)
    kept = st.session_state.get(_KEY)
    if kept is not None and kept[0] == fingerprint:
        return kept[1]
    try:
        outcome: transfer.ImportResult | transfer.ImportRefused = transfer.import_file(
            engine, content, filename, scope, dry_run=True
        )
    except transfer.ImportRefused as refused:
        outcome = refused
    st.session_state[_KEY] = (fingerprint, outcome)
    return outcome


def forget() -> None:
    """After an import the database has moved on: the next upload is checked afresh."""
    st.session_state.pop(_KEY, None)


def problems_table(problems: list[Probleem]) -> None:
    st.error(
        f"Het bestand is geweigerd: {n_items(len(problems), 'probleem', 'problemen')}. Er is niets ingelezen. "
        "Verbeter het bestand en probeer het opnieuw.",
        icon=":material/block:",
    )
    frame = pd.DataFrame(
        [{"Blad": p.blad or "", "Rij": p.rij, "Kolom": p.kolom or "", "Melding": p.melding} for p in problems]
    )
    tables.show(frame, {"Rij": st.column_config.NumberColumn(format="%d"), "Melding": {"width": 420}})


def preview(result: ImportResult) -> None:
    counts = pd.DataFrame(
        [
            {"Blad": blad, "Nieuw": c["toevoegen"], "Gewijzigd": c["wijzigen"], "Ongewijzigd": c["ongewijzigd"]}
            for blad, c in result.counts.items()
        ]
    )
    tables.show(counts)
    changed = [c for c in result.changes if c.actie == "wijzigen"]
    if changed:
        st.markdown("**Wat er verandert in bestaande rijen**")
        tables.show(
            pd.DataFrame(
                [
                    {
                        "Blad": c.blad,
                        "Rij": c.rij,
                        "Sleutel": c.sleutel,
                        "Wijziging": "; ".join(
                            f"{k}: {shown_value(o)} → {shown_value(n)}" for k, (o, n) in c.velden.items()
                        ),
                    }
                    for c in changed
                ]
            ),
            {"Wijziging": {"width": 420}},
        )
    for note in result.notes:
        st.caption(f"Let op: {plain(note)}")  # notes quote values from the file
