"""The Gemeente page ("my gemeente"): attendance per role, the scores per wave, the programme as a reference."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from samen_data.store.vocab import AANWEZIGHEID_ROLLEN, GOLVEN, label
from samen_ui.charts import dutch
from samen_ui.fmt import getal
from samen_ui.palette import ROL


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
        tooltip=[
            alt.Tooltip("rol_label:N", title="Rol"),
            alt.Tooltip("sum(aanwezig):Q", title="Aanwezig"),
            alt.Tooltip("sum(aangemeld):Q", title="Aangemeld"),
            alt.Tooltip("distinct(bijeenkomst_id):Q", title="Bijeenkomsten"),
        ],
    )
    text = base.mark_text(align="left", dx=4, fontSize=13).encode(text="sum(aanwezig):Q")
    return dutch(alt.layer(bars, text).properties(height=max(height, 40 * len(order))))


def scores_table(df: pd.DataFrame) -> pd.DataFrame:
    """Score per dimension (and participant, when there are several), one column per wave (1–10)."""
    waves = [g for g in GOLVEN if g in set(df["golf"])]
    wide = (
        df.assign(score=df["score"].astype(float))
        .pivot_table(index=["deelnemer", "dimensie"], columns="golf", values="score", aggfunc="first")
        .reindex(columns=waves)
        .reset_index()
    )
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
    data = df.assign(
        golf_label=df["golf"].map(label),
        score=df["score"].astype(float),
        dimensie_label=df["dimensie"].str.capitalize(),
    )
    order = [label(g) for g in GOLVEN]
    return dutch(
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=80, filled=True), strokeWidth=3)
        .encode(
            x=alt.X("golf_label:N", title=None, sort=order, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("score:Q", title="Score (1–10)", scale=alt.Scale(zero=False)),
            color=alt.Color(
                "dimensie_label:N", title=None, legend=alt.Legend(orient="bottom", columns=2, labelLimit=240)
            ),
            strokeDash=alt.StrokeDash("dimensie_label:N", title=None),
            tooltip=[
                alt.Tooltip("deelnemer:N", title="Deelnemer"),
                alt.Tooltip("golf_label:N", title="Meting"),
                alt.Tooltip("dimensie_label:N", title="Dimensie"),
                alt.Tooltip("score:Q", title="Score", format=".1f"),
            ],
        )
        .properties(height=height)
    )


def reference_row(tiles, refs: dict[str, str]) -> None:
    """Under each tile of one gemeente its programme value, in the tile's column, labelled "programma: …" and drawn
    as a reference (a grey caption with the compare icon), never as a figure of the selection."""
    for col, t in zip(st.columns(len(tiles) or 1), tiles, strict=False):
        if t.label in refs:
            col.caption(":material/compare_arrows: " + refs[t.label])
