"""Pages on a generated database large enough that they must aggregate (medium scale: 1,000 meetings and
200 participants per programme): the map draws one point per gemeente, the timeline sums the minor meetings
per kind and month, and the figures still add up to a recount from the raw rows."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from samen_data.demo import builder, generate
from samen_data.store.db import make_engine
from tests.conftest import app_on

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def medium_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('scale') / 'medium.db'}"
    engine = make_engine(url)
    generate.generate(engine, "medium")
    engine.dispose()
    return url


@pytest.fixture
def medium_app(medium_url, monkeypatch):
    yield from app_on(medium_url, monkeypatch)


def _page(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=120).run()
    assert not at.exception, at.exception
    return at


def _newest(engine) -> dict:
    with engine.connect() as conn:
        return dict(
            conn.execute(text("SELECT id, code, startdatum, einddatum FROM programma ORDER BY startdatum DESC LIMIT 1"))
            .mappings()
            .one()
        )


def test_map_has_one_point_per_gemeente_and_no_crowd_of_names(medium_app):
    at = _page("pages/kaart.py")
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    points = next(layer for layer in deck["layers"] if layer["id"] == "gemeenten")["data"]
    with medium_app.connect() as conn:
        per_gemeente = dict(
            conn.execute(
                text(
                    "SELECT d.gemeente_code, count(*) FROM deelnemer d WHERE d.programma_id = :p GROUP BY d.gemeente_code"
                ),
                {"p": _newest(medium_app)["id"]},
            ).all()
        )
    assert {p["gemeente_code"]: p["deelnemers"] for p in points} == per_gemeente
    assert len(per_gemeente) > 60  # enough that names would cover the map: the tooltip names them instead
    names = next(layer for layer in deck["layers"] if layer["id"] == "gemeentenamen")["data"]
    assert names == []


def test_timeline_sums_minor_meetings_per_month_and_loses_none(medium_app):
    at = _page("pages/bijeenkomsten.py")
    chart = next(c for c in at.get("vega_lite_chart") if "soort_label" in c.proto.spec and "plaats_txt" in c.proto.spec)
    data = pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_pandas()
    p = _newest(medium_app)
    with medium_app.connect() as conn:
        meetings, present = conn.execute(
            text(
                "SELECT count(DISTINCT b.id), coalesce(sum(a.aanwezig), 0) FROM bijeenkomst b "
                "LEFT JOIN aanwezigheid a ON a.bijeenkomst_id = b.id WHERE b.programma_id = :p"
            ),
            {"p": p["id"]},
        ).one()
    assert meetings > 400 and len(data) < 150  # aggregated: far fewer points than meetings
    assert int(data["aanwezig"].sum()) == present  # every attendee still counted
    kern = data[data["kern"]]
    assert len(kern) == 1 + builder.COLLECTIEF_PER_PROGRAMMA  # start and collective meetings one by one
    minor = data[~data["kern"]]
    assert minor["titel"].str.contains(r"\d (?:bijeenkomst|bijeenkomsten) in deze maand$").all()
    counted = minor["titel"].str.extract(r"^([\d.]+) ")[0].str.replace(".", "", regex=False).astype(int).sum()
    assert counted + len(kern) == meetings


def test_a_long_milestone_list_charts_the_25_participants_with_the_most_and_lists_every_one(medium_app, monkeypatch):
    """At scale the milestone chart counts per participant and status and keeps the MAX_BARS participants with
    the most milestones (a caption says of how many); the table under it lists every milestone: static up to
    STATIC_ROWS, the grid beyond (here with the limit lowered to 10)."""
    from samen_ui import samenwerking

    p = _newest(medium_app)
    with medium_app.connect() as conn:
        recount = conn.execute(
            text(
                "SELECT count(*) FROM mijlpaal WHERE programma_id = :p "
                "AND COALESCE(datum_bereikt, streefdatum) BETWEEN :van AND :tot"
            ),
            {"p": p["id"], "van": p["startdatum"], "tot": p["einddatum"]},
        ).scalar()
    at = _page("pages/samenwerking.py")
    assert not at.dataframe and len(at.table[-1].value) == recount  # static: each participant named once
    chart = next(c.proto for c in at.get("vega_lite_chart") if "Aantal mijlpalen" in c.proto.spec)
    shown = pd.concat(pa.ipc.open_stream(io.BytesIO(d.data.data)).read_pandas() for d in chart.datasets)
    kept = shown.groupby("deelnemer")["aantal"].sum()

    monkeypatch.setattr(samenwerking, "STATIC_ROWS", 10)
    at = _page("pages/samenwerking.py")
    table = at.dataframe[-1].value  # the grid: a row per milestone, its participant on every row
    assert len(table) == recount
    per = table["Deelnemer"].value_counts()
    assert len(per) > samenwerking.MAX_BARS == len(kept)
    assert (kept == per[kept.index]).all()  # each bar counts all of that participant's milestones
    assert kept.min() >= per.drop(kept.index).max()  # nobody left out has more than anyone shown
    note = f"De 25 deelnemers met de meeste mijlpalen, van {len(per)}; alle mijlpalen staan in de tabel."
    assert note in [c.value for c in at.caption]
