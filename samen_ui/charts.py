"""Chart builders shared by the overview (altair, Dutch titles and tooltips)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from samen_data.report.charts import NL_LOCALE
from samen_data.store.vocab import label
from samen_ui.palette import PARTIJ


def dutch(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Dutch number/date formatting and projector-friendly font sizes for any top-level chart."""
    return (
        chart.configure(locale=NL_LOCALE)
        .configure_axis(labelFontSize=13, titleFontSize=13)
        .configure_legend(labelFontSize=13, titleFontSize=13, labelLimit=260)
    )


MAX_TICKS = 8  # labels on a time axis of a 1366-wide screen, half width, without overlap


def time_axis(start, end, **kwargs) -> alt.Axis:
    """A date axis whose ticks are whole months (every 1, 2, 3, 6 or 12), so each month label appears once;
    Vega's own choice puts ticks every week or two on a short period, each labelled with the same month."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months <= 2:  # a few weeks: days, each label once
        return alt.Axis(format="%-d %b %Y", tickCount={"interval": "week", "step": 1}, labelOverlap=True, **kwargs)
    step = next((s for s in (1, 2, 3, 6, 12) if months / s <= MAX_TICKS), 12 * (months // (12 * MAX_TICKS) + 1))
    return alt.Axis(format="%b %Y", tickCount={"interval": "month", "step": step}, labelOverlap=True, **kwargs)


def betaald_over_tijd(df: pd.DataFrame, height: int = 220) -> alt.Chart:
    """Cumulative paid per side (fonds / gemeente) as a step line."""
    names = {"fonds": "Fondsen", "gemeente": "Gemeente", "overig": "Overig"}
    present = [k for k in names if k in set(df["kant"])]
    data = df.assign(
        kant_label=df["kant"].map(names),
        cumulatief=df["cumulatief"].astype(float),
        datum=pd.to_datetime(df["datum"]),
    )
    return dutch(
        alt.Chart(data)
        .mark_line(interpolate="step-after", point=True, strokeWidth=3)
        .encode(
            x=alt.X("datum:T", title=None, axis=time_axis(data["datum"].min(), data["datum"].max())),
            y=alt.Y("cumulatief:Q", title="Betaald (€)", axis=alt.Axis(format=",.0f")),
            color=alt.Color(
                "kant_label:N",
                title="Kant",
                scale=alt.Scale(domain=[names[k] for k in present], range=[PARTIJ[k] for k in present]),
            ),
            tooltip=[
                alt.Tooltip("kant_label:N", title="Kant"),
                alt.Tooltip("datum:T", title="Datum", format="%d-%m-%Y"),
                alt.Tooltip("cumulatief:Q", title="Cumulatief (€)", format=",.0f"),
            ],
        )
        .properties(height=height)
    )


def score_per_golf(df: pd.DataFrame, height: int = 220) -> alt.Chart:
    """Collaboration score per wave and dimension (from samenwerking_per_dimensie)."""
    data = df.assign(golf_label=df["golf"].map(label), score=df["score"].astype(float))
    order = [label(g) for g in ("nulmeting", "tussenmeting", "eindmeting")]
    return dutch(
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=80), strokeWidth=3)
        .encode(
            x=alt.X("golf_label:N", title=None, sort=order, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("score:Q", title="Score (1–10)", scale=alt.Scale(zero=False)),
            color=alt.Color("dimensie:N", title="Dimensie"),
            strokeDash=alt.StrokeDash("dimensie:N", title="Dimensie"),
            tooltip=[
                alt.Tooltip("golf_label:N", title="Meting"),
                alt.Tooltip("dimensie:N", title="Dimensie"),
                alt.Tooltip("score:Q", title="Score", format=".1f"),
            ],
        )
        .properties(height=height)
    )
