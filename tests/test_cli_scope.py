"""The command line honours --als: who may run what is the README's table (section Opdrachtregel), a refusal
is exit 3 with a Dutch message and changes nothing; demo --replace needs beheer and --ja and keeps the accounts;
every CLI line in the README's Opdrachtregel and Inloggen-en-rollen blocks runs. All through
samen_data.cli.main in-process, on SQLite and PostgreSQL."""
from __future__ import annotations

import io
import re
import shlex
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import insert, select, update

from samen_data import accounts, cli
from samen_data.access import BEHEER
from samen_data.db import make_engine, session_scope
from samen_data.info import row_counts
from samen_data.models import Gebruiker, Organisatie, Toezegging, Wijziging
from samen_data.reference import load_gemeenten
from samen_data.transfer import export_workbook
from tests.conftest import BACKENDS, _drop_pg

README = Path(__file__).resolve().parent.parent / "README.md"
PASSWORD = {"beheer": "beheer-wachtwoord-1", "fonds": "fonds-wachtwoord-1", "vng": "vng-wachtwoord-12",
            "gemeente": "vaals-wachtwoord-1"}
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
    return body[start:end if end > 0 else None]


def readme_rights() -> dict[str, dict[str, bool]]:
    """From the table under Opdrachtregel: command -> role -> may run it ('nee' means refused)."""
    rights: dict[str, dict[str, bool]] = {}
    for line in readme_section("Opdrachtregel").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not cells[0].startswith("`"):
            continue
        for command in re.findall(r"`([a-z0-9-]+)`", cells[0].split("(")[0]):
            rights[command] = {rol: cell != "nee" for rol, cell in zip(("beheer", "fonds", "vng", "gemeente"),
                                                                         cells[1:], strict=True)}
    return rights


def test_every_command_has_a_rule_and_the_readme_says_which_roles():
    rights = readme_rights()
    assert set(rights) == set(cli.COMMANDS) == set(cli.RULES)
    expected = {  # what the issue asks, written out once more so the README cannot drift into something else
        "upgrade": "beheer", "demo": "beheer", "generate": "beheer", "user": "beheer",
        "info": "beheer fonds vng", "import": "beheer fonds gemeente",
        "export": "beheer fonds vng gemeente", "export-360giving": "beheer fonds vng gemeente",
        "report": "beheer fonds vng gemeente",
    }
    assert {c: " ".join(r for r, ok in roles.items() if ok) for c, roles in rights.items()} == expected


# --- command x role on a fresh demo database with one account per role ------------------------------------

def _programme_csv(tmp: Path) -> list[str]:
    path = tmp / "programmas.csv"
    path.write_text("code;naam;startdatum;einddatum\r\nSAMEN;Programma SAMEN (hernoemd);28-11-2022;30-11-2024\r\n",
                    encoding="utf-8")
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
    "report": (lambda t: ["report", "pdf", str(t / "r.pdf")], "report", None),
    "report other gemeente": (lambda t: ["report", "pdf", str(t / "r.pdf"), "--gemeente", "GM0014"], "report",
                              {"beheer", "fonds", "vng"}),
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
    assert not list(tmp_path.glob("r.pdf")) and not list(tmp_path.glob("uit.*"))


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
    from samen_data import schema

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


# --- every CLI line of the README ------------------------------------------------------------------------

def readme_lines(title: str) -> list[tuple[list[str], str]]:
    """The samen_data command lines of the section's code blocks: (argv after `-m samen_data`, stdin)."""
    section = readme_section(title)
    lines = []
    for block in re.findall(r"```bash\n(.*?)```", section, flags=re.S):
        for line in block.splitlines():
            if "-m samen_data" not in line:
                continue
            words = shlex.split(line, comments=True)
            stdin = ""
            if "|" in words:
                pipe = words.index("|")
                assert words[0] == "echo", line
                stdin, words = " ".join(words[1:pipe]) + "\n", words[pipe + 1:]
            lines.append((words[words.index("samen_data") + 1:], stdin))
    return lines


def _readme_accounts() -> dict[str, list[str]]:
    """E-mail -> the `user add` arguments the README gives that account (Inloggen en rollen)."""
    return {argv[2]: argv for argv, _ in readme_lines("Inloggen en rollen") if argv[:2] == ["user", "add"]}


def _substitute(argv: list[str], tmp: Path) -> tuple[list[str], str | None]:
    """Files into tmp; --scale national becomes tiny (a national generate takes minutes and a lot of memory;
    the command line is the same); an explicit postgresql:// URL is noted so the caller gives it the test
    database. Returns argv and the database URL the line names (or None)."""
    out, named = [], None
    words = iter(argv)
    for word in words:
        if word == "--database":
            named = next(words)
            continue
        if word == "national":
            word = "tiny"
        elif re.fullmatch(r"[\w.-]+\.(xlsx|json|pdf|pptx|csv)", word):
            word = str(tmp / word)
        out.append(word)
    return out, named


