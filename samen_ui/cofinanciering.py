"""The match ledger (cofinanciering): the tables and the paid-against-committed chart of the Cofinanciering page.

Money stays numeric in the tables (sortable) and is shown Dutch-style as '€ 1.234.567' by the column format."""

from __future__ import annotations

import datetime as dt
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from samen_data.store.vocab import REGEL_1OP1, REGEL_EIGEN, label
from samen_ui import tables
from samen_ui.charts import dutch, time_axis
from samen_ui.fmt import datum, procent
from samen_ui.palette import FASE, MATCH, PARTIJ, match_label

EURO = tables.EURO
KANTEN = {"fonds": "Fondsen", "gemeente": "Gemeente", "overig": "Eigen/overige middelen"}
# (column in cofinanciering_per_deelnemer, header, side); the funds' side beside the other side per measure.
# The key figures first (toegezegd and betaald: in view at 1366 px), then the gaps and the rest.
_KEY_SIDES = [
    ("fonds_toegezegd", "Fondsen toegezegd", "fonds"),
    ("gemeente_toegezegd", "Gemeente toegezegd", "gemeente"),
    ("overig_toegezegd", "Eigen/overige middelen toegezegd", "overig"),
    ("fonds_betaald", "Fondsen betaald", "fonds"),
    ("gemeente_betaald", "Gemeente betaald", "gemeente"),
    ("overig_betaald", "Eigen/overige middelen betaald", "overig"),
]
_SIDES = [
    *_KEY_SIDES,
    ("gemeente_nog_te_betalen", "Gemeente nog te betalen", "gemeente"),
    ("fonds_beoogd", "Fondsen beoogd", "fonds"),
    ("gemeente_beoogd", "Gemeente beoogd", "gemeente"),
    ("overig_beoogd", "Eigen/overige middelen beoogd", "overig"),
    ("fonds_ingetrokken", "Fondsen ingetrokken", "fonds"),
    ("gemeente_ingetrokken", "Gemeente ingetrokken", "gemeente"),
]
_PCT = [
    ("fonds_betaald_pct", "Fondsen betaald (%)", "fonds"),
    ("gemeente_betaald_pct", "Gemeente betaald (%)", "gemeente"),
]


def money_columns(*names: str) -> dict:
    return {n: st.column_config.NumberColumn(n, format=EURO) for n in names}


# Tinting every cell costs per row on each rerun (pandas Styler); long tables at national scale stay plain.
STYLE_MAX_ROWS = 300


def _styled(table: pd.DataFrame, column: str, css) -> pd.DataFrame | Any:
    return table.style.map(css, subset=[column]) if len(table) <= STYLE_MAX_ROWS else table


def _tint(colour: str) -> str:
    return f"background-color: {colour}2e"  # the palette colour at ~18% opacity behind dark text


def _sides_shown(df: pd.DataFrame) -> set[str]:
    """The funds always; the gemeente where a participant has the 1:1 rule; own means where any are."""
    shown = {"fonds"}
    if (df["regel"] == REGEL_1OP1).any():
        shown.add("gemeente")
    if (df["regel"] == REGEL_EIGEN).any() or (df[["overig_toegezegd", "overig_beoogd"]] > 0).any().any():
        shown.add("overig")
    return shown


def match_table(df: pd.DataFrame) -> pd.DataFrame:
    """One row per participant: its status (commitments and payments) and its rule's measure first, then per
    measure the funds beside the gemeente (1:1) or beside the own or other means (the call's rule): toegezegd and
    betaald (the key columns, in view at 1366 px), then its gemeente, what is still open and the rest."""
    sides = _sides_shown(df)
    out = pd.DataFrame(
        {
            "Deelnemer": df["deelnemer"],
            "Status": df["status_tekst"],
            "Cofinanciering": df["maat"],
        }
    )
    for column, header, side in _KEY_SIDES:
        if side in sides:
            out[header] = df[column].astype(float)
    out["Gemeente"] = df["gemeente"]
    if "gemeente" in sides:
        out["Nog toe te zeggen"] = df["nog_toe_te_zeggen"].astype(float)
    for column, header, side in _SIDES[len(_KEY_SIDES) :]:
        if side in sides:
            out[header] = df[column].astype(float)
    for column, header, side in _PCT:
        if side in sides:
            out[header] = df[column].map(lambda v: procent(None if v is None or pd.isna(v) else v))
    return out


def match_legend(regels: tuple[str, ...]) -> str:
    """What the statuses mean, for the rules on the page only."""
    parts = []
    if REGEL_1OP1 in regels:
        parts.append(
            "✔ 1:1 toegezegd = de gemeente zegde minstens zoveel toe als de fondsen; ▲ Achter op 1:1 = minder; "
            "○ Alleen beoogd = haar deel is nog alleen beoogd; ✖ Ingetrokken = haar toezegging is ingetrokken. "
            "Na de punt: welk deel van haar toezegging de gemeente betaalde (zonder toezegging: de fondsen)."
        )
    if REGEL_EIGEN in regels:
        parts.append(
            "Eigen of andere middelen zijn bij de oproep een pré, geen match door de gemeente: ● met eigen of "
            "andere middelen (bedrag en aandeel van het totaal), □ alleen een fondsbijdrage."
        )
    parts.append(
        "Toegezegd telt de fasen toegezegd, besloten, deels betaald en betaald; betaald (%) telt tot en met het "
        "einde van de gekozen periode."
    )
    return " ".join(parts)


