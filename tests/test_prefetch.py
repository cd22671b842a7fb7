"""Pages read their slow aggregates ahead, concurrently (samen_ui.data.prefetch), and then draw from the cache:
after a filter change every query of the page runs once, none twice (a prefetch keyed apart from its load would
run it a second time, and cost the time it was meant to save)."""

from __future__ import annotations

import threading
from collections import Counter

import pytest

from samen_data import queries
from tests.apptest_helpers import open_page

PAGES = {
    "pages/overzicht.py": ("Overzicht", {"kerncijfers", "signalen", "betalingen_cumulatief"}),
    "pages/bijeenkomsten.py": ("Bijeenkomsten", {"bijeenkomsten", "aanwezigheid_per_spoor"}),
    "pages/gemeente.py": ("Gemeente", {"kerncijfers", "signalen", "aanwezig_per_gemeente_bijeenkomst"}),
}


@pytest.mark.parametrize("page", PAGES)
def test_after_a_filter_change_each_query_runs_once(app_db, monkeypatch, page):
    title, prefetched = PAGES[page]
    at = open_page(page, title, query={"gemeente": "GM0796"} if "gemeente" in page else None)
    runs: Counter[tuple[str, str]] = Counter()  # (query, its arguments): the programme and the gemeente apart
    threads: set[str] = set()
    lock = threading.Lock()
    real_run = queries.run

    def counted(fn, *args):
        with lock:
            runs[(fn.__name__, repr(args[1:]))] += 1
            threads.add(threading.current_thread().name)
        return real_run(fn, *args)

    monkeypatch.setattr(queries, "run", counted)
    at.sidebar.multiselect(key="f_sporen").set_value(["proeftuin"]).run()
    assert not at.exception, at.exception
    assert at.title[0].value == title
    assert prefetched <= {name for name, _ in runs}, f"niet gelezen: {prefetched - {name for name, _ in runs}}"
    assert {key: n for key, n in runs.items() if n > 1} == {}
    assert any(name.startswith("samen-lezen") for name in threads), threads  # read ahead in the pool's threads
