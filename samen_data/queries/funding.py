"""Matched funding (cofinanciering): the funds' side against the gemeente's side, per participant."""

from __future__ import annotations

import calendar
import datetime as dt

import pandas as pd
from sqlalchemy import Engine, and_, case, extract, false, func, select, true
from sqlalchemy.orm import aliased

from samen_data.figures.money import with_stand
from samen_data.filters import Filters
from samen_data.queries._common import any_synthetic, frame, via_toezegging
from samen_data.queries._registry import AGGREGATE, DETAIL, query
from samen_data.store.models import Betaling, Deelnemer, Gemeente, Organisatie, Programma, Toezegging
from samen_data.store.vocab import FASEN_TOEGEZEGD, REGEL_1OP1, REGEL_EIGEN, SPOREN


def _paid_per_toezegging(f: Filters, *, until_end: bool = False, name: str = "betaald"):
    """Paid per commitment within the period, or (until_end) up to the period's end: what the match counts."""
    return (
        select(Betaling.toezegging_id, func.sum(Betaling.bedrag).label("betaald"), any_synthetic(Betaling).label("syn"))
        .where(f.until(Betaling.datum) if until_end else f.period(Betaling.datum))
        .group_by(Betaling.toezegging_id)
        .subquery(name)
    )


def _sum_if(condition, value=Toezegging.bedrag):
    return func.coalesce(func.sum(case((condition, value), else_=None)), 0)


SIDE_SOORT = {"fonds": "fondsbijdrage", "gemeente": "gemeentelijke_investering", "overig": "eigen_middelen"}


def _per_deelnemer(f: Filters):
    """One aggregated row per participant: per side committed, intended, withdrawn, paid in the period and paid up to
    its end, and the funds' commitments split by the programme's co-financing rule (samen_data.figures.money reads these)."""
    paid = _paid_per_toezegging(f)
    paid_tm = _paid_per_toezegging(f, until_end=True, name="betaald_tm")
    committed = Toezegging.fase.in_(FASEN_TOEGEZEGD)
    sides = []
    for side, soort in SIDE_SOORT.items():
        is_side = Toezegging.soort == soort
        sides += [
            _sum_if(and_(is_side, committed)).label(f"{side}_toegezegd"),
            _sum_if(and_(is_side, Toezegging.fase == "beoogd")).label(f"{side}_beoogd"),
            _sum_if(and_(is_side, Toezegging.fase == "ingetrokken")).label(f"{side}_ingetrokken"),
            _sum_if(is_side, paid.c.betaald).label(f"{side}_betaald"),
            _sum_if(is_side, paid_tm.c.betaald).label(f"{side}_betaald_tm"),
        ]
    fonds_committed = and_(Toezegging.soort == "fondsbijdrage", committed)
    stmt = (
        select(
            Deelnemer.id.label("deelnemer_id"),
            Deelnemer.naam.label("deelnemer"),
            Deelnemer.spoor,
            Deelnemer.gemeente_code,
            Gemeente.naam.label("gemeente"),
            Programma.cofinanciering.label("regel"),
            *sides,
            _sum_if(and_(fonds_committed, Programma.cofinanciering == REGEL_1OP1)).label("fonds_toegezegd_1op1"),
            _sum_if(and_(fonds_committed, Programma.cofinanciering == REGEL_EIGEN)).label("fonds_toegezegd_eigen"),
            _sum_if(Toezegging.fase == "ingetrokken").label("ingetrokken"),
            _sum_if(true(), paid.c.betaald).label("betaald"),
            (func.count(Toezegging.id) > 0).label("heeft_toezegging"),
            func.coalesce(func.max(func.coalesce(paid.c.syn, 0)), 0).label("syn_betaald"),
            any_synthetic(Deelnemer, Toezegging).label("syn_toezegging"),
        )
        .join(Programma, Programma.id == Deelnemer.programma_id)
        .join(Gemeente, Gemeente.cbs_code == Deelnemer.gemeente_code)
        .outerjoin(Toezegging, Toezegging.deelnemer_id == Deelnemer.id)
        .outerjoin(paid, paid.c.toezegging_id == Toezegging.id)
        .outerjoin(paid_tm, paid_tm.c.toezegging_id == Toezegging.id)
        .group_by(
            Deelnemer.id,
            Deelnemer.naam,
            Deelnemer.spoor,
            Deelnemer.gemeente_code,
            Gemeente.naam,
            Programma.cofinanciering,
        )
    )
    return f.deelnemers(stmt).subquery("per_deelnemer")


