"""Oracle: on random data and random selections, every tile on every figure page (and the key table and chart
figures) equals an independent recount from the raw rows (tests/oracle_recount.py) in exactly the scope the
page's scope line names, through app.py (AppTest), on SQLite and PostgreSQL.

The scope is read back from the scope line, and checked against what was chosen: a gemeente account's detail
pages must name its own gemeente. A figure drawn in another scope (say programme-wide payments on Vaals's page)
then differs from the recount, and a tile the oracle does not know fails too, so no figure goes unchecked."""

from __future__ import annotations

import datetime as dt
import io
import random

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from samen_data.access import accounts
from samen_data.demo import generate
from samen_data.demo import loader as demo
from samen_data.formatting.fmt import euro, getal, procent
from samen_data.store.db import make_engine
from samen_ui.setup import ALLE
from tests.apptest_helpers import scope_lines, select, shown, start
from tests.conftest import app_on
from tests.oracle_recount import Recount, Rows, Scope, parse_scope

DATASETS = ["demo", 3, 2026]  # the demo, and the generator (tiny scale) with these seeds
# Selections per role; a gemeente account's first asks for the programme's totals ("Heel het programma").
ROLES = (("beheer", 2), ("fonds", 1), ("gemeente", 2))
REFERENCE = "programma (ter vergelijking, alle gemeenten): "


@pytest.fixture(params=DATASETS, ids=lambda d: f"seed{d}" if isinstance(d, int) else d)
def oracle_db(request, empty_url, monkeypatch):
    engine = make_engine(empty_url)
    if request.param == "demo":
        demo.load_demo(engine)
    else:
        generate.generate(engine, "tiny", seed=request.param)
    engine.dispose()
    engine = next(gen := app_on(empty_url, monkeypatch))
    yield engine, random.Random(str(request.param))
    next(gen, None)


def _selection(rng: random.Random, rows: Rows, rol: str, own: str, first: bool) -> dict:
    """A random programme (a gemeente account: one of its own), period (whole or part), gemeente (or all) and
    tracks (or all)."""
    programmes = rows.programma
    if rol == "gemeente":
        mine = rows.deelnemer.loc[rows.deelnemer["gemeente_code"] == own, "programma_id"]
        programmes = programmes[programmes["id"].isin(mine)]
    p = programmes.iloc[rng.randrange(len(programmes))]
    sel: dict = {"f_programma": p["code"]}
    if rng.random() < 0.6:
        days = (p["einddatum"] - p["startdatum"]).days
        a, b = sorted(rng.sample(range(days + 1), 2))
        sel["periode"] = (p["startdatum"] + dt.timedelta(days=a), p["startdatum"] + dt.timedelta(days=b))
    in_programme = rows.deelnemer.loc[rows.deelnemer["programma_id"] == p["id"], "gemeente_code"].unique().tolist()
    if rol == "gemeente":
        sel["f_gemeente"] = ALLE if first else rng.choice([own, ALLE])
    elif in_programme and rng.random() < 0.5:
        sel["f_gemeente"] = rng.choice(sorted(in_programme))
    if rng.random() < 0.4:
        sel["f_sporen"] = rng.sample(["proeftuin", "kenniskring", "experiment"], rng.randint(1, 2))
    return sel


def _expected_scope(rows: Rows, sel: dict, rol: str, own: str, totals: bool) -> Scope:
    p = rows.programma[rows.programma["code"] == sel["f_programma"]].iloc[0]
    van, tot = sel.get("periode", (p["startdatum"], p["einddatum"]))
    gemeente = sel.get("f_gemeente", ALLE)
    gemeente = None if gemeente == ALLE else gemeente
    if rol == "gemeente" and gemeente is None and not totals:
        gemeente = own  # a gemeente account's detail pages: its own gemeente throughout
    return Scope(p["code"], van, tot, gemeente, tuple(sorted(sel.get("f_sporen", ()))))


