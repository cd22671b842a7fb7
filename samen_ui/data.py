"""Cached access to samen_data for pages: one engine per server, results cached per query and filters."""
from __future__ import annotations

from typing import Any

import streamlit as st
from sqlalchemy import Engine

from samen_data import queries
from samen_data.access import NIEMAND, Scope
from samen_data.filters import Filters
from samen_data.setup import open_database

SCOPE_KEY = "_scope"  # set by page_setup() on every run, before any data is loaded

TTL_SECONDS = 300
# The cache is shared by all users and keyed by their scope: bound it, so many users cannot grow it forever.
MAX_ENTRIES = 1000


@st.cache_resource(show_spinner="Database openen…")
def engine() -> Engine:
    return open_database()


@st.cache_data(ttl=TTL_SECONDS, max_entries=MAX_ENTRIES, show_spinner=False)
def _cached(name: str, scope: Scope, filters: Filters | None, extra: tuple) -> Any:
    # The scope is part of the key: the cache is shared by every user of the server.
    args = (filters, *extra) if filters is not None else extra
    return queries.run(name, engine(), scope, *args)


def scope() -> Scope:
    return st.session_state.get(SCOPE_KEY, NIEMAND)


def load(name: str, filters: Filters | None = None, *extra: Any) -> Any:
    """queries.run(name, engine, scope, filters, *extra) through the cache, as the signed-in user."""
    return _cached(name, scope(), filters, tuple(extra))


def clear_cache() -> None:
    """After a write: every cached figure may have changed."""
    _cached.clear()


def clear_cache_for_session() -> None:
    st.session_state.pop(SCOPE_KEY, None)
