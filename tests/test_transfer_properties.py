"""Property tests: generated valid rows round-trip export -> import unchanged; a broken row refuses all."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samen_data.access.scope import BEHEER
from samen_data.store.info import row_counts
from samen_data.transfer import BLADEN, ImportRefused, csv_bytes, export_frames, import_file, workbook_bytes

SAMEN_TOEZEGGINGEN = [f"TZ-{n:04d}" for n in range(10, 39)]
HEADERS = ["kenmerk", "toezegging", "datum", "bedrag", "omschrijving", "bron", "brondocument"]
SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

texts = (
    st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=40)
    .map(str.strip)
    .filter(lambda s: not s.startswith(("'", "=")))
)
rows = st.lists(
    st.fixed_dictionaries(
        {
            "toezegging": st.sampled_from(SAMEN_TOEZEGGINGEN),
            "datum": st.dates(dt.date(2022, 11, 28), dt.date(2024, 11, 30)),
            "bedrag": st.decimals(0, 10_000_000, places=2),
            "omschrijving": texts.map(lambda s: s or None),
        }
    ),
    min_size=1,
    max_size=8,
)


def _frame(generated: list[dict]) -> pd.DataFrame:
    batch = uuid.uuid4().hex[:8].upper()
    data = [
        {"kenmerk": f"BT-{batch}-{i}", **row, "bron": "import", "brondocument": None} for i, row in enumerate(generated)
    ]
    return pd.DataFrame(data, columns=HEADERS, dtype=object)


def _stored(engine, kenmerken) -> pd.DataFrame:
    frame = export_frames(engine, BEHEER)["Betalingen"]
    return frame[frame["kenmerk"].isin(kenmerken)].sort_values("kenmerk").reset_index(drop=True)


@SETTINGS
@given(generated=rows, as_excel=st.booleans())
def test_valid_rows_round_trip_unchanged(demo_engine, generated, as_excel):
    frame = _frame(generated)
    if as_excel:
        data, name = workbook_bytes({"Betalingen": frame, **_empty_others()}), "betalingen.xlsx"
    else:
        data, name = csv_bytes(frame), "betalingen.csv"
    assert import_file(demo_engine, data, name, BEHEER).toegevoegd == len(frame)
    stored = _stored(demo_engine, frame["kenmerk"])
    expected = frame.sort_values("kenmerk").reset_index(drop=True)
    assert stored["bedrag"].tolist() == [Decimal(v).quantize(Decimal("0.01")) for v in expected["bedrag"]]
    for column in ("kenmerk", "toezegging", "datum", "omschrijving", "bron"):
        assert stored[column].tolist() == expected[column].tolist(), column
    again = import_file(demo_engine, csv_bytes(stored), "betalingen.csv", BEHEER)
    assert (again.toegevoegd, again.gewijzigd) == (0, 0)


BROKEN = st.sampled_from(
    [
        ("bedrag", "-0,01"),
        ("bedrag", "12,345"),
        ("bedrag", "twaalf"),
        ("datum", "29-02-2023"),
        ("datum", "01-01-2030"),
        ("toezegging", "TZ-9999"),
        ("omschrijving", "=CMD()"),
        ("kenmerk", ""),
    ]
)


@SETTINGS
@given(generated=rows, broken=BROKEN, position=st.integers(0, 7))
def test_a_broken_row_refuses_everything(demo_engine, generated, broken, position):
    frame = _frame(generated)
    rows_as_text = csv_bytes(frame).decode("utf-8-sig").splitlines()
    column, value = broken
    at = 1 + position % len(frame)
    cells = rows_as_text[at].split(";")
    cells[HEADERS.index(column)] = value
    rows_as_text[at] = ";".join(cells)
    before = row_counts(demo_engine)
    with pytest.raises(ImportRefused) as refused:
        import_file(demo_engine, ("\r\n".join(rows_as_text) + "\r\n").encode("utf-8"), "betalingen.csv", BEHEER)
    assert any(p.rij == at + 1 and p.kolom == column for p in refused.value.problems)
    assert row_counts(demo_engine) == before


def _empty_others() -> dict[str, pd.DataFrame]:
    return {b.name: pd.DataFrame(columns=list(b.headers)) for b in BLADEN if b.name != "Betalingen"}


VALID_XLSX = workbook_bytes()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    blob=st.one_of(
        st.binary(max_size=4000),
        st.builds(
            lambda at, junk: VALID_XLSX[:at] + junk + VALID_XLSX[at + len(junk) :],
            st.integers(0, len(VALID_XLSX) - 1),
            st.binary(min_size=1, max_size=64),
        ),
    ),
    suffix=st.sampled_from([".xlsx", ".csv"]),
)
def test_any_bytes_give_a_result_or_a_dutch_refusal(demo_engine, blob, suffix):
    """Whatever the bytes: never a traceback, never a half write."""
    before = row_counts(demo_engine)
    try:
        import_file(demo_engine, blob, "bestand" + suffix, BEHEER, dry_run=True)
    except ImportRefused as refused:
        assert refused.problems and all(p.melding for p in refused.problems)
    assert row_counts(demo_engine) == before
