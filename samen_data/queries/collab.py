"""Progress against the goal 'better collaboration': measurement scores and milestones."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, Float, case, cast, func, select

from ..filters import Filters
from ..models import Deelnemer, Gemeente, Meting, Mijlpaal, Programma
from ._common import any_synthetic, frame


def _weighted_score():
    # Mean of the participants' mean scores, weighted by their number of respondents.
    return func.sum(cast(Meting.score, Float) * Meting.respondenten) / func.sum(Meting.respondenten)


def samenwerking_scores(engine: Engine, f: Filters) -> pd.DataFrame:
    """Score per wave × respondent group × dimension (weighted by respondents)."""
    stmt = f.deelnemers(
        select(
            Meting.golf, Meting.respondentgroep, Meting.dimensie, _weighted_score().label("score"),
            func.sum(Meting.respondenten).label("respondenten"),
            func.count(func.distinct(Meting.deelnemer_id)).label("deelnemers"),
            func.min(Meting.datum).label("datum"), any_synthetic(Meting).label("synthetisch"),
        )
        .join(Deelnemer, Deelnemer.id == Meting.deelnemer_id)
        .join(Programma, Programma.id == Deelnemer.programma_id)
        .where(f.period(Meting.datum))
        .group_by(Meting.golf, Meting.respondentgroep, Meting.dimensie)
    ).order_by(func.min(Meting.datum), Meting.respondentgroep, Meting.dimensie)
    df = frame(engine, stmt)
    df["synthetisch"] = df["synthetisch"].astype(bool)
    return df


def samenwerking_per_dimensie(engine: Engine, f: Filters) -> pd.DataFrame:
    """Score per wave × dimension over all respondent groups (weighted by respondents)."""
    stmt = f.deelnemers(
        select(Meting.golf, Meting.dimensie, _weighted_score().label("score"),
               func.sum(Meting.respondenten).label("respondenten"), func.min(Meting.datum).label("datum"))
        .join(Deelnemer, Deelnemer.id == Meting.deelnemer_id)
        .join(Programma, Programma.id == Deelnemer.programma_id)
        .where(f.period(Meting.datum))
        .group_by(Meting.golf, Meting.dimensie)
    ).order_by(func.min(Meting.datum), Meting.dimensie)
    return frame(engine, stmt)


def samenwerking_kloof(engine: Engine, f: Filters) -> pd.DataFrame:
    """Per wave × dimension the scores of bewoners, gemeente and fonds side by side, and the gap between them."""
    per_groep = f.deelnemers(
        select(Meting.golf, Meting.dimensie, Meting.respondentgroep, _weighted_score().label("score"),
               func.min(Meting.datum).label("datum"))
        .join(Deelnemer, Deelnemer.id == Meting.deelnemer_id)
        .join(Programma, Programma.id == Deelnemer.programma_id)
        .where(f.period(Meting.datum))
        .group_by(Meting.golf, Meting.dimensie, Meting.respondentgroep)
    ).subquery("per_groep")
    groups = {g: func.max(case((per_groep.c.respondentgroep == g, per_groep.c.score))) for g in ("bewoners", "gemeente", "fonds")}
    stmt = (
        select(per_groep.c.golf, per_groep.c.dimensie, *[v.label(k) for k, v in groups.items()],
               (func.max(per_groep.c.score) - func.min(per_groep.c.score)).label("kloof"))
        .group_by(per_groep.c.golf, per_groep.c.dimensie)
        .order_by(func.min(per_groep.c.datum), per_groep.c.dimensie)
    )
    return frame(engine, stmt)


def scores_per_deelnemer(engine: Engine, f: Filters) -> pd.DataFrame:
    """Score per participant × wave × dimension (all respondent groups together)."""
    stmt = f.deelnemers(
        select(Deelnemer.id.label("deelnemer_id"), Deelnemer.naam.label("deelnemer"), Meting.golf, Meting.dimensie,
               _weighted_score().label("score"), func.min(Meting.datum).label("datum"))
        .join(Deelnemer, Deelnemer.id == Meting.deelnemer_id)
        .join(Programma, Programma.id == Deelnemer.programma_id)
        .where(f.period(Meting.datum))
        .group_by(Deelnemer.id, Deelnemer.naam, Meting.golf, Meting.dimensie)
    ).order_by(Deelnemer.naam, func.min(Meting.datum), Meting.dimensie)
    return frame(engine, stmt)


def mijlpalen(engine: Engine, f: Filters) -> pd.DataFrame:
    """Milestones of participants in the selection (programme-level milestones only without a gemeente filter)."""
    stmt = (
        select(Mijlpaal.id.label("mijlpaal_id"), Programma.code.label("programma"), Deelnemer.naam.label("deelnemer"),
               Deelnemer.gemeente_code, Gemeente.naam.label("gemeente"), Mijlpaal.categorie, Mijlpaal.omschrijving,
               Mijlpaal.status, Mijlpaal.streefdatum, Mijlpaal.datum_bereikt, Mijlpaal.bron, Mijlpaal.versie)
        .join(Programma, Programma.id == Mijlpaal.programma_id)
        .outerjoin(Deelnemer, Deelnemer.id == Mijlpaal.deelnemer_id)
        .outerjoin(Gemeente, Gemeente.cbs_code == Deelnemer.gemeente_code)
        .where(f.period(func.coalesce(Mijlpaal.datum_bereikt, Mijlpaal.streefdatum)))
        .order_by(Programma.code, Gemeente.naam, Mijlpaal.streefdatum, Mijlpaal.id)
    )
    if f.programma:
        stmt = stmt.where(Programma.code == f.programma)
    if f.gemeente:
        stmt = stmt.where(Deelnemer.gemeente_code == f.gemeente)
    if f.sporen:
        stmt = stmt.where(Deelnemer.spoor.in_(f.sporen))
    return frame(engine, stmt)