def show_match_table(df: pd.DataFrame) -> None:
    """The match table with the status cell tinted in its palette colour (▲ 'Achter op 1:1' stands out)."""
    table = match_table(df)
    colours = {match_label(s): c for s, c in MATCH.items()}

    def css(text: str) -> str:
        status = next((lab for lab in colours if text.startswith(lab)), None)
        if status is None:
            return ""
        return _tint(colours[status]) + (";font-weight:700;color:#8A3200" if status == match_label("achter") else "")

    styled = _styled(table, "Status", css)
    money = [h for h in table.columns if h in {h for _, h, _ in _SIDES} or h == "Nog toe te zeggen"]
    tables.show(
        styled,
        most=240,
        config={
            **money_columns(*money),
            # Deelnemer, status and measure narrow enough for toegezegd and betaald per side beside them at
            # 1366 px (1,034 px for the table); the longest names and statuses are cut at the end.
            "Deelnemer": st.column_config.TextColumn("Deelnemer", width=226),
            "Status": st.column_config.TextColumn(
                "Status",
                width=180,
                help="Stand van de toezeggingen volgens de regel van het programma, en welk deel er betaald is",
            ),
            "Cofinanciering": st.column_config.TextColumn(
                "Cofinanciering",
                width=106,
                help="1:1-regel: fondsen : gemeente (toegezegd), 1 : 1,00 is het doel. Oproep: eigen of "
                "andere middelen en hun aandeel van het totaal.",
            ),
        },
    )


def ledger_table(df: pd.DataFrame) -> pd.DataFrame:
    """Every commitment: who gives what, its stage, the decision behind it and what has been paid on it."""
    return pd.DataFrame(
        {
            "Deelnemer": df["deelnemer"],
            "Financier": df["financier"],
            "Bedrag": df["bedrag"].astype(float),
            "Fase": df["fase"].map(label),
            "Betaald": df["betaald"].astype(float),
            "Soort": df["soort"].map(label),
            "Besluitkenmerk": df["besluit_kenmerk"].fillna("–"),
            "Besluitdatum": df["besluit_datum"].map(lambda d: datum(d) if pd.notna(d) else "–"),
            "Bron": df["bron"].map(label),
        }
    )


def show_ledger_table(df: pd.DataFrame) -> None:
    table = ledger_table(df)
    colours = {label(k): c for k, c in FASE.items()}
    styled = _styled(table, "Fase", lambda v: _tint(colours.get(v, "#8C8C8C")))
    tables.show(styled, money_columns("Bedrag", "Betaald"), most=200)


def paid_vs_committed(
    paid: pd.DataFrame, committed: dict[str, float], period: tuple[dt.date, dt.date] | None = None, height: int = 300
) -> alt.LayerChart:
    """Cumulative paid per side as a step line, with a dashed rule at what that side committed."""
    sides = [k for k in KANTEN if k in committed or k in set(paid["kant"])]
    colour = alt.Color(
        "kant_label:N",
        title="Kant",
        legend=alt.Legend(orient="bottom"),
        scale=alt.Scale(domain=[KANTEN[k] for k in sides], range=[PARTIJ[k] for k in sides]),
    )
    x_scale = (
        alt.Scale(domain=[pd.Timestamp(period[0]).isoformat(), pd.Timestamp(period[1]).isoformat()])
        if period
        else alt.Undefined
    )
    monthly = paid.attrs.get("per") == "maand"  # a gemeente account sees the programme per month (queries.run)
    lines = (
        alt.Chart(
            paid.assign(
                kant_label=paid["kant"].map(KANTEN),
                cumulatief=paid["cumulatief"].astype(float),
                bedrag=paid["bedrag"].astype(float),
                datum_nl=paid["datum"].map(lambda d: ("t/m " if monthly else "") + datum(d)),
                datum=pd.to_datetime(paid["datum"]),
            )
        )
        .mark_line(interpolate="step-after", point=True, strokeWidth=3)
        .encode(
            x=alt.X(
                "datum:T",
                title=None,
                scale=x_scale,
                axis=time_axis(*(period or (paid["datum"].min(), paid["datum"].max()))),
            ),
            y=alt.Y("cumulatief:Q", title="Bedrag (€)", axis=alt.Axis(format="$,.0f")),
            color=colour,
            tooltip=[
                alt.Tooltip("kant_label:N", title="Kant"),
                alt.Tooltip("datum_nl:N", title="Datum"),
                alt.Tooltip(
                    "bedrag:Q", title="Betaald in die maand" if monthly else "Betaald op die dag", format="$,.0f"
                ),
                alt.Tooltip("cumulatief:Q", title="Betaald tot dan", format="$,.0f"),
            ],
        )
    )
    targets = pd.DataFrame({"kant_label": [KANTEN[k] for k in committed], "toegezegd": list(committed.values())})
    rules = (
        alt.Chart(targets)
        .mark_rule(strokeDash=[6, 4], strokeWidth=2)
        .encode(
            y="toegezegd:Q",
            color=colour,
            tooltip=[
                alt.Tooltip("kant_label:N", title="Kant"),
                alt.Tooltip("toegezegd:Q", title="Toegezegd", format="$,.0f"),
            ],
        )
    )
    return dutch(alt.layer(lines, rules).properties(height=height))


# The Gemeente page: its people at meetings and its collaboration scores.
