"""Charts and tables for progress against the collaboration goal."""
from __future__ import annotations

import altair as alt
import pandas as pd

from samen_data.vocab import GOLVEN, RESPONDENTGROEPEN, label

from .charts import dutch
from .fmt import datum
from .palette import MIJLPAAL, PARTIJ, mijlpaal_label

GOLF_LABELS = [label(g) for g in GOLVEN]
SHAPES = {"bewoners": "circle", "gemeente": "square", "fonds": "triangle-up"}


def per_group(df: pd.DataFrame) -> alt.FacetChart:
    """One panel per dimension; a line per respondent group (colour and shape)."""
    data = df.assign(golf_label=df["golf"].map(label), groep_label=df["respondentgroep"].map(label),
                     score=df["score"].astype(float))
    groups = [g for g in RESPONDENTGROEPEN if g in set(df["respondentgroep"])]
    domain = [label(g) for g in groups]
    chart = alt.Chart(data).mark_line(point=alt.OverlayMarkDef(size=90, filled=True), strokeWidth=3).encode(
        x=alt.X("golf_label:N", title=None, sort=GOLF_LABELS, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("score:Q", title="Score (1–10)", scale=alt.Scale(zero=False)),
        color=alt.Color("groep_label:N", title="Respondenten", scale=alt.Scale(domain=domain, range=[PARTIJ[g] for g in groups])),
        shape=alt.Shape("groep_label:N", title="Respondenten", scale=alt.Scale(domain=domain, range=[SHAPES[g] for g in groups])),
        tooltip=[alt.Tooltip("dimensie:N", title="Dimensie"), alt.Tooltip("golf_label:N", title="Meting"),
                 alt.Tooltip("groep_label:N", title="Respondenten"), alt.Tooltip("score:Q", title="Score", format=".1f"),
                 alt.Tooltip("respondenten:Q", title="Aantal respondenten")],
    ).properties(width=260, height=230)
    return dutch(chart.facet(column=alt.Column("dimensie:N", title=None, header=alt.Header(labelFontSize=15))))


def gap_table(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Meting": df["golf"].map(label), "Dimensie": df["dimensie"],
        "Bewoners": df["bewoners"].astype(float).round(1), "Gemeente": df["gemeente"].astype(float).round(1),
        "Fonds": df["fonds"].astype(float).round(1), "Kloof (hoogste − laagste)": df["kloof"].astype(float).round(1),
    })


def milestone_table(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Deelnemer": df["deelnemer"].fillna("Programma"), "Categorie": df["categorie"], "Omschrijving": df["omschrijving"],
        "Status": df["status"].map(mijlpaal_label), "Streefdatum": df["streefdatum"].map(lambda d: datum(d) if pd.notna(d) else "–"),
        "Bereikt op": df["datum_bereikt"].map(lambda d: datum(d) if pd.notna(d) else "–"), "Bron": df["bron"].map(label),
    })


def milestone_bars(df: pd.DataFrame) -> alt.Chart:
    statuses = list(MIJLPAAL)
    data = df.assign(deelnemer=df["deelnemer"].fillna("Programma"), status_label=df["status"].map(mijlpaal_label))
    domain = [mijlpaal_label(s) for s in statuses]
    return dutch(alt.Chart(data).mark_bar().encode(
        y=alt.Y("deelnemer:N", title=None, axis=alt.Axis(labelLimit=340)),
        x=alt.X("count():Q", title="Mijlpalen"),
        color=alt.Color("status_label:N", title="Status", scale=alt.Scale(domain=domain, range=[MIJLPAAL[s] for s in statuses])),
        tooltip=[alt.Tooltip("deelnemer:N", title="Deelnemer"), alt.Tooltip("status_label:N", title="Status"),
                 alt.Tooltip("count():Q", title="Aantal")],
    ).properties(height=max(160, 30 * data["deelnemer"].nunique())))
