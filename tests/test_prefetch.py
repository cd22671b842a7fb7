"""Pages read their slow aggregates ahead, concurrently (samen_ui.data.prefetch), and then draw from the cache:
after a filter change every query of the page runs once, none twice (a prefetch keyed apart from its load would
run it a second time, and cost the time it was meant to save)."""

from __future__ import annotations

import threading
from collections import Counter

import pytest

from samen_data import queries
from samen_data.filters import Filters
from samen_data.report import slides
from tests.apptest_helpers import open_page

PAGES = {
    "pages/overzicht.py": ("Overzicht", {"kerncijfers", "signalen", "betalingen_cumulatief"}),
    "pages/bijeenkomsten.py": ("Bijeenkomsten", {"bijeenkomsten", "aanwezigheid_per_spoor"}),
    "pages/gemeente.py": ("Gemeente", {"kerncijfers", "signalen", "aanwezig_per_gemeente_bijeenkomst"}),
}


def _count_runs(monkeypatch) -> tuple[Counter[tuple[str, str]], set[str]]:
    """Every query run from now on, by (query, its arguments): the programme and a gemeente apart; and the
    threads they ran in."""
    runs: Counter[tuple[str, str]] = Counter()
    threads: set[str] = set()
    lock = threading.Lock()
    real_run = queries.run

    def counted(fn, *args):
        with lock:
            runs[(fn.__name__, repr(args[1:]))] += 1
            threads.add(threading.current_thread().name)
        return real_run(fn, *args)

    monkeypatch.setattr(queries, "run", counted)
    return runs, threads


@pytest.mark.parametrize("page", PAGES)
def test_after_a_filter_change_each_query_runs_once(app_db, monkeypatch, page):
    title, prefetched = PAGES[page]
    at = open_page(page, title, query={"gemeente": "GM0796"} if "gemeente" in page else None)
    runs, threads = _count_runs(monkeypatch)
    at.sidebar.multiselect(key="f_sporen").set_value(["proeftuin"]).run()
    assert not at.exception, at.exception
    assert at.title[0].value == title
    assert prefetched <= {name for name, _ in runs}, f"niet gelezen: {prefetched - {name for name, _ in runs}}"
    assert {key: n for key, n in runs.items() if n > 1} == {}
    assert any(name.startswith("samen-lezen") for name in threads), threads  # read ahead in the pool's threads


def test_a_proeftuin_slide_reads_its_queries_at_once_and_each_once(app_db, monkeypatch):
    at = open_page("pages/presentatie.py", "Presentatie")
    for _ in slides.SECTIONS:  # past the sections, onto the first proeftuin: the next is the second
        next(b for b in at.button if b.label == "Volgende ▶").click().run()
    runs, threads = _count_runs(monkeypatch)
    next(b for b in at.button if b.label == "Volgende ▶").click().run()
    assert not at.exception, at.exception
    assert f"Dia {len(slides.SECTIONS) + 2} van" in " ".join(m.value for m in at.markdown)
    listed = {q.__name__ for q, *_ in slides.slide_reads(Filters(), "proeftuin-GM0000")}
    assert {name for name, _ in runs} == listed  # the slide read nothing it had not listed ahead
    assert {k: n for k, n in runs.items() if n > 1} == {}
    assert any(name.startswith("samen-lezen") for name in threads), threads
