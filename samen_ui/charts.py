"""Chart builders shared by the overview (altair, Dutch titles and tooltips)."""
from __future__ import annotations

import altair as alt
import pandas as pd

from samen_data.vocab import label

from .palette import PARTIJ

# Dutch number and time formats inside Vega-Lite.
alt.renderers.set_embed_options(
    formatLocale={"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]},
    timeFormatLocale={
        "dateTime": "%a %e %B %Y %X", "date": "%d-%m-%Y", "time": "%H:%M:%S", "periods": ["AM", "PM"],
        "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
        "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
        "months": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                   "oktober", "november", "december"],
        "shortMonths": ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    },
)


def betaald_over_tijd(df: pd.DataFrame, height: int = 220) -> alt.Chart:
    """Cumulative paid per side (fonds / gemeente) as a step line."""
    data = df.assign(
        kant_label=df["kant"].map({"fonds": "Fondsen", "gemeente": "Gemeente", "overig": "Overig"}),
        cumulatief=df["cumulatief"].astype(float), datum=pd.to_datetime(df["datum"]),
    )
    return (
        alt.Chart(data)
        .mark_line(interpolate="step-after", point=True, strokeWidth=3)
        .encode(
            x=alt.X("datum:T", title="Datum", axis=alt.Axis(format="%b %Y")),
            y=alt.Y("cumulatief:Q", title="Betaald (cumulatief, €)", axis=alt.Axis(format=",.0f")),
            color=alt.Color("kant_label:N", title="Kant",
                            scale=alt.Scale(domain=["Fondsen", "Gemeente", "Overig"],
                                            range=[PARTIJ["fonds"], PARTIJ["gemeente"], PARTIJ["overig"]])),
            tooltip=[alt.Tooltip("kant_label:N", title="Kant"), alt.Tooltip("datum:T", title="Datum", format="%d-%m-%Y"),
                     alt.Tooltip("cumulatief:Q", title="Cumulatief (€)", format=",.0f")],
        )
        .properties(height=height)
    )


def score_per_golf(df: pd.DataFrame, height: int = 220) -> alt.Chart:
    """Collaboration score per wave and dimension (from samenwerking_per_dimensie)."""
    data = df.assign(golf_label=df["golf"].map(label), score=df["score"].astype(float))
    order = [label(g) for g in ("nulmeting", "tussenmeting", "eindmeting")]
    return (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=80), strokeWidth=3)
        .encode(
            x=alt.X("golf_label:N", title="Meting", sort=order),
            y=alt.Y("score:Q", title="Gemiddelde score (1–10)", scale=alt.Scale(domain=[1, 10])),
            color=alt.Color("dimensie:N", title="Dimensie"),
            strokeDash=alt.StrokeDash("dimensie:N", title="Dimensie"),
            tooltip=[alt.Tooltip("golf_label:N", title="Meting"), alt.Tooltip("dimensie:N", title="Dimensie"),
                     alt.Tooltip("score:Q", title="Score", format=".1f")],
        )
        .properties(height=height)
    )
