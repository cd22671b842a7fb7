"""The demo database: facts from the sources plus deterministic, plainly marked synthetic rows.

Everything the sources do not give (amounts, attendance counts, scores, kenniskring members) is invented
here with a fixed seed and stored with bron='synthetisch', so both databases get the same demo.
"""
from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from . import demo_facts as F
from .db import session_scope
from .models import (
    Base,
    Betaling,
    Bijeenkomst,
    Deelnemer,
    DeelnemerOrganisatie,
    Gemeente,
    Mijlpaal,
    Organisatie,
    Programma,
    Toezegging,
    Wijziging,
)
from .reference import load_gemeenten
from .demo_synth import Synthesizer

SEED = 20221128
FEIT = {"bron": "brondocument"}


class DatabaseNotEmpty(Exception):
    """The demo refuses to mix with existing data."""


def has_data(engine: Engine) -> bool:
    with session_scope(engine) as session:
        return any(session.scalar(select(func.count()).select_from(t)) for t in (Programma, Deelnemer, Organisatie))


def clear(session: Session) -> None:
    """Delete all programme data (not the gemeente reference list), children first."""
    for table in reversed(Base.metadata.sorted_tables):
        if table.name not in ("gemeente", "alembic_version"):
            session.execute(delete(table))


def load_demo(engine: Engine, replace: bool = False) -> dict[str, int]:
    """Fill the database with the demo in one transaction; returns rows per table."""
    if has_data(engine) and not replace:
        raise DatabaseNotEmpty("De database bevat al gegevens; gebruik --replace om ze te vervangen door de demo.")
    with session_scope(engine) as session:
        if replace:
            clear(session)
        load_gemeenten(session)
        build(session, random.Random(SEED))
        _number_kenmerken(session)
    from .info import row_counts

    return row_counts(engine)


def _number_kenmerken(session: Session) -> None:
    """Demo references in creation order (TZ-0001, ...), so both databases get the same ones."""
    session.flush()
    for model, prefix in ((Toezegging, "TZ"), (Betaling, "BT"), (Bijeenkomst, "BK"), (Mijlpaal, "MP")):
        for n, row in enumerate(session.scalars(select(model).order_by(model.id)), start=1):
            row.kenmerk = f"{prefix}-{n:04d}"


def build(session: Session, rng: random.Random) -> None:
    samen = Programma(**F.SAMEN, **FEIT)
    exp = Programma(**F.EXPERIMENTEN, **FEIT)
    session.add_all([samen, exp])

    def org(naam: str, soort: str, gemeente: str | None = None, bron: str = "brondocument",
            document: str | None = "seeds/000") -> Organisatie:
        o = Organisatie(naam=naam, soort=soort, gemeente_code=gemeente, bron=bron, bron_document=document)
        session.add(o)
        return o

    fondsen = [org(n, "fonds") for n in F.FONDSEN]
    vng = org(F.VNG, "vng")
    for partner in F.OPROEP_PARTNERS:
        org(partner, "overig", document="seeds/004")
    names = {g.cbs_code: g.naam for g in session.scalars(select(Gemeente))}
    gemeente_orgs: dict[str, Organisatie] = {}

    def gemeente_org(code: str, bron: str = "brondocument") -> Organisatie:
        if code not in gemeente_orgs:
            gemeente_orgs[code] = org(f"Gemeente {names[code]}", "gemeente", code, bron)
        return gemeente_orgs[code]

    proeftuinen = []
    for code, label, initiatieven in F.PROEFTUINEN:
        d = Deelnemer(
            programma=samen, gemeente_code=code, naam=f"{label} – {' en '.join(initiatieven)}",
            spoor="proeftuin", status="afgerond", startdatum=F.SAMEN["startdatum"],
            einddatum=F.SAMEN["einddatum"], bron_document="seeds/001", **FEIT,
        )
        session.add(d)
        session.add(DeelnemerOrganisatie(deelnemer=d, organisatie=gemeente_org(code), rol="gemeente"))
        for naam in initiatieven:
            session.add(DeelnemerOrganisatie(deelnemer=d, organisatie=org(naam, "bewonersinitiatief", code, document="seeds/001"), rol="initiatief"))
        proeftuinen.append(d)

    kick_off = Bijeenkomst(
        programma=samen, soort="kick-off", titel=F.KICK_OFF["titel"], datum=F.KICK_OFF["datum"],
        open_voor_iedereen=True, bron_document="seeds/001", **FEIT,
    )
    collectief = [
        Bijeenkomst(
            programma=samen, soort="collectief", titel=titel, datum=datum, tijd=F.COLLECTIEF_TIJD,
            gemeente_code=plaats, locatie=locatie, open_voor_iedereen=True,
            bron_document="seeds/001" + (", seeds/002" if datum == dt.date(2024, 11, 25) else ""), **FEIT,
        )
        for datum, titel, plaats, locatie in F.COLLECTIEVE_BIJEENKOMSTEN
    ]
    session.add_all([kick_off, *collectief])
    for datum, omschrijving in F.OPROEP_PIJPLIJN:
        session.add(Mijlpaal(
            programma=exp, categorie="oproep", omschrijving=omschrijving, status="bereikt",
            streefdatum=datum, datum_bereikt=datum, bron_document="seeds/004", **FEIT,
        ))
    session.flush()

    synth = Synthesizer(session, rng, samen=samen, exp=exp, fondsen=fondsen, vng=vng,
                        gemeente_org=gemeente_org, names=names)
    kenniskring = synth.kenniskring(F.AANTAL_INZENDINGEN - len(F.PROEFTUINEN), exclude={p.gemeente_code for p in proeftuinen})
    experimenten = synth.experimenten(6)
    synth.cofinanciering(proeftuinen)
    synth.bijeenkomsten(proeftuinen, kenniskring, experimenten, [kick_off, *collectief])
    synth.metingen(proeftuinen)
    synth.mijlpalen(proeftuinen)
    session.add(Wijziging(gebruiker="demo", tabel="*", actie="toevoegen", nieuwe_waarden='{"demo": true}'))
