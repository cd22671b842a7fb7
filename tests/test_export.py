"""Export: Dutch CSV, formula neutralisation, the whole-database workbook, 360Giving against the official schema."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import openpyxl
import pandas as pd
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from samen_data.access.scope import BEHEER
from samen_data.cli.main import main
from samen_data.transfer import csv_bytes, frame_xlsx_bytes, giving360, neutralise

# The official schema, committed unchanged (tests/standards/360giving/README.md says where it comes from).
STANDARD = Path(__file__).resolve().parent / "standards" / "360giving"


def _validator() -> jsonschema.Validator:
    grant = json.loads((STANDARD / "360-giving-schema.json").read_text(encoding="utf-8"))
    package = json.loads((STANDARD / "360-giving-package-schema.json").read_text(encoding="utf-8"))
    resource = Resource(grant, specification=DRAFT202012)
    registry = Registry().with_resource(package["properties"]["grants"]["items"]["$ref"], resource)
    return jsonschema.Draft202012Validator(
        package, registry=registry, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@pytest.mark.parametrize("value", ["=SUM(A1)", "+31 6", "-2+3", "@cmd", "\tx", "\rx"])
def test_formula_like_text_is_neutralised(value):
    assert neutralise(value) == "'" + value
    frame = pd.DataFrame({"naam": [value]})
    # Read as a spreadsheet reads it: a value with a CR or LF is quoted, so it stays one cell.
    assert list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8-sig"), newline=""), delimiter=";"))[1] == [
        "'" + value
    ]
    ws = openpyxl.load_workbook(io.BytesIO(frame_xlsx_bytes(frame))).active
    assert ws["A2"].value == "'" + value and ws["A2"].data_type == "s"


def test_csv_is_dutch_excel_csv():
    frame = pd.DataFrame({"datum": [dt.date(2023, 3, 15)], "bedrag": [Decimal("1234.56")], "naam": ["Café"]})
    text = csv_bytes(frame)
    assert text.startswith(b"\xef\xbb\xbf")
    assert text.decode("utf-8-sig").splitlines() == ["datum;bedrag;naam", "15-03-2023;1234,56;Café"]


def test_360giving_validates_and_links_the_match(demo_engine):
    package = giving360.package(demo_engine, BEHEER, today=dt.date(2026, 11, 23))
    errors = list(_validator().iter_errors(package))
    assert errors == [], [e.message for e in errors[:3]]
    grants = {g["id"]: g for g in package["grants"]}
    groningen_fund = grants["360G-SAMEN-TZ-0026"]
    assert groningen_fund["fundingOrganization"][0]["name"] == "VSBfonds"
    assert groningen_fund["beneficiaryLocation"][0]["geoCode"] == "GM0014"
    assert groningen_fund["amountAwarded"] == 30000.0
    assert "360G-SAMEN-TZ-0029" in groningen_fund["relatedActivity"]  # the gemeente's own investment
    assert grants["360G-SAMEN-TZ-0029"]["fundingOrganization"][0]["name"] == "Gemeente Groningen"
    assert "€ 90.000" in groningen_fund["description"]
    assert "360G-SAMEN-TZ-0033" not in grants  # withdrawn commitments are not grants
    assert "360G-SAMEN-TZ-0017" not in grants  # nor intended ones


def test_schema_check_catches_a_broken_grant(demo_engine):
    package = giving360.package(demo_engine, BEHEER)
    package["grants"][0]["awardDate"] = "15-03-2023"
    assert list(_validator().iter_errors(package))


def test_cli_exports(demo_url, tmp_path, capsys):
    assert main(["--database", demo_url, "export-360giving", str(tmp_path / "g.json")]) == 0
    package = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert list(_validator().iter_errors(package)) == []
    assert main(["--database", demo_url, "export-360giving", str(tmp_path / "g.xlsx")]) == 0
    ws = openpyxl.load_workbook(tmp_path / "g.xlsx").active
    assert ws["A1"].value == "Identifier" and ws.max_row == len(package["grants"]) + 1
    assert main(["--database", demo_url, "export", str(tmp_path / "alles.xlsx")]) == 0
    wb = openpyxl.load_workbook(tmp_path / "alles.xlsx", read_only=True)
    assert wb["Toezeggingen"].max_row == 39 and wb["Aanwezigheid"].max_row == 882
    assert main(["--database", demo_url, "export", str(tmp_path / "alles.txt")]) == 1
    assert ".xlsx" in capsys.readouterr().err
