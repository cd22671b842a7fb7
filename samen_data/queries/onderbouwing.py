"""The rows behind each headline figure (a tile's Onderbouwing), one function per kind of figure.

Each returns the rows in the same selection as the tile, filtered in SQL, with the headers the popover shows and
a "Datum" column (the newest is the tile's "bijgewerkt t/m"). samen=True: one row per programme instead of one per
commitment, payment, meeting, ...: for a gemeente account looking at programme totals (Overzicht), which may see
those totals but not another gemeente's rows (queries.run decides)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, Float, Select, case, cast, func, literal, select
from sqlalchemy.orm import aliased

from samen_data.filters import Filters
from samen_data.queries._common import frame, via_toezegging
from samen_data.queries._registry import ONDERBOUWING, query
from samen_data.queries.collab import _mijlpaal_selection, _rank
from samen_data.queries.funding import SIDE_SOORT
from samen_data.queries.meetings import _bijeenkomsten_stmt
from samen_data.store.models import Betaling, Deelnemer, Gemeente, Meting, Mijlpaal, Organisatie, Programma, Toezegging
from samen_data.store.vocab import FASEN_TOEGEZEGD, GOLVEN, REGEL_1OP1, label

KANT_LABEL = {"fonds": "Fondsen", "gemeente": "Gemeente", "overig": "Eigen of andere middelen"}
_LABELLED = ("Kant", "Soort", "Fase", "Spoor", "Status", "Golf", "Respondentgroep", "Dimensie")


def _finish(
    engine: Engine,
    stmt: Select,
    samen: bool,
    sums: tuple[str, ...],
    *,
    weighted: bool = False,
    keep: tuple[str, ...] = (),
) -> pd.DataFrame:
    """The rows of `stmt` (labels for vocabulary values), or with samen one row per programme (and per `keep`
    column): its number of rows, the sums of `sums` (Score weighted by Respondenten) and the newest Datum."""
    if not samen:
        df = frame(engine, stmt)
    else:
        sub = stmt.order_by(None).subquery("rijen")
        totals = [func.sum(sub.c[c]).label(c) for c in sums if not (weighted and c == "Score")]
        if weighted:
            totals.append((func.sum(sub.c.Score * sub.c.Respondenten) / func.sum(sub.c.Respondenten)).label("Score"))
        groups = [sub.c.Programma, *(sub.c[k] for k in keep)]
        df = frame(
            engine,
            select(*groups, func.count().label("Rijen"), *totals, func.max(sub.c.Datum).label("Datum"))
            .group_by(*groups)
            .order_by(*groups),
        )
    for column in _LABELLED:
        if column in df:
            df[column] = df[column].map(_label)
    return df


@query(ONDERBOUWING)
def rijen_toegezegd(
    engine: Engine, f: Filters, kanten: tuple[str, ...], regel_fondsen: str | None = None, *, samen: bool = False
) -> pd.DataFrame:
    """The commitments counted as committed (FASEN_TOEGEZEGD) of the given sides, at their current stage (no period
    filter). regel_fondsen: count the funds' commitments only in programmes with that rule (the match's divisor)."""
    financier = aliased(Organisatie)
    kant = _kant_column()
    stmt = (
        via_toezegging(
            select(
                Programma.naam.label("Programma"),
                kant.label("Kant"),
                Deelnemer.naam.label("Deelnemer"),
                Gemeente.naam.label("Gemeente"),
                financier.naam.label("Financier"),
                Toezegging.fase.label("Fase"),
                Toezegging.besluit_datum.label("Datum"),
                Toezegging.bedrag.label("Bedrag"),
            ),
            financier,
        )
        .where(Toezegging.fase.in_(FASEN_TOEGEZEGD), Toezegging.soort.in_([SIDE_SOORT[k] for k in kanten]))
        .order_by(Gemeente.naam, Deelnemer.naam, Toezegging.soort.desc(), Toezegging.id)
    )
    if regel_fondsen:
        stmt = stmt.where((Toezegging.soort != SIDE_SOORT["fonds"]) | (Programma.cofinanciering == regel_fondsen))
    return _finish(engine, f.deelnemers(stmt), samen, ("Bedrag",), keep=("Kant",) if len(kanten) > 1 else ())


@query(ONDERBOUWING)
def rijen_match(engine: Engine, f: Filters, *, samen: bool = False) -> pd.DataFrame:
    """Match fonds : gemeente = the gemeente's commitments ÷ the funds' commitments under the 1:1 rule."""
    return rijen_toegezegd(engine, f, ("fonds", "gemeente"), REGEL_1OP1, samen=samen)


@query(ONDERBOUWING)
def rijen_betaald(
    engine: Engine, f: Filters, kant: str | None = None, tot_en_met: bool = True, *, samen: bool = False
) -> pd.DataFrame:
    """The payments of one side (None: every side) up to the period's end (tot_en_met) or within the period."""
    financier = aliased(Organisatie)
    stmt = (
        via_toezegging(
            select(
                Programma.naam.label("Programma"),
                Betaling.datum.label("Datum"),
                _kant_column().label("Kant"),
                Deelnemer.naam.label("Deelnemer"),
                Gemeente.naam.label("Gemeente"),
                financier.naam.label("Financier"),
                Betaling.omschrijving.label("Omschrijving"),
                Betaling.bedrag.label("Bedrag"),
            ),
            financier,
            betaling=True,
        )
        .where(f.until(Betaling.datum) if tot_en_met else f.period(Betaling.datum))
        .order_by(Betaling.datum.desc(), Betaling.id)
    )
    if kant:
        stmt = stmt.where(Toezegging.soort == SIDE_SOORT[kant])
    return _finish(engine, f.deelnemers(stmt), samen, ("Bedrag",))


