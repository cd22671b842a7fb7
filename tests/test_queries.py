"""Every read-side query against an independent recount from the raw rows (plain Python over ORM objects)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from samen_data import queries as q
from samen_data.filters import Filters
from samen_data.store.models import (
    Aanwezigheid,
    Betaling,
    Bijeenkomst,
    Deelnemer,
    Gemeente,
    Meting,
    Toezegging,
)
from samen_data.store.vocab import FASEN_TOEGEZEGD
from tests.recount import in_period, selected

SAMEN = Filters(programma="SAMEN")
FILTERS = [
    SAMEN,
    Filters(),
    Filters(programma="SAMEN", gemeente="GM0518"),
    Filters(programma="SAMEN", sporen=("proeftuin",)),
    Filters(programma="SAMEN", van=dt.date(2023, 1, 1), tot=dt.date(2023, 12, 31)),
    Filters(programma="VSB-EXP"),
]


@pytest.mark.parametrize("f", FILTERS, ids=repr)
def test_cofinanciering_per_deelnemer(demo_engine, f):
    df = q.cofinanciering_per_deelnemer(demo_engine, f).set_index("deelnemer_id")
    with Session(demo_engine) as s:
        deelnemers = [d for d in s.scalars(select(Deelnemer)) if selected(d, f)]
        assert sorted(df.index) == sorted(d.id for d in deelnemers)
        rule = {d.id: d.programma.cofinanciering for d in deelnemers}
        expected = defaultdict(lambda: defaultdict(Decimal))
        for t in s.scalars(select(Toezegging)):
            if not selected(t.deelnemer, f):
                continue
            side = {"fondsbijdrage": "fonds", "gemeentelijke_investering": "gemeente"}.get(t.soort, "overig")
            if t.fase in FASEN_TOEGEZEGD:
                expected[t.deelnemer_id][f"{side}_toegezegd"] += t.bedrag
            paid = sum(
                (
                    b.bedrag
                    for b in s.scalars(select(Betaling).where(Betaling.toezegging_id == t.id))
                    if in_period(b.datum, f)
                ),
                Decimal(0),
            )
            expected[t.deelnemer_id]["betaald"] += paid
    for d in deelnemers:
        row, exp = df.loc[d.id], expected[d.id]
        assert row["fonds_toegezegd"] == exp["fonds_toegezegd"]
        assert row["gemeente_toegezegd"] == exp["gemeente_toegezegd"]
        assert row["betaald"] == exp["betaald"]
        fonds, gemeente = exp["fonds_toegezegd"], exp["gemeente_toegezegd"]
        one_to_one = rule[d.id] == "gemeente_1op1"  # the programme's rule decides the match
        assert row["regel"] == rule[d.id]
        if fonds and one_to_one:
            assert row["matchratio"] == pytest.approx(float(gemeente / fonds))
        else:
            assert row["matchratio"] is None
        if one_to_one:
            status = "gematcht" if gemeente and gemeente >= fonds else "achter" if gemeente else row["matchstatus"]
            assert status in ("gematcht", "achter", "alleen_beoogd", "ingetrokken", "geen_toezegging")
        else:
            status = "met_eigen_middelen" if exp["overig_toegezegd"] else "alleen_fonds"
        assert row["matchstatus"] == status


def test_match_status_in_demo(demo_engine):
    df = q.cofinanciering_per_deelnemer(demo_engine, Filters(programma="SAMEN", sporen=("proeftuin",)))
    status = dict(zip(df["gemeente_code"], df["matchstatus"], strict=True))
    assert status["GM0981"] == "alleen_beoogd"  # Vaals: only intended
    assert status["GM0166"] == "achter" and status["GM0518"] == "achter"
    assert df.loc[df["gemeente_code"] == "GM0518", "ingetrokken"].iloc[0] > 0


def test_cofinanciering_per_gemeente_sums_participants(demo_engine):
    per_d = q.cofinanciering_per_deelnemer(demo_engine, Filters())
    per_g = q.cofinanciering_per_gemeente(demo_engine, Filters()).set_index("gemeente_code")
    for code, rows in per_d.groupby("gemeente_code"):
        assert per_g.loc[code, "fonds_toegezegd"] == sum(rows["fonds_toegezegd"], Decimal(0))
        assert per_g.loc[code, "deelnemers"] == len(rows)


@pytest.mark.parametrize("f", FILTERS, ids=repr)
def test_aanwezigheid_per_bijeenkomst_rol(demo_engine, f):
    df = q.aanwezigheid_per_bijeenkomst_rol(demo_engine, f)
    got = {(r.bijeenkomst_id, r.rol): (r.aangemeld, r.aanwezig) for r in df.itertuples()}
    expected: dict = defaultdict(lambda: [0, 0])
    with Session(demo_engine) as s:
        for a in s.scalars(select(Aanwezigheid)):
            b, o = a.bijeenkomst, a.organisatie
            tracks = {
                d.spoor
                for d in s.scalars(
                    select(Deelnemer)
                    .join(Deelnemer.organisaties)
                    .where(Deelnemer.organisaties.any(organisatie_id=o.id))
                )
            }
            spoor = max(tracks) if tracks else "partner"
            if f.programma and b.programma.code != f.programma or not in_period(b.datum, f):
                continue
            if f.gemeente and o.gemeente_code != f.gemeente or f.sporen and spoor not in f.sporen:
                continue
            expected[(b.id, a.rol)][0] += a.aangemeld
            expected[(b.id, a.rol)][1] += a.aanwezig
    assert got == {k: tuple(v) for k, v in expected.items()}


def test_bijeenkomsten_totals(demo_engine):
    df = q.bijeenkomsten(demo_engine, SAMEN).set_index("bijeenkomst_id")
    with Session(demo_engine) as s:
        for b in s.scalars(select(Bijeenkomst).where(Bijeenkomst.programma.has(code="SAMEN"))):
            assert df.loc[b.id, "aanwezig"] == sum(
                a.aanwezig for a in s.scalars(select(Aanwezigheid).where(Aanwezigheid.bijeenkomst_id == b.id))
            )
        assert len(df) == s.query(Bijeenkomst).join(Bijeenkomst.programma).filter_by(code="SAMEN").count()


@pytest.mark.parametrize("f", FILTERS[:4], ids=repr)
def test_samenwerking_scores(demo_engine, f):
    df = q.samenwerking_scores(demo_engine, f)
    sums: dict = defaultdict(lambda: [0.0, 0])
    with Session(demo_engine) as s:
        for m in s.scalars(select(Meting)):
            if selected(m.deelnemer, f) and in_period(m.datum, f):
                key = (m.golf, m.respondentgroep, m.dimensie)
                sums[key][0] += float(m.score) * m.respondenten
                sums[key][1] += m.respondenten
    assert len(df) == len(sums)
    for r in df.itertuples():
        total, n = sums[(r.golf, r.respondentgroep, r.dimensie)]
        assert r.score == pytest.approx(total / n) and r.respondenten == n


def test_kloof_is_max_minus_min(demo_engine):
    scores = q.samenwerking_scores(demo_engine, SAMEN)
    kloof = q.samenwerking_kloof(demo_engine, SAMEN)
    for r in kloof.itertuples():
        rows = scores[(scores["golf"] == r.golf) & (scores["dimensie"] == r.dimensie)]
        assert r.kloof == pytest.approx(rows["score"].max() - rows["score"].min())


def test_map_points_one_per_gemeente_at_its_coordinates(demo_engine):
    df = q.cofinanciering_per_gemeente(demo_engine, SAMEN)
    with Session(demo_engine) as s:
        coords = {g.cbs_code: (g.latitude, g.longitude) for g in s.scalars(select(Gemeente))}
        per_gemeente = Counter(d.gemeente_code for d in s.scalars(select(Deelnemer)) if d.programma.code == "SAMEN")
    assert dict(zip(df["gemeente_code"], df["deelnemers"], strict=True)) == per_gemeente
    assert (df["proeftuin"] + df["kenniskring"] + df["experiment"] == df["deelnemers"]).all()
    for r in df.itertuples():
        assert (r.latitude, r.longitude) == pytest.approx(coords[r.gemeente_code])


def test_kerncijfers_equal_recount(demo_engine):
    k = q.kerncijfers(demo_engine, SAMEN, today=dt.date(2026, 1, 1))
    with Session(demo_engine) as s:
        ts = [
            t
            for t in s.scalars(select(Toezegging))
            if t.deelnemer.programma.code == "SAMEN" and t.fase in FASEN_TOEGEZEGD
        ]
        assert k.fonds_toegezegd == sum((t.bedrag for t in ts if t.soort == "fondsbijdrage"), Decimal(0))
        assert k.gemeente_toegezegd == sum((t.bedrag for t in ts if t.soort == "gemeentelijke_investering"), Decimal(0))
        meetings = [b for b in s.scalars(select(Bijeenkomst)) if b.programma.code == "SAMEN"]
        assert k.bijeenkomsten_gehouden == len(meetings)
        assert k.aanwezig == sum(
            a.aanwezig for a in s.scalars(select(Aanwezigheid)) if a.bijeenkomst.programma.code == "SAMEN"
        )
    assert k.deelnemers == 44 and k.synthetisch
    assert k.verandering is not None and k.verandering > 0


def test_empty_selection_gives_empty_frames(demo_engine):
    f = Filters(programma="SAMEN", sporen=("experiment",))
    assert q.cofinanciering_per_deelnemer(demo_engine, f).empty
    assert q.samenwerking_scores(demo_engine, f).empty
    assert q.kerncijfers(demo_engine, f).deelnemers == 0
