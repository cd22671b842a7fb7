"""Accessibility in a real Chromium: axe-core on every page and on every slide of the presentation, the page
language (every page's figures drawn without an exception, a screenshot each), and the presentation on a 1920×1080 projector driven by the keyboard alone.

Fails on any serious, critical or moderate axe violation (WCAG 2.1 AA is the Dutch government's norm; moderate
too, since every page is clean of those now, e.g. the heading order). The results per
page go to test-artifacts/axe/*.json, the slides to test-artifacts/screenshots/dia-NN.png."""

from __future__ import annotations

import json
import re

from axe_playwright_python.sync_playwright import Axe

from tests.browser_helpers import ROOT, SHOTS, needs_chromium, settled

pytestmark = needs_chromium

AXE_DIR = ROOT / "test-artifacts" / "axe"
PAGES = {  # path -> (title, a text that shows the page drew its figures, screenshot name)
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
BLOCKING = ("serious", "critical", "moderate")
_axe = Axe()


def _check(page, name: str) -> list[str]:
    """Run axe (all rules), save the result, return the blocking violations."""
    violations = _axe.run(page).response["violations"]
    AXE_DIR.mkdir(parents=True, exist_ok=True)
    summary = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": len(v["nodes"]),
            "targets": [n["target"] for n in v["nodes"][:5]],
            "html": [n["html"][:200] for n in v["nodes"][:5]],
        }
        for v in violations
    ]
    (AXE_DIR / f"{name}.json").write_text(
        json.dumps({"page": name, "violations": summary}, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    print(f"axe {name}: " + (", ".join(f"{v['impact']} {v['id']}×{v['nodes']}" for v in summary) or "0 violations"))
    return [f"{v['impact']} {v['id']}: {v['help']} {v['targets']}" for v in summary if v["impact"] in BLOCKING]


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
            if found := _check(page, name.split("-")[0]):
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
        failures, titles = {}, []
        SHOTS.mkdir(parents=True, exist_ok=True)
        for nr in range(1, total + 1):
            page.get_by_text(f"Dia {nr} van {total}").first.wait_for(timeout=30_000)
            settled(page)
            titles.append(heading.inner_text())
            page.screenshot(path=str(SHOTS / f"dia-{nr:02d}.png"))
            if found := _check(page, f"presentatie-dia-{nr:02d}"):
                failures[nr] = found
            if nr < total:
                page.keyboard.press("ArrowRight")
        assert not failures, failures
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
        for label, magic in (("PDF-rapport downloaden", b"%PDF-"), ("PowerPoint downloaden", b"PK")):
            with page.expect_download(timeout=180_000) as download:  # the deck is built on the click (3 s idle)
                page.get_by_role("button", name=label).click()
            assert open(download.value.path(), "rb").read(5).startswith(magic), label
    finally:
        page.close()
