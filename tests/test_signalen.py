"""Signalen: for each kind a world that has exactly that situation and a near miss that does not; role filtering;
the Signalen page lists the first and not the second. On SQLite and PostgreSQL (the page on SQLite)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from samen_data import queries
from samen_data.access.scope import BEHEER, NIEMAND, AccessDenied, Scope
from samen_data.figures.signalen import DREMPELS, SOORTEN, per_soort
from samen_data.filters import Filters
from samen_data.store.db import session_scope
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
from samen_data.store.reference import load_gemeenten
from tests.apptest_helpers import ROOT
from tests.conftest import app_on

D = Decimal
F = Filters(programma="P")
FONDS = "Fonds Een"


def ago(days: int) -> dt.date:
    """A date relative to today, read at each call as the signals read it (a run may pass midnight)."""
    return dt.date.today() - dt.timedelta(days=days)


class World:
    """One clean participant per gemeente: matched 1:1 and paid alike, a meeting with attendance, two waves with
    enough respondents, a recent change; plus a kenniskring member nobody measures. No signal at all."""

    def __init__(self, session, codes: list[str]):
        self.s = session
        self.p = Programma(code="P", naam="Proef", startdatum=ago(500), einddatum=ago(-200))
        self.fonds = Organisatie(naam=FONDS, soort="fonds")
        self.fonds2 = Organisatie(naam="Fonds Twee", soort="fonds")
        session.add_all([self.p, self.fonds, self.fonds2])
        self.by = {}
        for code in codes:
            self.by[code] = self._participant(code)
        kk = Deelnemer(programma=self.p, gemeente_code=codes[0], naam="Kenniskringlid", spoor="kenniskring")
        session.add(kk)

    def _participant(self, code: str) -> dict:
        s = self.s
        d = Deelnemer(programma=self.p, gemeente_code=code, naam=f"Initiatief {code}", spoor="proeftuin")
        gem = Organisatie(naam=f"Gemeente {code}", soort="gemeente", gemeente_code=code)
        ini = Organisatie(naam=f"Bewoners {code}", soort="bewonersinitiatief", gemeente_code=code)
        tf = Toezegging(
            deelnemer=d,
            financier=self.fonds,
            soort="fondsbijdrage",
            bedrag=D(50_000),
            fase="deels_betaald",
            besluit_datum=ago(450),
        )
        tg = Toezegging(
            deelnemer=d,
            financier=gem,
            soort="gemeentelijke_investering",
            bedrag=D(50_000),
            fase="deels_betaald",
            besluit_datum=ago(440),
        )
        pf = Betaling(toezegging=tf, datum=ago(430), bedrag=D(25_000))
        pg = Betaling(toezegging=tg, datum=ago(420), bedrag=D(25_000))
        bk = Bijeenkomst(
            programma=self.p,
            soort="lokaal",
            titel=f"Bijeenkomst {code}",
            datum=ago(200),
            gemeente_code=code,
            deelnemer=d,
        )
        att = Aanwezigheid(bijeenkomst=bk, organisatie=ini, rol="bewoner", aangemeld=5, aanwezig=4)
        metingen = [
            Meting(
                deelnemer=d,
                golf=golf,
                datum=ago(days),
                respondentgroep=groep,
                dimensie="relaties",
                score=D(6),
                respondenten=5,
            )
            for golf, days in (("nulmeting", 400), ("tussenmeting", 100))
            for groep in ("bewoners", "gemeente", "fonds")
        ]
        s.add_all([d, gem, ini, tf, tg, pf, pg, bk, att, *metingen])
        s.flush()
        s.add(
            Wijziging(
                gebruiker="test",
                tabel="toezegging",
                rij_id=tg.id,
                actie="wijzigen",
                gemeente_code=code,
                tijdstip=dt.datetime.combine(ago(10), dt.time(12), tzinfo=dt.UTC),
            )
        )
        return {
            "d": d,
            "gem": gem,
            "ini": ini,
            "tf": tf,
            "tg": tg,
            "pf": pf,
            "pg": pg,
            "bk": bk,
            "att": att,
            "metingen": metingen,
        }


def _wijziging(w: World, code: str, days: int):
    row = w.s.scalars(select(Wijziging).where(Wijziging.gemeente_code == code)).one()
    row.tijdstip = dt.datetime.combine(ago(days), dt.time(12), tzinfo=dt.UTC)


def _mijlpaal(w: World, code: str, gemeente_bedrag: int):
    x = w.by[code]
    x["tg"].bedrag = D(gemeente_bedrag)
    if not gemeente_bedrag:
        x["tg"].fase, x["pg"].bedrag = "toegezegd", D(0)
    w.s.add(
        Mijlpaal(
            programma=w.p,
            deelnemer=x["d"],
            categorie="structurele financiering",
            omschrijving="Structureel",
            status="bereikt",
            streefdatum=ago(60),
            datum_bereikt=ago(50),
        )
    )


def _meeting(w: World, code: str, days: int):
    w.s.add(
        Bijeenkomst(programma=w.p, soort="werksessie", titel=f"Werksessie {code}", datum=ago(days), gemeente_code=code)
    )


def _besluit(w: World, code: str, days: int):
    x = w.by[code]
    x["tf"].fase, x["tf"].besluit_datum = "besloten", ago(days)
    w.s.delete(x["pf"])


def _tranche(w: World, code: str, days: int):
    """The fund's schedule: the half paid, and a second half due `days` ago that nobody paid."""
    tf = w.by[code]["tf"]
    w.s.add_all(
        [
            Tranche(toezegging=tf, datum=ago(430), bedrag=D(25_000)),
            Tranche(toezegging=tf, datum=ago(days), bedrag=D(25_000)),
        ]
    )


