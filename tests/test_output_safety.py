"""Output that cannot be turned against its reader: hostile text through CSV and xlsx (and back in through the
import), user text shown as text on the pages, and programme totals that do not show another gemeente's single
payments to a gemeente account."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal

import openpyxl
import pandas as pd
import pyarrow as pa
import pytest
from sqlalchemy import Engine, select, text
from streamlit.testing.v1 import AppTest

from samen_data import queries
from samen_data.access import accounts
from samen_data.access.scope import BEHEER, Scope
from samen_data.filters import Filters
from samen_data.store.db import session_scope
from samen_data.store.models import Betaling, Deelnemer, Mijlpaal, Toezegging
from samen_data.transfer import csv_bytes, export_frames, export_workbook, frame_xlsx_bytes, import_file, neutralise
from samen_data.transfer.guard import unguard
from samen_ui.safe_text import plain
from tests.apptest_helpers import open_page, start
from tests.test_download_recheck import app, app_url  # noqa: F401 - the app on a fresh demo, both backends

ACTIVE = ("=", "+", "-", "@", "\t")
LINE_BREAK = re.compile(r"\r\n|\r|\n")
HOSTILE = [
    "Besluit 12\r=cmd|' /C notepad'!A0",  # the reproduction: a bare CR, then a formula
    'Besluit 13\n=HYPERLINK("http://x")',  # LF
    "Besluit 14\r\n+31 6 1234 5678",  # CRLF
    "regel 1\n-2+3",
    "regel 1\n@SUM(A1)",
    "regel 1\n\t=1",
    "=SUM(A1)\n=SUM(A2)",  # the first line too
    "[klik](http://x) en **vet**",  # Markdown: no formula, stays as it is
]
VAALS = Scope(rol="gemeente", email="ambtenaar@vaals.test", gemeente="GM0981")


def _lines(cell: str) -> list[str]:
    return LINE_BREAK.split(cell)


def _no_active_line(cell: str) -> None:
    assert not any(line.startswith(ACTIVE) for line in _lines(cell)), repr(cell)


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_through_csv_is_one_quoted_cell_without_an_active_line(value):
    frame = pd.DataFrame({"kenmerk": ["TZ-1"], "besluitkenmerk": [value], "bedrag": [Decimal("10.50")]})
    content = csv_bytes(frame).decode("utf-8-sig")
    for physical_line in content.splitlines():  # any reader that splits the file at a CR or LF
        assert not physical_line.startswith(ACTIVE), repr(physical_line)
    rows = list(csv.reader(io.StringIO(content, newline=""), delimiter=";"))
    assert rows == [["kenmerk", "besluitkenmerk", "bedrag"], ["TZ-1", neutralise(value), "10,50"]]
    _no_active_line(rows[1][1])
    read = pd.read_csv(io.StringIO(content, newline=""), sep=";", dtype=str)
    assert read.to_dict("records") == [{"kenmerk": "TZ-1", "besluitkenmerk": neutralise(value), "bedrag": "10,50"}]
    assert unguard(neutralise(value)) == value  # nothing lost: the import takes the apostrophes off again


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_in_xlsx_is_a_string_cell_without_an_active_line(value):
    ws = openpyxl.load_workbook(io.BytesIO(frame_xlsx_bytes(pd.DataFrame({"omschrijving": [value]})))).active
    assert ws["A2"].data_type == "s"  # a string, never a formula
    assert ws["A2"].value == neutralise(value)
    _no_active_line(ws["A2"].value)


def test_markdown_is_left_as_it_is_in_files():
    assert neutralise("[klik](http://x) en **vet**") == "[klik](http://x) en **vet**"


def test_control_characters_do_not_break_the_xlsx_export():
    ws = openpyxl.load_workbook(
        io.BytesIO(frame_xlsx_bytes(pd.DataFrame({"omschrijving": ["bel\x07 \x00hier"]})))
    ).active
    assert ws["A2"].value == "bel\ufffd \ufffdhier"


def _put_hostile_text(engine: Engine) -> dict[str, str]:
    """Hostile text in a commitment's decision reference, a payment's and a milestone's description."""
    with session_scope(engine) as s:
        toezegging = s.scalar(select(Toezegging).order_by(Toezegging.kenmerk).limit(1))
        betaling = s.scalar(select(Betaling).order_by(Betaling.kenmerk).limit(1))
        mijlpaal = s.scalar(select(Mijlpaal).order_by(Mijlpaal.kenmerk).limit(1))
        toezegging.besluit_kenmerk, betaling.omschrijving, mijlpaal.omschrijving = HOSTILE[0], HOSTILE[2], HOSTILE[1]
        return {"toezegging": toezegging.kenmerk, "betaling": betaling.kenmerk, "mijlpaal": mijlpaal.kenmerk}


