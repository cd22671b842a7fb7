"""Rows as they are edited in the app (with id and versie), and the audit trail."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import aliased

from samen_data.filters import Filters
from samen_data.queries._common import frame, via_toezegging
from samen_data.queries._registry import DETAIL, SPECIAL, query
from samen_data.store.models import (
    Aanwezigheid,
    Betaling,
    Bijeenkomst,
    Deelnemer,
    Mijlpaal,
    Organisatie,
    Programma,
    Toezegging,
    Tranche,
    Wijziging,
)


@query(DETAIL)
def betalingen(engine: Engine, f: Filters, limit: int | None = None) -> pd.DataFrame:
    """Every payment of the selected participants, newest first; limit: at most that many rows (the Bijwerken page's choice lists)."""
    return _onder_toezegging(engine, f, Betaling, limit)


@query(DETAIL)
def tranches(engine: Engine, f: Filters, limit: int | None = None) -> pd.DataFrame:
    """Every planned tranche of the selected participants, latest date first; limit: as betalingen."""
    return _onder_toezegging(engine, f, Tranche, limit)


def _onder_toezegging(engine: Engine, f: Filters, model: type[Betaling] | type[Tranche], limit: int | None):
    financier = aliased(Organisatie)
    stmt = (
        via_toezegging(
            select(
                model.id,
                model.kenmerk,
                Toezegging.id.label("toezegging_id"),
                Toezegging.kenmerk.label("toezegging"),
                Deelnemer.naam.label("deelnemer"),
                financier.naam.label("financier"),
                model.datum,
                model.bedrag.label("bedrag"),
                model.omschrijving,
                model.bron,
                model.versie,
            ),
            financier,
            onder=model,
            gemeente=False,
        )
        .where(f.period(model.datum))
        .order_by(model.datum.desc(), model.kenmerk)
        .limit(limit)
    )
    return frame(engine, f.deelnemers(stmt))


@query(DETAIL)
def aanwezigheid_rijen(engine: Engine, f: Filters, limit: int | None = None) -> pd.DataFrame:
    """Attendance counts per meeting × organisation × role; a gemeente sees its own organisations' rows; limit: at most that many rows (the Bijwerken page's choice lists)."""
    stmt = (
        select(
            Aanwezigheid.id,
            Bijeenkomst.kenmerk.label("bijeenkomst"),
            Bijeenkomst.titel,
            Bijeenkomst.datum,
            Organisatie.naam.label("organisatie"),
            Aanwezigheid.rol,
            Aanwezigheid.aangemeld,
            Aanwezigheid.aanwezig,
            Aanwezigheid.bron,
            Aanwezigheid.versie,
        )
        .join(Bijeenkomst, Bijeenkomst.id == Aanwezigheid.bijeenkomst_id)
        .join(Programma, Programma.id == Bijeenkomst.programma_id)
        .join(Organisatie, Organisatie.id == Aanwezigheid.organisatie_id)
        .where(f.period(Bijeenkomst.datum))
        .order_by(Bijeenkomst.datum.desc(), Organisatie.naam, Aanwezigheid.rol)
    )
    if f.programma:
        stmt = stmt.where(Programma.code == f.programma)
    if f.gemeente:
        stmt = stmt.where(Organisatie.gemeente_code == f.gemeente)
    return frame(engine, stmt.limit(limit))


@query(DETAIL)
def mijlpaal_rijen(engine: Engine, f: Filters, limit: int | None = None) -> pd.DataFrame:
    """Milestones of the selected participants (and, without a gemeente filter, of the programme); limit: at most that many rows (the Bijwerken page's choice lists)."""
    stmt = (
        select(
            Mijlpaal.id,
            Mijlpaal.kenmerk,
            Programma.code.label("programma"),
            func.coalesce(Deelnemer.naam, "Heel het programma").label("deelnemer"),
            Mijlpaal.categorie,
            Mijlpaal.omschrijving,
            Mijlpaal.status,
            Mijlpaal.streefdatum,
            Mijlpaal.datum_bereikt,
            Mijlpaal.bron,
            Mijlpaal.versie,
        )
        .join(Programma, Programma.id == Mijlpaal.programma_id)
        .outerjoin(Deelnemer, Deelnemer.id == Mijlpaal.deelnemer_id)
        .order_by(Mijlpaal.streefdatum, Mijlpaal.kenmerk)
        .limit(limit)
    )
    return frame(engine, f.deelnemers(stmt))  # a gemeente or track filter leaves out programme milestones


@query(SPECIAL)
def wijzigingen(
    engine: Engine,
    tabel: str | None = None,
    actie: str | None = None,
    gebruiker: str | None = None,
    van: dt.date | None = None,
    tot: dt.date | None = None,
    limit: int = 1000,
    gemeente: str | None = None,
) -> pd.DataFrame:
    """The audit trail, newest first; gebruiker matches part of the name, case-insensitive.

    gemeente: only changes to rows of that gemeente (what a gemeente account may see).
    """
    stmt = select(
        Wijziging.id,
        Wijziging.tijdstip,
        Wijziging.gebruiker,
        Wijziging.tabel,
        Wijziging.rij_id,
        Wijziging.actie,
        Wijziging.oude_waarden,
        Wijziging.nieuwe_waarden,
    )
    if gemeente:
        stmt = stmt.where(Wijziging.gemeente_code == gemeente)
    if tabel:
        stmt = stmt.where(Wijziging.tabel == tabel)
    if actie:
        stmt = stmt.where(Wijziging.actie == actie)
    if gebruiker:
        stmt = stmt.where(func.lower(Wijziging.gebruiker).contains(gebruiker.lower(), autoescape=True))
    if van:
        stmt = stmt.where(Wijziging.tijdstip >= dt.datetime.combine(van, dt.time.min))
    if tot:
        stmt = stmt.where(Wijziging.tijdstip < dt.datetime.combine(tot + dt.timedelta(days=1), dt.time.min))
    return frame(engine, stmt.order_by(Wijziging.tijdstip.desc(), Wijziging.id.desc()).limit(limit))
