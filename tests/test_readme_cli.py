"""Every samen_data command line in the README (the blocks of Opdrachtregel, Inloggen en rollen and Schaal en
benchmark) runs on a fresh database (documentation that cannot go stale), on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from samen_data.access import accounts
from samen_data.access.scope import BEHEER
from samen_data.store.db import make_engine
from samen_data.transfer import export_workbook
from tests.conftest import BACKENDS, _drop_pg
from tests.test_cli_scope import README, readme_section, run

# The sections whose lines run one by one, each on a fresh database (Inloggen en rollen runs as one story).
ONE_BY_ONE = ("Opdrachtregel", "Schaal en benchmark")


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
                stdin, words = " ".join(words[1:pipe]) + "\n", words[pipe + 1 :]
            lines.append((words[words.index("samen_data") + 1 :], stdin))
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


def _line_params():
    params = []
    for title in ONE_BY_ONE:
        for n, (argv, _stdin) in enumerate(readme_lines(title)):
            named = next((w.split(":")[0] for w in argv if w.startswith(("postgresql://", "sqlite://"))), None)
            for backend in BACKENDS:
                name = getattr(backend, "values", [backend])[0]
                if named and not name.startswith(named):
                    continue  # the line names its database: it runs once, on a fresh test database of that kind
                params.append(
                    pytest.param(title, n, name, id=f"{name}-{' '.join(argv)}", marks=getattr(backend, "marks", ()))
                )
    return params


def test_readme_has_the_lines_this_file_runs():
    assert ["demo", "--replace", "--ja"] in [a for a, _ in readme_lines("Opdrachtregel")]
    assert any("--als" in a for a, _ in readme_lines("Opdrachtregel"))
    # Every samen_data line of every block of the README is in a section this file runs, none left out.
    every = [
        line
        for block in re.findall(r"```bash\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
        for line in block.splitlines()
        if "-m samen_data" in line
    ]
    ran = sum(len(readme_lines(title)) for title in (*ONE_BY_ONE, "Inloggen en rollen"))
    assert ran == len(every) and len(every) >= 24


@pytest.mark.parametrize(("title", "n", "backend"), _line_params())
def test_readme_opdrachtregel_line_runs_on_a_fresh_database(templates, tmp_path, capsys, title, n, backend):
    """Each line on its own fresh database: empty for `demo` and `generate` (they fill only an empty one),
    the demo for everything else. A line that names its database (`--database sqlite:///...` or
    `postgresql://...`) gets a fresh test database of that kind instead."""
    argv, stdin = readme_lines(title)[n]
    argv, named = _substitute(argv, tmp_path)
    cleanup: list[str] = []
    try:
        url = _fresh("empty" if _needs_empty(argv) else "demo", backend, templates, tmp_path, cleanup)
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
