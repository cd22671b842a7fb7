"""The write matrix: role x path (import per sheet, edit, command line) x target row (own, other gemeente, other
fund, other programme, new), on both databases. Allowed exactly where the README's table says; a refusal
changes nothing, says only the fixed refusal text (nothing of the row in the database) and is filed in the
audit trail under the gemeente whose row it was, so that gemeente sees the attempt.

The expectations are written out by hand from the README's table, not derived from Scope.may_write."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select, text

from samen_data import queries
from samen_data.access import accounts
from samen_data.access.scope import AccessDenied, Scope
from samen_data.changes import edit
from samen_data.cli.main import main
from samen_data.store.db import session_scope
from samen_data.store.models import Betaling, Mijlpaal, Toezegging, Tranche, Wijziging
from samen_data.transfer import ImportRefused, import_file
from tests.write_cases import CASES, SCOPES, TZ, VAALS, Case

MOVED = "een import verplaatst geen rijen"


def _snapshot(engine, table: str) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2"))]  # noqa: S608 - fixed names


def _refusals(engine) -> list[tuple]:
    with session_scope(engine) as s:
        return [
            (w.gebruiker, w.tabel, w.gemeente_code, w.nieuwe_waarden)
            for w in s.scalars(select(Wijziging).where(Wijziging.actie == "geweigerd"))
        ]


def _assert_refused_cleanly(engine, role: str, c: Case, melding: str, before: list[tuple]) -> None:
    if c.moves and role in c.allowed:
        assert MOVED in melding, (role, melding)
    else:  # a fixed text: nothing of the stored row (no old values, no owner, no name)
        assert melding == SCOPES[role].refusal(c.table), (role, melding)
    assert _snapshot(engine, c.table) == before, role
    if c.victim and MOVED not in melding and SCOPES[role].can_edit:
        assert (SCOPES[role].email, c.table, c.victim) in {r[:3] for r in _refusals(engine)}, role


def _refused_first(c: Case) -> list[str]:
    """Roles in an order where refusals come before writes: a refusal changes nothing (asserted), so each role
    meets the row as the demo has it, and one fresh database serves the whole row of the matrix."""
    return sorted(SCOPES, key=lambda role: role in c.allowed and not c.moves)


@pytest.mark.parametrize("c", CASES, ids=lambda c: c.name)
def test_import_writes_only_what_the_role_owns(demo_engine, c):
    for role in _refused_first(c):
        scope, before = SCOPES[role], _snapshot(demo_engine, c.table)
        if role in c.allowed and not c.moves:
            result = import_file(demo_engine, c.data, c.file, scope)
            assert result.toegevoegd + result.gewijzigd + sum(n["ongewijzigd"] for n in result.counts.values()) == 1
            again = import_file(demo_engine, c.data, c.file, scope, dry_run=True)  # what the file says is stored now
            assert (again.toegevoegd, again.gewijzigd) == (0, 0), role
            continue
        with pytest.raises(ImportRefused) as refused:
            import_file(demo_engine, c.data, c.file, scope)
        [problem] = refused.value.problems
        assert problem.rij == 2, role
        _assert_refused_cleanly(demo_engine, role, c, problem.melding, before)


def test_the_reproduction_is_refused_and_the_victim_sees_the_attempt(demo_engine):
    """The issue's reproduction, and a dry run of it: nothing changes, nothing of TZ-0013 is shown."""
    vaals = SCOPES["gemeente"]
    row = f"TZ-0013;SAMEN;{VAALS};Gemeente Vaals;gemeentelijke_investering;1;ingetrokken"
    for dry_run in (True, False):
        with pytest.raises(ImportRefused) as refused:
            import_file(demo_engine, f"{TZ}\r\n{row}\r\n".encode(), "t.csv", vaals, dry_run=dry_run)
        shown = " ".join(str(p) for p in refused.value.problems)
        for secret in ("120.000", "120000", "betaald", "Bosch", "GM0796", "Hertogenbosch"):
            assert secret not in shown
    with session_scope(demo_engine) as s:
        tz = s.scalar(select(Toezegging).where(Toezegging.kenmerk == "TZ-0013"))
        assert (tz.bedrag, tz.fase, tz.deelnemer.gemeente_code, tz.versie) == (120000, "betaald", "GM0796", 1)
    bosch = queries_wijzigingen(demo_engine, Scope(rol="gemeente", email="x@bosch.test", gemeente="GM0796"))
    assert {(w["gebruiker"], w["actie"]) for w in bosch} == {("ambtenaar@vaals.test", "geweigerd")}


