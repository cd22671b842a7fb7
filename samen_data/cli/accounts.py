"""python -m samen_data user add|list|remove: local and identity-provider accounts."""

from __future__ import annotations

import argparse
import getpass
import sys

from sqlalchemy import Engine

from samen_data.access import accounts
from samen_data.access.scope import ROLLEN
from samen_data.cli.common import EXIT_ERROR, EXIT_OK, refuse
from samen_data.store import schema


def add_parsers(sub: argparse._SubParsersAction) -> None:
    user = sub.add_parser("user", help="accounts beheren (add, list, remove)")
    verbs = user.add_subparsers(dest="verb", required=True, metavar="actie")
    add = verbs.add_parser("add", help="account toevoegen; het wachtwoord komt van standaardinvoer")
    add.add_argument("email")
    add.add_argument("--role", required=True, choices=ROLLEN)
    add.add_argument("--gemeente", metavar="GMxxxx", help="verplicht bij rol gemeente")
    add.add_argument("--fonds", metavar="NAAM", help="verplicht bij rol fonds, bv. VSBfonds")
    add.add_argument(
        "--sso", action="store_true", help="geen wachtwoord: de gebruiker logt in via de identity provider ([auth])"
    )
    verbs.add_parser("list", help="accounts tonen")
    remove = verbs.add_parser("remove", help="account verwijderen")
    remove.add_argument("email")


def _password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Wachtwoord: ")
        if getpass.getpass("Nogmaals: ") != first:
            raise accounts.AccountError("de wachtwoorden verschillen")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def run_user(engine: Engine, args, _url, _origin) -> int:
    """Beheer only: samen_data.cli.main.RULES refuses every other scope (--als) before this runs."""
    if not args.scope.can_manage:  # a second lock for a caller that bypasses cli.main
        return refuse("alleen beheer mag accounts beheren.")
    schema.upgrade(engine)
    try:
        if args.verb == "add":
            password = None if args.sso else _password()
            account = accounts.add_user(engine, args.email, args.role, args.gemeente, args.fonds, password)
            print(
                f"Account toegevoegd: {account.email} ({account.rol}"
                + (f", {account.gemeente}" if account.gemeente else "")
                + (f", {account.fonds}" if account.fonds else "")
                + (", inloggen via de identity provider" if args.sso else "")
                + ")"
            )
        elif args.verb == "list":
            for a in accounts.list_users(engine):
                print(
                    f"{a.email:<40} {a.rol:<9} {a.gemeente or a.fonds or '':<20} "
                    f"{'wachtwoord' if a.lokaal else 'identity provider'}"
                )
        elif not accounts.remove_user(engine, args.email):
            print(f"Geen account voor {args.email}", file=sys.stderr)
            return EXIT_ERROR
        else:
            print(f"Account verwijderd: {args.email}")
    except accounts.AccountError as exc:
        return refuse(str(exc))
    return EXIT_OK


COMMANDS = {"user": run_user}
