"""Signalen: what needs attention, ranked, each with who, what (in Dutch), since when, what is at stake and a link
to the rows behind it.

The facts come aggregated from the database (queries/signaalbronnen.py), the money through the one match, gap and
status function (samen_data.figures.money). The state is read at the peildatum: the end of the selected period, or today
when that is earlier, so a signal agrees with the figures of the same selection (paid "t/m" the period's end).
Stale data (per participant) is about now, so it uses today. Scope: a gemeente sees only signals about its own gemeente (its
filters are restricted like every detail query); a fund sees every signal, those about its own commitments
marked and first. All thresholds are in Drempels (DREMPELS, named in the README).

A planned tranche (table tranche, the payment schedule) is past its date when the payments made by the peildatum
fall short of the tranches planned up to that date minus the grace period: paid money covers the oldest tranche first.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

import pandas as pd
from sqlalchemy import Engine

from samen_data.access.scope import Scope
from samen_data.figures import money
from samen_data.filters import Filters
from samen_data.formatting.fmt import datum, euro, getal, n_items
from samen_data.queries import signaalbronnen as bron
from samen_data.queries._parallel import together
from samen_data.queries._registry import SPECIAL, query
from samen_data.queries.funding import cofinanciering_per_gemeente
from samen_data.store.vocab import label


@dataclass(frozen=True)
class Drempels:
    """Every threshold of the signals, with its default (README: Signalen)."""

    min_bedrag: Decimal = Decimal(1000)  # a 1:1 gap (commitments or payments) below this is no signal
    maanden_onbetaald: int = 6  # a decided commitment without any payment this many months later
    dagen_na_tranche: int = 30  # a planned tranche still not covered by payments this many days after its date
    min_respondenten: int = 3  # fewer respondents in a group of a wave: a weak score
    dagen_ongewijzigd: int = 90  # no change this many days while the programme runs


DREMPELS = Drempels()

# The kinds, in the order they rank: contradictions and money first, then missing facts.
SOORTEN = {
    "overbetaald": "Betaald boven de toezegging",
    "structureel_zonder_gemeente": "Structurele financiering zonder toezegging van de gemeente",
    "achter_toezegging": "Gemeente achter op 1:1 (toezeggingen)",
    "achter_betaling": "Gemeente achter op 1:1 (betalingen)",
    "alleen_beoogd": "Deel van de gemeente alleen beoogd",
    "onbetaald_besluit": "Besloten maar niet betaald",
    "tranche_achter": "Geplande tranche niet betaald",
    "meer_aanwezig": "Meer aanwezig dan aangemeld",
    "zonder_aanwezigheid": "Bijeenkomst zonder aanwezigheid",
    "meting_ontbreekt": "Meting ontbreekt",
    "weinig_respondenten": "Weinig respondenten",
    "verouderd": "Lang niet bijgewerkt",
}
GEMEENTE_PAGINA, BIJEENKOMSTEN, WIJZIGINGEN = "pages/gemeente.py", "pages/bijeenkomsten.py", "pages/wijzigingen.py"


@dataclass(frozen=True)
class Signaal:
    soort: str  # a key of SOORTEN
    wie: str  # the participant, gemeente or meeting it is about
    wat: str  # what is wrong, in Dutch
    sinds: dt.date | None
    bedrag: Decimal | None = None  # the euros at stake, or
    aantal: int | None = None  # the count at stake
    gemeente_code: str | None = None
    gemeente: str | None = None
    financier: str | None = None  # the fund or gemeente whose commitment it is about
    pagina: str = GEMEENTE_PAGINA  # where the rows are: page and query parameters
    params: tuple[tuple[str, str], ...] = ()
    eigen_fonds: bool = False  # about a commitment of the signed-in fund

    @property
    def soort_tekst(self) -> str:
        return SOORTEN[self.soort]

    @property
    def inzet(self) -> str:
        """The amount or count at stake, as shown."""
        return euro(self.bedrag) if self.bedrag is not None else getal(self.aantal) if self.aantal is not None else "–"


def peildatum(f: Filters, vandaag: dt.date) -> dt.date:
    return min(vandaag, f.tot) if f.tot else vandaag


@query(SPECIAL)
def signalen(
    engine: Engine,
    scope: Scope,
    filters: Filters | None = None,
    vandaag: dt.date | None = None,
    drempels: Drempels = DREMPELS,
) -> list[Signaal]:
    """Every signal in the selection this scope may see, ranked (see SOORTEN, then the amount, then the oldest)."""
    f = scope.restrict(filters, detail=True)  # a gemeente: only its own gemeente
    vandaag = vandaag or dt.date.today()
    peil = peildatum(f, vandaag)
    groups = together(
        engine,
        lambda: _geld(engine, f, peil, drempels),
        lambda: _besluiten(engine, f, peil, drempels),
        lambda: _bijeenkomsten(engine, f, peil),
        lambda: _metingen(engine, f, peil, drempels),
        lambda: _verouderd(engine, f, vandaag, drempels),
    )
    found = [s for group in groups for s in group]
    if scope.rol == "fonds":
        found = [replace(s, eigen_fonds=s.financier == scope.fonds) for s in found]
    order = list(SOORTEN)
    return sorted(
        found,
        key=lambda s: (
            not s.eigen_fonds,
            order.index(s.soort),
            -(s.bedrag or 0),
            -(s.aantal or 0),
            s.sinds or dt.date.max,
            s.wie,
        ),
    )


def per_soort(found: list[Signaal]) -> dict[str, int]:
    """How many signals of each kind (every kind, zero included), in rank order."""
    return {k: sum(1 for s in found if s.soort == k) for k in SOORTEN}


def tegels(found: list[Signaal]) -> list[money.Tegel]:
    """The Signalen page's headline figures: how many signals, about how many gemeenten, and the money kinds' count."""
    geld = {
        "overbetaald",
        "achter_toezegging",
        "achter_betaling",
        "alleen_beoogd",
        "onbetaald_besluit",
        "tranche_achter",
    }
    return [
        money.Tegel("Signalen", getal(len(found)), None, "Alle signalen in deze selectie, van elke soort."),
        money.Tegel("Gemeenten met een signaal", getal(len({s.gemeente_code for s in found if s.gemeente_code}))),
        money.Tegel(
            "Signalen over geld",
            getal(sum(1 for s in found if s.soort in geld)),
            None,
            "Betaald boven de toezegging, achter op 1:1, alleen beoogd, besloten maar niet betaald.",
        ),
    ]


def _link(code: str | None) -> tuple[tuple[str, str], ...]:
    return (("gemeente", code),) if code else ()


def _geld(engine: Engine, f: Filters, peil: dt.date, d: Drempels) -> list[Signaal]:
    """Per gemeente under the 1:1 rule: commitments behind, only intended, or payments behind the funds'."""
    per = cofinanciering_per_gemeente(engine, replace(f, tot=peil))
    since = dict(bron.fondsbesluit_per_gemeente(engine, f).itertuples(index=False))
    out = []
    for row in per.to_dict("records"):
        s = money.stand(row)
        if not s.een_op_een:
            continue
        code, naam = row["gemeente_code"], row["gemeente"]
        common = dict(wie=naam, gemeente_code=code, gemeente=naam, params=_link(code), sinds=since.get(code))
        if s.status == "alleen_beoogd":
            out.append(
                Signaal(
                    "alleen_beoogd",
                    wat=f"Het deel van de gemeente ({euro(s.gemeente.beoogd)}) is alleen "
                    f"beoogd; de fondsen zegden {euro(s.fonds_1op1)} toe.",
                    bedrag=s.nog_toe_te_zeggen,
                    **common,
                )
            )
        elif s.nog_toe_te_zeggen >= d.min_bedrag:
            out.append(
                Signaal(
                    "achter_toezegging",
                    wat=f"{s.match_tekst()}: nog {euro(s.nog_toe_te_zeggen)} toe te zeggen voor 1:1.",
                    bedrag=s.nog_toe_te_zeggen,
                    **common,
                )
            )
        achter = s.fondsen.betaald - s.gemeente.betaald
        if s.gemeente.toegezegd and achter >= d.min_bedrag:
            out.append(
                Signaal(
                    "achter_betaling",
                    wat=f"De gemeente betaalde {euro(s.gemeente.betaald)}, de fondsen "
                    f"{euro(s.fondsen.betaald)}: {euro(achter)} minder.",
                    bedrag=achter,
                    **common,
                )
            )
    return out


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def _commitment_signal(kind: str, row: dict, wat: str, bedrag: Decimal, sinds) -> Signaal:
    return Signaal(
        kind,
        wie=row["deelnemer"],
        wat=wat,
        sinds=sinds,
        bedrag=bedrag,
        gemeente_code=row["gemeente_code"],
        gemeente=row["gemeente"],
        financier=row["financier"],
        params=_link(row["gemeente_code"]),
    )


