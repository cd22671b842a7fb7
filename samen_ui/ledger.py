"""The match ledger: display frames and the paid-against-committed chart."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from samen_data.vocab import label

from .charts import dutch
from .fmt import datum, ratio
from .palette import FASE, PARTIJ, match_label

EURO = "euro"


def match_table(df: pd.DataFrame) -> pd.DataFrame:
    """One row per participant, funds' side beside the gemeente's side, with the match flag in words."""
    return pd.DataFrame({
        "Deelnemer": df["deelnemer"],
        "Gemeente": df["gemeente"],
        "Spoor": df["spoor"].map(label),
        "Fondsen toegezegd": df["fonds_toegezegd"].astype(float),
        "Gemeente toegezegd": df["gemeente_toegezegd"].astype(float),
        "Gemeente beoogd": df["gemeente_beoogd"].astype(float),
        "Ingetrokken": df["ingetrokken"].astype(float),
        "Betaald": df["betaald"].astype(float),
        "Match": df["matchratio"].map(lambda r: ratio(None if pd.isna(r) else r)),
        "Status": df["matchstatus"].map(match_label),
    })


def ledger_table(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Deelnemer": df["deelnemer"],
        "Financier": df["financier"],
        "Soort": df["soort"].map(label),
        "Bedrag": df["bedrag"].astype(float),
        "Fase": df["fase"].map(label),
        "Besluitkenmerk": df["besluit_kenmerk"].fillna("–"),
        "Besluitdatum": df["besluit_datum"].map(lambda d: datum(d) if pd.notna(d) else "–"),
        "Betaald": df["betaald"].astype(float),
        "Bron": df["bron"].map(label),
    })


def money_columns(*names: str) -> dict:
    return {n: st.column_config.NumberColumn(n, format=EURO) for n in names}


def paid_vs_committed(paid: pd.DataFrame, committed: dict[str, float], height: int = 300) -> alt.LayerChart:
    """Cumulative paid per side as a step line, with a dashed rule at what that side committed."""
    names = {"fonds": "Fondsen", "gemeente": "Gemeente", "overig": "Overig"}
    sides = [k for k in names if k in committed or k in set(paid["kant"])]
    domain, colours = [names[k] for k in sides], [PARTIJ[k] for k in sides]
    colour = alt.Color("kant_label:N", title="Kant", scale=alt.Scale(domain=domain, range=colours))
    lines = alt.Chart(paid.assign(kant_label=paid["kant"].map(names), cumulatief=paid["cumulatief"].astype(float),
                                  datum=pd.to_datetime(paid["datum"]))).mark_line(
        interpolate="step-after", point=True, strokeWidth=3).encode(
        x=alt.X("datum:T", title=None, axis=alt.Axis(format="%b %Y")),
        y=alt.Y("cumulatief:Q", title="Bedrag (€)", axis=alt.Axis(format=",.0f")),
        color=colour,
        tooltip=[alt.Tooltip("kant_label:N", title="Kant"), alt.Tooltip("datum:T", title="Datum", format="%d-%m-%Y"),
                 alt.Tooltip("cumulatief:Q", title="Betaald tot dan (€)", format=",.0f")],
    )
    targets = pd.DataFrame({"kant_label": [names[k] for k in committed], "toegezegd": list(committed.values())})
    rules = alt.Chart(targets).mark_rule(strokeDash=[6, 4], strokeWidth=2).encode(
        y="toegezegd:Q", color=colour,
        tooltip=[alt.Tooltip("kant_label:N", title="Kant"), alt.Tooltip("toegezegd:Q", title="Toegezegd (€)", format=",.0f")],
    )
    return dutch(alt.layer(lines, rules).properties(height=height))


def fase_colours() -> dict[str, str]:
    return {label(k): v for k, v in FASE.items()}
