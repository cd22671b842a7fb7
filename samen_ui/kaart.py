"""The map: pydeck, one point per gemeente with participants (aggregated in the database, so the map stays
small at any scale), readable even when the base tiles do not load: every gemeente of the country as a faint dot
(the outline of the Netherlands), names beside the points when there are few, and the status symbol on each
point (never colour alone)."""

from __future__ import annotations

import dataclasses
import html
import json
import math

import pandas as pd
import pydeck as pdk
import streamlit as st

from samen_data.filters import Filters
from samen_data.store.vocab import REGEL_1OP1, REGEL_EIGEN, SPOREN, STATUSSEN_PER_REGEL, label
from samen_ui import map_labels, tables
from samen_ui.cofinanciering import money_columns
from samen_ui.fmt import euro, getal, n_items
from samen_ui.palette import MATCH, MATCH_SYMBOOL, match_label, rgb

# Carto's open style needs no Mapbox token.
BASEMAP = "https://basemaps.cartocdn.com/gl/positron-gl-style/style.json"
VIEW = pdk.ViewState(latitude=52.2, longitude=5.3, zoom=6.3, min_zoom=5, max_zoom=12)
FONT = '"Source Sans Pro, Helvetica, Arial, sans-serif"'  # quoted: a literal, not an accessor
MIN_RADIUS_M = 2500  # a gemeente with only kenniskring members (no money) is still a visible dot
MAX_NAMES = 60  # beyond this many points, names would cover the map: the tooltip names the gemeente
BIG_PX, SMALL_PX = 15, 11  # name sizes: funded gemeenten, kenniskring only
NONE = ("geen",)  # a track that does not exist: the selection is empty
MAP_HEIGHT = 600
TIP_W, TIP_H = 340, 190  # the tooltip's box at most (px): it opens away from the nearest edges of the map
# deck.gl puts the tooltip's corner at the pointer; the inner box moves (tip_dx, tip_dy) per point, so a point in
# the lower or right half opens its tooltip upwards or to the left and the box stays inside the map.
TOOLTIP = {
    "html": '<div style="position:relative;left:{tip_dx}px;top:{tip_dy}px;width:max-content;max-width:'
    f'{TIP_W}px;background:#fff;color:#141414;border:1px solid #888;border-radius:4px;padding:6px 8px">'
    "<b>{gemeente}</b> ({provincie})<br/>{deelnemers_txt}<br/>"
    "Fondsen: {tip_fonds}<br/>{tip_gemeente_geld}<br/>{maat_txt}<br/>{status_label}<br/>{gat}</div>",
    "style": {
        "fontSize": "13px",
        "lineHeight": "1.3",
        "backgroundColor": "transparent",
        "padding": "0",
        "boxShadow": "none",
        "whiteSpace": "normal",
    },
}


def selection(filters: Filters, toon_kenniskring: bool) -> Filters:
    """The sidebar's selection, without the kenniskring when the toggle hides it (in SQL, not in pandas)."""
    if toon_kenniskring:
        return filters
    sporen = tuple(s for s in (filters.sporen or SPOREN) if s != "kenniskring")
    return dataclasses.replace(filters, sporen=sporen or NONE)


def _participants(row) -> str:
    parts = ", ".join(f"{getal(int(row[s]))} {label(s).lower()}" for s in SPOREN if row[s])
    return f"{n_items(int(row['deelnemers']), 'deelnemer', 'deelnemers')}: {parts}"


def _second_side(row) -> str:
    """The tooltip's line under the funds: the gemeente (1:1 rule), the own means (the call's rule), or both."""
    parts = []
    if row["regel"] == REGEL_1OP1 or row["gemeente_toegezegd"] or row["gemeente_beoogd"]:
        parts.append(f"Gemeente: {euro(row['gemeente_toegezegd'])} toegezegd · {euro(row['gemeente_betaald'])} betaald")
    if row["regel"] == REGEL_EIGEN or row["overig_toegezegd"]:
        parts.append(
            f"Eigen of andere middelen: {euro(row['overig_toegezegd'])} toegezegd (een pré, geen gemeentelijke match)"
        )
    return "; ".join(parts)


