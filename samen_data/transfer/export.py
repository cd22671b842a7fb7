"""Exporting: the whole database in the exchange format (the import's own sheets), the template,
and Dutch CSV. Text that a spreadsheet would run as a formula is neutralised with an apostrophe, on every
line of a cell (see guard.py); the CSV quotes every value that holds a line break."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import Engine, Select, select
from sqlalchemy.orm import aliased

from samen_data.access.scope import Scope
from samen_data.store.models import (
    Aanwezigheid,
    Betaling,
    Bijeenkomst,
    Deelnemer,
    DeelnemerOrganisatie,
    Meting,
    Mijlpaal,
    Organisatie,
    Programma,
    Toezegging,
    Tranche,
)
from samen_data.store.vocab import label
from samen_data.transfer.guard import guard
from samen_data.transfer.sheets import BEDRAG, BLADEN, DATUM, INSTRUCTIES, JANEE, SCORE, Blad

_P, _D, _O = Programma, Deelnemer, Organisatie
_BD = aliased(Deelnemer, name="bd")  # the optional participant of a meeting or milestone


def _statements() -> dict[str, Select]:
    """One SELECT per sheet, columns labelled with the sheet's headers, ordered by natural key."""
    herkomst = lambda m: (m.bron.label("bron"), m.bron_document.label("brondocument"))  # noqa: E731
    bd = _BD
    return {
        "programma": select(
            _P.code, _P.naam, _P.omschrijving, _P.startdatum, _P.einddatum, _P.cofinanciering, *herkomst(_P)
        ).order_by(_P.code),
        "organisatie": select(_O.naam, _O.soort, _O.gemeente_code.label("gemeente"), *herkomst(_O)).order_by(_O.naam),
        "deelnemer": select(
            _P.code.label("programma"),
            _D.naam,
            _D.gemeente_code.label("gemeente"),
            _D.spoor,
            _D.status,
            _D.startdatum,
            _D.einddatum,
            *herkomst(_D),
        )
        .join(_D.programma)
        .order_by(_P.code, _D.naam),
        "deelnemer_organisatie": select(
            _P.code.label("programma"),
            _D.naam.label("deelnemer"),
            _O.naam.label("organisatie"),
            DeelnemerOrganisatie.rol,
        )
        .join(_D, DeelnemerOrganisatie.deelnemer_id == _D.id)
        .join(_D.programma)
        .join(_O, DeelnemerOrganisatie.organisatie_id == _O.id)
        .order_by(_P.code, _D.naam, _O.naam),
        "toezegging": select(
            Toezegging.kenmerk,
            _P.code.label("programma"),
            _D.naam.label("deelnemer"),
            _O.naam.label("financier"),
            Toezegging.soort,
            Toezegging.bedrag,
            Toezegging.fase,
            Toezegging.besluit_kenmerk.label("besluitkenmerk"),
            Toezegging.besluit_datum.label("besluitdatum"),
            *herkomst(Toezegging),
        )
        .join(_D, Toezegging.deelnemer_id == _D.id)
        .join(_D.programma)
        .join(_O, Toezegging.financier_id == _O.id)
        .order_by(Toezegging.kenmerk),
        "betaling": select(
            Betaling.kenmerk,
            Toezegging.kenmerk.label("toezegging"),
            Betaling.datum,
            Betaling.bedrag,
            Betaling.omschrijving,
            *herkomst(Betaling),
        )
        .join(Toezegging, Betaling.toezegging_id == Toezegging.id)
        .order_by(Betaling.kenmerk),
        "tranche": select(
            Tranche.kenmerk,
            Toezegging.kenmerk.label("toezegging"),
            Tranche.datum.label("vervaldatum"),
            Tranche.bedrag,
            Tranche.omschrijving,
            *herkomst(Tranche),
        )
        .join(Toezegging, Tranche.toezegging_id == Toezegging.id)
        .order_by(Tranche.kenmerk),
        "bijeenkomst": select(
            Bijeenkomst.kenmerk,
            _P.code.label("programma"),
            Bijeenkomst.soort,
            Bijeenkomst.titel,
            Bijeenkomst.datum,
            Bijeenkomst.tijd,
            Bijeenkomst.gemeente_code.label("gemeente"),
            Bijeenkomst.locatie,
            Bijeenkomst.open_voor_iedereen.label("open voor iedereen"),
            bd.naam.label("deelnemer"),
            *herkomst(Bijeenkomst),
        )
        .join(_P, Bijeenkomst.programma_id == _P.id)
        .outerjoin(bd, Bijeenkomst.deelnemer_id == bd.id)
        .order_by(Bijeenkomst.kenmerk),
        "aanwezigheid": select(
            Bijeenkomst.kenmerk.label("bijeenkomst"),
            _O.naam.label("organisatie"),
            Aanwezigheid.rol,
            Aanwezigheid.aangemeld,
            Aanwezigheid.aanwezig,
            *herkomst(Aanwezigheid),
        )
        .join(Bijeenkomst, Aanwezigheid.bijeenkomst_id == Bijeenkomst.id)
        .join(_O, Aanwezigheid.organisatie_id == _O.id)
        .order_by(Bijeenkomst.kenmerk, _O.naam, Aanwezigheid.rol),
        "meting": select(
            _P.code.label("programma"),
            _D.naam.label("deelnemer"),
            Meting.golf,
            Meting.datum,
            Meting.respondentgroep,
            Meting.dimensie,
            Meting.score,
            Meting.respondenten,
            *herkomst(Meting),
        )
        .join(_D, Meting.deelnemer_id == _D.id)
        .join(_D.programma)
        .order_by(_P.code, _D.naam, Meting.golf, Meting.respondentgroep, Meting.dimensie),
        "mijlpaal": select(
            Mijlpaal.kenmerk,
            _P.code.label("programma"),
            bd.naam.label("deelnemer"),
            Mijlpaal.categorie,
            Mijlpaal.omschrijving,
            Mijlpaal.status,
            Mijlpaal.streefdatum,
            Mijlpaal.datum_bereikt.label("datum bereikt"),
            *herkomst(Mijlpaal),
        )
        .join(_P, Mijlpaal.programma_id == _P.id)
        .outerjoin(bd, Mijlpaal.deelnemer_id == bd.id)
        .order_by(Mijlpaal.kenmerk),
    }


