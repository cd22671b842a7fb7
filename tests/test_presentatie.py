"""Presentatie (AppTest through app.py): slides, next/previous, per-proeftuin slides, the filters, the quick filter
in the bar, "alleen toegezegde bedragen", Dutch for one and many, only the slide on screen built, auto-advance."""

from __future__ import annotations

import re
import time

import pyarrow as pa
import pytest

from samen_data.formatting.fmt import n_items
from samen_data.report import secties, slides
from tests.apptest_helpers import open_page, scope_lines, shown

SECTIONS = [
    "Programma SAMEN: overzicht",
    "Kaart",
    "Cofinanciering: de 1:1-match",
    "Bijeenkomsten en opkomst",
    "Samenwerking: van nulmeting naar eindmeting",
]
PROEFTUINEN = [
    "Proeftuin 's-Gravenhage",
    "Proeftuin 's-Hertogenbosch",
    "Proeftuin Groningen",
    "Proeftuin Kampen",
    "Proeftuin Rotterdam",
    "Proeftuin Tynaarlo",
    "Proeftuin Vaals",
]


def _slide(at) -> str:
    return shown(at.header[0].value)


def _click(at, label: str):
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception
    return at


def _tiles(at) -> dict[str, str]:
    """Tile label -> value with its small line in brackets, as the slide data has it."""
    return {shown(m.label): m.value + (f" ({m.proto.delta})" if m.proto.delta else "") for m in at.metric}


def _texts(at) -> list[str]:
    """What the audience reads: title, scope line, message, tiles, table cells."""
    out = [
        shown(e.value)
        for kind in ("header", "markdown", "caption")
        for e in getattr(at.main, kind)
        if not e.value.startswith("<style>")
    ]
    out += [v for m in at.main.metric for v in (shown(m.label), m.value, m.proto.delta)]
    out += [shown(str(v)) for t in at.main.table for v in t.value.to_numpy().ravel()]
    return out


def _chart_specs(at) -> list[list[dict]]:
    """Per chart on the slide its data rows (Streamlit sends a spec's datasets as Arrow beside the spec)."""
    return [
        [row for ds in e.proto.datasets for row in pa.ipc.open_stream(ds.data.data).read_pandas().to_dict("records")]
        for e in at.get("vega_lite_chart")
    ]


def _every_slide(at) -> list[tuple[str, list[str], list[str]]]:
    """(title, texts, chart specs) of every slide, paging with Volgende until the first comes round again."""
    first, out = _slide(at), []
    while True:
        out.append((_slide(at), _texts(at), _chart_specs(at)))
        if _slide(_click(at, "Volgende ▶")) == first:
            return out


