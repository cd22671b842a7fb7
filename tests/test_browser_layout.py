"""Layout that fits a 1366×768 screen: the tables' key columns without scrolling sideways, map names that do not
overlap, the map's tooltip inside the map, and a PDF whose words are whole and whose headings form an outline.

One streamlit server for the module. Streamlit's grid draws on a canvas, but keeps an accessible table of the
columns it renders (the ones in view): a key column is in view when its header is in that table."""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from samen_data.access.scope import BEHEER
from samen_data.cli.report import default_filters
from samen_data.report import slides
from samen_data.report.pdf import build_pdf
from samen_ui import kaart, map_labels
from tests.apptest_helpers import open_page
from tests.browser_helpers import streamlit_server

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "test-artifacts" / "layout"
CHROMIUM = os.environ.get("SAMEN_CHROMIUM", "/usr/bin/chromium")
VIEWPORT = {"width": 1366, "height": 768}
# page -> the key columns of its first table, as a reader names them
KEY_COLUMNS = {
    "kaart": ["Gemeente", "Status", "Cofinanciering", "Fondsen toegezegd", "Gemeente toegezegd", "Betaald"],
    "bijeenkomsten": ["Datum", "Dag", "Bijeenkomst", "Tijd", "Plaats", "Aanwezig"],
    "wijzigingen": ["Tijdstip", "Wie", "Tabel", "Rij", "Actie", "Oud"],
}
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason=f"Chromium ontbreekt ({CHROMIUM}); apt-get install chromium"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    from samen_data.demo import loader as demo
    from samen_data.store import schema
    from samen_data.store.db import make_engine

    url = f"sqlite:///{tmp_path_factory.mktemp('layout') / 'layout.db'}"
    engine = make_engine(url)
    schema.upgrade(engine)
    demo.load_demo(engine)
    engine.dispose()
    with streamlit_server(url) as base:
        yield base


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--use-gl=angle",
                "--use-angle=swiftshader",
                "--enable-unsafe-swiftshader",
            ],
        )
        tab = browser.new_page(viewport=VIEWPORT, locale="nl-NL")
        yield tab
        browser.close()


def _open(page, server: str, path: str, selector: str):
    page.goto(f"{server}/{path}", wait_until="domcontentloaded")
    element = page.locator(selector).first
    element.wait_for(timeout=60_000)
    page.wait_for_function("document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0", timeout=30_000)
    element.scroll_into_view_if_needed()
    return element


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("path", list(KEY_COLUMNS))
def test_key_columns_in_view_at_1366(page, server, path):
    table = _open(page, server, path, '[data-testid="stDataFrame"]')
    page.wait_for_function(  # the grid has drawn its header row
        "el => el.querySelectorAll('[role=\"columnheader\"]').length > 0", arg=table.element_handle(), timeout=30_000
    )
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORT["width"]  # the table itself fits the window
    headers = table.evaluate("el => [...el.querySelectorAll('[role=\"columnheader\"]')].map(h => h.textContent.trim())")
    missing = [c for c in KEY_COLUMNS[path] if c not in headers]
    SHOTS.mkdir(parents=True, exist_ok=True)
    table.screenshot(path=str(SHOTS / f"tabel-{path}-1366.png"))
    assert not missing, f"{path}: buiten beeld {missing}; in beeld {headers}"


@pytest.mark.browser
@needs_chromium
def test_map_tooltip_stays_inside_the_map(page, server):
    deck = _open(page, server, "kaart", '[data-testid="stDeckGlJsonChart"]')
    page.locator('[data-testid="stDeckGlJsonChart"] canvas').first.wait_for(timeout=30_000)
    box = deck.bounding_box()
    v = kaart.VIEW
    # Vaals (bottom of the map), Groningen (top) and 's-Gravenhage (left): each tooltip opens inwards.
    tip = page.locator(".deck-tooltip").first
    for lat, lon in ((50.7703, 6.0166), (53.2194, 6.5665), (52.0705, 4.3007)):
        page.mouse.move(box["x"] + 3, box["y"] + 3)  # off every point: the tooltip closes
        tip.wait_for(state="hidden", timeout=10_000)
        x, y = map_labels.project(lat, lon, v.latitude, v.longitude, v.zoom)
        page.mouse.move(box["x"] + box["width"] / 2 + x, box["y"] + box["height"] / 2 + y)
        tip.wait_for(state="visible", timeout=10_000)
        t = page.locator(".deck-tooltip > div").first.bounding_box()
        assert box["x"] <= t["x"] and t["x"] + t["width"] <= box["x"] + box["width"], (lat, t, box)
        assert box["y"] <= t["y"] and t["y"] + t["height"] <= box["y"] + box["height"], (lat, t, box)
    SHOTS.mkdir(parents=True, exist_ok=True)
    deck.screenshot(path=str(SHOTS / "kaart-1366.png"))


