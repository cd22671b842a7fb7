"""Map labels that do not overlap: a collision pass in screen space for the map's fixed opening view.

deck.gl draws text at a fixed pixel size, so at the opening zoom two gemeenten 25 px apart (Rotterdam and
's-Gravenhage; Vaals, Valkenburg and Eijsden-Margraten) get names on top of each other. Here every name is given
the first of a few places around its point (above, right, below, left, then the diagonals) where its box touches no name placed
before it and no other point; the larger points go first. A name that fits nowhere is left off the map: the
tooltip names every point. Pure geometry (no Streamlit): the tests check the same boxes."""

from __future__ import annotations

import math
from dataclasses import dataclass

TILE = 512  # deck.gl's Web Mercator world is 512 px wide at zoom 0
CHAR_WIDTH = 0.58  # average glyph width per px of font size (Source Sans, a little generous for bold)
PAD = 3  # the label's background padding and a little air, in px


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1


def project(lat: float, lon: float, view_lat: float, view_lon: float, zoom: float) -> tuple[float, float]:
    """Pixels from the view's centre (x right, y down), Web Mercator as deck.gl draws it."""
    world = TILE * 2**zoom

    def y(phi: float) -> float:
        return world * (1 - math.log(math.tan(math.pi / 4 + math.radians(phi) / 2)) / math.pi) / 2

    return (lon - view_lon) / 360 * world, y(lat) - y(view_lat)


def radius_px(radius_m: float, lat: float, zoom: float, lo: float, hi: float) -> float:
    metres_per_px = 40_075_016.686 * math.cos(math.radians(lat)) / (TILE * 2**zoom)
    return min(hi, max(lo, radius_m / metres_per_px))


# Per place: (pixel offset from the point's centre, text anchor, baseline); gap = the point's radius + 4 px.
def _places(r: float) -> list[tuple[str, str, str, float, float]]:
    gap = r + 4
    d = gap * 0.7
    return [
        ("boven", "middle", "bottom", 0, -gap),
        ("rechts", "start", "center", gap, 0),
        ("onder", "middle", "top", 0, gap),
        ("links", "end", "center", -gap, 0),
        ("rechtsboven", "start", "bottom", d, -d),
        ("rechtsonder", "start", "top", d, d),
        ("linksboven", "end", "bottom", -d, -d),
        ("linksonder", "end", "top", -d, d),
    ]


def text_box(x: float, y: float, text: str, size: float, anchor: str, baseline: str, dx: float, dy: float) -> Box:
    """The box a label covers, as deck.gl's TextLayer lays it out (anchor and baseline around x+dx, y+dy)."""
    w, h = len(text) * size * CHAR_WIDTH + 2 * PAD, size * 1.2 + 2 * PAD
    cx, cy = x + dx, y + dy
    x0 = {"start": cx - PAD, "middle": cx - w / 2, "end": cx - w + PAD}[anchor]
    y0 = {"top": cy - PAD, "center": cy - h / 2, "bottom": cy - h + PAD}[baseline]
    return Box(x0, y0, x0 + w, y0 + h)


def place(points: list[dict], view: tuple[float, float, float]) -> list[dict]:
    """points: dicts with gemeente, latitude, longitude, r (radius in px), size (font px), rank (larger first) and
    funded. Returns the labels that fit, each with offset [dx, dy], anchor, baseline and its box. A name never
    overlaps another name; it avoids the other points where it can, and a funded gemeente's name (on a white
    backing) may cover a point rather than be left off."""
    lat0, lon0, zoom = view
    xy = [project(float(p["latitude"]), float(p["longitude"]), lat0, lon0, zoom) for p in points]
    circles = [Box(x - p["r"], y - p["r"], x + p["r"], y + p["r"]) for (x, y), p in zip(xy, points, strict=True)]
    placed: list[Box] = []
    out = []
    for i in sorted(range(len(points)), key=lambda i: points[i]["rank"], reverse=True):
        p, (x, y) = points[i], xy[i]
        others = [c for j, c in enumerate(circles) if j != i]
        free = [
            (anchor, baseline, dx, dy, text_box(x, y, p["gemeente"], p["size"], anchor, baseline, dx, dy))
            for _name, anchor, baseline, dx, dy in _places(p["r"])
        ]
        free = [f for f in free if not any(f[4].overlaps(b) for b in placed)]
        clear = [f for f in free if not any(f[4].overlaps(c) for c in others)]
        choice = (clear or (free if p.get("funded") else []))[:1]
        for anchor, baseline, dx, dy, box in choice:
            placed.append(box)
            out.append({**p, "offset": [dx, dy], "anchor": anchor, "baseline": baseline, "box": box})
    return out