def _counter(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Dia "))


def test_first_slide_shows_the_overview_figures(app_db):
    # A slide has one line per figure: the tile's small line goes in brackets after its value.
    overview = {
        m.label: m.value + (f" ({m.proto.delta})" if m.proto.delta else "")
        for m in open_page("pages/overzicht.py", "Overzicht").metric
    }
    at = open_page("pages/presentatie.py", "Presentatie")
    assert _slide(at) == SECTIONS[0]
    assert _tiles(at) == overview  # the same figures as on the Overzicht page
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
    assert _slide(at) == "Vaals in Programma SAMEN: overzicht"  # the title follows the selection
    assert _tiles(at)["Deelnemers"] == "1 (1 proeftuin)"
    assert scope_lines(at) == ["Programma SAMEN · hele looptijd · Vaals · alle sporen"] * 2  # page and slide
    assert _counter(at).startswith("**Dia 1 van 6**")
    for _ in range(5):
        _click(at, "Volgende ▶")
    assert _slide(at) == "Proeftuin Vaals"
    # Vaals only intended its share; the funds paid two of their three tranches (50% + 25%).
    assert _tiles(at)["Match fonds : gemeente"] == ("1 : 0,00 (○ Alleen beoogd · fondsen betaalden 75%)")


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


def test_the_quick_filter_in_the_bar_chooses_a_gemeente_without_the_sidebar(app_db):
    at = open_page("pages/presentatie.py", "Presentatie")
    _click(at, "Volgende ▶")
    at.selectbox(key="pres_q_gemeente").set_value("GM0981").run()
    assert not at.exception, at.exception
    assert _slide(at) == "Vaals in Programma SAMEN: overzicht"  # back to the first slide of the new selection
    assert _counter(at).startswith("**Dia 1 van 6**")
    assert at.sidebar.selectbox(key="f_gemeente").value == "GM0981"  # the same selection on every page
    assert scope_lines(at)[1] == "Programma SAMEN · hele looptijd · Vaals · alle sporen"
    at.selectbox(key="pres_q_gemeente").set_value("__alle__").run()
    assert _counter(at).startswith("**Dia 1 van 12**")


def _fases(texts: list[str]) -> set[str]:
    return {t for t in texts if t in ("Beoogd", "Ingetrokken")}


def test_alleen_toegezegde_bedragen_leaves_intended_and_withdrawn_lines_out(app_db):
    at = open_page("pages/presentatie.py", "Presentatie")
    before = _every_slide(at)
    # The demo's Den Haag withdrew € 105.000 and Vaals only intended € 60.000: both on their slides by default.
    assert _fases([t for _, texts, _ in before for t in texts]) == {"Beoogd", "Ingetrokken"}
    labels = [r.get("tekst") for _, _, charts in before for rows in charts for r in rows]
    assert "€ 0 + € 60.000 beoogd" in labels
    at.toggle(key="pres_alleen_toegezegd").set_value(True).run()
    after = _every_slide(at)
    assert [title for title, _, _ in after] == [title for title, _, _ in before]
    assert not _fases([t for _, texts, _ in after for t in texts])
    rows = [r for _, _, charts in after for chart in charts for r in chart]
    assert rows and not [r for r in rows if "beoogd" in str(r.get("tekst")) or r.get("fase") == "beoogd"]
    den_haag = dict((title, texts) for title, texts, _ in after)["Proeftuin 's-Gravenhage"]
    assert "Deels betaald" in den_haag  # the promises stay


def test_the_cofinanciering_slide_of_one_gemeente_shows_its_intended_amount(app_db):
    at = open_page("pages/presentatie.py", "Presentatie", f_gemeente="GM0981")
    _click(at, "Volgende ▶")
    _click(at, "Volgende ▶")
    assert _slide(at).startswith("Cofinanciering")
    rows = _chart_specs(at)[0]
    labels = {r["tekst"] for r in rows}
    assert labels == {"€ 0 + € 60.000 beoogd", "€ 60.000"}  # the gemeente beside the funds
    bars = [r for r in rows if r["fase"] == "beoogd" and r["bedrag"]]
    assert [(r["kant"], r["bedrag"]) for r in bars] == [("Gemeente", 60000.0)]


@pytest.mark.parametrize(
    ("n", "expected"), [(0, "0 deelnemers"), (1, "1 deelnemer"), (2, "2 deelnemers"), (1234, "1.234 deelnemers")]
)
def test_n_items_takes_the_singular_only_for_one(n, expected):
    assert n_items(n, "deelnemer", "deelnemers") == expected


@pytest.mark.parametrize(
    ("n", "total", "expected"),
    [
        (0, 1, "De gemeente heeft nog niet 1:1 toegezegd."),
        (1, 1, "De gemeente heeft 1:1 toegezegd."),
        (0, 2, "Geen van de 2 gemeenten heeft 1:1 toegezegd."),
        (1, 2, "1 van de 2 gemeenten heeft 1:1 toegezegd."),
        (2, 2, "Alle 2 gemeenten hebben 1:1 toegezegd."),
        (2, 7, "2 van de 7 gemeenten hebben 1:1 toegezegd."),
    ],
)
def test_n_of_total_reads_right_for_zero_one_and_two(n, total, expected):
    assert (
        secties._van(n, total, "gemeente", "gemeenten", ("heeft", "hebben"), "1:1 toegezegd", "nog niet 1:1 toegezegd")
        == expected
    )


# "1 <plural>": a count of one before a plural noun of the slides.
ONE_PLURAL = re.compile(
    r"(?<![\d.,])1 (deelnemers|gemeenten|proeftuinen|bijeenkomsten|personen|lessen|mensen|dia's|"
    r"kenniskringleden|experimenten)\b"
)


def test_every_slide_of_one_gemeente_reads_right_in_the_singular(app_db):
    at = open_page("pages/presentatie.py", "Presentatie", f_gemeente="GM0981")
    seen = _every_slide(at)
    texts = [t for _, ts, _ in seen for t in ts]
    assert not [t for t in texts if ONE_PLURAL.search(t)]
    joined = " ".join(texts)
    assert "1 deelnemer (1 proeftuin)." in joined
    assert "1 deelnemer in 1 gemeente. De gemeente met geld heeft nog niet 1:1 toegezegd." in joined
    assert "De deelnemer heeft nog niet 1:1 toegezegd (nog € 60.000 toe te zeggen)." in joined
    many = " ".join(t for _, ts, _ in _every_slide(open_page("pages/presentatie.py", "Presentatie")) for t in ts)
    assert "4 van de 7 deelnemers hebben 1:1 toegezegd" in many and "44 deelnemers in 44 gemeenten." in many


def test_one_date_style_on_every_slide(app_db):
    at = open_page("pages/presentatie.py", "Presentatie")
    texts = [t for _, ts, _ in _every_slide(at) for t in ts]
    assert any(re.search(r"\b28-11-2022\b", t) for t in texts)  # the start, in the meetings table
    months = re.compile(r"\d{1,2} (jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec)[a-z]* \d{4}")
    assert not [t for t in texts if months.search(t)]


def test_only_the_slide_on_screen_is_built(app_db, monkeypatch):
    built = []
    for name in ("overzicht", "kaart", "cofinanciering", "bijeenkomsten", "samenwerking", "proeftuin"):
        original = getattr(slides, name)

        def counting(*args, _name=name, _original=original, **kwargs):
            built.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(slides, name, counting)
    at = open_page("pages/presentatie.py", "Presentatie")
    assert built == ["overzicht"] and _counter(at).startswith("**Dia 1 van 12**")  # the count needs no slide
    _click(at, "Volgende ▶")
    assert built == ["overzicht", "kaart"]
    _click(at, "◀ Vorige")
    at.run()
    assert built == ["overzicht", "kaart"]  # cached per slide: paging back builds nothing
    at.toggle(key="pres_alleen_toegezegd").set_value(True).run()
    assert built == ["overzicht", "kaart", "overzicht"]  # another option is another slide
