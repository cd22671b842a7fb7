"""The selection a page shows, in words: the scope line under every title, and what emptied a result.

Pure formatting (no Streamlit, no database): the pages, the slides and the tests use the same text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from samen_data.filters import Filters
from samen_data.formatting.fmt import datum
from samen_data.store.vocab import label

KORT = "dd-MM-y"  # 28-11-2022, as the sidebar's date picker writes it


@dataclass(frozen=True)
class Selectie:
    """The filters a page draws, with the names needed to say them.

    start/einde: the programme's own period (a period equal to it is "hele looptijd"). eigen_gemeente: set when a
    gemeente account asked for the whole programme on a page with detail rows, which it may see only for its own
    gemeente: the page then draws that gemeente throughout, and says so."""

    filters: Filters
    programma_naam: str = "Alle programma's"
    start: dt.date | None = None
    einde: dt.date | None = None
    gemeente_naam: str | None = None
    eigen_gemeente: bool = False

    @property
    def heeft_periode(self) -> bool:
        """A period narrower than the programme's own: the period figures (in, before, up to) differ."""
        f = self.filters
        return bool(f.van and f.tot) and (f.van, f.tot) != (self.start, self.einde)

    def periode(self) -> str:
        f = self.filters
        if not (f.van and f.tot) or not self.heeft_periode:
            return "hele looptijd"
        return f"{datum(f.van, KORT)} – {datum(f.tot, KORT)}"

    def gemeente(self) -> str:
        if not self.filters.gemeente:
            return "alle gemeenten"
        naam = self.gemeente_naam or self.filters.gemeente
        return f"{naam} (uw gemeente; per deelnemer ziet u alleen die)" if self.eigen_gemeente else naam

    def sporen(self) -> str:
        s = self.filters.sporen
        return ("spoor " if len(s) == 1 else "sporen ") + ", ".join(label(x).lower() for x in s) if s else "alle sporen"

    def regel(self) -> str:
        """The scope line: "Programma SAMEN · 01-01-2024 – 30-06-2024 · Vaals · alle sporen"."""
        return " · ".join((self.programma_naam, self.periode(), self.gemeente(), self.sporen()))

    def actief(self) -> list[tuple[str, str]]:
        """The filters that narrow the programme, most specific first, as (filter, words): what may have
        emptied a result. A gemeente account's own gemeente is not a choice, so it is not listed."""
        out = []
        if self.filters.sporen:
            out.append(("sporen", self.sporen()))
        if self.filters.gemeente and not self.eigen_gemeente:
            out.append(("gemeente", f"gemeente {self.gemeente_naam or self.filters.gemeente}"))
        if self.heeft_periode:
            out.append(("periode", f"periode {self.periode()}"))
        return out

    def leeg(self, what: str) -> str:
        """ "Geen toezeggingen voor spoor kenniskring" (the filters that narrow the selection, or the selection)."""
        active = self.actief()
        if not active:
            return f"Geen {what} in {self.programma_naam} ({self.gemeente()})."
        return f"Geen {what} voor " + " en ".join(words for _, words in active) + "."

    def zonder(self, key: str) -> Filters:
        """The filters with one filter reset to the whole programme."""
        f = self.filters
        if key == "sporen":
            return replace(f, sporen=())
        if key == "gemeente":
            return replace(f, gemeente=None)
        if key == "periode":
            return replace(f, van=self.start, tot=self.einde)
        raise ValueError(key)


WERKT_OP = {  # what a page that acts on rows acts on; {wie}: the account's own rows, {selectie}: the scope line
    "rijen": "{wie} · {selectie}",
    "database": "{wie} · alle programma's, hele looptijd (de filters in de zijbalk gelden hier niet)",
    "logboek": "{wie} · alle wijzigingen (de filters in de zijbalk gelden hier niet)",
    "accounts": "Alle accounts van het dashboard (de filters in de zijbalk gelden hier niet)",
}


def werkt_op(
    soort: str, selectie: str, rol: str | None, gemeente_naam: str | None = None, fonds: str | None = None
) -> str:
    """The scope line of a page that acts on rows (edit, import/export, audit trail, accounts), by the role."""
    if rol == "gemeente":
        wie = f"Uw gemeente: {gemeente_naam}"
    elif rol == "fonds" and soort == "rijen":  # a fund reads everything but changes only what it pays
        wie = f"Uw fonds: {fonds}"
    else:
        wie = "Alle gemeenten en fondsen"
    return WERKT_OP[soort].format(wie=wie, selectie=selectie)
