"""The Kaart page through app.py (AppTest) against an independent recount from the raw rows of its database."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from samen_data.store.models import Betaling, Deelnemer, Gemeente, Toezegging
from samen_ui.fmt import euro

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = {"toegezegd", "besloten", "deels_betaald", "betaald"}
# The palette colours the page must use per status (Okabe–Ito), written out here on purpose.
COLOURS = {"gematcht": [0, 158, 115], "achter": [213, 94, 0], "alleen_beoogd": [230, 159, 0], "geen": [140, 140, 140]}
SYMBOLS = {"gematcht": "✔", "achter": "▲", "alleen_beoogd": "○", "geen": "–"}


def _kaart(programma: str | None = None, sporen: list[str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    if programma:
        at.sidebar.selectbox(key="f_programma").set_value(programma).run()
    if sporen:
        at.sidebar.multiselect(key="f_sporen").set_value(sporen).run()
    at.switch_page("pages/kaart.py").run()
    assert not at.exception, at.exception
    return at


def _deck(at: AppTest) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def _layer(deck: dict, layer_id: str) -> list[dict]:
    return next(layer for layer in deck["layers"] if layer["id"] == layer_id)["data"]


def _recount(engine, programma: str = "SAMEN") -> dict[str, dict]:
    """Per participant name: gemeente, coordinates, track and the money per side, from the raw rows."""
    out = {}
    with Session(engine) as s:
        coords = {g.cbs_code: g for g in s.scalars(select(Gemeente))}
        for d in s.scalars(select(Deelnemer)):
            if d.programma.code != programma:
                continue
            money = defaultdict(Decimal)
            for t in s.scalars(select(Toezegging).where(Toezegging.deelnemer_id == d.id)):
                side = {"fondsbijdrage": "fonds", "gemeentelijke_investering": "gemeente"}.get(t.soort, "overig")
                if t.fase in COMMITTED:
                    money[f"{side}_toegezegd"] += t.bedrag
                if t.fase == "beoogd":
                    money[f"{side}_beoogd"] += t.bedrag
                # Paid within the selected period, by default the programme's own start and end.
                money[f"{side}_betaald"] += sum(
                    (
                        b.bedrag
                        for b in s.scalars(select(Betaling).where(Betaling.toezegging_id == t.id))
                        if d.programma.startdatum <= b.datum <= d.programma.einddatum
                    ),
                    Decimal(0),
                )
            g = coords[d.gemeente_code]
            out[d.naam] = {
                "gemeente": g.naam,
                "code": g.cbs_code,
                "lat": g.latitude,
                "lon": g.longitude,
                "spoor": d.spoor,
                **money,
            }
    return out


def _per_gemeente(per_deelnemer: dict[str, dict], hide_kenniskring: bool = False) -> dict[str, dict]:
    """The participants' recount summed per gemeente (name), as the map must show it."""
    out: dict[str, dict] = {}
    for r in per_deelnemer.values():
        if hide_kenniskring and r["spoor"] == "kenniskring":
            continue
        g = out.setdefault(
            r["gemeente"],
            {
                "code": r["code"],
                "lat": r["lat"],
                "lon": r["lon"],
                "sporen": Counter(),
                **{k: Decimal(0) for k in MONEY},
            },
        )
        g["sporen"][r["spoor"]] += 1
        for k in MONEY:
            g[k] += r.get(k, Decimal(0))
    return out


MONEY = ("fonds_toegezegd", "gemeente_toegezegd", "gemeente_beoogd", "fonds_betaald", "gemeente_betaald")


def _status(r: dict) -> str:
    fonds, gemeente = r.get("fonds_toegezegd", 0), r.get("gemeente_toegezegd", 0)
    if fonds > 0 and gemeente >= fonds:
        return "gematcht"
    if gemeente > 0:
        return "achter"
    return "alleen_beoogd" if r.get("gemeente_beoogd", 0) > 0 else "geen"


def test_one_point_per_gemeente_with_its_summed_money(app_db):
    at = _kaart()
    deck = _deck(at)
    points = _layer(deck, "gemeenten")
    # The symbol on each point (a layer of its own, with only the position and the symbol)
    symbols = {(s["latitude"], s["longitude"]): s["symbool"] for s in _layer(deck, "statussymbolen")}
    expected = _per_gemeente(_recount(app_db))
    assert sorted(p["gemeente"] for p in points) == sorted(expected)  # one point per gemeente, never per row
    assert len(symbols) == len(points)
    for p in points:
        r = expected[p["gemeente"]]
        assert (p["latitude"], p["longitude"]) == pytest.approx((r["lat"], r["lon"]))
        assert p["deelnemers"] == sum(r["sporen"].values())
        assert p["kleur"][:3] == COLOURS[_status(r)], p["gemeente"]
        assert symbols[(p["latitude"], p["longitude"])] == SYMBOLS[_status(r)]
    # Gemeenten with only kenniskring members have no money and still a visible (minimum) radius.
    radius = {p["gemeente"]: p["straal"] for p in points}
    has_money = {n: bool(r["fonds_toegezegd"] or r["gemeente_toegezegd"]) for n, r in expected.items()}
    unfunded = [radius[n] for n, money in has_money.items() if not money]
    funded = [radius[n] for n, money in has_money.items() if money]
    assert unfunded and min(unfunded) > 0 and min(funded) > max(unfunded)


