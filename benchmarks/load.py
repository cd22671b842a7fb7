"""Many people at once: N concurrent sessions over Streamlit's websocket protocol (benchmarks/load_client.py, no
browser), against deploy/start.sh with one app server, and with two behind Debian's nginx (deploy/nginx/), on a
generated database. A script, not a test:

    python benchmarks/load.py --scale national --pg-url postgresql://postgres@127.0.0.1:5432/samen_load
    python benchmarks/load.py --scale small --users 1,10 --pg-url …          # quick look

Every session is a user: all N open the dashboard (Overzicht) at the same moment, then each opens the other
pages from the sidebar and finally picks a gemeente in the sidebar on Gemeente (a widget change, the page
reruns), with a think time between steps. Before the measured runs one session per server (pinned by nginx's
sticky cookie) walks the same steps on the fresh servers (cold caches; reported apart). Per step: p50 and p95
over the sessions of the time from the request (for Overzicht: from the first HTTP request, websocket included)
to script_finished, the bytes sent, the servers' CPU per session, and every error (an exception drawn, a missing
title, no script_finished). Writes benchmarks/load_results.json and benchmarks/load_results.md, with the
`uptime` of each run: the machine is part of the measurement.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from load_client import Session  # noqa: E402

from tests.browser_helpers import free_port  # noqa: E402
from tests.proxy_helpers import app_servers, nginx, pin_cookies  # noqa: E402

# (step, url path of the page, its title); the last step is the filter change on the page before it.
STEPS = [
    ("overzicht", "", "Overzicht"),
    ("kaart", "kaart", "Kaart"),
    ("cofinanciering", "cofinanciering", "Cofinanciering"),
    ("bijeenkomsten", "bijeenkomsten", "Bijeenkomsten"),
    ("samenwerking", "samenwerking", "Samenwerking"),
    ("gemeente", "gemeente", "Gemeente"),
]
FILTER = "gemeente · filter"
SIGN_IN_PAGE = "inlogpagina"  # of the first step: until the sign-in page is drawn ...
SIGNED_IN = "wachtwoord"  # ... and from the click on Inloggen until the password is checked (argon2)
GEMEENTEN = 10  # sessions pick one of the first ten gemeenten of the list: people of a meeting overlap
TARGET_S = 3.0  # p95 of opening the dashboard, 50 people at once
SIGN_IN = "Inloggen"  # the title of the sign-in page, shown when the database has accounts
ACCOUNT = ("beheer@benchmark.test", "benchmark-wachtwoord-12")  # the benchmark's beheer account (run._beheer)


async def user(
    base: str, i: int, think: float, start: asyncio.Event, steps: list = STEPS, cookies: dict | None = None
) -> dict:
    """One session's steps, ending with the filter change on the last page; {step: (seconds, bytes, errors)}."""
    rnd = random.Random(i)
    out: dict[str, tuple[float, int, list[str]]] = {}
    session = Session(base)
    await start.wait()
    began = time.perf_counter()
    try:
        await session.open(cookies)
        for n, (step, path, title) in enumerate(steps):
            if n:
                await asyncio.sleep(think * rnd.uniform(0.5, 1.5))
            run = await session.page(path)
            if n == 0 and SIGN_IN in run.titles:  # a database with accounts: sign in first, as everyone must
                shown = time.perf_counter() - began  # the sign-in page is on screen
                run = await session.sign_in(*ACCOUNT)
                if run.rerun_after is not None:  # the password checked: from the click to st.rerun()
                    out[SIGNED_IN] = (run.rerun_after, 0, [])
                out[SIGN_IN_PAGE] = (shown, 0, [])
            seconds = time.perf_counter() - began if n == 0 else run.seconds
            out[step] = (seconds, run.bytes, _problems(run, title))
        await asyncio.sleep(think * rnd.uniform(0.5, 1.5))
        options = session.widgets["Gemeente"][1].options
        run = await session.choose("Gemeente", index=1 + i % min(GEMEENTEN, len(options) - 1))
        out[FILTER] = (run.seconds, run.bytes, _problems(run, "Gemeente"))
    except Exception as exc:  # noqa: BLE001 - a failed session is a result, not the end of the benchmark
        out.setdefault("sessie", (time.perf_counter() - began, 0, [f"{type(exc).__name__}: {exc}"[:300]]))
    finally:
        await session.close()
    return out


