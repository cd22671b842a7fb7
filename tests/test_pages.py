"""Every page through app.py (AppTest, the real Streamlit runtime) on the demo: what it says when a filter empties
it, filters kept across pages, and each page file run on its own (signed in and signed out)."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import ROOT, select, shown, start

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
PERIODE_LEEG = "periode 01-01-2020 – 31-01-2020"
SELECTIONS = {
    "leeg_spoor": {"f_sporen": ["experiment"]},  # SAMEN has no experiments
    "alleen_kenniskring": {"f_sporen": ["kenniskring"]},  # no money, no measurements
    "periode_zonder_data": {"periode": (dt.date(2020, 1, 1), dt.date(2020, 1, 31))},  # before the programme
}
# What each page says when a selection leaves it without rows (the exact notices, in order). A page and
# selection not listed has rows to show (the map and the presentation show commitments of any period).
EMPTY = {
    ("overzicht", "leeg_spoor"): ["Geen deelnemers voor spoor experiment."],
    ("overzicht", "alleen_kenniskring"): [
        "Geen betalingen voor spoor kenniskring.",
        "Geen metingen voor spoor kenniskring.",
    ],
    ("overzicht", "periode_zonder_data"): [
        f"Geen betalingen voor {PERIODE_LEEG}.",
        f"Geen metingen voor {PERIODE_LEEG}.",
    ],
    ("kaart", "leeg_spoor"): ["Geen deelnemers op de kaart voor spoor experiment."],
    ("cofinanciering", "leeg_spoor"): ["Geen toezeggingen voor spoor experiment."],
    ("cofinanciering", "alleen_kenniskring"): ["Geen toezeggingen voor spoor kenniskring."],
    ("cofinanciering", "periode_zonder_data"): [f"Geen betalingen voor {PERIODE_LEEG}."],
    ("bijeenkomsten", "leeg_spoor"): ["Geen bijeenkomsten voor spoor experiment."],
    ("bijeenkomsten", "periode_zonder_data"): [f"Geen bijeenkomsten voor {PERIODE_LEEG}."],
    **{
        ("samenwerking", sel): [
            f"Geen metingen voor {what}.",
            f"Geen metingen om bewoners, gemeente en fonds te vergelijken voor {what}.",
            f"Geen mijlpalen voor {what}.",
        ]
        for sel, what in (
            ("leeg_spoor", "spoor experiment"),
            ("alleen_kenniskring", "spoor kenniskring"),
            ("periode_zonder_data", PERIODE_LEEG),
        )
    },
    ("bijwerken", "leeg_spoor"): [
        "Geen toezeggingen voor spoor experiment.",
        "Geen betalingen voor spoor experiment.",
        "Geen geplande tranches voor spoor experiment.",
        "Geen mijlpalen voor spoor experiment.",
    ],
    ("bijwerken", "alleen_kenniskring"): [
        "Geen toezeggingen voor spoor kenniskring.",
        "Geen betalingen voor spoor kenniskring.",
        "Geen geplande tranches voor spoor kenniskring.",
        "Geen mijlpalen voor spoor kenniskring.",
    ],
    ("bijwerken", "periode_zonder_data"): [
        f"Geen betalingen voor {PERIODE_LEEG}.",
        f"Geen geplande tranches voor {PERIODE_LEEG}.",
        f"Geen aanwezigheidsregistraties voor {PERIODE_LEEG}.",
    ],
}
# Pages without any row in the selection show no figure at all (only the notice).
NOTHING_LEFT = {
    ("overzicht", "leeg_spoor"),
    ("kaart", "leeg_spoor"),
    ("cofinanciering", "leeg_spoor"),
    ("cofinanciering", "alleen_kenniskring"),
    ("bijeenkomsten", "leeg_spoor"),
    ("bijeenkomsten", "periode_zonder_data"),
}


@pytest.mark.parametrize(("page", "selection"), EMPTY, ids=lambda v: v)
def test_an_empty_selection_says_what_is_missing(accounts_db, page, selection):
    """Each page and selection that leaves it without rows, through app.py (a page with rows under every
    selection is covered by test_page_scope.py: every page with a gemeente, spoor, period and programme)."""
    at = select(start(email=accounts_db["beheer"]), SELECTIONS[selection])
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    assert [shown(i.value) for i in at.info] == EMPTY[page, selection]
    if (page, selection) in NOTHING_LEFT:
        assert not at.metric and not at.dataframe


def test_the_presentation_says_an_empty_selection_on_its_slide(accounts_db):
    at = select(start(email=accounts_db["beheer"]), SELECTIONS["leeg_spoor"])
    at.switch_page("pages/presentatie.py").run()
    assert not at.exception, at.exception
    assert '<p class="boodschap">Geen deelnemers voor deze selectie.</p>' in [m.value for m in at.markdown]
    assert not at.metric


def test_filters_are_kept_across_pages(accounts_db):
    at = start(email=accounts_db["beheer"])
    at.sidebar.selectbox(key="f_gemeente").set_value("GM0981").run()
    for page in PAGES:
        at.switch_page(page).run()
        assert at.sidebar.selectbox(key="f_gemeente").value == "GM0981"


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
