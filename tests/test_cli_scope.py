"""The command line honours --als: who may run what is the README's table (section Opdrachtregel), a refusal
is exit 3 with a Dutch message and changes nothing; demo --replace needs beheer and --ja and keeps the accounts;
the README's own CLI lines run in tests/test_readme_cli.py. All through
samen_data.cli.main.main in-process, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import insert, select, update

from samen_data.access import accounts
from samen_data.cli import main as cli
from samen_data.store.db import make_engine, session_scope
from samen_data.store.info import row_counts
from samen_data.store.models import Gebruiker, Organisatie, Toezegging, Wijziging
from samen_data.store.reference import load_gemeenten

README = Path(__file__).resolve().parent.parent / "README.md"
PASSWORD = {
    "beheer": "beheer-wachtwoord-1",
    "fonds": "fonds-wachtwoord-1",
    "vng": "vng-wachtwoord-12",
    "gemeente": "vaals-wachtwoord-1",
}
ACCOUNTS = {  # role -> e-mail, add_user's extra arguments
    "beheer": ("beheer@samen.test", {}),
    "fonds": ("fin@vsbfonds.test", {"fonds": "VSBfonds"}),
    "vng": ("staf@vng.test", {}),
    "gemeente": ("ambtenaar@vaals.test", {"gemeente": "GM0981"}),
}
# "beheer" runs without --als (whoever opens the database); the others with --als <their account>.
ROLES = ("beheer", "beheer-als", "fonds", "vng", "gemeente")


def add_accounts(engine, passwords: bool = False) -> None:
    for rol, (email, extra) in ACCOUNTS.items():
        accounts.add_user(engine, email, rol, password=PASSWORD[rol] if passwords else None, **extra)


def run(url: str, role: str, *argv: str, stdin: str = "") -> int:
    """cli.main as `role`; argparse's own exits (--help, usage) become their exit code."""
    als = [] if role == "beheer" else ["--als", ACCOUNTS[role.removesuffix("-als")][0]]
    old_stdin, sys.stdin = sys.stdin, io.StringIO(stdin)
    try:
        return cli.main(["--database", url, *als, *argv])
    except SystemExit as exc:
        return int(exc.code or 0)
    finally:
        sys.stdin = old_stdin


def counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        return row_counts(engine)
    finally:
        engine.dispose()


# --- the README's table of who may run what --------------------------------------------------------------


def readme_section(title: str) -> str:
    body = README.read_text(encoding="utf-8")
    start = body.index(f"\n## {title}\n")
    end = body.find("\n## ", start + 1)
    return body[start : end if end > 0 else None]


def readme_rights() -> dict[str, dict[str, bool]]:
    """From the table under Opdrachtregel: command -> role -> may run it ('nee' means refused)."""
    rights: dict[str, dict[str, bool]] = {}
    for line in readme_section("Opdrachtregel").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not cells[0].startswith("`"):
            continue
        for command in re.findall(r"`([a-z0-9-]+)`", cells[0].split("(")[0]):
            rights[command] = {
                rol: cell != "nee" for rol, cell in zip(("beheer", "fonds", "vng", "gemeente"), cells[1:], strict=True)
            }
    return rights


def test_every_command_has_a_rule_and_the_readme_says_which_roles():
    rights = readme_rights()
    assert set(rights) == set(cli.COMMANDS) == set(cli.RULES)
    expected = {  # what the issue asks, written out once more so the README cannot drift into something else
        "upgrade": "beheer",
        "demo": "beheer",
        "generate": "beheer",
        "user": "beheer",
        "info": "beheer fonds vng",
        "import": "beheer fonds gemeente",
        "export": "beheer fonds vng gemeente",
        "export-360giving": "beheer fonds vng gemeente",
        "report": "beheer fonds vng gemeente",
    }
    assert {c: " ".join(r for r, ok in roles.items() if ok) for c, roles in rights.items()} == expected


# --- command x role on a fresh demo database with one account per role ------------------------------------


def _programme_csv(tmp: Path) -> list[str]:
    path = tmp / "programmas.csv"
    path.write_text(
        "code;naam;startdatum;einddatum\r\nSAMEN;Programma SAMEN (hernoemd);28-11-2022;30-11-2024\r\n", encoding="utf-8"
    )
    return ["import", str(path)]


