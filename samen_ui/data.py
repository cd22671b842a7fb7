"""Cached access to samen_data for pages: one engine per server, results cached per query and filters."""
from __future__ import annotations

from typing import Any

import streamlit as st
from sqlalchemy import Engine

from samen_data import queries
from samen_data.filters import Filters
from samen_data.setup import open_database

TTL_SECONDS = 300


@st.cache_resource(show_spinner="Database openen…")
def engine() -> Engine:
    return open_database()


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _cached(name: str, filters: Filters | None, extra: tuple) -> Any:
    fn = getattr(queries, name)
    args = (filters, *extra) if filters is not None else extra
    return fn(engine(), *args)


def load(name: str, filters: Filters | None = None, *extra: Any) -> Any:
    """Run queries.<name>(engine, filters, *extra) through the cache (keyed by name, filters and extra)."""
    if name not in queries.__all__:
        raise KeyError(f"onbekende query {name}")
    return _cached(name, filters, tuple(extra))


def clear_cache() -> None:
    """After a write: every cached figure may have changed."""
    _cached.clear()
