"""How each sheet maps onto its table: plain columns, and references by natural key."""

from __future__ import annotations

from dataclasses import dataclass, field

from samen_data.store.models import (
    Aanwezigheid,
    Base,
    Betaling,
    Bijeenkomst,
    Deelnemer,
    DeelnemerOrganisatie,
    Meting,
    Mijlpaal,
    Organisatie,
    Programma,
    Toezegging,
    Tranche,
)

HERKOMST = {"bron": "bron", "brondocument": "bron_document"}


@dataclass(frozen=True)
class Ref:
    """A column (or two) in the sheet that names another row; `attr` is the foreign-key attribute."""

    attr: str
    target: str  # programma | organisatie | deelnemer | toezegging | bijeenkomst
    headers: tuple[str, ...]  # e.g. ("programma", "deelnemer") for a participant


@dataclass(frozen=True)
class Mapping:
    model: type[Base]
    plain: dict[str, str]
    refs: tuple[Ref, ...] = ()
    key_attrs: tuple[str, ...] = ("kenmerk",)  # the natural key once references are ids
    # Optional columns: an empty cell gives a new row this value and leaves an existing row's value alone.
    defaults: dict[str, str] = field(default_factory=dict)


_PROG = Ref("programma_id", "programma", ("programma",))
_DEEL = Ref("deelnemer_id", "deelnemer", ("programma", "deelnemer"))

MAPPINGS: dict[str, Mapping] = {
    "programma": Mapping(
        Programma,
        {
            "code": "code",
            "naam": "naam",
            "omschrijving": "omschrijving",
            "startdatum": "startdatum",
            "einddatum": "einddatum",
            "cofinanciering": "cofinanciering",
            **HERKOMST,
        },
        key_attrs=("code",),
        defaults={"cofinanciering": "gemeente_1op1"},
    ),
    "organisatie": Mapping(
        Organisatie, {"naam": "naam", "soort": "soort", "gemeente": "gemeente_code", **HERKOMST}, key_attrs=("naam",)
    ),
    "deelnemer": Mapping(
        Deelnemer,
        {
            "naam": "naam",
            "gemeente": "gemeente_code",
            "spoor": "spoor",
            "status": "status",
            "startdatum": "startdatum",
            "einddatum": "einddatum",
            **HERKOMST,
        },
        (_PROG,),
        ("programma_id", "naam"),
    ),
    "deelnemer_organisatie": Mapping(
        DeelnemerOrganisatie,
        {"rol": "rol"},
        (
            Ref("deelnemer_id", "deelnemer", ("programma", "deelnemer")),
            Ref("organisatie_id", "organisatie", ("organisatie",)),
        ),
        ("deelnemer_id", "organisatie_id"),
    ),
    "toezegging": Mapping(
        Toezegging,
        {
            "kenmerk": "kenmerk",
            "soort": "soort",
            "bedrag": "bedrag",
            "fase": "fase",
            "besluitkenmerk": "besluit_kenmerk",
            "besluitdatum": "besluit_datum",
            **HERKOMST,
        },
        (_DEEL, Ref("financier_id", "organisatie", ("financier",))),
    ),
    "betaling": Mapping(
        Betaling,
        {"kenmerk": "kenmerk", "datum": "datum", "bedrag": "bedrag", "omschrijving": "omschrijving", **HERKOMST},
        (Ref("toezegging_id", "toezegging", ("toezegging",)),),
    ),
    "tranche": Mapping(
        Tranche,
        {"kenmerk": "kenmerk", "vervaldatum": "datum", "bedrag": "bedrag", "omschrijving": "omschrijving", **HERKOMST},
        (Ref("toezegging_id", "toezegging", ("toezegging",)),),
    ),
    "bijeenkomst": Mapping(
        Bijeenkomst,
        {
            "kenmerk": "kenmerk",
            "soort": "soort",
            "titel": "titel",
            "datum": "datum",
            "tijd": "tijd",
            "gemeente": "gemeente_code",
            "locatie": "locatie",
            "open voor iedereen": "open_voor_iedereen",
            **HERKOMST,
        },
        (_PROG, _DEEL),
    ),
    "aanwezigheid": Mapping(
        Aanwezigheid,
        {"rol": "rol", "aangemeld": "aangemeld", "aanwezig": "aanwezig", **HERKOMST},
        (
            Ref("bijeenkomst_id", "bijeenkomst", ("bijeenkomst",)),
            Ref("organisatie_id", "organisatie", ("organisatie",)),
        ),
        ("bijeenkomst_id", "organisatie_id", "rol"),
    ),
    "meting": Mapping(
        Meting,
        {
            "golf": "golf",
            "datum": "datum",
            "respondentgroep": "respondentgroep",
            "dimensie": "dimensie",
            "score": "score",
            "respondenten": "respondenten",
            **HERKOMST,
        },
        (_DEEL,),
        ("deelnemer_id", "golf", "respondentgroep", "dimensie"),
    ),
    "mijlpaal": Mapping(
        Mijlpaal,
        {
            "kenmerk": "kenmerk",
            "categorie": "categorie",
            "omschrijving": "omschrijving",
            "status": "status",
            "streefdatum": "streefdatum",
            "datum bereikt": "datum_bereikt",
            **HERKOMST,
        },
        (_PROG, _DEEL),
    ),
}
