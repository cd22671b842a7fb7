"""Fixtures: every test gets a fresh database, on SQLite always and on PostgreSQL when
SAMEN_TEST_DATABASE_URL is set (CI sets it and fails when those tests skip)."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from samen_data.demo import loader as demo
from samen_data.store import schema
from samen_data.store.db import make_engine, normalize_url
from tests.browser_helpers import accounts_url, browser, fresh_server, server  # noqa: F401 - fixtures for every module

PG_URL = os.environ.get("SAMEN_TEST_DATABASE_URL", "").strip()
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]
# Under pytest-xdist each worker (gw0, gw1, ...) names its PostgreSQL databases after itself, so workers never
# drop or copy each other's; all of them start with the test database's name (CI drops that prefix afterwards).
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
_counter = itertools.count()


def pytest_collection_modifyitems(config, items):
    for item in items:
        # pytest-xdist (--dist loadgroup): the tests that share a module-scoped fixture (a browser, a server, a
        # large database) run on one worker, so it is made once; every other test goes to whichever worker is free.
        defs = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
        if any(d.scope in ("module", "package") for ds in defs.values() for d in ds):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))
    if PG_URL:
        return
    skip = pytest.mark.skip(reason="SAMEN_TEST_DATABASE_URL is niet gezet")
    for item in items:
        if "postgresql" in item.keywords:
            item.add_marker(skip)


class _Templates:
    """Build the empty and the demo database once per test session (per xdist worker); copy them per test:
    a file copy on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.sqlite: dict[str, Path] = {}
        self.pg_made: set[str] = set()

    def sqlite_copy(self, kind: str, target: Path) -> str:
        if kind not in self.sqlite:
            path = self.workdir / f"tpl_{kind}.db"
            engine = make_engine(f"sqlite:///{path}")
            _fill(engine, kind)
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            engine.dispose()
            self.sqlite[kind] = path
        shutil.copy(self.sqlite[kind], target)
        return f"sqlite:///{target}"

    def pg_copy(self, kind: str) -> str:
        base = make_url(normalize_url(PG_URL))
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        template = f"{base.database}_{WORKER}_tpl_{kind}"
        with admin.connect() as conn:
            if kind not in self.pg_made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{template}"'))
                conn.execute(text(f'CREATE DATABASE "{template}"'))
                engine = make_engine(base.set(database=template).render_as_string(hide_password=False))
                _fill(engine, kind)
                engine.dispose()
                self.pg_made.add(kind)
            name = f"{base.database}_{WORKER}_t{next(_counter)}"
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        admin.dispose()
        return base.set(database=name).render_as_string(hide_password=False)

    def drop_pg_templates(self) -> None:
        if not self.pg_made:  # also without PostgreSQL (PG_URL empty): nothing to drop
            return
        base = make_url(normalize_url(PG_URL))
        for kind in self.pg_made:
            _drop_pg(base.set(database=f"{base.database}_{WORKER}_tpl_{kind}").render_as_string(hide_password=False))


# One account per role (role -> e-mail, role, gemeente or fonds, password); see accounts_db.
ACCOUNTS = {
    "beheer": ("beheer@samen.test", "beheer", {}, "beheer-wachtwoord-1"),
    "fonds": ("fin@vsbfonds.test", "fonds", {"fonds": "VSBfonds"}, "fonds-wachtwoord-1"),
    "vng": ("staf@vng.test", "vng", {}, "vng-wachtwoord-12"),
    "gemeente": ("ambtenaar@vaals.test", "gemeente", {"gemeente": "GM0981"}, "vaals-wachtwoord-1"),
    "andere_gemeente": ("ambtenaar@groningen.test", "gemeente", {"gemeente": "GM0014"}, "groningen-wachtw-1"),
}


def _fill(engine: Engine, kind: str) -> None:
    """empty: the newest schema; demo: plus the demo; accounts: plus ACCOUNTS (argon2 hashes cost time: made
    once per session, not per test)."""
    schema.upgrade(engine)
    if kind in ("demo", "accounts"):
        demo.load_demo(engine)
    if kind == "accounts":
        from samen_data.access import accounts

        for email, role, where, password in ACCOUNTS.values():
            accounts.add_user(engine, email, role, password=password, **where)


def _drop_pg(url: str) -> None:
    base = make_url(url)
    admin = create_engine(base.set(database=make_url(normalize_url(PG_URL)).database), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{base.database}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def templates(tmp_path_factory) -> Iterator[_Templates]:
    made = _Templates(tmp_path_factory.mktemp("templates"))  # tmp_path_factory: a folder per worker
    yield made
    made.drop_pg_templates()


def _database(request, templates: _Templates, tmp_path: Path, kind: str) -> Iterator[str]:
    if request.param == "sqlite":
        yield templates.sqlite_copy(kind, tmp_path / "samen.db")
    else:
        url = templates.pg_copy(kind)
        yield url
        _drop_pg(url)


@pytest.fixture(params=BACKENDS)
def empty_url(request, templates, tmp_path) -> Iterator[str]:
    """URL of a fresh database at the newest schema, without data."""
    yield from _database(request, templates, tmp_path, "empty")


@pytest.fixture(params=BACKENDS)
def demo_url(request, templates, tmp_path) -> Iterator[str]:
    """URL of a fresh database holding the demo."""
    yield from _database(request, templates, tmp_path, "demo")


@pytest.fixture
def empty_engine(empty_url) -> Iterator[Engine]:
    engine = make_engine(empty_url)
    yield engine
    engine.dispose()


@pytest.fixture
def demo_engine(demo_url) -> Iterator[Engine]:
    engine = make_engine(demo_url)
    yield engine
    engine.dispose()


@pytest.fixture
def app_db(request, templates, tmp_path, monkeypatch) -> Iterator[Engine]:
    """A fresh demo SQLite database that the app (AppTest) uses; Streamlit's caches start empty. With
    accounts_db in the test, it holds those accounts too (copied from a template, like the demo)."""
    kind = "accounts" if "accounts_db" in request.fixturenames else "demo"
    yield from app_on(templates.sqlite_copy(kind, tmp_path / "app.db"), monkeypatch)


def app_on(url: str, monkeypatch) -> Iterator[Engine]:
    """Point the app (AppTest) at a database, with Streamlit's caches empty before and after."""
    monkeypatch.setenv("SAMEN_DATABASE_URL", url)
    st.cache_data.clear()
    st.cache_resource.clear()
    engine = make_engine(url)
    yield engine
    engine.dispose()
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def accounts_db(app_db) -> dict[str, str]:
    """The app's demo database with one account per role (ACCOUNTS); returns role -> e-mail (sign in with
    start(email=))."""
    from samen_data.access import accounts

    # app_db copies the accounts template when this fixture is named in the test's signature; a test that asks
    # for it later (request.getfixturevalue) got the plain demo: add the accounts then (slower, still correct).
    if not accounts.list_users(app_db):
        for email, role, where, password in ACCOUNTS.values():
            accounts.add_user(app_db, email, role, password=password, **where)
    return {role: email for role, (email, *_rest) in ACCOUNTS.items()}


def pytest_sessionfinish(session, exitstatus):
    """In CI (SAMEN_REQUIRE_ALL_TESTS=1) a skipped test fails the run: PostgreSQL and browser tests must run."""
    if not os.environ.get("SAMEN_REQUIRE_ALL_TESTS"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"FOUT: {len(skipped)} test(s) overgeslagen; in CI moet alles draaien:", red=True)
        for report in skipped[:20]:
            reporter.write_line(f"  {report.nodeid}: {report.longrepr[-1] if report.longrepr else ''}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