def test_whole_database_export_with_hostile_text_reads_back_unchanged(demo_engine):
    kenmerken = _put_hostile_text(demo_engine)
    exported = export_workbook(demo_engine, BEHEER)
    wb = openpyxl.load_workbook(io.BytesIO(exported))
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
                    _no_active_line(cell.value)
    result = import_file(demo_engine, exported, "samen-database.xlsx", BEHEER, dry_run=True)
    assert (result.toegevoegd, result.gewijzigd) == (0, 0)  # the hostile text is read back exactly as stored
    betalingen = export_frames(demo_engine, BEHEER)["Betalingen"]
    again = import_file(demo_engine, csv_bytes(betalingen), "betalingen.csv", BEHEER, dry_run=True)
    assert (again.toegevoegd, again.gewijzigd) == (0, 0)
    with session_scope(demo_engine) as s:
        assert (
            s.scalar(select(Toezegging.besluit_kenmerk).where(Toezegging.kenmerk == kenmerken["toezegging"]))
            == HOSTILE[0]
        )
        assert s.scalar(select(Betaling.omschrijving).where(Betaling.kenmerk == kenmerken["betaling"])) == HOSTILE[2]


# --- user text on the pages ------------------------------------------------------------------------------------

LINK, BOLD = "[klik](http://x)", "**vet**"
MILESTONE = f"Coalitie {LINK} en {BOLD}"
NAME = f"{BOLD} initiatief {LINK}"


def _rendered_as_markdown(at: AppTest) -> list[str]:
    """Every text Streamlit renders as Markdown: markdown, captions, headings, alerts, metric labels, st.table cells."""
    texts = [
        e.value
        for e in (
            *at.markdown,
            *at.caption,
            *at.title,
            *at.header,
            *at.subheader,
            *at.info,
            *at.warning,
            *at.error,
            *at.success,
        )
        if isinstance(e.value, str)
    ]
    texts += [m.label for m in at.metric]
    for table in at.table:
        frame = table.value
        texts += [str(v) for v in frame.to_numpy().ravel()] + [str(c) for c in frame.columns]
    return texts


def _markdown_in_the_data(engine: Engine) -> str:
    """A Vaals milestone, every dimension and a Vaals participant without commitments get Markdown in their text."""
    with engine.begin() as conn:
        deelnemer = (
            conn.execute(
                text(
                    "SELECT d.id FROM deelnemer d JOIN programma p ON p.id = d.programma_id WHERE p.code = 'SAMEN' "
                    "AND d.gemeente_code = 'GM0981' ORDER BY d.id"
                )
            )
            .scalars()
            .first()
        )
        conn.execute(
            text(
                "UPDATE mijlpaal SET omschrijving = :t WHERE id = (SELECT MIN(id) FROM mijlpaal "
                "WHERE deelnemer_id = :d)"
            ),
            {"t": MILESTONE, "d": deelnemer},
        )
        conn.execute(
            text("UPDATE meting SET dimensie = :pre || dimensie || :post"), {"pre": "**", "post": f"** {LINK}"}
        )
    with session_scope(engine) as s:  # a participant without commitments: named in a caption on Gemeente
        kenniskring = Deelnemer(
            programma_id=s.get(Deelnemer, deelnemer).programma_id,
            gemeente_code="GM0981",
            naam=NAME,
            spoor="kenniskring",
            status="actief",
        )
        s.add(kenniskring)
    return MILESTONE


