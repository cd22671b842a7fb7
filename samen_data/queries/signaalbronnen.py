"""The facts behind the signals (samen_data.figures.signalen): each kind selected and aggregated in the database.

Every function takes the filters already restricted to the caller's scope (signalen() does that through
Scope.restrict, like queries.run) and a peildatum: the day the state is read at. They return only the rows
that need attention, never a table to filter in pandas.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, and_, exists, func, or_, select, union_all
from sqlalchemy.orm import aliased

from samen_data.filters import Filters
from samen_data.queries._common import frame, via_toezegging
from samen_data.store.models import (
    Aanwezigheid,
    Betaling,
    Bijeenkomst,
    Deelnemer,
    DeelnemerOrganisatie,
    Gemeente,
    Meting,
    Mijlpaal,
    Organisatie,
    Programma,
    Toezegging,
    Tranche,
    Wijziging,
)
from samen_data.store.vocab import FASEN_TOEGEZEGD


def _paid_until(peildatum: dt.date):
    return (
        select(Betaling.toezegging_id, func.sum(Betaling.bedrag).label("betaald"))
        .where(Betaling.datum <= peildatum)
        .group_by(Betaling.toezegging_id)
        .subquery("betaald")
    )


def _commitments(f: Filters, peildatum: dt.date):
    """Commitments of the selected participants with what was paid on them up to the peildatum."""
    paid = _paid_until(peildatum)
    financier = aliased(Organisatie)
    stmt = via_toezegging(
        select(
            Toezegging.id.label("toezegging_id"),
            Toezegging.kenmerk,
            Deelnemer.naam.label("deelnemer"),
            Deelnemer.gemeente_code,
            Gemeente.naam.label("gemeente"),
            financier.naam.label("financier"),
            Toezegging.soort,
            Toezegging.bedrag.label("bedrag"),
            Toezegging.fase,
            Toezegging.besluit_datum,
            func.coalesce(paid.c.betaald, 0).label("betaald"),
        ),
        financier,
    ).outerjoin(paid, paid.c.toezegging_id == Toezegging.id)
    return f.deelnemers(stmt), paid


def onbetaalde_besluiten(engine: Engine, f: Filters, peildatum: dt.date, besloten_voor: dt.date) -> pd.DataFrame:
    """Committed (not yet 'betaald') with a decision on or before `besloten_voor`, and nothing paid by the peildatum."""
    stmt, paid = _commitments(f, peildatum)
    stmt = stmt.where(
        Toezegging.fase.in_(FASEN_TOEGEZEGD),
        Toezegging.fase != "betaald",
        Toezegging.bedrag > 0,
        Toezegging.besluit_datum <= besloten_voor,
        func.coalesce(paid.c.betaald, 0) == 0,
    )
    return frame(engine, stmt.order_by(Toezegging.besluit_datum, Toezegging.id))


def overbetaald(engine: Engine, f: Filters, peildatum: dt.date) -> pd.DataFrame:
    """Commitments whose payments up to the peildatum add up to more than the commitment."""
    stmt, paid = _commitments(f, peildatum)
    first = (
        select(Betaling.toezegging_id, func.min(Betaling.datum).label("sinds"))
        .where(Betaling.datum <= peildatum)
        .group_by(Betaling.toezegging_id)
        .subquery("eerste")
    )
    stmt = stmt.add_columns(first.c.sinds).join(first, first.c.toezegging_id == Toezegging.id)
    return frame(engine, stmt.where(paid.c.betaald > Toezegging.bedrag).order_by(Toezegging.id))


def tranches_achter(engine: Engine, f: Filters, peildatum: dt.date, vervallen_voor: dt.date) -> pd.DataFrame:
    """Commitments whose tranches due on or before `vervallen_voor` add up to more than was paid by the peildatum:
    per commitment the first tranche not covered (sinds), the planned sum due (gepland) and the paid sum (betaald)."""
    stmt, paid = _commitments(f, peildatum)
    running = (
        select(
            Tranche.toezegging_id,
            Tranche.datum,
            func.sum(Tranche.bedrag)
            .over(partition_by=Tranche.toezegging_id, order_by=(Tranche.datum, Tranche.id))
            .label("tot_en_met"),
        )
        .where(Tranche.datum <= vervallen_voor)
        .subquery("gepland")
    )
    betaald = func.coalesce(paid.c.betaald, 0)
    due = (
        select(
            running.c.toezegging_id,
            func.min(running.c.datum).label("sinds"),
            func.max(running.c.tot_en_met).label("gepland"),
        )
        .select_from(running.outerjoin(paid, paid.c.toezegging_id == running.c.toezegging_id))
        .where(running.c.tot_en_met > betaald)
        .group_by(running.c.toezegging_id)
        .subquery("achter")
    )
    stmt = (
        stmt.add_columns(due.c.sinds, due.c.gepland)
        .join(due, due.c.toezegging_id == Toezegging.id)
        .where(Toezegging.fase.in_(FASEN_TOEGEZEGD))
    )
    return frame(engine, stmt.order_by(due.c.sinds, Toezegging.id))


def fondsbesluit_per_gemeente(engine: Engine, f: Filters) -> pd.DataFrame:
    """Per gemeente the first decision date of the funds' commitments: since when the gemeente could match."""
    stmt = f.deelnemers(
        select(Deelnemer.gemeente_code, func.min(Toezegging.besluit_datum).label("sinds"))
        .join(Deelnemer, Deelnemer.id == Toezegging.deelnemer_id)
        .join(Programma, Programma.id == Deelnemer.programma_id)
        .where(Toezegging.soort == "fondsbijdrage", Toezegging.fase.in_(FASEN_TOEGEZEGD))
        .group_by(Deelnemer.gemeente_code)
    )
    return frame(engine, stmt)


