"""The match on commitments and on payments (samen_data.figures.money over funding.py's one query), each programme's own
co-financing rule, on hand-made rows with exact euros and percentages, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from samen_data import queries as q
from samen_data.figures import money
from samen_data.filters import Filters
from samen_data.store import schema
from samen_data.store.db import session_scope
from samen_data.store.models import Betaling, Deelnemer, Organisatie, Programma, Toezegging
from samen_data.store.reference import load_gemeenten
from tests.db_helpers import engine_at_revision

D = Decimal
START, END = dt.date(2023, 1, 1), dt.date(2024, 12, 31)
# (participant, gemeente, programme, [(soort, bedrag, fase, [(payment date, amount)])])
ROWS = [
    (
        "A volledig betaald",
        "GM0014",
        "P11",
        [
            ("fondsbijdrage", 100_000, "betaald", [(dt.date(2023, 2, 1), 100_000)]),
            (
                "gemeentelijke_investering",
                100_000,
                "betaald",
                [(dt.date(2023, 3, 1), 60_000), (dt.date(2024, 3, 1), 40_000)],
            ),
        ],
    ),
    (
        "B gemeente betaalde niets",
        "GM0166",
        "P11",
        [
            ("fondsbijdrage", 60_000, "deels_betaald", [(dt.date(2023, 2, 1), 30_000)]),
            ("gemeentelijke_investering", 60_000, "besloten", []),
        ],
    ),
    (
        "C achter op 1:1",
        "GM0796",
        "P11",
        [
            ("fondsbijdrage", 100_000, "deels_betaald", [(dt.date(2023, 2, 1), 50_000)]),
            ("gemeentelijke_investering", 40_000, "deels_betaald", [(dt.date(2023, 9, 1), 10_000)]),
        ],
    ),
    (
        "D alleen beoogd",
        "GM0796",
        "P11",
        [
            ("fondsbijdrage", 80_000, "deels_betaald", [(dt.date(2023, 2, 1), 40_000), (dt.date(2023, 8, 1), 20_000)]),
            ("gemeentelijke_investering", 80_000, "beoogd", []),
        ],
    ),
    (
        "E ingetrokken",
        "GM0981",
        "P11",
        [("fondsbijdrage", 50_000, "toegezegd", []), ("gemeentelijke_investering", 50_000, "ingetrokken", [])],
    ),
    (
        "F oproep met eigen middelen",
        "GM0796",
        "OPR",
        [
            ("fondsbijdrage", 52_500, "betaald", [(dt.date(2023, 2, 1), 52_500)]),
            ("eigen_middelen", 11_000, "toegezegd", []),
        ],
    ),
    (
        "G oproep zonder eigen middelen",
        "GM0518",
        "OPR",
        [("fondsbijdrage", 50_000, "deels_betaald", [(dt.date(2023, 2, 1), 40_000)])],
    ),
]


@pytest.fixture
def engine(empty_engine):
    with session_scope(empty_engine) as s:
        load_gemeenten(s)
        programmes = {
            "P11": Programma(code="P11", naam="Met 1:1", startdatum=START, einddatum=END),  # default rule
            "OPR": Programma(
                code="OPR", naam="Oproep", startdatum=START, einddatum=END, cofinanciering="eigen_middelen_pre"
            ),
        }
        fonds = Organisatie(naam="Fonds", soort="fonds")
        s.add_all([*programmes.values(), fonds])
        for naam, code, prog, commitments in ROWS:
            d = Deelnemer(programma=programmes[prog], gemeente_code=code, naam=naam, spoor="proeftuin", status="actief")
            eigen = Organisatie(naam=f"Initiatief {naam}", soort="bewonersinitiatief", gemeente_code=code)
            gemeente = Organisatie(naam=f"Gemeente {naam}", soort="gemeente", gemeente_code=code)
            for soort, bedrag, fase, payments in commitments:
                by = {"fondsbijdrage": fonds, "gemeentelijke_investering": gemeente, "eigen_middelen": eigen}[soort]
                t = Toezegging(deelnemer=d, financier=by, soort=soort, bedrag=D(bedrag), fase=fase)
                s.add_all([d, t, *(Betaling(toezegging=t, datum=day, bedrag=D(a)) for day, a in payments)])
    return empty_engine


def _by_name(df):
    return {r["deelnemer"]: r for r in df.to_dict("records")}


def test_per_participant_by_its_programmes_rule(engine):
    rows = _by_name(q.cofinanciering_per_deelnemer(engine, Filters()))
    stands = {n: money.stand(r) for n, r in rows.items()}

    a = stands["A volledig betaald"]
    assert (a.status, a.match, a.nog_toe_te_zeggen) == ("gematcht", D(1), D(0))
    assert (a.gemeente.betaald, a.gemeente.betaald_pct, a.gemeente.nog_te_betalen) == (D(100_000), 1.0, D(0))
    assert a.status_tekst() == "✔ 1:1 toegezegd · gemeente betaalde 100%" and a.gat_tekst() == "niets meer open"

    b = stands["B gemeente betaalde niets"]
    assert b.status_tekst() == "✔ 1:1 toegezegd · gemeente betaalde 0%"
    assert (b.fondsen.betaald_pct, b.gemeente.nog_te_betalen) == (0.5, D(60_000))
    assert b.gat_tekst() == "nog € 60.000 te betalen"

    c = stands["C achter op 1:1"]
    assert (c.status, c.match, c.nog_toe_te_zeggen) == ("achter", D("0.4"), D(60_000))
    assert c.match_tekst() == "1 : 0,40" and c.gemeente.betaald_pct == 0.25
    assert c.status_tekst() == "▲ Achter op 1:1 · gemeente betaalde 25%"
    assert c.gat_tekst() == "nog € 60.000 toe te zeggen · nog € 30.000 te betalen"

    d = stands["D alleen beoogd"]  # intended is not committed: the whole funds' share is still to commit
    assert (d.status, d.gemeente.toegezegd, d.gemeente.beoogd, d.nog_toe_te_zeggen) == (
        "alleen_beoogd",
        D(0),
        D(80_000),
        D(80_000),
    )
    assert d.status_tekst() == "○ Alleen beoogd · fondsen betaalden 75%"

    e = stands["E ingetrokken"]  # withdrawn counts for nothing
    assert (e.status, e.gemeente.toegezegd, e.gemeente.ingetrokken, e.nog_toe_te_zeggen) == (
        "ingetrokken",
        D(0),
        D(50_000),
        D(50_000),
    )
    assert e.status_tekst() == "✖ Ingetrokken · fondsen betaalden 0%"

    f = stands["F oproep met eigen middelen"]  # the call: no gemeente match, own means are a plus
    assert (f.regels, f.status, f.match, f.nog_toe_te_zeggen) == (
        ("eigen_middelen_pre",),
        "met_eigen_middelen",
        None,
        D(0),
    )
    assert f.eigen_aandeel == pytest.approx(11_000 / 63_500)
    assert f.maat_tekst() == "€ 11.000 eigen of andere middelen, 17% van het totaal"
    assert f.status_tekst() == "● Met eigen of andere middelen · fondsen betaalden 100%"
    g = stands["G oproep zonder eigen middelen"]
    assert (g.status, g.maat_tekst()) == ("alleen_fonds", "geen eigen of andere middelen (een pré, geen eis)")
    assert g.gat_tekst() == "nog € 10.000 te betalen"  # under the call: the funds' open payments
    for s in (f, g):
        assert not any(w in s.status_tekst() + s.maat_tekst() + s.gat_tekst() for w in ("1:1", "1 : ", "Geen toez"))
    # The frame carries the same figures for tables, the map and downloads.
    assert rows["C achter op 1:1"]["maat"] == "1 : 0,40" and rows["C achter op 1:1"]["nog_toe_te_zeggen"] == D(60_000)
    assert rows["F oproep met eigen middelen"]["matchratio"] is None


def test_per_gemeente_and_for_the_selection(engine):
    per = {
        r["gemeente_code"]: r
        for r in q.cofinanciering_per_gemeente(engine, Filters(programma="P11")).to_dict("records")
    }
    bosch = money.stand(per["GM0796"])  # C and D together
    assert (bosch.fondsen.toegezegd, bosch.gemeente.toegezegd, bosch.gemeente.beoogd) == (
        D(180_000),
        D(40_000),
        D(80_000),
    )
    assert (bosch.status, bosch.nog_toe_te_zeggen, bosch.gemeente.betaald_pct) == ("achter", D(140_000), 0.25)
    assert bosch.fondsen.betaald_pct == pytest.approx(110_000 / 180_000)

    # All programmes: 's-Hertogenbosch has a 1:1 participant and one of the call; the match counts the 1:1 funds.
    both = money.stand(
        next(
            r
            for r in q.cofinanciering_per_gemeente(engine, Filters()).to_dict("records")
            if r["gemeente_code"] == "GM0796"
        )
    )
    assert both.regels == ("gemeente_1op1", "eigen_middelen_pre")
    assert (both.fonds_1op1, both.fondsen.toegezegd, both.nog_toe_te_zeggen) == (D(180_000), D(232_500), D(140_000))
    assert both.eigen_aandeel == pytest.approx(11_000 / 63_500)

    t = q.kerncijfers(engine, Filters(programma="P11")).geld
    assert (t.fondsen.toegezegd, t.gemeente.toegezegd, t.nog_toe_te_zeggen) == (D(390_000), D(200_000), D(190_000))
    assert t.match_tekst() == "1 : 0,51"
    assert (t.fondsen.betaald, t.gemeente.betaald) == (D(240_000), D(110_000))
    tiles = {
        x.label: x
        for x in money.tegels(t, q.cofinanciering_per_deelnemer(engine, Filters(programma="P11"))["matchstatus"])
    }
    assert tiles["Betaald door fondsen"].toelichting == "62% van toegezegd · nog € 150.000 te betalen"
    assert tiles["Betaald door gemeenten"].toelichting == "55% van toegezegd · nog € 90.000 te betalen"
    assert tiles["Match fonds : gemeente"].toelichting == "3 van 5 nog niet 1:1 toegezegd"
    call = {x.label: x for x in money.tegels(q.kerncijfers(engine, Filters(programma="OPR")).geld)}
    assert list(call) == ["Toegezegd door fondsen", "Eigen of andere middelen", "Betaald door fondsen"]
    assert call["Eigen of andere middelen"].toelichting == "10% van het totaal"  # 11.000 of 113.500


def test_paid_counts_up_to_the_periods_end(engine):
    f = Filters(programma="P11", van=dt.date(2023, 6, 1), tot=dt.date(2023, 12, 31))
    rows = _by_name(q.cofinanciering_per_deelnemer(engine, f))
    d = rows["D alleen beoogd"]
    assert d["fonds_betaald"] == D(20_000)  # paid within the period
    assert d["fonds_betaald_pct"] == 0.75  # 60.000 of 80.000 paid by the period's end
    a = money.stand(rows["A volledig betaald"])  # the second tranche (2024) is after the period
    assert a.status_tekst() == "✔ 1:1 toegezegd · gemeente betaalde 60%"


def test_the_database_refuses_an_unknown_rule(engine):
    with pytest.raises(IntegrityError), session_scope(engine) as s:
        s.add(Programma(code="X", naam="X", startdatum=START, einddatum=END, cofinanciering="half"))
        s.flush()


def test_migration_0006_gives_existing_programmes_their_rule(empty_url):
    engine = engine_at_revision(empty_url, "0005")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO gemeente VALUES ('GM0796', 'x', 'y', 51.7, 5.3, 2024)"))
        conn.execute(text("INSERT INTO organisatie (id, naam, soort, bron) VALUES (1, 'F', 'fonds', 'invoer')"))
        for i, code in enumerate(("SAMEN", "MET-GEMEENTE", "OPROEP", "LEEG"), start=1):
            conn.execute(
                text(
                    "INSERT INTO programma (id, code, naam, startdatum, einddatum, bron) "
                    "VALUES (:i, :c, :c, '2022-01-01', '2023-01-01', 'invoer')"
                ),
                {"i": i, "c": code},
            )
            conn.execute(
                text(
                    "INSERT INTO deelnemer (id, programma_id, gemeente_code, naam, spoor, status, bron) "
                    "VALUES (:i, :i, 'GM0796', 'd', 'proeftuin', 'actief', 'invoer')"
                ),
                {"i": i},
            )
        for i, (deelnemer, soort) in enumerate(
            ((1, "fondsbijdrage"), (2, "gemeentelijke_investering"), (3, "fondsbijdrage"), (3, "eigen_middelen")),
            start=1,
        ):
            conn.execute(
                text(
                    "INSERT INTO toezegging (id, kenmerk, deelnemer_id, financier_id, soort, bedrag_cent, "
                    "fase, bron, versie) VALUES (:i, :k, :d, 1, :s, 100, 'toegezegd', 'invoer', 1)"
                ),
                {"i": i, "k": f"TZ-{i}", "d": deelnemer, "s": soort},
            )
    schema.upgrade(engine)
    with engine.connect() as conn:
        rules = dict(conn.execute(text("SELECT code, cofinanciering FROM programma")).all())
    assert rules == {
        "SAMEN": "gemeente_1op1",
        "MET-GEMEENTE": "gemeente_1op1",
        "OPROEP": "eigen_middelen_pre",
        "LEEG": "gemeente_1op1",
    }
    assert schema.is_up_to_date(engine)
    engine.dispose()


def test_demo_programmes_carry_their_rule(demo_engine):
    with session_scope(demo_engine) as s:
        rules = dict(s.execute(select(Programma.code, Programma.cofinanciering)).all())
    assert rules == {"SAMEN": "gemeente_1op1", "VSB-EXP": "eigen_middelen_pre"}


def test_import_reads_the_rule_optional_and_defaulting_to_1op1(demo_engine):
    from samen_data.access.scope import BEHEER
    from samen_data.transfer import export_frames, import_file

    with_rule = (
        "code;naam;startdatum;einddatum;cofinanciering\r\n"
        "OPROEP-2;Tweede oproep;01-01-2025;31-12-2025;Eigen_Middelen_Pre\r\n"
    )
    import_file(demo_engine, with_rule.encode(), "programmas.csv", BEHEER)
    without = (
        "code;naam;startdatum;einddatum\r\n"
        "NIEUW;Nieuw programma;01-01-2025;31-12-2025\r\n"
        "VSB-EXP;Samenwerkingsexperimenten bewoners en welzijn (VSBfonds);01-06-2021;31-12-2023\r\n"
    )
    import_file(demo_engine, without.encode(), "programmas.csv", BEHEER)
    with session_scope(demo_engine) as s:
        rules = dict(s.execute(select(Programma.code, Programma.cofinanciering)).all())
    # One spelling per value; an empty column gives a new programme 1:1 and leaves an existing one alone.
    assert rules == {
        "SAMEN": "gemeente_1op1",
        "VSB-EXP": "eigen_middelen_pre",
        "OPROEP-2": "eigen_middelen_pre",
        "NIEUW": "gemeente_1op1",
    }
    exported = export_frames(demo_engine, BEHEER)["Programma's"].set_index("code")["cofinanciering"]
    assert exported.to_dict() == rules
