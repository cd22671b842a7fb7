"""The demo database: facts from the sources plus deterministic, plainly marked synthetic rows.

Everything the sources do not give (amounts, attendance counts, scores, kenniskring members) is invented
here with a fixed seed and stored with bron='synthetisch', so both databases get the same demo.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import Engine, delete, func, insert, select
from sqlalchemy.orm import Session

from samen_data.demo import facts as F
from samen_data.demo.synth import Synthesizer
from samen_data.store import version
from samen_data.store.db import session_scope
from samen_data.store.models import (
    Base,
    Betaling,
    Bijeenkomst,
    Deelnemer,
    DeelnemerOrganisatie,
    Gebruiker,
    Gemeente,
    Mijlpaal,
    Organisatie,
    Programma,
    Toezegging,
    Tranche,
    Wijziging,
)
from samen_data.store.reference import load_gemeenten

SEED = 20221128
FEIT = {"bron": "brondocument"}
# What a replace leaves alone: the gemeente reference list, the accounts and their sign-in backoff (people
# must still get in, and a replace must not lift a lock-out).
KEPT_TABLES = ("gemeente", "gebruiker", "aanmeldpoging", "dataversie", "alembic_version")


class DatabaseNotEmpty(Exception):
    """The demo refuses to mix with existing data."""


class AccountsWithoutFund(Exception):
    """A replace would leave fund accounts pointing at a fund the demo does not have."""


def has_data(engine: Engine) -> bool:
    with session_scope(engine) as session:
        return any(session.scalar(select(func.count()).select_from(t)) for t in (Programma, Deelnemer, Organisatie))


def clear(session: Session) -> None:
    """Delete all programme data (not the gemeente reference list, not the accounts), children first.
    Fund accounts point at an organisatie: detach them first (_detach_fund_accounts)."""
    for table in reversed(Base.metadata.sorted_tables):
        if table.name not in KEPT_TABLES:
            session.execute(delete(table))


def replaced_counts(engine: Engine) -> dict[str, int]:
    """What a replace deletes: rows per table that clear() empties."""
    from samen_data.store.info import row_counts

    return {table: n for table, n in row_counts(engine).items() if table not in KEPT_TABLES}


def check_fund_accounts(engine: Engine) -> None:
    """Refuse a replace that cannot keep every fund account linked: its fund must be one of the demo's."""
    with session_scope(engine) as session:
        rows = session.execute(
            select(Gebruiker.email, Organisatie.naam)
            .join(Organisatie, Organisatie.id == Gebruiker.fonds_id)
            .order_by(Gebruiker.email)
        )
        orphans = [f"{email} ({fonds})" for email, fonds in rows if fonds not in F.FONDSEN]
    if orphans:
        raise AccountsWithoutFund(_without_fund_message(orphans))


def _without_fund_message(accounts: list[str]) -> str:
    return (
        "deze fondsaccounts horen bij een fonds dat niet in de demo staat: "
        + ", ".join(accounts)
        + ". Verwijder ze eerst (user remove) of maak ze opnieuw aan bij een fonds uit de demo "
        f"({', '.join(F.FONDSEN)}); er is niets veranderd."
    )


def load_demo(engine: Engine, replace: bool = False) -> dict[str, int]:
    """Fill the database with the demo in one transaction; returns rows per table. A replace keeps the
    accounts; a fund account is re-linked to the demo's fund of the same name (or the replace is refused)."""
    if has_data(engine) and not replace:
        raise DatabaseNotEmpty(
            "De database bevat al gegevens; gebruik --replace --ja om ze te vervangen door de "
            "demo (de accounts blijven behouden)."
        )
    if replace:
        check_fund_accounts(engine)
    with session_scope(engine) as session:
        fund_accounts = _detach_fund_accounts(session) if replace else []
        if replace:
            clear(session)
        load_gemeenten(session)
        build(session, random.Random(SEED))
        _number_kenmerken(session)
        _reattach_fund_accounts(session, fund_accounts)
        version.bump(session)
    from samen_data.store.info import row_counts

    return row_counts(engine)


def _detach_fund_accounts(session: Session) -> list[dict]:
    """Take the fund accounts out (whole rows, with their fund's name) so their organisatie can be deleted:
    the foreign key and the check 'a fund account has a fund' allow neither a dangling nor an empty fonds_id."""
    table = Gebruiker.__table__
    rows = [
        dict(r)
        for r in session.execute(
            select(table, Organisatie.naam.label("fonds_naam")).join(Organisatie, Organisatie.id == table.c.fonds_id)
        ).mappings()
    ]
    session.execute(delete(table).where(table.c.fonds_id.is_not(None)))
    return rows


