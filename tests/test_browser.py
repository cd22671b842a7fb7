"""Real browser: the system Chromium (Debian package) drives `streamlit run` on a free port.

Pages opened as the very first request of a fresh server by their own URL (Streamlit then runs the page file
without app.py). Screenshots land in test-artifacts/screenshots/ (CI keeps that folder)."""

from __future__ import annotations

import pytest

from tests import browser_helpers
from tests.browser_helpers import ROOT, SHOTS, needs_chromium, settled  # noqa: F401 - ROOT: imported from here

# The very first session of a fresh server runs the page file without app.py (Streamlit's pages/-folder router):
# in the browser for the map page and the Gemeente page (the root: see PAGES); every page file alone is run so in
# tests/test_pages.py (test_page_runs_without_app_py). Every page through app.py, in Chromium:
# tests/test_accessibility.py::test_axe_on_every_page.
# The root as the first request of a fresh server: test_accessibility.py::test_axe_on_every_page opens it first
# on its module's own server.
PAGES = {  # path -> (title, a text that shows the page drew its figures)
    "kaart": ("Kaart", "Toon kenniskring"),
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
