"""The Wijzigingen page: the audit trail as a table (values as text, Dutch dates)."""

from __future__ import annotations

import json

import pandas as pd

from samen_ui.fmt import shown_value


def audit_values(text: str | None) -> str:
    if not isinstance(text, str) or not text:  # pandas gives NaN for a missing value
        return "–"
    try:
        values = json.loads(text)
    except ValueError:
        return text
    return (
        "; ".join(f"{k}: {shown_value(v)}" for k, v in values.items())
        if isinstance(values, dict)
        else shown_value(values)
    )


def audit_table(frame: pd.DataFrame) -> pd.DataFrame:
    tijd = pd.to_datetime(frame["tijdstip"], utc=True).dt.tz_convert("Europe/Amsterdam")
    return pd.DataFrame(
        {
            "Tijdstip": tijd.dt.strftime("%d-%m-%Y %H:%M:%S"),
            "Wie": frame["gebruiker"].fillna("–"),
            "Tabel": frame["tabel"],
            "Rij": frame["rij_id"].map(lambda v: "–" if pd.isna(v) else str(int(v))),
            "Actie": frame["actie"],
            "Oud": frame["oude_waarden"].map(audit_values),
            "Nieuw": frame["nieuwe_waarden"].map(audit_values),
        }
    )
