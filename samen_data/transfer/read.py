"""Reading untrusted files: .xlsx (XML attacks defused, zip bombs refused) and Dutch CSV.

Whatever the bytes, the result is either raw sheets or problems with a Dutch message: never a
traceback. Nothing here touches the database.
"""

from __future__ import annotations

import csv
import io
import itertools
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import openpyxl
from babel.numbers import format_decimal
from defusedxml import ElementTree

from samen_data.transfer.parse import is_empty
from samen_data.transfer.sheets import BLAD, BLADEN, INSTRUCTIES, Blad

MAX_BYTES = 10 * 1024 * 1024  # as server.maxUploadSize in .streamlit/config.toml
MAX_UNPACKED = 200 * 1024 * 1024  # an .xlsx is a zip: refuse files that inflate beyond this
MAX_ROWS = 100_000  # per sheet: checked before any row is parsed
MAX_PROBLEMS = 500


@dataclass(frozen=True)
class Probleem:
    bestand: str
    melding: str
    blad: str | None = None
    rij: int | None = None
    kolom: str | None = None

    def __str__(self) -> str:
        where = [f"bestand '{self.bestand}'"]
        if self.blad:
            where.append(f"blad '{self.blad}'")
        if self.rij:
            where.append(f"rij {self.rij}")
        if self.kolom:
            where.append(f"kolom '{self.kolom}'")
        return f"{', '.join(where)}: {self.melding}"


@dataclass
class RawSheet:
    blad: Blad
    headers: list[str]
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


