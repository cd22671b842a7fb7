"""Allowed values of every status and kind, with their Dutch labels for screens."""

from __future__ import annotations

import datetime as dt
import unicodedata

# The dates any date input offers (a programme outside them widens its own period filter).
DATUM_MIN, DATUM_MAX = dt.date(2020, 1, 1), dt.date(2035, 12, 31)

BRONNEN = ("brondocument", "import", "invoer", "synthetisch")
ORGANISATIE_SOORTEN = ("fonds", "gemeente", "bewonersinitiatief", "welzijnsorganisatie", "vng", "overig")
SPOREN = ("proeftuin", "kenniskring", "experiment")
SPOOR_WOORDEN = {  # a count of participants per spoor in words: one and many
    "proeftuin": ("proeftuin", "proeftuinen"),
    "kenniskring": ("kenniskringlid", "kenniskringleden"),
    "experiment": ("experiment", "experimenten"),
}
DEELNEMER_STATUSSEN = ("aangemeld", "actief", "afgerond", "gestopt")
TOEZEGGING_SOORTEN = ("fondsbijdrage", "gemeentelijke_investering", "eigen_middelen")
# Ordered from least to most advanced; 'ingetrokken' is outside the order.
TOEZEGGING_FASEN = ("beoogd", "toegezegd", "besloten", "deels_betaald", "betaald", "ingetrokken")
# A commitment counts as committed once it is promised; intended and withdrawn ones do not.
FASEN_TOEGEZEGD = ("toegezegd", "besloten", "deels_betaald", "betaald")
BIJEENKOMST_SOORTEN = ("kick-off", "collectief", "lokaal", "training", "werksessie", "excursie")
AANWEZIGHEID_ROLLEN = (
    "bewoner",
    "ambtenaar",
    "wethouder",
    "burgemeester",
    "fondsmedewerker",
    "welzijnswerker",
    "overig",
)
GOLVEN = ("nulmeting", "tussenmeting", "eindmeting")
RESPONDENTGROEPEN = ("bewoners", "gemeente", "fonds")
DIMENSIES = ("relaties", "gelijkwaardigheid", "sterke bewonersinitiatieven")
MIJLPAAL_STATUSSEN = ("gepland", "gestart", "bereikt", "vervallen")
MIJLPAAL_CATEGORIEEN = (
    "overheidsparticipatie",
    "coalitie van initiatieven",
    "maatschappelijk aanbesteden",
    "structurele financiering",
    "aangepaste subsidieprocedure",
    "oproep",
)
# A programme's co-financing rule: the gemeente matches the funds 1:1 per participant (Programma SAMEN), or a
# share from the participant's own or other means counts as a plus, without a gemeente match (the VSBfonds call).
COFINANCIERINGSREGELS = ("gemeente_1op1", "eigen_middelen_pre")
REGEL_1OP1, REGEL_EIGEN = COFINANCIERINGSREGELS
# Status of the commitments under each rule (samen_data.figures.money), from best to worst.
MATCH_STATUSSEN_1OP1 = ("gematcht", "achter", "alleen_beoogd", "ingetrokken", "geen_toezegging")
MATCH_STATUSSEN_EIGEN = ("met_eigen_middelen", "alleen_fonds")
MATCH_STATUSSEN = MATCH_STATUSSEN_1OP1 + MATCH_STATUSSEN_EIGEN
STATUSSEN_PER_REGEL = {REGEL_1OP1: MATCH_STATUSSEN_1OP1, REGEL_EIGEN: MATCH_STATUSSEN_EIGEN}

LABELS: dict[str, str] = {
    "brondocument": "Brondocument",
    "import": "Geïmporteerd",
    "invoer": "Ingevoerd",
    "synthetisch": "Synthetisch (demo)",
    "fondsbijdrage": "Fondsbijdrage",
    "gemeentelijke_investering": "Investering gemeente",
    "eigen_middelen": "Eigen/overige middelen",
    "beoogd": "Beoogd",
    "toegezegd": "Toegezegd",
    "besloten": "Besloten",
    "deels_betaald": "Deels betaald",
    "betaald": "Betaald",
    "ingetrokken": "Ingetrokken",
    "proeftuin": "Proeftuin",
    "kenniskring": "Kenniskring",
    "experiment": "Experiment",
    "gemeente_1op1": "Gemeente matcht 1:1",
    "eigen_middelen_pre": "Eigen of andere middelen zijn een pré",
    "gematcht": "1:1 toegezegd",
    "achter": "Achter op 1:1",
    "alleen_beoogd": "Alleen beoogd",
    "geen_toezegging": "Geen toezegging",
    "met_eigen_middelen": "Met eigen of andere middelen",
    "alleen_fonds": "Alleen fondsbijdrage",
    "bewoner": "Bewoners",
    "ambtenaar": "Ambtenaren",
    "wethouder": "Wethouders",
    "burgemeester": "Burgemeesters",
    "fondsmedewerker": "Fondsmedewerkers",
    "welzijnswerker": "Welzijnswerkers",
    "overig": "Overig",
    "nulmeting": "Nulmeting",
    "tussenmeting": "Tussenmeting",
    "eindmeting": "Eindmeting",
    "bewoners": "Bewoners",
    "gemeente": "Gemeente",
    "fonds": "Fonds",
    "gepland": "Gepland",
    "gestart": "Gestart",
    "bereikt": "Bereikt",
    "vervallen": "Vervallen",
    "kick-off": "Kick-off",
    "collectief": "Collectieve bijeenkomst",
    "lokaal": "Lokale bijeenkomst",
    "training": "Training",
    "werksessie": "Werksessie",
    "excursie": "Excursie",
}


def label(value: str) -> str:
    return LABELS.get(value, value)


def fold(value: str) -> str:
    """A value's spelling without case, accents and extra spaces: 'Relatiës ' and 'relaties' are one value."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())
