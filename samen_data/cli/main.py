"""Command line: python -m samen_data {upgrade,demo,info,generate,import,export,export-360giving,report,user}.
Messages in Dutch; exit codes in cli_common. `--als EMAIL` is applied here, once: every command gets the scope
(args.scope) and RULES says which scopes may run it (default deny)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence

from sqlalchemy.exc import OperationalError, SQLAlchemyError

from samen_data.access.accounts import scope_for_email
from samen_data.access.scope import BEHEER, Scope
from samen_data.cli import accounts as accounts_cli
from samen_data.cli import report as report_command
from samen_data.cli import transfer as transfer_cli
from samen_data.cli.common import EXIT_ERROR, EXIT_OK, counts_text, refuse
from samen_data.demo import generate
from samen_data.demo import loader as demo
from samen_data.store import schema
from samen_data.store.db import ConfigurationError, hide_password, make_engine, normalize_url, resolve_url
from samen_data.store.info import row_counts

JA_HELP = "bevestig: ik weet dat dit alle gegevens vervangt (de accounts blijven behouden)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m samen_data",
        description="Beheer van de SAMEN-database. Zonder --database: SAMEN_DATABASE_URL, dan "
        ".streamlit/secrets.toml [connections.samen] url, dan de ingebouwde SQLite (data/samen.db).",
    )
    parser.add_argument("--database", metavar="URL", help="database-URL, bv. postgresql://user@host/db")
    parser.add_argument(
        "--als",
        metavar="EMAIL",
        help="voer de opdracht uit met de rechten van dit account "
        "(standaard: beheer, zoals iedereen die de database zelf kan openen)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="opdracht")
    sub.add_parser("upgrade", help="breng de database naar het nieuwste schema")
    p_demo = sub.add_parser("demo", help="vul een lege database met de demodata")
    p_demo.add_argument("--replace", action="store_true", help="vervang bestaande gegevens door de demo (met --ja)")
    p_demo.add_argument("--ja", action="store_true", help=JA_HELP)
    sub.add_parser("info", help="toon de database in gebruik en het aantal rijen per tabel")
    transfer_cli.add_parsers(sub)
    accounts_cli.add_parsers(sub)
    report_command.add_parser(sub)
    p_gen = sub.add_parser("generate", help="vul een lege database met synthetische gegevens op schaal (benchmark)")
    p_gen.add_argument("--scale", choices=list(generate.SCALES), default="national", help="hoeveel rijen")
    p_gen.add_argument("--ja", action="store_true", help="bevestig: vul de database met synthetische gegevens")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        url, origin = (normalize_url(args.database), "--database") if args.database else resolve_url()
        engine = make_engine(url)
        try:
            scope = _scope_als(engine, args.als) if args.als else BEHEER  # without --als: whoever opens the database
            if isinstance(scope, str):
                return refuse(scope)
            allowed, why = RULES.get(args.command, (lambda _s: False, "onbekende opdracht"))
            if not allowed(scope):
                return refuse(f"{why} (u bent {scope.beschrijving}); er is niets veranderd.")
            args.scope = scope
            return COMMANDS[args.command](engine, args, url, origin)
        finally:
            engine.dispose()
    except ConfigurationError as exc:
        print(f"Fout in de configuratie: {exc}", file=sys.stderr)
    except OperationalError as exc:
        print(f"Kan de database niet bereiken ({hide_password(url)}): {exc.orig}", file=sys.stderr)
    except SQLAlchemyError as exc:
        print(f"Databasefout: {exc.__class__.__name__}: {getattr(exc, 'orig', exc)}", file=sys.stderr)
    return EXIT_ERROR


def _scope_als(engine, email: str) -> Scope | str:
    """The scope of --als EMAIL, or why there is none. Never upgrades: that is beheer's (upgrade without --als)."""
    if not schema.is_up_to_date(engine):
        return (
            f"--als {email}: de database heeft niet het nieuwste schema (of nog geen accounts); "
            "laat beheer eerst `upgrade` uitvoeren (zonder --als)."
        )
    scope = scope_for_email(engine, email)
    if not scope.can_read:
        return f"{email} heeft geen account met een rol."
    return scope


