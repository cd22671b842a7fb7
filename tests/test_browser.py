"""Real browser: the system Chromium (Debian package) drives `streamlit run` on a free port.

Each page is also opened as the very first request of a fresh server by its own URL (Streamlit then runs the
page file without app.py). Screenshots land in test-artifacts/screenshots/ (CI keeps that folder)."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser_helpers import streamlit_server

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("SAMEN_CHROMIUM", "/usr/bin/chromium")
PAGES = {
    "": ("Overzicht", "Deelnemers"),
    "signalen": ("Signalen", "Gemeenten met een signaal"),
    "kaart": ("Kaart", "Toon kenniskring"),
    "cofinanciering": ("Cofinanciering", "Toegezegd"),
    "bijeenkomsten": ("Bijeenkomsten", "Start en collectieve bijeenkomsten"),
    "samenwerking": ("Samenwerking", "gelijkwaardigheid"),
    "gemeente": ("Gemeente", "Gemeente"),
}
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Chromium ontbreekt ({CHROMIUM}); apt-get install chromium"),
]


@pytest.fixture
def server(templates, tmp_path) -> Iterator[str]:
    with streamlit_server(templates.sqlite_copy("demo", tmp_path / "browser.db")) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


def _open(browser, url: str, title: str, key_text: str, shot: str) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="nl-NL")
    try:
        page.goto(url, wait_until="domcontentloaded")
        page.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=60_000)
        page.get_by_text(key_text, exact=False).first.wait_for(timeout=30_000)
        # Wait until no element is still a loading skeleton, then let charts and the map draw.
        page.wait_for_function("document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0", timeout=30_000)
        page.wait_for_timeout(2500)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
        errors = page.locator('[data-testid="stException"]')
        assert errors.count() == 0, f"uitzondering op de pagina: {errors.first.inner_text()[:500]}"
    finally:
        page.close()


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "overzicht")
def test_deep_link_on_fresh_server(server, browser, path):
    title, key_text = PAGES[path]
    _open(browser, f"{server}/{path}", title, key_text, f"direct-{path or 'overzicht'}")


def test_navigate_all_pages(server, browser):
    for path, (title, key_text) in PAGES.items():
        _open(browser, f"{server}/{path}", title, key_text, path or "overzicht")


def test_gemeente_by_url(server, browser):
    _open(browser, f"{server}/gemeente?gemeente=GM0796", "Gemeente", "'s-Hertogenbosch", "gemeente-GM0796")
