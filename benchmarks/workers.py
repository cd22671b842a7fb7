"""Worker processes of the benchmark (one per measurement, so that memory is measured per page).

workers.py apptest URL PAGE_FILE GEMEENTE   -> cold, filter change, warm rerun, peak RSS (JSON)
workers.py apptests URL GEMEENTE PAGE_FILE... -> the same per page, each in a child forked from one warm process
                                               (imports once, then empty caches per page as in its own process)
workers.py memory URL SESSIONS RERUNS GEMEENTE -> server memory before and after many reruns (JSON)
"""

from __future__ import annotations

import gc
import json
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE_FILES = [
    "pages/overzicht.py",
    "pages/kaart.py",
    "pages/cofinanciering.py",
    "pages/bijeenkomsten.py",
    "pages/samenwerking.py",
    "pages/gemeente.py",
]
SPOREN = [["proeftuin"], ["kenniskring"], ["experiment"], ["proeftuin", "experiment"], []]


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class PeakRss:
    """Samples the process's RSS every 5 ms while a run goes on."""

    def __enter__(self):
        self.peak, self._stop = rss_mb(), threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, rss_mb())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb())


def warm_process(url: str):
    """Everything a running server already has: imports, the engine, altair's schema validator."""
    os.environ["SAMEN_DATABASE_URL"] = url
    import altair as alt
    import pandas as pd
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from samen_ui import auth, bijeenkomsten, charts, cofinanciering, data, kaart, samenwerking, setup  # noqa: F401

    data.engine()
    alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q").to_dict()
    AppTest.from_file(str(ROOT / "benchmarks" / "empty_page.py")).run()
    st.cache_data.clear()
    gc.collect()
    return AppTest, st


BEHEER = "beheer@benchmark.test"  # run.py adds this account: every page, Accounts included, signed in as beheer


def _app(AppTest, page_file: str, gemeente: str):
    at = AppTest.from_file(str(ROOT / page_file), default_timeout=600)
    at.session_state["_account_email"] = BEHEER  # samen_ui.auth's local sign-in, as tests/apptest_helpers.py
    if page_file.endswith("gemeente.py"):
        at.query_params["gemeente"] = gemeente
    return at


def _timed_run(at, action=None) -> float:
    started = time.perf_counter()
    (action() if action else at).run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    return elapsed


def apptest(url: str, page_file: str, gemeente: str) -> dict:
    AppTest, _ = warm_process(url)
    return _measure(AppTest, page_file, gemeente)


def apptests(url: str, gemeente: str, page_files: list[str]) -> dict[str, dict]:
    """Every page in its own child of one warm process: the same cold state as a fresh worker per page (nothing in
    the caches, everything imported), without paying the imports once per page."""
    AppTest, _ = warm_process(url)
    from samen_ui import data

    results = {}
    for page_file in page_files:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: its own connections (SQLAlchemy's advice after fork), one page, its answer
            os.close(read)
            data.engine().dispose(close=False)
            try:
                answer = {"ok": _measure(AppTest, page_file, gemeente)}
            except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises it
                answer = {"error": f"{page_file}: {exc!r}"}
            with os.fdopen(write, "w", encoding="utf-8") as out:
                out.write(json.dumps(answer))
            os._exit(0)
        os.close(write)
        with os.fdopen(read, encoding="utf-8") as inp:
            answer = json.loads(inp.read() or '{"error": "geen antwoord"}')
        os.waitpid(pid, 0)
        if "error" in answer:
            raise RuntimeError(answer["error"])
        results[page_file] = answer["ok"]
    return results


def _measure(AppTest, page_file: str, gemeente: str) -> dict:
    at = _app(AppTest, page_file, gemeente)
    before = rss_mb()
    with PeakRss() as peak:
        cold = _timed_run(at)
    if at.sidebar.multiselect:  # a dashboard page: a filter change, then back (served from the cache)
        spoor = at.sidebar.multiselect(key="f_sporen")
        change = _timed_run(at, lambda: spoor.set_value(["proeftuin"]))
        warm = _timed_run(at, lambda: at.sidebar.multiselect(key="f_sporen").set_value([]))
    else:  # the empty page has no filter: a plain rerun
        change = _timed_run(at)
        warm = min(_timed_run(at) for _ in range(3))
    slides = _slides(at) if page_file.endswith("presentatie.py") else None
    return {
        "slides_s": slides,
        "cold_s": round(cold, 4),
        "change_s": round(change, 4),
        "warm_s": round(warm, 4),
        "rss_before_mb": round(before, 1),
        "peak_rss_mb": round(peak.peak, 1),
        "peak_increase_mb": round(peak.peak - before, 1),
    }


def _slides(at) -> list[float]:
    """Presentatie: the Python time of each slide change ("Volgende ▶"), from the first slide round to it."""
    total = int(next(m.value for m in at.markdown if "dia's" in m.value).split()[0])
    times = []
    for _ in range(total):
        times.append(round(_timed_run(at, lambda: next(b for b in at.button if b.label == "Volgende ▶").click()), 4))
    return times


def memory(url: str, sessions: int, reruns: int, gemeente: str) -> dict:
    """Many sessions, each switching filters: the caches fill, then memory must level off."""
    AppTest, _ = warm_process(url)
    per_session = max(1, reruns // sessions)
    after: list[float] = []  # RSS after each session
    for s in range(sessions):
        at = _app(AppTest, PAGE_FILES[s % len(PAGE_FILES)], gemeente)
        at.run()
        for r in range(per_session - 1):
            at.sidebar.multiselect(key="f_sporen").set_value(SPOREN[r % len(SPOREN)]).run()
        if at.exception:
            raise RuntimeError(at.exception[0].message)
        del at
        gc.collect()
        after.append(rss_mb())
    # From the first session (a server in use) to the last; and over the second half alone, when the caches
    # hold every page and filter already: growth there would be a leak, not caching.
    start, middle, end = after[0], after[len(after) // 2 - 1], after[-1]
    return {
        "sessions": sessions,
        "reruns": sessions * per_session,
        "rss_start_mb": round(start, 1),
        "rss_end_mb": round(end, 1),
        "growth_pct": round(100 * (end - start) / start, 2),
        "growth_second_half_pct": round(100 * (end - middle) / middle, 2),
        "rss_per_session_mb": [round(v, 1) for v in after],
    }


if __name__ == "__main__":
    kind, *rest = sys.argv[1:]
    if kind == "apptest":
        result = apptest(*rest)
    elif kind == "apptests":
        result = apptests(rest[0], rest[1], rest[2:])
    else:
        result = memory(rest[0], int(rest[1]), int(rest[2]), rest[3])
    print(json.dumps(result))