# name -> (argv for a tmp dir, the README command whose rule applies, roles allowed beyond the rule: None = the
# rule decides; a set = fewer roles, because the database is not empty or a flag is missing)
CASES = {
    "upgrade": (lambda t: ["upgrade"], "upgrade", None),
    "info": (lambda t: ["info"], "info", None),
    "user list": (lambda t: ["user", "list"], "user", None),
    "user add": (lambda t: ["user", "add", "nieuw@samen.test", "--role", "vng", "--sso"], "user", None),
    "user remove": (lambda t: ["user", "remove", ACCOUNTS["vng"][0]], "user", None),
    "demo": (lambda t: ["demo"], "demo", set()),  # never on a database with data
    "demo --replace": (lambda t: ["demo", "--replace"], "demo", set()),  # never without --ja
    "demo --replace --ja": (lambda t: ["demo", "--replace", "--ja"], "demo", None),
    "generate --ja": (lambda t: ["generate", "--scale", "tiny", "--ja"], "generate", set()),  # not empty
    "import programme": (_programme_csv, "import", {"beheer"}),  # only beheer changes a programme (README)
    "export": (lambda t: ["export", str(t / "uit.xlsx")], "export", None),
    "export-360giving": (lambda t: ["export-360giving", str(t / "uit.json")], "export-360giving", None),
    # The whole deck as PowerPoint (the same --als and scope as the PDF, a tenth of its build time); a gemeente's PDF
    # below and as --als in the README's lines (tests/test_readme_cli.py).
    "report": (lambda t: ["report", "pptx", str(t / "r.pptx")], "report", None),
    "report other gemeente": (
        lambda t: ["report", "pdf", str(t / "r.pdf"), "--gemeente", "GM0014"],
        "report",
        {"beheer", "fonds", "vng"},
    ),
}


def allowed(case: str, role: str) -> bool:
    _argv, command, only = CASES[case]
    rol = role.removesuffix("-als")
    return readme_rights()[command][rol] and (only is None or rol in only)


@pytest.fixture
def accounts_url(demo_url) -> str:
    engine = make_engine(demo_url)
    add_accounts(engine)
    engine.dispose()
    return demo_url


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES)
def test_command_as_role(accounts_url, tmp_path, capsys, case, role):
    argv = CASES[case][0](tmp_path)
    before = counts(accounts_url)
    code = run(accounts_url, role, *argv)
    out, err = capsys.readouterr()
    after = counts(accounts_url)
    if allowed(case, role):
        assert code == 0, err
        assert "Geweigerd" not in err
        if case == "demo --replace --ja":
            assert after == before and "Accounts blijven behouden: 4." in out  # the same demo, the same accounts
        written = [w for w in argv if w.startswith(str(tmp_path)) and not w.endswith(".csv")]
        assert all(Path(w).stat().st_size > 0 for w in written)  # the export or report is there
        return
    assert code == 3, (out, err)
    assert err.startswith("Geweigerd: ") and "er is niets" in err.lower()
    command = CASES[case][1]
    if not readme_rights()[command][role.removesuffix("-als")]:  # refused for the role: the rule says why
        assert cli.RULES[command][1] in err and ACCOUNTS[role][0] in err
    if case == "import programme" and role != "vng":
        # the importer itself refused: it files the attempt in the log ('geweigerd'), and changes nothing else
        new = after.pop("wijziging") - before.pop("wijziging")
        assert new >= 1 and _last_actions(accounts_url, new) == {"geweigerd"}
    assert after == before
    assert not list(tmp_path.glob("r.*")) and not list(tmp_path.glob("uit.*"))


def _last_actions(url: str, n: int) -> set[str]:
    engine = make_engine(url)
    with session_scope(engine) as s:
        actions = set(s.scalars(select(Wijziging.actie).order_by(Wijziging.id.desc()).limit(n)))
    engine.dispose()
    return actions


def test_unknown_account_is_refused(accounts_url, capsys):
    before = counts(accounts_url)
    assert cli.main(["--database", accounts_url, "--als", "niemand@samen.test", "export", "x.xlsx"]) == 3
    assert "niemand@samen.test heeft geen account met een rol" in capsys.readouterr().err
    assert counts(accounts_url) == before


def test_als_on_an_old_schema_is_refused_and_does_not_upgrade(tmp_path, capsys):
    from samen_data.store import schema

    url = f"sqlite:///{tmp_path / 'oud.db'}"
    engine = make_engine(url)
    schema.upgrade(engine, "0003")  # before the accounts table
    assert cli.main(["--database", url, "--als", "ambtenaar@vaals.test", "upgrade"]) == 3
    assert "laat beheer eerst `upgrade` uitvoeren" in capsys.readouterr().err
    assert schema.current_revision(engine) == "0003"
    engine.dispose()


# --- demo --replace: beheer, --ja, and the accounts survive ----------------------------------------------


def test_gemeente_demo_replace_ja_is_refused_and_nothing_changes(accounts_url, capsys):
    """The issue's reproduction: as a gemeente account, demo --replace wiped the whole database."""
    before = counts(accounts_url)
    assert run(accounts_url, "gemeente", "demo", "--replace", "--ja") == 3
    err = capsys.readouterr().err
    assert "Geweigerd: alleen beheer mag de demo laden" in err and "ambtenaar@vaals.test" in err
    assert counts(accounts_url) == before