def _no_live_markdown(at: AppTest) -> None:
    shown = _rendered_as_markdown(at)
    live = [t for t in shown if LINK in t or BOLD in t]
    assert not live, live


def test_markdown_in_names_and_descriptions_stays_text_on_samenwerking(app):  # noqa: F811
    _markdown_in_the_data(app)
    at = open_page("pages/samenwerking.py", "Samenwerking")
    _no_live_markdown(at)
    milestones = at.table[-1].value
    assert plain(MILESTONE) in milestones["Mijlpaal"].tolist()
    assert "\\[klik\\]\\(http\\:\\/\\/x\\)" in plain(MILESTONE)
    sentence = next(m.value for m in at.markdown if "kloof het grootst" in m.value)
    assert "\\*\\*" in sentence and "\\[klik\\]" in sentence  # the dimension named, escaped
    dimensions = at.table[0].value["Dimensie"].tolist()
    assert all("\\[klik\\]" in d for d in dimensions)


def test_markdown_in_names_and_descriptions_stays_text_on_gemeente(app):  # noqa: F811
    _markdown_in_the_data(app)
    at = open_page("pages/gemeente.py", "Gemeente", query={"gemeente": "GM0981"})
    _no_live_markdown(at)
    assert any(plain(NAME) in c.value for c in at.caption)
    shown_as_data = at.dataframe[-1].value["Omschrijving"].tolist()  # st.dataframe shows text as text
    assert MILESTONE in shown_as_data


def test_the_check_above_can_fail(app, monkeypatch):  # noqa: F811
    _markdown_in_the_data(app)
    import samen_ui.samenwerking  # noqa: PLC0415

    monkeypatch.setattr(samen_ui.samenwerking, "plain_column", lambda values: values)  # as before the escaping
    at = open_page("pages/samenwerking.py", "Samenwerking")
    with pytest.raises(AssertionError):
        _no_live_markdown(at)


# --- programme totals over time for a gemeente account ----------------------------------------------------------


def _two_payments_in_one_month_elsewhere(engine: Engine) -> None:
    """Two payments by 's-Hertogenbosch's side in June 2023 (each readable per day)."""
    with session_scope(engine) as s:
        tz = s.scalar(
            select(Toezegging.id)
            .join(Deelnemer, Deelnemer.id == Toezegging.deelnemer_id)
            .where(Deelnemer.gemeente_code == "GM0796", Toezegging.soort == "gemeentelijke_investering")
            .order_by(Toezegging.id)
            .limit(1)
        )
        s.add_all(
            [
                Betaling(toezegging_id=tz, datum=dt.date(2023, 6, 5), bedrag=Decimal("1234.00"), bron="invoer"),
                Betaling(toezegging_id=tz, datum=dt.date(2023, 6, 20), bedrag=Decimal("4321.00"), bron="invoer"),
            ]
        )


SAMEN = Filters(programma="SAMEN", van=dt.date(2022, 11, 28), tot=dt.date(2024, 11, 30))