def _beheer(scope: Scope) -> bool:
    return scope.can_manage


# Who may run what (README, "Opdrachtregel"). Reading commands filter their data by the scope themselves.
RULES: dict[str, tuple[Callable[[Scope], bool], str]] = {
    "upgrade": (_beheer, "alleen beheer mag het schema bijwerken"),
    "demo": (_beheer, "alleen beheer mag de demo laden"),
    "generate": (_beheer, "alleen beheer mag synthetische gegevens genereren"),
    "user": (_beheer, "alleen beheer mag accounts beheren"),
    "info": (
        lambda s: s.sees_all_detail,
        "info toont de rijen van de hele database; dat mogen beheer, fonds en "
        "vng, een gemeente-account niet (export geeft de eigen gegevens)",
    ),
    "import": (lambda s: s.can_edit, "dit account mag niets wijzigen, dus ook niets inlezen"),
    "export": (lambda s: s.can_read, "geen toegang"),
    "export-360giving": (lambda s: s.can_read, "geen toegang"),
    "report": (lambda s: s.can_read, "geen toegang"),
}


def _upgrade(engine, _args, url, origin) -> int:
    before = schema.current_revision(engine)
    schema.upgrade(engine)
    print(f"Database {hide_password(url)} ({origin}): schema {before or 'leeg'} -> {schema.current_revision(engine)}")
    return EXIT_OK


def _demo(engine, args, url, _origin) -> int:
    schema.upgrade(engine)
    kept = f"Accounts blijven behouden: {row_counts(engine)['gebruiker']}."
    if not args.replace and demo.has_data(engine):
        return refuse(
            "de database bevat al gegevens (" + counts_text(demo.replaced_counts(engine)) + "); gebruik "
            f"--replace --ja om ze te vervangen door de demo. {kept} Er is niets veranderd."
        )
    if args.replace and not args.ja:
        try:
            demo.check_fund_accounts(engine)  # say it now, not after the user typed --ja
        except demo.AccountsWithoutFund as exc:
            return refuse(str(exc))
        return refuse(
            "demo --replace vervangt alle gegevens door de demo. Dat verwijdert: "
            f"{counts_text(demo.replaced_counts(engine))}. {kept} Bevestig met --ja "
            "(ik weet dat dit alle gegevens vervangt); er is niets veranderd."
        )
    return _fill(
        lambda: demo.load_demo(engine, replace=args.replace),
        lambda: f"Demodata geladen in {hide_password(url)}:",
        kept if args.replace else "",
    )


def _fill(load, heading, footer: str = "") -> int:
    """Run a loader that refuses a non-empty database; print what it wrote."""
    try:
        counts = load()
    except (demo.DatabaseNotEmpty, demo.AccountsWithoutFund) as exc:
        return refuse(str(exc))
    print(heading())
    _print_counts(counts)
    if footer:
        print(footer)
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
    schema.upgrade(engine)
    if filled := generate.filled_tables(engine):
        return refuse(
            f"de database bevat al gegevens ({counts_text(filled)}); generate vult alleen een lege "
            "database. Er is niets veranderd."
        )
    if not args.ja:
        spec = vars(generate.SCALES[args.scale])
        return refuse(
            f"generate --scale {args.scale} vult {hide_password(url)} met synthetische gegevens "
            f"({counts_text(spec)}). Er wordt niets verwijderd (de database is leeg; accounts blijven "
            f"behouden: {row_counts(engine)['gebruiker']}). Bevestig met --ja."
        )
    started = time.perf_counter()
    return _fill(
        lambda: generate.generate(engine, args.scale),
        lambda: (
            f"Synthetische gegevens ({args.scale}) in "
            f"{hide_password(url)} gezet in {time.perf_counter() - started:.1f} s:"
        ),
    )


COMMANDS = {
    "upgrade": _upgrade,
    "demo": _demo,
    "info": _info,
    "generate": _generate,
    **transfer_cli.COMMANDS,
    **accounts_cli.COMMANDS,
    "report": lambda engine, args, _url, _origin: report_command.run(engine, args),
}
