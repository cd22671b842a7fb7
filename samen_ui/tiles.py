"""Figure tiles (st.metric) from samen_data's Tegel: the same label, value, small line and help everywhere, and under
each its Onderbouwing: the README's rule, the rows it was computed from in the page's scope, and their date.

The Onderbouwing is a popover that tracks its state: its rows are read only while it is open, and opening or
closing it reruns only its own fragment, not the page."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import streamlit as st

from samen_data.figures.money import Tegel
from samen_data.figures.onderbouwing import Figuur, bijgewerkt, figuur
from samen_data.figures.selectie import KORT
from samen_data.filters import Filters
from samen_ui import cofinanciering, data
from samen_ui.downloads import downloads
from samen_ui.fmt import datum, getal
from samen_ui.safe_text import plain

POPOVER_PREFIX = "ob_"  # session key of a tile's popover: ob_<label as slug>


def show_tiles(tiles: Sequence[Tegel], rows: int = 1, filters: Filters | None = None) -> None:
    """The tiles in `rows` rows of equal width (the first rows take the extra one), each with its Onderbouwing."""
    per_row = -(-len(tiles) // rows) if tiles else 1
    for start in range(0, len(tiles), per_row):
        chunk = tiles[start : start + per_row]
        for col, t in zip(st.columns(per_row), chunk, strict=False):
            metric(
                col,
                t.label,
                t.waarde,
                filters,
                delta=t.toelichting,
                delta_color="off",
                delta_arrow="off",
                help=t.uitleg,
            )


def metric(where: Any, label: str, value: str, filters: Filters | None = None, **kwargs: Any) -> None:
    """st.metric (bordered) on `where` with its Onderbouwing under it; filters: the tile's scope (default: the
    selection the page draws)."""
    where.metric(label, value, border=True, **kwargs)
    fig = figuur(label)
    if fig is not None and fig.rijen is not None:
        with where:
            _onderbouwing(label, fig, filters or _page_filters())


def popover_key(label: str) -> str:
    return POPOVER_PREFIX + re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


def _page_filters() -> Filters:
    from samen_ui.setup import SELECTIE_KEY  # setup draws tiles too (the period tile): imported late

    selectie = st.session_state.get(SELECTIE_KEY)
    return selectie.filters if selectie is not None else Filters()


@st.fragment
def _onderbouwing(label: str, fig: Figuur, filters: Filters) -> None:
    pop = st.popover(
        "Onderbouwing",
        icon=":material/info:",
        type="tertiary",
        key=popover_key(label),
        on_change="rerun",
        help=f"Hoe '{label}' gerekend is, en uit welke rijen",
    )
    if not pop.open:
        return
    data.refresh_version()  # a fragment rerun: read at the data version of now
    with pop:
        onderbouwing(label, fig, filters)


def onderbouwing(label: str, fig: Figuur, filters: Filters) -> None:
    """The rule of the tile `label`, the rows it is computed from in `filters` (with downloads) and their date."""
    st.markdown(plain(fig.regel))
    rows = data.load(fig.rijen, filters, *fig.args)
    newest = bijgewerkt(rows)
    if "Rijen" in rows:  # a gemeente account on programme totals: summed per programme (queries.run)
        counted = (
            f"{getal(int(rows['Rijen'].sum()))} rijen, opgeteld per programma (de rijen van andere "
            "gemeenten zijn niet te zien)"
        )
    else:
        counted = f"{getal(len(rows))} rij{'' if len(rows) == 1 else 'en'}"
    st.caption(f"{fig.uitleg()} {counted}" + (f" · bijgewerkt t/m {datum(newest, KORT)}" if newest else ""))
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(rows), 320),
        column_config=cofinanciering.money_columns(*[c for c in ("Bedrag",) if c in rows]),
    )
    downloads(rows, f"Onderbouwing {label}")
