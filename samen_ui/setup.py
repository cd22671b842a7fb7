"""page_setup(): the one call at the top of every page: page config, access, sidebar filters."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import streamlit as st

from samen_data import queries
from samen_data.access.scope import Scope
from samen_data.demo.facts import DEMODATA_KOP, DEMODATA_TEKST
from samen_data.figures.selectie import KORT, Selectie, werkt_op
from samen_data.filters import Filters
from samen_data.store.vocab import DATUM_MAX, DATUM_MIN, SPOREN, label
from samen_ui import auth, data, routing
from samen_ui.fmt import datum, euro
from samen_ui.safe_text import plain
from samen_ui.tiles import metric

ALLE = "__alle__"
# Less white space at the top so the overview fits one 1366×768 screen.
_COMPACT = (
    "<style>.block-container{padding-top:2rem;padding-bottom:1rem}h1{padding-top:0}"
    # Streamlit's wide layout keeps 5rem (80 px) either side of the page: at 1366 px beside the sidebar that is
    # 160 px a table's key columns need (the match table: deelnemer, status, measure, toegezegd and betaald per side).
    ".block-container{padding-left:1rem;padding-right:1rem}"
    '[data-testid="stMetricValue"]{font-size:1.9rem}'
    # Sections are h2 after the h1 title (WCAG 1.3.1 heading order), at the size of Streamlit's subheader.
    ".block-container h2{font-size:1.75rem}"
    # Streamlit's grey captions fall below the AA contrast ratio (4.5:1); this grey is 7.5:1 on white.
    '[data-testid="stCaptionContainer"]{color:#4d4d4d;opacity:1}'
    # Five tiles side by side at 1366 px cut their labels and the line under the value ("Toegezegd door fond…"):
    # let both wrap instead.
    '[data-testid="stMetricLabel"],[data-testid="stMetricLabel"] *,[data-testid="stMetricDelta"],'
    '[data-testid="stMetricDelta"] *{white-space:normal !important;overflow:visible !important;'
    "text-overflow:clip !important}</style>"
)

# Streamlit writes <html lang="en">; screen readers then read Dutch with English rules (WCAG 3.1.1).
_LANG_NL = "<script>document.documentElement.lang = 'nl';</script>"


def allowed(scope: Scope, need: str) -> bool:
    return {"lezen": scope.can_read, "bewerken": scope.can_edit, "beheer": scope.can_manage}[need]


SELECTIE_KEY = "_selectie"  # the Selectie the page draws, for empty_notice()


def page_setup(
    title: str,
    *,
    gemeente_from_url: bool = False,
    need: str = "lezen",
    totals: bool = False,
    acts_on: str | None = None,
) -> Filters:
    """Check access, draw the shared sidebar filters (kept across pages), the page title and the scope line under
    it; return the filters the page draws.

    totals: the page shows only programme-level aggregates, which a gemeente account may see for the whole
    programme (Overzicht). Every other page shows detail rows, which such an account sees only for its own
    gemeente: there the page draws that gemeente throughout, so no tile or chart is in another scope.
    acts_on: for a page that acts on rows rather than showing figures, what its scope line names
    (samen_data.figures.selectie.werkt_op). Without the access this page needs, it draws the sign-in (or a refusal)
    and stops the page.
    """
    # Also here, not only in app.py: a page opened by its own URL on a fresh server runs without app.py.
    st.set_page_config(page_title=f"{title} · SAMEN-dashboard", page_icon=":material/handshake:", layout="wide")
    data.start_run()  # once per run: any write since the last run, by any process, keys a fresh read
    scope = auth.scope_for_page()  # read by app.py in this run
    st.session_state[data.SCOPE_KEY] = scope
    if not allowed(scope, need):
        st.title("Inloggen" if not scope.can_read else title)
        reason = (
            None
            if not scope.can_read
            else (
                "In de demomodus kunt u niets wijzigen." if scope.demo else "Uw rol geeft geen toegang tot deze pagina."
            )
        )
        if scope.can_read:
            st.warning(reason, icon=":material/lock:")
            auth.sidebar_account(scope)
        else:
            auth.login_view(scope)
        st.stop()
    auth.sidebar_account(scope)
    _keep_filter_state()
    with st.sidebar:
        st.markdown("### Filters")
        selectie = _filters(gemeente_from_url)
    if not scope.sees_all_detail and not totals and selectie.filters.gemeente is None:
        selectie = replace(
            selectie,
            filters=replace(selectie.filters, gemeente=scope.gemeente),
            gemeente_naam=_gemeente_naam(scope.gemeente),
            eigen_gemeente=True,
        )
    st.session_state[SELECTIE_KEY] = selectie
    st.session_state[_EMPTY_N] = 0
    st.markdown(_COMPACT, unsafe_allow_html=True)  # static CSS only, never data
    st.html(_LANG_NL, unsafe_allow_javascript=True)
    routing.return_to_target(routing.opened_at_root())
    st.title(title)
    line = (
        selectie.regel()
        if acts_on is None
        else werkt_op(acts_on, selectie.regel(), scope.rol, _gemeente_naam(scope.gemeente), scope.fonds)
    )
    scope_line(line)
    return selectie.filters


def scope_line(line: str) -> None:
    """The one line under a title (and a slide's) that names the selection everything below it is drawn in."""
    st.caption(SCOPE_PREFIX + plain(line))


SCOPE_PREFIX = ":material/filter_alt: Selectie: "


def _gemeente_naam(code: str | None) -> str | None:
    found = data.load(queries.gemeente, None, code) if code else None
    return found["naam"] if found else code


def _keep_filter_state() -> None:
    # Streamlit drops widget state of widgets not drawn on a page; re-assigning keeps the filters across pages.
    for key in [k for k in st.session_state if str(k).startswith("f_")]:
        st.session_state[key] = st.session_state[key]


def _filters(gemeente_from_url: bool) -> Selectie:
    programmas = data.load(queries.programmas)
    codes = programmas["code"].tolist()
    names = dict(zip(programmas["code"], programmas["naam"], strict=True))
    if not codes:
        st.info("Er staan nog geen programma's in de database.")
        return Selectie(Filters())
    programma = st.selectbox("Programma", codes, format_func=names.get, key="f_programma", placeholder="Kies…")
    row = programmas[programmas["code"] == programma].iloc[0]
    start, end = row["startdatum"], row["einddatum"]
    period_key = f"f_periode_{programma}"
    st.session_state.setdefault(period_key, (start, end))
    periode = st.date_input(
        # The picker's range always holds the programme's own period (a programme before 2020 crashed the page).
        "Periode",
        min_value=min(DATUM_MIN, start),
        max_value=max(DATUM_MAX, end),
        format="DD-MM-YYYY",
        key=period_key,
    )
    van, tot = _period(periode, start, end)
    st.caption(f"{datum(van)} – {datum(tot)}")

    gemeenten = data.load(queries.gemeenten_met_deelnemers, None, programma)
    gemeente_names = dict(zip(gemeenten["cbs_code"], gemeenten["naam"], strict=True))
    own = data.scope().gemeente if data.scope().rol == "gemeente" else None
    if gemeente_from_url:
        _follow_link(gemeente_names, own)
    if own:  # a gemeente account starts on its own gemeente; besides it only the programme's totals
        gemeente_names.setdefault(own, (data.load(queries.gemeente, None, own) or {}).get("naam", own))
        options = [own] if gemeente_from_url else [own, ALLE]  # the Gemeente page: its own, no choice
    else:
        options = [ALLE, *gemeenten["cbs_code"].tolist()]
    if st.session_state.get("f_gemeente") not in options:
        st.session_state["f_gemeente"] = options[0]
    all_label = "Heel het programma (totalen)" if own else "Alle gemeenten"
    gemeente = st.selectbox(
        "Gemeente",
        options,
        key="f_gemeente",
        disabled=len(options) == 1,
        format_func=lambda c: all_label if c == ALLE else f"{gemeente_names[c]} ({c})",
        help="Uw account toont de eigen gemeente, of de totalen van het hele programma." if own else None,
        placeholder="Kies…",
    )
    if gemeente_from_url:
        _write_link(None if gemeente == ALLE else gemeente)
    sporen = st.multiselect("Spoor", list(SPOREN), format_func=label, key="f_sporen", placeholder="Alle sporen")
    filters = Filters(
        programma=programma, van=van, tot=tot, gemeente=None if gemeente == ALLE else gemeente, sporen=tuple(sporen)
    )
    return Selectie(
        filters, programma_naam=names[programma], start=start, einde=end, gemeente_naam=gemeente_names.get(gemeente)
    )


_IN_URL = "_gemeente_in_url"  # the code the page last wrote to the address bar


def _follow_link(known: dict[str, str], own: str | None) -> None:
    """A new ?gemeente= link selects that gemeente; the address bar merely echoing the sidebar does not,
    so a later choice in the sidebar still leads. A gemeente account stays on its own gemeente."""
    code = st.query_params.get("gemeente")
    if not code or code == st.session_state.get(_IN_URL):
        return
    st.session_state[_IN_URL] = code
    if own and code != own:
        found = data.load(queries.gemeente, None, code)
        st.info(
            f"De link noemt {found['naam'] if found else 'een andere gemeente'}; uw account toont de "
            "gegevens van uw eigen gemeente.",
            icon=":material/info:",
        )
        return
    if code in known:
        st.session_state["f_gemeente"] = code
        return
    found = data.load(queries.gemeente, None, code)
    if found:
        st.info(f"Geen deelnemers van {plain(found['naam'])} in dit programma.", icon=":material/info:")
    else:
        st.warning(f"De link noemt een onbekende gemeentecode ({code[:10]}).", icon=":material/link_off:")


def _write_link(code: str | None) -> None:
    """Keep the address bar in step with the chosen gemeente, so the URL can be shared."""
    if code:
        st.query_params["gemeente"] = code
    else:
        st.query_params.pop("gemeente", None)
    st.session_state[_IN_URL] = code


def _period(value, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """A half-picked range (one date) counts as that single day; nothing picked means the whole programme."""
    if isinstance(value, tuple | list):
        if len(value) == 2:
            return value[0], value[1]
        if len(value) == 1:
            return value[0], value[0]
        return start, end
    return (value, value) if value else (start, end)


def synthetic_notice(shown: bool) -> None:
    """The plain notice whenever synthetic demo rows are part of what is shown."""
    if shown:
        st.warning(f"**{DEMODATA_KOP}** {DEMODATA_TEKST}", icon=":material/warning:")


_EMPTY_N = "_leeg_n"  # empty notices drawn on this run: each gets its own reset buttons


def empty_notice(what: str) -> None:
    """An empty result names the filters that narrow the selection, with a button that resets each."""
    selectie: Selectie = st.session_state.get(SELECTIE_KEY) or Selectie(Filters())
    st.info(plain(selectie.leeg(what)), icon=":material/info:")
    n = st.session_state.get(_EMPTY_N, 0)
    st.session_state[_EMPTY_N] = n + 1
    for key, words in selectie.actief():
        st.button(
            f"Toon {RESET_LABELS[key]}",
            key=f"leeg_{n}_{key}",
            on_click=_reset,
            args=(key, selectie),
            icon=":material/filter_alt_off:",
            help=f"Zet het filter {words} terug.",
        )


RESET_LABELS = {"sporen": "alle sporen", "gemeente": "alle gemeenten", "periode": "de hele looptijd"}


def _reset(key: str, selectie: Selectie) -> None:
    if key == "sporen":
        st.session_state["f_sporen"] = []
    elif key == "gemeente":
        st.session_state["f_gemeente"] = ALLE
        st.query_params.pop("gemeente", None)
    else:
        st.session_state[f"f_periode_{selectie.filters.programma}"] = (selectie.start, selectie.einde)


def paid_metric(col, title: str, paid, filters: Filters, help: str | None = None) -> None:
    """The paid tile. With a period narrower than the programme: "Betaald in deze periode" (`paid`, the page's own
    figure) with "Betaald t/m <einddatum>" beside it, so a period never reads as everything paid so far."""
    selectie: Selectie | None = st.session_state.get(SELECTIE_KEY)
    if selectie is None or not selectie.heeft_periode:
        metric(col, title, euro(paid), filters, help=help)
        return
    saldo = data.load(queries.betaald_saldo, filters)
    metric(
        col,
        "Betaald in deze periode",
        euro(paid),
        filters,
        help=help,
        delta=f"Betaald t/m {datum(filters.tot, KORT)}: {euro(sum(saldo['tot_en_met'], 0))}",
        delta_color="off",
        delta_arrow="off",
    )


def period_paid(paid, filters: Filters) -> None:
    """With a period narrower than the programme: "Betaald in deze periode" (both sides) beside "Betaald t/m", under
    the money tiles (which count up to the period's end), so a period never reads as everything paid so far."""
    selectie: Selectie | None = st.session_state.get(SELECTIE_KEY)
    if selectie is not None and selectie.heeft_periode:
        paid_metric(
            st.columns(4)[0],
            "Betaald in deze periode",
            paid,
            filters,
            help="Betaald binnen de gekozen periode, door fondsen en gemeenten samen.",
        )


def programme_filters() -> Filters | None:
    """For a gemeente account that asked for the whole programme on a page drawn in its own gemeente: the
    programme's filters, for a labelled reference (programme_reference); else None."""
    selectie: Selectie | None = st.session_state.get(SELECTIE_KEY)
    return replace(selectie.filters, gemeente=None) if selectie is not None and selectie.eigen_gemeente else None


def programme_reference(text: str, where=st) -> None:
    """The programme as a comparison: labelled so, never drawn as if it were the selection."""
    where.caption(":material/compare_arrows: programma (ter vergelijking, alle gemeenten): " + text)
