"""Downloads that read like the screen: a table under a chart or on a page as Excel or CSV with Dutch headers (not
`deelnemer_id`, `fonds_toegezegd`), statuses as their Dutch labels, amounts as numbers in a euro format, and first
the selection the page showed and the date of the download.

Not the exchange format (export.py's sheets, which the import reads back): that keeps its own headers and codes."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import pandas as pd
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from samen_data.formatting.fmt import datum
from samen_data.store.vocab import label
from samen_data.transfer.export import csv_bytes, neutralise, xlsx_text

EURO_FORMAT = "€ #,##0.00"
PROCENT_FORMAT = "0%"
DATUM_FORMAT = "DD-MM-YYYY"
HEADER_ROW = 5  # rows 1-3: name, selection, date; row 4 empty

_KANT = {"fonds": "Fondsen", "gemeente": "Gemeente", "overig": "Eigen/overige middelen"}
_MEASURE = {
    "toegezegd": "toegezegd",
    "beoogd": "beoogd",
    "ingetrokken": "ingetrokken",
    "betaald": "betaald",
    "betaald_tm": "betaald t/m einddatum",
    "nog_te_betalen": "nog te betalen",
    "betaald_pct": "betaald (%)",
    "toegezegd_1op1": "toegezegd (1:1-regel)",
    "toegezegd_eigen": "toegezegd (regel van de oproep)",
}
# Per side and measure (money.py's columns): "Fondsen toegezegd", as the match table on screen has them.
_SIDE_COLUMNS = {f"{side}_{m}": f"{kant} {words}" for side, kant in _KANT.items() for m, words in _MEASURE.items()}
KOPPEN: dict[str, str] = {
    **_SIDE_COLUMNS,
    "deelnemer": "Deelnemer",
    "spoor": "Spoor",
    "gemeente_code": "CBS-code",
    "gemeente": "Gemeente",
    "regel": "Cofinancieringsregel",
    "ingetrokken": "Ingetrokken (alle kanten)",
    "betaald": "Betaald",
    "synthetisch": "Synthetisch (demo)",
    "matchstatus": "Stand 1:1",
    "matchratio": "Match (gemeente per fondseuro)",
    "nog_toe_te_zeggen": "Nog toe te zeggen",
    "eigen_aandeel": "Aandeel eigen middelen (%)",
    "maat": "Cofinanciering",
    "status_tekst": "Status",
    "gat": "Nog open",
    "financier": "Financier",
    "soort": "Soort",
    "bedrag": "Bedrag",
    "fase": "Fase",
    "besluit_kenmerk": "Besluitkenmerk",
    "besluit_datum": "Besluitdatum",
    "bron": "Bron",
    "datum": "Datum",
    "kant": "Kant",
    "cumulatief": "Cumulatief betaald",
    "golf": "Meting",
    "dimensie": "Les",
    "score": "Score",
    "respondenten": "Respondenten",
    "programma": "Programma",
    "categorie": "Categorie",
    "omschrijving": "Omschrijving",
    "status": "Status",
    "streefdatum": "Streefdatum",
    "datum_bereikt": "Datum bereikt",
    "titel": "Bijeenkomst",
    "tijd": "Tijd",
    "plaats": "Plaats",
    "locatie": "Locatie",
    "open_voor_iedereen": "Open voor iedereen",
    "bron_document": "Brondocument",
    "aangemeld": "Aangemeld",
    "aanwezig": "Aanwezig",
    "organisaties": "Organisaties",
    "rol": "Rol",
    "bijeenkomsten": "Bijeenkomsten",
    "organisatie": "Organisatie",
    "respondentgroep": "Respondentgroep",
    "deelnemers": "Deelnemers",
    "bewoners": "Bewoners",
    "fonds": "Fonds",
    "kloof": "Kloof",
    "voor_periode": "Betaald voor de periode",
    "in_periode": "Betaald in de periode",
    "tot_en_met": "Betaald t/m einddatum",
}
_PLUMBING = re.compile(r"(^|_)id$|^versie$|^heeft_toezegging$")  # keys and row versions: nothing a reader checks
_LABELLED = {
    "spoor",
    "regel",
    "matchstatus",
    "soort",
    "fase",
    "bron",
    "golf",
    "dimensie",
    "status",
    "rol",
    "respondentgroep",
    "categorie",
}
_MONEY = {c for c in _SIDE_COLUMNS if not c.endswith("_pct")} | {
    "ingetrokken",
    "betaald",
    "nog_toe_te_zeggen",
    "bedrag",
    "cumulatief",
    "voor_periode",
    "in_periode",
    "tot_en_met",
}
_PERCENT = {c for c in _SIDE_COLUMNS if c.endswith("_pct")} | {"eigen_aandeel"}
# Headers of amounts in frames that are already in Dutch (the tables as shown, a tile's Onderbouwing).
MONEY_HEADERS = {KOPPEN[c] for c in _MONEY} | {"Bedrag", "Betaald"}
PERCENT_HEADERS = {KOPPEN[c] for c in _PERCENT}


def _value_label(column: str, value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)) or not isinstance(value, str):
        return value
    text = _KANT.get(value, label(value)) if column == "kant" else label(value)
    return text[:1].upper() + text[1:]


def _header(column: str) -> str:
    if column in KOPPEN:
        return KOPPEN[column]
    if re.fullmatch(r"[a-z0-9_]+", column):  # an unknown code-like name: still no underscores on paper
        words = column.replace("_", " ")
        return words[:1].upper() + words[1:]
    return column  # already a heading (a table as shown on screen)


def leesbaar(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as a reader sees it: plumbing columns left out, Dutch headers, Dutch labels, ja/nee."""
    keep = [c for c in frame.columns if not _PLUMBING.search(str(c))]
    out = pd.DataFrame(index=frame.index)
    for column in keep:
        values = frame[column]
        if column in _LABELLED or column == "kant":
            values = values.map(lambda v, c=column: _value_label(c, v))
        elif values.dtype == bool or column in ("synthetisch", "open_voor_iedereen"):
            values = values.map(lambda v: v if v is None or pd.isna(v) else ("ja" if v else "nee"))
        out[_header(str(column))] = values
    return out.reset_index(drop=True)


