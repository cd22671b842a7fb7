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
from tests.browser_helpers import sign_in, streamlit_server

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "test-artifacts" / "layout"
CHROMIUM = os.environ.get("SAMEN_CHROMIUM", "/usr/bin/chromium")
VIEWPORT = {"width": 1366, "height": 768}
GEMEENTE = "gemeente?gemeente=GM0796"  # Den Bosch: the longest participant name of the demo
MATCH = ["Deelnemer", "Status", "Cofinanciering", "Fondsen toegezegd", "Gemeente toegezegd", "Fondsen betaald"]
MATCH += ["Gemeente betaald"]
LEDGER = ["Deelnemer", "Financier", "Bedrag", "Fase", "Betaald", "Soort"]
KAART = ["Gemeente", "Status", "Cofinanciering", "Fondsen toegezegd", "Gemeente toegezegd", "Betaald"]
SCORES = ["Dimensie", "Nulmeting", "Tussenmeting", "Eindmeting", "Verandering"]
MEETINGS = ["Datum", "Soort", "Bijeenkomst", "Bewoners", "Ambtenaren", "Wethouders", "Burgemeesters", "Totaal"]
MILESTONES = ["Deelnemer", "Omschrijving", "Status", "Streefdatum", "Bereikt op"]
# Every table of every page a demo visitor opens (accounts and an upload's check on gegevens need an account:
# test_account_tables_fit_at_1366): (page, the heading it sits under and which table under it, the key
# columns a reader needs to read its rows, as named on screen).
TABLES = [
    ("overzicht", ("Betaald over de tijd", 0), ["Datum", "Kant", "Bedrag", "Cumulatief betaald"]),
    ("overzicht", ("Samenwerking per meting", 0), ["Meting", "Les", "Score", "Respondenten"]),
    ("kaart", ("Gemeenten op de kaart", 0), KAART),
    ("cofinanciering", ("Per deelnemer", 0), MATCH),
    ("cofinanciering", ("Alle toezeggingen", 0), LEDGER),
    (
        "bijeenkomsten",
        ("Start en collectieve bijeenkomsten", 0),
        ["Datum", "Dag", "Bijeenkomst", "Tijd", "Plaats", "Aanwezig"],
    ),
    ("signalen", ("Signalen", 0), ["Signaal", "Wie", "Gemeente", "Sinds", "Inzet", "Wat"]),
    (GEMEENTE, ("Deelnemers en cofinanciering", 0), MATCH),
    (GEMEENTE, ("Toezeggingen en betalingen", 0), LEDGER),
    (GEMEENTE, ("Wat nog openstaat", 0), ["Wat", "Bedrag", "Wanneer", "Stand"]),
    (GEMEENTE, ("Samenwerking per dimensie", 0), SCORES),
    (
        GEMEENTE,
        ("Samenwerking per dimensie", 1),
        ["Meting", "Dimensie", "Respondentgroep", "Score", "programma: score"],
    ),
    (GEMEENTE, ("Bijeenkomsten waar mensen", 0), MEETINGS),
    (GEMEENTE, ("Mijlpalen", 0), MILESTONES),
    ("wijzigingen", ("Wijzigingen", 0), ["Tijdstip", "Wie", "Tabel", "Rij", "Actie", "Oud", "Nieuw"]),
]
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason=f"Chromium ontbreekt ({CHROMIUM}); apt-get install chromium"
)


@pytest.fixture(scope="module")
def server(templates, tmp_path_factory) -> Iterator[str]:
    with streamlit_server(templates.sqlite_copy("demo", tmp_path_factory.mktemp("layout") / "layout.db")) as base:
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


def _open(page, server: str, path: str, selector: str, scroll: bool = True):
    page.goto(f"{server}/{path}", wait_until="domcontentloaded")
    element = page.locator(selector).first
    element.wait_for(state="visible" if scroll else "attached", timeout=60_000)
    page.wait_for_function("document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0", timeout=30_000)
    if scroll:
        element.scroll_into_view_if_needed()
    return element


# The index of each table among the page's tables, and the heading above it: the last h1-h3, or bold words that
# open a paragraph (st.markdown("**...**")), before it in the page.
_TABLES_UNDER = """() => {
  const marks = '[data-testid="stDataFrame"], h1, h2, h3, [data-testid="stMarkdownContainer"] > p:first-child > strong:first-child';
  let heading = null, i = 0;
  const out = [];
  for (const el of document.querySelectorAll(marks)) {
    if (el.matches('[data-testid="stDataFrame"]')) out.push([i++, heading]);
    else heading = el.textContent.trim();
  }
  return out;
}"""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _table_under(page, heading: str, n: int):
    try:  # a page draws its tables one after another: wait until this one is there
        page.wait_for_function(
            f"([h, n]) => ({_TABLES_UNDER})().filter(([, x]) => x && x.startsWith(h)).length > n",
            arg=[heading, n],
            timeout=30_000,
        )
    except Exception:  # noqa: BLE001 - the assertion below says what is missing
        pass
    under = [i for i, h in page.evaluate(_TABLES_UNDER) if h is not None and h.startswith(heading)]
    assert len(under) > n, f"geen tabel {n + 1} onder '{heading}'"
    return _shown(page.locator('[data-testid="stDataFrame"]').nth(under[n]))


def _shown(table):
    """The table in view; one under a chart is in its expander ("Als tabel"): opened first."""
    if not table.is_visible():
        table.locator("xpath=ancestor::details[1]/summary").click()
        table.wait_for(state="visible", timeout=10_000)
    table.scroll_into_view_if_needed()
    return table


PATHS = list(dict.fromkeys(p for p, _, _ in TABLES))  # each page opened once, all its tables checked there


