"""Several app servers: deploy/ on localhost (deploy/start.sh with two `streamlit run` servers on the CI
PostgreSQL, Debian's nginx with deploy/nginx/samen.conf in front). An edit in the browser on server A is on
server B at its next rerun, within 2 s: the data version in every cache key, no message between servers."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from samen_data.access import accounts
from samen_data.store.db import make_engine
from tests.browser_helpers import SHOTS, free_port, needs_chromium, sign_in
from tests.conftest import PG_URL, _drop_pg
from tests.proxy_helpers import NGINX, app_servers, nginx, pin_cookies, require, served_by, websockets

pytestmark = needs_chromium
FIGURE = "Toegezegd door gemeenten"


@pytest.fixture
def shared_db(templates) -> str:
    require(bool(PG_URL), "PostgreSQL (SAMEN_TEST_DATABASE_URL)")
    url = templates.pg_copy("demo")
    engine = make_engine(url)
    accounts.add_user(engine, "beheer@samen.test", "beheer", password="beheer-wachtwoord-1")
    accounts.add_user(engine, "staf@vng.test", "vng", password="vng-wachtwoord-12")
    engine.dispose()
    yield url
    _drop_pg(url)


def _figure(page, label: str) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return metric.locator('[data-testid="stMetricValue"]').inner_text()


def test_edit_on_server_a_is_read_on_server_b(browser, shared_db, tmp_path: Path):
    require(Path(NGINX).exists(), f"nginx ({NGINX}; apt-get install nginx)")
    port_a, port_b, listen = free_port(), free_port(), free_port()
    with (
        app_servers(shared_db, [port_a, port_b], f"http://127.0.0.1:{listen}"),
        nginx(tmp_path, listen, [port_a, port_b]) as proxy,
    ):
        # Sticky: a browser without the cookie gets one; with it, nginx sends it to the same server every time.
        _, given = served_by(proxy, None)
        assert given and given.startswith("samen_server=") and "HttpOnly" in given
        pinned = pin_cookies(proxy, [port_a, port_b])
        assert all(served_by(proxy, pinned[port_a]) == (f"127.0.0.1:{port_a}", None) for _ in range(5))

        def context(port: int):
            ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="nl-NL")
            ctx.add_cookies([{"name": "samen_server", "value": pinned[port], "url": proxy}])
            return ctx, ctx.new_page()

        ctx_b, page_b = context(port_b)  # a VNG reader on server B, on Overzicht
        page_b.goto(proxy)
        sign_in(page_b, "staf@vng.test", "vng-wachtwoord-12", "Overzicht")
        page_b.get_by_text(FIGURE).first.wait_for(timeout=30_000)
        assert _figure(page_b, FIGURE) == "€ 534.000"

        ctx_a, page_a = context(port_a)  # beheer on server A edits 's-Gravenhage's investment
        page_a.goto(f"{proxy}/bijwerken")
        sign_in(page_a, "beheer@samen.test", "beheer-wachtwoord-1", "Bijwerken")
        page_a.get_by_role("combobox", name="Toezegging", exact=True).click()
        page_a.get_by_role("option", name="Stagehuis Schilderswijk · Gemeente 's-Gravenhage · € 84.000").click()
        bedrag = page_a.get_by_label("Bedrag (€)").locator("visible=true").first
        bedrag.wait_for(timeout=30_000)
        page_a.wait_for_function(
            "() => [...document.querySelectorAll('input[aria-label=\"Bedrag (€)\"]')]"
            ".some(i => i.offsetParent && i.value === '84000.00')",
            timeout=30_000,
        )
        bedrag.fill("90000.00")
        bedrag.press("Tab")
        page_a.get_by_role("button", name="Opslaan").locator("visible=true").first.click()
        page_a.get_by_text("Opgeslagen.").first.wait_for(timeout=30_000)
        written = time.monotonic()

        page_b.keyboard.press("r")  # Streamlit's rerun key: what the reader does (or any filter change)
        page_b.locator('[data-testid="stMetric"]').filter(has_text=FIGURE).filter(has_text="€ 540.000").first.wait_for(
            timeout=2_000
        )
        seen = time.monotonic() - written
        SHOTS.mkdir(parents=True, exist_ok=True)
        page_b.screenshot(path=str(SHOTS / "twee-servers-b-na-wijziging.png"), full_page=True)
        print(f"\nvan opslaan op server A tot het cijfer op server B: {seen:.2f} s")
        ctx_a.close()
        ctx_b.close()
        # Each browser's websocket (the whole app runs over it) went to its own server, through nginx.
        deadline = time.monotonic() + 10
        while len(websockets(tmp_path)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert set(websockets(tmp_path)) == {
            (pinned[port_a], f"127.0.0.1:{port_a}"),
            (pinned[port_b], f"127.0.0.1:{port_b}"),
        }
