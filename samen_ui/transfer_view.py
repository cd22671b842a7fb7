"""Drawing the import's outcome: the problems, or the preview of what would change."""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from samen_data.transfer import ImportResult, Probleem

from . import tables
from .fmt import n_items
from .safe_text import plain


def problems_table(problems: list[Probleem]) -> None:
    st.error(f"Het bestand is geweigerd: {n_items(len(problems), 'probleem', 'problemen')}. Er is niets ingelezen. "
             "Verbeter het bestand en probeer het opnieuw.", icon=":material/block:")
    frame = pd.DataFrame([{"Blad": p.blad or "", "Rij": p.rij, "Kolom": p.kolom or "", "Melding": p.melding}
                          for p in problems])
    tables.show(frame, {"Rij": st.column_config.NumberColumn(format="%d"), "Melding": {"width": 420}})


def preview(result: ImportResult) -> None:
    counts = pd.DataFrame([{"Blad": blad, "Nieuw": c["toevoegen"], "Gewijzigd": c["wijzigen"],
                            "Ongewijzigd": c["ongewijzigd"]} for blad, c in result.counts.items()])
    tables.show(counts)
    changed = [c for c in result.changes if c.actie == "wijzigen"]
    if changed:
        st.markdown("**Wat er verandert in bestaande rijen**")
        tables.show(pd.DataFrame([{
            "Blad": c.blad, "Rij": c.rij, "Sleutel": c.sleutel,
            "Wijziging": "; ".join(f"{k}: {shown_value(o)} → {shown_value(n)}" for k, (o, n) in c.velden.items()),
        } for c in changed]), {"Wijziging": {"width": 420}})
    for note in result.notes:
        st.caption(f"Let op: {plain(note)}")  # notes quote values from the file


def audit_values(text: str | None) -> str:
    if not isinstance(text, str) or not text:  # pandas gives NaN for a missing value
        return "–"
    try:
        values = json.loads(text)
    except ValueError:
        return text
    return "; ".join(f"{k}: {shown_value(v)}" for k, v in values.items()) if isinstance(values, dict) else \
        shown_value(values)


def shown_value(value: object) -> str:
    """A logged value as a Dutch reader reads it: ja/nee, '–' for empty, never None/True/False."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


def audit_table(frame: pd.DataFrame) -> pd.DataFrame:
    tijd = pd.to_datetime(frame["tijdstip"], utc=True).dt.tz_convert("Europe/Amsterdam")
    return pd.DataFrame({
        "Tijdstip": tijd.dt.strftime("%d-%m-%Y %H:%M:%S"),
        "Wie": frame["gebruiker"].fillna("–"), "Tabel": frame["tabel"],
        "Rij": frame["rij_id"].map(lambda v: "–" if pd.isna(v) else str(int(v))),
        "Actie": frame["actie"], "Oud": frame["oude_waarden"].map(audit_values),
        "Nieuw": frame["nieuwe_waarden"].map(audit_values),
    })
