"""Benchmark of every page on a generated database, on SQLite and PostgreSQL, against the floor (an empty
Streamlit page) and a naive peer (raw tables into pandas). A script, not a test:

    python benchmarks/run.py --scale national --pg-url postgresql://postgres@127.0.0.1:5432/samen_bench

Writes benchmarks/results.json and results.md (a table per database, with the commit and the machine's load).
Every page is measured signed in as beheer (an account the script adds). Per page (AppTest, each page in a fresh
worker process (forked from one) that has already imported everything and opened the database, so cold = empty
data caches): the
cold run, a filter change and the warm rerun back to the previous filters, every slide change of Presentatie, and
the process's peak memory. In Chromium against `streamlit run`: the best of --repeats loads until the page is
drawn (timed from the click on Inloggen) and the bytes the server sends over its websocket. The floor, an empty
Streamlit page, is measured in the same run. Quick try: --scale small --backends sqlite.
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

from samen_data import queries  # noqa: E402
from samen_data.demo import generate  # noqa: E402
from samen_data.filters import Filters  # noqa: E402
from samen_data.store.db import make_engine, normalize_url  # noqa: E402
from samen_data.store.info import row_counts  # noqa: E402

FLOOR = "leeg"
SIDEBAR = "leeg_filters"  # context only: what the shared sidebar alone costs; the targets use FLOOR
PAGES = {
    FLOOR: "benchmarks/empty_page.py",
    SIDEBAR: "benchmarks/filters_page.py",
    "overzicht": "pages/overzicht.py",
    "kaart": "pages/kaart.py",
    "cofinanciering": "pages/cofinanciering.py",
    "bijeenkomsten": "pages/bijeenkomsten.py",
    "samenwerking": "pages/samenwerking.py",
    "gemeente": "pages/gemeente.py",
    "presentatie": "pages/presentatie.py",
    "gegevens": "pages/gegevens.py",
    "wijzigingen": "pages/wijzigingen.py",
    "bijwerken": "pages/bijwerken.py",
    "accounts": "pages/accounts.py",
}
TARGETS = {
    "render_vs_floor_max": 1.5,
    "slide_change_max_s": 0.5,
    "filter_change_max_s": 0.5,
    "cold_max_s": 0.5,
    "warm_vs_floor_max": 5.0,
    "bytes_max": 250_000,
    "memory_growth_max_pct": 10.0,
}
NAIVE = {"overzicht", "kaart", "cofinanciering", "bijeenkomsten", "samenwerking", "gemeente"}  # naive.py's pages


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
            _beheer(engine)
            return url, {"reused": True, "counts": row_counts(engine)}
    except Exception:  # no schema yet
        pass
    _recreate(backend, url)
    engine = make_engine(url)
    started = time.perf_counter()
    counts = generate.generate(engine, scale)
    _beheer(engine)
    return url, {"reused": False, "seconds": round(time.perf_counter() - started, 1), "counts": counts}


def _beheer(engine) -> None:
    """The beheer account every page is measured as (browser.BEHEER; workers.BEHEER)."""
    from samen_data.access import accounts

    if not any(a.email == "beheer@benchmark.test" for a in accounts.list_users(engine)):
        accounts.add_user(engine, "beheer@benchmark.test", "beheer", password="benchmark-wachtwoord-12")


def _admin(url: str):
    return create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def _pg_exists(url: str) -> bool:
    with _admin(url).connect() as conn:
        return bool(
            conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": make_url(url).database}).scalar()
        )


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
    out = subprocess.run(
        [sys.executable, str(Path(__file__).parent / "workers.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
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
    print(f"  {backend}: {len(PAGES)} pagina's …", flush=True)
    measured = _worker(["apptests", url, gemeente, *PAGES.values()])
    pages = {}
    for page, path in PAGES.items():
        pages[page] = measured[path]
        if page in NAIVE:
            pages[page]["naive_s"] = round(naive_seconds(url, page, f, gemeente), 4)
    if not args.no_browser:
        import browser

        for page, figures in browser.measure(url, PAGES, gemeente, args.repeats).items():
            pages[page].update(figures)
    memory = _worker(["memory", url, str(args.sessions), str(args.reruns), gemeente])
    load = os.getloadavg()
    return {
        "url": make_url(url).render_as_string(hide_password=True),
        "selection": {"programma": f.programma, "van": str(f.van), "tot": str(f.tot), "gemeente": gemeente},
        "pages": pages,
        "memory": memory,
        "load_average": [round(x, 2) for x in load],
        "checks": checks(pages, memory),
    }


def checks(pages: dict, memory: dict) -> dict:
    """Every figure against its target (None where it was not measured)."""
    floor = pages[FLOOR]
    out = {}
    for page, p in pages.items():
        if page in (FLOOR, SIDEBAR):
            continue
        p["warm_vs_floor"] = round(p["warm_s"] / floor["warm_s"], 2)
        if "naive_s" in p:
            p["naive_vs_page_warm"] = round(p["naive_s"] / p["warm_s"], 3)
        if "render_best_s" in p:
            p["render_vs_floor"] = round(p["render_best_s"] / floor["render_best_s"], 2)
        out[page] = {
            "drawn_le_1_5x_floor": None
            if "render_vs_floor" not in p
            else p["render_vs_floor"] <= TARGETS["render_vs_floor_max"],
            "filter_change_le_0_5s": p["change_s"] <= TARGETS["filter_change_max_s"],
            "cold_le_0_5s": p["cold_s"] <= TARGETS["cold_max_s"],
            "warm_le_5x_floor": p["warm_vs_floor"] <= TARGETS["warm_vs_floor_max"],
            # What is sent: the compressed frames (websocket compression is on in .streamlit/config.toml).
            "bytes_le_250kb": None if "bytes" not in p else p.get("wire_bytes", p["bytes"]) <= TARGETS["bytes_max"],
        }
        if p.get("slides_s"):
            out[page]["slide_change_le_0_5s"] = max(p["slides_s"]) <= TARGETS["slide_change_max_s"]
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


def _nl(value: float, digits: int) -> str:
    return f"{value:,.{digits}f}".replace(",", " ").replace(".", ",")


def _mark(ok) -> str:
    return "–" if ok is None else ("✓" if ok else "✗")


def table(results: dict) -> str:
    """results.md: per database a table (page, drawn best of N, × empty page, cold, warm, kB, targets met)."""
    t = results["targets"]
    lines = [
        f"# Benchmark, schaal {results['scale']}, commit {results['commit']}",
        "",
        f"Doelen: getekend ≤ {_nl(t['render_vs_floor_max'], 1)}× lege pagina; dia- en filterwissel ≤ "
        f"{_nl(t['slide_change_max_s'], 1)} s; Python koud ≤ {_nl(t['cold_max_s'], 1)} s, warm ≤ "
        f"{_nl(t['warm_vs_floor_max'], 0)}× lege pagina; ≤ {t['bytes_max'] // 1000} kB per pagina.",
        "",
    ]
    for backend, r in results["backends"].items():
        floor = r["pages"][FLOOR]
        lines += [
            f"## {backend} (belasting {', '.join(_nl(x, 2) for x in r['load_average'])})",
            "",
            "Lege pagina: getekend "
            + (f"{_nl(floor['render_best_s'], 2)} s" if "render_best_s" in floor else "–")
            + f", Python koud "
            f"{_nl(floor['cold_s'], 3)} s, warm {_nl(floor['warm_s'], 4)} s.",
            "",
            "| pagina | getekend (best of 3) | × lege pagina | filterwissel | koud | warm | × leeg warm "
            "| kB inhoud / verstuurd | doel |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for page, p in r["pages"].items():
            if page in (FLOOR, SIDEBAR):
                continue
            c = r["checks"][page]
            drawn = "–" if "render_best_s" not in p else f"{_nl(p['render_best_s'], 2)} s"
            ratio = "–" if "render_vs_floor" not in p else f"{_nl(p['render_vs_floor'], 1)}×"
            kb = "–" if "bytes" not in p else _nl(p["bytes"] / 1000, 0)
            if "wire_bytes" in p:
                kb += f" / {_nl(p['wire_bytes'] / 1000, 0)}"
            marks = " ".join(f"{k.split('_le_')[0]} {_mark(v)}" for k, v in c.items())
            lines.append(
                f"| {page} | {drawn} | {ratio} | {_nl(p['change_s'], 3)} s | {_nl(p['cold_s'], 3)} s | "
                f"{_nl(p['warm_s'], 3)} s | {_nl(p['warm_vs_floor'], 0)}× | {kb} | {marks} |"
            )
            if p.get("slides_s"):
                lines.append(
                    f"| {page}: dia's (Python, per wissel) | "
                    + " · ".join(_nl(x, 2) for x in p["slides_s"])
                    + " s | | | | | | | |"
                )
        m = r["memory"]
        lines += [
            "",
            f"Geheugen over {m['reruns']} reruns in {m['sessions']} sessies: {m['rss_start_mb']:.0f} MB → "
            f"{m['rss_end_mb']:.0f} MB ({m['growth_pct']:+.1f}%; tweede helft {m['growth_second_half_pct']:+.1f}%)",
            "",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=list(generate.SCALES), default="national")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("SAMEN_BENCH_DATABASE_URL"),
        help="PostgreSQL-server; de benchmark maakt er de database <naam>_<schaal> naast",
    )
    parser.add_argument("--data-dir", type=Path, default=ROOT / "benchmarks" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.json")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--reruns", type=int, default=200)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--repeats", type=int, default=3, help="browserladingen per pagina (de beste telt)")
    args = parser.parse_args(argv)
    commit = (
        os.environ.get("SAMEN_COMMIT")
        or subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    )
    results = {
        "commit": commit,
        "machine": {"platform": platform.platform(), "processor": platform.machine(), "cpus": os.cpu_count()},
        "versions": versions(),
        "scale": args.scale,
        "scale_rows": vars(generate.SCALES[args.scale]),
        "targets": TARGETS,
        "generated": {},
        "backends": {},
    }
    for backend in args.backends.split(","):
        if backend == "postgresql" and not args.pg_url:
            parser.error("--pg-url (of SAMEN_BENCH_DATABASE_URL) is nodig voor postgresql")
        url, generated = prepare(backend, args.scale, args.pg_url, args.data_dir)
        results["generated"][backend] = generated
        results["backends"][backend] = measure(backend, url, args)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    args.out.with_suffix(".md").write_text(table(results) + "\n", encoding="utf-8")  # the table, committed beside it
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
