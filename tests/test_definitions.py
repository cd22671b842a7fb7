"""The README section "Hoe de cijfers gerekend worden" is the single definition of every figure on screen: every
tile (st.metric) on every page, for every role that sees it, is tied to a definition there (samen_data.figures.onderbouwing
maps label -> definition name; an unmapped label fails)."""

from __future__ import annotations

import datetime as dt

import pytest

from samen_data.figures.definities import README, SECTIE, definities, parse
from samen_data.figures.onderbouwing import FIGUREN
from tests.apptest_helpers import select, shown, start
from tests.test_pages import PAGES

ROLES = ("demo", "beheer", "fonds", "vng", "gemeente")
# Beside the default selection: a period (the period tile), the call (its own measure) and one gemeente.
SELECTIONS = (
    {"periode": (dt.date(2024, 1, 1), dt.date(2024, 6, 30))},
    {"f_gemeente": "GM0981"},
    {"f_programma": "VSB-EXP"},
)
FIGURE_PAGES = (
    "pages/overzicht.py",
    "pages/cofinanciering.py",
    "pages/gemeente.py",
    "pages/bijeenkomsten.py",
    "pages/samenwerking.py",
    "pages/presentatie.py",
)


def undefined(labels: set[str]) -> set[str]:
    """The tile labels with no definition in the README: not mapped, or mapped to a name the README lacks."""
    known = definities()
    return {lab for lab in labels if lab not in FIGUREN or FIGUREN[lab].definitie not in known}


def test_the_readme_section_is_read_per_name():
    text = (
        f"# X\n\n{SECTIE}\n\n- **Toegezegd** telt\n  de fasen toegezegd en **besloten**.\n"
        "- **Opkomst** = aanwezig ÷ aangemeld.\n- geen naam hier\n\n### Volgende\n- **Buiten** niet.\n"
    )
    rules = parse(text)
    assert rules == {
        "Toegezegd": "Toegezegd telt de fasen toegezegd en besloten.",
        "besloten": "Toegezegd telt de fasen toegezegd en besloten.",
        "Opkomst": "Opkomst = aanwezig ÷ aangemeld.",
    }
    assert SECTIE in README.read_text(encoding="utf-8")


def test_every_mapped_tile_has_its_definition_and_an_unknown_tile_fails():
    assert undefined(set(FIGUREN)) == set()
    assert undefined({"Deelnemers", "Een nieuwe tegel"}) == {"Een nieuwe tegel"}


def _labels(at) -> set[str]:
    return {shown(m.label) for m in at.metric}


@pytest.mark.parametrize("role", ROLES)
def test_every_tile_on_every_page_has_a_definition_in_the_readme(request, role):
    # Demo mode: a database without accounts, everyone reads as a visitor; else one account per role.
    email = None if role == "demo" else request.getfixturevalue("accounts_db")[role]
    if role == "demo":
        request.getfixturevalue("app_db")
    seen: dict[str, set[str]] = {page: set() for page in PAGES}
    at = start(email=email)
    for selection in ({}, *SELECTIONS):  # one session: the filters stay as set across pages, as a user's do
        at.switch_page("pages/overzicht.py").run()  # a page with the sidebar filters
        select(at, selection)
        for page in PAGES if not selection else FIGURE_PAGES:
            at.switch_page(page).run()
            assert not at.exception, (page, selection, at.exception)
            seen[page] |= _labels(at)
    missing = {page: undefined(labels) for page, labels in seen.items() if undefined(labels)}
    assert missing == {}, f"tiles without a definition in README '{SECTIE}': {missing}"
    # The check sees tiles at all, on the pages that draw them (else it could not fail).
    assert {"Deelnemers", "Toegezegd door fondsen", "Bijeenkomsten gehouden"} <= set().union(*seen.values())
    assert seen["pages/bijeenkomsten.py"] and seen["pages/samenwerking.py"] and seen["pages/cofinanciering.py"]
