"""Meetings and attendance: counts per meeting × organisation × role, never people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, Select, and_, case, func, select, true

from samen_data.filters import Filters
from samen_data.queries._common import any_synthetic, frame
from samen_data.queries._registry import AGGREGATE, DETAIL, query
from samen_data.store.models import (
    Aanwezigheid,
    Bijeenkomst,
    Deelnemer,
    DeelnemerOrganisatie,
    Gemeente,
    Organisatie,
    Programma,
)


def _spoor_per_organisatie():
    """The track an organisation takes part in; max() prefers proeftuin over kenniskring over experiment."""
    return (
        select(DeelnemerOrganisatie.organisatie_id, func.max(Deelnemer.spoor).label("spoor"))
        .join(Deelnemer, Deelnemer.id == DeelnemerOrganisatie.deelnemer_id)
        .group_by(DeelnemerOrganisatie.organisatie_id)
        .subquery("org_spoor")
    )


def _attendance(f: Filters):
    """A builder of statements over attendance joined to meeting and organisation, every filter applied,
    and the attending organisation's track ('partner' for funds, VNG and others)."""
    org_spoor = _spoor_per_organisatie()
    spoor = func.coalesce(org_spoor.c.spoor, "partner")

    def build(*columns, group_by=(), naam=False, per_spoor=False) -> Select:
        # Only the joins a statement needs: at national scale each one is a lookup per attendance row.
        # naam: the organisation's columns; per_spoor: the organisation's track.
        stmt = (
            select(*columns)
            .select_from(Aanwezigheid)
            .join(Bijeenkomst, Bijeenkomst.id == Aanwezigheid.bijeenkomst_id)
            .join(Programma, Programma.id == Bijeenkomst.programma_id)
            .where(f.period(Bijeenkomst.datum))
        )
        if naam or f.gemeente:
            stmt = stmt.join(Organisatie, Organisatie.id == Aanwezigheid.organisatie_id)
        if per_spoor or f.sporen:
            stmt = stmt.outerjoin(org_spoor, org_spoor.c.organisatie_id == Aanwezigheid.organisatie_id)
        if f.programma:
            stmt = stmt.where(Programma.code == f.programma)
        if f.gemeente:
            stmt = stmt.where(Organisatie.gemeente_code == f.gemeente)
        if f.sporen:
            stmt = stmt.where(spoor.in_(f.sporen))
        return stmt.group_by(*group_by) if group_by else stmt

    return build, spoor


@query(DETAIL)
def bijeenkomsten(engine: Engine, f: Filters) -> pd.DataFrame:
    """Every meeting in the selection with its totals. A meeting is in it when it matches programme and period,
    and, with a gemeente or track filter, when someone of that gemeente or track attended."""
    return frame(engine, _bijeenkomsten_stmt(f))


def _bijeenkomsten_stmt(f: Filters) -> Select:
    build, _ = _attendance(f)
    att = build(
        Aanwezigheid.bijeenkomst_id,
        func.sum(Aanwezigheid.aangemeld).label("aangemeld"),
        func.sum(Aanwezigheid.aanwezig).label("aanwezig"),
        func.count(func.distinct(Aanwezigheid.organisatie_id)).label("organisaties"),
        any_synthetic(Aanwezigheid).label("syn"),
        group_by=(Aanwezigheid.bijeenkomst_id,),
    ).subquery("att")
    stmt = (
        select(
            Bijeenkomst.id.label("bijeenkomst_id"),
            Bijeenkomst.datum,
            Bijeenkomst.titel,
            Bijeenkomst.soort,
            Bijeenkomst.tijd,
            Gemeente.naam.label("plaats"),
            Bijeenkomst.locatie,
            Programma.code.label("programma"),
            Bijeenkomst.open_voor_iedereen,
            Bijeenkomst.bron,
            Bijeenkomst.bron_document,
            func.coalesce(att.c.aangemeld, 0).label("aangemeld"),
            func.coalesce(att.c.aanwezig, 0).label("aanwezig"),
            func.coalesce(att.c.organisaties, 0).label("organisaties"),
            case((and_(Bijeenkomst.bron != "synthetisch", func.coalesce(att.c.syn, 0) == 0), False), else_=True).label(
                "synthetisch"
            ),
        )
        .join(Programma, Programma.id == Bijeenkomst.programma_id)
        .outerjoin(Gemeente, Gemeente.cbs_code == Bijeenkomst.gemeente_code)
        .outerjoin(att, att.c.bijeenkomst_id == Bijeenkomst.id)
        .where(f.period(Bijeenkomst.datum))
        .order_by(Bijeenkomst.datum, Bijeenkomst.id)
    )
    if f.programma:
        stmt = stmt.where(Programma.code == f.programma)
    if f.gemeente or f.sporen:
        stmt = stmt.where(att.c.bijeenkomst_id.is_not(None))
    return stmt