def test_map_names_do_not_overlap(app_db):
    """The names as the deck draws them (its text layers' data) at the opening view: no two boxes overlap,
    every funded gemeente keeps its name (Rotterdam beside 's-Gravenhage, Vaals beside its neighbours)."""
    at = open_page("pages/kaart.py", "Kaart")
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    layers = {layer["id"]: layer for layer in deck["layers"]}
    view = deck["initialViewState"]
    boxes = []
    for layer_id, size in (("gemeentenamen", kaart.BIG_PX), ("gemeentenamen_klein", kaart.SMALL_PX)):
        assert layers[layer_id]["getPixelOffset"] == "@@=offset"  # each name at its own place
        for n in layers[layer_id]["data"]:
            x, y = map_labels.project(n["latitude"], n["longitude"], view["latitude"], view["longitude"], view["zoom"])
            boxes.append(
                (
                    n["gemeente"],
                    map_labels.text_box(x, y, n["gemeente"], size, n["anchor"], n["baseline"], *n["offset"]),
                )
            )
    names = {name for name, _ in boxes}
    assert {"Rotterdam", "'s-Gravenhage", "Vaals", "Groningen", "Tynaarlo"} <= names
    overlapping = [(a, b) for i, (a, ba) in enumerate(boxes) for b, bb in boxes[i + 1 :] if ba.overlaps(bb)]
    assert not overlapping, overlapping


@pytest.fixture
def report(demo_engine) -> bytes:
    load = slides.engine_loader(demo_engine, BEHEER)
    f = default_filters(load)
    data = build_pdf(slides.build(load, f), load=load, filters=f)
    out = ROOT / "test-artifacts" / "pdf"
    out.mkdir(parents=True, exist_ok=True)
    (out / "rapport.pdf").write_bytes(data)
    return data


def test_pdf_words_whole_and_headings_in_the_outline(report, demo_engine):
    reader = PdfReader(io.BytesIO(report))
    load = slides.engine_loader(demo_engine, BEHEER)
    deck = slides.build(load, default_filters(load))
    # Every word the report prints (titles, messages, figures, table cells): none may come out in two pieces.
    words = set()
    for s in deck.slides:
        texts = [s.titel, s.boodschap, *(t for pair in s.cijfers for t in pair)]
        if s.tabel is not None:
            texts += [str(v) for v in s.tabel.to_numpy().ravel()] + list(map(str, s.tabel.columns))
        words |= {w for t in texts for w in re.findall(r"[\wÀ-ÿ'-]+", t) if len(w) > 3}
    lines = [line.split() for p in reader.pages for line in p.extract_text().splitlines() if line.split()]
    broken = [
        (a[-1], b[0])
        for a, b in zip(lines, lines[1:], strict=False)
        if a[-1] + b[0] in words and a[-1] not in words and b[0] not in words
    ]
    assert "Stadmakerswerkplaats" in words  # the name the issue saw broken ("Stadmakerswerkpl aats")
    assert not broken, broken
    outline = [item["/Title"] for item in _flat(reader.outline)]
    assert outline[0].endswith(": rapportage")
    assert {"Overzicht", "Kaart", "Factsheet Vaals", "Factsheet Rotterdam"} <= set(outline)
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged: headings and figures are structure elements
    overview = " ".join(reader.pages[1].extract_text().split())
    assert "De match per gemeente" in overview and "Betaald over de tijd" in overview


def _flat(items) -> Iterator[dict]:
    for item in items:
        if isinstance(item, list):
            yield from _flat(item)
        else:
            yield item