def map_points(df: pd.DataFrame) -> pd.DataFrame:
    """Display columns per gemeente: colour, radius, symbol and the Dutch tooltip texts, all from the Stand that
    samen_data.figures.money computed (match or own means by the programme's rule, commitments and payments).
    (Streamlit escapes the values it puts into the tooltip HTML, so they stay plain text here.)"""
    totaal = (df["fonds_toegezegd"] + df["gemeente_toegezegd"] + df["overig_toegezegd"]).astype(float)
    # Area proportional to the committed money, with a floor so gemeenten without money stay visible.
    radius = MIN_RADIUS_M + totaal.map(lambda t: math.sqrt(max(t, 0.0)) * 40)
    empty = pd.Series(dtype=str)
    if not len(df):
        return df.assign(
            kleur=empty,
            straal=empty,
            symbool=empty,
            status_label=empty,
            maat_txt=empty,
            deelnemers_txt=empty,
            tip_fonds=empty,
            tip_gemeente_geld=empty,
            tip_dx=empty,
            tip_dy=empty,
        )
    return df.assign(
        kleur=df["matchstatus"].map(lambda s: rgb(MATCH[s])),
        straal=radius,
        symbool=df["matchstatus"].map(MATCH_SYMBOOL),
        status_label=df["status_tekst"],
        maat_txt=[
            f"Match fonds : gemeente {m}" if r == REGEL_1OP1 else m
            for r, m in zip(df["regel"], df["maat"], strict=True)
        ],
        deelnemers_txt=df.apply(_participants, axis=1),
        tip_fonds=df.apply(
            lambda r: f"{euro(r['fonds_toegezegd'])} toegezegd · {euro(r['fonds_betaald'])} betaald", axis=1
        ),
        tip_gemeente_geld=df.apply(_second_side, axis=1),
        **_tip_offsets(df),
    )


def _tip_offsets(df: pd.DataFrame) -> dict[str, list[int]]:
    """Where each point's tooltip opens, from its place at the opening view (map_labels.project)."""
    xy = [
        map_labels.project(float(lat), float(lon), VIEW.latitude, VIEW.longitude, VIEW.zoom)
        for lat, lon in zip(df["latitude"], df["longitude"], strict=True)
    ]
    return {
        "tip_dx": [-TIP_W - 14 if x > 0 else 14 for x, _ in xy],
        "tip_dy": [-TIP_H - 14 if y + TIP_H > MAP_HEIGHT / 2 - 20 else 14 for _, y in xy],
    }


class _CompactDeck(pdk.Deck):
    """pydeck writes its JSON indented (two spaces per level): for a map's records that is a third of the bytes
    Streamlit sends. The same spec, without the whitespace."""

    def to_json(self) -> str:
        return json.dumps(json.loads(super().to_json()), separators=(",", ":"), ensure_ascii=False)