@query(DETAIL)
def aanwezigheid_per_bijeenkomst_rol(engine: Engine, f: Filters, soorten: tuple[str, ...] = ()) -> pd.DataFrame:
    """Registered and present per meeting × role; only meetings of the given kinds when soorten is not empty."""
    build, _ = _attendance(f)
    stmt = build(
        Bijeenkomst.id.label("bijeenkomst_id"),
        Bijeenkomst.datum,
        Bijeenkomst.titel,
        Bijeenkomst.soort,
        Aanwezigheid.rol,
        func.sum(Aanwezigheid.aangemeld).label("aangemeld"),
        func.sum(Aanwezigheid.aanwezig).label("aanwezig"),
        any_synthetic(Aanwezigheid).label("synthetisch"),
        group_by=(Bijeenkomst.id, Bijeenkomst.datum, Bijeenkomst.titel, Bijeenkomst.soort, Aanwezigheid.rol),
    ).order_by(Bijeenkomst.datum, Bijeenkomst.id, Aanwezigheid.rol)
    if soorten:
        stmt = stmt.where(Bijeenkomst.soort.in_(soorten))
    return _bool(frame(engine, stmt))


@query(AGGREGATE)
def aanwezigheid_per_spoor(engine: Engine, f: Filters) -> pd.DataFrame:
    """Present per kind of meeting × track of the attending organisation (proeftuin, kenniskring, ..., partner)."""
    build, spoor = _attendance(f)
    stmt = build(
        Bijeenkomst.soort,
        spoor.label("spoor"),
        func.sum(Aanwezigheid.aanwezig).label("aanwezig"),
        func.count(func.distinct(Aanwezigheid.bijeenkomst_id)).label("bijeenkomsten"),
        group_by=(Bijeenkomst.soort, spoor),
        per_spoor=True,
    ).order_by(Bijeenkomst.soort, spoor)
    return frame(engine, stmt)


@query(DETAIL)
def deelname_matrix(engine: Engine, f: Filters, soorten: tuple[str, ...] = ("kick-off", "collectief")) -> pd.DataFrame:
    """Organisation × meeting (the collective series): how many of each organisation were present."""
    build, spoor = _attendance(f)
    stmt = (
        build(
            Organisatie.naam.label("organisatie"),
            spoor.label("spoor"),
            Bijeenkomst.id.label("bijeenkomst_id"),
            Bijeenkomst.datum,
            Bijeenkomst.titel,
            func.sum(Aanwezigheid.aanwezig).label("aanwezig"),
            group_by=(Organisatie.naam, spoor, Bijeenkomst.id, Bijeenkomst.datum, Bijeenkomst.titel),
            naam=True,
            per_spoor=True,
        )
        .where(Bijeenkomst.soort.in_(soorten))
        .order_by(spoor.desc(), Organisatie.naam, Bijeenkomst.datum)
    )
    return frame(engine, stmt)


@dataclass(frozen=True)
class BijeenkomstCijfers:
    """The meeting page's headline figures; attendance counts only meetings held (on or before today)."""

    bijeenkomsten: int
    gehouden: int
    collectief_gehouden: int
    aangemeld: int
    aanwezig: int
    aanwezig_collectief: int
    synthetisch: bool

    @property
    def gemiddeld_collectief(self) -> float | None:
        """Mean number present per collective meeting held."""
        return self.aanwezig_collectief / self.collectief_gehouden if self.collectief_gehouden else None

    @property
    def opkomst(self) -> float | None:
        """Share of the registered who were present."""
        return self.aanwezig / self.aangemeld if self.aangemeld else None

    @classmethod
    def uit_bijeenkomsten(cls, meetings: pd.DataFrame, today: dt.date | None = None) -> BijeenkomstCijfers:
        """The same figures as bijeenkomsten_kerncijfers() from the rows of bijeenkomsten() a page already has
        (one row per meeting, totals made in the database): no second pass over the attendance."""
        held = pd.to_datetime(meetings["datum"]).dt.date <= (today or dt.date.today())
        collectief = held & (meetings["soort"] == "collectief")
        return cls(
            bijeenkomsten=len(meetings),
            gehouden=int(held.sum()),
            collectief_gehouden=int(collectief.sum()),
            aangemeld=int(meetings.loc[held, "aangemeld"].sum()),
            aanwezig=int(meetings.loc[held, "aanwezig"].sum()),
            aanwezig_collectief=int(meetings.loc[collectief, "aanwezig"].sum()),
            synthetisch=bool(meetings["synthetisch"].astype(bool).any()),
        )