@dataclass
class RawFile:
    bestand: str
    sheets: list[RawSheet] = field(default_factory=list)
    problems: list[Probleem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def normalize_header(value: Any) -> str:
    return " ".join(str(value).replace("\u00a0", " ").split()).lower() if not is_empty(value) else ""


def read_file(data: bytes, filename: str) -> RawFile:
    name = PurePath(filename).name or "bestand"
    raw = RawFile(name)
    suffix = PurePath(name).suffix.lower()
    if len(data) == 0:
        raw.problems.append(Probleem(name, "het bestand is leeg"))
    elif len(data) > MAX_BYTES:
        raw.problems.append(Probleem(name, f"het bestand is groter dan {MAX_BYTES // (1024 * 1024)} MB"))
    elif suffix == ".xlsx":
        _read_xlsx(data, raw)
    elif suffix == ".csv":
        _read_csv(data, raw)
    elif suffix in (".xls", ".xlsm", ".ods"):
        raw.problems.append(Probleem(name, f"{suffix}-bestanden worden niet ondersteund; sla op als .xlsx of .csv"))
    else:
        raw.problems.append(Probleem(name, "onbekend bestandstype; gebruik .xlsx (het sjabloon) of .csv"))
    return raw


def _read_xlsx(data: bytes, raw: RawFile) -> None:
    if not data.startswith(b"PK\x03\x04"):
        raw.problems.append(
            Probleem(raw.bestand, "is geen Excel-bestand (.xlsx); open het in Excel en sla op als .xlsx")
        )
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED:
            raw.problems.append(Probleem(raw.bestand, "het Excel-bestand pakt uit tot meer dan 200 MB; geweigerd"))
            return
        huge = _huge_sheets(data)  # openpyxl reads a sheet whole to size it: refuse before it does
        if huge:
            raw.problems += [_too_many(raw.bestand, title) for title in huge]
            return
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - any defect in an untrusted file is a message, not a crash
        raw.problems.append(Probleem(raw.bestand, f"kan het Excel-bestand niet lezen ({_reason(exc)})"))
        return
    try:
        by_name = {ws.title.strip().lower(): ws for ws in workbook.worksheets}
        for title in by_name:
            if title not in {b.name.lower() for b in BLADEN} | {INSTRUCTIES.lower()}:
                raw.notes.append(f"blad '{by_name[title].title}' is genegeerd (geen bekend blad)")
        for blad in BLADEN:
            ws = by_name.get(blad.name.lower())
            if ws is None:
                continue
            _collect(raw, blad, ws.iter_rows(values_only=True), blad.name)
    except Exception as exc:  # noqa: BLE001
        raw.problems.append(Probleem(raw.bestand, f"kan het Excel-bestand niet lezen ({_reason(exc)})"))
    finally:
        workbook.close()
    if not raw.sheets and not raw.problems:
        names = ", ".join(b.name for b in BLADEN)
        raw.problems.append(
            Probleem(raw.bestand, f"geen enkel bekend blad gevonden; verwacht een of meer van: {names}")
        )


def _huge_sheets(data: bytes) -> list[str]:
    """Titles of the sheets with more than MAX_ROWS rows, counted on the raw XML stream (a million rows in well
    under a second), so that a huge sheet is refused before any of it is parsed."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        titles = _sheet_titles(archive)
        huge = []
        for member in archive.namelist():
            if member.startswith("xl/worksheets/") and member.endswith(".xml"):
                if _count_rows(archive, member) - 1 > MAX_ROWS:
                    huge.append(titles.get(member, PurePath(member).stem))
        return huge


def _count_rows(archive: zipfile.ZipFile, member: str) -> int:
    count, tail = 0, b""
    with archive.open(member) as part:
        while chunk := part.read(1 << 20):
            block = tail + chunk
            count += block.count(b"<row") - tail.count(b"<row")
            tail = block[-4:]
    return count


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """xl/worksheets/sheetN.xml -> the title the user sees (workbook.xml and its relationships)."""
    try:
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    except (KeyError, ElementTree.ParseError):
        return {}
    target = {r.get("Id"): r.get("Target", "").lstrip("/") for r in rels}
    titles = {}
    for sheet in book.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet"):
        rid = sheet.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        path = target.get(rid, "")
        titles[path if path.startswith("xl/") else f"xl/{path}"] = sheet.get("name", "")
    return titles


def _reason(exc: BaseException) -> str:
    chain = []
    while exc is not None and len(chain) < 10:
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__
    for link in chain:  # openpyxl wraps defusedxml's refusal in a ValueError
        if type(link).__module__.startswith("defusedxml"):
            return "het bestand bevat verboden XML-constructies (mogelijk een XML-aanval)"
        if isinstance(link, zipfile.BadZipFile):
            return "beschadigd zip-bestand"
    first = chain[0]
    text = str(first).strip().splitlines()[0][:120] if str(first).strip() else ""
    return f"{type(first).__name__}: {text}" if text else type(first).__name__


def _decode(data: bytes) -> str | None:
    if b"\x00" in data[:4096]:
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Dutch Excel's "CSV (gescheiden door lijstscheidingsteken)"


def _read_csv(data: bytes, raw: RawFile) -> None:
    text = _decode(data)
    if text is None:
        raw.problems.append(Probleem(raw.bestand, "is geen tekstbestand (CSV)"))
        return
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    if text.count("\n") > 2 * MAX_ROWS:  # far too long whatever its quoting: refuse before parsing
        raw.problems.append(_too_many(raw.bestand, None))
        return
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raw.problems.append(Probleem(raw.bestand, f"kan de CSV niet lezen ({exc})"))
        return
    blad = _blad_for_csv(raw.bestand, header)
    if blad is None:
        names = ", ".join(f"{b.table}.csv" for b in BLADEN)
        raw.problems.append(
            Probleem(
                raw.bestand,
                "kan niet bepalen welk soort gegevens dit is: de kolomkoppen passen "
                f"bij geen enkel blad; noem het bestand naar het blad (bv. {names})",
                rij=1,
            )
        )
        return
    try:
        _collect(raw, blad, itertools.chain([header], reader), None)
    except csv.Error as exc:
        raw.problems.append(Probleem(raw.bestand, f"kan de CSV niet lezen ({exc})"))


def _blad_for_csv(filename: str, header: list[str]) -> Blad | None:
    stem = PurePath(filename).stem.lower()
    named = [
        (len(name), blad)
        for blad in BLADEN
        for name in (blad.table, blad.name.lower(), blad.name.lower().replace("'", ""))
        if stem.endswith(name)
    ]
    if named:  # the longest name wins: deelnemer_organisatie.csv is Betrokkenen, not Organisaties
        return max(named, key=lambda found: found[0])[1]
    found = {normalize_header(h) for h in header}
    fitting = [b for b in BLADEN if set(b.required_headers) <= found]
    if not fitting:  # the closest sheet, so that the message can name the missing columns
        fitting = [b for b in BLADEN if len(found & set(b.headers)) >= 2]
    return max(fitting, key=lambda b: (len(found & set(b.headers)), -len(b.headers)), default=None)


def _collect(raw: RawFile, blad: Blad, rows, where: str | None) -> None:
    header_row = next(rows, None) or ()
    headers = [normalize_header(h) for h in header_row]
    sheet = RawSheet(blad, headers)
    problems = _header_problems(raw.bestand, where, blad, headers)
    raw.problems.extend(problems)
    if problems:
        return
    for number, values in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            raw.problems.append(_too_many(raw.bestand, where))
            return
        if values is None or all(is_empty(v) for v in values):
            continue
        cells = {h: v for h, v in zip(headers, values, strict=False) if h}  # a short row: its last cells are empty
        extra = [v for v in list(values)[len(headers) :] if not is_empty(v)]
        if extra:
            raw.problems.append(Probleem(raw.bestand, "waarde buiten de kolommen met een kop", blad=where, rij=number))
        sheet.rows.append((number, cells))
    raw.sheets.append(sheet)


def _too_many(bestand: str, where: str | None) -> Probleem:
    limit = format_decimal(MAX_ROWS, locale="nl_NL")
    return Probleem(
        bestand,
        f"meer dan {limit} rijen in één blad; splits het bestand in delen van hoogstens {limit} rijen",
        blad=where,
    )


def _header_problems(bestand: str, where: str | None, blad: Blad, headers: list[str]) -> list[Probleem]:
    problems = []
    if not any(headers):
        return [Probleem(bestand, "de eerste rij moet de kolomkoppen bevatten; die ontbreken", blad=where, rij=1)]
    for h in blad.required_headers:
        if h not in headers:
            problems.append(Probleem(bestand, "verplichte kolom ontbreekt", blad=where, rij=1, kolom=h))
    seen: set[str] = set()
    for h in headers:
        if h and h not in blad.headers:
            problems.append(
                Probleem(
                    bestand, f"onbekende kolom; bekende kolommen: {', '.join(blad.headers)}", blad=where, rij=1, kolom=h
                )
            )
        elif h in seen:
            problems.append(Probleem(bestand, "kolom komt twee keer voor", blad=where, rij=1, kolom=h))
        seen.add(h)
    return problems


__all__ = ["BLAD", "MAX_BYTES", "Probleem", "RawFile", "RawSheet", "read_file"]