def deck(points: pd.DataFrame, backdrop: pd.DataFrame | None = None) -> pdk.Deck:
    """Layers bottom to top: the gemeenten of the country, the points, their symbols, the gemeente names."""
    # Only what each layer draws or its tooltip shows: at national scale the map is most of the page's bytes.
    records = points[
        [
            "gemeente",
            "gemeente_code",
            "provincie",
            "deelnemers",
            "latitude",
            "longitude",
            "kleur",
            "straal",
            "status_label",
            "maat_txt",
            "gat",
            "deelnemers_txt",
            "tip_fonds",
            "tip_gemeente_geld",
            "tip_dx",
            "tip_dy",
        ]
    ].to_dict("records")
    symbols = points[["longitude", "latitude", "symbool"]].to_dict("records")
    big, small = labels(points)
    layers = []
    if backdrop is not None and len(backdrop):
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                id="nederland",
                data=_positions(backdrop),
                get_position="p",
                pickable=False,
                stroked=False,
                filled=True,
                get_fill_color=[110, 110, 110, 70],
                get_radius=1500,
                radius_min_pixels=1.5,
            )
        )
    layers += [
        pdk.Layer(
            "ScatterplotLayer",
            id="gemeenten",
            data=records,
            get_position=["longitude", "latitude"],
            get_fill_color="kleur",
            get_radius="straal",
            radius_min_pixels=6,
            radius_max_pixels=40,
            stroked=True,
            get_line_color=[30, 30, 30, 255],
            line_width_min_pixels=1.5,
            pickable=True,
        ),
        pdk.Layer(
            # The status symbol on the point itself (✔ ▲ ○ –), so status never rests on colour alone.
            "TextLayer",
            id="statussymbolen",
            data=symbols,
            get_position=["longitude", "latitude"],
            get_text="symbool",
            get_size=13,
            get_color=[20, 20, 20, 255],
            get_text_anchor='"middle"',
            get_alignment_baseline='"center"',
            character_set='"auto"',
            font_family=FONT,
            font_weight='"bold"',
        ),
        pdk.Layer(
            "TextLayer",
            id="gemeentenamen_klein",
            data=small,
            get_position=["longitude", "latitude"],
            get_text="gemeente",
            get_size=SMALL_PX,
            get_color=[55, 55, 55, 255],
            get_pixel_offset="offset",
            get_text_anchor="anchor",
            get_alignment_baseline="baseline",
            font_family=FONT,
            character_set='"auto"',
        ),
        pdk.Layer(
            "TextLayer",
            id="gemeentenamen",
            data=big,
            get_position=["longitude", "latitude"],
            get_text="gemeente",
            get_size=BIG_PX,
            get_color=[20, 20, 20, 255],
            get_pixel_offset="offset",
            get_text_anchor="anchor",
            get_alignment_baseline="baseline",
            font_family=FONT,
            font_weight='"bold"',
            background=True,
            get_background_color=[255, 255, 255, 215],
            background_padding=[3, 1, 3, 1],
            # Quoted strings: pydeck reads bare strings as accessor expressions. 'auto' renders ë, â and the like.
            character_set='"auto"',
        ),
    ]
    return _CompactDeck(
        layers=layers, initial_view_state=VIEW, map_style=BASEMAP, map_provider="carto", tooltip=TOOLTIP
    )


