"""The match ledger (cofinanciering): display tables and charts for the Cofinanciering and Gemeente pages.

Money stays numeric in the tables (sortable) and is shown Dutch-style as '€ 1.234.567' by the column format."""
from __future__ import annotations

import datetime as dt
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from samen_data.vocab import AANWEZIGHEID_ROLLEN, GOLVEN, REGEL_1OP1, REGEL_EIGEN, label

from . import tables
from .charts import dutch, time_axis
from .fmt import datum, getal, procent
from .palette import FASE, MATCH, PARTIJ, ROL, match_label

# printf-style for st.column_config: "'." makes '.' the thousands separator whatever the browser's language.
EURO = "€ %'.,d"
KANTEN = {"fonds": "Fondsen", "gemeente": "Gemeente", "overig": "Eigen/overige middelen"}
# (column in cofinanciering_per_deelnemer, header, side); the funds' side beside the other side per measure.
_SIDES = [
    ("fonds_toegezegd", "Fondsen toegezegd", "fonds"), ("gemeente_toegezegd", "Gemeente toegezegd", "gemeente"),
    ("overig_toegezegd", "Eigen/overige middelen toegezegd", "overig"),
    ("fonds_betaald", "Fondsen betaald", "fonds"), ("gemeente_betaald", "Gemeente betaald", "gemeente"),
    ("overig_betaald", "Eigen/overige middelen betaald", "overig"),
    ("gemeente_nog_te_betalen", "Gemeente nog te betalen", "gemeente"),
    ("fonds_beoogd", "Fondsen beoogd", "fonds"), ("gemeente_beoogd", "Gemeente beoogd", "gemeente"),
    ("overig_beoogd", "Eigen/overige middelen beoogd", "overig"),
    ("fonds_ingetrokken", "Fondsen ingetrokken", "fonds"), ("gemeente_ingetrokken", "Gemeente ingetrokken", "gemeente"),
]
_PCT = [("fonds_betaald_pct", "Fondsen betaald (%)", "fonds"), ("gemeente_betaald_pct", "Gemeente betaald (%)", "gemeente")]


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
    measure the funds beside the gemeente (1:1) or beside the own or other means (the call's rule)."""
    sides = _sides_shown(df)
    out = pd.DataFrame({
        "Deelnemer": df["deelnemer"],
        "Gemeente": df["gemeente"],
        "Status": df["status_tekst"],
        "Cofinanciering": df["maat"],
    })
    if "gemeente" in sides:
        out["Nog toe te zeggen"] = df["nog_toe_te_zeggen"].astype(float)
    for column, header, side in _SIDES:
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
        parts.append("✔ 1:1 toegezegd = de gemeente zegde minstens zoveel toe als de fondsen; ▲ Achter op 1:1 = minder; "
                     "○ Alleen beoogd = haar deel is nog alleen beoogd; ✖ Ingetrokken = haar toezegging is ingetrokken. "
                     "Na de punt: welk deel van haar toezegging de gemeente betaalde (zonder toezegging: de fondsen).")
    if REGEL_EIGEN in regels:
        parts.append("Eigen of andere middelen zijn bij de oproep een pré, geen match door de gemeente: ● met eigen of "
                     "andere middelen (bedrag en aandeel van het totaal), □ alleen een fondsbijdrage.")
    parts.append("Toegezegd telt de fasen toegezegd, besloten, deels betaald en betaald; betaald (%) telt tot en met het "
                 "einde van de gekozen periode.")
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
    st.dataframe(styled, hide_index=True, width="stretch", column_config=tables.fit(table, most=240, config={
        **money_columns(*money),
        "Deelnemer": st.column_config.TextColumn("Deelnemer"),
        "Status": st.column_config.TextColumn("Status", width="medium",
                                              help="Stand van de toezeggingen volgens de regel van het programma, en "
                                                   "welk deel er betaald is"),
        "Cofinanciering": st.column_config.TextColumn(
            "Cofinanciering", help="1:1-regel: fondsen : gemeente (toegezegd), 1 : 1,00 is het doel. Oproep: eigen of "
                                   "andere middelen en hun aandeel van het totaal."),
    }))


def ledger_table(df: pd.DataFrame) -> pd.DataFrame:
    """Every commitment: who gives what, its stage, the decision behind it and what has been paid on it."""
    return pd.DataFrame({
        "Deelnemer": df["deelnemer"],
        "Financier": df["financier"],
        "Bedrag": df["bedrag"].astype(float),
        "Fase": df["fase"].map(label),
        "Betaald": df["betaald"].astype(float),
        "Soort": df["soort"].map(label),
        "Besluitkenmerk": df["besluit_kenmerk"].fillna("–"),
        "Besluitdatum": df["besluit_datum"].map(lambda d: datum(d) if pd.notna(d) else "–"),
        "Bron": df["bron"].map(label),
    })


def show_ledger_table(df: pd.DataFrame) -> None:
    table = ledger_table(df)
    colours = {label(k): c for k, c in FASE.items()}
    styled = _styled(table, "Fase", lambda v: _tint(colours.get(v, "#8C8C8C")))
    st.dataframe(styled, hide_index=True, width="stretch",
                 column_config=tables.fit(table, money_columns("Bedrag", "Betaald"), most=200))


def paid_vs_committed(paid: pd.DataFrame, committed: dict[str, float], period: tuple[dt.date, dt.date] | None = None,
                      height: int = 300) -> alt.LayerChart:
    """Cumulative paid per side as a step line, with a dashed rule at what that side committed."""
    sides = [k for k in KANTEN if k in committed or k in set(paid["kant"])]
    colour = alt.Color("kant_label:N", title="Kant", legend=alt.Legend(orient="bottom"),
                       scale=alt.Scale(domain=[KANTEN[k] for k in sides], range=[PARTIJ[k] for k in sides]))
    x_scale = (alt.Scale(domain=[pd.Timestamp(period[0]).isoformat(), pd.Timestamp(period[1]).isoformat()])
               if period else alt.Undefined)
    monthly = paid.attrs.get("per") == "maand"  # a gemeente account sees the programme per month (queries.run)
    lines = alt.Chart(paid.assign(kant_label=paid["kant"].map(KANTEN), cumulatief=paid["cumulatief"].astype(float),
                                  bedrag=paid["bedrag"].astype(float),
                                  datum_nl=paid["datum"].map(lambda d: ("t/m " if monthly else "") + datum(d)),
                                  datum=pd.to_datetime(paid["datum"]))).mark_line(
        interpolate="step-after", point=True, strokeWidth=3).encode(
        x=alt.X("datum:T", title=None, scale=x_scale,
                axis=time_axis(*(period or (paid["datum"].min(), paid["datum"].max())))),
        y=alt.Y("cumulatief:Q", title="Bedrag (€)", axis=alt.Axis(format="$,.0f")),
        color=colour,
        tooltip=[alt.Tooltip("kant_label:N", title="Kant"), alt.Tooltip("datum_nl:N", title="Datum"),
                 alt.Tooltip("bedrag:Q", title="Betaald in die maand" if monthly else "Betaald op die dag",
                             format="$,.0f"),
                 alt.Tooltip("cumulatief:Q", title="Betaald tot dan", format="$,.0f")],
    )
    targets = pd.DataFrame({"kant_label": [KANTEN[k] for k in committed], "toegezegd": list(committed.values())})
    rules = alt.Chart(targets).mark_rule(strokeDash=[6, 4], strokeWidth=2).encode(
        y="toegezegd:Q", color=colour,
        tooltip=[alt.Tooltip("kant_label:N", title="Kant"),
                 alt.Tooltip("toegezegd:Q", title="Toegezegd", format="$,.0f")],
    )
    return dutch(alt.layer(lines, rules).properties(height=height))


# The Gemeente page: its people at meetings and its collaboration scores.

def attendance_by_role(df: pd.DataFrame, height: int = 220) -> alt.Chart:
    """Total present per role over the meetings in the selection (bars, with the number at each bar)."""
    rollen = [r for r in AANWEZIGHEID_ROLLEN if r in set(df["rol"])]
    data = df.assign(rol_label=df["rol"].map(label), aanwezig=df["aanwezig"].astype(int))
    order = [label(r) for r in rollen]
    base = alt.Chart(data).encode(
        y=alt.Y("rol_label:N", title=None, sort=order),
        x=alt.X("sum(aanwezig):Q", title="Aanwezig (totaal over de bijeenkomsten)"),
    )
    bars = base.mark_bar().encode(
        color=alt.Color("rol_label:N", legend=None, scale=alt.Scale(domain=order, range=[ROL[r] for r in rollen])),
        tooltip=[alt.Tooltip("rol_label:N", title="Rol"), alt.Tooltip("sum(aanwezig):Q", title="Aanwezig"),
                 alt.Tooltip("sum(aangemeld):Q", title="Aangemeld"),
                 alt.Tooltip("distinct(bijeenkomst_id):Q", title="Bijeenkomsten")],
    )
    text = base.mark_text(align="left", dx=4, fontSize=13).encode(text="sum(aanwezig):Q")
    return dutch(alt.layer(bars, text).properties(height=max(height, 40 * len(order))))


def scores_table(df: pd.DataFrame) -> pd.DataFrame:
    """Score per dimension (and participant, when there are several), one column per wave (1–10)."""
    waves = [g for g in GOLVEN if g in set(df["golf"])]
    wide = (df.assign(score=df["score"].astype(float))
            .pivot_table(index=["deelnemer", "dimensie"], columns="golf", values="score", aggfunc="first")
            .reindex(columns=waves).reset_index())
    out = pd.DataFrame({"Deelnemer": wide["deelnemer"], "Dimensie": wide["dimensie"].str.capitalize()})
    if wide["deelnemer"].nunique() == 1:
        out = out.drop(columns="Deelnemer")
    for golf in waves:
        out[label(golf)] = wide[golf].map(lambda v: "–" if pd.isna(v) else getal(v, 1))
    if len(waves) > 1:
        change = wide[waves[-1]] - wide[waves[0]]
        out["Verandering"] = change.map(lambda v: "–" if pd.isna(v) else ("+" if round(v, 1) > 0 else "") + getal(v, 1))
    return out


def scores_chart(df: pd.DataFrame, height: int = 240) -> alt.Chart:
    """Score per wave and dimension for one participant (colour and dash per dimension)."""
    data = df.assign(golf_label=df["golf"].map(label), score=df["score"].astype(float),
                     dimensie_label=df["dimensie"].str.capitalize())
    order = [label(g) for g in GOLVEN]
    return dutch(alt.Chart(data).mark_line(point=alt.OverlayMarkDef(size=80, filled=True), strokeWidth=3).encode(
        x=alt.X("golf_label:N", title=None, sort=order, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("score:Q", title="Score (1–10)", scale=alt.Scale(zero=False)),
        color=alt.Color("dimensie_label:N", title=None, legend=alt.Legend(orient="bottom", columns=2, labelLimit=240)),
        strokeDash=alt.StrokeDash("dimensie_label:N", title=None),
        tooltip=[alt.Tooltip("deelnemer:N", title="Deelnemer"), alt.Tooltip("golf_label:N", title="Meting"),
                 alt.Tooltip("dimensie_label:N", title="Dimensie"),
                 alt.Tooltip("score:Q", title="Score", format=".1f")],
    ).properties(height=height))


def reference_row(tiles, refs: dict[str, str]) -> None:
    """Under each tile of one gemeente its programme value, in the tile's column, labelled "programma: …" and drawn
    as a reference (a grey caption with the compare icon), never as a figure of the selection."""
    for col, t in zip(st.columns(len(tiles) or 1), tiles, strict=False):
        if t.label in refs:
            col.caption(":material/compare_arrows: " + refs[t.label])
