"""Regenerate the bad-file corpus: python tests/bad_files/make_corpus.py (the files are committed)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
BETALING_HEADERS = ["kenmerk", "toezegging", "datum", "bedrag", "omschrijving"]


def csv(name: str, lines: list[str], encoding: str = "utf-8-sig") -> None:
    (HERE / name).write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))


def xlsx(name: str, sheets: dict[str, list[list]]) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(HERE / name)


def xml_bomb(name: str) -> None:
    """A valid workbook whose sheet XML declares nested entities (billion laughs)."""
    buffer = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active.title = "Betalingen"
    wb.active.append(BETALING_HEADERS)
    wb.save(buffer)
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    bomb = f'<?xml version="1.0"?><!DOCTYPE x [{entities}]>'
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                text = bomb + (text.split("?>", 1)[1] if text.startswith("<?xml") else text)
                text = text.replace("<v>", "<v>&i;", 1) if "<v>" in text else text
                data = text.encode("utf-8")
            dst.writestr(info, data)
    (HERE / name).write_bytes(out.getvalue())


def zip_bomb(name: str) -> None:
    """A small .xlsx whose one entry inflates to 300 MB of zeros."""
    with zipfile.ZipFile(HERE / name, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            block = b"\0" * (1024 * 1024)
            for _ in range(300):
                entry.write(block)


def main() -> None:
    (HERE / "leeg.xlsx").write_bytes(b"")
    (HERE / "geen_excel.xlsx").write_bytes(b"Dit is een tekstbestand met de extensie .xlsx\n")
    (HERE / "kapot_zip.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    (HERE / "binair.csv").write_bytes(bytes(range(256)) * 4)
    xlsx(
        "verkeerde_koppen.xlsx",
        {"Betalingen": [["Kenmerk", "Toezegging", "Dag", "Euro"], ["BT-1", "TZ-0001", "1-1-2023", 5]]},
    )
    csv("ontbrekende_koppen.csv", ["kenmerk;toezegging;omschrijving", "BT-X1;TZ-0010;zonder datum en bedrag"])
    csv("verkeerde_types.csv", ["kenmerk;toezegging;datum;bedrag", "BT-X2;TZ-0010;gisteren;veel geld"])
    csv("deelnemers.csv", ["programma;naam;gemeente;spoor;status", "SAMEN;Proeftuin Atlantis;GM9999;proeftuin;actief"])
    csv("negatief_bedrag.csv", ["kenmerk;toezegging;datum;bedrag", "BT-X3;TZ-0010;15-03-2023;-1.500,00"])
    csv("onmogelijke_datum.csv", ["kenmerk;toezegging;datum;bedrag", "BT-X4;TZ-0010;31-02-2023;1.500,00"])
    csv(
        "dubbele_rijen.csv",
        ["kenmerk;toezegging;datum;bedrag", "BT-X5;TZ-0010;15-03-2023;100", "BT-X5;TZ-0010;16-03-2023;200"],
    )
    xlsx(
        "formules.xlsx",
        {"Betalingen": [BETALING_HEADERS, ["BT-X6", "TZ-0010", "15-03-2023", "=1+1", '=HYPERLINK("http://x")']]},
    )
    xml_bomb("xml_bom.xlsx")
    zip_bomb("zip_bom.xlsx")
    csv(
        "betalingen_cp1252.csv",
        ["kenmerk;toezegging;datum;bedrag;omschrijving", "BT-X7;TZ-0010;15-03-2023;1.234,56;Tranche één – café"],
        encoding="cp1252",
    )


if __name__ == "__main__":
    main()