def _besluiten(engine: Engine, f: Filters, peil: dt.date, d: Drempels) -> list[Signaal]:
    """Commitments decided long ago without payment, and payments above a commitment."""
    out = []
    for row in bron.onbetaalde_besluiten(engine, f, peil, _months_before(peil, d.maanden_onbetaald)).to_dict("records"):
        out.append(
            _commitment_signal(
                "onbetaald_besluit",
                row,
                f"{label(row['soort'])} {row['kenmerk']} van {row['financier']} "
                f"({label(row['fase']).lower()}, besluit {datum(row['besluit_datum'])}): nog niets betaald.",
                row["bedrag"],
                row["besluit_datum"],
            )
        )
    vervallen = peil - dt.timedelta(days=d.dagen_na_tranche)
    for row in bron.tranches_achter(engine, f, peil, vervallen).to_dict("records"):
        achter = row["gepland"] - row["betaald"]
        if achter < d.min_bedrag:
            continue
        out.append(
            _commitment_signal(
                "tranche_achter",
                row,
                f"{label(row['soort'])} {row['kenmerk']} van {row['financier']}: volgens het betaalschema "
                f"{euro(row['gepland'])} vervallen, {euro(row['betaald'])} betaald; open sinds de tranche van "
                f"{datum(row['sinds'])}.",
                achter,
                row["sinds"],
            )
        )
    for row in bron.overbetaald(engine, f, peil).to_dict("records"):
        teveel = row["betaald"] - row["bedrag"]
        out.append(
            _commitment_signal(
                "overbetaald",
                row,
                f"{row['kenmerk']} van {row['financier']}: betaald {euro(row['betaald'])}, "
                f"toegezegd {euro(row['bedrag'])}.",
                teveel,
                row["sinds"],
            )
        )
    for row in bron.structureel_zonder_gemeente(engine, f, peil).to_dict("records"):
        out.append(
            Signaal(
                "structureel_zonder_gemeente",
                wie=row["deelnemer"],
                sinds=row["sinds"],
                wat=f"Mijlpaal {row['kenmerk']} 'structurele financiering' bereikt, maar de gemeente zegde € 0 toe.",
                aantal=1,
                gemeente_code=row["gemeente_code"],
                gemeente=row["gemeente"],
                params=_link(row["gemeente_code"]),
            )
        )
    return out


