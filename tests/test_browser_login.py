"""Sign-in in a real browser: the real st.login flow against a local OIDC provider (oidc-provider-mock),
the local-account form, sign-out, and deep links on a fresh server while signed out (the sign-in and nothing else)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests import browser_helpers
from tests.browser_helpers import (
    ROOT,
    SHOTS,
    axe_check,
    free_port,
    needs_chromium,
    oidc_secrets,
    settled,
    streamlit_server,
)

# Signed out, the very first session of a fresh server (the page file runs without app.py): in the browser for the
# root (test_local_sign_in_and_sign_out), a page of detail rows with a gemeente in its link
# (test_browser_landing.py::test_a_link_survives_the_local_sign_in) and the edit page (here). Every page file
# alone, signed out, in tests/test_pages.py (test_page_without_app_py_signed_out_shows_only_the_sign_in).
APP_PAGES = ["bijwerken"]
pytestmark = needs_chromium


def __getattr__(name: str):
    """`accounts_url` (a fixture, offered by conftest.py) and CHROMIUM moved to browser_helpers; importing
    them from here still works."""
    return getattr(browser_helpers, name)


def _streamlit(workdir: Path, db_url: str, port: int | None = None):
    return streamlit_server(db_url, workdir, port, host="localhost")  # localhost: the OIDC redirect's host


def _workdir(tmp_path: Path, secrets: str = "") -> Path:
    """Streamlit reads .streamlit/ from the working directory: the project's config plus these secrets."""
    workdir = tmp_path / "werk"
    (workdir / ".streamlit").mkdir(parents=True)
    shutil.copy(ROOT / ".streamlit" / "config.toml", workdir / ".streamlit" / "config.toml")
    if secrets:
        (workdir / ".streamlit" / "secrets.toml").write_text(secrets, encoding="utf-8")
    return workdir


def _wait_heading(page, name: str) -> None:
    page.get_by_role("heading", name=name, exact=True).first.wait_for(timeout=60_000)


def only_the_sign_in(page) -> None:
    """The sign-in form is drawn and the page stopped after it: no figure, no name, no error."""
    _wait_heading(page, "Inloggen")
    page.get_by_label("Wachtwoord").wait_for(timeout=30_000)
    settled(page)
    body = page.locator("body").inner_text()
    assert "€" not in body and "Vaals" not in body and "Deelnemers" not in body, body[:500]
    assert page.locator('[data-testid="stException"]').count() == 0


def _after_sign_out(page) -> None:
    """st.logout may pass by the provider, which asks to confirm the end of the session; either way the
    app's sign-in must follow."""
    confirm = page.get_by_role("button", name="End session")
    heading = page.get_by_role("heading", name="Inloggen", exact=True)
    confirm.or_(heading).first.wait_for(timeout=60_000)
    if confirm.count() and confirm.first.is_visible():
        confirm.first.click()
    heading.first.wait_for(timeout=60_000)


def test_oidc_sign_in_maps_the_email_to_its_role(browser, accounts_url, tmp_path):
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread() as provider:
        port = free_port()
        secrets = oidc_secrets(port, provider.server_port)
        workdir = _workdir(tmp_path, secrets)
        with _streamlit(workdir, accounts_url, port) as base:
            page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="nl-NL")
            # The provider's pages load a stylesheet from the internet; there is none here, so fail it fast.
            page.route(re.compile(r"^https?://(?!localhost[:/])"), lambda route: route.abort())
            page.goto(base)
            _wait_heading(page, "Inloggen")
            page.get_by_role("button", name="Inloggen met uw organisatie-account").click()
            page.locator("input[name=sub]").fill("ambtenaar@vaals.test")
            page.get_by_role("button", name="Authorize").click()
            _wait_heading(page, "Overzicht")
            page.get_by_text("ambtenaar@vaals.test · Gemeente (GM0981)").wait_for(timeout=30_000)
            settled(page)
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "inloggen-oidc-gemeente.png"), full_page=True)
            page.get_by_role("button", name="Uitloggen").click()
            _after_sign_out(page)
            page.get_by_role("button", name="Inloggen met uw organisatie-account").click()
            page.locator("input[name=sub]").fill("onbekend@elders.test")
            page.get_by_role("button", name="Authorize").click()
            page.get_by_text("heeft geen rol in het SAMEN-dashboard").wait_for(timeout=60_000)
            page.close()


def test_local_sign_in_and_sign_out(browser, accounts_url, tmp_path):
    with _streamlit(_workdir(tmp_path), accounts_url) as base:
        page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="nl-NL")
        page.goto(base)  # the root as the first page of a fresh server, signed out
        only_the_sign_in(page)
        assert axe_check(page, "inloggen") == []  # the sign-in screen itself: no serious or critical violation
        page.get_by_label("E-mailadres").fill("staf@vng.test")
        page.get_by_label("Wachtwoord").fill("vng-wachtwoord-12")
        page.get_by_role("button", name="Inloggen", exact=True).click()
        _wait_heading(page, "Overzicht")
        page.get_by_text("staf@vng.test · VNG").wait_for(timeout=30_000)
        page.get_by_role("button", name="Uitloggen").click()
        _wait_heading(page, "Inloggen")
        page.close()


@pytest.mark.parametrize("path", APP_PAGES, ids=lambda p: p.split("?")[0] or "overzicht")
def test_deep_link_signed_out_on_fresh_server_shows_only_the_sign_in(browser, accounts_url, tmp_path, path):
    with _streamlit(_workdir(tmp_path), accounts_url) as base:
        page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="nl-NL")
        page.goto(f"{base}/{path}")
        only_the_sign_in(page)
        page.close()