def labels(points: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    """The names that fit without overlap at the opening view (map_labels), larger points first: bold with a
    backing where funded participants are (proeftuin, experiment), small for the kenniskring only; none when there
    are too many points to read them. A name left off is still in the point's tooltip."""
    if not len(points) or len(points) > MAX_NAMES:
        return [], []
    funded = ((points["proeftuin"] + points["experiment"]) > 0).tolist()
    candidates = [
        {
            "gemeente": g,
            "latitude": float(lat),
            "longitude": float(lon),
            "funded": f,
            "size": BIG_PX if f else SMALL_PX,
            "r": map_labels.radius_px(float(s), float(lat), VIEW.zoom, 6, 40),
            "rank": (f, float(s)),
        }
        for g, lat, lon, s, f in zip(
            points["gemeente"], points["latitude"], points["longitude"], points["straal"], funded, strict=True
        )
    ]
    fits = map_labels.place(candidates, (VIEW.latitude, VIEW.longitude, VIEW.zoom))
    keep = ("gemeente", "latitude", "longitude", "offset", "anchor", "baseline")
    big = [{k: p[k] for k in keep} for p in fits if p["funded"]]
    small = [{k: p[k] for k in keep} for p in fits if not p["funded"]]
    return big, small


def _positions(df: pd.DataFrame) -> list[dict]:
    """Every gemeente as a bare [lon, lat] (a tenth of the GeoJSON it was): the backdrop has no tooltip."""
    return [
        {"p": [round(float(lon), 5), round(float(lat), 5)]}
        for lat, lon in zip(df["latitude"], df["longitude"], strict=True)
    ]


def _statuses(points: pd.DataFrame) -> list[str]:
    """The statuses of the rules on the map (a call without a 1:1 rule gets no 1:1 legend)."""
    regels = set(points["regel"])
    return [s for r in (REGEL_1OP1, REGEL_EIGEN) if r in regels for s in STATUSSEN_PER_REGEL[r]]


def legend(points: pd.DataFrame) -> None:
    """The legend with st: colour swatch, symbol, label and how many points have that status."""
    counts = points["matchstatus"].value_counts()
    items = "".join(
        f'<span role="listitem" style="display:inline-block;margin-right:1.4rem;white-space:nowrap">'
        f'<span style="display:inline-block;width:15px;height:15px;border-radius:50%;background:{MATCH[s]};'
        f'border:1px solid #222;vertical-align:middle"></span> {html.escape(match_label(s))} '
        f"({getal(int(counts.get(s, 0)))})</span>"
        for s in _statuses(points)
    )
    # Fixed vocabulary, palette colours and counts only: no text from the database goes into this HTML.
    st.markdown(f'<div role="list" aria-label="Legenda cofinanciering">{items}</div>', unsafe_allow_html=True)


def table(points: pd.DataFrame) -> None:
    """The points as a compact, sortable table under the map: one row per gemeente. The key columns first (name,
    status, the money per side, paid) so they fit 1366 px; the counts per track and the province after them."""
    regels = set(points["regel"])
    sides = {"Fondsen toegezegd": points["fonds_toegezegd"].astype(float)}
    if REGEL_1OP1 in regels:
        sides["Gemeente toegezegd"] = points["gemeente_toegezegd"].astype(float)
    if REGEL_EIGEN in regels:
        sides["Eigen middelen toegezegd"] = points["overig_toegezegd"].astype(float)
    shown = pd.DataFrame(
        {
            "Gemeente": points["gemeente"],
            "Status": points["status_label"],
            "Cofinanciering": points["maat"],
            **sides,
            "Betaald": points["betaald"].astype(float),
            "Deelnemers": points["deelnemers"].astype(int),
            **{label(s): points[s].astype(int) for s in SPOREN},
            "Provincie": points["provincie"],
        }
    )
    tables.show(shown, money_columns(*sides, "Betaald"), height=min(420, 36 + 35 * len(shown)))


def summary(points: pd.DataFrame) -> str:
    per_spoor = ", ".join(f"{getal(int(points[s].sum()))} {label(s).lower()}" for s in SPOREN if points[s].sum())
    return (
        f"{n_items(int(points['deelnemers'].sum()), 'deelnemer', 'deelnemers')} in "
        f"{n_items(len(points), 'gemeente', 'gemeenten')} ({per_spoor})."
    )


def caption(points: pd.DataFrame) -> str:
    """How to read the map, for the rules on it."""
    regels = set(points["regel"])
    kleur = {
        REGEL_1OP1: "de stand van de 1:1-cofinanciering van de gemeente als geheel (toezeggingen, en wat de "
        "gemeente betaalde staat bij de stip)",
        REGEL_EIGEN: "of de deelnemers van de oproep eigen of andere middelen inbrengen (een pré, geen "
        "gemeentelijke match)",
    }
    return (
        "Eén stip per gemeente. Grootte: totaal toegezegd aan haar deelnemers. Kleur en teken: "
        + "; ".join(kleur[r] for r in (REGEL_1OP1, REGEL_EIGEN) if r in regels)
        + ". Grijze puntjes: de overige gemeenten van Nederland. Wijs een stip aan voor de deelnemers en bedragen."
    )
