"""What an import costs at scale: a script that prints figures, not a test.

    python benchmarks/import_cost.py --scale national --pg-url postgresql://postgres@127.0.0.1:5432/samen_bench

On a generated database (the same one benchmarks/run.py makes and reuses), each case runs in a fresh process:
a one-row CSV as beheer and as a gemeente (its own payment), 10.000 attendance rows (check and import), and a
1.000.000-row sheet that must be refused before any row is parsed. Per case: seconds, the process's peak memory
(RSS) and its memory before the case (imports and the open database), and the outcome. Writes
benchmarks/import_results.json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

DATA = ROOT / "benchmarks" / "data"


def _files(url: str) -> dict[str, tuple[str, bytes]]:
    """The files of every case, built from rows that exist in the database (so they update, not add)."""
    from sqlalchemy import select

    from samen_data.store.db import make_engine, session_scope
    from samen_data.store.models import Aanwezigheid, Bijeenkomst, Deelnemer, Organisatie, Toezegging

    engine = make_engine(url)
    with session_scope(engine) as s:
        tz, gemeente = s.execute(
            select(Toezegging.kenmerk, Deelnemer.gemeente_code)
            .join(Deelnemer, Deelnemer.id == Toezegging.deelnemer_id)
            .where(Toezegging.soort == "gemeentelijke_investering")
            .limit(1)
        ).one()
        attendance = s.execute(
            select(Bijeenkomst.kenmerk, Organisatie.naam, Aanwezigheid.rol, Aanwezigheid.aanwezig)
            .join(Bijeenkomst, Bijeenkomst.id == Aanwezigheid.bijeenkomst_id)
            .join(Organisatie, Organisatie.id == Aanwezigheid.organisatie_id)
            .order_by(Aanwezigheid.id)
            .limit(10_000)
        ).all()
        datum = s.scalar(select(Bijeenkomst.datum).where(Bijeenkomst.kenmerk == attendance[0][0]))
    engine.dispose()
    stamp = int(time.time())  # a new payment in every run and case, so that each one-row import writes a row
    one = {
        who: f"kenmerk;toezegging;datum;bedrag\r\nBT-{who}-{stamp};{tz};{datum:%d-%m-%Y};100\r\n".encode()
        for who in ("beheer", "gemeente")
    }
    rows = "\r\n".join(f"{k};{o};{r};{max(a, 1)};{0 if a else 1}" for k, o, r, a in attendance)  # each row changes
    many = f"bijeenkomst;organisatie;rol;aangemeld;aanwezig\r\n{rows}\r\n".encode()
    return {
        "one": ("betaling.csv", one["beheer"]),
        "one_gemeente": ("betaling.csv", one["gemeente"]),
        "many": ("aanwezigheid.csv", many),
        "gemeente": (gemeente, b""),
        "huge": ("aanwezigheid.xlsx", _huge_xlsx()),
    }


def _huge_xlsx() -> bytes:
    path = DATA / "aanwezigheid_1m_klein.xlsx"  # one small number per row: 1M rows well under the 10 MB limit
    if not path.exists():
        import openpyxl

        DATA.mkdir(parents=True, exist_ok=True)
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet("Aanwezigheid")
        ws.append(["bijeenkomst", "organisatie", "rol", "aangemeld", "aanwezig"])
        for _ in range(1_000_000):
            ws.append([None, None, None, 1])
        wb.save(path)
    return path.read_bytes()


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss it does not carry the parent's peak over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _case(url: str, name: str, filename: str, data: bytes, role: str, gemeente: str, dry_run: bool, out) -> None:
    from samen_data.access.scope import BEHEER, Scope
    from samen_data.store.db import make_engine
    from samen_data.transfer import ImportRefused, import_file

    engine = make_engine(url)
    with engine.connect():
        pass
    before = _peak_mb()
    scope = BEHEER if role == "beheer" else Scope(rol="gemeente", email="bench@gemeente.test", gemeente=gemeente)
    started = time.perf_counter()
    try:
        result = import_file(engine, data, filename, scope, dry_run=dry_run)
        outcome = f"{result.toegevoegd} nieuw, {result.gewijzigd} gewijzigd"
    except ImportRefused as refused:
        outcome = f"geweigerd: {refused.problems[0].melding}"[:90]
    seconds = time.perf_counter() - started
    peak = _peak_mb()
    out.put(
        {
            "case": name,
            "seconds": round(seconds, 3),
            "rss_before_mb": round(before),
            "peak_mb": round(peak),
            "bytes": len(data),
            "outcome": outcome,
        }
    )


CASES = [  # name, file, role, dry run
    ("1 rij, beheer, controle", "one", "beheer", True),
    ("1 rij, beheer, inlezen", "one", "beheer", False),
    ("1 rij, gemeente, inlezen", "one_gemeente", "gemeente", False),
    ("10.000 rijen, controle", "many", "beheer", True),
    ("10.000 rijen, inlezen", "many", "beheer", False),
    ("1.000.000 rijen (xlsx)", "huge", "beheer", True),
]


def run(backend: str, url: str) -> list[dict]:
    files = _files(url)
    gemeente = files["gemeente"][0]
    ctx = mp.get_context("spawn")
    results = []
    for name, file_key, role, dry_run in CASES:
        filename, data = files[file_key]
        out = ctx.Queue()
        proc = ctx.Process(target=_case, args=(url, name, filename, data, role, gemeente, dry_run, out))
        proc.start()
        row = out.get()
        proc.join()
        row["db"] = backend
        results.append(row)
        print(
            f"{backend:<10} {row['case']:<26} {row['seconds']:>8.3f} s {row['peak_mb']:>6} MB "
            f"(voor: {row['rss_before_mb']} MB) {row['bytes']:>9} B  {row['outcome']}",
            flush=True,
        )
    return results


def main() -> None:
    from run import prepare

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="national")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/samen_bench")
    args = parser.parse_args()
    results = []
    for backend in args.backends.split(","):
        url, info = prepare(backend, args.scale, args.pg_url, DATA)
        print(f"{backend}: database {'hergebruikt' if info['reused'] else 'gemaakt'}", flush=True)
        results += run(backend, url)
    (ROOT / "benchmarks" / "import_results.json").write_text(
        json.dumps({"scale": args.scale, "results": results}, indent=1, ensure_ascii=False)
    )


if __name__ == "__main__":
    main()
