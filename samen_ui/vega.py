"""Altair charts drawn from cached Vega-Lite specs.

Building an Altair chart validates every part against the Vega-Lite schema and deep-copies it; converting it to
a spec does so again: at national scale that is most of a warm rerun (about 0,3 s per chart). The spec only
depends on the builder and its arguments (the aggregated frames, already cached per data version), so it is
built once per distinct input and drawn with st.vega_lite_chart: the same spec and datasets st.altair_chart
would send, without Altair on a warm rerun.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec  # what st.altair_chart sends

from samen_ui.data import MAX_ENTRIES, data_key

_BUILDERS: dict[str, Callable[..., Any]] = {}


def _name(build: Callable[..., Any]) -> str:
    name = f"{build.__module__}.{build.__qualname__}"
    _BUILDERS.setdefault(name, build)
    return name


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _spec(name: str, args: tuple, kwargs: dict) -> dict:
    # Keyed by the builder's name and its arguments (frames hashed by content): new data, new spec.
    return _convert_altair_to_vega_lite_spec(_BUILDERS[name](*args, **kwargs))


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _spec_by_key(name: str, key: tuple, _args: tuple, kwargs: dict) -> dict:
    # Keyed by what the frames were loaded with (query, filters, scope, data version), not their content:
    # hashing a long frame (50.000 meetings) costs more than drawing it.
    return _convert_altair_to_vega_lite_spec(_BUILDERS[name](*_args, **kwargs))


def chart(
    build: Callable[..., Any],
    *args: Any,
    width: str | int = "stretch",
    where: Any = None,
    key: tuple | None = None,
    **kwargs: Any,
) -> None:
    """Draw build(*args, **kwargs) (an Altair chart) as st.altair_chart(…, width=width) would, from the cache.
    key: what fully determines args (e.g. the query and filters they were loaded with); scope and data
    version are added. Without it the frames are hashed."""
    spec = (
        _spec(_name(build), args, kwargs)
        if key is None
        else _spec_by_key(_name(build), (*key, *data_key()), args, kwargs)
    )
    (where or st).vega_lite_chart(spec, width=width)
