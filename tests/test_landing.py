"""Where a user lands (AppTest): a gemeente account on its own gemeente, a shared link through the sign-in,
an unknown page in Dutch. Browser versions: tests/test_browser_landing.py."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from samen_data.access import accounts
from tests.apptest_helpers import ROOT, start
from tests.conftest import app_on

DATA_PAGES = (
    "pages/overzicht.py",
    "pages/kaart.py",
    "pages/cofinanciering.py",
    "pages/bijeenkomsten.py",
    "pages/samenwerking.py",
    "pages/gemeente.py",
    "pages/presentatie.py",
)


@pytest.fixture
def app_with_accounts(demo_url, monkeypatch):
    """The app on a fresh demo database (SQLite and PostgreSQL) with a VNG and a Vaals account."""
    for engine in app_on(demo_url, monkeypatch):
        accounts.add_user(engine, "staf@vng.test", "vng", password="vng-wachtwoord-12")
        accounts.add_user(engine, "ambtenaar@vaals.test", "gemeente", gemeente="GM0981", password="vaals-wachtwoord-1")
        yield engine


def _sign_in(at: AppTest, email: str, password: str) -> AppTest:
    at.text_input[0].set_value(email)
    at.text_input[1].set_value(password)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def test_a_gemeente_account_starts_on_its_own_gemeente(app_with_accounts):
    at = _sign_in(start(), "ambtenaar@vaals.test", "vaals-wachtwoord-1")
    assert at.sidebar.selectbox(key="f_gemeente").value == "GM0981"  # right after the sign-in, on Overzicht
    for page in DATA_PAGES:
        at.switch_page(page).run()
        assert not at.exception, at.exception
        gemeente = at.sidebar.selectbox(key="f_gemeente")
        assert gemeente.value == "GM0981", page  # no other gemeente offered; besides it the programme's totals
        assert gemeente.options == ["Vaals (GM0981)", "Heel het programma (totalen)"] or page == "pages/gemeente.py"
    # Having looked at the programme's totals, Gemeente still shows Vaals, with no choice at all.
    at.switch_page("pages/overzicht.py").run()
    at.sidebar.selectbox(key="f_gemeente").set_value("__alle__").run()
    at.switch_page("pages/gemeente.py").run()
    gemeente = at.sidebar.selectbox(key="f_gemeente")
    assert (gemeente.value, gemeente.options, gemeente.disabled) == ("GM0981", ["Vaals (GM0981)"], True)
    assert at.header[0].value.startswith("Vaals (GM0981)")
    assert not [i for i in at.info if "Kies een gemeente" in i.value]
    assert at.query_params["gemeente"] in ("GM0981", ["GM0981"])


def test_a_gemeente_account_stays_on_its_own_gemeente_with_another_gemeentes_link(app_with_accounts):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["gemeente"] = "GM0014"
    at.session_state["_account_email"] = "ambtenaar@vaals.test"
    at.run()
    at.switch_page("pages/gemeente.py").run()
    assert at.header[0].value.startswith("Vaals (GM0981)")
    assert any(
        "De link noemt Groningen; uw account toont de gegevens van uw eigen gemeente." == i.value for i in at.info
    )


def test_a_shared_link_survives_the_sign_in(app_with_accounts):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["gemeente"] = "GM0981"
    at.run()
    at.switch_page("pages/gemeente.py").run()  # /gemeente?gemeente=GM0981, signed out
    assert [t.value for t in at.title] == ["Inloggen"] and not at.metric
    _sign_in(at, "staf@vng.test", "vng-wachtwoord-12")
    assert [t.value for t in at.title] == ["Gemeente"]
    assert at.sidebar.selectbox(key="f_gemeente").value == "GM0981"  # VNG may choose any; the link chose Vaals
    assert at.header[0].value.startswith("Vaals (GM0981)") and at.metric


def test_a_page_the_role_lacks_says_so_in_dutch(app_with_accounts):
    at = _sign_in(start(), "staf@vng.test", "vng-wachtwoord-12")
    at.switch_page("pages/accounts.py").run()
    assert [t.value for t in at.title] == ["Accounts"]
    assert [w.value for w in at.warning] == ["Uw rol geeft geen toegang tot deze pagina."]


def test_an_unknown_page_gets_a_dutch_message(app_db, monkeypatch):
    from streamlit.runtime.pages_manager import PagesManager

    from samen_ui import routing

    # What the browser's /bestaatniet sends: the page by its name (AppTest can only name a page by hash).
    monkeypatch.setattr(PagesManager, "intended_page_name", property(lambda self: "bestaatniet"))
    at = start()
    assert [t.value for t in at.title] == [routing.NOT_FOUND_TITLE]
    assert [w.value for w in at.warning] == [
        "Het SAMEN-dashboard heeft geen pagina /bestaatniet. Controleer de link, of ga naar de startpagina."
    ]
    assert [link.label for link in at.get("page_link")] == ["Naar de startpagina"]
