"""Sign-in for the app: Streamlit's st.login (OIDC) when [auth] is configured, else local accounts.

The e-mail (from the identity provider's token or the local login) is mapped to a role in the
database by samen_data.access.accounts; everything else is decided by the resulting Scope.
"""

from __future__ import annotations

import streamlit as st

from samen_data.access import accounts
from samen_data.access.scope import NIEMAND, Scope
from samen_ui import data, routing

_LOCAL = "_account_email"  # server-side session state: the e-mail of a local sign-in


_oidc_seen = False  # once True, for the life of the server


def oidc_configured() -> bool:
    # Without a secrets.toml Streamlit looks for the files again on every access (several times per run), so a
    # True is kept for the server's life; a False is not (a secrets file that could not be read this time, or is
    # added later, is seen on a later run).
    global _oidc_seen
    if not _oidc_seen:
        try:
            _oidc_seen = "auth" in st.secrets
        except Exception:  # noqa: BLE001 - no secrets.toml at all
            return False
    return _oidc_seen


def _oidc_email() -> str | None:
    if not oidc_configured():
        return None
    try:
        return st.user.email if st.user.is_logged_in else None
    except Exception:  # noqa: BLE001
        return None


def current_scope() -> Scope:
    engine = data.engine()
    email = _oidc_email() or st.session_state.get(_LOCAL)
    if email:
        return accounts.scope_for_email(engine, email)
    return accounts.anonymous_scope(engine)


_RUN_SCOPE = "_scope_van_deze_run"  # app.py's read of the scope, for page_setup() in the same run


def scope_for_router() -> Scope:
    """The scope for app.py (the router), which runs first in every run: read once, and page_setup() of the page
    it runs takes the same read instead of asking the database again."""
    st.session_state[_RUN_SCOPE] = scope = current_scope()
    return scope


def scope_for_page() -> Scope:
    """The scope app.py read in this run; read now when the page runs without app.py (its own file in a test).
    Taken once: a later run always has app.py read again."""
    scope = st.session_state.pop(_RUN_SCOPE, None)
    return scope if scope is not None else current_scope()


def signed_in_email() -> str | None:
    return _oidc_email() or st.session_state.get(_LOCAL)


def login_view(scope: Scope, reason: str | None = None) -> None:
    """The sign-in (or 'no access') screen, drawn in place of a page."""
    email = signed_in_email()
    if email and not scope.can_read:
        st.error(
            f"Het account {email} heeft geen rol in het SAMEN-dashboard. Vraag de beheerder om toegang.",
            icon=":material/block:",
        )
        logout_button()
        return
    if reason:
        st.warning(reason, icon=":material/lock:")
    routing.remember_target()  # st.login returns to the root; the page and selection of the link are kept
    st.markdown(
        "Het SAMEN-dashboard toont de financiële gegevens van het programma alleen aan wie een account "
        "heeft. Log in om verder te gaan."
    )
    if oidc_configured():
        st.button("Inloggen met uw organisatie-account", type="primary", icon=":material/login:", on_click=st.login)
    with st.form("lokaal_inloggen"):
        st.markdown("**Inloggen met een SAMEN-account**")
        address = st.text_input("E-mailadres", autocomplete="username")
        password = st.text_input("Wachtwoord", type="password", autocomplete="current-password")
        if st.form_submit_button("Inloggen", type="secondary" if oidc_configured() else "primary"):
            try:
                accounts.authenticate(data.engine(), address, password, client=_client_address())
            except accounts.LoginFailed as exc:
                st.error(str(exc), icon=":material/error:")
            else:
                st.session_state[_LOCAL] = address.strip().lower()
                st.rerun()


def _client_address() -> str | None:
    """The browser's IP address, for the per-address sign-in limit. None on localhost. Behind a reverse
    proxy this is the proxy's address unless the proxy sends X-Forwarded-For and the server trusts it
    (uvicorn trusts 127.0.0.1 by default; otherwise set FORWARDED_ALLOW_IPS)."""
    try:
        return st.context.ip_address
    except Exception:  # noqa: BLE001 - no client context (bare script run)
        return None


def logout_button() -> None:
    if st.button("Uitloggen", icon=":material/logout:", key="uitloggen"):
        st.session_state.pop(_LOCAL, None)
        data.clear_cache_for_session()
        if _oidc_email():
            st.logout()
        st.rerun()


def sidebar_account(scope: Scope) -> None:
    with st.sidebar:
        st.caption(scope.beschrijving)
        if signed_in_email():
            logout_button()


__all__ = [
    "NIEMAND",
    "current_scope",
    "login_view",
    "oidc_configured",
    "scope_for_page",
    "scope_for_router",
    "sidebar_account",
]
