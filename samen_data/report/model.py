"""The presentation's data model: a Slide (one message, a few figures, at most one chart with its text
alternative) and a Deck of them, with the constants every slide shares (one date style, the source line)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from samen_data.demo.facts import DEMODATA_KOP, DEMODATA_TEKST
from samen_data.formatting.fmt import datum

# load(query, filters, *extra) -> queries.run(query, engine, scope, filters, *extra); the app passes its cached loader.
Loader = Callable[..., Any]
SECTIONS = ("overzicht", "kaart", "cofinanciering", "bijeenkomsten", "samenwerking")
KERN_SOORTEN = ("kick-off", "collectief")
BRON = "Bron: SAMEN-database (Programma SAMEN: VSBfonds, Oranje Fonds, Stichting DOEN en VNG)"
DEMODATA = f"{DEMODATA_KOP} {DEMODATA_TEKST}"
KORT = "dd-MM-y"  # one date style on every slide, as the scope line writes it: 28-11-2022
# Fasen of a commitment that is not (or no longer) a promise: left out of public slides on request.
NIET_TOEGEZEGD = ("beoogd", "ingetrokken")


@dataclass(frozen=True)
class Slide:
    key: str  # a section name, or 'proeftuin-GM0796'
    titel: str
    boodschap: str  # the one message of the slide, a full sentence
    cijfers: tuple[tuple[str, str], ...] = ()  # (label, value formatted as on the dashboard)
    chart: Any = None  # an altair chart, or None
    beschrijving: str = ""  # the chart's text alternative
    tabel: pd.DataFrame | None = None  # the data behind the slide, Dutch formatted strings
    synthetisch: bool = False


@dataclass(frozen=True)
class Deck:
    titel: str
    selectie: str  # the filters in words
    gemaakt: dt.date
    synthetisch: bool
    slides: list[Slide] = field(default_factory=list)
    selecties: dict[str, str] = field(default_factory=dict)  # per slide key: the scope that slide is drawn in

    def selectie_van(self, s: Slide) -> str:
        return self.selecties.get(s.key, self.selectie)

    def voetregel(self) -> str:
        return f"{BRON} · stand {datum(self.gemaakt, KORT)}"
