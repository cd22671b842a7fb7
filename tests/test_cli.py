"""python -m samen_data: upgrade, demo, info, with Dutch messages and exit codes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from sqlalchemy import inspect, text

from samen_data.cli.main import main
from samen_data.store import schema
from samen_data.store.db import make_engine

ROOT = Path(__file__).resolve().parent.parent


def test_help_runs_as_module():
    out = subprocess.run([sys.executable, "-m", "samen_data", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0 and "upgrade" in out.stdout and "demo" in out.stdout and "info" in out.stdout


def _rows_per_table(out: str) -> dict[str, int]:
    """The table lines of `info` and `demo` ("  deelnemer      50") as table -> rows."""
    return {m[1]: int(m[2]) for m in re.finditer(r"^  (\w+) +(\d+)$", out, flags=re.M)}


def _recount(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with engine.connect() as conn:
        counts = {
            t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one()
            for t in inspect(conn).get_table_names()
            if t != "alembic_version"
        }
    engine.dispose()
    return counts


def test_upgrade_demo_info_on_empty_database(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'nieuw.db'}"
    assert main(["--database", url, "upgrade"]) == 0
    head = schema.head_revision(make_engine(url))
    assert capsys.readouterr().out.strip().endswith(f"schema leeg -> {head}")
    assert main(["--database", url, "demo"]) == 0
    loaded = _rows_per_table(capsys.readouterr().out)
    assert main(["--database", url, "info"]) == 0
    out = capsys.readouterr().out
    assert f"Schema: {head}" in out.splitlines()
    assert _rows_per_table(out) == loaded == _recount(url)  # every table, each with its own row count
    assert loaded["deelnemer"] == 50 and loaded["gemeente"] == 342  # 44 SAMEN submissions + 6 in the call; CBS


def test_demo_refuses_non_empty_unless_replace(demo_url, capsys):
    assert main(["--database", demo_url, "demo"]) == 3
    assert "gebruik --replace" in capsys.readouterr().err
    assert main(["--database", demo_url, "demo", "--replace"]) == 3  # without --ja: says what it would remove
    assert "Bevestig met --ja" in capsys.readouterr().err
    assert main(["--database", demo_url, "demo", "--replace", "--ja"]) == 0


def test_demo_on_postgresql_by_environment(demo_url, capsys, monkeypatch):
    monkeypatch.setenv("SAMEN_DATABASE_URL", demo_url)
    assert main(["info"]) == 0
    assert "omgevingsvariabele" in capsys.readouterr().out


def test_unreachable_database_gives_dutch_error_and_hides_password(capsys):
    code = main(["--database", "postgresql://samen:geheim@127.0.0.1:1/samen", "info"])
    err = capsys.readouterr().err
    assert code == 1 and "Kan de database niet bereiken" in err and "geheim" not in err


def test_bad_url_gives_dutch_error(capsys):
    assert main(["--database", "dit is geen url", "info"]) == 1
    assert "Ongeldige database-URL" in capsys.readouterr().err


def test_unknown_command_exits_non_zero():
    out = subprocess.run(
        [sys.executable, "-m", "samen_data", "bestaatniet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "SAMEN_DATABASE_URL": "sqlite:///:memory:"},
    )
    assert out.returncode == 2
