"""data/gemeenten.csv: every Dutch gemeente of 2024 with CBS code, province and coordinates."""

from __future__ import annotations

import re
from collections import Counter

from samen_data.store.reference import read_gemeenten

ROWS = read_gemeenten()
BY_CODE = {r["cbs_code"]: r for r in ROWS}
# Bounding boxes per province (rough, generous) to catch swapped or misplaced coordinates.
BOXES = {
    "Groningen": (52.8, 53.6, 6.1, 7.3),
    "Fryslân": (52.7, 53.6, 4.8, 6.5),
    "Drenthe": (52.55, 53.25, 6.0, 7.1),
    "Overijssel": (52.1, 52.9, 5.7, 7.1),
    "Flevoland": (52.2, 52.9, 5.0, 6.0),
    "Gelderland": (51.7, 52.6, 5.1, 6.9),
    "Utrecht": (51.9, 52.35, 4.7, 5.7),
    "Noord-Holland": (52.15, 53.2, 4.4, 5.4),
    "Zuid-Holland": (51.6, 52.35, 3.9, 5.1),
    "Zeeland": (51.2, 51.8, 3.3, 4.3),
    "Noord-Brabant": (51.2, 51.85, 4.2, 6.1),
    "Limburg": (50.7, 51.8, 5.5, 6.3),
}


def test_342_gemeenten_as_of_2024():
    assert len(ROWS) == 342
    assert {r["peiljaar"] for r in ROWS} == {2024}
    assert len(BY_CODE) == 342 and len({r["naam"] for r in ROWS}) == 342
    assert all(re.fullmatch(r"GM\d{4}", code) for code in BY_CODE)


def test_provinces():
    counts = Counter(r["provincie"] for r in ROWS)
    assert set(counts) == set(BOXES)
    assert counts["Noord-Brabant"] == 56 and counts["Flevoland"] == 6 and counts["Groningen"] == 10


def test_coordinates_inside_their_province():
    for r in ROWS:
        lat0, lat1, lon0, lon1 = BOXES[r["provincie"]]
        assert lat0 <= r["latitude"] <= lat1 and lon0 <= r["longitude"] <= lon1, r


def test_known_gemeenten():
    assert BY_CODE["GM0796"]["naam"] == "'s-Hertogenbosch"
    assert BY_CODE["GM0518"]["naam"] == "'s-Gravenhage"
    assert BY_CODE["GM1992"]["naam"] == "Voorne aan Zee"  # new on 1 January 2023
    assert "GM0457" not in BY_CODE  # Weesp, part of Amsterdam since 2022
    vaals = BY_CODE["GM0981"]
    assert abs(vaals["latitude"] - 50.77) < 0.05 and abs(vaals["longitude"] - 6.02) < 0.05
