"""Onderbouwing: every tile on every page opens the rows it was computed from, and those rows add up to the tile,
in random scopes (programme, period, gemeente, spoor, role), through app.py on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import random
from decimal import Decimal

import pandas as pd
import pytest
from sqlalchemy import select as sql_select
from sqlalchemy.orm import Session

from samen_data import queries
from samen_data.access import accounts
from samen_data.access.scope import Scope
from samen_data.figures.definities import definitie
from samen_data.figures.onderbouwing import AANDEEL, AANTAL, FIGUREN, GEMIDDELDE, GEWOGEN, SOM, VERHOUDING, figuur
from samen_data.filters import Filters
from samen_data.store.models import Deelnemer, Programma
from samen_ui.fmt import euro, getal, procent, ratio
from samen_ui.tiles import popover_key
from tests.apptest_helpers import select, shown, start
from tests.conftest import app_on

PAGES = (
    "pages/overzicht.py",
    "pages/cofinanciering.py",
    "pages/gemeente.py",
    "pages/bijeenkomsten.py",
    "pages/samenwerking.py",
)
VAALS = "GM0981"
SEED = int(os.environ.get("SAMEN_TEST_SEED", "15"))


@pytest.fixture
def app_any(demo_url, monkeypatch):
    """The app on a fresh demo database on each backend, with one account per role."""
    yield from app_on(demo_url, monkeypatch)


def _accounts(engine) -> dict[str, str]:
    made = {
        "beheer": accounts.add_user(engine, "beheer@samen.test", "beheer", password="beheer-wachtwoord-1"),
        "fonds": accounts.add_user(
            engine, "fin@vsbfonds.test", "fonds", fonds="VSBfonds", password="fonds-wachtwoord-1"
        ),
        "gemeente": accounts.add_user(
            engine, "ambtenaar@vaals.test", "gemeente", gemeente=VAALS, password="vaals-wachtwoord-1"
        ),
    }
    return {role: a.email for role, a in made.items()}


def _walk(node):
    """The app's elements and blocks in the order they are drawn."""
    yield node
    for _, child in sorted(getattr(node, "children", {}).items()):
        yield from _walk(child)


def _is_popover(node) -> bool:
    from streamlit.proto.Block_pb2 import Block as BlockProto

    proto = getattr(node, "proto", None)
    return isinstance(proto, BlockProto) and proto.WhichOneof("type") == "popover"


def tiles_with_rows(at) -> list[tuple[str, str, pd.DataFrame | None]]:
    """(label, value, the rows in its open Onderbouwing or None) per tile, a tile's popover drawn right under it."""
    out: list[list] = []
    for node in _walk(at.main):
        if getattr(node, "type", None) == "metric":
            out.append([shown(node.label), shown(node.value), None])
        elif _is_popover(node) and out:
            frames = [n for n in _walk(node) if getattr(n, "type", None) == "dataframe"]
            out[-1][2] = frames[0].value if frames else None
    return [tuple(t) for t in out]


def _num(values) -> Decimal:
    return sum((Decimal(str(v)) for v in values if pd.notna(v)), Decimal(0))


def recount(label: str, rows: pd.DataFrame) -> str:
    """The tile's value from its Onderbouwing rows alone, formatted as the tile is."""
    fig = FIGUREN[label]
    per_programme = "Rijen" in rows  # a gemeente account on programme totals: one row per programme
    n = int(_num(rows["Rijen"])) if per_programme else len(rows)
    if fig.maat == AANTAL:
        return getal(n)
    if fig.maat == SOM:
        total = _num(rows["Bedrag"] if "Bedrag" in rows else rows["Aanwezig"])
        return euro(total) if "Bedrag" in rows else getal(total)
    if fig.maat == GEMIDDELDE:
        return getal(float(_num(rows["Aanwezig"]) / n) if n else None)
    if fig.maat == AANDEEL:
        registered = _num(rows["Aangemeld"])
        return procent(float(_num(rows["Aanwezig"]) / registered) if registered else None)
    if fig.maat == GEWOGEN:
        if rows.empty:
            return "–"
        weights = _num(rows["Respondenten"])
        return f"{getal(float(_num(rows['Score'] * rows['Respondenten']) / weights), 1)} / 10"
    assert fig.maat == VERHOUDING
    fondsen = _num(rows.loc[rows["Kant"] == "Fondsen", "Bedrag"])
    return ratio(float(_num(rows.loc[rows["Kant"] == "Gemeente", "Bedrag"]) / fondsen) if fondsen else None)


