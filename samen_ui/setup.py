"""page_setup(): the one call at the top of every page: page config, access, sidebar filters."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from samen_data.demo_facts import DEMODATA_KOP, DEMODATA_TEKST
from samen_data.filters import Filters
from samen_data.vocab import SPOREN, label

from samen_data.access import Scope

from . import auth, data, routing
from .fmt import datum

ALLE = "__alle__"
# Less white space at the top so the overview fits one 1366×768 screen.
_COMPACT = (
    "<style>.block-container{padding-top:2rem;padding-bottom:1rem}h1{padding-top:0}"
    '[data-testid="stMetricValue"]{font-size:1.9rem}'
    # Sections are h2 after the h1 title (WCAG 1.3.1 heading order), at the size of Streamlit's subheader.
    ".block-container h2{font-size:1.75rem}"
    # Streamlit's grey captions fall below the AA contrast ratio (4.5:1); this grey is 7.5:1 on white.
    '[data-testid="stCaptionContainer"]{color:#4d4d4d;opacity:1}</style>'
)

# Streamlit writes <html lang="en">; screen readers then read Dutch with English rules (WCAG 3.1.1).
_LANG_NL = "<script>document.documentElement.lang = 'nl';</script>"


NEEDS = ("lezen", "bewerken", "beheer")


def allowed(scope: Scope, need: str) -> bool:
    return {"lezen": scope.can_read, "bewerken": scope.can_edit, "beheer": scope.can_manage}[need]


def page_setup(title: str, *, gemeente_from_url: bool = False, need: str = "lezen") -> Filters:
    """Check access, draw the shared sidebar filters (kept across pages) and the page title; return the filters.

    Without the access this page needs, it draws the sign-in (or a refusal) and stops the page.
    """
    # Also here, not only in app.py: a page opened by its own URL on a fresh server runs without app.py.
    st.set_page_config(page_title=f"{title} · SAMEN-dashboard", page_icon=":material/handshake:", layout="wide")
    data.refresh_version()  # once per run: any write since the last run, by any process, keys a fresh read
    scope = auth.current_scope()
    st.session_state[data.SCOPE_KEY] = scope
    if not allowed(scope, need):
        st.title("Inloggen" if not scope.can_read else title)
        reason = None if not scope.can_read else (
            "In de demomodus kunt u niets wijzigen." if scope.demo else "Uw rol geeft geen toegang tot deze pagina.")
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
        filters = _filters(gemeente_from_url)
    st.markdown(_COMPACT, unsafe_allow_html=True)  # static CSS only, never data
    st.html(_LANG_NL, unsafe_allow_javascript=True)
    routing.return_to_target(routing.opened_at_root())
    st.title(title)
    return filters


def _keep_filter_state() -> None:
    # Streamlit drops widget state of widgets not drawn on a page; re-assigning keeps the filters across pages.
    for key in [k for k in st.session_state if str(k).startswith("f_")]:
        st.session_state[key] = st.session_state[key]


def _filters(gemeente_from_url: bool) -> Filters:
    programmas = data.load("programmas")
    codes = programmas["code"].tolist()
    names = dict(zip(programmas["code"], programmas["naam"], strict=True))
    if not codes:
        st.info("Er staan nog geen programma's in de database.")
        return Filters()
    programma = st.selectbox("Programma", codes, format_func=names.get, key="f_programma")
    row = programmas[programmas["code"] == programma].iloc[0]
    start, end = row["startdatum"], row["einddatum"]
    period_key = f"f_periode_{programma}"
    st.session_state.setdefault(period_key, (start, end))
    periode = st.date_input(
        "Periode", min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31),
        format="DD-MM-YYYY", key=period_key,
    )
    van, tot = _period(periode, start, end)
    st.caption(f"{datum(van)} – {datum(tot)}")

    gemeenten = data.load("gemeenten_met_deelnemers", None, programma)
    gemeente_names = dict(zip(gemeenten["cbs_code"], gemeenten["naam"], strict=True))
    own = data.scope().gemeente if data.scope().rol == "gemeente" else None
    if gemeente_from_url:
        _follow_link(gemeente_names, own)
    if own:  # a gemeente account starts on its own gemeente; besides it only the programme's totals
        gemeente_names.setdefault(own, (data.load("gemeente", None, own) or {}).get("naam", own))
        options = [own] if gemeente_from_url else [own, ALLE]  # the Gemeente page: its own, no choice
    else:
        options = [ALLE, *gemeenten["cbs_code"].tolist()]
    if st.session_state.get("f_gemeente") not in options:
        st.session_state["f_gemeente"] = options[0]
    all_label = "Heel het programma (totalen)" if own else "Alle gemeenten"
    gemeente = st.selectbox(
        "Gemeente", options, key="f_gemeente", disabled=len(options) == 1,
        format_func=lambda c: all_label if c == ALLE else f"{gemeente_names[c]} ({c})",
        help="Uw account toont de eigen gemeente, of de totalen van het hele programma." if own else None,
    )
    if gemeente_from_url:
        _write_link(None if gemeente == ALLE else gemeente)
    sporen = st.multiselect("Spoor", list(SPOREN), format_func=label, key="f_sporen",
                            placeholder="Alle sporen")
    return Filters(programma=programma, van=van, tot=tot,
                   gemeente=None if gemeente == ALLE else gemeente, sporen=tuple(sporen))


_IN_URL = "_gemeente_in_url"  # the code the page last wrote to the address bar


def _follow_link(known: dict[str, str], own: str | None) -> None:
    """A new ?gemeente= link selects that gemeente; the address bar merely echoing the sidebar does not,
    so a later choice in the sidebar still leads. A gemeente account stays on its own gemeente."""
    code = st.query_params.get("gemeente")
    if not code or code == st.session_state.get(_IN_URL):
        return
    st.session_state[_IN_URL] = code
    if own and code != own:
        found = data.load("gemeente", None, code)
        st.info(f"De link noemt {found['naam'] if found else 'een andere gemeente'}; uw account toont de "
                "gegevens van uw eigen gemeente.", icon=":material/info:")
        return
    if code in known:
        st.session_state["f_gemeente"] = code
        return
    found = data.load("gemeente", None, code)
    if found:
        empty_notice(f"deelnemers van {found['naam']} in dit programma")
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


def empty_notice(what: str) -> None:
    st.info(f"Geen {what} voor deze selectie. Pas de filters in de zijbalk aan.", icon=":material/info:")