def _own_gemeente(table: str, stmt: Select, code: str) -> Select:
    """A gemeente's export: only rows that belong to it (as in samen_data.access.scope)."""
    if table == "programma":
        return stmt
    if table == "organisatie":  # its own organisations, and the funds its commitments name
        return stmt.where((_O.gemeente_code == code) | (_O.soort == "fonds"))
    if table in ("deelnemer", "deelnemer_organisatie", "toezegging", "meting"):
        return stmt.where(_D.gemeente_code == code)
    if table in ("betaling", "tranche"):
        return stmt.join(_D, Toezegging.deelnemer_id == _D.id).where(_D.gemeente_code == code)
    if table == "aanwezigheid":
        return stmt.where(_O.gemeente_code == code)
    if table == "bijeenkomst":
        return stmt.where((Bijeenkomst.gemeente_code == code) | (_BD.gemeente_code == code))
    return stmt.where(_BD.gemeente_code == code)


def export_frames(engine: Engine, scope: Scope) -> dict[str, pd.DataFrame]:
    """Every sheet of the exchange format as a DataFrame with the sheet's headers as columns,
    as far as `scope` may see it."""
    scope.require_read()
    frames = {}
    statements = _statements()
    if not scope.sees_all_detail:
        statements = {t: _own_gemeente(t, stmt, scope.gemeente) for t, stmt in statements.items()}
    with engine.connect() as conn:
        for blad in BLADEN:
            rows = conn.execute(statements[blad.table]).all()
            frame = pd.DataFrame([tuple(r) for r in rows], columns=list(blad.headers), dtype=object)
            frames[blad.name] = frame
    return frames


def neutralise(value: Any) -> Any:
    """Keep a spreadsheet from running text as a formula (CSV/formula injection), on every line of the cell."""
    return guard(value)


def xlsx_text(value: Any) -> Any:
    """neutralise(), and control characters that xlsx cannot hold (openpyxl refuses them, which would make one
    odd text break the whole export) shown as U+FFFD."""
    value = neutralise(value)
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value


def _cell(value: Any, kind: str) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if kind == JANEE:
        return "ja" if value else "nee"
    if isinstance(value, Decimal):
        return float(value)
    return xlsx_text(value)


