"""Charts drawn only on the slides (and so in the PDF and PowerPoint of them): the co-financing per participant
with the intended (beoogd) amounts beside the committed ones and every bar labelled with its amount, so one
gemeente's slide never shows a lone hairline bar. Style from charts.projector."""

from __future__ import annotations

import altair as alt
import pandas as pd

from samen_data.formatting.fmt import euro
from samen_data.formatting.palette import MATCH_SYMBOOL, PARTIJ
from samen_data.report import charts

BAND = 30  # px per bar: readable on a projector, and 8 participants × 2 sides still fit a 720 px slide
MAX_ROWS = 8  # participants on one slide; the table behind the chart holds them all


def match_bars(rows: pd.DataFrame, alleen_toegezegd: bool = False) -> alt.TopLevelMixin:
    """Per participant the funds beside the gemeente (1:1) or the own means: committed solid, intended pale
    (left out with alleen_toegezegd), the amount in words at the end of every bar."""
    sides = charts._sides(rows)
    names = [charts.KANTEN[k] for k in sides]
    out = []
    twice = set(rows["gemeente"][rows["gemeente"].duplicated()])
    for r in rows.itertuples():
        name = f"{r.gemeente}: {r.deelnemer.split(' – ', 1)[-1]}" if r.gemeente in twice else r.gemeente
        who = f"{MATCH_SYMBOOL.get(r.matchstatus, '')} {name}".strip()
        for k in sides:
            toegezegd = float(getattr(r, f"{k}_toegezegd"))
            beoogd = 0.0 if alleen_toegezegd else float(getattr(r, f"{k}_beoogd", 0) or 0)
            tekst = euro(toegezegd) + (f" + {euro(beoogd)} beoogd" if beoogd else "")
            out += [
                {
                    "deelnemer": who,
                    "kant": charts.KANTEN[k],
                    "fase": "toegezegd",
                    "bedrag": toegezegd,
                    "begin": 0.0,
                    "tekst": tekst,
                    "eind": toegezegd + beoogd,
                },
                {
                    "deelnemer": who,
                    "kant": charts.KANTEN[k],
                    "fase": "beoogd",
                    "bedrag": beoogd,
                    "begin": toegezegd,
                    "tekst": tekst,
                    "eind": toegezegd + beoogd,
                },
            ]
    df = pd.DataFrame(out)
    top = float(df["eind"].max()) if len(df) else 0.0
    x = alt.X(
        "begin:Q",
        title="Toegezegd (€)" if alleen_toegezegd else "Toegezegd en beoogd (€)",
        axis=alt.Axis(format=",.0f", tickCount=4),
        scale=alt.Scale(domain=[0, max(top, 1.0) * 1.6]),
    )
    y = alt.Y("deelnemer:N", title=None, sort=None)
    offset = alt.YOffset("kant:N", sort=names)
    colour = alt.Color(
        "kant:N", title=None, sort=names, scale=alt.Scale(domain=names, range=[PARTIJ[k] for k in sides])
    )
    fases = ["toegezegd"] if alleen_toegezegd else ["toegezegd", "beoogd"]
    bars = (
        alt.Chart(df[df["fase"].isin(fases)])
        .mark_bar()
        .encode(
            y=y,
            yOffset=offset,
            x=x,
            x2="eind_fase:Q",
            color=colour,
            opacity=alt.Opacity(
                "fase:N",
                title=None,
                sort=fases,
                scale=alt.Scale(domain=fases, range=[1.0, 0.35][: len(fases)]),
                legend=None,
            ),  # the bar labels say "beoogd"
            tooltip=[
                alt.Tooltip("deelnemer:N", title="Deelnemer"),
                alt.Tooltip("kant:N", title="Kant"),
                alt.Tooltip("fase:N", title="Fase"),
                alt.Tooltip("bedrag:Q", title="Bedrag (€)", format=",.0f"),
            ],
        )
        .transform_calculate(eind_fase="datum.begin + datum.bedrag")
    )
    labels = (
        alt.Chart(df[df["fase"] == "toegezegd"])
        .mark_text(align="left", dx=6, color="#1a1a1a", fontSize=16)
        .encode(
            y=y, yOffset=offset, x=alt.X("eind:Q", scale=alt.Scale(domain=[0, max(top, 1.0) * 1.6])), text="tekst:N"
        )
    )
    n = len(rows)
    return charts.projector(
        alt.layer(bars, labels).properties(width=charts.WIDTH, height=max(2, n * len(sides)) * BAND)
    )
