"""The demo agrees with the source documents, marks what is invented, and is the same on every database."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from samen_data.demo import loader as demo
from samen_data.store.db import session_scope
from samen_data.store.models import (
    Aanwezigheid,
    Betaling,
    Bijeenkomst,
    Deelnemer,
    DeelnemerOrganisatie,
    Meting,
    Mijlpaal,
    Organisatie,
    Programma,
    Toezegging,
)

COLLECTIEF = [
    dt.date(2023, 3, 27),
    dt.date(2023, 6, 23),
    dt.date(2023, 9, 25),
    dt.date(2023, 11, 27),
    dt.date(2024, 3, 8),
    dt.date(2024, 5, 27),
    dt.date(2024, 9, 23),
    dt.date(2024, 11, 25),
]
PROEFTUIN_INITIATIEVEN = {
    "GM0796": {"Transfarmers", "Copernikkel"},
    "GM0981": {"Vaals Verbindt"},
    "GM1730": {"Stichting Plaats de Wereld"},
    "GM0166": {"Het 8ste Werk"},
    "GM0014": {"Stadmakerswerkplaats Groningen"},
    "GM0518": {"Stagehuis Schilderswijk"},
    "GM0599": {"Welzijnscoöperatie Delfshaven"},
}


def test_partners_and_programmes(demo_engine):
    with session_scope(demo_engine) as s:
        fondsen = set(s.scalars(select(Organisatie.naam).where(Organisatie.soort == "fonds")))
        assert fondsen == {"VSBfonds", "Oranje Fonds", "Stichting DOEN"}
        assert s.scalar(select(func.count()).where(Organisatie.soort == "vng")) == 1
        samen = s.scalars(select(Programma).where(Programma.code == "SAMEN")).one()
        assert (samen.startdatum, samen.bron) == (dt.date(2022, 11, 28), "brondocument")


def test_proeftuinen_are_the_seven_gemeenten_with_eight_initiatives(demo_engine):
    with session_scope(demo_engine) as s:
        rows = s.execute(
            select(Deelnemer.gemeente_code, Organisatie.naam, Deelnemer.bron)
            .join(DeelnemerOrganisatie, DeelnemerOrganisatie.deelnemer_id == Deelnemer.id)
            .join(Organisatie, Organisatie.id == DeelnemerOrganisatie.organisatie_id)
            .where(Deelnemer.spoor == "proeftuin", Organisatie.soort == "bewonersinitiatief")
        ).all()
    found: dict[str, set[str]] = {}
    for code, naam, bron in rows:
        found.setdefault(code, set()).add(naam)
        assert bron == "brondocument"
    assert found == PROEFTUIN_INITIATIEVEN
    assert sum(map(len, found.values())) == 8


def test_44_submissions_of_which_37_synthetic_kenniskring(demo_engine):
    with session_scope(demo_engine) as s:
        per = dict(
            s.execute(
                select(Deelnemer.spoor, func.count())
                .join(Programma)
                .where(Programma.code == "SAMEN")
                .group_by(Deelnemer.spoor)
            ).all()
        )
        assert per == {"proeftuin": 7, "kenniskring": 37}
        assert set(s.scalars(select(Deelnemer.bron).where(Deelnemer.spoor == "kenniskring"))) == {"synthetisch"}


def test_kick_off_and_eight_collective_meetings_on_their_dates(demo_engine):
    with session_scope(demo_engine) as s:
        kick = s.scalars(select(Bijeenkomst).where(Bijeenkomst.soort == "kick-off")).one()
        assert kick.datum == dt.date(2022, 11, 28)
        rows = s.execute(
            select(Bijeenkomst.datum, Bijeenkomst.bron, Bijeenkomst.tijd, Bijeenkomst.locatie)
            .where(Bijeenkomst.soort == "collectief")
            .order_by(Bijeenkomst.datum)
        ).all()
    assert [r.datum for r in rows] == COLLECTIEF
    assert {r.bron for r in rows} == {"brondocument"}
    assert {r.tijd for r in rows} == {"13:00–17:00"}
    assert rows[1].locatie.endswith("Haarlem") and rows[4].locatie == "Tynaarlo" and "Helena" in rows[7].locatie


def test_experiments_about_50000_each(demo_engine):
    with session_scope(demo_engine) as s:
        amounts = s.scalars(
            select(Toezegging.bedrag)
            .join(Deelnemer)
            .where(Deelnemer.spoor == "experiment", Toezegging.soort == "fondsbijdrage")
        ).all()
        pipeline = s.scalars(
            select(Mijlpaal.streefdatum).where(Mijlpaal.categorie == "oproep").order_by(Mijlpaal.streefdatum)
        ).all()
    assert len(amounts) >= 5 and all(45_000 <= a <= 55_000 for a in amounts)
    assert pipeline[:4] == [dt.date(2021, 9, 15), dt.date(2021, 9, 30), dt.date(2021, 11, 30), dt.date(2021, 12, 21)]


def test_cofinancing_scenarios(demo_engine):
    with session_scope(demo_engine) as s:
        fases = s.scalars(select(Toezegging.fase).where(Toezegging.soort == "gemeentelijke_investering")).all()
    assert fases.count("ingetrokken") == 1 and "beoogd" in fases


@pytest.mark.parametrize("model", [Toezegging, Betaling, Aanwezigheid, Meting])
def test_invented_figures_are_marked_synthetic(demo_engine, model):
    with session_scope(demo_engine) as s:
        assert set(s.scalars(select(model.bron).distinct())) == {"synthetisch"}


def test_measurements_three_waves_groups_dimensions(demo_engine):
    with session_scope(demo_engine) as s:
        combos = s.execute(select(Meting.golf, Meting.respondentgroep, Meting.dimensie).distinct()).all()
    assert len(combos) == 27


def test_demo_refuses_non_empty_database(demo_engine):
    with pytest.raises(demo.DatabaseNotEmpty):
        demo.load_demo(demo_engine)


def _fingerprint(engine) -> list[tuple]:
    with session_scope(engine) as s:
        return sorted(
            s.execute(
                select(Deelnemer.naam, Organisatie.naam, Toezegging.soort, Toezegging.bedrag, Toezegging.fase)
                .join(Toezegging, Toezegging.deelnemer_id == Deelnemer.id)
                .join(Organisatie, Organisatie.id == Toezegging.financier_id)
            ).all()
        ) + sorted(
            s.execute(
                select(Bijeenkomst.titel, Bijeenkomst.datum, func.sum(Aanwezigheid.aanwezig))
                .join(Aanwezigheid)
                .group_by(Bijeenkomst.titel, Bijeenkomst.datum)
            ).all()
        )


def test_replace_rebuilds_the_same_demo(demo_engine):
    before = _fingerprint(demo_engine)
    counts = demo.load_demo(demo_engine, replace=True)
    assert _fingerprint(demo_engine) == before
    assert counts["deelnemer"] == 50 and counts["bijeenkomst"] > 9


@pytest.mark.postgresql
def test_same_demo_on_sqlite_and_postgresql(templates, tmp_path):
    from samen_data.store.db import make_engine
    from tests.conftest import _drop_pg

    sqlite = make_engine(templates.sqlite_copy("demo", tmp_path / "a.db"))
    pg_url = templates.pg_copy("demo")
    pg = make_engine(pg_url)
    try:
        assert _fingerprint(sqlite) == _fingerprint(pg)
    finally:
        sqlite.dispose()
        pg.dispose()
        _drop_pg(pg_url)


def test_the_demo_has_no_contradictions(demo_engine):
    from samen_data.demo.check import tegenstrijdigheden

    assert tegenstrijdigheden(demo_engine) == []


def test_the_contradiction_check_can_fail(demo_engine):
    from samen_data.demo.check import tegenstrijdigheden

    with session_scope(demo_engine) as s:
        vaals = s.scalars(
            select(Toezegging)
            .join(Deelnemer)
            .where(Deelnemer.gemeente_code == "GM0981", Toezegging.soort == "gemeentelijke_investering")
        ).one()
        s.add(Betaling(toezegging=vaals, datum=dt.date(2024, 1, 1), bedrag=vaals.bedrag + 1, bron="invoer"))
        bosch = s.scalars(select(Betaling).join(Toezegging).where(Toezegging.kenmerk == "TZ-0013").limit(1)).one()
        bosch.bedrag -= 1  # TZ-0013 is 'betaald': now one euro short
        structural = s.scalars(
            select(Mijlpaal)
            .join(Deelnemer)
            .where(Deelnemer.gemeente_code == "GM0981", Mijlpaal.categorie == "structurele financiering")
        ).one()
        structural.status, structural.datum_bereikt = "bereikt", dt.date(2024, 6, 1)
    found = tegenstrijdigheden(demo_engine)
    assert [line.split(":")[0] for line in found] == [
        "TZ-0013 (Gemeente 's-Hertogenbosch, € 120.000, betaald)",
        f"{vaals.kenmerk} (Gemeente Vaals, € 60.000, beoogd)",
        f"{vaals.kenmerk} (Gemeente Vaals, € 60.000, beoogd)",
        structural.kenmerk,
    ]
    assert "de betalingen tellen op tot € 119.999" in found[0] and "€ 60.001, meer dan toegezegd" in found[1]
    assert "nog niet betaald wordt" in found[2] and "de gemeente zegde niets toe" in found[3]


def test_gemeenten_pay_in_tranches_except_vaals_whose_money_is_only_intended(demo_engine):
    """Recounted from the rows: per proeftuin, the gemeente's live commitments and their payments."""
    with session_scope(demo_engine) as s:
        rows = s.execute(
            select(
                Deelnemer.gemeente_code,
                Toezegging.fase,
                Toezegging.bedrag,
                func.count(Betaling.id),
                func.coalesce(func.sum(Betaling.bedrag), 0),
            )
            .join(Toezegging, Toezegging.deelnemer_id == Deelnemer.id)
            .outerjoin(Betaling, Betaling.toezegging_id == Toezegging.id)
            .where(
                Deelnemer.spoor == "proeftuin",
                Toezegging.soort == "gemeentelijke_investering",
                Toezegging.fase != "ingetrokken",
            )
            .group_by(Toezegging.id, Deelnemer.gemeente_code, Toezegging.fase, Toezegging.bedrag)
        ).all()
    assert len(rows) == 7  # one live commitment per gemeente
    unpaid = [(code, fase) for code, fase, _, n, _ in rows if n == 0]
    assert unpaid == [("GM0981", "beoogd")]  # the one deliberate case: intended, not decided, nothing paid
    for code, fase, bedrag, n, betaald in rows:
        if code != "GM0981":
            assert n >= 2 and 0 < betaald <= bedrag, (code, n, betaald, bedrag)
            assert (fase == "betaald") == (betaald == bedrag), code


def test_milestones_are_reached_around_their_target_date(demo_engine):
    with session_scope(demo_engine) as s:
        end = s.scalar(select(Programma.einddatum).where(Programma.code == "SAMEN"))
        rows = s.execute(
            select(Mijlpaal.streefdatum, Mijlpaal.datum_bereikt).where(
                Mijlpaal.status == "bereikt", Mijlpaal.bron == "synthetisch"
            )
        ).all()
    late = [(reached - target).days for target, reached in rows]
    assert len(rows) >= 10
    assert sum(d == 0 for d in late) <= len(rows) // 4  # not all on the day
    assert sum(d > 0 for d in late) >= 5 and sum(d < 0 for d in late) >= 2  # some late, some early
    assert all(-30 <= d <= 90 for d in late) and all(reached <= end for _, reached in rows)
