"""Every headline tile tied to its definition and to the rows it is computed from (its Onderbouwing).

A tile is known by the label on screen. FIGUREN maps each label to the name of its definition in the README
(samen_data.figures.definities), the query that returns its rows in the tile's scope (queries/onderbouwing.py, through
queries.run and its access class) and how those rows make the tile (maat). A label missing here has no
Onderbouwing, and tests/test_definitions.py fails on it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from samen_data.figures.definities import definitie
from samen_data.formatting.palette import mijlpaal_label
from samen_data.queries.onderbouwing import (
    rijen_betaald,
    rijen_bijeenkomsten,
    rijen_deelnemers,
    rijen_match,
    rijen_metingen,
    rijen_mijlpalen,
    rijen_toegezegd,
)
from samen_data.store.vocab import DIMENSIES, MIJLPAAL_STATUSSEN

SOM, AANTAL, GEMIDDELDE, AANDEEL, GEWOGEN, VERHOUDING = (
    "som",
    "aantal",
    "gemiddelde",
    "aandeel",
    "gewogen",
    "verhouding",
)


@dataclass(frozen=True)
class Figuur:
    definitie: str  # the **Name** of its bullet in "Hoe de cijfers gerekend worden"
    rijen: Callable[..., pd.DataFrame] | None  # a query of class ONDERBOUWING; None: the page's own table
    args: tuple = ()  # its arguments after the filters
    maat: str = SOM  # how the rows make the tile: SOM/GEMIDDELDE of Aanwezig or Bedrag, AANTAL of rows, ...

    @property
    def regel(self) -> str:
        return definitie(self.definitie)

    def uitleg(self) -> str:
        """How the table below adds up to the tile, in words."""
        return {
            SOM: "De tegel is de som van de kolom {kolom} hieronder.",
            AANTAL: "De tegel is het aantal rijen hieronder.",
            GEMIDDELDE: "De tegel is de som van Aanwezig gedeeld door het aantal bijeenkomsten hieronder.",
            AANDEEL: "De tegel is de som van Aanwezig gedeeld door de som van Aangemeld hieronder.",
            GEWOGEN: "De tegel is het gemiddelde van de kolom Score, gewogen naar Respondenten.",
            VERHOUDING: "De tegel is de som van Bedrag bij Gemeente gedeeld door die bij Fondsen.",
        }[self.maat].format(kolom="Aanwezig" if self.rijen is rijen_bijeenkomsten else "Bedrag")


def _toegezegd(kant: str, naam: str = "Toegezegd") -> Figuur:
    return Figuur(naam, rijen_toegezegd, ((kant,),))


def _betaald(kant: str, naam: str) -> Figuur:
    return Figuur(naam, rijen_betaald, (kant, True))


FIGUREN: dict[str, Figuur] = {
    "Deelnemers": Figuur("Deelnemers", rijen_deelnemers, maat=AANTAL),
    # A selection sums "fondsen"/"gemeenten"; one gemeente reads like its table's columns (money.tegels).
    "Toegezegd door fondsen": _toegezegd("fonds"),
    "Fondsen toegezegd": _toegezegd("fonds"),
    "Toegezegd door gemeenten": _toegezegd("gemeente"),
    "Gemeente toegezegd": _toegezegd("gemeente"),
    "Eigen of andere middelen": _toegezegd("overig", "Eigen of andere middelen"),
    "Match fonds : gemeente": Figuur("Match", rijen_match, maat=VERHOUDING),
    "Betaald door fondsen": _betaald("fonds", "Betaald door fondsen"),
    "Fondsen betaald": _betaald("fonds", "Betaald door fondsen"),
    "Betaald door gemeenten": _betaald("gemeente", "Betaald door gemeenten"),
    "Gemeente betaald": _betaald("gemeente", "Betaald door gemeenten"),
    "Betaald in deze periode": Figuur("Betaald in deze periode", rijen_betaald, (None, False)),
    "Bijeenkomsten gehouden": Figuur("Bijeenkomsten gehouden", rijen_bijeenkomsten, maat=AANTAL),
    "Aanwezigen (totaal)": Figuur("Aanwezigen (totaal)", rijen_bijeenkomsten),
    "Gemiddeld per collectieve": Figuur(
        "Gemiddeld per collectieve", rijen_bijeenkomsten, ("collectief",), maat=GEMIDDELDE
    ),
    "Opkomst": Figuur("Opkomst", rijen_bijeenkomsten, maat=AANDEEL),
    "Samenwerking (score)": Figuur("Samenwerkingsscore", rijen_metingen, maat=GEWOGEN),
    # Samenwerking: one tile per dimension ("Relaties"), one per milestone status ("✔ Bereikt").
    **{d[:1].upper() + d[1:]: Figuur("Samenwerkingsscore", rijen_metingen, (d,), maat=GEWOGEN) for d in DIMENSIES},
    **{
        mijlpaal_label(s): Figuur("Mijlpalen per status", rijen_mijlpalen, (s,), maat=AANTAL)
        for s in MIJLPAAL_STATUSSEN
    },
    # Signalen: the rows are the page's own table of signals, right under the tiles.
    **{lab: Figuur(lab, None, maat=AANTAL) for lab in ("Signalen", "Gemeenten met een signaal", "Signalen over geld")},
}


def figuur(label: str) -> Figuur | None:
    return FIGUREN.get(label)


def bijgewerkt(rows: pd.DataFrame) -> dt.date | None:
    """The date of the newest row (the tile's "bijgewerkt t/m"), None without dated rows."""
    if "Datum" not in rows or rows["Datum"].dropna().empty:
        return None
    newest = pd.to_datetime(rows["Datum"].dropna()).max()
    return newest.date()
