"""The Cofinanciering page (the match ledger) through app.py against an independent recount from the raw rows."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from samen_data.store.models import Betaling, Deelnemer, Toezegging
from samen_ui.fmt import euro
from tests.recount import MAANDEN

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = {"toegezegd", "besloten", "deels_betaald", "betaald"}
SIDE = {"fondsbijdrage": "fonds", "gemeentelijke_investering": "gemeente", "eigen_middelen": "overig"}
FASE_NL = {
    "beoogd": "Beoogd",
    "toegezegd": "Toegezegd",
    "besloten": "Besloten",
    "deels_betaald": "Deels betaald",
    "betaald": "Betaald",
    "ingetrokken": "Ingetrokken",
}


def _page(
    programma: str | None = None, sporen: list[str] | None = None, periode: tuple[dt.date, dt.date] | None = None
) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    if programma:
        at.sidebar.selectbox(key="f_programma").set_value(programma).run()
    if sporen:
        at.sidebar.multiselect(key="f_sporen").set_value(sporen).run()
    if periode:
        at.sidebar.date_input[0].set_value(periode).run()
    at.switch_page("pages/cofinanciering.py").run()
    assert not at.exception, at.exception
    return at


def _recount(engine, programma: str = "SAMEN", periode: tuple[dt.date, dt.date] | None = None):
    """Per participant name the money per side and stage, and the ledger rows, straight from the ORM objects."""
    per = defaultdict(lambda: defaultdict(Decimal))
    rows, deelnemers = [], []
    with Session(engine) as s:
        for d in s.scalars(select(Deelnemer)):
            if d.programma.code != programma:
                continue
            deelnemers.append(d.naam)
            van, tot = periode or (d.programma.startdatum, d.programma.einddatum)
            for t in s.scalars(select(Toezegging).where(Toezegging.deelnemer_id == d.id)):
                side = SIDE[t.soort]
                paid = sum(
                    (
                        b.bedrag
                        for b in s.scalars(select(Betaling).where(Betaling.toezegging_id == t.id))
                        if van <= b.datum <= tot
                    ),
                    Decimal(0),
                )
                stage = "toegezegd" if t.fase in COMMITTED else t.fase
                per[d.naam][f"{side}_{stage}"] += t.bedrag
                per[d.naam][f"{side}_betaald_geld"] += paid
                per[d.naam]["toezeggingen"] += 1
                kenmerk = t.besluit_kenmerk or "–"
                dag = (
                    f"{t.besluit_datum.day} {MAANDEN[t.besluit_datum.month - 1]} {t.besluit_datum.year}"
                    if t.besluit_datum
                    else "–"
                )
                rows.append((d.naam, t.financier.naam, float(t.bedrag), FASE_NL[t.fase], kenmerk, dag, float(paid)))
    return per, rows, deelnemers


def _ratio(fonds: Decimal, gemeente: Decimal) -> str:
    return "–" if not fonds else "1 : " + f"{gemeente / fonds:.2f}".replace(".", ",")


def test_totals_at_the_top(app_db):
    at = _page()
    per, _, _ = _recount(app_db)
    fonds = sum(p["fonds_toegezegd"] for p in per.values())
    gemeente = sum(p["gemeente_toegezegd"] for p in per.values())
    shown = {m.label: m.value for m in at.metric}
    assert shown["Toegezegd door fondsen"] == euro(fonds) == "€ 630.000"
    assert shown["Toegezegd door gemeenten"] == euro(gemeente)
    assert shown["Match fonds : gemeente"] == _ratio(fonds, gemeente)
    # Paid split per side (the whole programme: in the period is up to its end), each with its share of committed.
    for label, side, committed in (
        ("Betaald door fondsen", "fonds", fonds),
        ("Betaald door gemeenten", "gemeente", gemeente),
    ):
        paid = sum(p[f"{side}_betaald_geld"] for p in per.values())
        tile = next(m for m in at.metric if m.label == label)
        assert tile.value == euro(paid)
        assert tile.proto.delta.startswith(f"{paid / committed:.0%} van toegezegd".replace(".", ","))
    assert "Betaald" not in shown


def test_one_row_per_participant_with_commitments(app_db):
    at = _page()
    table = at.dataframe[0].value
    per, _, deelnemers = _recount(app_db)
    assert sorted(table["Deelnemer"]) == sorted(per)  # kenniskring rows without any commitment are left out
    left_out = len(deelnemers) - len(per)
    assert left_out > 0 and any(f"{left_out} deelnemers zonder enige toezegging" in c.value for c in at.caption)
    for _, row in table.iterrows():
        p = per[row["Deelnemer"]]
        assert row["Fondsen toegezegd"] == float(p["fonds_toegezegd"])
        assert row["Gemeente toegezegd"] == float(p["gemeente_toegezegd"])
        assert row["Fondsen beoogd"] == float(p["fonds_beoogd"])
        assert row["Gemeente beoogd"] == float(p["gemeente_beoogd"])
        assert row["Fondsen ingetrokken"] == float(p["fonds_ingetrokken"])
        assert row["Gemeente ingetrokken"] == float(p["gemeente_ingetrokken"])
        assert row["Fondsen betaald"] == float(p["fonds_betaald_geld"])
        assert row["Gemeente betaald"] == float(p["gemeente_betaald_geld"])
        assert row["Cofinanciering"] == _ratio(p["fonds_toegezegd"], p["gemeente_toegezegd"])
        assert row["Nog toe te zeggen"] == float(max(p["fonds_toegezegd"] - p["gemeente_toegezegd"], 0))
        paid, committed = p["gemeente_betaald_geld"], p["gemeente_toegezegd"]
        assert row["Gemeente betaald (%)"] == (f"{paid / committed:.0%}" if committed else "–")
        assert row["Gemeente nog te betalen"] == float(committed - paid)


def test_behind_flag_exactly_where_the_gemeente_is_behind(app_db):
    at = _page()
    table = at.dataframe[0].value.set_index("Deelnemer")
    per, _, _ = _recount(app_db)
    behind = set()
    for naam, p in per.items():
        fonds, gemeente = p["fonds_toegezegd"], p["gemeente_toegezegd"]
        status = table.loc[naam, "Status"]
        # ▲ 'Achter op 1:1' where the gemeente committed some, but less than the funds.
        assert status.startswith("▲ Achter op 1:1 · ") == (0 < gemeente < fonds), naam
        # 1:1 only where the gemeente committed at least the funds' share; every lag shows in words.
        assert status.startswith("✔ 1:1 toegezegd · ") == (0 < fonds <= gemeente), naam
        # After the dot: what the gemeente paid of its commitment (without one: what the funds paid of theirs).
        side = "gemeente" if gemeente else "fonds"
        share = p[f"{side}_betaald_geld"] / p[f"{side}_toegezegd"]
        who = "gemeente betaalde" if gemeente else "fondsen betaalden"
        assert status.endswith(f" · {who} {share:.0%}"), naam
        if gemeente < fonds:
            behind.add(naam)
            assert status.split(" · ")[0] in (
                "▲ Achter op 1:1",
                "○ Alleen beoogd",
                "✖ Ingetrokken",
                "– Geen toezegging",
            ), naam
    assert {n for n in per if not table.loc[n, "Status"].startswith("✔ 1:1 toegezegd")} == behind
    assert len(behind) == 3  # the demo: Den Haag and Kampen behind, Vaals only intended
    # Every gemeente that committed pays in tranches (demo_check); only Vaals, whose money is intended, paid € 0,
    # and its status names what is intended rather than a paid share of nothing.
    assert [n for n in per if table.loc[n, "Status"].endswith("gemeente betaalde 0%")] == []
    assert [n.split(" – ")[0] for n in per if table.loc[n, "Status"].startswith("○ Alleen beoogd")] == ["Vaals"]
    match = next(m for m in at.metric if m.label == "Match fonds : gemeente")
    assert match.proto.delta == f"{len(behind)} van {len(per)} nog niet 1:1 toegezegd"


def test_ledger_of_all_commitments(app_db):
    at = _page()
    _, rows, _ = _recount(app_db)
    ledger = at.dataframe[1].value
    shown = [
        tuple(r)
        for r in ledger[
            ["Deelnemer", "Financier", "Bedrag", "Fase", "Besluitkenmerk", "Besluitdatum", "Betaald"]
        ].itertuples(index=False)
    ]
    assert Counter(shown) == Counter(rows)
    assert set(ledger["Soort"]) <= {"Fondsbijdrage", "Investering gemeente", "Eigen/overige middelen"}


def _chart_data(at: AppTest) -> list:
    chart = at.get("vega_lite_chart")[0].proto
    spec = json.loads(chart.spec)
    frames = {d.name: pa.ipc.open_stream(io.BytesIO(d.data.data)).read_pandas() for d in chart.datasets}
    return spec, [frames[layer["data"]["name"]] for layer in spec["layer"]]


def test_paid_against_committed_chart(app_db):
    at = _page()
    per, _, _ = _recount(app_db)
    spec, (lines, rules) = _chart_data(at)
    assert spec["layer"][0]["mark"]["interpolate"] == "step-after"
    assert spec["layer"][1]["mark"]["type"] == "rule"
    committed = dict(zip(rules["kant_label"], rules["toegezegd"], strict=True))
    assert committed == {
        "Fondsen": float(sum(p["fonds_toegezegd"] for p in per.values())),
        "Gemeente": float(sum(p["gemeente_toegezegd"] for p in per.values())),
    }
    for kant, key in (("Fondsen", "fonds_betaald_geld"), ("Gemeente", "gemeente_betaald_geld")):
        side = lines[lines["kant_label"] == kant]
        assert side["cumulatief"].is_monotonic_increasing
        assert side["cumulatief"].iloc[-1] == float(sum(p[key] for p in per.values()))
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == ["2022-11-28T00:00:00", "2024-11-30T00:00:00"]


def test_period_limits_what_is_paid(app_db):
    periode = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    at = _page(periode=periode)
    per, _, _ = _recount(app_db, periode=periode)
    table = at.dataframe[0].value.set_index("Deelnemer")
    for naam, p in per.items():
        assert table.loc[naam, "Fondsen betaald"] == float(p["fonds_betaald_geld"])
        assert table.loc[naam, "Gemeente betaald"] == float(p["gemeente_betaald_geld"])


def test_experiments_programme(app_db):
    at = _page(programma="VSB-EXP")
    per, _, _ = _recount(app_db, "VSB-EXP")
    table = at.dataframe[0].value
    assert sorted(table["Deelnemer"]) == sorted(per)
    assert "Eigen/overige middelen toegezegd" in table.columns  # the experiments bring their own means
    # The call has no gemeente match: no gemeente columns, no ratio, its own measure per participant.
    assert not [c for c in table.columns if c.startswith("Gemeente ") or c == "Nog toe te zeggen"]
    for _, row in table.iterrows():
        p = per[row["Deelnemer"]]
        own, fonds = p["overig_toegezegd"], p["fonds_toegezegd"]
        if own:
            assert row["Cofinanciering"] == (
                f"{euro(own)} eigen of andere middelen, {own / (own + fonds):.0%} van het totaal"
            )
            assert row["Status"].startswith("● Met eigen of andere middelen · fondsen betaalden ")
        else:
            assert row["Status"].startswith("□ Alleen fondsbijdrage · ")


def test_empty_selection_says_so(app_db):
    at = _page(sporen=["experiment"])
    assert not at.metric and not at.dataframe
    assert any("Geen toezeggingen" in i.value for i in at.info)


def test_a_table_over_1000_rows_loads_lazily_and_says_where_search_and_csv_went():
    """Up to LAZY_ROWS a table is sent whole (search and CSV in its toolbar); beyond, lazily (rows as the reader
    scrolls) with a line that names the filters and the downloads instead. AppTest itself keeps every table eager."""

    def script(rows: int) -> None:
        import pandas as pd

        from samen_ui import tables

        tables.show(pd.DataFrame({"Deelnemer": [f"D{i}" for i in range(rows)], "Bedrag": range(rows)}))

    from samen_ui.tables import LAZY_NOTE, LAZY_ROWS

    for rows, noted in ((LAZY_ROWS, False), (LAZY_ROWS + 1, True)):
        at = AppTest.from_function(script, args=(rows,)).run()
        assert not at.exception, at.exception
        assert len(at.dataframe[0].value) == rows
        assert (LAZY_NOTE in [c.value for c in at.caption]) is noted, rows
