"""Every page through app.py (AppTest, the real Streamlit runtime) on the demo, with several filters."""
from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import ROOT, select, start

PAGES = {
    "pages/overzicht.py": "Overzicht",
    "pages/signalen.py": "Signalen",
    "pages/kaart.py": "Kaart",
    "pages/cofinanciering.py": "Cofinanciering",
    "pages/bijeenkomsten.py": "Bijeenkomsten",
    "pages/samenwerking.py": "Samenwerking",
    "pages/gemeente.py": "Gemeente",
    "pages/presentatie.py": "Presentatie",
    "pages/bijwerken.py": "Bijwerken",
    "pages/gegevens.py": "Gegevens in- en uitvoeren",
    "pages/wijzigingen.py": "Wijzigingen",
    "pages/accounts.py": "Accounts",
}
NOT_FILTERED = ("pages/gemeente.py", "pages/gegevens.py", "pages/wijzigingen.py", "pages/accounts.py")
SELECTIONS = {
    "standaard": {},
    "een_gemeente": {"f_gemeente": "GM0518"},
    "alleen_kenniskring": {"f_sporen": ["kenniskring"]},
    "leeg_spoor": {"f_sporen": ["experiment"]},
    "experimenten": {"f_programma": "VSB-EXP"},
    "periode_zonder_data": {"periode": (dt.date(2020, 1, 1), dt.date(2020, 1, 31))},
}


@pytest.mark.parametrize("selection", SELECTIONS, ids=str)
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.split("/")[1][:-3])
def test_every_page_with_every_selection(accounts_db, page, selection):
    at = select(start(email=accounts_db["beheer"]), SELECTIONS[selection])
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert [t.value for t in at.title][:1] == [PAGES[page]]
    shown = " ".join(e.value if isinstance(e.value, str) else "" for e in (*at.info, *at.markdown, *at.caption))
    if selection in ("leeg_spoor", "periode_zonder_data") and page not in NOT_FILTERED:
        assert "Geen " in shown or at.metric, "an empty selection must say so"


def test_filters_are_kept_across_pages(accounts_db):
    at = start(email=accounts_db["beheer"])
    at.sidebar.selectbox(key="f_gemeente").set_value("GM0981").run()
    for page in PAGES:
        at.switch_page(page).run()
        assert at.sidebar.selectbox(key="f_gemeente").value == "GM0981"


def test_overview_figures(app_db):
    at = start()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Deelnemers"] == "44"
    assert metrics["Toegezegd door fondsen"].startswith("€ ")
    assert any("Demodata" in w.value for w in at.warning)


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_app_py(accounts_db, page):
    """A request to a page's own URL on a fresh server runs the page file alone: signed in, it works."""
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    at.session_state["_account_email"] = accounts_db["beheer"]
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == PAGES[page]


@pytest.mark.parametrize("page", PAGES)
def test_page_without_app_py_signed_out_shows_only_the_sign_in(accounts_db, page):
    at = AppTest.from_file(str(ROOT / page), default_timeout=60).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Inloggen"
    assert not at.metric and not at.dataframe and not at.get("download_button")
    assert [t.label for t in at.text_input] == ["E-mailadres", "Wachtwoord"]