def _check_table(page, path: str, under: tuple[str, int], key: list[str]) -> str | None:
    """The table under `under` fits the window with its key columns in view; else what is wrong."""
    table = _table_under(page, *under)
    try:  # the grid draws its header row a moment after the table appears: wait for the key columns
        page.wait_for_function(
            "([el, key]) => { const h = [...el.querySelectorAll('[role=\"columnheader\"]')]"
            ".map(c => c.textContent.trim()); return key.every(k => h.includes(k)); }",
            arg=[table.element_handle(), key],
            timeout=15_000,
        )
    except Exception:  # noqa: BLE001 - the check below says which are out of view
        pass
    box = table.bounding_box()
    headers = table.evaluate("el => [...el.querySelectorAll('[role=\"columnheader\"]')].map(h => h.textContent.trim())")
    SHOTS.mkdir(parents=True, exist_ok=True)
    table.screenshot(path=str(SHOTS / f"tabel-{_slug(path)}-{_slug(under[0])}-{under[1]}-1366.png"))
    if not (box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORT["width"]):  # the table itself fits the window
        return f"{under[0]}: tabel breder dan het venster {box}"
    if missing := [c for c in key if c not in headers]:
        return f"{under[0]}: buiten beeld {missing}; in beeld {headers}"
    return None


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("path", PATHS, ids=lambda p: _slug(p))
def test_key_columns_in_view_at_1366(page, server, path):
    _open(page, server, path, '[data-testid="stDataFrame"]', scroll=False)  # the first may be in an expander
    wrong = [w for p, under, key in TABLES if p == path and (w := _check_table(page, path, under, key))]
    assert not wrong, (path, wrong)


# The tables only an account sees: the accounts list, and an upload's check on Gegevens (its problems, or its
# counts and the changes to existing rows). Bijwerken draws forms, no tables.
BAD_FILE = ROOT / "tests" / "bad_files" / "negatief_bedrag.csv"
RENAME = "code;naam;startdatum;einddatum\r\nSAMEN;Programma SAMEN (hernoemd);28-11-2022;30-11-2024\r\n"


@pytest.fixture(scope="module")
def signed_in(templates, tmp_path_factory, page):
    """A second server, on a demo database with a beheer account, and the module's tab signed in to it."""
    from samen_data.access import accounts
    from samen_data.store.db import make_engine

    url = templates.sqlite_copy("demo", tmp_path_factory.mktemp("layout-beheer") / "beheer.db")
    engine = make_engine(url)
    accounts.add_user(engine, "beheer@samen.test", "beheer", password="beheer-wachtwoord-1")
    engine.dispose()
    with streamlit_server(url) as base:
        page.goto(base, wait_until="domcontentloaded")
        sign_in(page, "beheer@samen.test", "beheer-wachtwoord-1", "Overzicht")
        yield base


def _via_sidebar(page, name: str, selector: str) -> None:
    """A local sign-in lives in the session: go to a page by its link, not by loading its address."""
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=name).click()
    page.locator(selector).first.wait_for(state="attached", timeout=60_000)


def _upload(page, tmp_path, name: str, content: bytes) -> None:
    file = tmp_path / name
    file.write_bytes(content)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(file))


@pytest.mark.browser
@needs_chromium
def test_account_tables_fit_at_1366(page, signed_in, tmp_path):
    wrong = []
    _via_sidebar(page, "Accounts", '[data-testid="stDataFrame"]')
    wrong.append(
        _check_table(page, "accounts", ("Accounts", 0), ["E-mailadres", "Rol", "Gemeente", "Fonds", "Inloggen"])
    )
    _via_sidebar(page, "Gegevens in/uit", '[data-testid="stFileUploaderDropzoneInput"]')
    _upload(page, tmp_path, BAD_FILE.name, BAD_FILE.read_bytes())
    page.get_by_text("Het bestand is geweigerd").wait_for(timeout=60_000)
    wrong.append(_check_table(page, "gegevens", ("2. Inlezen", 0), ["Blad", "Rij", "Kolom", "Melding"]))
    _upload(page, tmp_path, "programmas.csv", RENAME.encode())
    page.get_by_text("Wat er verandert in bestaande rijen").wait_for(timeout=60_000)
    page.get_by_text("Het bestand is geweigerd").wait_for(state="detached", timeout=30_000)  # the run has ended
    wrong.append(_check_table(page, "gegevens", ("2. Inlezen", 0), ["Blad", "Nieuw", "Gewijzigd", "Ongewijzigd"]))
    wrong.append(
        _check_table(
            page, "gegevens", ("Wat er verandert in bestaande rijen", 0), ["Blad", "Rij", "Sleutel", "Wijziging"]
        )
    )
    assert not [w for w in wrong if w], wrong


@pytest.mark.browser
@needs_chromium
def test_static_tables_fit_at_1366(page, server):
    """Samenwerking's tables are st.table (static HTML, no grid): each fits the page, no sideways scrolling."""
    _open(page, server, "samenwerking", '[data-testid="stTable"]', scroll=False)
    tables = page.locator('[data-testid="stTable"]')
    assert tables.count() >= 2  # the gap (in its expander) and the milestones
    for i in range(tables.count()):
        t = tables.nth(i)
        _shown(t)
        wide = t.evaluate(
            "el => [el, ...el.querySelectorAll('*')].filter(e => e.scrollWidth > e.clientWidth + 1"
            " && getComputedStyle(e).overflowX !== 'visible').length"
        )
        box = t.bounding_box()
        SHOTS.mkdir(parents=True, exist_ok=True)
        t.screenshot(path=str(SHOTS / f"tabel-samenwerking-{i}-1366.png"))
        assert not wide and box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORT["width"], (i, box)


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
