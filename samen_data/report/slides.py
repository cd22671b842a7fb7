"""The presentation as data: one Slide per section and per proeftuin, built from samen_data.queries.

The Presentatie page, the PDF and the PowerPoint all draw these same slides, so every figure is formatted once
(samen_data.formatting.fmt) and reads the same on screen, on paper and in the deck. A slide has one message, a few big
figures, at most one chart with its text alternative (a description and the data as a table)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from samen_data import queries
from samen_data.access.scope import Scope
from samen_data.figures.selectie import Selectie
from samen_data.filters import Filters
from samen_data.report.model import (
    BRON,
    DEMODATA,
    KORT,
    SECTIONS,
    Deck,
    Loader,
    Slide,
)
from samen_data.report.secties import bijeenkomsten, cofinanciering, kaart, overzicht, proeftuin, samenwerking

__all__ = [
    "BRON",
    "DEMODATA",
    "KORT",
    "SECTIONS",
    "Deck",
    "Loader",
    "Slide",
    "build",
    "deck_titel",
    "engine_loader",
    "proeftuin_gemeenten",
    "selectie",
    "slide",
    "slide_keys",
    "slide_reads",
    "slide_selectie",
    "titel_van",
]


def engine_loader(engine, scope: Scope) -> Loader:
    """Queries as `scope` may run them (samen_data.access.scope): a gemeente's report holds only its own detail."""

    def load(query: Callable[..., Any], filters: Filters | None = None, *extra: Any) -> Any:
        return queries.run(query, engine, scope, *((filters,) if filters is not None else ()), *extra)

    return load


def build(load: Loader, f: Filters, today: dt.date | None = None, alleen_toegezegd: bool = False) -> Deck:
    """Every section, then one slide per gemeente with a funded participant (the proeftuinen): the PDF and the
    PowerPoint. The Presentatie page builds only the slide on screen (slide_keys() and slide())."""
    slides = [slide(load, f, key, alleen_toegezegd) for key in slide_keys(load, f)]
    return Deck(
        titel=deck_titel(load, f),
        selectie=selectie(load, f),
        gemaakt=today or dt.date.today(),
        synthetisch=any(s.synthetisch for s in slides),
        slides=slides,
        selecties={s.key: slide_selectie(load, f, s) for s in slides},
    )


def slide_keys(load: Loader, f: Filters) -> list[str]:
    """The keys of the deck's slides in order, from one query: the count needs no slide built."""
    return [*SECTIONS, *(f"proeftuin-{code}" for code in proeftuin_gemeenten(load, f))]


def slide(load: Loader, f: Filters, key: str, alleen_toegezegd: bool = False) -> Slide:
    """One slide by its key. alleen_toegezegd: leave intended (beoogd) and withdrawn lines out (a public meeting).
    The builders are looked up when called, so a test can count which ones run."""
    if key.startswith("proeftuin-"):
        return proeftuin(load, f, key.removeprefix("proeftuin-"), alleen_toegezegd)
    if key not in SECTIONS:
        raise KeyError(key)
    if key == "cofinanciering":
        return cofinanciering(load, f, alleen_toegezegd)
    return {"overzicht": overzicht, "kaart": kaart, "bijeenkomsten": bijeenkomsten, "samenwerking": samenwerking}[key](
        load, f
    )


def slide_reads(f: Filters, key: str) -> list[tuple]:
    """What slide(key) loads for a proeftuin (secties.proeftuin), as (query, filters, *extra): the Presentatie page
    reads them at once before it builds the slide, which then waits for the slowest, not for their sum. A section
    slide lists none: it reads the pages' own aggregates, which are mostly cached already."""
    if not key.startswith("proeftuin-"):
        return []
    code = key.removeprefix("proeftuin-")
    g = replace(f, gemeente=code)
    return [
        (queries.gemeente, None, code),
        (queries.cofinanciering_per_gemeente, g),
        (queries.cofinanciering_per_deelnemer, g),
        (queries.aanwezigheid_per_bijeenkomst_rol, g),
        (queries.kerncijfers, g),
        (queries.mijlpalen_per_status, g),
        (queries.toezeggingen, g),
    ]


def programma_naam(load: Loader, f: Filters) -> str:
    p = load(queries.programmas)
    names = dict(zip(p["code"], p["naam"], strict=True))
    return names.get(f.programma, "Alle programma's")


def deck_titel(load: Loader, f: Filters) -> str:
    """The programme, and the gemeente when one is chosen: 'Vaals in Programma SAMEN'."""
    naam = programma_naam(load, f)
    g = load(queries.gemeente, None, f.gemeente) if f.gemeente else None
    return f"{g['naam']} in {naam}" if g else naam


def titel_van(deck_titel: str, s: Slide, nr: int) -> str:
    """The first slide carries the deck's title ('Programma SAMEN: overzicht', 'Vaals in Programma SAMEN:
    overzicht'); the rest their own."""
    return s.titel if nr else f"{deck_titel}: {s.titel[:1].lower()}{s.titel[1:]}"


def selectie(load: Loader, f: Filters) -> str:
    """The filters in words (the scope line of the pages), shown on every slide and on every report page."""
    return _selectie(load, f).regel()


def _selectie(load: Loader, f: Filters) -> Selectie:
    p = load(queries.programmas)
    row = p[p["code"] == f.programma]
    g = load(queries.gemeente, None, f.gemeente) if f.gemeente else None
    return Selectie(
        f,
        programma_naam=programma_naam(load, f),
        gemeente_naam=g["naam"] if g else None,
        start=row["startdatum"].iloc[0] if len(row) else None,
        einde=row["einddatum"].iloc[0] if len(row) else None,
    )


def slide_filters(f: Filters, s: Slide) -> Filters:
    """The filters a slide is drawn in: a proeftuin's slide is that one gemeente."""
    code = s.key.removeprefix("proeftuin-") if s.key.startswith("proeftuin-") else None
    return replace(f, gemeente=code) if code else f


def slide_selectie(load: Loader, f: Filters, s: Slide) -> str:
    """The scope a slide is drawn in, in words (the scope line)."""
    return selectie(load, slide_filters(f, s))


def proeftuin_gemeenten(load: Loader, f: Filters) -> list[str]:
    funding = load(queries.cofinanciering_per_deelnemer, f)
    funded = funding[funding["heeft_toezegging"] & (funding["spoor"] != "kenniskring")]
    return funded.sort_values("gemeente")["gemeente_code"].drop_duplicates().tolist()