def _tussenmeting(w: World, code: str, missing: bool):
    if missing:
        for m in w.by[code]["metingen"]:
            if m.golf == "tussenmeting":
                w.s.delete(m)


def _respondenten(w: World, code: str, n: int):
    next(m for m in w.by[code]["metingen"] if m.respondentgroep == "fonds").respondenten = n


def _set(key: str, attr: str, value):
    return lambda w, code: setattr(w.by[code][key], attr, value)


def _beoogd(w: World, code: str):
    w.by[code]["tg"].fase = "beoogd"
    w.s.delete(w.by[code]["pg"])


# kind -> (creates exactly that situation, near miss that does not)
CASES = {
    "overbetaald": (_set("pg", "bedrag", D(55_000)), _set("pg", "bedrag", D(50_000))),
    "structureel_zonder_gemeente": (lambda w, c: _mijlpaal(w, c, 0), lambda w, c: _mijlpaal(w, c, 50_000)),
    "achter_toezegging": (_set("tg", "bedrag", D(40_000)), _set("tg", "bedrag", D(50_000) - DREMPELS.min_bedrag + 1)),
    "achter_betaling": (_set("pg", "bedrag", D(20_000)), _set("pg", "bedrag", D(25_000) - DREMPELS.min_bedrag + 1)),
    "alleen_beoogd": (_beoogd, _set("tg", "fase", "besloten")),
    "onbetaald_besluit": (
        lambda w, c: _besluit(w, c, 31 * DREMPELS.maanden_onbetaald + 5),
        lambda w, c: _besluit(w, c, 28 * DREMPELS.maanden_onbetaald - 30),
    ),
    "tranche_achter": (
        lambda w, c: _tranche(w, c, DREMPELS.dagen_na_tranche + 1),
        lambda w, c: _tranche(w, c, DREMPELS.dagen_na_tranche - 1),
    ),
    "meer_aanwezig": (_set("att", "aanwezig", 6), _set("att", "aanwezig", 5)),
    "zonder_aanwezigheid": (lambda w, c: _meeting(w, c, 3), lambda w, c: _meeting(w, c, -3)),
    "meting_ontbreekt": (lambda w, c: _tussenmeting(w, c, True), lambda w, c: _tussenmeting(w, c, False)),
    "weinig_respondenten": (
        lambda w, c: _respondenten(w, c, DREMPELS.min_respondenten - 1),
        lambda w, c: _respondenten(w, c, DREMPELS.min_respondenten),
    ),
    "verouderd": (
        lambda w, c: _wijziging(w, c, DREMPELS.dagen_ongewijzigd + 1),
        lambda w, c: _wijziging(w, c, DREMPELS.dagen_ongewijzigd - 1),
    ),
}
# The kinds that cannot occur alone: structural financing without a gemeente commitment is also a 1:1 gap.
ALSO = {"structureel_zonder_gemeente": {"achter_toezegging"}}
A, B = "GM0014", "GM0166"  # Groningen (clean) and Kampen (the situation)


