"""Charts and tables for meetings and attendance."""
from __future__ import annotations

import altair as alt
import pandas as pd

from samen_data.vocab import BIJEENKOMST_SOORTEN, label

from .charts import dutch
from .fmt import datum
from .palette import ROL, SPOOR

SOORT_LABELS = [label(s) for s in BIJEENKOMST_SOORTEN]


def timeline(df: pd.DataFrame) -> alt.LayerChart:
    """All meetings on a time axis, one row per kind; collective meetings and the kick-off larger and dated."""
    data = df.assign(
        soort_label=df["soort"].map(label), dag=pd.to_datetime(df["datum"]),
        datum_nl=df["datum"].map(datum), plaats_txt=df["locatie"].fillna(df["plaats"]).fillna("niet vermeld"),
        groot=df["soort"].isin(["collectief", "kick-off"]),
    )
    base = alt.Chart(data).encode(
        x=alt.X("dag:T", title=None, axis=alt.Axis(format="%b %Y", labelFontSize=13)),
        y=alt.Y("soort_label:N", title=None, sort=SOORT_LABELS),
    )
    points = base.mark_point(filled=True, opacity=0.85).encode(
        size=alt.condition("datum.groot", alt.value(260), alt.value(70)),
        shape=alt.Shape("soort_label:N", legend=None),
        color=alt.condition("datum.groot", alt.value("#0072B2"), alt.value("#56B4E9")),
        tooltip=[alt.Tooltip("titel:N", title="Bijeenkomst"), alt.Tooltip("datum_nl:N", title="Datum"),
                 alt.Tooltip("plaats_txt:N", title="Plaats"), alt.Tooltip("aanwezig:Q", title="Aanwezig")],
    )
    labels = base.transform_filter("datum.groot").mark_text(dy=-16, fontSize=11, angle=0).encode(
        text=alt.Text("dag:T", format="%e %b"))
    return dutch(alt.layer(points, labels).properties(height=260))


def key_meetings_table(df: pd.DataFrame) -> pd.DataFrame:
    rows = df[df["soort"].isin(["kick-off", "collectief"])]
    return pd.DataFrame({
        "Datum": rows["datum"].map(datum),
        "Bijeenkomst": rows["titel"],
        "Tijd": rows["tijd"].fillna("–"),
        "Plaats": rows["locatie"].fillna(rows["plaats"]).fillna("niet vermeld in de bron"),
        "Aangemeld": rows["aangemeld"],
        "Aanwezig": rows["aanwezig"],
        "Bron": rows["bron_document"].fillna("–"),
    })


def per_role(df: pd.DataFrame, height: int = 340) -> alt.Chart:
    rollen = list(ROL)
    data = df.assign(rol_label=df["rol"].map(label), dag=df["datum"].map(lambda d: datum(d, "d MMM y")))
    order = list(dict.fromkeys(data.sort_values("datum")["dag"]))
    return dutch(alt.Chart(data).mark_bar().encode(
        x=alt.X("dag:N", title=None, sort=order, axis=alt.Axis(labelAngle=-40)),
        y=alt.Y("sum(aanwezig):Q", title="Aanwezig"),
        color=alt.Color("rol_label:N", title="Rol", scale=alt.Scale(domain=[label(r) for r in rollen], range=[ROL[r] for r in rollen])),
        order=alt.Order("rol_label:N"),
        tooltip=[alt.Tooltip("titel:N", title="Bijeenkomst"), alt.Tooltip("rol_label:N", title="Rol"),
                 alt.Tooltip("sum(aanwezig):Q", title="Aanwezig"), alt.Tooltip("sum(aangemeld):Q", title="Aangemeld")],
    ).properties(height=height))


def per_spoor(df: pd.DataFrame, height: int = 280) -> alt.Chart:
    sporen = [s for s in SPOOR if s in set(df["spoor"])]
    data = df.assign(spoor_label=df["spoor"].map(lambda s: "Partners (fondsen, VNG)" if s == "partner" else label(s)),
                     soort_label=df["soort"].map(label))
    domain = ["Partners (fondsen, VNG)" if s == "partner" else label(s) for s in sporen]
    return dutch(alt.Chart(data).mark_bar().encode(
        x=alt.X("soort_label:N", title=None, sort=SOORT_LABELS, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("spoor_label:N", sort=domain),
        y=alt.Y("aanwezig:Q", title="Aanwezig (totaal)"),
        color=alt.Color("spoor_label:N", title="Van", scale=alt.Scale(domain=domain, range=[SPOOR[s] for s in sporen])),
        tooltip=[alt.Tooltip("soort_label:N", title="Soort"), alt.Tooltip("spoor_label:N", title="Van"),
                 alt.Tooltip("aanwezig:Q", title="Aanwezig"), alt.Tooltip("bijeenkomsten:Q", title="Bijeenkomsten")],
    ).properties(height=height))


def matrix(df: pd.DataFrame) -> alt.LayerChart:
    """Organisation × collective meeting heatmap with the count in each cell."""
    data = df.assign(dag=df["datum"].map(lambda d: datum(d, "d MMM y")),
                     spoor_label=df["spoor"].map(lambda s: "Partner" if s == "partner" else label(s)))
    orgs = list(dict.fromkeys(data["organisatie"]))
    days = list(dict.fromkeys(data.sort_values("datum")["dag"]))
    base = alt.Chart(data).encode(
        x=alt.X("dag:N", title=None, sort=days, axis=alt.Axis(orient="top", labelAngle=-30)),
        y=alt.Y("organisatie:N", title=None, sort=orgs, axis=alt.Axis(labelLimit=320)),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color("aanwezig:Q", title="Aanwezig", scale=alt.Scale(scheme="blues")),
        tooltip=[alt.Tooltip("organisatie:N", title="Organisatie"), alt.Tooltip("spoor_label:N", title="Spoor"),
                 alt.Tooltip("titel:N", title="Bijeenkomst"), alt.Tooltip("aanwezig:Q", title="Aanwezig")],
    )
    text = base.mark_text(fontSize=11).encode(
        text="aanwezig:Q", color=alt.condition("datum.aanwezig > 5", alt.value("white"), alt.value("black")))
    return dutch(alt.layer(cells, text).properties(height=max(200, 18 * len(orgs))))
