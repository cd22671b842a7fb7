"""Access in the app itself (AppTest): sign-in and sign-out, what each role sees on every page, and
cache isolation between roles with the same filters."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import ROOT, start
from tests.test_pages import PAGES

# Initiatives of other proeftuinen: detail a gemeente account (Vaals) must never see.
OTHERS = (
    "Transfarmers",
    "Plaats de Wereld",
    "Het 8ste Werk",
    "Stadmakerswerkplaats",
    "Stagehuis",
    "Welzijnscoöperatie Delfshaven",
)


OTHER_PROEFTUIN_GEMEENTEN = ("GM0796", "GM1730", "GM0166", "GM0014", "GM0518", "GM0599")


def _map_json(at: AppTest) -> str:
    return "\n".join(d.proto.json for d in at.get("deck_gl_json_chart"))


def _everything_shown(at: AppTest) -> str:
    parts = [e.value.to_string() for e in (*at.dataframe, *at.table)]
    parts += [
        e.value for e in (*at.markdown, *at.caption, *at.info, *at.warning, *at.success) if isinstance(e.value, str)
    ]
    parts += [str(o) for s in at.selectbox for o in s.options]
    parts += [json.dumps(json.loads(d.proto.json)) for d in at.get("deck_gl_json_chart")]
    parts += [str(c.proto.spec) for c in at.get("arrow_vega_lite_chart")]
    return "\n".join(parts)


def _sign_in(at: AppTest, email: str, password: str) -> AppTest:
    at.text_input[0].set_value(email)
    at.text_input[1].set_value(password)
    return at.button[0].click().run()


@pytest.mark.parametrize("page", [p for p in PAGES if p != "pages/accounts.py"], ids=lambda p: p.split("/")[1][:-3])
def test_a_gemeente_sees_no_other_proeftuin_on_any_page(accounts_db, page):
    at = start(email=accounts_db["gemeente"])
    at.switch_page(page).run()
    assert not at.exception, at.exception
    shown = _everything_shown(at)
    assert "Vaals" in shown or page in ("pages/gegevens.py", "pages/wijzigingen.py")
    leaked = [name for name in OTHERS if name in shown]
    leaked += [code for code in OTHER_PROEFTUIN_GEMEENTEN if code in _map_json(at)]  # map points and tooltips
    assert not leaked, leaked
    gemeente = at.sidebar.selectbox(key="f_gemeente")  # set to its own gemeente, and no other to choose
    offered = ["Vaals (GM0981)"] if page == "pages/gemeente.py" else ["Vaals (GM0981)", "Heel het programma (totalen)"]
    assert (gemeente.value, gemeente.options) == ("GM0981", offered)


def test_the_check_above_can_fail(accounts_db):
    at = start(email=accounts_db["vng"])
    at.switch_page("pages/cofinanciering.py").run()
    assert all(name in _everything_shown(at) for name in OTHERS[:4])


def test_cache_is_keyed_by_scope(accounts_db):
    beheer = start(email=accounts_db["beheer"])
    beheer.switch_page("pages/cofinanciering.py").run()
    assert "Transfarmers" in _everything_shown(beheer)  # the cache now holds everyone's rows
    gemeente = start(email=accounts_db["gemeente"])
    gemeente.switch_page("pages/cofinanciering.py").run()
    assert "Transfarmers" not in _everything_shown(gemeente)
    assert "Vaals Verbindt" in _everything_shown(gemeente)


def test_signed_out_with_accounts_sees_only_the_sign_in(accounts_db):
    at = start()
    assert at.title[0].value == "Inloggen"
    assert not at.metric and not at.dataframe
    _sign_in(at, "staf@vng.test", "verkeerd-wachtwoord")
    assert "Onbekend e-mailadres of verkeerd wachtwoord." in [e.value for e in at.error]
    assert at.title[0].value == "Inloggen"


def test_local_sign_in_and_sign_out(accounts_db):
    at = _sign_in(start(), "Staf@VNG.test", "vng-wachtwoord-12")
    assert at.title[0].value == "Overzicht" and at.metric
    assert any("staf@vng.test · VNG" in c.value for c in at.sidebar.caption)
    at.sidebar.button(key="uitloggen").click().run()
    assert at.title[0].value == "Inloggen"


def test_lock_out_after_five_failures(accounts_db):
    at = start()
    for _ in range(5):
        _sign_in(at, "staf@vng.test", "fout")
    _sign_in(at, "staf@vng.test", "vng-wachtwoord-12")
    assert any("tijdelijk geblokkeerd" in e.value for e in at.error)


def test_an_account_without_rights_cannot_open_the_edit_page(accounts_db):
    at = AppTest.from_file(str(ROOT / "pages/bijwerken.py"), default_timeout=60)
    at.session_state["_account_email"] = accounts_db["vng"]
    at.run()
    assert "Uw rol geeft geen toegang tot deze pagina." in [w.value for w in at.warning]
    assert not at.get("form")


def test_demo_mode_is_read_only(app_db):
    at = AppTest.from_file(str(ROOT / "pages/bijwerken.py"), default_timeout=60).run()
    assert "In de demomodus kunt u niets wijzigen." in [w.value for w in at.warning]
    overview = start()
    assert overview.title[0].value == "Overzicht"
    assert any("Demomodus" in c.value for c in overview.sidebar.caption)


def test_map_tooltips_are_part_of_the_check(accounts_db):
    at = start(email=accounts_db["vng"])
    at.switch_page("pages/kaart.py").run()
    assert all(code in _map_json(at) for code in OTHER_PROEFTUIN_GEMEENTEN)
    vaals = start(email=accounts_db["gemeente"])
    vaals.switch_page("pages/kaart.py").run()
    assert "GM0981" in _map_json(vaals)


def test_beheer_adds_an_account_in_the_app_others_cannot_open_it(accounts_db):
    at = start(email=accounts_db["beheer"])
    at.switch_page("pages/accounts.py").run()
    at.text_input[0].set_value("nieuw@tynaarlo.test")
    at.selectbox[0].set_value("gemeente")
    at.selectbox[1].set_value("GM1730")
    at.text_input[2].set_value("tynaarlo-wachtwoord")
    next(b for b in at.button if b.label == "Toevoegen").click().run()
    assert "nieuw@tynaarlo.test" in at.dataframe[0].value["E-mailadres"].tolist()
    signed_in = _sign_in(start(), "nieuw@tynaarlo.test", "tynaarlo-wachtwoord")
    assert any("(GM1730)" in c.value for c in signed_in.sidebar.caption)
    page = AppTest.from_file(str(ROOT / "pages/accounts.py"), default_timeout=60)
    page.session_state["_account_email"] = accounts_db["vng"]
    page.run()
    assert "Uw rol geeft geen toegang tot deze pagina." in [w.value for w in page.warning]
    assert not page.dataframe


def test_a_fund_edits_only_its_own_commitments_and_payments(accounts_db):
    at = AppTest.from_file(str(ROOT / "pages/bijwerken.py"), default_timeout=60)
    at.session_state["_account_email"] = accounts_db["fonds"]
    at.run()
    assert not at.exception, at.exception
    for key in ("kies_toezegging", "kies_betaling"):
        offered = at.selectbox(key=key).options  # the labels as shown: deelnemer/datum · financier · ...
        assert offered and all(" · VSBfonds · " in o for o in offered), offered
    locked = [i.value for i in at.info]
    assert "Uw rol wijzigt geen aanwezigheid; dat doen de gemeenten en beheer." in locked
    assert "Uw rol wijzigt geen mijlpalen; dat doen de gemeenten en beheer." in locked
    assert not [s for s in at.selectbox if s.key in ("kies_aanwezigheid", "kies_mijlpaal")]
