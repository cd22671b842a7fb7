"""Engine and sessions: which database, and how to connect to it.

Order of choice: the environment variable SAMEN_DATABASE_URL, then `.streamlit/secrets.toml`
`[connections.samen] url`, then the embedded default SQLite file `data/samen.db`.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_SQLITE_PATH = DATA_DIR / "samen.db"
ENV_VAR = "SAMEN_DATABASE_URL"


class ConfigurationError(Exception):
    """The configured database cannot be used (a Dutch message for the user)."""


def default_url() -> str:
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def resolve_url(secrets_path: Path | None = None) -> tuple[str, str]:
    """Return (url, where it came from)."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return normalize_url(env), f"omgevingsvariabele {ENV_VAR}"
    secrets_path = secrets_path or PROJECT_ROOT / ".streamlit" / "secrets.toml"
    if secrets_path.is_file():
        try:
            secrets = tomllib.loads(secrets_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigurationError(f"{secrets_path} is geen geldige TOML: {exc}") from exc
        url = secrets.get("connections", {}).get("samen", {}).get("url")
        if url:
            return normalize_url(str(url)), f"{secrets_path} [connections.samen]"
    return default_url(), "ingebouwde standaard (SQLite met demodata)"


def normalize_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever dialect spelling the user gave."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError with an English text
        raise ConfigurationError(f"Ongeldige database-URL: {hide_password(url)}") from exc
    if parsed.get_backend_name() == "postgresql" and parsed.drivername != "postgresql+psycopg":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def hide_password(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<onleesbare URL>"


def is_default(url: str) -> bool:
    return url == default_url()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 10000")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    url = normalize_url(url) if url else resolve_url()[0]
    if url.startswith("sqlite"):
        path = make_url(url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: commit on success, roll back everything on any error."""
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory() as session, session.begin():
        yield session