def _problems(run, title: str) -> list[str]:
    problems = list(run.errors)
    if not run.finished:
        problems.append("geen script_finished")
    elif title not in run.titles:
        problems.append(f"titel {title!r} ontbreekt (wel: {run.titles})")
    return problems


async def crowd(base: str, n: int, think: float, steps: list = STEPS, pinned: list[str] = ()) -> list[dict]:
    """n users at once; with `pinned` (nginx sticky-cookie values) user i goes to the server of pinned[i]."""
    start = asyncio.Event()
    tasks = [
        asyncio.create_task(
            user(base, i, think, start, steps, {"samen_server": pinned[i]} if i < len(pinned) else None)
        )
        for i in range(n)
    ]
    await asyncio.sleep(0.05)
    start.set()  # all at once: the meeting opens the link together
    return await asyncio.gather(*tasks)


def pct(values: list[float], p: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def summarise(sessions: list[dict]) -> dict:
    steps = {}
    for step in [SIGN_IN_PAGE, SIGNED_IN] + [s for s, _, _ in STEPS] + [FILTER, "sessie"]:
        rows = [s[step] for s in sessions if step in s]
        if not rows:
            continue
        times = [r[0] for r in rows]
        errors = [e for r in rows for e in r[2]]
        steps[step] = {
            "n": len(rows),
            "p50_s": round(pct(times, 50), 3),
            "p95_s": round(pct(times, 95), 3),
            "max_s": round(max(times), 3),
            "kB_p50": round(pct([r[1] for r in rows], 50) / 1000, 1),
            "errors": len(errors),
            "error_examples": sorted(set(errors))[:3],
        }
    return steps


def server_cpu(ports: list[int]) -> float:
    """CPU seconds the app servers on these ports have used so far (user + system, from /proc)."""
    wanted = {f"--server.port\0{p}\0".encode() for p in ports}
    total = 0.0
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and any(w in (proc / "cmdline").read_bytes() + b"\0" for w in wanted):
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            continue
    return total


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


@contextmanager
def deployment(url: str, servers: int):
    """deploy/start.sh with `servers` app servers; with two or more, nginx (deploy/nginx/) in front."""
    ports = [free_port() for _ in range(servers)]
    if servers == 1:
        with app_servers(url, ports, f"http://127.0.0.1:{ports[0]}"):
            yield f"http://127.0.0.1:{ports[0]}", ports, []
        return
    listen = free_port()
    with (
        tempfile.TemporaryDirectory() as work,
        app_servers(url, ports, f"http://127.0.0.1:{listen}"),
        nginx(Path(work), listen, ports) as base,
    ):
        yield base, ports, list(pin_cookies(base, ports).values())


def measure(url: str, db: str, servers: int, users: list[int], think: float) -> list[dict]:
    out = []
    with deployment(url, servers) as (base, ports, pinned):
        for n in [0, *users]:  # 0: one session per server on fresh servers (cold caches), before the crowds
            before, cpu = uptime(), server_cpu(ports)
            started = time.perf_counter()
            sessions = asyncio.run(crowd(base, n or servers, think if n else 0.0, pinned=[] if n else pinned))
            row = {
                "db": db,
                "servers": servers,
                "users": n or servers,
                "cold": n == 0,
                "seconds": round(time.perf_counter() - started, 1),
                "uptime_before": before,
                "uptime_after": uptime(),
                "server_cpu_s_per_session": round((server_cpu(ports) - cpu) / (n or servers), 2),
                "steps": summarise(sessions),
            }
            print(_line(row), flush=True)
            out.append(row)
    return out


def _line(row: dict) -> str:
    steps = " ".join(
        f"{k}={v['p50_s']:.2f}/{v['p95_s']:.2f}" + (f"!{v['errors']}" if v["errors"] else "")
        for k, v in row["steps"].items()
    )
    return (
        f"{row['db']} servers={row['servers']} N={row['users']}{' koud' if row['cold'] else ''} "
        f"({row['seconds']} s, server-CPU {row['server_cpu_s_per_session']} s per sessie) p50/p95: {steps}\n"
        f"    {row['uptime_after']}"
    )


def commit() -> str:
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return head + ("+wijzigingen" if dirty else "")


def markdown(result: dict) -> str:
    lines = [
        f"# Belastingstest: {result['scale']}, commit `{result['commit']}`",
        "",
        f"`{result['command']}` — {result['duration_s']} s, {result['cpus']} cores, {result['started']}.",
        "",
        "Per stap p50 / p95 in seconden over de sessies (Overzicht: vanaf het eerste HTTP-verzoek, websocket "
        "en inloggen met het beheeraccount van de benchmark inbegrepen; de rest: van het verzoek tot "
        "script_finished). Daarbinnen *inlogpagina*: tot de inlogpagina getekend is, en *wachtwoord*: van de klik "
        "op Inloggen tot het wachtwoord gecontroleerd is (argon2, RFC 9106: 64 MiB, 3 rondes, 4 lanes); daarna "
        "tekent Overzicht. *koud*: één sessie per server op verse servers. CPU s/sessie: wat de app-servers "
        "samen aan CPU gebruikten, gedeeld door N (een sessie = alle stappen).",
        "",
    ]
    steps = [SIGN_IN_PAGE, SIGNED_IN] + [s for s, _, _ in STEPS] + [FILTER]
    lines += [
        "| db | servers | N | " + " | ".join(steps) + " | fouten | CPU s/sessie | load (1/5/15 min) |",
        "| --- | --- | --- | " + " | ".join("---" for _ in steps) + " | --- | --- | --- |",
    ]
    for row in result["runs"]:
        cells = [
            f"{row['steps'][s]['p50_s']:.2f} / {row['steps'][s]['p95_s']:.2f}" if s in row["steps"] else "–"
            for s in steps
        ]
        errors = sum(v["errors"] for v in row["steps"].values())
        load = row["uptime_after"].rsplit("load average:", 1)[-1].strip()
        n = f"{row['users']}{' koud' if row['cold'] else ''}"
        lines.append(
            f"| {row['db']} | {row['servers']} | {n} | "
            + " | ".join(cells)
            + f" | {errors} | {row['server_cpu_s_per_session']} | {load} |"
        )
    target = result["target"]
    lines += [
        "",
        f"Doel: 50 mensen tegelijk openen het dashboard, p95 < {target['p95_max_s']} s: "
        + "; ".join(f"{k}: {v}" for k, v in target["measured"].items()),
    ]
    examples = sorted({e for row in result["runs"] for v in row["steps"].values() for e in v["error_examples"]})
    if examples:
        lines += ["", "Fouten (voorbeelden):", *[f"- {e}" for e in examples[:10]]]
    return "\n".join(lines) + "\n"


def main() -> None:
    import run as bench

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="national", choices=["tiny", "small", "medium", "national"])
    parser.add_argument("--pg-url", default=os.environ.get("SAMEN_BENCH_PG_URL"))
    parser.add_argument("--sqlite", action="store_true", help="also one server on SQLite")
    parser.add_argument("--users", default="1,10,50")
    parser.add_argument("--servers", default="1,2")
    parser.add_argument("--think", type=float, default=1.0, help="seconds between a user's steps (±50%%)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "load_results"))
    args = parser.parse_args()
    users = [int(n) for n in args.users.split(",")]
    started = time.perf_counter()
    runs = []
    plans = [("postgresql", int(s)) for s in args.servers.split(",")] if args.pg_url else []
    plans += [("sqlite", 1)] if args.sqlite or not args.pg_url else []
    for db, servers in plans:
        url, info = bench.prepare(db, args.scale, args.pg_url, ROOT / "benchmarks" / "data")
        print(f"{db}: {'hergebruikt' if info['reused'] else 'gemaakt'}", flush=True)
        runs += measure(url, db, servers, users, args.think)
    opening = {
        f"{r['db']}, {r['servers']} server(s)": r["steps"].get("overzicht", {}).get("p95_s")
        for r in runs
        if r["users"] == 50 and not r["cold"]
    }
    result = {
        "commit": commit(),
        "scale": args.scale,
        "command": " ".join(["python", *sys.argv]),
        "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "think_s": args.think,
        "duration_s": round(time.perf_counter() - started),
        "runs": runs,
        "target": {
            "p95_max_s": TARGET_S,
            "measured": opening,
            "met": bool(opening) and all(v is not None and v < TARGET_S for v in opening.values()),
        },
    }
    Path(args.out + ".json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    Path(args.out + ".md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))


if __name__ == "__main__":
    main()