def ontbrekende_metingen(engine: Engine, f: Filters, peildatum: dt.date) -> pd.DataFrame:
    """Participants without any measurement in a wave that was held (by the peildatum) for their programme and
    track: a track nobody measures (the kenniskring) has no held wave, so it gets no signal."""
    held = (
        select(Deelnemer.programma_id, Deelnemer.spoor, Meting.golf, func.min(Meting.datum).label("sinds"))
        .join(Deelnemer, Deelnemer.id == Meting.deelnemer_id)
        .where(Meting.datum <= peildatum)
        .group_by(Deelnemer.programma_id, Deelnemer.spoor, Meting.golf)
        .subquery("gehouden")
    )
    measured = exists().where(and_(Meting.deelnemer_id == Deelnemer.id, Meting.golf == held.c.golf))
    stmt = (
        select(
            Deelnemer.id.label("deelnemer_id"),
            Deelnemer.naam.label("deelnemer"),
            Deelnemer.gemeente_code,
            Gemeente.naam.label("gemeente"),
            held.c.golf,
            held.c.sinds,
        )
        .join(held, and_(held.c.programma_id == Deelnemer.programma_id, held.c.spoor == Deelnemer.spoor))
        .join(Programma, Programma.id == Deelnemer.programma_id)
        .join(Gemeente, Gemeente.cbs_code == Deelnemer.gemeente_code)
        .where(~measured)
    )
    return frame(engine, f.deelnemers(stmt).order_by(held.c.sinds, Deelnemer.naam))


def weinig_respondenten(engine: Engine, f: Filters, peildatum: dt.date, minimum: int) -> pd.DataFrame:
    """Per participant × wave × respondent group measured by the peildatum: fewer respondents than `minimum`
    (the most respondents over its dimensions)."""
    most = func.max(Meting.respondenten)
    stmt = f.deelnemers(
        select(
            Deelnemer.id.label("deelnemer_id"),
            Deelnemer.naam.label("deelnemer"),
            Deelnemer.gemeente_code,
            Gemeente.naam.label("gemeente"),
            Meting.golf,
            Meting.respondentgroep,
            most.label("respondenten"),
            func.min(Meting.datum).label("sinds"),
        )
        .join(Deelnemer, Deelnemer.id == Meting.deelnemer_id)
        .join(Programma, Programma.id == Deelnemer.programma_id)
        .join(Gemeente, Gemeente.cbs_code == Deelnemer.gemeente_code)
        .where(Meting.datum <= peildatum)
        .group_by(
            Deelnemer.id, Deelnemer.naam, Deelnemer.gemeente_code, Gemeente.naam, Meting.golf, Meting.respondentgroep
        )
        .having(most < minimum)
    )
    return frame(engine, stmt.order_by(func.min(Meting.datum), Deelnemer.naam))


