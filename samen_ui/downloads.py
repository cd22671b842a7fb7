"""Download buttons: Excel and Dutch CSV under a table or chart, and every other file the app hands out.

A table's download reads like the screen (samen_data.transfer.leesbaar): Dutch headers and labels, amounts in a
euro format, and first the page's selection line and the date.

Every download is built on the click, and only for the account as it is in the database at that moment: a user
removed or given another role (gemeente, fonds) while the page is open gets a Dutch message and no file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from samen_data.access import accounts
from samen_data.access.scope import AccessDenied, Scope
from samen_data.transfer.leesbaar import csv_with_heading, xlsx_bytes
from samen_ui import auth, data

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REFUSED = (
    "Downloaden geweigerd: uw account is verwijderd of uw rechten zijn gewijzigd sinds deze pagina werd "
    "geopend. Er is geen bestand gemaakt. Laad de pagina opnieuw of log opnieuw in."
)


def fresh_scope(expected: Scope, email: str | None, engine: Engine) -> Scope:
    """The scope of the signed-in account as the database has it now (as auth.current_scope() works it out);
    AccessDenied when that is no longer the scope the page was drawn with (account gone, role, gemeente or fund
    changed, accounts created while in demo mode) or has no role."""
    now = accounts.scope_for_email(engine, email) if email else accounts.anonymous_scope(engine)
    if now != expected or not now.can_read:
        raise AccessDenied(REFUSED)
    return now


def button(where: Any, label: str, build: Callable[[Scope], bytes], **kwargs: Any) -> None:
    """st.download_button (on `where`: st, a column, the sidebar) whose file `build(scope)` makes on the click,
    with the scope re-read from the database then. Refused: Streamlit serves no file (the callable raises) and
    the rerun the click starts shows REFUSED."""
    # Read now, in the script run: the callable runs later, outside it (no session state there).
    expected, email, engine = data.scope(), auth.signed_in_email(), data.engine()

    def _file() -> bytes:
        return build(fresh_scope(expected, email, engine))

    def _on_click() -> None:
        try:
            fresh_scope(expected, email, engine)
        except AccessDenied as refused:
            st.error(str(refused), icon=":material/block:")

    where.download_button(label, data=_file, on_click=_on_click, **kwargs)


def selection_line() -> str:
    """The scope line of the page being drawn (what its downloads say they hold)."""
    from samen_ui.setup import SELECTIE_KEY  # setup imports this module (through the tiles): imported late

    selectie = st.session_state.get(SELECTIE_KEY)
    return selectie.regel() if selectie is not None else "hele database"


def downloads(frame: pd.DataFrame, name: str) -> None:
    """Two small buttons under a table or chart; the file is built only when clicked."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    line = selection_line()  # now, in the script run: the file is built later, outside it
    # A row sized to the buttons, not two 1/8 columns: in a narrow column (beside a chart) those squeezed the
    # labels away and left only the icons.
    left = right = st.container(horizontal=True)
    button(
        left,
        "Excel",
        lambda _scope: xlsx_bytes(frame, name, line),
        file_name=f"samen-{slug}.xlsx",
        mime=XLSX,
        key=f"dl_xlsx_{slug}",
        icon=":material/download:",
        help=f"{name} als Excel-bestand",
    )
    button(
        right,
        "CSV",
        lambda _scope: csv_with_heading(frame, name, line),
        file_name=f"samen-{slug}.csv",
        mime="text/csv",
        key=f"dl_csv_{slug}",
        icon=":material/download:",
        help=f"{name} als CSV (puntkomma's, decimale komma)",
    )
