"""`python -m samen_data report pdf|pptx FILE [--gemeente GMxxxx] [--programma CODE]`: the same view as the
dashboard opens with (whole programme period, all tracks), written to FILE."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from samen_data import queries
from samen_data.cli.common import EXIT_ERROR, EXIT_OK, refuse
from samen_data.filters import Filters
from samen_data.report import slides


def add_parser(sub) -> None:
    p = sub.add_parser("report", help="maak een PDF-rapport of PowerPoint van het dashboard")
    p.add_argument("soort", choices=("pdf", "pptx"), help="pdf: rapport met factsheets; pptx: de presentatie")
    p.add_argument("bestand", type=Path, help="uitvoerbestand, bv. samen.pdf")
    p.add_argument("--gemeente", metavar="GMxxxx", help="alleen deze gemeente (pdf: haar factsheet)")
    p.add_argument("--programma", metavar="CODE", help="programmacode, bv. SAMEN (standaard het nieuwste)")


def default_filters(load: slides.Loader, programma: str | None = None, gemeente: str | None = None) -> Filters:
    """The dashboard's opening view: the newest programme over its whole period, all tracks."""
    p = load(queries.programmas)
    rows = p[p["code"] == programma] if programma else p.head(1)
    if rows.empty:
        raise LookupError(
            f"onbekend programma {programma}" if programma else "er staan geen programma's in de database"
        )
    row = rows.iloc[0]
    return Filters(programma=row["code"], van=row["startdatum"], tot=row["einddatum"], gemeente=gemeente)


def run(engine, args: argparse.Namespace) -> int:
    """As args.scope (--als): a gemeente's report holds programme totals and only its own detail."""
    if args.gemeente and not args.scope.sees_all_detail and args.gemeente.upper() != args.scope.gemeente:
        return refuse(
            f"u mag alleen de factsheet van uw eigen gemeente ({args.scope.gemeente}) maken; er is niets geschreven."
        )
    load = slides.engine_loader(engine, args.scope)
    if args.gemeente and not load(queries.gemeente, None, args.gemeente):
        print(f"Fout: onbekende gemeentecode {args.gemeente}", file=sys.stderr)
        return EXIT_ERROR
    try:
        filters = default_filters(load, args.programma, args.gemeente)
    except LookupError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return EXIT_ERROR
    deck = slides.build(load, filters)
    if args.soort == "pdf":
        from samen_data.report.pdf import build_pdf

        data = build_pdf(deck, args.bestand, gemeente=args.gemeente, load=load, filters=filters)
    else:
        from samen_data.report.deck import build_pptx

        data = build_pptx(deck, args.bestand)
    print(f"{args.bestand}: {args.soort.upper()}, {len(data) // 1024} kB, {deck.titel} ({deck.selectie})")
    return EXIT_OK
