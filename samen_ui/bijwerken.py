"""The edit form: fields prefilled from one row, saved against the version it was loaded at.

Widget keys carry the row id and the loaded version, so after a refused (stale) save the user's
input stays on screen; 'Huidige waarden laden' moves to the stored version and a fresh form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from samen_data.access.scope import AccessDenied, Scope
from samen_data.changes import edit
from samen_data.store.vocab import DATUM_MAX, DATUM_MIN, label
from samen_ui import data
from samen_ui.fmt import datum, euro, getal
from samen_ui.safe_text import plain
from samen_ui.setup import empty_notice


@dataclass(frozen=True)
class Veld:
    attr: str
    titel: str
    kind: str = "tekst"  # tekst | keuze | bedrag | datum | aantal
    keuzes: tuple[str, ...] = ()


def _widget(veld: Veld, value: Any, key: str) -> Any:
    empty = value is None or (not isinstance(value, str) and pd.isna(value))
    if veld.kind == "keuze":
        return st.selectbox(
            veld.titel,
            veld.keuzes,
            index=veld.keuzes.index(value) if value in veld.keuzes else 0,
            format_func=label,
            key=key,
            placeholder="Kies…",
        )
    if veld.kind == "bedrag":
        return st.number_input(
            f"{veld.titel} (€)", min_value=0.0, step=500.0, format="%.2f", value=0.0 if empty else float(value), key=key
        )
    if veld.kind == "aantal":
        return st.number_input(veld.titel, min_value=0, step=1, value=0 if empty else int(value), key=key)
    if veld.kind == "datum":
        return st.date_input(
            veld.titel,
            value=None if empty else value,
            format="DD-MM-YYYY",
            min_value=DATUM_MIN,
            max_value=DATUM_MAX,
            key=key,
        )
    return st.text_input(veld.titel, value="" if empty else str(value), key=key)


def _show(value: Any) -> str:
    if isinstance(value, dt.date):
        return datum(value)
    if hasattr(value, "quantize"):
        return euro(value)
    return "—" if value is None else label(str(value))


# At most this many rows in a choice list: at national scale a list of every payment or attendance row would be
# tens of MB to the browser; the query stops at one more, and the page asks to narrow the selection instead.
KEUZE_MAX = 1000


def too_many(rows: pd.DataFrame, what: str) -> bool:
    """True (and says so, in Dutch) when the rows were cut off at KEUZE_MAX + 1."""
    if len(rows) <= KEUZE_MAX:
        return False
    st.info(
        f"Meer dan {getal(KEUZE_MAX)} {what} in deze selectie: kies in de zijbalk een gemeente (of een kortere "
        "periode of één spoor) om er een te kiezen.",
        icon=":material/filter_alt:",
    )
    return True


def edit_form(tabel: str, row: pd.Series, velden: list[Veld], scope: Scope) -> None:
    row_id = int(row["id"])
    loaded_key = f"geladen_{tabel}_{row_id}"
    versie = st.session_state.setdefault(loaded_key, int(row["versie"]))
    prefix = f"e_{tabel}_{row_id}_{versie}"
    with st.form(prefix):
        values = {v.attr: _widget(v, row[v.attr], f"{prefix}_{v.attr}") for v in velden}
        st.caption(f"Versie {versie} · bron: {label(str(row['bron']))}")
        saved = st.form_submit_button("Opslaan", type="primary", icon=":material/save:")
    if not saved:
        return
    try:
        nieuw = edit.update_row(data.engine(), tabel, row_id, versie, values, scope)
    except edit.StaleEdit as exc:
        st.error(str(exc), icon=":material/sync_problem:")
        if exc.current:
            st.markdown(
                "**Nu opgeslagen:** " + "; ".join(f"{v.titel}: {plain(_show(exc.current.get(v.attr)))}" for v in velden)
            )
            st.button(
                "Huidige waarden laden",
                key=f"{prefix}_herladen",
                on_click=_reload,
                args=(loaded_key, exc.current["versie"]),
            )
    except (edit.EditRefused, AccessDenied) as exc:
        st.error(plain(str(exc) if str(exc).startswith("Niet") else f"Niet opgeslagen: {exc}"), icon=":material/error:")
    else:
        st.session_state[loaded_key] = nieuw
        data.after_write()
        st.success("Opgeslagen." if nieuw != versie else "Niets gewijzigd.", icon=":material/check_circle:")


def _reload(loaded_key: str, versie: int) -> None:
    st.session_state[loaded_key] = versie
    data.after_write()


def not_yours_notice(what: str) -> None:
    """In place of an edit list this role may not change (a fund: attendance and milestones)."""
    st.info(f"Uw rol wijzigt geen {what}; dat doen de gemeenten en beheer.", icon=":material/lock:")


@dataclass(frozen=True)
class OnderToezegging:
    """Words for a tab of rows under a commitment: payments made, or planned tranches."""

    tabel: str
    enkelvoud: str  # "Betaling"
    meervoud: str  # "betalingen"
    nieuw: str  # the expander's title
    datum_titel: str


BETALING = OnderToezegging("betaling", "Betaling", "betalingen", "Nieuwe betaling vastleggen", "Datum")
TRANCHE = OnderToezegging(
    "tranche", "Tranche", "geplande tranches", "Nieuwe tranche plannen", "Uiterlijk te betalen op"
)
_ADD = {"betaling": edit.add_betaling, "tranche": edit.add_tranche}


def onder_toezegging(soort: OnderToezegging, rows: pd.DataFrame, toezeggingen: pd.DataFrame, scope: Scope) -> None:
    """Choose one row to edit, and a form to add one to a commitment of this scope."""
    if rows.empty:
        empty_notice(soort.meervoud)
    elif not too_many(rows, soort.meervoud):
        keuze = st.selectbox(
            soort.enkelvoud,
            rows.index,
            key=f"kies_{soort.tabel}",
            format_func=lambda i: (
                f"{datum(rows.at[i, 'datum'])} · {rows.at[i, 'deelnemer']} · "
                f"{rows.at[i, 'financier']} · {euro(rows.at[i, 'bedrag'])}"
            ),
            placeholder="Kies…",
        )
        velden = [Veld("datum", soort.datum_titel, "datum"), Veld("bedrag", "Bedrag", "bedrag")]
        edit_form(soort.tabel, rows.loc[keuze], [*velden, Veld("omschrijving", "Omschrijving")], scope)
    if toezeggingen.empty or len(toezeggingen) > KEUZE_MAX:
        return
    with st.expander(soort.nieuw, icon=":material/add:"), st.form(f"nieuwe_{soort.tabel}", clear_on_submit=False):
        tz = st.selectbox(
            "Op toezegging",
            toezeggingen.index,
            format_func=lambda i: f"{toezeggingen.at[i, 'deelnemer']} · {toezeggingen.at[i, 'financier']}",
            placeholder="Kies…",
        )
        nieuw_datum = st.date_input(
            soort.datum_titel, value=None, format="DD-MM-YYYY", min_value=DATUM_MIN, max_value=DATUM_MAX
        )
        nieuw_bedrag = st.number_input("Bedrag (€)", min_value=0.0, step=500.0, format="%.2f")
        nieuw_omschrijving = st.text_input("Omschrijving", placeholder="bv. Tranche 3")
        if st.form_submit_button(f"{soort.enkelvoud} opslaan", type="primary"):
            try:
                _ADD[soort.tabel](
                    data.engine(),
                    int(toezeggingen.at[tz, "toezegging_id"]),
                    nieuw_datum,
                    nieuw_bedrag,
                    nieuw_omschrijving,
                    scope,
                )
            except (edit.EditRefused, AccessDenied) as exc:
                st.error(plain(f"Niet opgeslagen: {exc}"), icon=":material/error:")
            else:
                data.after_write()
                st.success(f"{soort.enkelvoud} opgeslagen.", icon=":material/check_circle:")
