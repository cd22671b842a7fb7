"""Charts, tables and sentences for progress against the collaboration goal (altair, Dutch, projector-sized)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from samen_data.store.vocab import DIMENSIES, GOLVEN, MIJLPAAL_STATUSSEN, RESPONDENTGROEPEN, label
from samen_ui.charts import dutch
from samen_ui.fmt import datum, getal
from samen_ui.palette import MIJLPAAL, PARTIJ, mijlpaal_label
from samen_ui.safe_text import plain, plain_column

GOLF_LABELS = [label(g) for g in GOLVEN]
# Every respondent group has its own point shape as well as its colour: never colour alone.
SHAPES = {"bewoners": "circle", "gemeente": "square", "fonds": "triangle-up"}
# The three lessons of the programme, summarised from 'Tussenruimte: geleerde lessen van Programma SAMEN'.
LESSEN_TEKST = {
    "relaties": "Goede relaties zijn de basis van samenwerking. Ontmoetingen en een veilige omgeving zijn "
    "daarvoor essentieel.",
    "gelijkwaardigheid": "Iedereen wil gelijkwaardig samenwerken, al zijn initiatieven afhankelijk van geld van "
    "gemeenten en fondsen. Aandacht daarvoor gaf meer begrip en betere samenwerking.",
    "sterke bewonersinitiatieven": "Initiatieven zijn waardevol door hun band met de buurt. Die waarde erkennen in "
    "het werk van gemeenten en fondsen maakt ze sterker.",
}
# Milestone statuses from done to dropped, the order of the metrics and the stacked bars.
STATUS_VOLGORDE = ("bereikt", "gestart", "gepland", "vervallen")
LESSEN_BRON = "Lessen uit de samenvatting *Tussenruimte: geleerde lessen van Programma SAMEN* (2024)."


def capital(text: str) -> str:
    """'sterke bewonersinitiatieven' -> 'Sterke bewonersinitiatieven' (for headings and table cells)."""
    return text[:1].upper() + text[1:]


def _groups(df: pd.DataFrame) -> tuple[list[str], alt.Color, alt.Shape]:
    groups = [g for g in RESPONDENTGROEPEN if g in set(df["respondentgroep"])]
    domain = [label(g) for g in groups]
    color = alt.Color(
        "groep_label:N",
        title="Respondenten",
        sort=domain,
        scale=alt.Scale(domain=domain, range=[PARTIJ[g] for g in groups]),
    )
    shape = alt.Shape(
        "groep_label:N",
        title="Respondenten",
        sort=domain,
        scale=alt.Scale(domain=domain, range=[SHAPES[g] for g in groups]),
    )
    return groups, color, shape


def _dimensions(df: pd.DataFrame) -> list[str]:
    present = list(dict.fromkeys(df["dimensie"]))
    return [capital(d) for d in [*[d for d in DIMENSIES if d in present], *[d for d in present if d not in DIMENSIES]]]


def score_delta(verschil: float, eerste_golf: str, laatste_golf: str) -> str | None:
    """'+0,9 sinds nulmeting' (the sign first, so the metric's arrow points the right way); None for one wave."""
    if eerste_golf == laatste_golf:
        return None
    sign = "+" if round(verschil, 1) > 0 else ""
    return f"{sign}{getal(verschil, 1)} sinds {label(eerste_golf).lower()}"


def per_group(df: pd.DataFrame, width: int = 270, height: int = 250) -> alt.FacetChart:
    """Small multiples: one panel per dimension, a line per respondent group (colour and point shape)."""
    data = df.assign(
        golf_label=df["golf"].map(label),
        groep_label=df["respondentgroep"].map(label),
        dimensie_label=df["dimensie"].map(capital),
        score=df["score"].astype(float),
    )
    _, color, shape = _groups(df)
    low, high = data["score"].min(), data["score"].max()
    chart = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=130, filled=True), strokeWidth=3)
        .encode(
            x=alt.X("golf_label:N", title=None, sort=GOLF_LABELS, axis=alt.Axis(labelAngle=0, labelFontSize=13)),
            y=alt.Y(
                "score:Q", title="Score (1–10)", scale=alt.Scale(domain=[max(1.0, low - 0.5), min(10.0, high + 0.5)])
            ),
            color=color,
            shape=shape,
            tooltip=[
                alt.Tooltip("dimensie_label:N", title="Dimensie"),
                alt.Tooltip("golf_label:N", title="Meting"),
                alt.Tooltip("groep_label:N", title="Respondenten"),
                alt.Tooltip("score:Q", title="Score", format=".1f"),
                alt.Tooltip("respondenten:Q", title="Aantal respondenten"),
            ],
        )
        .properties(width=width, height=height)
    )
    return _legend_below(
        dutch(
            chart.facet(
                column=alt.Column(
                    "dimensie_label:N",
                    title=None,
                    sort=_dimensions(df),
                    header=alt.Header(labelFontSize=16, labelFontWeight="bold"),
                ),
            )
        )
    )


