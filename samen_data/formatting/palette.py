"""One palette for every page (Okabe–Ito, colour-blind safe). Status is never shown by colour alone:
every status also has a symbol and a Dutch label."""

from __future__ import annotations

from samen_data.store.vocab import label

PARTIJ = {"bewoners": "#E69F00", "gemeente": "#0072B2", "fonds": "#009E73", "partner": "#CC79A7", "overig": "#8C8C8C"}
SPOOR = {"proeftuin": "#0072B2", "kenniskring": "#56B4E9", "experiment": "#CC79A7", "partner": "#8C8C8C"}
ROL = {
    "bewoner": PARTIJ["bewoners"],
    "ambtenaar": PARTIJ["gemeente"],
    "wethouder": "#56B4E9",
    "burgemeester": "#004D80",
    "fondsmedewerker": PARTIJ["fonds"],
    "welzijnswerker": "#CC79A7",
    "overig": "#8C8C8C",
}
MATCH = {
    "gematcht": "#009E73",
    "achter": "#D55E00",
    "alleen_beoogd": "#E69F00",
    "ingetrokken": "#CC79A7",
    "geen_toezegging": "#8C8C8C",
    "met_eigen_middelen": "#0072B2",
    "alleen_fonds": "#56B4E9",
}
MATCH_SYMBOOL = {
    "gematcht": "✔",
    "achter": "▲",
    "alleen_beoogd": "○",
    "ingetrokken": "✖",
    "geen_toezegging": "–",
    "met_eigen_middelen": "●",
    "alleen_fonds": "□",
}
FASE = {
    "beoogd": "#56B4E9",
    "toegezegd": "#0072B2",
    "besloten": "#004D80",
    "deels_betaald": "#E69F00",
    "betaald": "#009E73",
    "ingetrokken": "#D55E00",
}
MIJLPAAL = {"bereikt": "#009E73", "gestart": "#0072B2", "gepland": "#56B4E9", "vervallen": "#8C8C8C"}
MIJLPAAL_SYMBOOL = {"bereikt": "✔", "gestart": "▶", "gepland": "○", "vervallen": "✖"}


def rgb(hex_colour: str, alpha: int = 220) -> list[int]:
    h = hex_colour.lstrip("#")
    return [int(h[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


def match_label(status: str) -> str:
    return f"{MATCH_SYMBOOL.get(status, '')} {label(status)}".strip()


def mijlpaal_label(status: str) -> str:
    return f"{MIJLPAAL_SYMBOOL.get(status, '')} {label(status)}".strip()


def scale(mapping: dict[str, str], labelled: bool = True) -> tuple[list[str], list[str]]:
    """Domain and range for an altair colour scale, with Dutch labels as the domain."""
    keys = list(mapping)
    return ([label(k) for k in keys] if labelled else keys), [mapping[k] for k in keys]
