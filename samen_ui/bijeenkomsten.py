"""Charts and tables for meetings and attendance (altair, Dutch titles and tooltips, projector-sized)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from samen_data.store.vocab import AANWEZIGHEID_ROLLEN, BIJEENKOMST_SOORTEN, label
from samen_ui.charts import dutch
from samen_ui.fmt import datum, getal, n_items
from samen_ui.palette import ROL, SPOOR

# Short names where the long labels do not fit under a bar group.
SOORT_KORT = {
    "kick-off": "Start",
    "collectief": "Collectief",
    "lokaal": "Lokaal",
    "training": "Training",
    "werksessie": "Werksessie",
    "excursie": "Excursie",
}
KERN = ("kick-off", "collectief")
NIET_VERMELD = "niet vermeld in de bron"
# Emphasis in the timeline: the Okabe–Ito blues of palette.py (dark = start and collective meetings).
NADRUK, GEWOON = SPOOR["proeftuin"], SPOOR["kenniskring"]
SHAPES = {
    "kick-off": "diamond",
    "collectief": "circle",
    "lokaal": "square",
    "training": "triangle-up",
    "werksessie": "triangle-down",
    "excursie": "cross",
}
# The meeting kinds to choose from for the attendance-by-role chart; the first is the default.
KEUZES: dict[str, tuple[str, ...]] = {
    "kern": KERN,
    "lokaal": ("lokaal",),
    "training": ("training",),
    "werksessie": ("werksessie",),
    "excursie": ("excursie",),
}
KEUZE_LABELS = {
    "kern": "Start en collectief",
    "lokaal": "Lokaal",
    "training": "Trainingen",
    "werksessie": "Werksessies",
    "excursie": "Excursies",
}
SPOOR_LABELS = {
    "proeftuin": "Proeftuinen",
    "kenniskring": "Kenniskring",
    "experiment": "Experimenten",
    "partner": "Fondsen en VNG",
}


def _short(d) -> str:
    return datum(d, "d MMM y")


def place(df: pd.DataFrame) -> pd.Series:
    """Location as the source gives it, else the gemeente, else said plainly that the source does not say."""
    return df["locatie"].fillna(df["plaats"]).fillna(NIET_VERMELD)


def kind_options(meetings: pd.DataFrame) -> list[str]:
    """The KEUZES present in the selection, in their fixed order."""
    present = set(meetings["soort"])
    return [key for key, soorten in KEUZES.items() if present.intersection(soorten)]


MAX_POINTS = 400  # beyond this, other meetings are drawn per kind × month: the chart stays small at any scale


def _per_month(df: pd.DataFrame) -> pd.DataFrame:
    """Start and collective meetings one by one; the other kinds as one point per kind and month when many."""
    kern = df["soort"].isin(KERN)
    if (~kern).sum() <= MAX_POINTS:
        return df
    rest = df[~kern].assign(maand=pd.to_datetime(df["datum"]).dt.to_period("M"))
    grouped = rest.groupby(["soort", "maand"], as_index=False).agg(
        aantal=("bijeenkomst_id", "size"), aanwezig=("aanwezig", "sum"), aangemeld=("aangemeld", "sum")
    )
    grouped = grouped.assign(
        datum=grouped["maand"].dt.start_time.dt.date + pd.Timedelta(days=14),
        titel=grouped["aantal"].map(lambda n: f"{n_items(n, 'bijeenkomst', 'bijeenkomsten')} in deze maand"),
        locatie="verschillende plaatsen",
        plaats=None,
    ).drop(columns=["maand", "aantal"])
    return pd.concat([df[kern], grouped], ignore_index=True)


def timeline(df: pd.DataFrame) -> alt.LayerChart:
    """All meetings on a time axis, one row per kind; start and collective meetings larger, darker and dated.
    With many meetings the other kinds are summed per month (one point each)."""
    df = _per_month(df)
    kern = df["soort"].isin(KERN)
    data = df.assign(
        soort_label=df["soort"].map(label),
        dag=pd.to_datetime(df["datum"]),
        datum_nl=df["datum"].map(datum),
        plaats_txt=place(df),
        kern=kern,
        kort=df["datum"].map(_short),
    )
    # Date labels alternate above and below the collective meetings so that neighbours never overlap.
    data["boven"] = (data.groupby("soort").cumcount() % 2 == 0) | (data["soort"] != "collectief")
    soorten = [s for s in BIJEENKOMST_SOORTEN if s in set(df["soort"])]
    y = alt.Y(
        "soort_label:N",
        title=None,
        sort=[label(s) for s in soorten],
        axis=alt.Axis(labelFontSize=14, labelLimit=260, grid=True, gridDash=[2, 4]),
    )
    x = alt.X(
        "dag:T",
        title=None,
        axis=alt.Axis(format="%b %Y", labelFontSize=13, tickCount="month", labelAngle=0, labelOverlap=True),
    )
    points = (
        alt.Chart(data)
        .mark_point(filled=True, opacity=0.9, stroke="white", strokeWidth=1)
        .encode(
            x=x,
            y=y,
            size=alt.condition("datum.kern", alt.value(420), alt.value(110)),
            color=alt.condition("datum.kern", alt.value(NADRUK), alt.value(GEWOON)),
            shape=alt.Shape(
                "soort_label:N",
                legend=None,
                scale=alt.Scale(domain=[label(s) for s in SHAPES], range=list(SHAPES.values())),
            ),
            tooltip=[
                alt.Tooltip("titel:N", title="Bijeenkomst"),
                alt.Tooltip("soort_label:N", title="Soort"),
                alt.Tooltip("datum_nl:N", title="Datum"),
                alt.Tooltip("plaats_txt:N", title="Plaats"),
                alt.Tooltip("aanwezig:Q", title="Aanwezig"),
                alt.Tooltip("aangemeld:Q", title="Aangemeld"),
            ],
        )
    )
    dated = alt.Chart(data).transform_filter("datum.kern").encode(x=x, y=y, text="kort:N")
    above = dated.transform_filter("datum.boven").mark_text(dy=-20, fontSize=13, fontWeight="bold", color=NADRUK)
    below = dated.transform_filter("!datum.boven").mark_text(dy=22, fontSize=13, fontWeight="bold", color=NADRUK)
    return dutch(alt.layer(points, above, below).properties(height=70 * len(soorten) + 40))


def key_meetings_table(df: pd.DataFrame) -> pd.DataFrame:
    """The kick-off and the collective meetings with their exact dates, time, place and number present."""
    rows = df[df["soort"].isin(KERN)]
    return pd.DataFrame(
        {
            "Datum": rows["datum"].map(datum),
            "Dag": rows["datum"].map(lambda d: datum(d, "EEEE")),
            "Bijeenkomst": rows["titel"],
            "Tijd": rows["tijd"].fillna("niet vermeld"),
            "Plaats": place(rows),
            "Aanwezig": rows["aanwezig"].map(getal),
        }
    )


def _meeting_axis_labels(df: pd.DataFrame, with_title: bool) -> pd.Series:
    """A short Dutch date per meeting, with the title when asked or where two meetings share a date."""
    meetings = df.drop_duplicates("bijeenkomst_id").set_index("bijeenkomst_id")
    short = meetings["datum"].map(_short)
    titled = short + " · " + meetings["titel"]
    names = titled if with_title else short.where(~short.duplicated(keep=False), titled)
    return df["bijeenkomst_id"].map(names)


def per_role(df: pd.DataFrame, height: int = 360, horizontal: bool | None = None) -> alt.LayerChart:
    """Present per meeting, stacked by role (palette.ROL), with the meeting's total at the end of the bar.
    Up to 12 meetings stand as columns labelled by date; more lie as rows labelled by date and title
    (every label readable), and then the height follows the number of meetings."""
    n = df["bijeenkomst_id"].nunique()
    horizontal = n > 12 if horizontal is None else horizontal
    rollen = [r for r in AANWEZIGHEID_ROLLEN if r in set(df["rol"])]
    data = df.assign(
        rol_label=df["rol"].map(label),
        datum_nl=df["datum"].map(datum),
        dag=_meeting_axis_labels(df, with_title=horizontal),
        rol_rang=df["rol"].map({r: i for i, r in enumerate(AANWEZIGHEID_ROLLEN)}),
    )
    order = list(dict.fromkeys(data.sort_values(["datum", "bijeenkomst_id"])["dag"]))
    total = alt.Y("sum(aanwezig):Q", title="Aanwezig") if not horizontal else alt.X("sum(aanwezig):Q", title="Aanwezig")
    if horizontal:
        meeting = alt.Y("dag:N", title=None, sort=order, axis=alt.Axis(labelLimit=380, labelFontSize=13))
        encoding, size, text = {"y": meeting, "x": total}, {"height": alt.Step(26)}, {"align": "left", "dx": 5}
    else:
        meeting = alt.X("dag:N", title=None, sort=order, axis=alt.Axis(labelAngle=-35 if n > 8 else 0, labelLimit=200))
        encoding, size, text = {"x": meeting, "y": total}, {"height": height}, {"dy": -9}
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            **encoding,
            color=alt.Color(
                "rol_label:N",
                title="Rol",
                scale=alt.Scale(domain=[label(r) for r in rollen], range=[ROL[r] for r in rollen]),
            ),
            order=alt.Order("rol_rang:Q"),
            tooltip=[
                alt.Tooltip("titel:N", title="Bijeenkomst"),
                alt.Tooltip("datum_nl:N", title="Datum"),
                alt.Tooltip("rol_label:N", title="Rol"),
                alt.Tooltip("sum(aanwezig):Q", title="Aanwezig"),
                alt.Tooltip("sum(aangemeld):Q", title="Aangemeld"),
            ],
        )
    )
    totals = (
        alt.Chart(data)
        .mark_text(fontSize=13, fontWeight="bold", **text)
        .encode(**encoding, text=alt.Text("sum(aanwezig):Q"))
    )
    return dutch(alt.layer(bars, totals).properties(**size))


def per_spoor(df: pd.DataFrame, height: int = 320) -> alt.LayerChart:
    """Present per kind of meeting, bars side by side per track of the attending organisation (palette.SPOOR)."""
    sporen = [s for s in SPOOR_LABELS if s in set(df["spoor"])]
    soorten = [SOORT_KORT.get(s, s) for s in BIJEENKOMST_SOORTEN if s in set(df["soort"])]
    data = df.assign(
        spoor_label=df["spoor"].map(lambda s: SPOOR_LABELS.get(s, s)),
        soort_label=df["soort"].map(lambda s: SOORT_KORT.get(s, s)),
        per_bijeenkomst=df["aanwezig"] / df["bijeenkomsten"],
    )
    domain = [SPOOR_LABELS[s] for s in sporen]
    base = alt.Chart(data).encode(
        x=alt.X("soort_label:N", title=None, sort=soorten, axis=alt.Axis(labelAngle=0, labelFontSize=14)),
        xOffset=alt.XOffset("spoor_label:N", sort=domain),
        y=alt.Y("aanwezig:Q", title="Aanwezig (totaal)"),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "spoor_label:N",
            title="Aanwezigen van",
            sort=domain,
            scale=alt.Scale(domain=domain, range=[SPOOR[s] for s in sporen]),
        ),
        tooltip=[
            alt.Tooltip("soort_label:N", title="Soort"),
            alt.Tooltip("spoor_label:N", title="Van"),
            alt.Tooltip("aanwezig:Q", title="Aanwezig (totaal)"),
            alt.Tooltip("bijeenkomsten:Q", title="Bijeenkomsten"),
            alt.Tooltip("per_bijeenkomst:Q", title="Gemiddeld per bijeenkomst", format=".1f"),
        ],
    )
    text = base.mark_text(dy=-8, fontSize=12).encode(text="aanwezig:Q")
    return dutch(alt.layer(bars, text).properties(height=height))


def matrix(df: pd.DataFrame, step: int = 66) -> alt.FacetChart:
    """Organisation × meeting heatmap with the number present in each cell, one block per track (proeftuinen
    first), organisations by name within it; the height grows with the number of organisations."""
    rank = {s: i for i, s in enumerate(SPOOR_LABELS)}
    data = df.assign(
        dag=df["datum"].map(_short),
        datum_nl=df["datum"].map(datum),
        spoor_label=df["spoor"].map(lambda s: SPOOR_LABELS.get(s, s)),
    )
    sporen = sorted(set(df["spoor"]), key=lambda s: rank.get(s, len(rank)))
    days = list(dict.fromkeys(data.sort_values("datum")["dag"]))
    top = max(int(data["aanwezig"].max()), 1)
    base = alt.Chart().encode(
        # Two-line labels ('27 mrt' over '2023') keep the columns narrow enough for a 1366-pixel screen.
        x=alt.X(
            "dag:N",
            title=None,
            sort=days,
            axis=alt.Axis(
                orient="top",
                offset=30,
                labelAngle=0,
                labelFontSize=13,
                labelPadding=6,
                labelExpr="[slice(datum.label, 0, length(datum.label) - 5), slice(datum.label, -4)]",
            ),
        ),
        y=alt.Y("organisatie:N", title=None, sort="ascending", axis=alt.Axis(labelLimit=300, labelFontSize=12)),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("aanwezig:Q", title="Aanwezig", legend=None, scale=alt.Scale(scheme="blues", domain=[0, top])),
        tooltip=[
            alt.Tooltip("organisatie:N", title="Organisatie"),
            alt.Tooltip("spoor_label:N", title="Spoor"),
            alt.Tooltip("titel:N", title="Bijeenkomst"),
            alt.Tooltip("datum_nl:N", title="Datum"),
            alt.Tooltip("aanwezig:Q", title="Aanwezig"),
        ],
    )
    text = base.mark_text(fontSize=12).encode(
        text="aanwezig:Q", color=alt.condition(f"datum.aanwezig > {top * 0.55}", alt.value("white"), alt.value("black"))
    )
    heat = alt.layer(cells, text, data=data).properties(width=alt.Step(step), height=alt.Step(22))
    return dutch(
        heat.facet(
            row=alt.Row(
                "spoor_label:N",
                title=None,
                sort=[SPOOR_LABELS.get(s, s) for s in sporen],
                header=alt.Header(
                    labelAngle=0, labelOrient="top", labelAnchor="start", labelFontSize=15, labelFontWeight="bold"
                ),
            ),
            spacing=14,
        ).resolve_scale(y="independent")
    )