class Page:
    """One rendered page, and the comparisons made on it."""

    def __init__(self, at: AppTest, path: str, rows: Rows, expected: Scope) -> None:
        at.switch_page(path).run()
        assert not at.exception, at.exception
        self.at, self.path, self.n = at, path, 0
        line = scope_lines(at)[0]
        scope = parse_scope(line, rows)
        named = Scope(scope.programma, scope.van, scope.tot, scope.gemeente, tuple(sorted(scope.sporen)))
        assert named == expected, f"{path}: scope line '{line}' names {named}, expected {expected}"
        self.recount = Recount(rows, scope)

    def tiles(self, expected: dict[str, tuple[str, str | None]]) -> None:
        shown_tiles = {m.label: m for m in self.at.metric}
        assert set(shown_tiles) == set(expected), f"{self.path}: tiles {sorted(shown_tiles)} ≠ {sorted(expected)}"
        for label, (value, delta) in expected.items():
            m = shown_tiles[label]
            assert m.value == value, f"{self.path} · {label}: shown {m.value}, recount {value}"
            self.n += 1
            if delta is not None:
                assert m.proto.delta == delta, f"{self.path} · {label}: shown '{m.proto.delta}', recount '{delta}'"
                self.n += 1

    def equal(self, what: str, shown_value, recount) -> None:
        assert shown_value == recount, f"{self.path} · {what}: shown {shown_value}, recount {recount}"
        self.n += 1

    def frame(self, first_column: str) -> pd.DataFrame | None:
        return next(
            (
                d.value
                for d in [*self.at.dataframe, *self.at.table]
                if len(d.value.columns) and d.value.columns[0] == first_column
            ),
            None,
        )

    def captions(self) -> list[str]:
        return [shown(c.value) for c in self.at.caption]


def _charts(at: AppTest) -> list[pd.DataFrame]:
    frames = []
    for chart in at.get("vega_lite_chart"):
        frames += [pa.ipc.open_stream(io.BytesIO(d.data.data)).read_pandas() for d in chart.proto.datasets]
    return frames


def _reference(page: Page, expected: str | None) -> None:
    """A gemeente account's detail page: the programme only as a labelled reference, in the programme's scope."""
    refs = [c.split(REFERENCE, 1)[1] for c in page.captions() if REFERENCE in c]
    page.equal("programma-referentie", refs[:1], [expected] if expected else [])


def _programme(rows: Rows, r: Recount) -> Recount:
    s = r.s
    return Recount(rows, Scope(s.programma, s.van, s.tot, None, s.sporen))


def check_overzicht(page: Page, rows: Rows, eigen: bool) -> None:
    r = page.recount
    if r.deelnemers.empty:
        return page.equal("tegels zonder deelnemers", len(page.at.metric), 0)
    page.tiles({**r.overview_tiles(), **r.period_tile()})


