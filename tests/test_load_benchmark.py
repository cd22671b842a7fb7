"""The load benchmark's client (benchmarks/load_client.py, Streamlit's websocket protocol without a browser)
against one real `streamlit run` at tiny scale: two sessions at once open pages and change the gemeente filter
as benchmarks/load.py has them do, and each run ends at script_finished with the page's title among the
elements sent, so the client cannot silently stop measuring. (No timed assertions: the speed is the script's
business.)"""

from __future__ import annotations

import asyncio
import importlib.util
import sys

from samen_data.demo import generate
from samen_data.store.db import make_engine
from tests.browser_helpers import ROOT, streamlit_server

sys.path.insert(0, str(ROOT / "benchmarks"))
from load_client import Session  # noqa: E402


def _load_script():
    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "benchmarks" / "load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def _one_user(base: str):
    """Overzicht, a gemeente picked in the sidebar, an address that does not exist."""
    session = Session(base)
    await session.open()
    first = await session.page("")
    gemeente = session.widgets["Gemeente"][1].options[1]
    chosen = await session.choose("Gemeente", option=gemeente)
    missing = await session.page("bestaatniet")
    await session.close()
    return first, gemeente, chosen, missing


def test_sessions_get_every_page_and_the_filter_change(empty_url):
    engine = make_engine(empty_url)
    generate.generate(engine, "tiny")
    engine.dispose()
    load = _load_script()
    with streamlit_server(empty_url) as base:
        # Overzicht by its URL, Gemeente by the page script hash from the navigation, then the filter change.
        sessions = asyncio.run(load.crowd(base, 2, think=0.0, steps=[load.STEPS[0], load.STEPS[-1]]))
        first, gemeente, chosen, missing = asyncio.run(_one_user(base))

    steps = [load.STEPS[0][0], load.STEPS[-1][0], load.FILTER]
    for session in sessions:
        assert list(session) == steps  # no "sessie" entry: no session broke off
        assert all(problems == [] for _, _, problems in session.values()), session
        assert all(sent > 0 for _, sent, _ in session.values())

    assert first.finished and first.titles == ["Overzicht"] and first.errors == []
    assert not any(gemeente.split(" (")[0] in text for text in first.texts if "Selectie:" in text)
    # The widget change reached the server: the scope line under the title names the gemeente picked.
    assert chosen.finished and chosen.titles == ["Overzicht"]
    assert any(gemeente.split(" (")[0] in text for text in chosen.texts if "Selectie:" in text), chosen.texts
    assert missing.finished and missing.titles == ["Pagina niet gevonden"]


def test_on_a_database_with_accounts_each_session_signs_in_first(empty_url):
    """With accounts every page starts at the sign-in: the client fills in the local form as a user does, and the
    first step ends on Overzicht (not on 'Inloggen', which the benchmark would otherwise have timed)."""
    from samen_data.access import accounts

    engine = make_engine(empty_url)
    generate.generate(engine, "tiny")
    load = _load_script()
    accounts.add_user(engine, load.ACCOUNT[0], "beheer", password=load.ACCOUNT[1])
    engine.dispose()
    with streamlit_server(empty_url) as base:
        sessions = asyncio.run(load.crowd(base, 2, think=0.0, steps=[load.STEPS[0], load.STEPS[-1]]))
    for session in sessions:
        assert "sessie" not in session, session
        assert all(problems == [] for _, _, problems in session.values()), session