def _scopes(engine, rng: random.Random, n: int) -> list[dict]:
    """n random selections: a role, a programme, maybe a period, a gemeente (of that programme), a track."""
    with Session(engine) as s:
        programmes = {p.code: (p.startdatum, p.einddatum) for p in s.scalars(sql_select(Programma))}
        per_programme = {
            code: sorted({d.gemeente_code for d in s.scalars(sql_select(Deelnemer)) if d.programma.code == code})
            for code in programmes
        }
    out = []
    for i in range(n):
        code = "SAMEN" if i == 0 else rng.choice(sorted(programmes))
        role = ("beheer", "gemeente", "fonds")[i % 3]
        start_, end = programmes[code]
        chosen: dict = {"f_programma": code}
        if rng.random() < 0.6:
            days = (end - start_).days
            a = start_ + dt.timedelta(days=rng.randrange(0, days // 2))
            chosen["periode"] = (a, min(end, a + dt.timedelta(days=rng.randrange(60, days))))
        if role != "gemeente" and rng.random() < 0.6:
            chosen["f_gemeente"] = rng.choice(per_programme[code])
        if rng.random() < 0.4:
            chosen["f_sporen"] = [rng.choice(["proeftuin", "kenniskring", "experiment"])]
        out.append({"role": role, "selection": chosen})
    return out


def _open_all(at, labels) -> None:
    for lab in labels:
        if figuur(lab) is not None:
            at.session_state[popover_key(lab)] = True
    at.run()
    assert not at.exception, at.exception


def test_every_tile_on_every_page_adds_up_from_its_rows_in_random_scopes(app_any):
    emails = _accounts(app_any)
    rng = random.Random(SEED)
    checked: dict[str, int] = {}
    for scope in _scopes(app_any, rng, 3):
        at = start(email=emails[scope["role"]])
        at.switch_page("pages/overzicht.py").run()
        select(at, scope["selection"])
        for page in PAGES:
            if page == "pages/gemeente.py" and scope["role"] != "gemeente" and "f_gemeente" not in scope["selection"]:
                continue  # no gemeente chosen: the page asks for one, it has no tiles
            at.switch_page(page).run()
            assert not at.exception, (page, scope, at.exception)
            _open_all(at, [lab for lab, _, _ in tiles_with_rows(at)])
            for lab, value, rows in tiles_with_rows(at):
                assert lab in FIGUREN, f"{page}: tile {lab!r} has no Onderbouwing"
                assert rows is not None, (page, lab, scope)
                assert recount(lab, rows) == value, (page, lab, scope, rows.head())
                checked[page] = checked.get(page, 0) + 1
    assert set(checked) >= {
        "pages/overzicht.py",
        "pages/cofinanciering.py",
        "pages/bijeenkomsten.py",
        "pages/samenwerking.py",
    }


def test_the_popover_shows_the_readme_rule_and_the_date_of_the_newest_row(app_db):
    at = start()
    at.switch_page("pages/cofinanciering.py").run()
    _open_all(at, ["Betaald door fondsen"])
    texts = [shown(m.value) for m in at.markdown]
    assert shown(definitie("Betaald door fondsen")) in texts
    rows = next(r for lab, _, r in tiles_with_rows(at) if lab == "Betaald door fondsen")
    newest = pd.to_datetime(rows["Datum"]).max()
    assert any(f"bijgewerkt t/m {newest:%d-%m-%Y}" in c.value for c in at.caption)
    closed = [r for lab, _, r in tiles_with_rows(at) if lab != "Betaald door fondsen"]
    assert closed and all(r is None for r in closed)  # a closed popover reads no rows


def test_a_gemeente_on_programme_totals_gets_one_row_per_programme_never_other_gemeenten(demo_engine):
    vaals = Scope(rol="gemeente", email="a@vaals.test", gemeente=VAALS)
    beheer = Scope(rol="beheer", email="b@samen.test")
    f = Filters(programma="SAMEN")
    totals = queries.run(queries.rijen_toegezegd, demo_engine, vaals, f, ("fonds",))
    everything = queries.run(queries.rijen_toegezegd, demo_engine, beheer, f, ("fonds",))
    assert list(totals.columns) == ["Programma", "Rijen", "Bedrag", "Datum"] and len(totals) == 1
    assert _num(totals["Bedrag"]) == _num(everything["Bedrag"]) and int(totals["Rijen"].sum()) == len(everything)
    assert everything["Gemeente"].nunique() > 1
    own = queries.run(queries.rijen_betaald, demo_engine, vaals, Filters("SAMEN", gemeente="GM0014"), "fonds", True)
    assert set(own["Gemeente"]) <= {"Vaals"}  # asking for another gemeente gives its own


def test_every_slide_tile_adds_up_from_its_rows_in_the_slides_own_scope(app_db):
    """Presentatie: the bar's Onderbouwing gives, per tile of the slide on screen, the rows it is computed from;
    on a proeftuin's slide those of that gemeente only."""
    at = start()
    at.switch_page("pages/presentatie.py").run()
    checked, first = 0, None
    while True:
        title = shown(at.header[0].value)
        if title == first:
            break
        first = first or title
        at.session_state["pres_onderbouwing"] = True  # a slide without tiles (the map) draws no popover: reopen
        at.run()
        choice = [b for b in at.selectbox if b.label == "Cijfer op deze dia"]
        values = {shown(m.label): shown(m.value) for m in at.main.metric}
        for label in choice[0].options if choice else []:
            choice[0].set_value(label).run()
            frames = [n for n in _walk(at.main) if getattr(n, "type", None) == "dataframe"]
            assert frames, (title, label)
            assert recount(label, frames[0].value) == values[label], (title, label, frames[0].value.head())
            if title.startswith("Proeftuin ") and "Gemeente" in frames[0].value:
                assert set(frames[0].value["Gemeente"]) <= {title.removeprefix("Proeftuin ")}, (title, label)
            checked += 1
            choice = [b for b in at.selectbox if b.label == "Cijfer op deze dia"]
        next(b for b in at.button if b.label == "Volgende ▶").click().run()
        assert not at.exception, at.exception
    assert checked >= 40  # 5 sections and 7 proeftuinen, 3 to 10 tiles each
