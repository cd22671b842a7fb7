"""Chart specs (altair / Vega-Lite) for slides and reports: drawn by Streamlit on screen and rendered offline to
PNG by vl-convert for the PDF and PowerPoint, so all three show the same chart. Large type for a projector."""

from __future__ import annotations

import altair as alt
import pandas as pd

from samen_data.formatting.palette import MATCH, MATCH_SYMBOOL, PARTIJ, ROL, match_label
from samen_data.store.vocab import (
    AANWEZIGHEID_ROLLEN,
    DIMENSIES,
    GOLVEN,
    REGEL_1OP1,
    REGEL_EIGEN,
    STATUSSEN_PER_REGEL,
    label,
)

# Dutch number and time formats inside Vega-Lite (Streamlit ignores altair's embed options; config.locale works).
NL_LOCALE = alt.Locale(
    number={"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]},
    time={
        "dateTime": "%A %e %B %Y %X",
        "date": "%d-%m-%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
        "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
        "months": [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ],
        "shortMonths": ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    },
)
FONT_SIZE = 22  # readable from the back of a room on a 1920×1080 projector
WIDTH, HEIGHT = 900, 420
KANTEN = {"fonds": "Fondsen", "gemeente": "Gemeente", "overig": "Eigen/overige middelen"}


def projector(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Dutch formats, large labels, no chart border: the one style of every slide chart."""
    return (
        chart.configure(locale=NL_LOCALE, font="Liberation Sans, Arial, sans-serif")
        .configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=360)
        .configure_legend(
            labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=420, orient="bottom", columns=4, symbolSize=220
        )
        .configure_text(fontSize=FONT_SIZE)
        .configure_view(stroke=None)
    )


def _match_scale(regels: set[str]) -> alt.Scale:
    """The statuses of the rules shown only: a call without a 1:1 rule gets no 1:1 legend."""
    shown = [s for r in (REGEL_1OP1, REGEL_EIGEN) if r in regels for s in STATUSSEN_PER_REGEL[r]]
    return alt.Scale(domain=[match_label(s) for s in shown], range=[MATCH[s] for s in shown])


def _sides(rows: pd.DataFrame) -> list[str]:
    """Funds always; the gemeente for 1:1 rows; own means where the call's rule applies or any are committed."""
    sides = ["fonds"]
    if (rows["regel"] == REGEL_1OP1).any():
        sides.append("gemeente")
    if (rows["regel"] == REGEL_EIGEN).any() or (rows["overig_toegezegd"] > 0).any():
        sides.append("overig")
    return sides


def map_chart(points: pd.DataFrame, backdrop: pd.DataFrame) -> alt.TopLevelMixin:
    """The Netherlands sketched by every gemeente as a grey dot; gemeenten with participants coloured and marked by their match
    status (symbol in the legend and on the dot: never colour alone); names of the funded gemeenten."""
    base = (
        alt.Chart(backdrop[["latitude", "longitude"]].astype(float))
        .mark_circle(size=14, color="#BBBBBB", opacity=0.7)
        .encode(longitude="longitude:Q", latitude="latitude:Q")
        .project("mercator")
    )
    data = points[["gemeente", "gemeente_code", "deelnemers", "latitude", "longitude"]].assign(
        status=points["matchstatus"].map(match_label),
        symbool=points["matchstatus"].map(MATCH_SYMBOOL),
        totaal=(points["fonds_toegezegd"] + points["gemeente_toegezegd"] + points["overig_toegezegd"]).astype(float),
        latitude=points["latitude"].astype(float),
        longitude=points["longitude"].astype(float),
    )
    dots = (
        alt.Chart(data)
        .mark_circle(opacity=0.9, stroke="white", strokeWidth=1)
        .encode(
            longitude="longitude:Q",
            latitude="latitude:Q",
            color=alt.Color("status:N", title="Cofinanciering", scale=_match_scale(set(points["regel"]))),
            size=alt.Size("totaal:Q", legend=None, scale=alt.Scale(range=[120, 1800])),
            tooltip=[
                alt.Tooltip("gemeente:N", title="Gemeente"),
                alt.Tooltip("deelnemers:Q", title="Deelnemers"),
                alt.Tooltip("status:N", title="Status"),
            ],
        )
        .project("mercator")
    )
    funded = data[data["totaal"] > 0]
    symbols = (
        alt.Chart(funded)
        .mark_text(fontSize=FONT_SIZE, fontWeight="bold", color="white")
        .encode(longitude="longitude:Q", latitude="latitude:Q", text="symbool:N")
        .project("mercator")
    )
    names = (
        alt.Chart(funded)
        .mark_text(align="left", dx=16, fontSize=FONT_SIZE, fontWeight="bold", color="#222222")
        .encode(longitude="longitude:Q", latitude="latitude:Q", text="gemeente:N")
        .project("mercator")
    )
    return projector(alt.layer(base, dots, symbols, names).properties(width=700, height=560))


def match_bars(per_deelnemer: pd.DataFrame) -> alt.TopLevelMixin:
    """Per participant the funds' commitment beside the gemeente's (1:1 rule) or the own means (the call's rule)."""
    rows = []
    sides = _sides(per_deelnemer)
    names = [KANTEN[k] for k in sides]
    for r in per_deelnemer.itertuples():
        name = f"{MATCH_SYMBOOL.get(r.matchstatus, '')} {r.gemeente}".strip()
        rows += [{"deelnemer": name, "kant": KANTEN[k], "bedrag": float(getattr(r, f"{k}_toegezegd"))} for k in sides]
    return projector(
        alt.Chart(pd.DataFrame(rows))
        .mark_bar()
        .encode(
            y=alt.Y("deelnemer:N", title=None, sort=None),
            yOffset=alt.YOffset("kant:N", sort=names),
            x=alt.X("bedrag:Q", title="Toegezegd (€)", axis=alt.Axis(format=",.0f")),
            color=alt.Color(
                "kant:N", title=None, sort=names, scale=alt.Scale(domain=names, range=[PARTIJ[k] for k in sides])
            ),
            tooltip=[
                alt.Tooltip("deelnemer:N", title="Deelnemer"),
                alt.Tooltip("kant:N", title="Kant"),
                alt.Tooltip("bedrag:Q", title="Toegezegd (€)", format=",.0f"),
            ],
        )
        .properties(width=WIDTH, height=max(160, 56 * per_deelnemer["gemeente"].nunique()))
    )


def attendance_bars(per_rol: pd.DataFrame) -> alt.TopLevelMixin:
    """Present per key meeting, stacked by role (colour plus the role's name in the legend)."""
    order = [label(r) for r in AANWEZIGHEID_ROLLEN]
    data = per_rol[["titel", "rol"]].assign(
        rol_label=per_rol["rol"].map(label),
        aanwezig=per_rol["aanwezig"].astype(int),
        datum=pd.to_datetime(per_rol["datum"]).dt.strftime("%d-%m-%Y"),
    )
    return projector(
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("datum:N", title=None, sort=None, axis=alt.Axis(labelAngle=-40)),
            y=alt.Y("sum(aanwezig):Q", title="Aanwezig"),
            color=alt.Color(
                "rol_label:N",
                title=None,
                sort=order,
                scale=alt.Scale(domain=order, range=[ROL[r] for r in AANWEZIGHEID_ROLLEN]),
            ),
            order=alt.Order("rol_order:Q"),
            tooltip=[
                alt.Tooltip("titel:N", title="Bijeenkomst"),
                alt.Tooltip("rol_label:N", title="Rol"),
                alt.Tooltip("sum(aanwezig):Q", title="Aanwezig"),
            ],
        )
        .transform_calculate(rol_order=f"indexof({order!r}, datum.rol_label)")
        .properties(width=WIDTH, height=HEIGHT)
    )


def score_lines(per_dimensie: pd.DataFrame) -> alt.TopLevelMixin:
    """Score per wave and dimension; each lesson has its own colour, dash and point shape in one legend
    (not colour alone)."""
    order = [label(g) for g in GOLVEN]
    data = per_dimensie[["golf", "dimensie"]].assign(
        golf_label=per_dimensie["golf"].map(label), score=per_dimensie["score"].astype(float)
    )
    dims = [d for d in DIMENSIES if d in set(data["dimensie"])]
    return projector(
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=220, filled=True), strokeWidth=4)
        .encode(
            x=alt.X("golf_label:N", title=None, sort=order, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("score:Q", title="Score (1–10)", scale=alt.Scale(zero=False, padding=30)),
            color=alt.Color(
                "dimensie:N",
                title="Les",
                sort=dims,
                scale=alt.Scale(domain=dims, range=["#0072B2", "#D55E00", "#009E73"][: len(dims)]),
            ),
            strokeDash=alt.StrokeDash(
                "dimensie:N",
                title="Les",
                sort=dims,
                scale=alt.Scale(domain=dims, range=[[1, 0], [10, 5], [3, 3]][: len(dims)]),
            ),
            shape=alt.Shape(
                "dimensie:N",
                title="Les",
                sort=dims,
                scale=alt.Scale(domain=dims, range=["circle", "square", "triangle-up"][: len(dims)]),
            ),
            tooltip=[
                alt.Tooltip("golf_label:N", title="Meting"),
                alt.Tooltip("dimensie:N", title="Les"),
                alt.Tooltip("score:Q", title="Score", format=".1f"),
            ],
        )
        .properties(width=WIDTH, height=HEIGHT)
    )


