"""Where a user lands, in a real browser against `streamlit run`: a shared link through the local sign-in and
through st.login with an identity provider (oidc-provider-mock), and an unknown page in Dutch."""

from __future__ import annotations

import re

from tests.browser_helpers import free_port, needs_chromium, oidc_secrets
from tests.test_browser_login import _streamlit, _wait_heading, _workdir, only_the_sign_in

pytestmark = needs_chromium


def _lands_on_gemeente(page, shown: str, code: str) -> None:
    _wait_heading(page, "Gemeente")
    page.get_by_role("heading", name=re.compile(re.escape(f"{shown} ({code})"))).wait_for(timeout=30_000)
    assert page.url.endswith(f"/gemeente?gemeente={code}"), page.url


def test_a_link_survives_the_local_sign_in(browser, accounts_url, tmp_path):
    with _streamlit(_workdir(tmp_path), accounts_url) as base:
        page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="nl-NL")
        page.goto(f"{base}/gemeente?gemeente=GM0981")  # the first page of a fresh server, signed out
        only_the_sign_in(page)
        page.get_by_label("E-mailadres").fill("staf@vng.test")
        page.get_by_label("Wachtwoord").fill("vng-wachtwoord-12")
        page.get_by_role("button", name="Inloggen", exact=True).click()
        _lands_on_gemeente(page, "Vaals", "GM0981")
        page.close()


def test_a_link_survives_the_sign_in_with_an_identity_provider(browser, accounts_url, tmp_path):
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread() as provider:
        port = free_port()
        secrets = oidc_secrets(port, provider.server_port)
        with _streamlit(_workdir(tmp_path, secrets), accounts_url, port) as base:
            page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="nl-NL")
            page.route(re.compile(r"^https?://(?!localhost[:/])"), lambda route: route.abort())
            page.goto(f"{base}/gemeente?gemeente=GM0796")
            _wait_heading(page, "Inloggen")
            page.get_by_role("button", name="Inloggen met uw organisatie-account").click()
            page.locator("input[name=sub]").fill("staf@vng.test")
            page.get_by_role("button", name="Authorize").click()  # the provider sends the tab back to the root
            _lands_on_gemeente(page, "'s-Hertogenbosch", "GM0796")
            page.close()


def test_an_unknown_page_is_told_in_dutch(browser, accounts_url, tmp_path):
    with _streamlit(_workdir(tmp_path), accounts_url) as base:
        # First the very first session of a fresh server (Streamlit's pages/-folder router), then a later one.
        for _ in range(2):
            page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="nl-NL")
            page.goto(f"{base}/bestaatniet")
            _wait_heading(page, "Pagina niet gevonden")
            page.get_by_text("Het SAMEN-dashboard heeft geen pagina /bestaatniet.").wait_for(timeout=30_000)
            # Streamlit's dialog is sent before app.py runs, so it is in the page by now if it came at all; the
            # Dutch page closes it.
            page.get_by_role("dialog").wait_for(state="detached", timeout=10_000)
            body = page.locator("body").inner_text()
            assert "Page not found" not in body and "does not seem to exist" not in body, body
            page.get_by_role("link", name="Naar de startpagina").click()
            _wait_heading(page, "Inloggen")
            page.close()
