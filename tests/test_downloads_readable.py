"""Downloads that read like the screen: a table's Excel file has the headers shown on screen, Dutch status labels,
amounts as numbers in a euro format, and first the page's selection and the date (AppTest, the real download)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pandas as pd

from samen_data.store.vocab import TOEZEGGING_FASEN, label
from samen_data.transfer.leesbaar import EURO_FORMAT, HEADER_ROW, csv_with_heading, xlsx_bytes
from tests.apptest_helpers import scope_lines, select, start
from tests.test_download_recheck import _click_file, registries  # noqa: F401  (fixture)


def today_line() -> str:
    """The download's date line, read when the download is made (a run may pass midnight)."""
    return f"Gedownload op {dt.date.today():%d-%m-%Y}"


def _excel(at, registry, name: str):
    button = next(b for b in at.download_button if b.label == "Excel" and b.proto.help == f"{name} als Excel-bestand")
    return openpyxl.load_workbook(io.BytesIO(_click_file(registry, button))).active


def _table(ws) -> tuple[list[str], list[tuple]]:
    rows = list(ws.iter_rows(min_row=HEADER_ROW, values_only=True))
    return list(rows[0]), rows[1:]


def _column(ws, headers: list[str], header: str):
    i = headers.index(header) + 1
    return [row[0] for row in ws.iter_rows(min_row=HEADER_ROW + 1, min_col=i, max_col=i)]


def test_the_ledger_download_reads_like_the_table_on_screen(app_db, registries):  # noqa: F811
    at = start()
    at.switch_page("pages/cofinanciering.py").run()
    select(at, {"f_gemeente": "GM0981", "periode": (dt.date(2023, 1, 1), dt.date(2024, 6, 30))})
    at.switch_page("pages/cofinanciering.py").run()
    assert not at.exception, at.exception
    ws = _excel(at, registries[-1], "Toezeggingen")
    assert ws["A1"].value == "Toezeggingen"
    assert ws["A2"].value == f"Selectie: {scope_lines(at)[0]}" and "Vaals" in ws["A2"].value
    assert ws["A3"].value == today_line()

    headers, rows = _table(ws)
    on_screen = at.dataframe[-1].value  # the ledger as the page shows it
    assert set(on_screen.columns) - {"Bron"} <= set(headers), (list(on_screen.columns), headers)
    assert not [h for h in headers if "_" in h]  # no deelnemer_id, besluit_datum, ...
    fasen = set(_column_values(ws, headers, "Fase"))
    assert fasen <= {label(f) for f in TOEZEGGING_FASEN} and not fasen & set(TOEZEGGING_FASEN)
    amounts = _column(ws, headers, "Bedrag")
    assert amounts and all(isinstance(c.value, (int, float)) and c.number_format == EURO_FORMAT for c in amounts)
    assert sum(c.value for c in amounts) == on_screen["Bedrag"].sum()
    assert len(rows) == len(on_screen)


def test_the_match_download_has_the_headers_and_statuses_of_the_screen(app_db, registries):  # noqa: F811
    at = start()
    at.switch_page("pages/cofinanciering.py").run()
    assert not at.exception, at.exception
    ws = _excel(at, registries[-1], "Cofinanciering per deelnemer")
    assert ws["A2"].value == f"Selectie: {scope_lines(at)[0]}" and ws["A3"].value == today_line()
    headers, _ = _table(ws)
    match = next(d.value for d in at.dataframe if "Cofinanciering" in d.value.columns)  # the match table shown
    assert {"Deelnemer", "Gemeente", "Status", "Cofinanciering", "Fondsen toegezegd", "Gemeente toegezegd"} <= set(
        headers
    )
    assert set(match.columns) - {"Nog toe te zeggen"} <= set(headers) | {"Fondsen betaald (%)", "Gemeente betaald (%)"}
    assert "fonds_toegezegd" not in headers and "deelnemer_id" not in headers
    assert _column_values(ws, headers, "Status") == list(match["Status"])  # "✔ 1:1 toegezegd · gemeente betaalde …"
    assert set(_column_values(ws, headers, "Stand 1:1")) <= {
        "1:1 toegezegd",
        "Achter op 1:1",
        "Alleen beoogd",
        "Ingetrokken",
        "Geen toezegging",
    }
    for header in ("Fondsen toegezegd", "Gemeente toegezegd", "Nog toe te zeggen"):
        assert {c.number_format for c in _column(ws, headers, header)} == {EURO_FORMAT}


def _column_values(ws, headers, header):
    return [c.value for c in _column(ws, headers, header)]


def test_the_heading_and_the_cells_keep_the_formula_guard():
    frame = pd.DataFrame({"deelnemer": ['=HYPERLINK("http://x")'], "fase": ["deels_betaald"], "bedrag": [1250.5]})
    ws = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame, "Proef", "=1+1 · Vaals", dt.date(2024, 3, 12)))).active
    assert ws["A2"].value == "Selectie: =1+1 · Vaals"  # starts with text: no formula
    headers, rows = _table(ws)
    assert headers == ["Deelnemer", "Fase", "Bedrag"] and rows == [
        ('\'=HYPERLINK("http://x")', "Deels betaald", 1250.5)
    ]
    assert ws["A3"].value == "Gedownload op 12-03-2024"
    text = csv_with_heading(frame, "Proef", "@SUM(A1) · Vaals", dt.date(2024, 3, 12)).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    # One heading line (a script reads the table with skiprows=1); a name that looks like a formula stays text.
    assert lines[0] == ["Proef · Selectie: @SUM(A1) · Vaals · Gedownload op 12-03-2024"]
    assert lines[1] == ["Deelnemer", "Fase", "Bedrag"] and lines[2] == [
        '\'=HYPERLINK("http://x")',
        "Deels betaald",
        "1250,5",
    ]
    guarded = csv_with_heading(frame, "=Proef", "Vaals", dt.date(2024, 3, 12)).decode("utf-8-sig")
    assert guarded.splitlines()[0].startswith("'=Proef · Selectie: Vaals")
    table = pd.read_csv(io.StringIO(text), sep=";", decimal=",", skiprows=1)
    assert list(table.columns) == ["Deelnemer", "Fase", "Bedrag"] and table["Bedrag"].tolist() == [1250.5]
