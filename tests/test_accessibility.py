"""Accessibility in a real Chromium: axe-core on every page, the page language (every page's figures drawn
without an exception, a screenshot each), and the presentation on a 1920×1080 projector driven by the keyboard
alone (every slide in order, back, home, and the PDF downloaded from the bar).

Fails on any serious, critical or moderate axe violation (WCAG 2.1 AA is the Dutch government's norm; moderate
too, since every page is clean of those now, e.g. the heading order). The results per
page go to test-artifacts/axe/*.json. Every slide's axe check and screenshots are in test_browser_presentatie.py."""

from __future__ import annotations

import re

from tests.browser_helpers import SHOTS, axe_check, needs_chromium, settled

pytestmark = needs_chromium

PAGES = {  # path -> (title, a text that shows the page drew its figures, screenshot name)
    # First, and this test first in the module: the root is the very first request of the module's fresh server
    # (test_browser.py counts on it).
    "": ("Overzicht", "Deelnemers", "overzicht"),
    "signalen": ("Signalen", "Gemeenten met een signaal", "signalen"),
    "kaart": ("Kaart", "Toon kenniskring", "kaart"),
    "cofinanciering": ("Cofinanciering", "Toegezegd", "cofinanciering"),
    "bijeenkomsten": ("Bijeenkomsten", "Start en collectieve bijeenkomsten", "bijeenkomsten"),
    "samenwerking": ("Samenwerking", "gelijkwaardigheid", "samenwerking"),
    "gemeente?gemeente=GM0796": ("Gemeente", "'s-Hertogenbosch", "gemeente-GM0796"),
    "presentatie": ("Presentatie", "Dia 1 van", "presentatie"),
    "gegevens": ("Gegevens in- en uitvoeren", "Download het Excel-sjabloon", "gegevens"),
    "wijzigingen": ("Wijzigingen", "Wijzigingen", "wijzigingen"),
}


def test_axe_on_every_page(server, browser):
    """Every page opened by its link on a running server (through app.py): it draws its figures without an
    exception (a full-page screenshot each), its language is Dutch, and axe finds no blocking violation."""
    failures = {}
    SHOTS.mkdir(parents=True, exist_ok=True)
    for path, (title, key_text, name) in PAGES.items():
        page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="nl-NL")
        try:
            page.goto(f"{server}/{path}", wait_until="domcontentloaded")
            page.get_by_role("heading", name=title, exact=True).first.wait_for(state="attached", timeout=60_000)
            page.get_by_text(key_text, exact=False).first.wait_for(timeout=30_000)
            settled(page)
            errors = page.locator('[data-testid="stException"]')
            assert errors.count() == 0, f"uitzondering op {name}: {errors.first.inner_text()[:500]}"
            page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
            assert page.evaluate("document.documentElement.lang") == "nl", "the page language must be Dutch"
            if found := axe_check(page, name.split("-")[0]):
                failures[name] = found
        finally:
            page.close()
    assert not failures, failures


def test_presentation_on_a_projector_by_keyboard(server, browser):
    page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="nl-NL")
    try:
        page.goto(f"{server}/presentatie", wait_until="domcontentloaded")
        counter = page.get_by_text(re.compile(r"Dia \d+ van \d+")).first
        counter.wait_for(timeout=60_000)
        settled(page)
        assert not page.locator('[data-testid="stSidebar"]').is_visible(), "no sidebar in presentation mode"
        total = int(re.search(r"van (\d+)", counter.inner_text()).group(1))
        assert total == 12  # 5 sections + 7 proeftuinen in the demo
        heading = page.locator(".block-container h2").first
        assert float(heading.evaluate("e => getComputedStyle(e).fontSize")[:-2]) >= 40, "large type on a slide"
        titles = []
        for nr in range(1, total + 1):
            page.get_by_text(f"Dia {nr} van {total}").first.wait_for(timeout=30_000)
            page.wait_for_function(
                "() => !document.querySelector('.block-container [data-stale=\"true\"]')", timeout=30_000
            )
            titles.append(heading.inner_text())
            if nr < total:
                page.keyboard.press("ArrowRight")
        assert titles[:5] == [
            "Programma SAMEN: overzicht",
            "Kaart",
            "Cofinanciering: de 1:1-match",
            "Bijeenkomsten en opkomst",
            "Samenwerking: van nulmeting naar eindmeting",
        ]
        assert titles[5:] == sorted(titles[5:]) and all(t.startswith("Proeftuin ") for t in titles[5:])
        page.keyboard.press("ArrowLeft")
        page.get_by_text(f"Dia {total - 1} van {total}").first.wait_for(timeout=30_000)
        page.keyboard.press("Home")
        page.get_by_text(f"Dia 1 van {total}").first.wait_for(timeout=30_000)
        page.locator(".st-key-pres-menu").get_by_role("button", name="Downloaden").click()  # the bar's menu
        with page.expect_download(timeout=180_000) as download:  # built on the click (PowerPoint: the same button)
            page.get_by_role("button", name="PDF-rapport downloaden").click()
        assert open(download.value.path(), "rb").read(5).startswith(b"%PDF-")
    finally:
        page.close()