MONEY = [f"{side}_{m}" for side in SIDE_SOORT for m in ("toegezegd", "beoogd", "ingetrokken", "betaald", "betaald_tm")]
MONEY += ["fonds_toegezegd_1op1", "fonds_toegezegd_eigen", "ingetrokken", "betaald"]


@query(DETAIL)
def cofinanciering_per_deelnemer(engine: Engine, f: Filters) -> pd.DataFrame:
    """One row per participant: per side committed, intended, withdrawn and paid; then match, gap and status
    (samen_data.figures.money, by the programme's rule)."""
    sub = _per_deelnemer(f)
    money = [c for c in sub.c if c.name not in ("syn_betaald", "syn_toezegging")]
    # heeft_toezegging comes back as 0/1 on SQLite; make it a real bool below.
    stmt = select(
        *money,
        case(((sub.c.syn_betaald + sub.c.syn_toezegging) > 0, True), else_=False).label("synthetisch"),
    ).order_by(sub.c.spoor.desc(), sub.c.gemeente)
    df = frame(engine, stmt)
    df["heeft_toezegging"] = df["heeft_toezegging"].astype(bool)
    return with_stand(df)


@query(DETAIL)
def cofinanciering_per_gemeente(engine: Engine, f: Filters) -> pd.DataFrame:
    """The same figures summed per gemeente (all its participants in the selection), with the number of
    participants per track and the gemeente's coordinates: the map's one point per gemeente. Its rule: 1:1 as
    soon as one of its participants with money has it (money.stand)."""
    per = _per_deelnemer(f)
    grouped = (
        select(
            per.c.gemeente_code,
            per.c.gemeente,
            func.count().label("deelnemers"),
            *[func.sum(case((per.c.spoor == s, 1), else_=0)).label(s) for s in SPOREN],
            *[func.sum(per.c[m]).label(m) for m in MONEY],
            func.max(per.c.regel).label("regel"),
            func.max(per.c.syn_betaald + per.c.syn_toezegging).label("syn"),
        )
        .group_by(per.c.gemeente_code, per.c.gemeente)
        .subquery("per_gemeente")
    )
    stmt = (
        select(
            *[grouped.c[c] for c in ("gemeente_code", "gemeente", "deelnemers", *SPOREN, *MONEY, "regel")],
            case((grouped.c.syn > 0, True), else_=False).label("synthetisch"),
            Gemeente.provincie,
            Gemeente.latitude,
            Gemeente.longitude,
        )
        .join(Gemeente, Gemeente.cbs_code == grouped.c.gemeente_code)
        .order_by(grouped.c.gemeente)
    )
    return with_stand(frame(engine, stmt))


@query(DETAIL)
def toezeggingen(engine: Engine, f: Filters, limit: int | None = None) -> pd.DataFrame:
    """The ledger: every commitment with its stage, decision reference and what has been paid on it; limit: at most that many rows (the Bijwerken page's choice lists)."""
    paid = _paid_per_toezegging(f)
    financier = aliased(Organisatie)
    stmt = (
        via_toezegging(
            select(
                Toezegging.id.label("toezegging_id"),
                Deelnemer.id.label("deelnemer_id"),
                Deelnemer.naam.label("deelnemer"),
                Deelnemer.spoor,
                Deelnemer.gemeente_code,
                Gemeente.naam.label("gemeente"),
                financier.naam.label("financier"),
                Toezegging.soort,
                Toezegging.bedrag.label("bedrag"),
                Toezegging.fase,
                Toezegging.besluit_kenmerk,
                Toezegging.besluit_datum,
                func.coalesce(paid.c.betaald, 0).label("betaald"),
                Toezegging.bron,
                Toezegging.versie,
            ),
            financier,
        )
        .outerjoin(paid, paid.c.toezegging_id == Toezegging.id)
        .order_by(Gemeente.naam, Deelnemer.naam, Toezegging.soort.desc(), financier.naam, Toezegging.id)
        .limit(limit)
    )
    return frame(engine, f.deelnemers(stmt))