def kopregels(naam: str, selectie: str, op: dt.date) -> list[str]:
    """What the file says above the table: what it is, the selection the page showed, and when it was made."""
    return [naam, f"Selectie: {selectie}", f"Gedownload op {datum(op, 'dd-MM-y')}"]


def xlsx_bytes(frame: pd.DataFrame, naam: str, selectie: str, op: dt.date | None = None) -> bytes:
    """The table as .xlsx: the heading lines, then the table with amounts in euros and dates as dates."""
    table = leesbaar(frame)
    cells = table.map(lambda v: float(v) if isinstance(v, Decimal) else xlsx_text(v)) if len(table) else table
    cells.columns = [xlsx_text(c) for c in table.columns]
    buffer = io.BytesIO()
    sheet = re.sub(r"[\[\]:*?/\\]", " ", naam)[:31] or "Gegevens"
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        cells.to_excel(writer, sheet_name=sheet, index=False, startrow=HEADER_ROW - 1)
        ws = writer.sheets[sheet]
        for row, text in enumerate(kopregels(naam, selectie, op or dt.date.today()), start=1):
            ws.cell(row=row, column=1, value=xlsx_text(text)).font = Font(bold=row == 1)
        ws.freeze_panes = f"A{HEADER_ROW + 1}"
        for i, header in enumerate(table.columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(12, min(48, len(str(header)) + 4))
            fmt = _number_format(header, table[header])
            if fmt:
                for (cell,) in ws.iter_rows(
                    min_row=HEADER_ROW + 1, max_row=HEADER_ROW + len(table), min_col=i, max_col=i
                ):
                    cell.number_format = fmt
    return buffer.getvalue()


def csv_with_heading(frame: pd.DataFrame, naam: str, selectie: str, op: dt.date | None = None) -> bytes:
    """The table as Dutch CSV (semicolons, decimal comma) under ONE heading line (name · selection · date, one cell):
    a script reads it with `skiprows=1`, as the README says; Excel shows the line above the table."""
    heading = " · ".join(kopregels(naam, selectie, op or dt.date.today())).replace(";", ",")
    body = csv_bytes(leesbaar(frame)).decode("utf-8-sig")
    return ("\ufeff" + csv_bytes(pd.DataFrame(columns=[neutralise(heading)])).decode("utf-8-sig") + body).encode(
        "utf-8"
    )


def _number_format(header: str, values: pd.Series) -> str | None:
    if header in MONEY_HEADERS:
        return EURO_FORMAT
    if header in PERCENT_HEADERS:
        return PROCENT_FORMAT
    sample = values.dropna()
    if len(sample) and all(isinstance(v, (dt.date, pd.Timestamp)) for v in sample.head(20)):
        return DATUM_FORMAT
    return None


__all__ = ["EURO_FORMAT", "KOPPEN", "csv_with_heading", "kopregels", "leesbaar", "xlsx_bytes"]
