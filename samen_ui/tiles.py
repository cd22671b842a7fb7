"""Figure tiles (st.metric) from samen_data's Tegel: the same label, value, small line and help everywhere."""
from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from samen_data.money import Tegel


def show_tiles(tiles: Sequence[Tegel], rows: int = 1) -> None:
    """The tiles in `rows` rows of equal width (the first rows take the extra one)."""
    per_row = -(-len(tiles) // rows) if tiles else 1
    for start in range(0, len(tiles), per_row):
        chunk = tiles[start:start + per_row]
        for col, t in zip(st.columns(per_row), chunk, strict=False):
            col.metric(t.label, t.waarde, delta=t.toelichting, delta_color="off", delta_arrow="off", help=t.uitleg,
                       border=True)