def queries_wijzigingen(engine, scope):

    return queries.run(queries.wijzigingen, engine, scope).to_dict("records")


EDITS = {  # case -> (table, kenmerk of the row, a change); only rows that exist and stay where they are
    "tz-eigen-gemeente": ("toezegging", "TZ-0017", {"fase": "toegezegd"}),
    "tz-eigen-fonds-bij-vaals": ("toezegging", "TZ-0014", {"besluit_kenmerk": "B-1"}),
    "tz-andere-gemeente": ("toezegging", "TZ-0013", {"fase": "ingetrokken"}),
    "tz-ander-fonds": ("toezegging", "TZ-0011", {"bedrag": "1"}),
    "tz-ander-programma": ("toezegging", "TZ-0001", {"fase": "ingetrokken"}),
    "bt-eigen": ("betaling", "BT-0021", {"bedrag": "1"}),
    "bt-andere-gemeente": ("betaling", "BT-0019", {"bedrag": "1"}),
    "bt-ander-fonds": ("betaling", "BT-0015", {"bedrag": "1"}),
    "tr-eigen": ("tranche", "TR-0021", {"datum": "01-02-2023"}),
    "tr-andere-gemeente": ("tranche", "TR-0019", {"bedrag": "1"}),
    "tr-ander-fonds": ("tranche", "TR-0015", {"bedrag": "1"}),
    "mp-eigen": ("mijlpaal", "MP-0010", {"status": "gepland"}),  # Vaals: structurele financiering, gestart
    "mp-andere-gemeente": ("mijlpaal", "MP-0006", {"status": "vervallen"}),
    "mp-programma": ("mijlpaal", "MP-0001", {"status": "vervallen"}),
}
MODELS = {"toezegging": Toezegging, "betaling": Betaling, "tranche": Tranche, "mijlpaal": Mijlpaal}


@pytest.mark.parametrize("name", list(EDITS))
def test_edit_in_the_app_follows_the_same_rule(demo_engine, name):
    c = next(c for c in CASES if c.name == name)
    table, kenmerk, change = EDITS[name]
    model = MODELS[table]
    with session_scope(demo_engine) as s:
        row_id = s.scalar(select(model.id).where(model.kenmerk == kenmerk))
    versie = 1
    for role in _refused_first(c):
        before = _snapshot(demo_engine, table)
        if role in c.allowed:
            versie = edit.update_row(demo_engine, table, row_id, versie, {**change}, SCOPES[role])
            continue
        with pytest.raises(AccessDenied) as refused:
            edit.update_row(demo_engine, table, row_id, versie, change, SCOPES[role])
        assert "Niet opgeslagen" in str(refused.value) and kenmerk not in str(refused.value)
        assert _snapshot(demo_engine, table) == before, role
        if c.victim and SCOPES[role].can_edit:
            assert (SCOPES[role].email, table, c.victim) in {r[:3] for r in _refusals(demo_engine)}
    with session_scope(demo_engine) as s:
        assert s.get(model, row_id).versie == (2 if c.allowed else 1)  # the first allowed save changed it, once


ADD_DELETE = {
    "betaling": (edit.add_betaling, edit.delete_betaling),
    "tranche": (edit.add_tranche, edit.delete_tranche),
}