def _build(engine, mutations: dict[str, object], codes=(A, B)):
    with session_scope(engine) as s:
        load_gemeenten(s)
        w = World(s, list(codes))
        s.flush()
        for code, mutate in mutations.items():
            mutate(w, code)


def test_every_kind_has_a_case():
    assert set(CASES) == set(SOORTEN)


@pytest.mark.parametrize("kind", CASES)
def test_each_kind_exactly_when_its_situation_is_there(empty_engine, kind):
    _build(empty_engine, {B: CASES[kind][0]})
    found = queries.run(queries.signalen, empty_engine, BEHEER, F)
    counts = {k: n for k, n in per_soort(found).items() if n}
    assert counts == {kind: 1, **{k: 1 for k in ALSO.get(kind, ())}}
    signal = next(s for s in found if s.soort == kind)
    assert signal.gemeente_code == B and signal.wat and signal.sinds is not None and signal.inzet != "–"
    assert signal.pagina.startswith("pages/")


@pytest.mark.parametrize("kind", CASES)
def test_the_near_miss_gives_no_signal(empty_engine, kind):
    _build(empty_engine, {B: CASES[kind][1]})
    assert queries.run(queries.signalen, empty_engine, BEHEER, F) == []


def test_amounts_and_words(empty_engine):
    _build(empty_engine, {B: CASES["achter_toezegging"][0], A: CASES["onbetaald_besluit"][0]})
    found = {s.soort: s for s in queries.run(queries.signalen, empty_engine, BEHEER, F)}
    assert found["achter_toezegging"].inzet == "€ 10.000"
    assert found["achter_toezegging"].wat == "1 : 0,80: nog € 10.000 toe te zeggen voor 1:1."
    assert found["onbetaald_besluit"].inzet == "€ 50.000" and found["onbetaald_besluit"].financier == FONDS
    assert found["achter_toezegging"].params == (("gemeente", B),)


def test_a_tranche_is_open_from_the_oldest_one_payments_do_not_cover(empty_engine):
    def schedule(w: World, code: str):
        tf = w.by[code]["tf"]  # paid: 25.000 (ago 430)
        due = ((440, 20_000), (200, 10_000), (100, 10_000), (DREMPELS.dagen_na_tranche - 1, 10_000))
        w.s.add_all([Tranche(toezegging=tf, datum=ago(days), bedrag=D(b)) for days, b in due])

    _build(empty_engine, {B: schedule})
    (signal,) = [s for s in queries.run(queries.signalen, empty_engine, BEHEER, F) if s.soort == "tranche_achter"]
    # 20.000 + 10.000 + 10.000 due (the last tranche is inside the grace period); 25.000 paid covers the first and
    # half the second: open since the second, 15.000 short.
    assert signal.sinds == ago(200) and signal.inzet == "€ 15.000" and signal.financier == FONDS
    assert "€ 40.000 vervallen, € 25.000 betaald" in signal.wat


def test_stale_data_is_per_participant_and_attendance_counts_for_its_organisations(empty_engine):
    """Two participants in one gemeente: the one whose rows changed recently is not stale, the other is, though
    the gemeente as a whole changed something 10 days ago."""

    def second(w: World, code: str):
        d = Deelnemer(
            programma=w.p, gemeente_code=code, naam="Tweede initiatief", spoor="proeftuin", startdatum=ago(300)
        )
        w.s.add(d)
        w.s.flush()
        w.s.add(
            Wijziging(
                gebruiker="t",
                tabel="deelnemer",
                rij_id=d.id,
                actie="wijzigen",
                gemeente_code=code,
                tijdstip=dt.datetime.combine(ago(200), dt.time(12), tzinfo=dt.UTC),
            )
        )

    _build(empty_engine, {B: second})
    stale = [s for s in queries.run(queries.signalen, empty_engine, BEHEER, F) if s.soort == "verouderd"]
    assert [(s.wie, s.sinds, s.aantal) for s in stale] == [("Tweede initiatief", ago(200), 200)]

    with session_scope(empty_engine) as s:  # an attendance change of an organisation linked to it: no longer stale
        d = s.scalar(select(Deelnemer).where(Deelnemer.naam == "Tweede initiatief"))
        att = s.scalar(select(Aanwezigheid).join(Organisatie).where(Organisatie.gemeente_code == B))
        s.add(DeelnemerOrganisatie(deelnemer_id=d.id, organisatie_id=att.organisatie_id, rol="penvoerder"))
        s.add(
            Wijziging(
                gebruiker="t",
                tabel="aanwezigheid",
                rij_id=att.id,
                actie="wijzigen",
                gemeente_code=B,
                tijdstip=dt.datetime.combine(ago(5), dt.time(12), tzinfo=dt.UTC),
            )
        )
    assert not [s for s in queries.run(queries.signalen, empty_engine, BEHEER, F) if s.soort == "verouderd"]


