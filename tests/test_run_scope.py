"""One scope read per run (samen_ui.auth.scope_for_router / scope_for_page): the page takes app.py's read of the
same run, and the next run reads again, so a role taken away by another process counts on the next click."""

from __future__ import annotations

import pytest

from samen_data.access import accounts
from samen_ui import auth
from tests.apptest_helpers import start

RUN_SCOPE = "_scope_van_deze_run"


def test_the_page_takes_the_routers_read_and_the_next_run_reads_again(app_db, accounts_db):
    at = start(email=accounts_db["beheer"])
    at.switch_page("pages/accounts.py").run()
    assert at.title[0].value == "Accounts"
    assert RUN_SCOPE not in at.session_state  # taken by page_setup(): a later run cannot find it

    accounts.remove_user(app_db, accounts_db["beheer"])  # as another server or the CLI would
    accounts.add_user(app_db, accounts_db["beheer"], "vng", password="vng-wachtwoord-99")
    at.run()
    assert not at.exception, at.exception
    assert "Uw rol geeft geen toegang tot deze pagina." in [w.value for w in at.warning]
    assert not at.get("form") and not at.dataframe  # no list of accounts for a VNG role

    accounts.remove_user(app_db, accounts_db["beheer"])
    at.switch_page("pages/overzicht.py").run()
    assert not at.exception, at.exception
    assert any("heeft geen rol in het SAMEN-dashboard" in e.value for e in at.error)
    assert not at.metric  # no figure for an account that is gone


class _Secrets:
    """st.secrets that cannot be read the first time (a file being written), then has an [auth] section."""

    def __init__(self) -> None:
        self.reads = 0

    def __contains__(self, key: str) -> bool:
        self.reads += 1
        if self.reads == 1:
            raise OSError("secrets.toml half geschreven")
        return key == "auth"


def test_a_secrets_file_that_could_not_be_read_once_is_read_again(monkeypatch):
    secrets = _Secrets()
    monkeypatch.setattr(auth, "_oidc_seen", False)
    monkeypatch.setattr(auth.st, "secrets", secrets)
    assert auth.oidc_configured() is False
    assert auth.oidc_configured() is True  # not pinned to False until a restart
    assert auth.oidc_configured() is True
    assert secrets.reads == 2  # a True is kept: Streamlit is not asked on every run


@pytest.mark.parametrize("content", [{}, {"auth": {"client_id": "x"}}])
def test_oidc_follows_the_secrets(monkeypatch, content):
    monkeypatch.setattr(auth, "_oidc_seen", False)
    monkeypatch.setattr(auth.st, "secrets", content)
    assert auth.oidc_configured() is ("auth" in content)
