"""Command-line handlers for import, export and export-360giving (registered in samen_data.cli.main, which applies
--als: args.scope is the account's scope; the importer and the exports filter and refuse by it)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy import Engine

from samen_data.cli.common import EXIT_ERROR, EXIT_OK, refuse
from samen_data.formatting.fmt import n_items
from samen_data.store import schema
from samen_data.transfer import giving360
from samen_data.transfer.export import export_workbook
from samen_data.transfer.load import ImportRefused, import_file
from samen_data.transfer.read import MAX_BYTES


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="lees een .xlsx (het sjabloon) of .csv in; alles of niets")
    p.add_argument("file", metavar="BESTAND")
    p.add_argument("--dry-run", action="store_true", help="laat alleen zien wat er zou veranderen")
    p = sub.add_parser("export", help="schrijf de hele database naar een .xlsx in het importformaat")
    p.add_argument("file", metavar="BESTAND.xlsx")
    p = sub.add_parser("export-360giving", help="schrijf de toezeggingen als 360Giving (.json of .xlsx)")
    p.add_argument("file", metavar="BESTAND.json")


def run_import(engine: Engine, args, _url, _origin) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"Bestand niet gevonden: {path}", file=sys.stderr)
        return EXIT_ERROR
    if path.stat().st_size > MAX_BYTES:
        return refuse(f"{path.name} is groter dan {MAX_BYTES // (1024 * 1024)} MB; niets ingelezen.")
    schema.upgrade(engine)
    try:
        result = import_file(engine, path.read_bytes(), path.name, args.scope, dry_run=args.dry_run)
    except ImportRefused as exc:
        code = refuse(f"{n_items(len(exc.problems), 'probleem', 'problemen')} in {exc.bestand}; er is niets ingelezen.")
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return code
    print(("Proefrun (niets opgeslagen)" if args.dry_run else "Ingelezen") + f": {result.bestand}")
    for blad, counts in result.counts.items():
        print(
            f"  {blad:<14} {counts['toevoegen']:>6} nieuw  {counts['wijzigen']:>6} gewijzigd  "
            f"{counts['ongewijzigd']:>6} ongewijzigd"
        )
    for change in result.changes:
        if change.actie == "wijzigen":
            velden = ", ".join(f"{k}: {o} -> {n}" for k, (o, n) in change.velden.items())
            print(f"  ~ {change.blad} rij {change.rij} ({change.sleutel}): {velden}")
    for note in result.notes:
        print(f"  let op: {note}")
    return EXIT_OK


def run_export(engine: Engine, args, _url, _origin) -> int:
    path = Path(args.file)
    if path.suffix.lower() != ".xlsx":
        print("Geef een bestandsnaam op die eindigt op .xlsx", file=sys.stderr)
        return EXIT_ERROR
    path.write_bytes(export_workbook(engine, args.scope))
    print(f"Geëxporteerd naar {path}")
    return EXIT_OK


def run_export_360(engine: Engine, args, _url, _origin) -> int:
    path = Path(args.file)
    suffix = path.suffix.lower()
    if suffix == ".json":
        path.write_bytes(giving360.json_bytes(engine, args.scope))
        print(f"360Giving: {len(giving360.grants(engine, args.scope))} grants naar {path}")
    elif suffix == ".xlsx":
        path.write_bytes(giving360.spreadsheet_bytes(engine, args.scope))
        print(f"360Giving (spreadsheet) naar {path}")
    else:
        print("Geef een bestandsnaam op die eindigt op .json of .xlsx", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


COMMANDS = {"import": run_import, "export": run_export, "export-360giving": run_export_360}
