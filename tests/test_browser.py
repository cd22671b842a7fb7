"""Real browser: the system Chromium (Debian package) drives `streamlit run` on a free port.

Each page is also opened as the very first request of a fresh server by its own URL (Streamlit then runs the
page file without app.py). Screenshots land in test-artifacts/screenshots/ (CI keeps that folder)."""

from __future__ import annotations

import pytest

from tests import browser_helpers
from tests.browser_helpers import ROOT, SHOTS, needs_chromium, settled  # noqa: F401 - ROOT: imported from here

PAGES = {
    "": ("Overzicht", "Deelnemers"),
    "signalen": ("Signalen", "Gemeenten met een signaal"),
    "kaart": ("Kaart", "Toon kenniskring"),
    "cofinanciering": ("Cofinanciering", "Toegezegd"),
    "bijeenkomsten": ("Bijeenkomsten", "Start en collectieve bijeenkomsten"),
    "samenwerking": ("Samenwerking", "gelijkwaardigheid"),
    "gemeente": ("Gemeente", "Gemeente"),
}
pytestmark = needs_chromium


def __getattr__(name: str):
    """The browser fixtures (`browser`, `server`, ...) and CHROMIUM live in browser_helpers (conftest.py offers the
    fixtures to every module); importing them from here still works."""
    return getattr(browser_helpers, name)


def _open(browser, url: str, title: str, key_text: str, shot: str) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="nl-NL")
    try:
        page.goto(url, wait_until="domcontentloaded")
        page.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=60_000)
        page.get_by_text(key_text, exact=False).first.wait_for(timeout=30_000)
        settled(page)  # charts and the map drawn
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
        errors = page.locator('[data-testid="stException"]')
        assert errors.count() == 0, f"uitzondering op de pagina: {errors.first.inner_text()[:500]}"
    finally:
        page.close()


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "overzicht")
def test_deep_link_on_fresh_server(fresh_server, browser, path):
    title, key_text = PAGES[path]
    _open(browser, f"{fresh_server}/{path}", title, key_text, f"direct-{path or 'overzicht'}")


def test_navigate_all_pages(server, browser):
    for path, (title, key_text) in PAGES.items():
        _open(browser, f"{server}/{path}", title, key_text, path or "overzicht")


def test_gemeente_by_url(server, browser):
    _open(browser, f"{server}/gemeente?gemeente=GM0796", "Gemeente", "'s-Hertogenbosch", "gemeente-GM0796")