def paid_trend(paid: pd.DataFrame) -> alt.TopLevelMixin:
    """Cumulative paid per side over time (the trend on the report's overview page): a step line per side."""
    sides = [k for k in KANTEN if k in set(paid["kant"])]
    names = [KANTEN[k] for k in sides]
    data = pd.DataFrame(
        {
            "datum": pd.to_datetime(paid["datum"]),
            "kant": paid["kant"].map(KANTEN),
            "cumulatief": paid["cumulatief"].astype(float),
        }
    )
    return projector(
        alt.Chart(data)
        .mark_line(interpolate="step-after", point=True, strokeWidth=4)
        .encode(
            x=alt.X("datum:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=6)),
            y=alt.Y("cumulatief:Q", title="Betaald tot dan (€)", axis=alt.Axis(format=",.0f")),
            color=alt.Color(
                "kant:N", title=None, sort=names, scale=alt.Scale(domain=names, range=[PARTIJ[k] for k in sides])
            ),
            strokeDash=alt.StrokeDash(
                "kant:N",
                title=None,
                sort=names,
                scale=alt.Scale(domain=names, range=[[1, 0], [10, 5], [3, 3]][: len(names)]),
            ),
        )
        .properties(width=WIDTH, height=300)
    )


def sized(chart: alt.TopLevelMixin, width: int, height: int) -> alt.TopLevelMixin:
    """A slide chart at another size (the PDF's half-page charts): the same spec, the same large type."""
    return chart.properties(width=width, height=height)
