"""The browser side of the benchmark: Chromium against `streamlit run`, per page the time until it is rendered
and the bytes the server sends it over the websocket (the page's data; the static front-end is the same for
every page, including the floor, and cached by any browser): the payload, and what permessage-deflate puts on
the wire of it (the app's config turns websocket compression on; counted with zlib as RFC 7692 does, one
compressor per connection)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import zlib
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("SAMEN_CHROMIUM", "/usr/bin/chromium")
DONE = (
    "document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0 && "
    "!document.querySelector('[data-testid=\"stStatusWidget\"]') && "
    "document.querySelector('[data-testid=\"stMain\"] h1') !== null && "
    "document.querySelector('[data-testid=\"stMain\"] h1').innerText.trim() !== 'Inloggen'"
)
SIGNIN = (
    "document.querySelector('[data-testid=\"stMain\"] h1') !== null && "
    "document.querySelector('[data-testid=\"stMain\"] h1').innerText.trim() === 'Inloggen' && "
    "document.querySelector('input[type=\"password\"]') !== null"
)
BEHEER, WACHTWOORD = "beheer@benchmark.test", "benchmark-wachtwoord-12"  # run.py adds this account


@contextmanager
def server(script: str, url: str):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / script),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env={**os.environ, "SAMEN_DATABASE_URL": url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _load(browser, address: str, signed_in: bool = True) -> tuple[float, int, int]:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nl-NL")
    page = context.new_page()
    received = [0, 0]  # the payload, and what permessage-deflate sends of it (RFC 7692, context kept)
    deflate = zlib.compressobj(wbits=-12)  # the window Streamlit (uvicorn) offers: 2**12

    def on_frame(payload) -> None:
        data = payload if isinstance(payload, bytes) else payload.encode()
        received[0] += len(data)
        received[1] += len(deflate.compress(data) + deflate.flush(zlib.Z_SYNC_FLUSH)) - 4  # 00 00 ff ff not sent

    def on_socket(ws):
        ws.on("framereceived", on_frame)

    page.on("websocket", on_socket)
    started = time.perf_counter()
    page.goto(address, wait_until="domcontentloaded")
    page.wait_for_timeout(300)  # let the script run start before asking whether it has finished
    if signed_in:  # a dashboard page: sign in as beheer (the form keeps the page); timed from the click
        page.wait_for_function(SIGNIN, timeout=600_000, polling=50)
        page.get_by_label("E-mailadres").fill(BEHEER)
        page.get_by_label("Wachtwoord").fill(WACHTWOORD)
        received[0] = received[1] = 0
        started = time.perf_counter()
        page.get_by_role("button", name="Inloggen", exact=True).click()
        page.wait_for_timeout(300)
    page.wait_for_function(DONE, timeout=600_000, polling=50)
    elapsed = time.perf_counter() - started
    page.wait_for_timeout(500)  # late frames (e.g. the map) still count as sent
    context.close()
    return elapsed, received[0], received[1]


def measure(url: str, pages: dict[str, str], gemeente: str, repeats: int = 3) -> dict[str, dict]:
    """Per page: `repeats` loads, the first with empty caches for its figures; the best of them, and the bytes."""
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        )
        with server(pages["leeg"], url) as base:
            _load(browser, base, False)  # the first load of a server also loads the front-end bundle
            runs = [_load(browser, base, False) for _ in range(repeats)]
            out["leeg"] = {
                "render_s": round(runs[0][0], 3),
                "render_best_s": round(min(r[0] for r in runs), 3),
                "bytes": runs[0][1],
                "wire_bytes": runs[0][2],
            }
        with server("app.py", url) as base:
            _load(browser, f"{base}/samenwerking?x=1")  # server start and front-end, outside the figures
            for page in pages:
                if page.startswith("leeg"):
                    continue
                path = "" if page == "overzicht" else page
                address = f"{base}/{path}" + (f"?gemeente={gemeente}" if page == "gemeente" else "")
                runs = [_load(browser, address) for _ in range(repeats)]  # the first with empty caches
                out[page] = {
                    "render_s": round(runs[0][0], 3),
                    "render_best_s": round(min(r[0] for r in runs), 3),
                    "bytes": runs[-1][1],
                    "wire_bytes": runs[-1][2],
                }
        browser.close()
    return out
