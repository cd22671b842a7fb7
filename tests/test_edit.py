"""Editing: a stale save is refused and nothing is lost; every committed change has exactly one audit row."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from sqlalchemy import select

from samen_data.access.scope import Scope
from samen_data.changes import edit
from samen_data.store.db import session_scope
from samen_data.store.models import Aanwezigheid, Betaling, Toezegging, Wijziging

VAALS_GEMEENTE = 17  # demo: Gemeente Vaals' intended (beoogd) matching investment
VAALS = Scope(rol="gemeente", email="ambtenaar@vaals.test", gemeente="GM0981")


def _as(email: str) -> Scope:
    return Scope(rol="beheer", email=email)


def _audit(engine, tabel):
    with session_scope(engine) as s:
        return s.scalars(select(Wijziging).where(Wijziging.tabel == tabel).order_by(Wijziging.id)).all()


def test_edit_saves_bumps_version_and_audits(demo_engine):
    new = edit.update_row(
        demo_engine,
        "toezegging",
        VAALS_GEMEENTE,
        1,
        {"fase": "besloten", "bedrag": "60.000,00", "besluit_kenmerk": "Raadsbesluit 2024-7"},
        VAALS,
    )
    assert new == 2
    with session_scope(demo_engine) as s:
        t = s.get(Toezegging, VAALS_GEMEENTE)
        assert (t.fase, t.bedrag, t.besluit_kenmerk, t.versie, t.bron) == (
            "besloten",
            Decimal("60000.00"),
            "Raadsbesluit 2024-7",
            2,
            "invoer",
        )
    [row] = _audit(demo_engine, "toezegging")
    assert (row.gebruiker, row.rij_id, row.actie) == ("ambtenaar@vaals.test", VAALS_GEMEENTE, "wijzigen")
    assert '"fase": "beoogd"' in row.oude_waarden and '"fase": "besloten"' in row.nieuwe_waarden
    assert "bedrag" not in row.nieuwe_waarden  # unchanged fields are not logged as changes


def test_second_save_on_stale_version_is_refused_and_nothing_lost(demo_engine):
    edit.update_row(demo_engine, "toezegging", VAALS_GEMEENTE, 1, {"fase": "toegezegd"}, _as("eerste"))
    with pytest.raises(edit.StaleEdit) as stale:
        edit.update_row(demo_engine, "toezegging", VAALS_GEMEENTE, 1, {"fase": "ingetrokken"}, _as("tweede"))
    assert "iemand anders heeft deze rij intussen gewijzigd" in str(stale.value)
    assert stale.value.current["fase"] == "toegezegd" and stale.value.current["versie"] == 2
    with session_scope(demo_engine) as s:
        assert s.get(Toezegging, VAALS_GEMEENTE).fase == "toegezegd"
    assert [a.gebruiker for a in _audit(demo_engine, "toezegging")] == ["eerste"]


def test_missing_version_is_refused(demo_engine):
    with pytest.raises(edit.EditRefused, match="versie van de rij ontbreekt"):
        edit.update_row(demo_engine, "toezegging", VAALS_GEMEENTE, None, {"fase": "toegezegd"}, _as("x"))
    assert _audit(demo_engine, "toezegging") == []


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"bedrag": "-1"}, "bedrag: bedrag -1,00 is negatief"),
        ({"fase": "misschien"}, "fase: onbekende waarde 'misschien'"),
        ({"besluit_datum": "30-02-2023"}, "besluitdatum: '30-02-2023' is geen geldige datum"),
        ({"besluit_datum": "01-01-2030"}, "valt buiten het programma"),
        ({"soort": "eigen_middelen"}, "kan niet in de app worden bewerkt"),
    ],
)
def test_invalid_edit_names_the_field(demo_engine, changes, message):
    with pytest.raises(edit.EditRefused, match=message):
        edit.update_row(demo_engine, "toezegging", VAALS_GEMEENTE, 1, changes, _as("x"))
    with session_scope(demo_engine) as s:
        assert s.get(Toezegging, VAALS_GEMEENTE).versie == 1


def test_add_and_delete_payment_are_audited(demo_engine):
    new_id = edit.add_betaling(demo_engine, VAALS_GEMEENTE, "01-03-2024", "15.000", "Tranche 1", VAALS)
    with session_scope(demo_engine) as s:
        assert s.get(Betaling, new_id).bedrag == Decimal("15000.00")
    edit.delete_betaling(demo_engine, new_id, 1, VAALS)
    assert [a.actie for a in _audit(demo_engine, "betaling")] == ["toevoegen", "verwijderen"]
    with pytest.raises(edit.StaleEdit, match="bestaat niet meer"):
        edit.update_row(demo_engine, "betaling", new_id, 1, {"omschrijving": "x"}, _as("y"))


def test_concurrent_saves_one_wins_audit_equals_committed(demo_engine):
    """Eight sessions save the same row from version 1 at once: exactly one commits, seven are refused."""
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def save(n: int) -> None:
        barrier.wait()
        try:
            edit.update_row(demo_engine, "aanwezigheid", 1, 1, {"aanwezig": 1000 + n}, _as(f"sessie {1000 + n}"))
            outcomes.append("opgeslagen")
        except edit.StaleEdit:
            outcomes.append("geweigerd")

    threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["geweigerd"] * 7 + ["opgeslagen"]
    [audit] = _audit(demo_engine, "aanwezigheid")
    with session_scope(demo_engine) as s:
        row = s.get(Aanwezigheid, 1)
    assert row.versie == 2 and audit.gebruiker == f"sessie {row.aanwezig}"
