"""Fresh everywhere: a write by another process (here samen_data directly: no cache clear in this server) is
on the page at its next rerun, because the data version is part of every cache key."""

from __future__ import annotations

from samen_data.access import accounts
from samen_data.access.scope import BEHEER
from samen_data.changes import edit
from tests.apptest_helpers import start
from tests.conftest import app_on

DEN_HAAG_GEMEENTE = 34  # demo: Gemeente 's-Gravenhage's investment, € 84.000, deels betaald


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_a_write_elsewhere_is_shown_on_the_next_rerun(demo_url, monkeypatch):
    for engine in app_on(demo_url, monkeypatch):
        accounts.add_user(engine, "beheer@samen.test", "beheer", password="beheer-wachtwoord-1")
        at = start(email="beheer@samen.test")
        assert _metric(at, "Toegezegd door gemeenten") == "€ 534.000"
        at.run()  # a rerun without a write reads the cache: the same figure
        assert _metric(at, "Toegezegd door gemeenten") == "€ 534.000"

        edit.update_row(engine, "toezegging", DEN_HAAG_GEMEENTE, 1, {"bedrag": "90000"}, BEHEER)
        at.run()
        assert not at.exception, at.exception
        assert _metric(at, "Toegezegd door gemeenten") == "€ 540.000"
