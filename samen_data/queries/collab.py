"""Progress against the goal 'better collaboration': measurement scores and milestones."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, Float, Select, and_, case, cast, func, select

from samen_data.filters import Filters
from samen_data.queries._common import any_synthetic, frame
from samen_data.queries._registry import AGGREGATE, DETAIL, query
from samen_data.store.models import Deelnemer, Gemeente, Meting, Mijlpaal, Programma
from samen_data.store.vocab import DIMENSIES, GOLVEN, MIJLPAAL_STATUSSEN


def _weighted_score():
    # Mean of the participants' mean scores, weighted by their number of respondents.
    return func.sum(cast(Meting.score, Float) * Meting.respondenten) / func.sum(Meting.respondenten)


@query(AGGREGATE)
def samenwerking_scores(engine: Engine, f: Filters) -> pd.DataFrame:
    """Score per wave × respondent group × dimension (weighted by respondents)."""
    stmt = f.deelnemers(
        select(
            Meting.golf,
            Meting.respondentgroep,
            Meting.dimensie,
            _weighted_score().label("score"),
            func.sum(Meting.respondenten).label("respondenten"),
            func.count(func.distinct(Meting.deelnemer_id)).label("deelnemers"),
            func.min(Meting.datum).label("datum"),
            any_synthetic(Meting).label("synthetisch"),
        )
        .join(Deelnemer, Deelnemer.id == Meting.deelnemer_id)
        .join(Programma, Programma.id == Deelnemer.programma_id)
        .where(f.period(Meting.datum))
        .group_by(Meting.golf, Meting.respondentgroep, Meting.dimensie)
    ).order_by(func.min(Meting.datum), Meting.respondentgroep, Meting.dimensie)
    df = frame(engine, stmt)
    df["synthetisch"] = df["synthetisch"].astype(bool)
    return df


@query(AGGREGATE)
def samenwerking_per_dimensie(engine: Engine, f: Filters) -> pd.DataFrame:
    """Score per wave × dimension over all respondent groups (weighted by respondents)."""
    stmt = f.deelnemers(
        select(
            Meting.golf,
            Meting.dimensie,
            _weighted_score().label("score"),
            func.sum(Meting.respondenten).label("respondenten"),
            func.min(Meting.datum).label("datum"),
        )
        .join(Deelnemer, Deelnemer.id == Meting.deelnemer_id)
        .join(Programma, Programma.id == Deelnemer.programma_id)
        .where(f.period(Meting.datum))
        .group_by(Meting.golf, Meting.dimensie)
    ).order_by(func.min(Meting.datum), Meting.dimensie)
    return frame(engine, stmt)


@query(AGGREGATE)
def samenwerking_kloof(engine: Engine, f: Filters) -> pd.DataFrame:
    """Per wave × dimension the scores of bewoners, gemeente and fonds side by side, and the gap between them."""
    per_groep = f.deelnemers(
        select(
            Meting.golf,
            Meting.dimensie,
            Meting.respondentgroep,
            _weighted_score().label("score"),
            func.min(Meting.datum).label("datum"),
        )
        .join(Deelnemer, Deelnemer.id == Meting.deelnemer_id)
        .join(Programma, Programma.id == Deelnemer.programma_id)
        .where(f.period(Meting.datum))
        .group_by(Meting.golf, Meting.dimensie, Meting.respondentgroep)
    ).subquery("per_groep")
    groups = {
        g: func.max(case((per_groep.c.respondentgroep == g, per_groep.c.score)))
        for g in ("bewoners", "gemeente", "fonds")
    }
    stmt = (
        select(
            per_groep.c.golf,
            per_groep.c.dimensie,
            *[v.label(k) for k, v in groups.items()],
            (func.max(per_groep.c.score) - func.min(per_groep.c.score)).label("kloof"),
        )
        .group_by(per_groep.c.golf, per_groep.c.dimensie)
        .order_by(func.min(per_groep.c.datum), per_groep.c.dimensie)
    )
    return frame(engine, stmt)


@query(DETAIL)
def scores_per_deelnemer(engine: Engine, f: Filters) -> pd.DataFrame:
    """Score per participant × wave × dimension (all respondent groups together)."""
    stmt = f.deelnemers(
        select(
            Deelnemer.id.label("deelnemer_id"),
            Deelnemer.naam.label("deelnemer"),
            Meting.golf,
            Meting.dimensie,
            _weighted_score().label("score"),
            func.min(Meting.datum).label("datum"),
        )
        .join(Deelnemer, Deelnemer.id == Meting.deelnemer_id)
        .join(Programma, Programma.id == Deelnemer.programma_id)
        .where(f.period(Meting.datum))
        .group_by(Deelnemer.id, Deelnemer.naam, Meting.golf, Meting.dimensie)
    ).order_by(Deelnemer.naam, func.min(Meting.datum), Meting.dimensie)
    return frame(engine, stmt)


@query(DETAIL)
def mijlpalen(engine: Engine, f: Filters) -> pd.DataFrame:
    """Milestones of participants in the selection (programme-level milestones only without a gemeente filter)."""
    stmt = (
        select(
            Mijlpaal.id.label("mijlpaal_id"),
            Programma.code.label("programma"),
            Deelnemer.naam.label("deelnemer"),
            Deelnemer.gemeente_code,
            Gemeente.naam.label("gemeente"),
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
        .outerjoin(Gemeente, Gemeente.cbs_code == Deelnemer.gemeente_code)
        .order_by(Programma.code, Gemeente.naam, Mijlpaal.streefdatum, Mijlpaal.id)
    )
    return frame(engine, _mijlpaal_selection(stmt, f))


def _mijlpaal_selection(stmt: Select, f: Filters) -> Select:
    """Restrict a statement over Mijlpaal joined to Programma (and outer-joined to Deelnemer) to the filters."""
    stmt = stmt.where(f.period(func.coalesce(Mijlpaal.datum_bereikt, Mijlpaal.streefdatum)))
    if f.programma:
        stmt = stmt.where(Programma.code == f.programma)
    if f.gemeente:
        stmt = stmt.where(Deelnemer.gemeente_code == f.gemeente)
    if f.sporen:
        stmt = stmt.where(Deelnemer.spoor.in_(f.sporen))
    return stmt


@query(AGGREGATE)
def mijlpalen_per_status(engine: Engine, f: Filters) -> pd.DataFrame:
    """Number of milestones per status (the same selection as mijlpalen), in the order of MIJLPAAL_STATUSSEN."""
    stmt = _mijlpaal_selection(
        select(Mijlpaal.status, func.count(Mijlpaal.id).label("aantal"), any_synthetic(Mijlpaal).label("synthetisch"))
        .join(Programma, Programma.id == Mijlpaal.programma_id)
        .outerjoin(Deelnemer, Deelnemer.id == Mijlpaal.deelnemer_id)
        .group_by(Mijlpaal.status),
        f,
    ).order_by(_rank(Mijlpaal.status, MIJLPAAL_STATUSSEN), Mijlpaal.status)
    df = frame(engine, stmt)
    df["synthetisch"] = df["synthetisch"].astype(bool)
    return df


@query(AGGREGATE)
def samenwerking_voortgang(engine: Engine, f: Filters) -> pd.DataFrame:
    """Per dimension the score (all respondent groups, weighted by respondents) at the first and at the latest
    wave in the selection (wave order: nulmeting, tussenmeting, eindmeting) and the change between them."""
    per_golf = f.deelnemers(
        select(
            Meting.golf,
            Meting.dimensie,
            _weighted_score().label("score"),
            func.sum(Meting.respondenten).label("respondenten"),
            any_synthetic(Meting).label("syn"),
        )
        .join(Deelnemer, Deelnemer.id == Meting.deelnemer_id)
        .join(Programma, Programma.id == Deelnemer.programma_id)
        .where(f.period(Meting.datum))
        .group_by(Meting.golf, Meting.dimensie)
    ).subquery("per_golf")
    ranked = select(per_golf, _rank(per_golf.c.golf, GOLVEN).label("rang")).cte("ranked")
    bounds = (
        select(
            ranked.c.dimensie,
            func.min(ranked.c.rang).label("eerste"),
            func.max(ranked.c.rang).label("laatste"),
            func.max(ranked.c.syn).label("syn"),
        )
        .group_by(ranked.c.dimensie)
        .subquery("bounds")
    )
    first, last = ranked.alias("eerste_golf"), ranked.alias("laatste_golf")
    stmt = (
        select(
            bounds.c.dimensie,
            first.c.golf.label("eerste_golf"),
            first.c.score.label("eerste_score"),
            last.c.golf.label("laatste_golf"),
            last.c.score.label("laatste_score"),
            (last.c.score - first.c.score).label("verschil"),
            last.c.respondenten.label("respondenten"),
            bounds.c.syn.label("synthetisch"),
        )
        .select_from(bounds)
        .join(first, and_(first.c.dimensie == bounds.c.dimensie, first.c.rang == bounds.c.eerste))
        .join(last, and_(last.c.dimensie == bounds.c.dimensie, last.c.rang == bounds.c.laatste))
        .order_by(_rank(bounds.c.dimensie, DIMENSIES), bounds.c.dimensie)
    )
    df = frame(engine, stmt)
    df["synthetisch"] = df["synthetisch"].astype(bool)
    return df


def _rank(column, order: tuple[str, ...]):
    """Position of a value in a vocabulary order (unknown values last), for ORDER BY in SQL."""
    return case({value: i for i, value in enumerate(order)}, value=column, else_=len(order))