def test_tooltip_texts_in_dutch_euros(app_db):
    at = _kaart()
    deck = _deck(at)
    expected = _per_gemeente(_recount(app_db))
    for p in _layer(deck, "gemeenten"):
        r = expected[p["gemeente"]]
        assert p["tip_fonds"] == f"{euro(r['fonds_toegezegd'])} toegezegd · {euro(r['fonds_betaald'])} betaald"
        assert p["tip_gemeente_geld"] == (
            f"Gemeente: {euro(r['gemeente_toegezegd'])} toegezegd · {euro(r['gemeente_betaald'])} betaald"
        )
        n = sum(r["sporen"].values())
        assert p["deelnemers_txt"].startswith(f"{n} deelnemer{'' if n == 1 else 's'}: ")
    bosch = next(p for p in _layer(deck, "gemeenten") if p["gemeente_code"] == "GM0796")
    if expected[bosch["gemeente"]]["sporen"] == Counter({"proeftuin": 1}):  # the source's own figures
        assert bosch["tip_fonds"] == "€ 120.000 toegezegd · € 90.000 betaald"
    # Commitments and payments in one status: the demo's Den Bosch paid both tranches of its 1:1 share.
    assert bosch["status_label"] == "✔ 1:1 toegezegd · gemeente betaalde 100%"
    assert bosch["maat_txt"] == "Match fonds : gemeente 1 : 1,00"
    tooltip = json.loads(at.get("deck_gl_json_chart")[0].proto.tooltip)["html"]
    for field in ("{gemeente}", "{deelnemers_txt}", "{tip_fonds}", "{tip_gemeente_geld}", "{status_label}"):
        assert field in tooltip


def test_names_once_per_gemeente_and_a_map_without_token(app_db):
    deck = _deck(_kaart())
    expected = _per_gemeente(_recount(app_db))
    names = [n["gemeente"] for n in _layer(deck, "gemeentenamen") + _layer(deck, "gemeentenamen_klein")]
    assert Counter(names) == Counter(set(names)) and set(names) <= set(expected)  # at most once each
    funded = {g for g, r in expected.items() if r["sporen"]["proeftuin"] + r["sporen"]["experiment"]}
    # Every funded gemeente keeps its bold name (they go first); a kenniskring name that fits nowhere is left off
    # (map_labels), and the tooltip names it.
    assert {n["gemeente"] for n in _layer(deck, "gemeentenamen")} == funded
    assert len(names) - len(funded) >= (len(expected) - len(funded)) / 2  # most kenniskring names still fit
    assert "mapbox" not in json.dumps(deck).lower() and deck["mapProvider"] == "carto"
    view = deck["initialViewState"]
    assert view["latitude"] == pytest.approx(52.2, abs=0.2) and view["longitude"] == pytest.approx(5.3, abs=0.2)
    # Every gemeente of the country as a faint backdrop, so the points keep their place without tiles.
    backdrop = _layer(deck, "nederland")
    with Session(app_db) as s:
        assert len(backdrop) == len(s.scalars(select(Gemeente)).all()) == 342


def test_toggle_hides_exactly_the_kenniskring(app_db):
    at = _kaart()
    per_deelnemer = _recount(app_db)
    toggle = next(t for t in at.toggle if t.label == "Toon kenniskring")
    assert toggle.value is True
    toggle.set_value(False).run()
    assert not at.exception, at.exception
    expected = _per_gemeente(per_deelnemer, hide_kenniskring=True)
    points = _layer(_deck(at), "gemeenten")
    assert sorted(p["gemeente"] for p in points) == sorted(expected)
    assert all(p["deelnemers"] == sum(expected[p["gemeente"]]["sporen"].values()) for p in points)
    assert sorted(at.dataframe[0].value["Gemeente"]) == sorted(expected)
    assert (at.dataframe[0].value["Kenniskring"] == 0).all()
    assert not _layer(_deck(at), "gemeentenamen_klein")
    next(t for t in at.toggle if t.label == "Toon kenniskring").set_value(True).run()
    assert len(_layer(_deck(at), "gemeenten")) == len(_per_gemeente(per_deelnemer))


def test_legend_and_table(app_db):
    at = _kaart()
    expected = _per_gemeente(_recount(app_db))
    counts = Counter(_status(r) for r in expected.values())
    legend = next(m.value for m in at.markdown if "Legenda" in m.value)
    assert f"▲ Achter op 1:1 ({counts['achter']})" in legend
    assert f"✔ 1:1 toegezegd ({counts['gematcht']})" in legend
    assert f"○ Alleen beoogd ({counts['alleen_beoogd']})" in legend
    table = at.dataframe[0].value
    assert list(table.columns[:3]) == ["Gemeente", "Status", "Cofinanciering"]  # the key columns first (1366 px)
    assert len(table) == len(expected)
    for _, row in table.iterrows():
        r = expected[row["Gemeente"]]
        assert row["Deelnemers"] == sum(r["sporen"].values())
        assert row["Proeftuin"] == r["sporen"]["proeftuin"] and row["Kenniskring"] == r["sporen"]["kenniskring"]
        assert row["Fondsen toegezegd"] == float(r["fonds_toegezegd"])
        assert row["Gemeente toegezegd"] == float(r["gemeente_toegezegd"])
    caption = next(c.value for c in at.caption if "deelnemers in" in c.value)
    assert caption.startswith(f"{len(_recount(app_db))} deelnemers in {len(expected)} gemeenten")


def test_other_programme(app_db):
    at = _kaart(programma="VSB-EXP")
    points = _layer(_deck(at), "gemeenten")
    assert sorted(p["gemeente"] for p in points) == sorted(_per_gemeente(_recount(app_db, "VSB-EXP")))


def test_empty_selection_says_so(app_db):
    at = _kaart(sporen=["experiment"])
    assert not at.get("deck_gl_json_chart")
    assert any("Geen deelnemers op de kaart" in i.value for i in at.info)
