"""The exchange format: one sheet per kind of data, with Dutch headers.

One definition serves the template, the import (validation and natural keys) and the export, so the
three cannot drift apart. Rows refer to each other by natural keys (programme code, organisation
name, participant name within a programme, a row's kenmerk), never by database ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from samen_data.store.vocab import (
    AANWEZIGHEID_ROLLEN,
    BIJEENKOMST_SOORTEN,
    BRONNEN,
    COFINANCIERINGSREGELS,
    DEELNEMER_STATUSSEN,
    GOLVEN,
    MIJLPAAL_STATUSSEN,
    ORGANISATIE_SOORTEN,
    RESPONDENTGROEPEN,
    SPOREN,
    TOEZEGGING_FASEN,
    TOEZEGGING_SOORTEN,
)

# Kinds of cell; parse.py turns each into a typed value with a Dutch message when it cannot.
TEKST, DATUM, BEDRAG, GEHEEL, SCORE, JANEE, CBS = "tekst", "datum", "bedrag", "geheel", "score", "janee", "cbs"


@dataclass(frozen=True)
class Kolom:
    header: str
    kind: str = TEKST
    required: bool = False
    allowed: tuple[str, ...] = ()
    max_length: int | None = None
    uitleg: str = ""


@dataclass(frozen=True)
class Blad:
    name: str
    table: str
    columns: tuple[Kolom, ...]
    key: tuple[str, ...]
    uitleg: str
    dated: tuple[str, ...] = field(default=())  # date columns that must fall within the programme

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    @property
    def required_headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns if c.required)

    def column(self, header: str) -> Kolom:
        return next(c for c in self.columns if c.header == header)


_BRON = (
    Kolom("bron", allowed=BRONNEN, uitleg="herkomst van de rij; leeg = import"),
    Kolom("brondocument", max_length=200, uitleg="document waar het cijfer uit komt"),
)
_PROGRAMMA = Kolom("programma", required=True, max_length=20, uitleg="code van het programma, bv. SAMEN")
_KENMERK = Kolom("kenmerk", required=True, max_length=40, uitleg="uw eigen, unieke nummer van deze rij")

BLADEN: tuple[Blad, ...] = (
    Blad(
        "Programma's",
        "programma",
        (
            Kolom("code", required=True, max_length=20),
            Kolom("naam", required=True, max_length=200),
            Kolom("omschrijving"),
            Kolom("startdatum", DATUM, required=True),
            Kolom("einddatum", DATUM, required=True),
            Kolom(
                "cofinanciering",
                allowed=COFINANCIERINGSREGELS,
                uitleg="de regel van het programma: gemeente_1op1 (de gemeente matcht de fondsen 1:1 per deelnemer) of "
                "eigen_middelen_pre (eigen of andere middelen zijn een pré, geen match door de gemeente); "
                "leeg = gemeente_1op1 bij een nieuw programma, ongewijzigd bij een bestaand",
            ),
            *_BRON,
        ),
        key=("code",),
        uitleg="Programma's met hun looptijd en cofinancieringsregel; alle datums van een programma vallen daarbinnen.",
    ),
    Blad(
        "Organisaties",
        "organisatie",
        (
            Kolom("naam", required=True, max_length=200),
            Kolom("soort", required=True, allowed=ORGANISATIE_SOORTEN),
            Kolom("gemeente", CBS, uitleg="CBS-code, bv. GM0796"),
            *_BRON,
        ),
        key=("naam",),
        uitleg="Fondsen, gemeenten, initiatieven en andere organisaties (namen uniek).",
    ),
    Blad(
        "Deelnemers",
        "deelnemer",
        (
            _PROGRAMMA,
            Kolom("naam", required=True, max_length=200),
            Kolom("gemeente", CBS, required=True, uitleg="CBS-code, bv. GM0796"),
            Kolom("spoor", required=True, allowed=SPOREN),
            Kolom("status", required=True, allowed=DEELNEMER_STATUSSEN),
            Kolom("startdatum", DATUM),
            Kolom("einddatum", DATUM),
            *_BRON,
        ),
        key=("programma", "naam"),
        dated=("startdatum", "einddatum"),
        uitleg="Elke deelname aan een programma: een gemeente met haar initiatief(en).",
    ),
    Blad(
        "Betrokkenen",
        "deelnemer_organisatie",
        (
            _PROGRAMMA,
            Kolom("deelnemer", required=True, max_length=200),
            Kolom("organisatie", required=True, max_length=200),
            Kolom("rol", required=True, max_length=30, uitleg="bv. gemeente, initiatief, penvoerder"),
        ),
        key=("programma", "deelnemer", "organisatie"),
        uitleg="Welke organisaties bij een deelnemer horen.",
    ),
    Blad(
        "Toezeggingen",
        "toezegging",
        (
            _KENMERK,
            _PROGRAMMA,
            Kolom("deelnemer", required=True, max_length=200),
            Kolom("financier", required=True, max_length=200, uitleg="naam van de organisatie die betaalt"),
            Kolom("soort", required=True, allowed=TOEZEGGING_SOORTEN),
            Kolom("bedrag", BEDRAG, required=True, uitleg="in euro, bv. 40.000 of 40000,00"),
            Kolom("fase", required=True, allowed=TOEZEGGING_FASEN),
            Kolom("besluitkenmerk", max_length=100),
            Kolom("besluitdatum", DATUM),
            *_BRON,
        ),
        key=("kenmerk",),
        dated=("besluitdatum",),
        uitleg="Financiële toezeggingen: fondsbijdragen, de investering van de gemeente en eigen of andere middelen.",
    ),
    Blad(
        "Betalingen",
        "betaling",
        (
            _KENMERK,
            Kolom("toezegging", required=True, max_length=40, uitleg="kenmerk van de toezegging"),
            Kolom("datum", DATUM, required=True),
            Kolom("bedrag", BEDRAG, required=True),
            Kolom("omschrijving", max_length=200),
            *_BRON,
        ),
        key=("kenmerk",),
        dated=("datum",),
        uitleg="Betalingen (tranches) op een toezegging.",
    ),
    Blad(
        "Tranches",
        "tranche",
        (
            _KENMERK,
            Kolom("toezegging", required=True, max_length=40, uitleg="kenmerk van de toezegging"),
            # Not "datum": a CSV is recognised by its headers, and a schedule must never read as payments made.
            Kolom("vervaldatum", DATUM, required=True, uitleg="uiterlijk te betalen op"),
            Kolom("bedrag", BEDRAG, required=True),
            Kolom("omschrijving", max_length=200),
            *_BRON,
        ),
        key=("kenmerk",),
        dated=("vervaldatum",),
        uitleg="Geplande tranches op een toezegging: welk bedrag uiterlijk wanneer betaald wordt (het betaalschema).",
    ),
    Blad(
        "Bijeenkomsten",
        "bijeenkomst",
        (
            _KENMERK,
            _PROGRAMMA,
            Kolom("soort", required=True, allowed=BIJEENKOMST_SOORTEN),
            Kolom("titel", required=True, max_length=200),
            Kolom("datum", DATUM, required=True),
            Kolom("tijd", max_length=20),
            Kolom("gemeente", CBS),
            Kolom("locatie", max_length=200),
            Kolom("open voor iedereen", JANEE, uitleg="ja of nee; leeg = nee"),
            Kolom("deelnemer", max_length=200, uitleg="alleen bij een lokale bijeenkomst van één deelnemer"),
            *_BRON,
        ),
        key=("kenmerk",),
        dated=("datum",),
        uitleg="Bijeenkomsten, trainingen, werksessies en excursies.",
    ),
    Blad(
        "Aanwezigheid",
        "aanwezigheid",
        (
            Kolom("bijeenkomst", required=True, max_length=40, uitleg="kenmerk van de bijeenkomst"),
            Kolom("organisatie", required=True, max_length=200),
            Kolom("rol", required=True, allowed=AANWEZIGHEID_ROLLEN),
            Kolom("aangemeld", GEHEEL, required=True),
            Kolom("aanwezig", GEHEEL, required=True),
            *_BRON,
        ),
        key=("bijeenkomst", "organisatie", "rol"),
        uitleg="Aantallen per bijeenkomst, organisatie en rol. Geen namen van personen (AVG).",
    ),
    Blad(
        "Metingen",
        "meting",
        (
            _PROGRAMMA,
            Kolom("deelnemer", required=True, max_length=200),
            Kolom("golf", required=True, allowed=GOLVEN),
            Kolom("datum", DATUM, required=True),
            Kolom("respondentgroep", required=True, allowed=RESPONDENTGROEPEN),
            Kolom("dimensie", required=True, max_length=60),
            Kolom("score", SCORE, required=True, uitleg="gemiddelde score 1 tot en met 10, bv. 6,5"),
            Kolom("respondenten", GEHEEL, required=True),
            *_BRON,
        ),
        key=("programma", "deelnemer", "golf", "respondentgroep", "dimensie"),
        dated=("datum",),
        uitleg="Samenwerkingsmetingen: gemiddelde score per golf, respondentgroep en dimensie.",
    ),
    Blad(
        "Mijlpalen",
        "mijlpaal",
        (
            _KENMERK,
            _PROGRAMMA,
            Kolom("deelnemer", max_length=200, uitleg="leeg = mijlpaal van het hele programma"),
            Kolom("categorie", required=True, max_length=60),
            Kolom("omschrijving", required=True, max_length=300),
            Kolom("status", required=True, allowed=MIJLPAAL_STATUSSEN),
            Kolom("streefdatum", DATUM),
            Kolom("datum bereikt", DATUM),
            *_BRON,
        ),
        key=("kenmerk",),
        dated=("streefdatum", "datum bereikt"),
        uitleg="Mijlpalen per deelnemer of programma.",
    ),
)

BLAD: dict[str, Blad] = {b.name: b for b in BLADEN}
INSTRUCTIES = "Toelichting"