def check_cofinanciering(page: Page, rows: Rows, eigen: bool) -> None:
    r = page.recount
    if r.toezeggingen.empty:
        return page.equal("tegels zonder toezeggingen", len(page.at.metric), 0)
    page.tiles({**r.money_tiles(), **r.period_tile()})
    p = _programme(rows, r)
    sides = euro(p.paid_until_end("fonds") / 100 + p.paid_until_end("gemeente") / 100)
    _reference(
        page,
        eigen
        and f"{euro(p.committed('fonds') / 100)} toegezegd door fondsen, "
        f"{euro(p.committed('gemeente') / 100)} door gemeenten, {sides} betaald.",
    )
    table = page.frame("Deelnemer")
    funded = r.deelnemers[r.deelnemers["id"].isin(r.toezeggingen["deelnemer_id"])]
    page.equal("deelnemers in de matchtabel", sorted(table["Deelnemer"]), sorted(funded["naam"]))
    by_name = dict(zip(funded["naam"], funded["id"], strict=True))
    # README: the table's "betaald" counts the period; its "betaald (%)" and "nog te betalen" count up to its end.
    sides = ("fonds", "gemeente") if r.een_op_een else ("fonds",)
    for row in table.to_dict("records"):
        i, who = by_name[row["Deelnemer"]], row["Deelnemer"]
        for kant, head in (("fonds", "Fondsen"), ("gemeente", "Gemeente")):
            if kant not in sides:
                continue
            committed, until_end = r.committed(kant, i), r.paid_until_end(kant, i)
            page.equal(f"{who} {kant} toegezegd", row[f"{head} toegezegd"], committed / 100)
            page.equal(f"{who} {kant} betaald", row[f"{head} betaald"], r.paid_in_period(kant, i) / 100)
            page.equal(
                f"{who} {kant} betaald (%)",
                row[f"{head} betaald (%)"],
                procent(until_end / committed) if committed else "–",
            )
        if r.een_op_een:
            gap = max(r.committed("gemeente", i) - r.paid_until_end("gemeente", i), 0)
            page.equal(f"{who} gemeente nog te betalen", row["Gemeente nog te betalen"], gap / 100)
    # "Betaald tegenover toegezegd": each side's line ends at what it paid up to the period's end, in this scope;
    # its dashed rule is at what that side committed.
    frames = _charts(page.at)
    lines = next((f for f in frames if {"kant", "cumulatief"} <= set(f.columns)), None)
    if lines is not None:
        ends = {k: round(float(g["cumulatief"].max()), 2) for k, g in lines.groupby("kant")}
        paid = {k: r.paid_until_end(k) / 100 for k in ("fonds", "gemeente", "overig") if r.paid_until_end(k)}
        page.equal("grafiek betaald per kant (eind)", ends, paid)
    rules = next((f for f in frames if "toegezegd" in f.columns and "kant_label" in f.columns), None)
    if rules is not None:
        want = {r.committed("fonds") / 100} | ({r.committed("gemeente") / 100} if r.een_op_een else set())
        want |= {r.committed("overig") / 100} if r.committed("overig") else set()
        page.equal("grafiek toegezegd per kant", set(rules["toegezegd"].astype(float)), want)
    ledger = next(d.value for d in page.at.dataframe if "Financier" in d.value.columns)
    page.equal("toezeggingen (rijen)", len(ledger), len(r.toezeggingen))
    page.equal("toezeggingen (bedrag)", round(ledger["Bedrag"].sum(), 2), r.toezeggingen["bedrag_cent"].sum() / 100)
    page.equal("toezeggingen (betaald in periode)", round(ledger["Betaald"].sum(), 2), r.paid_in_period() / 100)


def check_gemeente(page: Page, rows: Rows, eigen: bool) -> None:
    r = page.recount
    if r.s.gemeente is None or r.deelnemers.empty:
        return page.equal("tegels zonder gemeente", len(page.at.metric), 0)
    page.tiles(r.money_tiles(one=True))
    a = r.attendance()
    line = next((c for c in page.captions() if c.startswith("Aanwezig op ")), None)
    if not a.empty:
        page.equal(
            "aanwezigheid van de gemeente",
            line,
            f"Aanwezig op {getal(a['bijeenkomst_id'].nunique())} bijeenkomsten, "
            f"{getal(int(a['aanwezig'].sum()))} keer in totaal.",
        )


def check_bijeenkomsten(page: Page, rows: Rows, eigen: bool) -> None:
    r = page.recount
    if r.meetings().empty:
        return page.equal("tegels zonder bijeenkomsten", len(page.at.metric), 0)
    page.tiles(r.meeting_tiles())
    if eigen:
        p = _programme(rows, r).meeting_tiles()
        _reference(
            page,
            f"{p['Bijeenkomsten gehouden'][0]} bijeenkomsten gehouden, "
            f"{p['Aanwezigen (totaal)'][0]} aanwezigen, opkomst {p['Opkomst'][0]}.",
        )