@query(AGGREGATE)
def bijeenkomsten_kerncijfers(engine: Engine, f: Filters, today: dt.date | None = None) -> BijeenkomstCijfers:
    """Totals over the meetings of bijeenkomsten() (the same selection), without a row per meeting: the attendance
    summed in one pass, the meetings counted from their own table, or with a gemeente or track from the
    attendance that puts them in the selection (at national scale a third of the time of grouping per meeting)."""
    held = Bijeenkomst.datum <= (today or dt.date.today())
    collectief = and_(held, Bijeenkomst.soort == "collectief")

    def total(condition, value):
        return func.coalesce(func.sum(case((condition, value), else_=0)), 0)

    def meetings(condition):
        return func.count(func.distinct(case((condition, Aanwezigheid.bijeenkomst_id))))

    build, _ = _attendance(f)
    filtered = bool(f.gemeente or f.sporen)  # then a meeting counts only when someone of the selection attended
    sums = [
        total(held, Aanwezigheid.aangemeld).label("aangemeld"),
        total(held, Aanwezigheid.aanwezig).label("aanwezig"),
        total(collectief, Aanwezigheid.aanwezig).label("aanwezig_collectief"),
        func.coalesce(any_synthetic(Aanwezigheid, Bijeenkomst), 0).label("synthetisch"),
    ]
    if filtered:
        sums += [
            meetings(true()).label("bijeenkomsten"),
            meetings(held).label("gehouden"),
            meetings(collectief).label("collectief_gehouden"),
        ]
    stmt = build(*sums)
    if not filtered:  # the meetings from their own table, in the same statement (one snapshot of the data)
        counts = (
            select(
                func.count(Bijeenkomst.id).label("bijeenkomsten"),
                total(held, 1).label("gehouden"),
                total(collectief, 1).label("collectief_gehouden"),
                func.coalesce(any_synthetic(Bijeenkomst), 0).label("syn_bijeenkomst"),
            )
            .join(Programma, Programma.id == Bijeenkomst.programma_id)
            .where(f.period(Bijeenkomst.datum))
        )
        if f.programma:
            counts = counts.where(Programma.code == f.programma)
        att, counts = stmt.subquery("aanwezig"), counts.subquery("telling")
        stmt = select(*att.c, *counts.c).select_from(att.join(counts, true()))
    with engine.connect() as conn:
        row = dict(conn.execute(stmt).one()._mapping)
    synthetisch = bool(row.pop("synthetisch")) | bool(row.pop("syn_bijeenkomst", 0))
    return BijeenkomstCijfers(**{k: int(v) for k, v in row.items()}, synthetisch=synthetisch)


def _bool(df: pd.DataFrame) -> pd.DataFrame:
    if "synthetisch" in df:
        df["synthetisch"] = df["synthetisch"].astype(bool)
    return df


@query(AGGREGATE)
def aanwezig_per_gemeente_bijeenkomst(engine: Engine, f: Filters) -> dict:
    """Present per gemeente per meeting: over every (meeting, gemeente) pair where people of organisations in that
    gemeente were present, the number present ÷ the number of pairs. For one gemeente (f.gemeente): its people per
    meeting they attended; for the programme: the same for an average gemeente, a reference to compare it with."""
    build, _ = _attendance(f)
    pairs = build(
        Aanwezigheid.bijeenkomst_id,
        Organisatie.gemeente_code,
        func.sum(Aanwezigheid.aanwezig).label("aanwezig"),
        group_by=(Aanwezigheid.bijeenkomst_id, Organisatie.gemeente_code),
        naam=True,
    )
    pairs = pairs.where(Organisatie.gemeente_code.is_not(None)).having(func.sum(Aanwezigheid.aanwezig) > 0)
    sub = pairs.subquery("paren")
    with engine.connect() as conn:
        row = conn.execute(
            select(
                func.count().label("paren"),
                func.coalesce(func.sum(sub.c.aanwezig), 0).label("aanwezig"),
                func.count(func.distinct(sub.c.gemeente_code)).label("gemeenten"),
            )
        ).one()
    paren, aanwezig = int(row.paren), int(row.aanwezig)
    return {
        "paren": paren,
        "aanwezig": aanwezig,
        "gemeenten": int(row.gemeenten),
        "per_bijeenkomst": aanwezig / paren if paren else None,
    }