def gap_chart(scores: pd.DataFrame, width: int = 220) -> alt.FacetChart:
    """Per wave (panel) and dimension (row) the three groups' scores on one line: the longer the line, the more
    bewoners, gemeente and fonds differ. The number on the right is the gap (highest minus lowest)."""
    data = scores.assign(
        golf_label=scores["golf"].map(label),
        groep_label=scores["respondentgroep"].map(label),
        dimensie_label=scores["dimensie"].map(capital),
        score=scores["score"].astype(float),
    )
    _, color, shape = _groups(scores)
    dims = _dimensions(scores)
    x_scale = alt.Scale(domain=[max(1.0, data["score"].min() - 0.3), min(10.0, data["score"].max() + 0.9)])
    y = alt.Y("dimensie_label:N", title=None, sort=dims, axis=alt.Axis(labelFontSize=13, labelLimit=200))
    spread = (
        alt.Chart()
        .transform_aggregate(
            laag="min(score)",
            hoog="max(score)",
            groupby=["golf_label", "dimensie_label"],
        )
        .transform_calculate(kloof="datum.hoog - datum.laag")
    )
    rule = spread.mark_rule(strokeWidth=7, color="#C8C8C8").encode(
        y=y, x=alt.X("laag:Q", title="Score (1–10)", scale=x_scale), x2="hoog:Q"
    )
    gap = spread.mark_text(align="left", dx=14, fontSize=14, fontWeight="bold").encode(
        y=y, x=alt.X("hoog:Q", scale=x_scale), text=alt.Text("kloof:Q", format=".1f")
    )
    points = (
        alt.Chart()
        .mark_point(filled=True, size=190, opacity=1)
        .encode(
            y=y,
            x=alt.X("score:Q", scale=x_scale),
            color=color,
            shape=shape,
            tooltip=[
                alt.Tooltip("golf_label:N", title="Meting"),
                alt.Tooltip("dimensie_label:N", title="Dimensie"),
                alt.Tooltip("groep_label:N", title="Respondenten"),
                alt.Tooltip("score:Q", title="Score", format=".1f"),
            ],
        )
    )
    layered = alt.layer(rule, points, gap, data=data).properties(width=width, height=56 * len(dims))
    return _legend_below(
        dutch(
            layered.facet(
                column=alt.Column(
                    "golf_label:N",
                    title=None,
                    sort=[g for g in GOLF_LABELS if g in set(data["golf_label"])],
                    header=alt.Header(labelFontSize=16, labelFontWeight="bold"),
                ),
            )
        )
    )