def _reattach_fund_accounts(session: Session, rows: list[dict]) -> None:
    """Put the fund accounts back unchanged (id, password hash, lock-out state), linked to the new fund row."""
    if not rows:
        return
    ids = dict(session.execute(select(Organisatie.naam, Organisatie.id).where(Organisatie.soort == "fonds")).all())
    missing = [f"{r['email']} ({r['fonds_naam']})" for r in rows if r["fonds_naam"] not in ids]
    if missing:  # checked before the transaction too; this keeps the rollback honest if the demo changes
        raise AccountsWithoutFund(_without_fund_message(missing))
    session.execute(
        insert(Gebruiker.__table__),
        [{**{k: v for k, v in r.items() if k != "fonds_naam"}, "fonds_id": ids[r["fonds_naam"]]} for r in rows],
    )


def _number_kenmerken(session: Session) -> None:
    """Demo references in creation order (TZ-0001, ...), so both databases get the same ones."""
    session.flush()
    for model, prefix in ((Toezegging, "TZ"), (Betaling, "BT"), (Tranche, "TR"), (Bijeenkomst, "BK"), (Mijlpaal, "MP")):
        for n, row in enumerate(session.scalars(select(model).order_by(model.id)), start=1):
            row.kenmerk = f"{prefix}-{n:04d}"


def build(session: Session, rng: random.Random) -> None:
    samen = Programma(**F.SAMEN, **FEIT)
    exp = Programma(**F.EXPERIMENTEN, **FEIT)
    session.add_all([samen, exp])

    def org(
        naam: str,
        soort: str,
        gemeente: str | None = None,
        bron: str = "brondocument",
        document: str | None = "seeds/000",
    ) -> Organisatie:
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
            programma=samen,
            gemeente_code=code,
            naam=f"{label} – {' en '.join(initiatieven)}",
            spoor="proeftuin",
            status="afgerond",
            startdatum=F.SAMEN["startdatum"],
            einddatum=F.SAMEN["einddatum"],
            bron_document="seeds/001",
            **FEIT,
        )
        session.add(d)
        session.add(DeelnemerOrganisatie(deelnemer=d, organisatie=gemeente_org(code), rol="gemeente"))
        for naam in initiatieven:
            session.add(
                DeelnemerOrganisatie(
                    deelnemer=d,
                    organisatie=org(naam, "bewonersinitiatief", code, document="seeds/001"),
                    rol="initiatief",
                )
            )
        proeftuinen.append(d)

    kick_off = Bijeenkomst(
        programma=samen,
        soort="kick-off",
        titel=F.KICK_OFF["titel"],
        datum=F.KICK_OFF["datum"],
        open_voor_iedereen=True,
        bron_document="seeds/001",
        **FEIT,
    )
    collectief = [
        Bijeenkomst(
            programma=samen,
            soort="collectief",
            titel=titel,
            datum=datum,
            tijd=F.COLLECTIEF_TIJD,
            gemeente_code=plaats,
            locatie=locatie,
            open_voor_iedereen=True,
            bron_document="seeds/001" + (", seeds/002" if datum == dt.date(2024, 11, 25) else ""),
            **FEIT,
        )
        for datum, titel, plaats, locatie in F.COLLECTIEVE_BIJEENKOMSTEN
    ]
    session.add_all([kick_off, *collectief])
    for datum, omschrijving in F.OPROEP_PIJPLIJN:
        session.add(
            Mijlpaal(
                programma=exp,
                categorie="oproep",
                omschrijving=omschrijving,
                status="bereikt",
                streefdatum=datum,
                datum_bereikt=datum,
                bron_document="seeds/004",
                **FEIT,
            )
        )
    session.flush()

    synth = Synthesizer(
        session, rng, samen=samen, exp=exp, fondsen=fondsen, vng=vng, gemeente_org=gemeente_org, names=names
    )
    kenniskring = synth.kenniskring(
        F.AANTAL_INZENDINGEN - len(F.PROEFTUINEN), exclude={p.gemeente_code for p in proeftuinen}
    )
    experimenten = synth.experimenten(6)
    synth.cofinanciering(proeftuinen)
    synth.bijeenkomsten(proeftuinen, kenniskring, experimenten, [kick_off, *collectief])
    synth.metingen(proeftuinen)
    synth.mijlpalen(proeftuinen)
    session.add(Wijziging(gebruiker="demo", tabel="*", actie="toevoegen", nieuwe_waarden='{"demo": true}'))