def _meeting_gemeente():
    """A meeting's gemeente: that of its participant, else the place it was held."""
    host = aliased(Deelnemer)
    return host, func.coalesce(host.gemeente_code, Bijeenkomst.gemeente_code)


def bijeenkomsten_zonder_aanwezigheid(engine: Engine, f: Filters, peildatum: dt.date) -> pd.DataFrame:
    """Meetings held (dated on or before the peildatum, in the period) without a single attendance row."""
    host, code = _meeting_gemeente()
    plaats = aliased(Gemeente)
    stmt = (
        select(
            Bijeenkomst.id.label("bijeenkomst_id"),
            Bijeenkomst.kenmerk,
            Bijeenkomst.titel,
            Bijeenkomst.soort,
            Bijeenkomst.datum,
            code.label("gemeente_code"),
            plaats.naam.label("gemeente"),
        )
        .join(Programma, Programma.id == Bijeenkomst.programma_id)
        .outerjoin(host, host.id == Bijeenkomst.deelnemer_id)
        .outerjoin(plaats, plaats.cbs_code == code)
        .where(
            Bijeenkomst.datum <= peildatum,
            f.period(Bijeenkomst.datum),
            ~exists().where(Aanwezigheid.bijeenkomst_id == Bijeenkomst.id),
        )
    )
    if f.programma:
        stmt = stmt.where(Programma.code == f.programma)
    if f.gemeente:
        stmt = stmt.where(code == f.gemeente)
    if f.sporen:  # a meeting of one participant follows its track; the programme's own meetings stay
        stmt = stmt.where(or_(host.id.is_(None), host.spoor.in_(f.sporen)))
    return frame(engine, stmt.order_by(Bijeenkomst.datum, Bijeenkomst.id))


def meer_aanwezig_dan_aangemeld(engine: Engine, f: Filters) -> pd.DataFrame:
    """Per meeting × organisation: the attendance rows (one per role) with more present than registered."""
    stmt = (
        select(
            Bijeenkomst.id.label("bijeenkomst_id"),
            Bijeenkomst.titel,
            Bijeenkomst.datum,
            Organisatie.naam.label("organisatie"),
            Organisatie.gemeente_code,
            Gemeente.naam.label("gemeente"),
            func.sum(Aanwezigheid.aanwezig).label("aanwezig"),
            func.sum(Aanwezigheid.aangemeld).label("aangemeld"),
            func.sum(Aanwezigheid.aanwezig - Aanwezigheid.aangemeld).label("teveel"),
        )
        .join(Bijeenkomst, Bijeenkomst.id == Aanwezigheid.bijeenkomst_id)
        .join(Programma, Programma.id == Bijeenkomst.programma_id)
        .join(Organisatie, Organisatie.id == Aanwezigheid.organisatie_id)
        .outerjoin(Gemeente, Gemeente.cbs_code == Organisatie.gemeente_code)
        .where(Aanwezigheid.aanwezig > Aanwezigheid.aangemeld, f.period(Bijeenkomst.datum))
        .group_by(
            Bijeenkomst.id,
            Bijeenkomst.titel,
            Bijeenkomst.datum,
            Organisatie.naam,
            Organisatie.gemeente_code,
            Gemeente.naam,
        )
    )
    if f.programma:
        stmt = stmt.where(Programma.code == f.programma)
    if f.gemeente:
        stmt = stmt.where(Organisatie.gemeente_code == f.gemeente)
    return frame(engine, stmt.order_by(Bijeenkomst.datum, Organisatie.naam))