def _fresh(kind: str, backend: str, templates, tmp: Path, cleanup: list[str]) -> str:
    if backend == "sqlite":
        return templates.sqlite_copy(kind, tmp / f"db{len(list(tmp.glob('db*')))}.db")
    url = templates.pg_copy(kind)
    cleanup.append(url)
    return url


def _needs_empty(argv: list[str]) -> bool:
    return argv[:1] == ["generate"] or (argv[:1] == ["demo"] and "--replace" not in argv)


def _prepare(url: str, argv: list[str], tmp: Path) -> None:
    """What a line takes for granted: the account its --als names (as the README adds it), the file it imports
    (an export of the same database)."""
    engine = make_engine(url)
    if "--als" in argv:
        add = _readme_accounts()[argv[argv.index("--als") + 1]]
        gemeente = add[add.index("--gemeente") + 1] if "--gemeente" in add else None
        fonds = add[add.index("--fonds") + 1] if "--fonds" in add else None
        accounts.add_user(engine, add[2], add[add.index("--role") + 1], gemeente, fonds)
    if argv[:1] == ["import"] and not Path(argv[1]).exists():
        Path(argv[1]).write_bytes(export_workbook(engine, BEHEER))
    engine.dispose()


def _line_params(title: str):
    params = []
    for n, (argv, _stdin) in enumerate(readme_lines(title)):
        on_pg = any(w.startswith("postgresql://") for w in argv)
        for backend in BACKENDS:
            if on_pg and backend == "sqlite":
                continue  # the line names PostgreSQL: it runs once, against the PostgreSQL test database
            name = getattr(backend, "values", [backend])[0]
            params.append(pytest.param(n, name, id=f"{name}-{' '.join(argv)}",
                                       marks=getattr(backend, "marks", ())))
    return params


def test_readme_has_the_lines_this_file_runs():
    assert ["demo", "--replace", "--ja"] in [a for a, _ in readme_lines("Opdrachtregel")]
    assert any("--als" in a for a, _ in readme_lines("Opdrachtregel"))
    assert len(readme_lines("Opdrachtregel")) >= 15 and len(readme_lines("Inloggen en rollen")) >= 6


@pytest.mark.parametrize(("n", "backend"), _line_params("Opdrachtregel"))
def test_readme_opdrachtregel_line_runs_on_a_fresh_database(templates, tmp_path, capsys, n, backend):
    """Each line on its own fresh database: empty for `demo` and `generate` (they fill only an empty one),
    the demo for everything else."""
    argv, stdin = readme_lines("Opdrachtregel")[n]
    argv, named = _substitute(argv, tmp_path)
    cleanup: list[str] = []
    try:
        url = _fresh("empty" if _needs_empty(argv) else "demo", "postgresql" if named else backend, templates,
                     tmp_path, cleanup)
        _prepare(url, argv, tmp_path)
        code = run(url, "beheer", *argv, stdin=stdin)
        out, err = capsys.readouterr()
        assert code == 0, err
        assert "Geweigerd" not in err
    finally:
        for pg in cleanup:
            _drop_pg(pg)


@pytest.mark.parametrize("backend", BACKENDS)
def test_readme_inloggen_lines_run_in_order(templates, tmp_path, capsys, backend):
    """The account lines tell one story (add, list, act as, remove): in order, on one fresh demo database.
    The line that asks for a password gets one on standard input, as a person would type it."""
    cleanup: list[str] = []
    try:
        url = _fresh("demo", backend, templates, tmp_path, cleanup)
        for argv, stdin in readme_lines("Inloggen en rollen"):
            argv, named = _substitute(argv, tmp_path)
            assert named is None
            code = run(url, "beheer", *argv, stdin=stdin or "een-ander-lang-wachtwoord\n")
            out, err = capsys.readouterr()
            assert code == 0, (argv, err)
        engine = make_engine(url)
        assert [a.email for a in accounts.list_users(engine)] == ["beheer@vng.nl", "fin@vsbfonds.nl"]
        assert accounts.authenticate(engine, "fin@vsbfonds.nl", "een-ander-lang-wachtwoord").fonds == "VSBfonds"
        engine.dispose()
        assert (tmp_path / "vaals.xlsx").stat().st_size > 0 and (tmp_path / "vaals.pdf").stat().st_size > 0
    finally:
        for pg in cleanup:
            _drop_pg(pg)

