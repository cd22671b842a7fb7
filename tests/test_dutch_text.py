"""Dutch everywhere: every page's visible text (as beheer and as a gemeente account, demo data) and the PDF's text
hold no English word from Streamlit or Python (Select, None, True, nan, ...) and no "1 deelnemers"."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from samen_data.access import accounts
from samen_data.access.scope import BEHEER
from samen_data.cli.report import default_filters
from samen_data.formatting.fmt import n_items
from samen_data.report import slides
from samen_data.report.pdf import build_pdf
from tests.apptest_helpers import start
from tests.conftest import app_on

ROOT = Path(__file__).resolve().parent.parent
# Every page but Presentatie (its slides are checked by tests/test_presentatie.py).
PAGES = sorted(p.as_posix() for p in (ROOT / "pages").glob("*.py"))
ENGLISH = re.compile(r"\b(Select|Choose|Date|None|True|False|Page not found|Running|No results|No options|nan|NaN)\b")
ONE_PLURAL = re.compile(
    r"(?<![\d.,])\b1 (deelnemers|gemeenten|wijzigingen|bijeenkomsten|proeftuinen|toezeggingen|"
    r"betalingen|mijlpalen|problemen|respondenten|aanwezigen)\b"
)
SKIP_FIELDS = {
    "id",
    "form_id",
    "key",
    "element_hash",
    "fragment_id",
    "url",
    "icon",
    "css",
    "script",
    "format",
    "mapbox_token",
    "vega_lite_chart",
    "selection_mode",
}  # plumbing, never shown as text


def _strings(value) -> Iterator[str]:
    """The string leaves of parsed JSON (not its keys): what a chart or map can put on screen."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _proto_texts(message) -> Iterator[str]:
    for field, value in message.ListFields():
        if field.name in SKIP_FIELDS:
            continue
        repeated = (
            not isinstance(value, (str, bytes)) and hasattr(value, "__len__") and not hasattr(value, "ListFields")
        )
        values = list(value) if repeated else [value]
        for v in values:
            if isinstance(v, str) and v.lstrip().startswith(("<style", "<script")):
                continue  # a style sheet or a script (st.html), not text on screen
            if isinstance(v, str):
                if field.name in ("json", "spec") and v.strip().startswith(("{", "[")):
                    yield from _strings(json.loads(v))
                else:
                    yield v
            elif hasattr(v, "ListFields"):
                yield from _proto_texts(v)


def _frame_texts(frame: pd.DataFrame) -> Iterator[str]:
    yield from map(str, frame.columns)
    for column in frame.columns:
        values = frame[column]
        if not pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_datetime64_any_dtype(values):
            # Streamlit shows a missing value in a text column as "None"
            yield from ("None" if pd.isna(v) else str(v) for v in values)


def visible_texts(at) -> list[str]:
    """Every text an element sends to the browser: labels, options, placeholders, help, bodies, table cells,
    chart and map strings."""
    out: list[str] = []

    def walk(node) -> None:
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)
        if getattr(node, "type", "") in ("arrow_data_frame", "dataframe", "table"):
            value = getattr(node, "value", None)
            if isinstance(value, pd.DataFrame):
                out.extend(_frame_texts(value))
            return
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            out.extend(_proto_texts(proto))

    walk(at._tree)
    return out


def problems(texts: list[str]) -> list[str]:
    return [t[:160] for t in texts if ENGLISH.search(t) or ONE_PLURAL.search(t)]


def test_n_items_one_is_singular_zero_and_two_plural():
    assert n_items(0, "deelnemer", "deelnemers") == "0 deelnemers"
    assert n_items(1, "deelnemer", "deelnemers") == "1 deelnemer"
    assert n_items(2, "gemeente", "gemeenten") == "2 gemeenten"
    assert n_items(1234, "wijziging", "wijzigingen") == "1.234 wijzigingen"  # Dutch thousands


def test_the_scan_finds_what_it_looks_for():
    """The patterns catch the issue's own examples and pass their corrections (so the scans below can fail)."""
    found = problems(
        [
            "1 wijzigingen",
            "1 van 1 deelnemers zijn nog niet 1:1 gematcht",
            "demo: True",
            "Oud: None",
            "Select...",
            "0 van 1 gemeenten met geld",
            "Page not found",
        ]
    )
    assert len(found) == 7
    assert not problems(["1 wijziging", "11 deelnemers", "1.001 deelnemers", "21 gemeenten", "demo: ja", "Oud: –"])


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def app_accounts(request, templates, tmp_path, monkeypatch) -> Iterator[dict[str, str]]:
    """The app on a fresh demo database (SQLite or PostgreSQL) with a beheer and a Vaals account."""
    if request.param == "sqlite":
        url = templates.sqlite_copy("demo", tmp_path / "app.db")
    else:
        url = templates.pg_copy("demo")
    for engine in app_on(url, monkeypatch):
        made = {
            "beheer": accounts.add_user(engine, "beheer@samen.test", "beheer", password="beheer-wachtwoord-1"),
            "gemeente": accounts.add_user(
                engine, "ambtenaar@vaals.test", "gemeente", gemeente="GM0981", password="vaals-wachtwoord-1"
            ),
        }
        yield {role: a.email for role, a in made.items()}
    if request.param == "postgresql":
        from tests.conftest import _drop_pg

        _drop_pg(url)


@pytest.mark.parametrize("role", ["beheer", "gemeente"])
def test_every_page_is_dutch(app_accounts, role):
    at = start(email=app_accounts[role])
    found: dict[str, list[str]] = {}
    shown = 0
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        texts = visible_texts(at)
        shown += len(texts)
        if bad := problems(texts):
            found[Path(page).stem] = bad
        if page.endswith("wijzigingen.py") and role == "beheer":  # the "demo: True" and "None"
            assert "demo: ja" in texts and "–" in texts
    assert shown > 500  # the scan read the pages (titles, tables, charts), not an empty tree
    assert not found, found


def _pdf_lines(data: bytes) -> list[str]:
    return [line for page in PdfReader(io.BytesIO(data)).pages for line in page.extract_text().splitlines()]


def test_pdf_is_dutch(demo_engine):
    load = slides.engine_loader(demo_engine, BEHEER)
    f = default_filters(load)
    lines = _pdf_lines(build_pdf(slides.build(load, f), load=load, filters=f))
    one = default_filters(load, gemeente="GM0981")
    lines += _pdf_lines(build_pdf(slides.build(load, one), gemeente="GM0981", load=load, filters=one))
    assert any("Factsheet Vaals" in line for line in lines)
    assert not problems(lines), problems(lines)
