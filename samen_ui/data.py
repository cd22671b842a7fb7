"""Cached access to samen_data for pages: one engine per server, results cached per query, filters, scope and
data version.

The data version (samen_data.store.version) is read once per rerun, in page_setup(), and is part of every cache key:
a write by any process (another app server, the command line) is seen on the next rerun of every session,
without any message between servers. Entries of older versions are never hit again and age out (bounded by
MAX_ENTRIES, and the TTL stays as a safety net).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy import Engine

from samen_data import queries
from samen_data.access.scope import NIEMAND, Scope
from samen_data.filters import Filters
from samen_data.queries._parallel import together
from samen_data.store import version
from samen_data.store.setup import open_database

T = TypeVar("T")
SCOPE_KEY = "_scope"  # set by page_setup() on every run, before any data is loaded
VERSION_KEY = "_dataversie"  # likewise: the data version this run reads at
AHEAD_KEY = "_vooruit_gelezen"  # prefetch()'s results of this run, each taken once by load()

TTL_SECONDS = 300
# The cache is shared by all users and keyed by their scope: bound it, so many users cannot grow it forever.
MAX_ENTRIES = 1000


@st.cache_resource(show_spinner="Database openen…")
def engine() -> Engine:
    return open_database()


# Streamlit hashes an unknown object by reducing it (about 1 ms for a Scope and a Filters, on every load of every
# run); their repr names every field of these frozen dataclasses, so it keys the same and costs 1/25 of that.
_KEYS = {Scope: repr, Filters: repr}


@st.cache_data(ttl=TTL_SECONDS, max_entries=MAX_ENTRIES, show_spinner=False, hash_funcs=_KEYS)
def _cached(name: str, scope: Scope, filters: Filters | None, extra: tuple, versie: int) -> Any:
    # Keyed by the query's name (a function hashes by its code); the scope is part of the key: the cache is
    # shared by every user of the server. `versie` only keys.
    args = (filters, *extra) if filters is not None else extra
    return queries.run(queries.REGISTRY[name], engine(), scope, *args)


def scope() -> Scope:
    return st.session_state.get(SCOPE_KEY, NIEMAND)


def start_run() -> int:
    """page_setup() at the start of every run: nothing read ahead by an earlier run is left, and the data version
    is read."""
    st.session_state.pop(AHEAD_KEY, None)
    return refresh_version()


def refresh_version() -> int:
    """Read the data version (one small query): at the start of every run, of a fragment's rerun, after a write."""
    versie = version.current(engine())
    if st.session_state.get(VERSION_KEY) != versie:
        st.session_state.pop(AHEAD_KEY, None)  # read at another version: never a key of this run
    st.session_state[VERSION_KEY] = versie
    return versie


def _version() -> int:
    versie = st.session_state.get(VERSION_KEY)
    return refresh_version() if versie is None else versie


def load(query: Callable[..., T], filters: Filters | None = None, *extra: Any) -> T:
    """queries.run(query, engine, scope, filters, *extra) through the cache, as the signed-in user; `query` is a
    registered function (queries.kerncijfers), so a renamed query fails at import, not at run time."""
    key = (query.__name__, scope(), filters, tuple(extra), _version())
    ahead = st.session_state.get(AHEAD_KEY)
    if ahead and key in ahead:
        return ahead.pop(key)  # read by prefetch() in this run: a copy of its own, as the cache gives
    return _cached(*key)


def prefetch(*loads: tuple) -> None:
    """Read now, concurrently, what this run loads further down: each (query, filters, *extra) as load() takes
    it. A page names its slow aggregates at the top and still reads them where it draws them; after a filter
    change it waits for the slowest of them, not for their sum. load() then takes each result once, so a page
    served from the cache does not unpickle anything twice."""
    keys = [(q.__name__, scope(), f, tuple(extra), _version()) for q, f, *extra in loads]
    values = together(engine(), *(lambda key=key: _cached(*key) for key in keys))
    st.session_state.setdefault(AHEAD_KEY, {}).update(zip(keys, values, strict=True))  # beside any not yet taken


def data_key() -> tuple:
    """What every cached result of this run depends on besides its own arguments: the scope and data version."""
    return scope(), _version()


def after_write() -> None:
    """After a write in this run: the rest of the run reads the new version; entries of older versions are
    dropped at once on this server (other servers see the new version on their next rerun)."""
    _cached.clear()
    refresh_version()


def clear_cache_for_session() -> None:
    st.session_state.pop(SCOPE_KEY, None)
