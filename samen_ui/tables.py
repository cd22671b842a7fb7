"""Tables that fit a 1366×768 screen: every column a pixel width from its header and its longest value, the
first column pinned (it stays when the rest scrolls), so a table's key columns (put first) read without
scrolling sideways. Streamlit's grid otherwise sizes columns by content alone and clips the headers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd
import streamlit as st

from samen_data.formatting.fmt import getal
from samen_data.transfer.leesbaar import KOPPEN, MONEY_HEADERS

# printf-style for st.column_config: "'." makes '.' the thousands separator whatever the browser's language.
EURO = "€ %'.,d"
CHAR_PX = 6.6  # the grid's 14 px font, an average glyph (measured on the Kaart table)
PAD_PX = 20  # cell padding (8 px a side) and a little air
MIN_PX, MAX_PX = 60, 300
# Beyond this many rows a plain table is sent in chunks as the reader scrolls (st.dataframe's lazy loading; up to
# it Streamlit sends the table whole anyway): at national scale the ledger on Cofinanciering (about 1.200 rows per
# programme) and the milestones on Samenwerking. Lazy tables have no search or CSV in their toolbar: LAZY_NOTE says
# where those went.
LAZY_ROWS = 1_000
LAZY_NOTE = (
    "Lange tabel: de rijen komen binnen terwijl u scrolt. Zoeken doet u met de filters in de zijbalk, "
    "de hele tabel staat in de downloads eronder."
)


def _longest(values: pd.Series) -> int:
    if not len(values):
        return 0
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        biggest = float(values.abs().max()) if values.notna().any() else 0.0
        return len(f"€ {biggest:,.0f}")  # money and counts with thousands separators
    return int(values.map(lambda v: len(str(v)) if pd.notna(v) else 1).max())


def width(header: str, values: pd.Series, most: int = MAX_PX) -> int:
    """Pixels for a column: the wider of its header and its longest value (90th percentile of long text)."""
    chars = max(len(header), _longest(values))
    if values.dtype == object and len(values) > 10:  # a few long notes must not widen the whole column
        chars = max(len(header), int(values.map(lambda v: len(str(v))).quantile(0.9)))
    return int(min(most, max(MIN_PX, chars * CHAR_PX + PAD_PX)))


def fit(frame: pd.DataFrame | Any, config: dict | None = None, most: int = MAX_PX) -> dict:
    """column_config for st.dataframe: `config` as given, plus a width for every column that has none and the
    first column pinned. `frame` may be a pandas Styler."""
    data = getattr(frame, "data", frame)
    out: dict[str, Any] = {}
    for i, column in enumerate(data.columns):
        given = (config or {}).get(column) or {}
        given = {"label": given} if isinstance(given, str) else dict(given)
        header = given.get("label") or str(column)
        if "width" not in given:  # measured only where none is given (it reads every value of the column)
            given["width"] = width(header, data[column], most)
        given["pinned"] = i == 0
        out[column] = given
    return out


def dutch_decimals(frame: pd.DataFrame, digits: int = 1) -> Any:
    """The frame as a Styler that shows its fractional columns (scores) with a decimal comma, like the tiles
    ("6,5", not "6.4821"); the values underneath stay numbers, so the column still sorts as numbers."""
    fractional = [
        c
        for c in frame.columns
        if pd.api.types.is_float_dtype(frame[c]) and str(KOPPEN.get(str(c), c)) not in MONEY_HEADERS
    ]
    return frame.style.format({c: lambda v: getal(v, digits) for c in fractional}, na_rep="–")


def show(frame: pd.DataFrame | Any, config: dict | None = None, most: int = MAX_PX, **kwargs: Any) -> None:
    """st.dataframe without the index, as wide as the page, its columns sized by fit(); a long plain table is
    loaded lazily (a Styler's table is sent whole: lazy loading cannot style cells)."""
    lazy = isinstance(frame, pd.DataFrame) and len(frame) > LAZY_ROWS
    config = fit(frame, config, most)
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config, lazy=lazy, **kwargs)
    if lazy:
        st.caption(LAZY_NOTE)


def dutch_headers(frame: pd.DataFrame) -> dict:
    """column_config for a query's frame shown as it is (codes as column names): the Dutch headers its download
    has (samen_data.transfer.leesbaar) and amounts in euros."""
    out: dict[str, Any] = {}
    for column in frame.columns:
        header = KOPPEN.get(str(column), str(column))
        values = frame[column]
        numbers = pd.api.types.is_numeric_dtype(values) or values.map(lambda v: isinstance(v, Decimal)).all()
        money = header in MONEY_HEADERS and bool(numbers)
        out[column] = st.column_config.NumberColumn(header, format=EURO) if money else header
    return out