def test_demo_replace_without_ja_says_what_it_would_remove(accounts_url, capsys):
    before = counts(accounts_url)
    assert run(accounts_url, "beheer", "demo", "--replace") == 3
    err = capsys.readouterr().err
    assert f"deelnemer {before['deelnemer']}," in err and f"betaling {before['betaling']}" in err
    assert "Accounts blijven behouden: 4." in err and "Bevestig met --ja" in err and "gebruiker" not in err
    assert counts(accounts_url) == before


@pytest.mark.parametrize("role", ["beheer", "beheer-als"])
def test_demo_replace_ja_reloads_and_accounts_still_sign_in(demo_url, tmp_path, capsys, role):
    engine = make_engine(demo_url)
    add_accounts(engine, passwords=True)
    with session_scope(engine) as s:  # a change the reload must undo
        s.execute(update(Toezegging).where(Toezegging.kenmerk == "TZ-0013").values(bedrag=Decimal(1)))
    assert run(demo_url, role, "demo", "--replace", "--ja") == 0
    assert "Accounts blijven behouden: 4." in capsys.readouterr().out
    with session_scope(engine) as s:
        assert s.scalar(select(Toezegging.bedrag).where(Toezegging.kenmerk == "TZ-0013")) > 1
        fund = s.scalar(select(Organisatie.id).where(Organisatie.naam == "VSBfonds", Organisatie.soort == "fonds"))
        assert s.scalar(select(Gebruiker.fonds_id).where(Gebruiker.email == ACCOUNTS["fonds"][0])) == fund
    for rol, (email, extra) in ACCOUNTS.items():
        scope = accounts.authenticate(engine, email, PASSWORD[rol])
        assert (scope.rol, scope.gemeente, scope.fonds) == (rol, extra.get("gemeente"), extra.get("fonds"))
    engine.dispose()
    # and the fund account still works on the command line, with its fund's scope
    assert run(demo_url, "fonds", "export-360giving", str(tmp_path / "vsb.json")) == 0
    assert "VSBfonds" in (tmp_path / "vsb.json").read_text(encoding="utf-8")


def test_demo_replace_refuses_a_fund_account_whose_fund_is_not_in_the_demo(accounts_url, capsys):
    engine = make_engine(accounts_url)
    with session_scope(engine) as s:
        s.execute(insert(Organisatie).values(naam="Noord Fonds", soort="fonds", bron="import"))
    accounts.add_user(engine, "fin@noordfonds.test", "fonds", fonds="Noord Fonds")
    engine.dispose()
    before = counts(accounts_url)
    for argv in (["demo", "--replace"], ["demo", "--replace", "--ja"]):
        assert run(accounts_url, "beheer", *argv) == 3
        err = capsys.readouterr().err
        assert "fin@noordfonds.test (Noord Fonds)" in err and "niet in de demo" in err and "niets veranderd" in err
        assert counts(accounts_url) == before


# --- generate: beheer, --ja, empty database only -----------------------------------------------------------


@pytest.fixture
def empty_with_accounts(empty_url) -> str:
    """An empty database (the gemeente list, no programme data) with beheer, vng and gemeente accounts; a fund
    account needs a fund, and a fund is data."""
    engine = make_engine(empty_url)
    with session_scope(engine) as s:
        load_gemeenten(s)
    for rol in ("beheer", "vng", "gemeente"):
        email, extra = ACCOUNTS[rol]
        accounts.add_user(engine, email, rol, **extra)
    engine.dispose()
    return empty_url


def test_generate_needs_beheer_and_ja(empty_with_accounts, capsys):
    url = empty_with_accounts
    before = counts(url)
    for role in ("vng", "gemeente"):
        assert run(url, role, "generate", "--scale", "tiny", "--ja") == 3
        assert "alleen beheer mag synthetische gegevens genereren" in capsys.readouterr().err
    assert run(url, "beheer", "generate", "--scale", "tiny") == 3
    err = capsys.readouterr().err
    assert "Er wordt niets verwijderd" in err and "accounts blijven behouden: 3" in err and "--ja" in err
    assert counts(url) == before
    assert run(url, "beheer-als", "generate", "--scale", "tiny", "--ja") == 0
    after = counts(url)
    assert after["aanwezigheid"] > 0 and after["gebruiker"] == 3


def test_generate_refuses_a_database_with_only_a_log_line(empty_url, capsys):
    """generate writes its own ids: one audit row (say of a refused import) would collide, so it refuses."""
    engine = make_engine(empty_url)
    with session_scope(engine) as s:
        s.add(Wijziging(gebruiker="x@samen.test", tabel="toezegging", actie="geweigerd"))
    engine.dispose()
    before = counts(empty_url)
    assert run(empty_url, "beheer", "generate", "--scale", "tiny", "--ja") == 3
    assert "de database bevat al gegevens (wijziging 1)" in capsys.readouterr().err
    assert counts(empty_url) == before
