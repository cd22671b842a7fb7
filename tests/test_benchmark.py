"""Smoke run of benchmarks/run.py at the smallest scale on SQLite: it works and reports every figure.
(No timed assertions: the speed itself is measured by the script, not judged by the tests.)"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE_FIELDS = {"cold_s", "change_s", "warm_s", "peak_rss_mb", "warm_vs_floor"}
NAIVE_FIELDS = {"naive_s", "naive_vs_page_warm"}


def _script():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_smoke_run_reports_every_field(tmp_path):
    run = _script()
    out = tmp_path / "results.json"
    assert (
        run.main(
            [
                "--scale",
                "tiny",
                "--backends",
                "sqlite",
                "--data-dir",
                str(tmp_path),
                "--out",
                str(out),
                "--sessions",
                "2",
                "--reruns",
                "4",
                "--no-browser",
            ]
        )
        == 0
    )
    results = json.loads(out.read_text(encoding="utf-8"))
    assert {"commit", "machine", "versions", "scale", "scale_rows", "targets", "generated", "backends"} <= set(results)
    assert results["scale"] == "tiny" and results["versions"]["streamlit"]
    assert results["generated"]["sqlite"]["counts"]["aanwezigheid"] == results["scale_rows"]["aanwezigheid"]
    sqlite = results["backends"]["sqlite"]
    assert set(sqlite["pages"]) == set(run.PAGES)
    for page, figures in sqlite["pages"].items():
        floors = (run.FLOOR, run.SIDEBAR)
        expected = (
            {"cold_s", "change_s", "warm_s", "peak_rss_mb"}
            if page in floors
            else PAGE_FIELDS | (NAIVE_FIELDS if page in run.NAIVE else set())
        )
        assert expected <= set(figures), page
        assert all(figures[k] > 0 for k in expected), page
    assert set(sqlite["checks"]) == set(run.PAGES) - {run.FLOOR, run.SIDEBAR} | {
        "memory_growth_lt_10pct",
        "memory_growth_second_half_lt_10pct",
    }
    assert sqlite["memory"]["reruns"] == 4 and len(sqlite["memory"]["rss_per_session_mb"]) == 2
    slides = sqlite["pages"]["presentatie"]["slides_s"]  # every slide change of the deck timed
    assert slides and all(t > 0 for t in slides)
    assert {"gegevens", "wijzigingen", "bijwerken", "accounts"} <= set(sqlite["pages"])  # signed in as beheer
    assert sqlite["pages"]["accounts"]["cold_s"] > 0 and "load_average" in sqlite
    table = out.with_suffix(".md").read_text(encoding="utf-8")
    assert "| kaart |" in table and "| accounts |" in table and "Geheugen over 4 reruns in 2 sessies" in table
