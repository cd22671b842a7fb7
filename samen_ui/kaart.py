"""The map: pydeck, one point per participant at its gemeente, labelled so it reads without base tiles."""
from __future__ import annotations

import math

import pandas as pd
import pydeck as pdk

from samen_data.vocab import label

from .fmt import euro, ratio
from .palette import MATCH, match_label, rgb

# Carto's open style needs no Mapbox token; when tiles cannot load, the labels and outlines still show.
BASEMAP = "https://basemaps.cartocdn.com/gl/positron-gl-style/style.json"
VIEW = pdk.ViewState(latitude=52.15, longitude=5.35, zoom=6.4, min_zoom=5, max_zoom=12)


def map_points(df: pd.DataFrame) -> pd.DataFrame:
    """Display columns for the layers: colour, radius and a Dutch tooltip text per participant."""
    totaal = (df["fonds_toegezegd"] + df["gemeente_toegezegd"]).astype(float)
    # Area proportional to money, with a floor so participants without money stay visible.
    radius = 2500 + totaal.map(lambda t: math.sqrt(t) * 40)
    return df.assign(
        kleur=df["matchstatus"].map(lambda s: rgb(MATCH[s])),
        straal=radius,
        status_label=df["matchstatus"].map(match_label),
        spoor_label=df["spoor"].map(label),
        fonds_txt=df["fonds_toegezegd"].map(euro),
        gemeente_txt=df["gemeente_toegezegd"].map(euro),
        betaald_txt=df["betaald"].map(euro),
        ratio_txt=df["matchratio"].map(lambda r: ratio(None if pd.isna(r) else r)),
    )


def deck(points: pd.DataFrame) -> pdk.Deck:
    records = points[["deelnemer", "gemeente", "spoor_label", "status_label", "fonds_txt", "gemeente_txt",
                      "betaald_txt", "ratio_txt", "latitude", "longitude", "kleur", "straal"]].to_dict("records")
    labels = points.drop_duplicates("gemeente_code")[["gemeente", "latitude", "longitude"]].to_dict("records")
    scatter = pdk.Layer(
        "ScatterplotLayer", id="deelnemers", data=records, get_position=["longitude", "latitude"],
        get_fill_color="kleur", get_radius="straal", radius_min_pixels=5, radius_max_pixels=40,
        stroked=True, get_line_color=[30, 30, 30, 255], line_width_min_pixels=1.5, pickable=True,
    )
    text = pdk.Layer(
        "TextLayer", id="gemeentenamen", data=labels, get_position=["longitude", "latitude"], get_text="gemeente",
        get_size=14, get_color=[20, 20, 20, 255], get_pixel_offset=[0, -18], get_text_anchor='"middle"',
        background=True, get_background_color=[255, 255, 255, 200], character_set="auto",
    )
    tooltip = {
        "html": "<b>{deelnemer}</b><br/>{gemeente} · {spoor_label}<br/>Fondsen: {fonds_txt}<br/>"
        "Gemeente: {gemeente_txt}<br/>Betaald: {betaald_txt}<br/>Match: {ratio_txt} — {status_label}",
        "style": {"fontSize": "14px"},
    }
    return pdk.Deck(layers=[scatter, text], initial_view_state=VIEW, map_style=BASEMAP, tooltip=tooltip,
                    map_provider="carto")


def legend_html(statuses: list[str]) -> str:
    """Legend: colour swatch, symbol and label (never colour alone). Built from the fixed vocabulary only."""
    items = "".join(
        f'<span style="display:inline-block;margin-right:1.2rem"><span style="display:inline-block;width:14px;'
        f'height:14px;border-radius:50%;background:{MATCH[s]};border:1px solid #222;vertical-align:middle"></span>'
        f" {match_label(s)}</span>"
        for s in statuses
    )
    return f'<div role="list" aria-label="Legenda">{items}</div>'
