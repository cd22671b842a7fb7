"""The browser side of the benchmark: Chromium against `streamlit run`, per page the time until it is rendered
and the bytes the server sends it over the websocket (the page's data; the static front-end is the same for
every page, including the floor, and cached by any browser)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("SAMEN_CHROMIUM", "/usr/bin/chromium")
DONE = ("document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0 && "
        "!document.querySelector('[data-testid=\"stStatusWidget\"]') && "
        "document.querySelector('[data-testid=\"stMain\"] h1') !== null")


@contextmanager
def server(script: str, url: str):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / script), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, "SAMEN_DATABASE_URL": url}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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


def _load(browser, address: str) -> tuple[float, int]:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nl-NL")
    page = context.new_page()
    received = [0]

    def on_socket(ws):
        ws.on("framereceived", lambda payload: received.__setitem__(0, received[0] + len(payload)))

    page.on("websocket", on_socket)
    started = time.perf_counter()
    page.goto(address, wait_until="domcontentloaded")
    page.wait_for_timeout(300)  # let the script run start before asking whether it has finished
    page.wait_for_function(DONE, timeout=600_000, polling=50)
    elapsed = time.perf_counter() - started
    page.wait_for_timeout(500)  # late frames (e.g. the map) still count as sent
    context.close()
    return elapsed, received[0]


def measure(url: str, pages: dict[str, str], gemeente: str) -> dict[str, dict]:
    """Per page: the first load (empty caches for its figures) and a second load (warm)."""
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"])
        with server(pages["leeg"], url) as base:
            _load(browser, base)  # the first load of a server also loads the front-end bundle
            first, sent = _load(browser, base)
            out["leeg"] = {"render_s": round(first, 3), "render_warm_s": round(_load(browser, base)[0], 3),
                           "bytes": sent}
        with server("app.py", url) as base:
            _load(browser, f"{base}/samenwerking?x=1")  # server start and front-end, outside the figures
            for page in pages:
                if page.startswith("leeg"):
                    continue
                path = "" if page == "overzicht" else page
                address = f"{base}/{path}" + (f"?gemeente={gemeente}" if page == "gemeente" else "")
                first, sent = _load(browser, address)
                out[page] = {"render_s": round(first, 3), "render_warm_s": round(_load(browser, address)[0], 3),
                             "bytes": sent}
        browser.close()
    return out
