"""Command line: python -m samen_data {upgrade,demo,info,import,export,export-360giving,user}. Messages in Dutch, non-zero exit on failure."""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from sqlalchemy.exc import OperationalError, SQLAlchemyError

from . import demo, generate, schema
from .db import ConfigurationError, hide_password, make_engine, normalize_url, resolve_url
from .info import row_counts
from .access import BEHEER
from .accounts import scope_for_email
from . import accounts_cli
from .transfer import cli as transfer_cli
from .report import command as report_command

EXIT_OK, EXIT_ERROR, EXIT_REFUSED = 0, 1, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m samen_data",
        description="Beheer van de SAMEN-database. Zonder --database: SAMEN_DATABASE_URL, dan "
        ".streamlit/secrets.toml [connections.samen] url, dan de ingebouwde SQLite (data/samen.db).",
    )
    parser.add_argument("--database", metavar="URL", help="database-URL, bv. postgresql://user@host/db")
    parser.add_argument("--als", metavar="EMAIL", help="voer de opdracht uit met de rechten van dit account "
                        "(standaard: beheer, zoals iedereen die de database zelf kan openen)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="opdracht")
    sub.add_parser("upgrade", help="breng de database naar het nieuwste schema")
    p_demo = sub.add_parser("demo", help="vul een lege database met de demodata")
    p_demo.add_argument("--replace", action="store_true", help="vervang bestaande gegevens door de demo")
    sub.add_parser("info", help="toon de database in gebruik en het aantal rijen per tabel")
    transfer_cli.add_parsers(sub)
    accounts_cli.add_parsers(sub)
    report_command.add_parser(sub)
    p_gen = sub.add_parser("generate", help="vul een lege database met synthetische gegevens op schaal (benchmark)")
    p_gen.add_argument("--scale", choices=list(generate.SCALES), default="national", help="hoeveel rijen")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        url, origin = (normalize_url(args.database), "--database") if args.database else resolve_url()
        engine = make_engine(url)
        args.scope = BEHEER
        if args.als:
            schema.upgrade(engine)
            args.scope = scope_for_email(engine, args.als)
            if not args.scope.can_read:
                print(f"Geweigerd: {args.als} heeft geen account met een rol.", file=sys.stderr)
                return EXIT_REFUSED
        return COMMANDS[args.command](engine, args, url, origin)
    except ConfigurationError as exc:
        print(f"Fout in de configuratie: {exc}", file=sys.stderr)
    except OperationalError as exc:
        print(f"Kan de database niet bereiken ({hide_password(url)}): {exc.orig}", file=sys.stderr)
    except SQLAlchemyError as exc:
        print(f"Databasefout: {exc.__class__.__name__}: {getattr(exc, 'orig', exc)}", file=sys.stderr)
    return EXIT_ERROR


def _upgrade(engine, _args, url, origin) -> int:
    before = schema.current_revision(engine)
    schema.upgrade(engine)
    print(f"Database {hide_password(url)} ({origin}): schema {before or 'leeg'} -> {schema.current_revision(engine)}")
    return EXIT_OK


def _demo(engine, args, url, _origin) -> int:
    schema.upgrade(engine)
    return _fill(lambda: demo.load_demo(engine, replace=args.replace), lambda: f"Demodata geladen in {hide_password(url)}:")


def _fill(load, heading) -> int:
    """Run a loader that refuses a non-empty database; print what it wrote."""
    try:
        counts = load()
    except demo.DatabaseNotEmpty as exc:
        print(f"Geweigerd: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    print(heading())
    _print_counts(counts)
    return EXIT_OK


def _info(engine, _args, url, origin) -> int:
    print(f"Database: {hide_password(url)}  (bron van de instelling: {origin})")
    revision, head = schema.current_revision(engine), schema.head_revision(engine)
    print(f"Schema: {revision or 'geen (voer upgrade uit)'}" + ("" if revision == head else f", nieuwste is {head}"))
    if revision:
        _print_counts(row_counts(engine))
    return EXIT_OK


def _print_counts(counts: dict[str, int]) -> None:
    width = max(map(len, counts))
    for table, n in counts.items():
        print(f"  {table:<{width}}  {n:>8}")


def _generate(engine, args, url, _origin) -> int:
    started = time.perf_counter()
    return _fill(lambda: generate.generate(engine, args.scale), lambda: f"Synthetische gegevens ({args.scale}) in "
                 f"{hide_password(url)} gezet in {time.perf_counter() - started:.1f} s:")


COMMANDS = {"upgrade": _upgrade, "demo": _demo, "info": _info, "generate": _generate, **transfer_cli.COMMANDS,
            **accounts_cli.COMMANDS, "report": lambda engine, args, _url, _origin: report_command.run(engine, args)}
