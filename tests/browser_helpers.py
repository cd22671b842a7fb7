"""Starting `streamlit run` for browser tests: a free port, a database, a working directory (its .streamlit/)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(
    db_url: str, workdir: Path = ROOT, port: int | None = None, host: str = "127.0.0.1"
) -> Iterator[str]:
    """The app on `host:port` until the block ends; fails the test with the server's output if it does not start."""
    port = port or free_port()
    log = tempfile.TemporaryFile()  # a file, not a pipe: an unread pipe fills up and stalls the server
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            host,
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=workdir,
        env={**os.environ, "SAMEN_DATABASE_URL": db_url},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://{host}:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/_stcore/health", timeout=1)
            break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        log.seek(0)
        pytest.fail("streamlit run kwam niet op: " + log.read().decode(errors="replace")[-2000:])
    try:
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:  # a graceful stop proves nothing here; do not let the test wait on it
            proc.kill()
            proc.wait(timeout=10)
        log.close()


def oidc_secrets(app_port: int, provider_port: int) -> str:
    """secrets.toml for st.login against oidc-provider-mock on localhost (the tests' identity provider)."""
    return (
        f'[auth]\nredirect_uri = "http://localhost:{app_port}/oauth2callback"\n'
        'cookie_secret = "test-cookie-geheim-0123456789"\nclient_id = "samen-dashboard"\n'
        'client_secret = "test-client-geheim"\n'
        f'server_metadata_url = "http://localhost:{provider_port}/.well-known/openid-configuration"\n'
    )


# --- Fixtures shared by the browser tests (conftest.py makes them available to every test module) ---

CHROMIUM = os.environ.get("SAMEN_CHROMIUM", "/usr/bin/chromium")
SHOTS = ROOT / "test-artifacts" / "screenshots"
needs_chromium = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason=f"Chromium ontbreekt ({CHROMIUM}); apt-get install chromium"
    ),
]


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(templates, tmp_path_factory) -> Iterator[str]:
    """One `streamlit run` on a demo database per test module (starting one costs seconds): for tests that read.
    A test that writes, or that needs the very first session of a server, takes `fresh_server`."""
    with streamlit_server(templates.sqlite_copy("demo", tmp_path_factory.mktemp("server") / "browser.db")) as base:
        yield base


@pytest.fixture
def fresh_server(templates, tmp_path) -> Iterator[str]:
    """A `streamlit run` of its own for one test, on its own demo database."""
    with streamlit_server(templates.sqlite_copy("demo", tmp_path / "browser.db")) as base:
        yield base


def settled(page, timeout: int = 30_000) -> None:
    """Wait until the page has drawn: no loading skeleton left, every chart drawn (vega-embed puts a canvas or
    an svg in it) and every map's canvas there. Instead of a fixed sleep before a screenshot or a check."""
    page.wait_for_function(
        """() => {
          const all = id => [...document.querySelectorAll(`[data-testid="${id}"]`)];
          return all("stSkeleton").length === 0 && all("stVegaLiteChart").every(c => c.querySelector("canvas, svg"))
            && all("stDeckGlJsonChart").every(c => c.querySelector("canvas"));
        }""",
        timeout=timeout,
    )


BLOCKING = ("serious", "critical", "moderate")
_axe = Axe()
AXE_DIR = ROOT / "test-artifacts" / "axe"


def axe_check(page, name: str) -> list[str]:
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


def sign_in(page, email: str, password: str, title: str) -> None:
    """The local sign-in form, then wait for the page it opens (a local sign-in lives in the session)."""
    page.get_by_role("heading", name="Inloggen", exact=True).first.wait_for(timeout=60_000)
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=60_000)


@pytest.fixture
def accounts_url(templates, tmp_path) -> str:
    """A demo database with a gemeente account (signs in through the identity provider) and a VNG account
    (password `vng-wachtwoord-12`)."""
    from samen_data.access import accounts
    from samen_data.store.db import make_engine

    url = templates.sqlite_copy("demo", tmp_path / "login.db")
    engine = make_engine(url)
    accounts.add_user(engine, "ambtenaar@vaals.test", "gemeente", gemeente="GM0981")  # via the identity provider
    accounts.add_user(engine, "staf@vng.test", "vng", password="vng-wachtwoord-12")
    engine.dispose()
    return url
