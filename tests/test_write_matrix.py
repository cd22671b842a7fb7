"""The write matrix: role x path (import per sheet, edit, command line) x target row (own, other gemeente, other
fund, other programme, new), on both databases. Allowed exactly where the README's table says; a refusal
changes nothing, says only the fixed refusal text (nothing of the row in the database) and is filed in the
audit trail under the gemeente whose row it was, so that gemeente sees the attempt.

The expectations are written out by hand from the README's table, not derived from Scope.may_write."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from sqlalchemy import select, text

from samen_data import queries
from samen_data.access import accounts
from samen_data.access.scope import BEHEER, AccessDenied, Scope
from samen_data.changes import edit
from samen_data.cli.main import main
from samen_data.store.db import session_scope
from samen_data.store.models import Betaling, Mijlpaal, Toezegging, Wijziging
from samen_data.transfer import ImportRefused, import_file

SCOPES = {
    "beheer": BEHEER,
    "fonds": Scope(rol="fonds", email="fin@vsbfonds.test", fonds="VSBfonds"),
    "vng": Scope(rol="vng", email="staf@vng.test"),
    "gemeente": Scope(rol="gemeente", email="ambtenaar@vaals.test", gemeente="GM0981"),
    "demo": Scope(rol="vng", email="demo", demo=True),
}
VAALS, BOSCH = "Vaals – Vaals Verbindt", "Den Bosch – Transfarmers en Copernikkel"
HOUTEN = "Experiment Houten: Buurtkamer Houten en Welzijn Houten"
ALL = set(SCOPES)


@dataclass(frozen=True)
class Case:
    name: str
    file: str  # the file name tells the importer which sheet
    header: str
    row: str
    allowed: frozenset[str]  # roles that own the row before and after (for a move: that get the move refusal)
    victim: str | None = None  # the gemeente whose row another scope tried to change
    moves: bool = False  # the row would move to another programme, participant or commitment: never written
    table: str = ""

    @property
    def data(self) -> bytes:
        return f"{self.header}\r\n{self.row}\r\n".encode()


def case(name, file, header, row, allowed=(), victim=None, moves=False) -> Case:
    return Case(name, file, header, row, frozenset(allowed), victim, moves, file.removesuffix(".csv"))


TZ = "kenmerk;programma;deelnemer;financier;soort;bedrag;fase"
BT = "kenmerk;toezegging;datum;bedrag"
MP = "kenmerk;programma;deelnemer;categorie;omschrijving;status"
AW = "bijeenkomst;organisatie;rol;aangemeld;aanwezig"
CASES = [
    # Commitments: a gemeente changes those of its own participants, a fund those it pays.
    case(
        "tz-eigen-gemeente",
        "toezegging.csv",
        TZ,
        f"TZ-0017;SAMEN;{VAALS};Gemeente Vaals;gemeentelijke_investering;61000;beoogd",
        {"beheer", "gemeente"},
    ),
    case(
        "tz-eigen-fonds-bij-vaals",
        "toezegging.csv",
        TZ,
        f"TZ-0014;SAMEN;{VAALS};VSBfonds;fondsbijdrage;21000;deels_betaald",
        {"beheer", "fonds", "gemeente"},
    ),
    case(
        "tz-andere-gemeente",
        "toezegging.csv",
        TZ,
        f"TZ-0013;SAMEN;{BOSCH};Gemeente 's-Hertogenbosch;gemeentelijke_investering;1;ingetrokken",
        {"beheer"},
        victim="GM0796",
    ),
    case(
        "tz-ander-fonds",
        "toezegging.csv",
        TZ,
        f"TZ-0011;SAMEN;{BOSCH};Oranje Fonds;fondsbijdrage;1;ingetrokken",
        {"beheer"},
        victim="GM0796",
    ),
    case(
        "tz-ander-programma",
        "toezegging.csv",
        TZ,
        f"TZ-0001;VSB-EXP;{HOUTEN};VSBfonds;fondsbijdrage;1;ingetrokken",
        {"beheer", "fonds"},
        victim="GM0321",
    ),
    case(
        "tz-nieuw-eigen",
        "toezegging.csv",
        TZ,
        f"TZ-N1;SAMEN;{VAALS};Gemeente Vaals;gemeentelijke_investering;5000;beoogd",
        {"beheer", "gemeente"},
    ),
    case(
        "tz-nieuw-andere-gemeente",
        "toezegging.csv",
        TZ,
        f"TZ-N2;SAMEN;{BOSCH};Gemeente 's-Hertogenbosch;gemeentelijke_investering;5000;beoogd",
        {"beheer"},
        victim="GM0796",
    ),
    case(
        "tz-nieuw-eigen-fonds-elders",
        "toezegging.csv",
        TZ,
        f"TZ-N3;SAMEN;{BOSCH};VSBfonds;fondsbijdrage;5000;beoogd",
        {"beheer", "fonds"},
        victim="GM0796",
    ),
    # The reproduction of the issue: Vaals takes 's-Hertogenbosch's TZ-0013 (EUR 120.000, betaald).
    case(
        "tz-overname-door-gemeente",
        "toezegging.csv",
        TZ,
        f"TZ-0013;SAMEN;{VAALS};Gemeente Vaals;gemeentelijke_investering;1;ingetrokken",
        {"beheer"},
        victim="GM0796",
        moves=True,
    ),
    case(
        "tz-overname-door-fonds",
        "toezegging.csv",
        TZ,
        f"TZ-0011;SAMEN;{BOSCH};VSBfonds;fondsbijdrage;1;ingetrokken",
        {"beheer"},
        victim="GM0796",
    ),
    case(
        "tz-weggeven",
        "toezegging.csv",
        TZ,
        f"TZ-0017;SAMEN;{BOSCH};Gemeente Vaals;gemeentelijke_investering;60000;beoogd",
        {"beheer"},
        victim="GM0796",
        moves=True,
    ),
    case(
        "tz-naar-ander-programma",
        "toezegging.csv",
        TZ,
        f"TZ-0014;VSB-EXP;{HOUTEN};VSBfonds;fondsbijdrage;20000;deels_betaald",
        {"beheer", "fonds"},
        victim="GM0321",
        moves=True,
    ),
    # Payments follow their commitment.
    case("bt-eigen", "betaling.csv", BT, "BT-0021;TZ-0014;15-01-2023;10.001", {"beheer", "fonds", "gemeente"}),
    case("bt-andere-gemeente", "betaling.csv", BT, "BT-0019;TZ-0013;01-04-2023;1", {"beheer"}, victim="GM0796"),
    case("bt-ander-fonds", "betaling.csv", BT, "BT-0015;TZ-0011;15-01-2023;1", {"beheer"}, victim="GM0796"),
    case(
        "bt-ander-programma", "betaling.csv", BT, "BT-0007;TZ-0005;01-02-2022;1", {"beheer", "fonds"}, victim="GM0796"
    ),
    case("bt-nieuw-eigen", "betaling.csv", BT, "BT-N1;TZ-0017;01-06-2024;100", {"beheer", "gemeente"}),
    case("bt-nieuw-andere-gemeente", "betaling.csv", BT, "BT-N2;TZ-0013;01-06-2024;100", {"beheer"}, victim="GM0796"),
    case("bt-overname", "betaling.csv", BT, "BT-0019;TZ-0017;01-04-2023;1", {"beheer"}, victim="GM0796", moves=True),
    # Milestones: the gemeente's own; a programme's milestones are beheer's.
    case(
        "mp-eigen",
        "mijlpaal.csv",
        MP,
        f"MP-0010;SAMEN;{VAALS};structurele financiering;Raadsbesluit;bereikt",
        {"beheer", "gemeente"},
    ),
    case(
        "mp-andere-gemeente",
        "mijlpaal.csv",
        MP,
        f"MP-0006;SAMEN;{BOSCH};coalitie van initiatieven;X;vervallen",
        {"beheer"},
        victim="GM0796",
    ),
    case("mp-programma", "mijlpaal.csv", MP, "MP-0001;VSB-EXP;;oproep;X;vervallen", {"beheer"}),
    case(
        "mp-nieuw-eigen",
        "mijlpaal.csv",
        MP,
        f"MP-N1;SAMEN;{VAALS};overheidsparticipatie;Convenant;gepland",
        {"beheer", "gemeente"},
    ),
    case(
        "mp-overname",
        "mijlpaal.csv",
        MP,
        f"MP-0006;SAMEN;{VAALS};coalitie van initiatieven;X;vervallen",
        {"beheer"},
        victim="GM0796",
        moves=True,
    ),
    # Attendance: counts of the gemeente's own organisations; a fund enters none.
    case("aw-eigen", "aanwezigheid.csv", AW, "BK-0001;Gemeente Vaals;ambtenaar;9;8", {"beheer", "gemeente"}),
    case(
        "aw-andere-gemeente",
        "aanwezigheid.csv",
        AW,
        "BK-0001;Gemeente 's-Hertogenbosch;ambtenaar;9;8",
        {"beheer"},
        victim="GM0796",
    ),
    case("aw-fonds", "aanwezigheid.csv", AW, "BK-0001;VSBfonds;fondsmedewerker;9;8", {"beheer"}),
    # Everything else is beheer's, also for the gemeente's own participant or organisation.
    case(
        "meting-eigen",
        "meting.csv",
        "programma;deelnemer;golf;datum;respondentgroep;dimensie;score;respondenten",
        f"SAMEN;{VAALS};nulmeting;16-01-2023;bewoners;relaties;9,5;10",
        {"beheer"},
        victim="GM0981",
    ),
    case(
        "programma", "programma.csv", "code;naam;startdatum;einddatum", "NIEUW;Nieuw;01-01-2025;31-12-2026", {"beheer"}
    ),
    case(
        "organisatie-eigen",
        "organisatie.csv",
        "naam;soort;gemeente",
        "Vaals Verbindt;bewonersinitiatief;GM0981",
        {"beheer"},
        victim="GM0981",
    ),
    case(
        "deelnemer-eigen",
        "deelnemer.csv",
        "programma;naam;gemeente;spoor;status",
        f"SAMEN;{VAALS};GM0981;proeftuin;afgerond",
        {"beheer"},
        victim="GM0981",
    ),
    case(
        "betrokkene-eigen",
        "deelnemer_organisatie.csv",
        "programma;deelnemer;organisatie;rol",
        f"SAMEN;{VAALS};Gemeente Vaals;penvoerder",
        {"beheer"},
    ),
    case(
        "bijeenkomst",
        "bijeenkomst.csv",
        "kenmerk;programma;soort;titel;datum",
        "BK-N1;SAMEN;lokaal;Avond;01-06-2024",
        {"beheer"},
    ),
]
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
    "mp-eigen": ("mijlpaal", "MP-0010", {"status": "gepland"}),  # Vaals: structurele financiering, gestart
    "mp-andere-gemeente": ("mijlpaal", "MP-0006", {"status": "vervallen"}),
    "mp-programma": ("mijlpaal", "MP-0001", {"status": "vervallen"}),
}
MODELS = {"toezegging": Toezegging, "betaling": Betaling, "mijlpaal": Mijlpaal}


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


@pytest.mark.parametrize("role", ["beheer", "fonds", "gemeente"])
@pytest.mark.parametrize(
    "toezegging, allowed",
    [("TZ-0017", {"beheer", "gemeente"}), ("TZ-0013", {"beheer"}), ("TZ-0014", {"beheer", "fonds", "gemeente"})],
)
def test_adding_and_removing_payments_in_the_app(demo_engine, role, toezegging, allowed):
    scope = SCOPES[role]
    with session_scope(demo_engine) as s:
        tz_id = s.scalar(select(Toezegging.id).where(Toezegging.kenmerk == toezegging))
        existing = s.scalar(select(Betaling.id).where(Betaling.toezegging_id == tz_id).limit(1))
    before = _snapshot(demo_engine, "betaling")
    if role in allowed:
        new_id = edit.add_betaling(demo_engine, tz_id, "01-06-2024", "10", None, scope)
        edit.delete_betaling(demo_engine, new_id, 1, scope)
        assert _snapshot(demo_engine, "betaling") == before
        return
    with pytest.raises(AccessDenied):
        edit.add_betaling(demo_engine, tz_id, "01-06-2024", "10", None, scope)
    if existing is not None:
        with pytest.raises(AccessDenied):
            edit.delete_betaling(demo_engine, existing, 1, scope)
    assert _snapshot(demo_engine, "betaling") == before


CLI_ACCOUNTS = {
    "fonds": ("fonds", {"fonds": "VSBfonds"}),
    "vng": ("vng", {}),
    "gemeente": ("gemeente", {"gemeente": "GM0981"}),
}


@pytest.mark.parametrize(
    "c", [c for c in CASES if c.table in ("toezegging", "betaling", "mijlpaal", "aanwezigheid")], ids=lambda c: c.name
)
def test_command_line_import_follows_the_same_rule(demo_url, demo_engine, tmp_path, capsys, c):
    path = tmp_path / c.file
    path.write_bytes(c.data)
    for role in [r for r in _refused_first(c) if r != "demo"]:  # the command line has no demo mode
        argv = ["--database", demo_url]
        if role != "beheer":  # without --als the command line is beheer, as the README says
            rol, extra = CLI_ACCOUNTS[role]
            accounts.add_user(demo_engine, SCOPES[role].email, rol, password="een-lang-wachtwoord", **extra)
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
