"""Contradictions in the data, in Dutch: what a careful reader of the demo (or of real data) would catch.

Checked: payments above the commitment; a commitment 'betaald' whose payments do not add up to it; 'deels
betaald' with nothing (or everything) paid; payments on a commitment that says it is not being paid, or before
its decision; a reached milestone without its date (or a date without 'bereikt'); 'structurele financiering'
reached for a gemeente that committed nothing. Works on any database; the demo must have none.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Engine, and_, exists, func, select

from samen_data.store.db import session_scope
from samen_data.store.models import Betaling, Deelnemer, Mijlpaal, Organisatie, Toezegging
from samen_data.store.vocab import FASEN_TOEGEZEGD

ZONDER_BETALING = ("beoogd", "toegezegd", "besloten", "ingetrokken")  # fases that say nothing is paid yet


def _euro(x: Decimal) -> str:
    return "€ " + f"{x:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".").removesuffix(",00")


def tegenstrijdigheden(engine: Engine) -> list[str]:
    """Every contradiction found, one line each (empty: none)."""
    return [*_geld(engine), *_mijlpalen(engine)]


def _geld(engine: Engine) -> list[str]:
    paid = (
        select(
            Betaling.toezegging_id, func.sum(Betaling.bedrag).label("betaald"), func.min(Betaling.datum).label("eerste")
        )
        .group_by(Betaling.toezegging_id)
        .subquery()
    )
    rows = (
        select(
            Toezegging.kenmerk,
            Organisatie.naam,
            Toezegging.bedrag,
            Toezegging.fase,
            Toezegging.besluit_datum,
            paid.c.betaald,
            paid.c.eerste,
        )
        .join(Organisatie, Organisatie.id == Toezegging.financier_id)
        .outerjoin(paid, paid.c.toezegging_id == Toezegging.id)
        .order_by(Toezegging.id)
    )
    found = []
    with session_scope(engine) as s:
        for kenmerk, financier, bedrag, fase, besluit, betaald, eerste in s.execute(rows):
            betaald = Decimal(betaald or 0)
            wie = f"{kenmerk} ({financier}, {_euro(bedrag)}, {fase.replace('_', ' ')})"
            if betaald > bedrag:
                found.append(f"{wie}: betaald {_euro(betaald)}, meer dan toegezegd.")
            if fase == "betaald" and betaald != bedrag:
                found.append(f"{wie}: heet betaald, maar de betalingen tellen op tot {_euro(betaald)}.")
            if fase == "deels_betaald" and not 0 < betaald < bedrag:
                found.append(f"{wie}: heet deels betaald, maar er is {_euro(betaald)} betaald.")
            if fase in ZONDER_BETALING and betaald:
                found.append(f"{wie}: er is {_euro(betaald)} betaald op een toezegging die nog niet betaald wordt.")
            if besluit and eerste and eerste < besluit:
                found.append(f"{wie}: eerste betaling op {eerste:%d-%m-%Y}, vóór het besluit van {besluit:%d-%m-%Y}.")
    return found


def _mijlpalen(engine: Engine) -> list[str]:
    committed = exists().where(
        and_(
            Toezegging.deelnemer_id == Deelnemer.id,
            Toezegging.soort == "gemeentelijke_investering",
            Toezegging.fase.in_(FASEN_TOEGEZEGD),
            Toezegging.bedrag > 0,
        )
    )
    found = []
    with session_scope(engine) as s:
        dates = s.execute(
            select(Mijlpaal.kenmerk, Mijlpaal.status, Mijlpaal.datum_bereikt)
            .where((Mijlpaal.status == "bereikt") != Mijlpaal.datum_bereikt.is_not(None))
            .order_by(Mijlpaal.id)
        )
        for kenmerk, status, bereikt in dates:
            found.append(
                f"{kenmerk}: bereikt zonder datum bereikt."
                if status == "bereikt"
                else f"{kenmerk}: datum bereikt {bereikt:%d-%m-%Y}, maar de status is {status}."
            )
        structural = s.execute(
            select(Mijlpaal.kenmerk, Deelnemer.naam)
            .join(Deelnemer, Deelnemer.id == Mijlpaal.deelnemer_id)
            .where(Mijlpaal.categorie == "structurele financiering", Mijlpaal.status == "bereikt", ~committed)
            .order_by(Mijlpaal.id)
        )
        found += [
            f"{kenmerk}: structurele financiering bereikt bij {naam}, maar de gemeente zegde niets toe."
            for kenmerk, naam in structural
        ]
    return found