@query(AGGREGATE)
def betaald_saldo(engine: Engine, f: Filters) -> pd.DataFrame:
    """Paid per side before the period, in it, and up to its end (one row per side: fonds, gemeente, overig).

    The period figures beside each other: "betaald in deze periode" and "betaald t/m <einddatum>"; the part before
    the period is where a cumulative chart of the period starts."""
    before = Betaling.datum < f.van if f.van else false()
    stmt = f.deelnemers(
        select(
            _KANT.label("kant"),
            func.coalesce(func.sum(case((before, Betaling.bedrag), else_=None)), 0).label("voor_periode"),
            func.coalesce(func.sum(case((f.period(Betaling.datum), Betaling.bedrag), else_=None)), 0).label(
                "in_periode"
            ),
            func.coalesce(func.sum(case((f.until(Betaling.datum), Betaling.bedrag), else_=None)), 0).label(
                "tot_en_met"
            ),
        )
        .join(Toezegging, Toezegging.id == Betaling.toezegging_id)
        .join(Deelnemer, Deelnemer.id == Toezegging.deelnemer_id)
        .join(Programma, Programma.id == Deelnemer.programma_id)
        .group_by(_KANT)
    )
    return frame(engine, stmt.order_by(_KANT))


_KANT = case(
    (Toezegging.soort == "fondsbijdrage", "fonds"),
    (Toezegging.soort == "gemeentelijke_investering", "gemeente"),
    else_="overig",
)


@query(AGGREGATE, per_maand=True)
def betalingen_cumulatief(engine: Engine, f: Filters, *, per_maand: bool = False) -> pd.DataFrame:
    """Paid per date and side, with the running total per side (window function in the database).

    With a period, the running total starts from what that side had paid before it: a first row per side on the
    period's first day (bedrag 0, cumulatief the balance), so the line does not restart at zero.
    per_maand: one row per month and side, dated at the month's last day (or the period's end, if earlier). For a
    gemeente account looking at the whole programme: per day one payment of another gemeente could be read off."""
    kant = _KANT
    if per_maand:
        when = (extract("year", Betaling.datum).label("jaar"), extract("month", Betaling.datum).label("maand"))
    else:
        when = (Betaling.datum.label("datum"),)
    per = f.deelnemers(
        select(*when, kant.label("kant"), func.sum(Betaling.bedrag).label("bedrag"))
        .join(Toezegging, Toezegging.id == Betaling.toezegging_id)
        .join(Deelnemer, Deelnemer.id == Toezegging.deelnemer_id)
        .join(Programma, Programma.id == Deelnemer.programma_id)
        .where(f.period(Betaling.datum))
        .group_by(*when, kant)
    ).subquery("per_dag")
    order = [per.c.jaar, per.c.maand] if per_maand else [per.c.datum]
    stmt = select(
        *[per.c[w.name] for w in when],
        per.c.kant,
        per.c.bedrag,
        func.sum(per.c.bedrag).over(partition_by=per.c.kant, order_by=order).label("cumulatief"),
    ).order_by(per.c.kant, *order)
    df = frame(engine, stmt)
    if per_maand:
        ends = [_month_end(int(j), int(m), f.tot) for j, m in zip(df["jaar"], df["maand"], strict=True)]
        df = pd.DataFrame({"datum": ends, "kant": df["kant"], "bedrag": df["bedrag"], "cumulatief": df["cumulatief"]})
    df = _from_opening_balance(df, betaald_saldo(engine, f) if f.van else None, f.van)
    if per_maand:
        df.attrs["per"] = "maand"  # for the chart's tooltip: paid in that month, not on that day
    return df


def _from_opening_balance(df: pd.DataFrame, saldo: pd.DataFrame | None, van: dt.date | None) -> pd.DataFrame:
    if saldo is None or van is None:
        return df
    opening = {k: v for k, v in zip(saldo["kant"], saldo["voor_periode"], strict=True) if v}
    if not opening:
        return df
    df = df.copy()
    df["cumulatief"] = [c + opening.get(k, 0) for k, c in zip(df["kant"], df["cumulatief"], strict=True)]
    starts = pd.DataFrame(
        {
            "datum": [van] * len(opening),
            "kant": list(opening),
            "bedrag": [type(v)(0) for v in opening.values()],
            "cumulatief": list(opening.values()),
        }
    )
    out = pd.concat([starts, df[["datum", "kant", "bedrag", "cumulatief"]]], ignore_index=True)
    return out.sort_values(["kant", "datum"], kind="stable").reset_index(drop=True)


def _month_end(jaar: int, maand: int, tot: dt.date | None) -> dt.date:
    end = dt.date(jaar, maand, calendar.monthrange(jaar, maand)[1])
    return min(end, tot) if tot else end
