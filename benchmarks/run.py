"""Benchmark of every page on a generated database, on SQLite and PostgreSQL, against the floor (an empty
Streamlit page) and a naive peer (raw tables into pandas). A script, not a test:

    python benchmarks/run.py --scale national --pg-url postgresql://postgres@127.0.0.1:5432/samen_bench

Prints a table and writes benchmarks/results.json. Per page (AppTest, each page in a fresh worker process
that has already imported everything and opened the database, so cold = empty data caches): the cold run, a
filter change and the warm rerun back to the previous filters, and the process's peak memory. In Chromium
against `streamlit run`: time until the page is rendered and the bytes the server sends it over its websocket.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from samen_data import generate, queries  # noqa: E402
from samen_data.db import make_engine, normalize_url  # noqa: E402
from samen_data.filters import Filters  # noqa: E402
from samen_data.info import row_counts  # noqa: E402

FLOOR = "leeg"
SIDEBAR = "leeg_filters"  # context only: what the shared sidebar alone costs; the targets use FLOOR
PAGES = {FLOOR: "benchmarks/empty_page.py", SIDEBAR: "benchmarks/filters_page.py", "overzicht": "pages/overzicht.py", "kaart": "pages/kaart.py",
         "cofinanciering": "pages/cofinanciering.py", "bijeenkomsten": "pages/bijeenkomsten.py",
         "samenwerking": "pages/samenwerking.py", "gemeente": "pages/gemeente.py"}
TARGETS = {"warm_vs_floor_max": 2.0, "cold_max_s": 1.0, "naive_vs_page_min": 20.0, "bytes_max": 1_000_000,
           "memory_growth_max_pct": 10.0}


def prepare(backend: str, scale: str, pg_url: str | None, data_dir: Path) -> tuple[str, dict]:
    """A database at the scale: generated once and reused (its row counts say whether it is complete)."""
    if backend == "sqlite":
        data_dir.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{data_dir / f'bench_{scale}.db'}"
    else:
        base = make_url(normalize_url(pg_url))
        url = base.set(database=f"{base.database}_{scale}").render_as_string(hide_password=False)
    expected = generate.SCALES[scale]
    engine = make_engine(url) if backend == "sqlite" or _pg_exists(url) else None
    try:
        if engine is not None and row_counts(engine).get("aanwezigheid") == expected.aanwezigheid:
            return url, {"reused": True, "counts": row_counts(engine)}
    except Exception:  # no schema yet
        pass
    _recreate(backend, url)
    engine = make_engine(url)
    started = time.perf_counter()
    counts = generate.generate(engine, scale)
    return url, {"reused": False, "seconds": round(time.perf_counter() - started, 1), "counts": counts}


def _admin(url: str):
    return create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def _pg_exists(url: str) -> bool:
    with _admin(url).connect() as conn:
        return bool(conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                 {"n": make_url(url).database}).scalar())


def _recreate(backend: str, url: str) -> None:
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(make_url(url).database + suffix).unlink(missing_ok=True)
        return
    name = make_url(url).database
    with _admin(url).connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))


def default_selection(url: str) -> tuple[Filters, str]:
    """What a user sees first: the newest programme over its whole period; its gemeente with most participants."""
    engine = make_engine(url)
    p = queries.programmas(engine).iloc[0]
    gemeenten = queries.gemeenten_met_deelnemers(engine, p["code"]).sort_values("deelnemers", ascending=False)
    return Filters(programma=p["code"], van=p["startdatum"], tot=p["einddatum"]), gemeenten.iloc[0]["cbs_code"]


def _worker(args: list[str]) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, str(Path(__file__).parent / "workers.py"), *args], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=1800)
    if out.returncode:
        raise RuntimeError(f"worker {args[:2]} faalde:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def naive_seconds(url: str, page: str, f: Filters, gemeente: str) -> float:
    import naive

    engine = make_engine(url)
    if page == "gemeente":
        f = Filters(programma=f.programma, van=f.van, tot=f.tot, gemeente=gemeente)
    started = time.perf_counter()
    naive.run(engine, page, f)
    return time.perf_counter() - started


def measure(backend: str, url: str, args) -> dict:
    f, gemeente = default_selection(url)
    pages = {}
    for page, path in PAGES.items():
        print(f"  {backend} {page} …", flush=True)
        pages[page] = _worker(["apptest", url, path, gemeente])
        if page not in (FLOOR, SIDEBAR):
            pages[page]["naive_s"] = round(naive_seconds(url, page, f, gemeente), 4)
    if not args.no_browser:
        import browser

        for page, figures in browser.measure(url, PAGES, gemeente).items():
            pages[page].update(figures)
    memory = _worker(["memory", url, str(args.sessions), str(args.reruns), gemeente])
    return {"url": make_url(url).render_as_string(hide_password=True), "selection": {
        "programma": f.programma, "van": str(f.van), "tot": str(f.tot), "gemeente": gemeente},
        "pages": pages, "memory": memory, "checks": checks(pages, memory)}


def checks(pages: dict, memory: dict) -> dict:
    """Every ratio against its target (None where the figure was not measured)."""
    floor = pages[FLOOR]
    out = {}
    for page, p in pages.items():
        if page in (FLOOR, SIDEBAR):
            continue
        p["warm_vs_sidebar"] = round(p["warm_s"] / pages[SIDEBAR]["warm_s"], 2)
        p["warm_vs_floor"] = round(p["warm_s"] / floor["warm_s"], 2)
        p["naive_vs_page_cold"] = round(p["naive_s"] / p["cold_s"], 3)  # 3 decimals: tiny scales give ratios < 0.05
        p["naive_vs_page_warm"] = round(p["naive_s"] / p["warm_s"], 3)
        if "render_s" in p:
            p["render_vs_floor"] = round(p["render_s"] / floor["render_s"], 2)
        out[page] = {
            "warm_le_2x_floor": p["warm_vs_floor"] <= TARGETS["warm_vs_floor_max"],
            "cold_le_1s": p["cold_s"] <= TARGETS["cold_max_s"],
            "naive_ge_20x_cold": p["naive_vs_page_cold"] >= TARGETS["naive_vs_page_min"],
            "naive_ge_20x_warm": p["naive_vs_page_warm"] >= TARGETS["naive_vs_page_min"],
            "bytes_le_1mb": None if "bytes" not in p else p["bytes"] <= TARGETS["bytes_max"],
        }
    out["memory_growth_lt_10pct"] = memory["growth_pct"] < TARGETS["memory_growth_max_pct"]
    out["memory_growth_second_half_lt_10pct"] = memory["growth_second_half_pct"] < TARGETS["memory_growth_max_pct"]
    return out


def versions() -> dict:
    from importlib.metadata import version

    out = {"python": platform.python_version()}
    out.update({name: version(name) for name in ("streamlit", "pandas", "SQLAlchemy", "psycopg", "altair", "pydeck")})
    import sqlite3

    out["sqlite"] = sqlite3.sqlite_version
    return out


def table(results: dict) -> str:
    head = (f"{'db':10} {'page':15} {'cold s':>7} {'change s':>8} {'warm s':>7} {'warm/floor':>10} {'render s':>8} "
            f"{'bytes':>9} {'peak MB':>8} {'naive s':>8} {'naive/cold':>10} {'naive/warm':>10}")
    lines = [head, "-" * len(head)]
    for backend, r in results["backends"].items():
        for page, p in r["pages"].items():
            def cell(key, fmt, width):
                return f"{p[key]:{width}{fmt}}" if p.get(key) is not None else f"{'–':>{width}}"
            lines.append(f"{backend:10} {page:15} {cell('cold_s', '.3f', 7)} {cell('change_s', '.3f', 8)} "
                         f"{cell('warm_s', '.3f', 7)} {cell('warm_vs_floor', '.2f', 10)} {cell('render_s', '.2f', 8)} "
                         f"{cell('bytes', 'd', 9)} {cell('peak_rss_mb', '.0f', 8)} {cell('naive_s', '.2f', 8)} "
                         f"{cell('naive_vs_page_cold', '.1f', 10)} {cell('naive_vs_page_warm', '.1f', 10)}")
        m = r["memory"]
        lines.append(f"{backend:10} memory over {m['reruns']} reruns in {m['sessions']} sessions: "
                     f"{m['rss_start_mb']:.0f} MB -> {m['rss_end_mb']:.0f} MB ({m['growth_pct']:+.1f}%; "
                     f"second half {m['growth_second_half_pct']:+.1f}%)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=list(generate.SCALES), default="national")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default=os.environ.get("SAMEN_BENCH_DATABASE_URL"),
                        help="PostgreSQL-server; de benchmark maakt er de database <naam>_<schaal> naast")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "benchmarks" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.json")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--reruns", type=int, default=200)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    commit = os.environ.get("SAMEN_COMMIT") or subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    results = {"commit": commit, "machine": {"platform": platform.platform(), "processor": platform.machine(),
                           "cpus": os.cpu_count()}, "versions": versions(), "scale": args.scale,
               "scale_rows": vars(generate.SCALES[args.scale]), "targets": TARGETS, "generated": {}, "backends": {}}
    for backend in args.backends.split(","):
        if backend == "postgresql" and not args.pg_url:
            parser.error("--pg-url (of SAMEN_BENCH_DATABASE_URL) is nodig voor postgresql")
        url, generated = prepare(backend, args.scale, args.pg_url, args.data_dir)
        results["generated"][backend] = generated
        results["backends"][backend] = measure(backend, url, args)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    args.out.with_suffix(".txt").write_text(table(results) + "\n", encoding="utf-8")  # the table, committed beside it
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