def _bijeenkomsten(engine: Engine, f: Filters, peil: dt.date) -> list[Signaal]:
    out = []
    for row in bron.bijeenkomsten_zonder_aanwezigheid(engine, f, peil).to_dict("records"):
        out.append(
            Signaal(
                "zonder_aanwezigheid",
                wie=row["titel"],
                sinds=row["datum"],
                aantal=1,
                wat=f"{label(row['soort'])} van {datum(row['datum'])}: geen aanwezigheid ingevuld.",
                gemeente_code=row["gemeente_code"],
                gemeente=row["gemeente"],
                pagina=BIJEENKOMSTEN,
            )
        )
    for row in bron.meer_aanwezig_dan_aangemeld(engine, f).to_dict("records"):
        out.append(
            Signaal(
                "meer_aanwezig",
                wie=row["organisatie"],
                sinds=row["datum"],
                aantal=int(row["teveel"]),
                wat=f"{row['titel']} ({datum(row['datum'])}): {getal(row['aanwezig'])} aanwezig, "
                f"{getal(row['aangemeld'])} aangemeld.",
                gemeente_code=row["gemeente_code"],
                gemeente=row["gemeente"],
                pagina=BIJEENKOMSTEN,
            )
        )
    return out


def _metingen(engine: Engine, f: Filters, peil: dt.date, d: Drempels) -> list[Signaal]:
    out = []
    for row in bron.ontbrekende_metingen(engine, f, peil).to_dict("records"):
        out.append(
            Signaal(
                "meting_ontbreekt",
                wie=row["deelnemer"],
                sinds=row["sinds"],
                aantal=1,
                wat=f"Geen {label(row['golf']).lower()}, die op {datum(row['sinds'])} begon.",
                gemeente_code=row["gemeente_code"],
                gemeente=row["gemeente"],
                params=_link(row["gemeente_code"]),
            )
        )
    for row in bron.weinig_respondenten(engine, f, peil, d.min_respondenten).to_dict("records"):
        out.append(
            Signaal(
                "weinig_respondenten",
                wie=row["deelnemer"],
                sinds=row["sinds"],
                aantal=int(row["respondenten"]),
                wat=f"{label(row['golf'])}, groep {label(row['respondentgroep']).lower()}: "
                f"{n_items(int(row['respondenten']), 'respondent', 'respondenten')}, minder dan {d.min_respondenten}.",
                gemeente_code=row["gemeente_code"],
                gemeente=row["gemeente"],
                params=_link(row["gemeente_code"]),
            )
        )
    return out


def _day(value) -> dt.date | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.date() if isinstance(value, dt.datetime) else value


def _verouderd(engine: Engine, f: Filters, vandaag: dt.date, d: Drempels) -> list[Signaal]:
    """A participant in a running programme whose rows nobody changed for dagen_ongewijzigd days (audit trail)."""
    out = []
    grens = vandaag - dt.timedelta(days=d.dagen_ongewijzigd)
    for row in bron.laatste_wijziging(engine, f, vandaag).to_dict("records"):
        laatst = _day(row["laatst"])
        sinds = laatst or _day(row["start"])
        if sinds is None or sinds > grens:
            continue
        dagen = (vandaag - sinds).days
        wat = (
            f"Laatste wijziging op {datum(laatst)}, {getal(dagen)} dagen geleden."
            if laatst
            else f"Nooit gewijzigd sinds de start op {datum(sinds)} ({getal(dagen)} dagen)."
        )
        out.append(
            Signaal(
                "verouderd",
                wie=row["deelnemer"],
                wat=wat,
                sinds=sinds,
                aantal=dagen,
                gemeente_code=row["gemeente_code"],
                gemeente=row["gemeente"],
                pagina=WIJZIGINGEN,
            )
        )
    return out
