"""Drawing the signals (samen_data.figures.signalen): the full list on Signalen, the top items on Overzicht and Gemeente."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from samen_data.figures.signalen import DREMPELS, SOORTEN, Signaal, per_soort
from samen_ui import data
from samen_ui.fmt import datum, euro, getal
from samen_ui.safe_text import plain

PAGINA = "pages/signalen.py"


def url(pagina: str, params: dict[str, str]) -> str:
    """The relative address of a page (its url_path) with its query parameters."""
    path = pagina.removeprefix("pages/").removesuffix(".py")
    return f"./{path}" + (f"?{urlencode(params)}" if params else "")


def table(found: list[Signaal]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Signaal": [s.soort_tekst for s in found],
            "Wie": [s.wie for s in found],
            "Gemeente": [s.gemeente or "–" for s in found],
            "Sinds": [datum(s.sinds, "dd-MM-y") for s in found],
            "Inzet": [s.inzet for s in found],
            "Wat": [s.wat for s in found],
            "Uw fonds": ["✔" if s.eigen_fonds else "" for s in found],
        }
    )


def link(pagina: str, params: dict[str, str], text: str = "Bekijk de rijen") -> None:
    """A link to the rows behind a signal that stays in this session (st.page_link). A page run without app.py
    (the first request on a fresh server) has no navigation to link within: then a plain relative link."""
    try:
        st.page_link(pagina, label=text, icon=":material/arrow_forward:", query_params=params or None)
    except StreamlitPageNotFoundError:
        st.markdown(f"[{plain(text)}]({url(pagina, params)})")


def show_table(found: list[Signaal], fonds: bool = False) -> None:
    """Every signal, ranked; choosing a row gives the link to its rows."""
    shown = table(found)
    if not fonds:
        shown = shown.drop(columns="Uw fonds")
    event = st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="signalen_tabel",
        column_config={
            "Wat": st.column_config.TextColumn("Wat", width="large"),
            "Inzet": st.column_config.TextColumn("Inzet", help="Het bedrag of aantal waar het om gaat."),
        },
    )
    rows = event.selection.rows if event is not None and hasattr(event, "selection") else []
    if rows:
        chosen = found[rows[0]]
        link(chosen.pagina, dict(chosen.params), f"Bekijk de rijen: {chosen.soort_tekst.lower()}, {chosen.wie}")
    else:
        st.caption("Kies een regel om naar de rijen erachter te gaan.")


def show_counts(found: list[Signaal]) -> None:
    counts = [f"{SOORTEN[k]}: {getal(n)}" for k, n in per_soort(found).items() if n]
    st.caption(" · ".join(counts) if counts else "Geen signalen in deze selectie.")


def show_top(found: list[Signaal], n: int = 3, titel: bool = False) -> None:
    """The first n signals, one line each with a link to the rows, and a link to all signals. titel: a section
    title that says whose signals they are (a gemeente account sees only its own, also on a programme page)."""
    if titel:
        scope = data.scope()
        st.markdown("**Signalen**" if scope.sees_all_detail else "**Signalen over uw gemeente**")
    if not found:
        st.caption("Geen signalen in deze selectie.")
        return
    for s in found[:n]:
        st.markdown(
            f"**{plain(s.soort_tekst)}** · {plain(s.wie)}: {plain(s.wat)} "
            f"(sinds {plain(datum(s.sinds, 'dd-MM-y'))}, inzet {plain(s.inzet)})"
        )
        link(s.pagina, dict(s.params))
    link(PAGINA, {}, f"Alle signalen ({getal(len(found))})")


def drempels_tekst() -> str:
    d = DREMPELS
    return (
        f"Drempels: 1:1-achterstand vanaf {euro(d.min_bedrag)}; besloten en {getal(d.maanden_onbetaald)} maanden "
        f"later nog niets betaald; minder dan {getal(d.min_respondenten)} respondenten in een groep; "
        f"{getal(d.dagen_ongewijzigd)} dagen niets gewijzigd terwijl het programma loopt. Geplande tranches "
        "kent het datamodel niet; daarvoor is er geen signaal."
    )
