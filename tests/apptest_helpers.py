"""Shared AppTest steps: start the app through app.py, set sidebar filters, switch to a page."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


SIGNED_IN = "_account_email"  # samen_ui.auth's session key of a local sign-in


def start(query: dict[str, str] | None = None, email: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if email:
        at.session_state[SIGNED_IN] = email
    at.run()
    assert not at.exception, at.exception
    return at


def select(at: AppTest, selection: dict) -> AppTest:
    """Set sidebar filters: periode (a date range), f_sporen (a list) or any selectbox key."""
    for key, value in selection.items():
        if key == "periode":
            at.sidebar.date_input[0].set_value(value).run()
        elif key == "f_sporen":
            at.sidebar.multiselect(key=key).set_value(value).run()
        else:
            at.sidebar.selectbox(key=key).set_value(value).run()
    return at


def open_page(
    page: str, title: str | None = None, query: dict[str, str] | None = None, email: str | None = None, **selection
) -> AppTest:
    at = select(start(query, email), selection)
    at.switch_page(page).run()
    assert not at.exception, at.exception
    if title:
        assert at.title[0].value == title
    return at


def scope_lines(at: AppTest) -> list[str]:
    """The scope lines on the page (under the title, and under a slide's title), as the reader sees them."""
    return [shown(c.value).split("Selectie: ", 1)[1] for c in at.caption if "Selectie: " in c.value]


def shown(markdown: str) -> str:
    """Markdown source as the reader sees it: user text is sent with every punctuation mark escaped (safe_text)."""
    import re

    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)