@pytest.mark.parametrize("table", list(ADD_DELETE))
@pytest.mark.parametrize("role", ["beheer", "fonds", "gemeente"])
@pytest.mark.parametrize(
    "toezegging, allowed",
    [("TZ-0017", {"beheer", "gemeente"}), ("TZ-0013", {"beheer"}), ("TZ-0014", {"beheer", "fonds", "gemeente"})],
)
def test_adding_and_removing_payments_and_tranches_in_the_app(demo_engine, table, role, toezegging, allowed):
    scope, (add, remove), model = SCOPES[role], ADD_DELETE[table], MODELS[table]
    with session_scope(demo_engine) as s:
        tz_id = s.scalar(select(Toezegging.id).where(Toezegging.kenmerk == toezegging))
        existing = s.scalar(select(model.id).where(model.toezegging_id == tz_id).limit(1))
    before = _snapshot(demo_engine, table)
    if role in allowed:
        new_id = add(demo_engine, tz_id, "01-06-2024", "10", None, scope)
        with session_scope(demo_engine) as s:
            assert s.get(model, new_id).bedrag == 10
        remove(demo_engine, new_id, 1, scope)
        assert _snapshot(demo_engine, table) == before
        return
    with pytest.raises(AccessDenied):
        add(demo_engine, tz_id, "01-06-2024", "10", None, scope)
    if existing is not None:
        with pytest.raises(AccessDenied):
            remove(demo_engine, existing, 1, scope)
    assert _snapshot(demo_engine, table) == before


CLI_ACCOUNTS = {
    "fonds": ("fonds", {"fonds": "VSBfonds"}),
    "vng": ("vng", {}),
    "gemeente": ("gemeente", {"gemeente": "GM0981"}),
}


@pytest.mark.parametrize(
    "c",
    [c for c in CASES if c.table in ("toezegging", "betaling", "tranche", "mijlpaal", "aanwezigheid")],
    ids=lambda c: c.name,
)
def test_command_line_import_follows_the_same_rule(demo_url, demo_engine, tmp_path, capsys, c):
    path = tmp_path / c.file
    path.write_bytes(c.data)
    for role in [r for r in _refused_first(c) if r != "demo"]:  # the command line has no demo mode
        argv = ["--database", demo_url]
        if role != "beheer":  # without --als the command line is beheer, as the README says
            rol, extra = CLI_ACCOUNTS[role]
            # --als names an account; it signs nobody in, so the account needs no password (no argon2 hash).
            accounts.add_user(demo_engine, SCOPES[role].email, rol, **extra)
            argv += ["--als", SCOPES[role].email]
        before = _snapshot(demo_engine, c.table)
        code = main([*argv, "import", str(path)])
        err = capsys.readouterr().err
        if role in c.allowed and not c.moves:
            assert code == 0, (role, err)
            continue
        assert code == 3, role
        if not SCOPES[role].can_edit:  # refused as a command, before the file is read
            assert "mag niets wijzigen" in err and _snapshot(demo_engine, c.table) == before
            continue
        [line] = [ln for ln in err.splitlines() if ln.strip().startswith("- ")]
        found = re.search(r"rij 2(?:, kolom '[^']*')?: (.*)$", line)
        assert found, line
        _assert_refused_cleanly(demo_engine, role, c, found.group(1), before)


def test_the_reproduction_is_refused_on_the_gegevens_page(app_db, accounts_db):
    """The same file uploaded in the app by Vaals: refused in the check, nothing of TZ-0013 on screen."""
    from tests.apptest_helpers import open_page

    at = open_page("pages/gegevens.py", "Gegevens in- en uitvoeren", email=accounts_db["gemeente"])
    row = f"TZ-0013;SAMEN;{VAALS};Gemeente Vaals;gemeentelijke_investering;1;ingetrokken"
    at.file_uploader[0].upload("t.csv", f"{TZ}\r\n{row}\r\n".encode(), "text/csv").run()
    assert not at.exception
    assert any("Het bestand is geweigerd: 1 probleem" in e.value for e in at.error)
    problems = at.dataframe[0].value
    assert problems.iloc[0]["Rij"] == 2
    assert problems.iloc[0]["Melding"] == SCOPES["gemeente"].refusal("toezegging")
    shown = " ".join(str(e.value) for e in (*at.markdown, *at.caption, *at.error, *at.success)) + problems.to_string()
    assert not any(secret in shown for secret in ("120.000", "Bosch", "GM0796", "Hertogenbosch"))
    assert not [b for b in at.button if b.label == "Inlezen"]  # nothing to import
    with session_scope(app_db) as s:
        tz = s.scalar(select(Toezegging).where(Toezegging.kenmerk == "TZ-0013"))
        assert (tz.bedrag, tz.fase, tz.versie) == (120000, "betaald", 1)