def test_a_gemeente_sees_paid_over_time_per_month(demo_engine):
    _two_payments_in_one_month_elsewhere(demo_engine)
    per_day = queries.run(queries.betalingen_cumulatief, demo_engine, BEHEER, SAMEN)
    assert {dt.date(2023, 6, 5), dt.date(2023, 6, 20)} <= set(per_day["datum"])  # funds and VNG: per day
    vaals = queries.run(queries.betalingen_cumulatief, demo_engine, VAALS, SAMEN)
    months = pd.to_datetime(vaals["datum"]).dt.to_period("M")
    assert not pd.DataFrame({"kant": vaals["kant"], "maand": months}).duplicated().any()  # one point per month
    june = vaals[(vaals["kant"] == "gemeente") & (months == pd.Period("2023-06", "M"))]
    assert june["datum"].tolist() == [dt.date(2023, 6, 30)] and Decimal("5555.00") <= june["bedrag"].iloc[0]
    assert 1234 not in vaals["bedrag"].astype(float).tolist() and 4321 not in vaals["bedrag"].astype(float).tolist()
    for kant in ("fonds", "gemeente"):  # the same totals, only coarser
        assert (
            vaals[vaals["kant"] == kant]["cumulatief"].iloc[-1]
            == per_day[per_day["kant"] == kant]["cumulatief"].iloc[-1]
        )
    own = queries.run(queries.betalingen_cumulatief, demo_engine, VAALS, Filters(programma="SAMEN", gemeente="GM0981"))
    assert own.equals(
        queries.run(queries.betalingen_cumulatief, demo_engine, BEHEER, Filters(programma="SAMEN", gemeente="GM0981"))
    )  # its own payments: per day


def test_a_gemeente_account_gets_the_programme_per_month_and_its_own_payments_per_day(app):  # noqa: F811
    _two_payments_in_one_month_elsewhere(app)
    accounts.add_user(app, VAALS.email, "gemeente", gemeente="GM0981", password="vaals-wachtwoord-1")
    at = start(email=VAALS.email)
    assert at.sidebar.selectbox(key="f_gemeente").value == "GM0981"  # it starts on its own gemeente
    at.sidebar.selectbox(key="f_gemeente").set_value("__alle__").run()  # Overzicht: the whole programme's totals
    assert not at.exception, at.exception
    chart = at.get("vega_lite_chart")[0].proto  # Betaald over de tijd, per month
    lines = pa.ipc.open_stream(io.BytesIO(chart.datasets[0].data.data)).read_pandas()
    months = pd.to_datetime(lines["datum"]).dt.to_period("M")
    assert not pd.DataFrame({"kant": lines["kant"], "maand": months}).duplicated().any()
    assert len(lines[(lines["kant"] == "gemeente") & (months == pd.Period("2023-06", "M"))]) == 1
    at.switch_page("pages/cofinanciering.py").run()  # per participant: drawn for Vaals only, per day
    assert not at.exception, at.exception
    chart = at.get("vega_lite_chart")[0].proto  # Betaald tegenover toegezegd
    spec = json.loads(chart.spec)
    assert "Betaald op die dag" in [t["title"] for t in spec["layer"][0]["encoding"]["tooltip"]]
    frames = {d.name: pa.ipc.open_stream(io.BytesIO(d.data.data)).read_pandas() for d in chart.datasets}
    bedragen = frames[spec["layer"][0]["data"]["name"]]["bedrag"].astype(float).tolist()
    assert 1234 not in bedragen and 4321 not in bedragen


def test_markdown_in_names_stays_text_on_every_slide(app):  # noqa: F811
    """Presentatie: the participant's name and milestone in Markdown, on every slide (tables, titles, texts)."""
    _markdown_in_the_data(app)
    with app.begin() as conn:
        conn.execute(
            text("UPDATE deelnemer SET naam = :n WHERE gemeente_code = 'GM0981' AND spoor = 'proeftuin'"),
            {"n": f"Vaals {NAME}"},
        )
    at = open_page("pages/presentatie.py")
    first, seen_name = at.header[0].value, False
    for _ in range(30):  # every slide once, until the deck wraps around to the first
        # The slide's message is an HTML block (html.escape'd): CommonMark leaves its inside alone, so it is skipped.
        live = [t for t in _rendered_as_markdown(at) if (LINK in t or BOLD in t) and not t.startswith("<p ")]
        assert not live, live
        seen_name |= any(plain(f"Vaals {NAME}") in t for t in _rendered_as_markdown(at))
        next(b for b in at.button if b.label == "Volgende ▶").click().run()
        if at.header[0].value == first:
            break
    assert seen_name  # the name was on a slide, escaped
