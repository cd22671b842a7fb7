"""The data version: every write path bumps it exactly once per transaction; what writes nothing shown does not.

The app keys its cache on this version, so these bumps are what makes a write by one process (another app
server, the command line) visible on the next rerun everywhere (tests/test_fresh_pages.py shows the page side).
"""

from __future__ import annotations

import pytest

from samen_data.access.scope import BEHEER, Scope
from samen_data.changes import edit
from samen_data.demo import generate
from samen_data.demo import loader as demo
from samen_data.store import version
from samen_data.transfer import ImportRefused, import_file

VAALS = Scope(rol="gemeente", email="ambtenaar@vaals.test", gemeente="GM0981")
VAALS_TZ = 17  # demo: TZ-0017, Gemeente Vaals
DEN_BOSCH_TZ = 10  # demo: TZ-0010, 's-Hertogenbosch (GM0796)


def _csv(*rows: str) -> bytes:
    return ("kenmerk;toezegging;datum;bedrag;omschrijving\r\n" + "\r\n".join(rows) + "\r\n").encode("utf-8-sig")


class _Counter:
    def __init__(self, engine) -> None:
        self.engine, self.last = engine, version.current(engine)

    def step(self) -> int:
        """How often the version moved since the last step."""
        now = version.current(self.engine)
        moved, self.last = now - self.last, now
        return moved


def test_edits_and_imports_bump_once_each_dry_runs_and_refused_files_not(demo_engine):
    v = _Counter(demo_engine)
    assert edit.update_row(demo_engine, "toezegging", VAALS_TZ, 1, {"fase": "besloten"}, VAALS) == 2
    assert v.step() == 1
    edit.update_row(demo_engine, "toezegging", VAALS_TZ, 2, {"fase": "besloten"}, VAALS)  # nothing changed
    assert v.step() == 0
    with pytest.raises(edit.StaleEdit):
        edit.update_row(demo_engine, "toezegging", VAALS_TZ, 1, {"fase": "ingetrokken"}, VAALS)
    assert v.step() == 0
    new_id = edit.add_betaling(demo_engine, VAALS_TZ, "01-03-2024", "15.000", "Tranche 1", VAALS)
    assert v.step() == 1
    edit.delete_betaling(demo_engine, new_id, 1, VAALS)
    assert v.step() == 1

    good = _csv("BT-V1;TZ-0010;15-03-2023;1.000,00;nieuw")
    import_file(demo_engine, good, "betalingen.csv", BEHEER, dry_run=True)
    assert v.step() == 0
    with pytest.raises(ImportRefused):
        import_file(demo_engine, _csv("BT-V2;TZ-0010;15-03-2023;-5;fout"), "betalingen.csv", BEHEER)
    assert v.step() == 0
    assert import_file(demo_engine, good, "betalingen.csv", BEHEER).toegevoegd == 1
    assert v.step() == 1
    import_file(demo_engine, good, "betalingen.csv", BEHEER)  # the same file again: one transaction, no change
    assert v.step() == 1


def test_a_refused_attempt_bumps_for_its_audit_row(demo_engine):
    """A refusal is written to the audit trail (shown on Wijzigingen to the row's gemeente): one bump per row."""
    v = _Counter(demo_engine)
    with pytest.raises(edit.AccessDenied):
        edit.update_row(demo_engine, "toezegging", DEN_BOSCH_TZ, 1, {"fase": "besloten"}, VAALS)
    assert v.step() == 1
    with pytest.raises(ImportRefused):
        import_file(demo_engine, _csv("BT-V3;TZ-0010;15-03-2023;10;niet van Vaals"), "b.csv", VAALS, dry_run=True)
    assert v.step() == 1


def test_demo_load_and_replace_bump_once(empty_engine):
    v = _Counter(empty_engine)
    demo.load_demo(empty_engine)
    assert v.step() == 1
    with pytest.raises(demo.DatabaseNotEmpty):
        demo.load_demo(empty_engine)
    assert v.step() == 0
    demo.load_demo(empty_engine, replace=True)
    assert v.step() == 1  # and the counter row itself survives the replace


def test_generate_bumps_once(empty_engine):
    v = _Counter(empty_engine)
    generate.generate(empty_engine, "tiny")
    assert v.step() == 1
    with pytest.raises(demo.DatabaseNotEmpty):
        generate.generate(empty_engine, "tiny")
    assert v.step() == 0
