"""What the browser asked for: the page path of a link, an unknown page in Dutch, and the way back after
the identity provider's sign-in (st.login always returns to the app's root)."""

from __future__ import annotations

import json

import streamlit as st

NOT_FOUND_TITLE = "Pagina niet gevonden"
_TARGET = "samen_doel"  # sessionStorage key (per browser tab): the address the sign-in was asked on


# The first session on a fresh server is routed by Streamlit's older pages/-folder router (uses_pages_directory;
# runtime/scriptrunner/script_runner.py, _mpa_v1) before app.py runs: that router sends its English "Page not
# found" dialog for an unknown path, which no Python code can stop. This page closes exactly that dialog.
_CLOSE_ENGLISH_DIALOG = """<script>(() => { const until = Date.now() + 10000; const close = () => {
  for (const d of document.querySelectorAll('[role="dialog"]')) {
    if (d.querySelector('h2')?.textContent.trim() === 'Page not found') d.querySelector('button[aria-label="Close"]')?.click();
  }
  if (Date.now() < until) setTimeout(close, 100); }; close(); })();</script>"""


def requested_path() -> str | None:
    """The page path of the address the browser opened ('gemeente' for /gemeente?gemeente=GM0981), or None
    when this run names its page by hash (a click, a rerun) or opens the root."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    manager = getattr(ctx, "pages_manager", None)
    if manager is None or manager.intended_page_script_hash:
        return None
    return (manager.intended_page_name or "").strip("/") or None


def opened_at_root() -> bool:
    """This run is a fresh load of the app's root address (where st.login's callback lands)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    manager = getattr(get_script_run_ctx(), "pages_manager", None)
    return manager is not None and not manager.intended_page_script_hash and not manager.intended_page_name


def not_found_page(path: str, home: st.Page) -> st.Page | None:
    """A hidden page at the unknown path itself, so st.navigation finds a page and never sends its English
    "Page not found" dialog. A nested path (a/b) cannot be a url_path; Streamlit's dialog then remains."""
    if "/" in path:
        return None

    def niet_gevonden() -> None:
        st.set_page_config(
            page_title=f"{NOT_FOUND_TITLE} · SAMEN-dashboard", page_icon=":material/handshake:", layout="wide"
        )
        st.title(NOT_FOUND_TITLE)
        st.warning(
            f"Het SAMEN-dashboard heeft geen pagina /{path[:60]}. Controleer de link, of ga naar de startpagina.",
            icon=":material/link_off:",
        )
        st.page_link(home, label="Naar de startpagina", icon=":material/home:")
        st.html(_CLOSE_ENGLISH_DIALOG, unsafe_allow_javascript=True)

    return st.Page(niet_gevonden, title=NOT_FOUND_TITLE, url_path=path, visibility="hidden")


def remember_target() -> None:
    """On the sign-in screen: keep this tab's address (page and selection), for after st.login."""
    st.html(
        f"<script>sessionStorage.setItem({json.dumps(_TARGET)}, location.pathname + location.search);</script>",
        unsafe_allow_javascript=True,
    )


def return_to_target(at_root: bool) -> None:
    """Signed in: forget the address; if the identity provider brought the tab back to the root, go to it.
    Only a same-site path is followed (it came from this tab's own location)."""
    key = json.dumps(_TARGET)
    follow = "true" if at_root else "false"
    st.html(
        f"<script>const t = sessionStorage.getItem({key}); sessionStorage.removeItem({key});"
        f"if ({follow} && t && t.startsWith('/') && !t.startsWith('//') && t !== location.pathname + location.search)"
        " location.replace(t);</script>",
        unsafe_allow_javascript=True,
    )