def test_a_gemeente_sees_only_its_own_and_a_fund_its_commitments_first(empty_engine):
    _build(empty_engine, {B: CASES["meer_aanwezig"][0], A: CASES["onbetaald_besluit"][0]})
    kampen = Scope(rol="gemeente", email="k@kampen.test", gemeente=B)
    groningen = Scope(rol="gemeente", email="g@groningen.test", gemeente=A)
    assert [s.soort for s in queries.run(queries.signalen, empty_engine, kampen, F)] == ["meer_aanwezig"]
    # Asking for the other gemeente gives the own one, never the other's signals.
    assert [
        s.soort for s in queries.run(queries.signalen, empty_engine, groningen, Filters(programma="P", gemeente=B))
    ] == ["onbetaald_besluit"]
    fonds = queries.run(queries.signalen, empty_engine, Scope(rol="fonds", email="f@een.test", fonds=FONDS), F)
    assert [(s.soort, s.eigen_fonds) for s in fonds] == [("onbetaald_besluit", True), ("meer_aanwezig", False)]
    other = queries.run(queries.signalen, empty_engine, Scope(rol="fonds", email="f@twee.test", fonds="Fonds Twee"), F)
    assert {s.soort for s in other} == {"onbetaald_besluit", "meer_aanwezig"} and not any(s.eigen_fonds for s in other)
    with pytest.raises(AccessDenied):
        queries.run(queries.signalen, empty_engine, NIEMAND, F)


# --- The page (SQLite): every kind in its own gemeente, all at once; and the near misses. ---

CODES = [
    *("GM0034", "GM0037", "GM0047", "GM0050", "GM0059", "GM0060", "GM0072", "GM0074", "GM0080", "GM0085", "GM0086"),
    "GM0088",
]


def _page(url: str, monkeypatch) -> AppTest:
    gen = app_on(url, monkeypatch)
    next(gen)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/signalen.py").run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def sqlite_url(templates, tmp_path):
    return templates.sqlite_copy("empty", tmp_path / "signalen.db")


def test_the_page_lists_each_situation_and_not_the_near_miss(sqlite_url, monkeypatch):
    from samen_data.store.db import make_engine

    engine = make_engine(sqlite_url)
    codes = dict(zip(CASES, CODES, strict=True))
    _build(engine, {codes[k]: CASES[k][0] for k in CASES}, codes=[A, *codes.values()])
    at = _page(sqlite_url, monkeypatch)
    table = next(df.value for df in at.dataframe if "Signaal" in df.value.columns)
    with session_scope(engine) as s:
        names = {c: s.get(Gemeente, c).naam for c in CODES}
    for kind, code in codes.items():
        rows = table[table["Signaal"] == SOORTEN[kind]]
        assert names[code] in set(rows["Gemeente"]), kind
    assert names.keys() and "Groningen" not in set(table["Gemeente"])  # the clean gemeente has none
    engine.dispose()


def test_the_page_says_so_without_signals(sqlite_url, monkeypatch):
    from samen_data.store.db import make_engine

    engine = make_engine(sqlite_url)
    codes = dict(zip(CASES, CODES, strict=True))
    _build(engine, {codes[k]: CASES[k][1] for k in CASES}, codes=[A, *codes.values()])
    engine.dispose()
    at = _page(sqlite_url, monkeypatch)
    assert not [df for df in at.dataframe if "Signaal" in df.value.columns]
    assert any("Geen signalen in deze selectie." in c.value for c in at.caption)