def workbook_bytes(frames: dict[str, pd.DataFrame] | None = None) -> bytes:
    """The exchange workbook: instructions first, then one sheet per kind. Without frames: the template."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _instructions().to_excel(writer, sheet_name=INSTRUCTIES, index=False)
        _format(writer.sheets[INSTRUCTIES], widths=(22, 22, 12, 60, 70))
        for blad in BLADEN:
            frame = frames[blad.name] if frames else pd.DataFrame(columns=list(blad.headers))
            out = pd.DataFrame(
                {k.header: [_cell(v, k.kind) for v in frame[k.header]] for k in blad.columns},
                columns=list(blad.headers),
            )
            out.to_excel(writer, sheet_name=blad.name, index=False)
            _format_sheet(writer.sheets[blad.name], blad, len(out))
    return buffer.getvalue()


def _instructions() -> pd.DataFrame:
    rows = [
        ("Algemeen", "", "", "Vul per blad één rij per gegeven in. De eerste rij (kolomkoppen) niet wijzigen.", ""),
        (
            "Algemeen",
            "",
            "",
            "Bestaande rijen (zelfde sleutel) worden bijgewerkt, nieuwe toegevoegd; "
            "niets wordt verwijderd. Eén fout en er wordt niets ingelezen.",
            "",
        ),
        (
            "Algemeen",
            "",
            "",
            "Datums als dd-mm-jjjj, bedragen in euro (1.234,56), alle datums binnen "
            "de looptijd van het programma. Geen namen van personen invullen.",
            "",
        ),
    ]
    for blad in BLADEN:
        rows.append((blad.name, "", "", blad.uitleg, "sleutel: " + " + ".join(blad.key)))
        for k in blad.columns:
            allowed = ", ".join(f"{v} ({label(v)})" if label(v) != v else v for v in k.allowed)
            rows.append((blad.name, k.header, "ja" if k.required else "nee", k.uitleg or _kind_text(k.kind), allowed))
    return pd.DataFrame(rows, columns=["blad", "kolom", "verplicht", "uitleg", "toegestane waarden"])


def _kind_text(kind: str) -> str:
    return {
        DATUM: "datum dd-mm-jjjj",
        BEDRAG: "bedrag in euro",
        "geheel": "geheel getal, 0 of meer",
        SCORE: "getal 1 t/m 10",
        JANEE: "ja of nee",
        "cbs": "CBS-code, bv. GM0796",
    }.get(kind, "tekst")


def _format(ws, widths) -> None:
    ws.freeze_panes = "A2"
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _format_sheet(ws, blad: Blad, n_rows: int) -> None:
    _format(ws, [max(12, len(k.header) + 4) for k in blad.columns])
    last = max(n_rows + 1, 500)
    for i, k in enumerate(blad.columns, start=1):
        col = get_column_letter(i)
        if k.kind == DATUM:
            for (cell,) in ws.iter_rows(min_row=2, max_row=n_rows + 1, min_col=i, max_col=i):
                cell.number_format = "DD-MM-YYYY"
        elif k.kind == BEDRAG:
            for (cell,) in ws.iter_rows(min_row=2, max_row=n_rows + 1, min_col=i, max_col=i):
                cell.number_format = "#,##0.00"
        if k.allowed or k.kind == JANEE:
            values = k.allowed or ("ja", "nee")
            dv = DataValidation(
                type="list",
                formula1='"' + ",".join(values) + '"',
                allow_blank=not k.required,
                error=f"Kies een van: {', '.join(values)}",
                errorTitle="Onbekende waarde",
            )
            ws.add_data_validation(dv)
            dv.add(f"{col}2:{col}{last}")


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV as Dutch Excel reads it: semicolons, decimal comma, dd-mm-jjjj, UTF-8 with BOM."""

    def cell(value: Any) -> Any:
        if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
            return value.strftime("%d-%m-%Y")
        if isinstance(value, bool):
            return "ja" if value else "nee"
        if isinstance(value, (Decimal, float)) and not pd.isna(value):
            return format(Decimal(str(value)), "f").replace(".", ",")
        return neutralise(value)

    out = frame.map(cell) if len(frame) else frame
    # Rows end in CRLF (as Excel writes CSV). Python's csv quotes a value only for the characters of its row
    # terminator; with pandas' default "\n" a value holding a bare CR went out unquoted and a reader split the
    # row there. With "\r\n" every value holding CR or LF is quoted.
    return out.to_csv(sep=";", index=False, lineterminator="\r\n").encode("utf-8-sig")


def frame_xlsx_bytes(frame: pd.DataFrame, sheet: str = "Gegevens") -> bytes:
    """One table as an .xlsx for a download button; text neutralised, numbers stay numbers."""
    buffer = io.BytesIO()
    out = frame.map(lambda v: float(v) if isinstance(v, Decimal) else xlsx_text(v)) if len(frame) else frame
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        out.to_excel(writer, sheet_name=sheet[:31], index=False)
        _format(writer.sheets[sheet[:31]], [max(12, len(str(c)) + 4) for c in frame.columns])
    return buffer.getvalue()


def export_workbook(engine: Engine, scope: Scope) -> bytes:
    return workbook_bytes(export_frames(engine, scope))


__all__ = [
    "csv_bytes",
    "export_frames",
    "export_workbook",
    "frame_xlsx_bytes",
    "neutralise",
    "workbook_bytes",
    "xlsx_text",
]
