"""The role × exit matrix: every way data leaves samen_data obeys the scope (default deny).

Exits: every query the app runs (tables, charts, map points and their tooltips, option lists), the audit
trail, the whole-database export, 360Giving, the import and the edits. Roles: beheer, fonds, vng, two
gemeenten and nobody. Run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import select

from samen_data import queries
from samen_data.access import owners
from samen_data.access.scope import BEHEER, NIEMAND, AccessDenied, Scope
from samen_data.changes import edit
from samen_data.filters import Filters
from samen_data.store.db import session_scope
from samen_data.store.models import Deelnemer, Wijziging
from samen_data.transfer import ImportRefused, export_frames, giving360, import_file

VAALS = Scope(rol="gemeente", email="ambtenaar@vaals.test", gemeente="GM0981")
GRONINGEN = Scope(rol="gemeente", email="ambtenaar@groningen.test", gemeente="GM0014")
VSB = Scope(rol="fonds", email="fin@vsbfonds.test", fonds="VSBfonds")
VNG = Scope(rol="vng", email="staf@vng.test")
FILTERS = [Filters(), Filters(programma="SAMEN"), Filters(gemeente="GM0014"), Filters(sporen=("kenniskring",))]
EXTRA = {"aanwezigheid_per_bijeenkomst_rol": (("collectief", "kick-off"),)}


def _own_deelnemers(engine, code: str) -> set[str]:
    with session_scope(engine) as s:
        return set(s.scalars(select(Deelnemer.naam).where(Deelnemer.gemeente_code == code)))


def _gemeente_columns(frame: pd.DataFrame) -> set[str]:
    found = set()
    for column in ("gemeente_code", "cbs_code"):
        if column in frame:
            found |= set(frame[column].dropna())
    return found


def _run(name, engine, scope, filters):
    args = (filters, *EXTRA.get(name, ()))
    if name == "gemeenten_met_deelnemers":
        args = (filters.programma,)
    elif name == "wijzigingen":
        args = ()
    return queries.run(queries.REGISTRY[name], engine, scope, *args)


@pytest.mark.parametrize("name", sorted(queries.names(queries.DETAIL) | {"gemeenten_met_deelnemers"}))
def test_a_gemeente_never_gets_another_gemeentes_detail_rows(demo_engine, name):
    own = _own_deelnemers(demo_engine, "GM0981")
    for filters in FILTERS:
        frame = _run(name, demo_engine, VAALS, filters)
        assert _gemeente_columns(frame) <= {"GM0981"}, (name, filters)
        if "deelnemer" in frame:
            assert set(frame["deelnemer"].dropna()) <= own | {"Heel het programma"}, (name, filters)
        everything = _run(name, demo_engine, BEHEER, filters)
        if filters.gemeente is None and not everything.empty and _gemeente_columns(everything):
            assert len(_gemeente_columns(everything)) > 1, "the check above must be able to fail"


@pytest.mark.parametrize("name", sorted(queries.names(queries.AGGREGATE)))
def test_aggregates_for_another_gemeente_are_turned_into_the_own(demo_engine, name):
    mine = _run(name, demo_engine, VAALS, Filters(gemeente="GM0981"))
    asked_for_other = _run(name, demo_engine, VAALS, Filters(gemeente="GM0014"))
    other_for_real = _run(name, demo_engine, BEHEER, Filters(gemeente="GM0014"))
    assert repr(asked_for_other) == repr(mine)
    assert repr(asked_for_other) != repr(other_for_real) or repr(mine) == repr(other_for_real)


@pytest.mark.parametrize(
    "name", sorted(queries.names(queries.PUBLIC) | queries.names(queries.AGGREGATE) | queries.names(queries.DETAIL))
)
def test_nobody_gets_nothing(demo_engine, name):
    with pytest.raises(AccessDenied):
        queries.run(queries.REGISTRY[name], demo_engine, NIEMAND, Filters())


def test_unknown_query_is_refused(demo_engine):
    from samen_data.queries._common import frame  # a helper in the queries package, not a registered query

    with pytest.raises(AccessDenied):
        queries.run(frame, demo_engine, BEHEER, Filters())


@pytest.mark.parametrize("scope", [BEHEER, VSB, VNG], ids=["beheer", "fonds", "vng"])
def test_programme_roles_read_everything(demo_engine, scope):
    frame = queries.run(queries.toezeggingen, demo_engine, scope, Filters())
    assert frame["gemeente_code"].nunique() > 7


def test_exports_of_a_gemeente_hold_only_its_own_rows(demo_engine):
    own = _own_deelnemers(demo_engine, "GM0981")
    frames = export_frames(demo_engine, VAALS)
    for sheet in ("Deelnemers", "Toezeggingen", "Metingen", "Betrokkenen"):
        names = frames[sheet]["naam" if sheet == "Deelnemers" else "deelnemer"]
        assert set(names) == own, sheet
    assert set(frames["Mijlpalen"]["deelnemer"].dropna()) <= own
    assert set(frames["Organisaties"]["gemeente"].dropna()) <= {"GM0981"}
    grants = giving360.grants(demo_engine, VAALS)
    assert grants and {g["beneficiaryLocation"][0]["geoCode"] for g in grants} == {"GM0981"}
    with pytest.raises(AccessDenied):
        export_frames(demo_engine, NIEMAND)
    with pytest.raises(AccessDenied):
        giving360.grants(demo_engine, NIEMAND)


def _audit_rows(engine, actie):
    with session_scope(engine) as s:
        return s.scalars(select(Wijziging).where(Wijziging.actie == actie)).all()


def test_edit_of_another_gemeentes_row_is_refused_and_audited(demo_engine):
    groningen_gemeente_side = 29  # demo: Gemeente Groningen's own investment
    with pytest.raises(AccessDenied):
        edit.update_row(demo_engine, "toezegging", groningen_gemeente_side, 1, {"fase": "betaald"}, VAALS)
    [refused] = _audit_rows(demo_engine, "geweigerd")
    assert (refused.gebruiker, refused.tabel, refused.rij_id, refused.gemeente_code) == (
        "ambtenaar@vaals.test",
        "toezegging",
        29,
        "GM0014",
    )
    assert edit.update_row(demo_engine, "toezegging", groningen_gemeente_side, 1, {"fase": "betaald"}, GRONINGEN) == 2


@pytest.mark.parametrize(
    "scope, tabel, row_id, allowed",
    [
        (VSB, "toezegging", 26, True),  # VSBfonds' commitment to Groningen
        (VSB, "toezegging", 27, False),  # Oranje Fonds' commitment
        (VSB, "aanwezigheid", 1, False),
        (VNG, "toezegging", 26, False),
        (Scope(rol="vng", email="demo", demo=True), "toezegging", 26, False),
        (VAALS, "mijlpaal", 1, False),  # a programme milestone
        (BEHEER, "mijlpaal", 1, True),
    ],
)
def test_who_may_edit_what(demo_engine, scope, tabel, row_id, allowed):
    field = {
        "toezegging": {"besluit_kenmerk": "X-1"},
        "aanwezigheid": {"aanwezig": 99},
        "mijlpaal": {"status": "vervallen"},
    }[tabel]
    if allowed:
        assert edit.update_row(demo_engine, tabel, row_id, 1, field, scope) == 2
    else:
        with pytest.raises(AccessDenied):
            edit.update_row(demo_engine, tabel, row_id, 1, field, scope)
        assert len(_audit_rows(demo_engine, "geweigerd")) == 1


LISTINGS = {
    "toezegging": ("toezeggingen", "toezegging_id"),
    "betaling": ("betalingen", "id"),
    "aanwezigheid": ("aanwezigheid_rijen", "id"),
    "mijlpaal": ("mijlpaal_rijen", "id"),
}


@pytest.mark.parametrize("scope", [VSB, VAALS, GRONINGEN, BEHEER], ids=["fonds", "vaals", "groningen", "beheer"])
@pytest.mark.parametrize("tabel", list(LISTINGS))
def test_the_edit_page_offers_exactly_the_rows_a_save_would_accept(demo_engine, scope, tabel):
    name, key = LISTINGS[tabel]
    listing = queries.run(queries.REGISTRY[name], demo_engine, scope, Filters(programma="SAMEN"))
    offered = set(scope.editable_rows(listing, tabel)[key])
    with session_scope(demo_engine) as s:
        acceptable = {
            i
            for i in listing[key]
            if scope.may_write(tabel, owners.of_row(s, tabel, int(i)), owners.of_row(s, tabel, int(i)))
        }
    assert offered == acceptable
    if scope is VSB:
        assert bool(offered) == (tabel in ("toezegging", "betaling"))  # a fund: only what it commits and pays
    if scope is BEHEER:
        assert offered == set(listing[key]) and offered


def test_import_of_another_gemeentes_row_is_refused_and_audited(demo_engine):
    data = "kenmerk;toezegging;datum;bedrag\r\nBT-V1;TZ-0017;15-03-2023;100\r\nBT-G1;TZ-0029;15-03-2023;100\r\n".encode(
        "utf-8"
    )
    with pytest.raises(ImportRefused) as refused:
        import_file(demo_engine, data, "betalingen.csv", VAALS)
    [problem] = refused.value.problems
    assert problem.rij == 3 and "geen toegang" in problem.melding
    assert "GM0014" not in problem.melding and "Groningen" not in problem.melding  # nothing about the victim's row
    [audited] = _audit_rows(demo_engine, "geweigerd")
    assert (audited.gebruiker, audited.tabel, audited.gemeente_code) == ("ambtenaar@vaals.test", "betaling", "GM0014")
    ok = import_file(demo_engine, data.replace(b"BT-G1;TZ-0029;15-03-2023;100\r\n", b""), "betalingen.csv", VAALS)
    assert ok.toegevoegd == 1
    with pytest.raises(ImportRefused, match="niets ingelezen"):
        import_file(
            demo_engine,
            "code;naam;startdatum;einddatum\r\nX;X;01-01-2023;01-01-2024\r\n".encode(),
            "programma.csv",
            VAALS,
        )


def test_audit_trail_of_a_gemeente_shows_its_own_rows_only(demo_engine):
    edit.update_row(demo_engine, "toezegging", 29, 1, {"fase": "betaald"}, GRONINGEN)
    edit.update_row(demo_engine, "toezegging", 17, 1, {"fase": "toegezegd"}, VAALS)
    seen = queries.run(queries.wijzigingen, demo_engine, VAALS)
    assert set(seen["gebruiker"]) == {"ambtenaar@vaals.test"} and set(seen["rij_id"]) == {17}
    assert len(queries.run(queries.wijzigingen, demo_engine, BEHEER)) >= 3


def test_every_public_query_has_an_access_class():
    helpers = {"run", "query", "names"}
    functions = {n for n in queries.__all__ if n[0].islower() and callable(getattr(queries, n)) and n not in helpers}
    assert functions == set(queries.REGISTRY)  # every exported query is registered, with its class beside it
    assert all(
        fn.access in (queries.PUBLIC, queries.AGGREGATE, queries.DETAIL, queries.SPECIAL, queries.ONDERBOUWING)
        for fn in queries.REGISTRY.values()
    )
    assert queries.names(queries.SPECIAL) == {"gemeenten_met_deelnemers", "wijzigingen", "signalen"}


def test_an_unregistered_function_is_refused_even_with_a_registered_name(demo_engine):
    def kerncijfers(engine, filters):  # same name as a registered query, not the registered function
        return "geheim"

    with pytest.raises(AccessDenied):
        queries.run(kerncijfers, demo_engine, BEHEER, Filters())
