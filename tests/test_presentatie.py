"""Presentatie (AppTest through app.py): slides, next/previous, per-proeftuin slides, the filters, auto-advance."""
from __future__ import annotations

import time

from tests.apptest_helpers import open_page, scope_lines, shown

SECTIONS = ["Programma SAMEN: overzicht", "Kaart", "Cofinanciering: de 1:1-match", "Bijeenkomsten en opkomst",
            "Samenwerking: van nulmeting naar eindmeting"]
PROEFTUINEN = ["Proeftuin 's-Gravenhage", "Proeftuin 's-Hertogenbosch", "Proeftuin Groningen", "Proeftuin Kampen",
               "Proeftuin Rotterdam", "Proeftuin Tynaarlo", "Proeftuin Vaals"]


def _slide(at) -> str:
    return shown(at.header[0].value)


def _click(at, label: str):
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception
    return at


def _counter(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Dia "))


def test_first_slide_shows_the_overview_figures(app_db):
    # A slide has one line per figure: the tile's small line goes in brackets after its value.
    overview = {m.label: m.value + (f" ({m.proto.delta})" if m.proto.delta else "")
                for m in open_page("pages/overzicht.py", "Overzicht").metric}
    at = open_page("pages/presentatie.py", "Presentatie")
    assert _slide(at) == SECTIONS[0]
    assert {shown(m.label): m.value for m in at.metric} == overview  # the same figures as on the Overzicht page
    assert any("Demodata" in w.value for w in at.warning)
    assert _counter(at).startswith("**Dia 1 van 12**")


def test_next_and_previous_through_every_section_and_proeftuin(app_db):
    at = open_page("pages/presentatie.py", "Presentatie")
    titles = [_slide(at)]
    for _ in range(11):
        titles.append(_slide(_click(at, "Volgende ▶")))
    assert titles == SECTIONS + PROEFTUINEN
    assert _counter(at).startswith("**Dia 12 van 12**")
    assert {shown(m.label) for m in at.metric} >= {"Fondsen toegezegd", "Gemeente toegezegd", "Match fonds : gemeente"}
    assert _slide(_click(at, "◀ Vorige")) == PROEFTUINEN[-2]
    assert _slide(_click(at, "Begin")) == SECTIONS[0]
    assert _slide(_click(at, "◀ Vorige")) == PROEFTUINEN[-1]  # previous on the first slide wraps to the last


def test_the_sidebar_filters_apply(app_db):
    at = open_page("pages/presentatie.py", "Presentatie", f_gemeente="GM0981")
    assert {shown(m.label): m.value for m in at.metric}["Deelnemers"] == "1 (1 proeftuin)"
    assert scope_lines(at) == ["Programma SAMEN · hele looptijd · Vaals · alle sporen"] * 2  # page and slide
    assert _counter(at).startswith("**Dia 1 van 6**")
    for _ in range(5):
        _click(at, "Volgende ▶")
    assert _slide(at) == "Proeftuin Vaals"
    # Vaals only intended its share; the funds paid two of their three tranches (50% + 25%).
    assert {shown(m.label): m.value for m in at.metric}["Match fonds : gemeente"] == (
        "1 : 0,00 (○ Alleen beoogd · fondsen betaalden 75%)")


def test_an_empty_selection_says_so(app_db):
    at = open_page("pages/presentatie.py", "Presentatie", f_sporen=["experiment"])
    assert "Geen deelnemers voor deze selectie." in [m.value for m in at.markdown if "Geen" in m.value][0]
    assert _counter(at).startswith("**Dia 1 van 5**")


def test_auto_advance_moves_on_after_the_interval(app_db):
    at = open_page("pages/presentatie.py", "Presentatie")
    at.toggle(key="pres_auto").set_value(True).run()
    assert _slide(at) == SECTIONS[0]  # not before the interval has passed
    at.session_state["pres_laatst"] = time.monotonic() - 60
    at.run()
    assert _slide(at) == SECTIONS[1]