def _legend_below(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return chart.configure_legend(orient="bottom", labelFontSize=14, titleFontSize=14, symbolSize=170, labelLimit=260)


def gap_sentence(kloof: pd.DataFrame) -> str | None:
    """One sentence naming the dimension with the biggest gap at the latest wave, and who is highest and lowest."""
    if kloof.empty:
        return None
    latest = max(kloof["golf"], key=lambda g: GOLVEN.index(g) if g in GOLVEN else -1)
    rows = kloof[kloof["golf"] == latest]
    top = rows.loc[rows["kloof"].astype(float).idxmax()]
    scores = {g: float(top[g]) for g in RESPONDENTGROEPEN if pd.notna(top[g])}
    high, low = max(scores, key=scores.get), min(scores, key=scores.get)
    return (
        f"Bij de **{label(latest).lower()}** is de kloof het grootst bij **{plain(top['dimensie'])}**: "
        f"{getal(float(top['kloof']), 1)} punt tussen {label(high).lower()} ({getal(scores[high], 1)}) "
        f"en {label(low).lower()} ({getal(scores[low], 1)})."
    )


def gap_table(df: pd.DataFrame) -> pd.DataFrame:
    """The gap per wave × dimension with the three groups' scores, Dutch decimals; for st.table (Markdown cells),
    so the dimension (free text from the data) is escaped."""

    def rank(values: pd.Series, order: tuple[str, ...]) -> pd.Series:
        return values.map(lambda v: order.index(v) if v in order else len(order))

    df = df.assign(_golf=rank(df["golf"], GOLVEN), _dim=rank(df["dimensie"], DIMENSIES)).sort_values(
        ["_golf", "_dim", "dimensie"], kind="stable"
    )

    def one(column: str) -> pd.Series:
        return df[column].map(lambda v: getal(float(v), 1) if pd.notna(v) else "–")

    return pd.DataFrame(
        {
            "Meting": df["golf"].map(label),
            "Dimensie": plain_column(df["dimensie"].map(capital)),
            "Bewoners": one("bewoners"),
            "Gemeente": one("gemeente"),
            "Fonds": one("fonds"),
            "Kloof (hoogste − laagste)": one("kloof"),
        }
    )


def _deelnemer(df: pd.DataFrame) -> pd.Series:
    return df["deelnemer"].fillna("Programma")


def milestone_table(df: pd.DataFrame) -> pd.DataFrame:
    """Milestones with their status as symbol and label (never colour alone) and Dutch dates."""

    def day(value) -> str:
        return datum(value) if pd.notna(value) else "–"

    return pd.DataFrame(
        {
            "Deelnemer": _deelnemer(df),
            "Omschrijving": df["omschrijving"],
            "Status": df["status"].map(mijlpaal_label),
            "Streefdatum": df["streefdatum"].map(day),
            "Bereikt op": df["datum_bereikt"].map(day),
            "Categorie": df["categorie"].map(capital),  # the description names it too: after the key columns
            "Bron": df["bron"].map(label),
        }
    )


def milestone_overview(df: pd.DataFrame) -> pd.DataFrame:
    """The milestones for a static table: the participant named once above its milestones; dates never broken
    over two lines (non-breaking spaces). st.table renders cells as Markdown: names and descriptions escaped."""

    def day(value) -> str:
        return datum(value).replace(" ", "\u00a0") if pd.notna(value) else "–"

    table = pd.DataFrame(
        {
            "Deelnemer": plain_column(_deelnemer(df)),
            "Mijlpaal": plain_column(df["omschrijving"]),
            "Categorie": plain_column(df["categorie"].map(capital)),
            "Status": df["status"].map(mijlpaal_label).str.replace(" ", "\u00a0"),
            "Streefdatum": df["streefdatum"].map(day),
            "Bereikt op": df["datum_bereikt"].map(day),
        }
    )
    table = table.iloc[table["Deelnemer"].argsort(kind="stable")]
    table["Deelnemer"] = table["Deelnemer"].where(table["Deelnemer"] != table["Deelnemer"].shift(), "")
    return table


MAX_BARS = 25  # participants in the milestone chart: at national scale 1.500 bars of 30 px made a 45.000 px chart
STATIC_ROWS = 200  # a static table puts every row in the page's HTML: beyond this many the grid draws only the view


def milestone_bars(df: pd.DataFrame) -> alt.Chart:
    """Milestones per participant, stacked by status (colour plus the status symbol in the legend); counted here,
    so the chart gets one row per participant and status, and only the MAX_BARS participants with the most."""
    order = [*STATUS_VOLGORDE, *[s for s in MIJLPAAL_STATUSSEN if s not in STATUS_VOLGORDE]]
    statuses = [s for s in order if s in set(df["status"])]
    domain = [mijlpaal_label(s) for s in statuses]
    counts = (
        df.assign(deelnemer=_deelnemer(df))
        .groupby(["deelnemer", "status"], as_index=False)
        .size()
        .rename(columns={"size": "aantal"})
    )
    totals = (
        counts.groupby("deelnemer")["aantal"]
        .sum()
        .reset_index()
        .sort_values(["aantal", "deelnemer"], ascending=[False, True])
    )
    counts = counts[counts["deelnemer"].isin(set(totals["deelnemer"].head(MAX_BARS)))]
    data = counts.assign(
        status_label=counts["status"].map(mijlpaal_label),
        rang=counts["status"].map(lambda s: order.index(s) if s in order else len(order)),
    )
    return dutch(
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("deelnemer:N", title=None, axis=alt.Axis(labelLimit=420, labelFontSize=13)),
            x=alt.X("sum(aantal):Q", title="Aantal mijlpalen", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "status_label:N",
                title="Status",
                sort=domain,
                scale=alt.Scale(domain=domain, range=[MIJLPAAL[s] for s in statuses]),
            ),
            order=alt.Order("rang:Q"),
            tooltip=[
                alt.Tooltip("deelnemer:N", title="Deelnemer"),
                alt.Tooltip("status_label:N", title="Status"),
                alt.Tooltip("sum(aantal):Q", title="Aantal"),
            ],
        )
        .properties(height=alt.Step(30))
    )


def milestone_bars_note(df: pd.DataFrame) -> str | None:
    """Under the chart when it leaves participants out: how many, and where they all are."""
    n = _deelnemer(df).nunique()
    if n <= MAX_BARS:
        return None
    return f"De {MAX_BARS} deelnemers met de meeste mijlpalen, van {getal(n)}; alle mijlpalen staan in de tabel."