def check_samenwerking(page: Page, rows: Rows, eigen: bool) -> None:
    r = page.recount
    expected = r.dimension_tiles()
    m = r.milestones()
    if not m.empty:
        counts = m["status"].value_counts()
        for tile in page.at.metric:
            if tile.label.split(" ", 1)[-1].lower() in ("gepland", "gestart", "bereikt", "vervallen"):
                status = tile.label.split(" ", 1)[-1].lower()
                expected[tile.label] = (str(int(counts.get(status, 0))), None)
        page.equal("mijlpalen (statussen getoond)", sum(len(lab) > 0 for lab in expected) - 3, 4)
    page.tiles(expected)


def check_kaart(page: Page, rows: Rows, eigen: bool) -> None:
    r = page.recount
    table = page.frame("Gemeente")
    if r.deelnemers.empty:
        return page.equal("kaart zonder deelnemers", table, None)
    names = dict(zip(rows.gemeente["cbs_code"], rows.gemeente["naam"], strict=True))
    per = {}
    for code, ds in r.deelnemers.groupby("gemeente_code"):
        sub = Recount.__new__(Recount)
        sub.__dict__ = {
            **r.__dict__,
            "toezeggingen": r.toezeggingen[r.toezeggingen["deelnemer_id"].isin(ds["id"])],
            "betalingen": r.betalingen[r.betalingen["deelnemer_id"].isin(ds["id"])],
        }
        per[names[code]] = (len(ds), sub.committed("fonds") / 100, sub.paid_in_period() / 100)
    shown_rows = {
        row["Gemeente"]: (row["Deelnemers"], row["Fondsen toegezegd"], round(row["Betaald"], 2))
        for row in table.to_dict("records")
    }
    page.equal("kaart per gemeente (deelnemers, fondsen toegezegd, betaald)", shown_rows, per)
    page.n += 2 * len(per)  # three figures per row, one comparison


# Gemeente last: for a gemeente account it sets the sidebar to its own gemeente (no choice there), which the
# pages after it keep.
PAGES = {
    "pages/overzicht.py": (check_overzicht, True),
    "pages/cofinanciering.py": (check_cofinanciering, False),
    "pages/bijeenkomsten.py": (check_bijeenkomsten, False),
    "pages/samenwerking.py": (check_samenwerking, False),
    "pages/kaart.py": (check_kaart, False),
    "pages/gemeente.py": (check_gemeente, False),
}


def test_every_figure_equals_the_recount_in_the_scope_it_names(oracle_db):
    engine, rng = oracle_db
    rows = Rows(engine)
    # The gemeente account's own gemeente has money, so its pages draw tiles and charts next to the programme's.
    paid = rows.toezegging.loc[rows.toezegging["id"].isin(rows.betaling["toezegging_id"]), "deelnemer_id"]
    own = rng.choice(sorted(rows.deelnemer.loc[rows.deelnemer["id"].isin(paid), "gemeente_code"].unique()))
    fonds = rows.organisatie.loc[rows.organisatie["soort"] == "fonds", "naam"].iloc[0]
    emails = {
        "beheer": accounts.add_user(engine, "beheer@oracle.test", "beheer").email,
        "fonds": accounts.add_user(engine, "fonds@oracle.test", "fonds", fonds=fonds).email,
        "gemeente": accounts.add_user(engine, "gemeente@oracle.test", "gemeente", gemeente=own).email,
    }
    n = 0
    for rol, times in ROLES:
        for k in range(times):
            sel = _selection(rng, rows, rol, own, first=k == 0)
            at = select(start(email=emails[rol]), sel)
            for path, (check, totals) in PAGES.items():
                expected = _expected_scope(rows, sel, rol, own, totals)
                if path == "pages/gemeente.py" and rol == "gemeente":
                    expected = Scope(expected.programma, expected.van, expected.tot, own, expected.sporen)
                page = Page(at, path, rows, expected)
                check(page, rows, eigen=rol == "gemeente" and sel.get("f_gemeente") == ALLE and not totals)
                n += page.n
    print(f"oracle: {n} figures checked")
    assert n > 50  # the selections drew figures; an oracle that compares nothing proves nothing