def structureel_zonder_gemeente(engine: Engine, f: Filters, peildatum: dt.date) -> pd.DataFrame:
    """Milestone 'structurele financiering' reached (by the peildatum) for a participant whose gemeente committed
    nothing (no gemeente commitment in a committed stage with an amount above zero)."""
    committed = exists().where(
        and_(
            Toezegging.deelnemer_id == Deelnemer.id,
            Toezegging.soort == "gemeentelijke_investering",
            Toezegging.fase.in_(FASEN_TOEGEZEGD),
            Toezegging.bedrag > 0,
        )
    )
    stmt = f.deelnemers(
        select(
            Mijlpaal.id.label("mijlpaal_id"),
            Mijlpaal.kenmerk,
            Deelnemer.naam.label("deelnemer"),
            Deelnemer.gemeente_code,
            Gemeente.naam.label("gemeente"),
            Mijlpaal.datum_bereikt.label("sinds"),
        )
        .join(Deelnemer, Deelnemer.id == Mijlpaal.deelnemer_id)
        .join(Programma, Programma.id == Deelnemer.programma_id)
        .join(Gemeente, Gemeente.cbs_code == Deelnemer.gemeente_code)
        .where(
            Mijlpaal.categorie == "structurele financiering",
            Mijlpaal.status == "bereikt",
            Mijlpaal.datum_bereikt <= peildatum,
            ~committed,
        )
    )
    return frame(engine, stmt.order_by(Mijlpaal.id))


def _deelnemer_van_wijziging():
    """(deelnemer_id, tijdstip) of every audit row, through the changed row to its participant(s): the tables keep no
    timestamps of their own. Attendance counts for every participant its organisation is linked to; a removed row
    no longer leads anywhere and is not counted."""
    w = Wijziging
    kept = w.actie != "geweigerd"

    def via(tabel: str, model, deelnemer_col, *joins):
        stmt = select(deelnemer_col.label("deelnemer_id"), w.tijdstip).join(model, model.id == w.rij_id)
        for target, on in joins:
            stmt = stmt.join(target, on)
        return stmt.where(kept, w.tabel == tabel, deelnemer_col.is_not(None))

    onder = [
        via(t, m, Toezegging.deelnemer_id, (Toezegging, Toezegging.id == m.toezegging_id))
        for t, m in (("betaling", Betaling), ("tranche", Tranche))
    ]
    return union_all(
        via("deelnemer", Deelnemer, Deelnemer.id),
        via("toezegging", Toezegging, Toezegging.deelnemer_id),
        *onder,
        via("mijlpaal", Mijlpaal, Mijlpaal.deelnemer_id),
        via("meting", Meting, Meting.deelnemer_id),
        via("bijeenkomst", Bijeenkomst, Bijeenkomst.deelnemer_id),
        via(
            "aanwezigheid",
            Aanwezigheid,
            DeelnemerOrganisatie.deelnemer_id,
            (DeelnemerOrganisatie, DeelnemerOrganisatie.organisatie_id == Aanwezigheid.organisatie_id),
        ),
    ).subquery("gewijzigd")


def laatste_wijziging(engine: Engine, f: Filters, vandaag: dt.date) -> pd.DataFrame:
    """Per participant in a programme that runs today: its newest change in the audit trail, and since when it
    takes part (its own start date, else its programme's)."""
    changed = _deelnemer_van_wijziging()
    newest = (
        select(changed.c.deelnemer_id, func.max(changed.c.tijdstip).label("laatst"))
        .group_by(changed.c.deelnemer_id)
        .subquery("laatst")
    )
    stmt = f.deelnemers(
        select(
            Deelnemer.naam.label("deelnemer"),
            Deelnemer.gemeente_code,
            Gemeente.naam.label("gemeente"),
            func.coalesce(Deelnemer.startdatum, Programma.startdatum).label("start"),
            newest.c.laatst,
        )
        .join(Programma, Programma.id == Deelnemer.programma_id)
        .join(Gemeente, Gemeente.cbs_code == Deelnemer.gemeente_code)
        .outerjoin(newest, newest.c.deelnemer_id == Deelnemer.id)
        .where(
            Programma.startdatum <= vandaag,
            Programma.einddatum >= vandaag,
            Deelnemer.status.in_(("aangemeld", "actief")),
            Deelnemer.spoor != "kenniskring",  # members of the knowledge circle keep no figures up to date
        )
    )
    return frame(engine, stmt.order_by(Gemeente.naam, Deelnemer.naam))
