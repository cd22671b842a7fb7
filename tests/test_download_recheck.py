"""Every download re-reads the account when it is clicked: a user removed or given another role while a page is
open gets a Dutch refusal and no file (AppTest, on SQLite and PostgreSQL).

AppTest draws the buttons with Streamlit's real deferred-download registry (a MediaFileManager on its mock
runtime); the tests keep that registry and run a button's callable through it exactly as Streamlit's server does
on a click (MediaFileManager.execute_deferred), outside any script run."""

from __future__ import annotations

import io
from collections.abc import Iterator

import openpyxl
import pytest
from sqlalchemy import Engine, text
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

from samen_data.access import accounts
from samen_data.access.scope import AccessDenied
from samen_ui.downloads import REFUSED
from tests.apptest_helpers import start
from tests.conftest import BACKENDS, _drop_pg, app_on

VNG = "staf@vng.test"
OTHER_PROEFTUIN = "Transfarmers"  # a participant of 's-Hertogenbosch: never in a Vaals export


@pytest.fixture(params=BACKENDS)
def app_url(request, templates, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield templates.sqlite_copy("demo", tmp_path / "app.db")
    else:
        url = templates.pg_copy("demo")
        yield url
        _drop_pg(url)


@pytest.fixture
def app(app_url, monkeypatch) -> Iterator[Engine]:
    """The app on a fresh demo database (both backends), with Streamlit's download registry kept per run."""
    yield from app_on(app_url, monkeypatch)


@pytest.fixture
def registries(monkeypatch) -> list[MediaFileManager]:
    made: list[MediaFileManager] = []

    class Kept(MediaFileManager):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(app_test_module, "MediaFileManager", Kept)
    return made


def _click_file(registry: MediaFileManager, button) -> bytes:
    """What Streamlit's server does when the button is clicked: run the callable, store and serve the file."""
    url = registry.execute_deferred(button.proto.deferred_file_id)
    return registry._storage.get_file(url.rsplit("/", 1)[1]).content


def _refused(registry: MediaFileManager, button) -> str:
    with pytest.raises(MediaFileStorageError) as failed:
        _click_file(registry, button)
    assert isinstance(failed.value.__cause__, AccessDenied)
    return str(failed.value.__cause__)


def _gegevens(email: str | None) -> AppTest:
    at = start(email=email)
    at.switch_page("pages/gegevens.py").run()
    assert not at.exception, at.exception
    return at


def _button(at: AppTest, label: str):
    return next(b for b in at.download_button if b.label == label)


def _sheet_text(content: bytes) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return " ".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)


EXPORTS = ("Download het Excel-sjabloon", "Hele database (.xlsx)", "360Giving (.json)", "360Giving (.xlsx)")


def test_a_removed_user_downloads_nothing_from_the_open_page(app, registries):
    accounts.add_user(app, VNG, "vng", password="vng-wachtwoord-12")
    at = _gegevens(VNG)
    registry = registries[-1]
    assert [b.label for b in at.download_button] == list(EXPORTS)
    assert OTHER_PROEFTUIN in _sheet_text(_click_file(registry, _button(at, "Hele database (.xlsx)")))  # still allowed

    assert accounts.remove_user(app, VNG)
    for label in EXPORTS:
        assert _refused(registry, _button(at, label)) == REFUSED

    at = _button(at, "Hele database (.xlsx)").click().run()  # the click's rerun says why there is no file
    assert REFUSED in [e.value for e in at.error]
    assert not at.download_button  # and the page has made way for the sign-in
    assert f"Het account {VNG} heeft geen rol" in " ".join(e.value for e in at.error)


def test_a_downgraded_user_downloads_nothing_until_the_page_shows_the_new_role(app, registries):
    accounts.add_user(app, VNG, "vng", password="vng-wachtwoord-12")
    at = _gegevens(VNG)
    registry = registries[-1]
    with app.begin() as conn:  # vng becomes the account of one gemeente, while the page is open
        conn.execute(
            text("UPDATE gebruiker SET rol = 'gemeente', gemeente_code = 'GM0981' WHERE email = :e"), {"e": VNG}
        )
    for label in EXPORTS:
        assert _refused(registry, _button(at, label)) == REFUSED

    at = _button(at, "360Giving (.json)").click().run()
    assert REFUSED in [e.value for e in at.error]
    assert "U krijgt de gegevens van uw eigen gemeente." in " ".join(m.value for m in at.markdown)
    export = _click_file(registries[-1], _button(at, "Hele database (.xlsx)"))  # drawn for the new role: allowed
    shown = _sheet_text(export)
    assert "Vaals Verbindt" in shown and OTHER_PROEFTUIN not in shown


def test_a_fund_moved_to_another_fund_is_refused(app, registries):
    accounts.add_user(app, "fin@vsbfonds.test", "fonds", fonds="VSBfonds", password="fonds-wachtwoord-1")
    at = _gegevens("fin@vsbfonds.test")
    with app.begin() as conn:
        conn.execute(
            text(
                "UPDATE gebruiker SET fonds_id = (SELECT id FROM organisatie WHERE naam = 'Oranje Fonds') "
                "WHERE email = 'fin@vsbfonds.test'"
            )
        )
    assert _refused(registries[-1], _button(at, "360Giving (.xlsx)")) == REFUSED


@pytest.mark.parametrize(
    "page",
    ["pages/cofinanciering.py", "pages/samenwerking.py", "pages/presentatie.py"],
    ids=lambda p: p.split("/")[1][:-3],
)
def test_table_chart_and_slide_downloads_are_rechecked_too(app, registries, page):
    accounts.add_user(app, VNG, "vng", password="vng-wachtwoord-12")
    at = start(email=VNG)
    at.switch_page(page).run()
    assert not at.exception, at.exception
    buttons = list(at.download_button)
    assert buttons
    assert _click_file(registries[-1], buttons[0])  # a file while the account is as it was
    accounts.remove_user(app, VNG)
    for button in buttons:
        assert _refused(registries[-1], button) == REFUSED


def test_demo_mode_downloads_until_accounts_exist(app, registries):
    at = _gegevens(None)
    registry = registries[-1]
    assert OTHER_PROEFTUIN in _sheet_text(_click_file(registry, _button(at, "Hele database (.xlsx)")))
    assert _click_file(registry, _button(at, "360Giving (.json)")).startswith(b"{")
    accounts.add_user(app, VNG, "vng", password="vng-wachtwoord-12")  # demo mode ends: signed out sees nothing
    assert _refused(registry, _button(at, "Hele database (.xlsx)")) == REFUSED