@query(ONDERBOUWING)
def rijen_deelnemers(engine: Engine, f: Filters, *, samen: bool = False) -> pd.DataFrame:
    """The participants in the selection (Datum: their start)."""
    stmt = (
        select(
            Programma.naam.label("Programma"),
            Deelnemer.naam.label("Deelnemer"),
            Gemeente.naam.label("Gemeente"),
            Deelnemer.spoor.label("Spoor"),
            Deelnemer.status.label("Status"),
            Deelnemer.startdatum.label("Datum"),
        )
        .join(Programma, Programma.id == Deelnemer.programma_id)
        .join(Gemeente, Gemeente.cbs_code == Deelnemer.gemeente_code)
        .order_by(Gemeente.naam, Deelnemer.naam)
    )
    return _finish(engine, f.deelnemers(stmt), samen, ())


@query(ONDERBOUWING)
def rijen_bijeenkomsten(
    engine: Engine, f: Filters, soort: str | None = None, today: dt.date | None = None, *, samen: bool = False
) -> pd.DataFrame:
    """The meetings held (on or before today) in the selection, of one kind or all, with their attendance in it."""
    m = _bijeenkomsten_stmt(f).order_by(None).subquery("m")
    stmt = (
        select(
            Programma.naam.label("Programma"),
            m.c.datum.label("Datum"),
            m.c.titel.label("Bijeenkomst"),
            m.c.soort.label("Soort"),
            m.c.aangemeld.label("Aangemeld"),
            m.c.aanwezig.label("Aanwezig"),
        )
        .join(Programma, Programma.code == m.c.programma)
        .where(m.c.datum <= (today or dt.date.today()))
        .order_by(m.c.datum, m.c.bijeenkomst_id)
    )
    if soort:
        stmt = stmt.where(m.c.soort == soort)
    return _finish(engine, stmt, samen, ("Aangemeld", "Aanwezig"))


@query(ONDERBOUWING)
def rijen_metingen(engine: Engine, f: Filters, dimensie: str | None = None, *, samen: bool = False) -> pd.DataFrame:
    """The scores of the latest wave in the selection (of one dimension, or all), per participant, respondent
    group and dimension, weighted by respondents: their weighted mean is the tile."""

    def base(*columns) -> Select:
        stmt = (
            select(*columns)
            .join(Deelnemer, Deelnemer.id == Meting.deelnemer_id)
            .join(Programma, Programma.id == Deelnemer.programma_id)
            .where(f.period(Meting.datum))
        )
        return f.deelnemers(stmt.where(Meting.dimensie == dimensie) if dimensie else stmt)

    latest = base(func.max(_rank(Meting.golf, GOLVEN))).scalar_subquery()
    score = func.sum(cast(Meting.score, Float) * Meting.respondenten) / func.sum(Meting.respondenten)
    stmt = (
        base(
            Programma.naam.label("Programma"),
            Deelnemer.naam.label("Deelnemer"),
            Gemeente.naam.label("Gemeente"),
            Meting.golf.label("Golf"),
            Meting.respondentgroep.label("Respondentgroep"),
            Meting.dimensie.label("Dimensie"),
            func.sum(Meting.respondenten).label("Respondenten"),
            score.label("Score"),
            func.max(Meting.datum).label("Datum"),
        )
        .join(Gemeente, Gemeente.cbs_code == Deelnemer.gemeente_code)
        .where(_rank(Meting.golf, GOLVEN) == latest)
        .group_by(Programma.naam, Deelnemer.naam, Gemeente.naam, Meting.golf, Meting.respondentgroep, Meting.dimensie)
        .order_by(Gemeente.naam, Deelnemer.naam, Meting.respondentgroep, Meting.dimensie)
    )
    return _finish(engine, stmt, samen, ("Respondenten", "Score"), weighted=True)


@query(ONDERBOUWING)
def rijen_mijlpalen(engine: Engine, f: Filters, status: str, *, samen: bool = False) -> pd.DataFrame:
    """The milestones with one status in the selection (Datum: reached, else the target date)."""
    stmt = _mijlpaal_selection(
        select(
            Programma.naam.label("Programma"),
            func.coalesce(Deelnemer.naam, literal("Heel het programma")).label("Deelnemer"),
            Gemeente.naam.label("Gemeente"),
            Mijlpaal.categorie.label("Categorie"),
            Mijlpaal.omschrijving.label("Omschrijving"),
            Mijlpaal.status.label("Status"),
            Mijlpaal.streefdatum.label("Streefdatum"),
            func.coalesce(Mijlpaal.datum_bereikt, Mijlpaal.streefdatum).label("Datum"),
        )
        .join(Programma, Programma.id == Mijlpaal.programma_id)
        .outerjoin(Deelnemer, Deelnemer.id == Mijlpaal.deelnemer_id)
        .outerjoin(Gemeente, Gemeente.cbs_code == Deelnemer.gemeente_code)
        .where(Mijlpaal.status == status)
        .order_by(Mijlpaal.streefdatum, Mijlpaal.id),
        f,
    )
    return _finish(engine, stmt, samen, ())


def _label(value: str | None) -> str | None:
    if value is None:
        return None
    text = KANT_LABEL.get(value, label(value))
    return text[:1].upper() + text[1:]


def _kant_column():
    return case(*[(Toezegging.soort == soort, kant) for kant, soort in SIDE_SOORT.items()], else_="overig")


__all__ = [
    "rijen_betaald",
    "rijen_bijeenkomsten",
    "rijen_deelnemers",
    "rijen_match",
    "rijen_metingen",
    "rijen_mijlpalen",
    "rijen_toegezegd",
]
