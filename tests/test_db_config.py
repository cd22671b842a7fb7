"""Which database: environment variable, then secrets.toml, then the embedded default."""

from __future__ import annotations

import pytest

from samen_data.store import db


def test_default_is_embedded_sqlite(monkeypatch, tmp_path):
    monkeypatch.delenv(db.ENV_VAR, raising=False)
    url, origin = db.resolve_url(tmp_path / "missing.toml")
    assert url == f"sqlite:///{db.DEFAULT_SQLITE_PATH}"
    assert "standaard" in origin


def test_secrets_toml_is_used(monkeypatch, tmp_path):
    monkeypatch.delenv(db.ENV_VAR, raising=False)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[connections.samen]\nurl = "postgresql://samen:geheim@db.example/samen"\n', encoding="utf-8")
    url, origin = db.resolve_url(secrets)
    assert url == "postgresql+psycopg://samen:geheim@db.example/samen"
    assert "secrets.toml" in origin


def test_environment_wins(monkeypatch, tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[connections.samen]\nurl = "sqlite:///other.db"\n', encoding="utf-8")
    monkeypatch.setenv(db.ENV_VAR, "postgresql+psycopg2://u@h/d")
    assert db.resolve_url(secrets)[0] == "postgresql+psycopg://u@h/d"


def test_broken_secrets_gives_dutch_error(monkeypatch, tmp_path):
    monkeypatch.delenv(db.ENV_VAR, raising=False)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("[connections.samen\nurl=", encoding="utf-8")
    with pytest.raises(db.ConfigurationError, match="geen geldige TOML"):
        db.resolve_url(secrets)


def test_password_hidden():
    assert "geheim" not in db.hide_password("postgresql+psycopg://samen:geheim@host/db")


def test_sqlite_pragmas(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
    engine.dispose()
