"""What an import's rows refer to, looked up by the keys in the file only (never whole tables).

At national scale a table holds a million rows; a file of ten rows must cost ten rows of lookups. Every
query here is `WHERE key IN (...)` over the keys the file names, in chunks the databases accept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from samen_data.access.owners import ONDER_TOEZEGGING
from samen_data.access.scope import Owner
from samen_data.store.models import (
    Bijeenkomst,
    Deelnemer,
    Gemeente,
    Mijlpaal,
    Organisatie,
    Programma,
    Toezegging,
)

CHUNK = 500  # bound parameters per IN list: well under SQLite's and PostgreSQL's limits


def chunks(values: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass(frozen=True)
class Stored:
    """A row in the database that a file row names by its kenmerk: its id, its owner as stored, and what it
    hangs under (programme and participant, or commitment), which an import may never change."""

    id: int
    owner: Owner
    parent: tuple


@dataclass
class Known:
    """Natural keys the file refers to, as they exist in the database or are defined in the file itself."""

    ids: dict[str, dict[tuple, int | None]]  # target -> key -> id (None: defined in the file, not inserted)
    periods: dict[str, tuple[dt.date, dt.date]]  # programme code -> its period
    gemeenten: set[str]
    org_gemeente_db: dict[str, str | None] = field(default_factory=dict)
    deelnemer_gemeente_db: dict[tuple, str | None] = field(default_factory=dict)
    org_gemeente: dict[str, str | None] = field(default_factory=dict)  # as it will be after the import
    deelnemer_gemeente: dict[tuple, str | None] = field(default_factory=dict)
    programma_of: dict[str, dict[str, str]] = field(default_factory=lambda: {"toezegging": {}, "bijeenkomst": {}})
    stored: dict[str, dict[str, Stored]] = field(default_factory=dict)  # table -> kenmerk -> row in the database


def wanted(rows: list[Any]) -> dict[str, set]:
    """Every key the file names, per kind."""
    want: dict[str, set] = {
        k: set() for k in ("organisatie", "deelnemer", "toezegging", "bijeenkomst", "mijlpaal", *ONDER_TOEZEGGING)
    }
    for row in rows:
        v, table = row.values, row.blad.table
        for header in ("financier", "organisatie"):
            if v.get(header):
                want["organisatie"].add(v[header])
        if table == "organisatie" and v.get("naam"):
            want["organisatie"].add(v["naam"])
        if table == "deelnemer" and v.get("naam"):
            want["deelnemer"].add((v.get("programma"), v["naam"]))
        elif v.get("deelnemer"):
            want["deelnemer"].add((v.get("programma"), v["deelnemer"]))
        if table in ("toezegging", "bijeenkomst", "mijlpaal", *ONDER_TOEZEGGING) and v.get("kenmerk"):
            want[table].add(v["kenmerk"])
        if table in ONDER_TOEZEGGING and v.get("toezegging"):
            want["toezegging"].add(v["toezegging"])
        if table == "aanwezigheid" and v.get("bijeenkomst"):
            want["bijeenkomst"].add(v["bijeenkomst"])
    return want


def load(session: Session, rows: list[Any]) -> Known:
    want = wanted(rows)
    programmes = session.execute(select(Programma.id, Programma.code, Programma.startdatum, Programma.einddatum)).all()
    known = Known(
        ids={
            "programma": {(c,): i for i, c, _s, _e in programmes},
            "organisatie": {},
            "deelnemer": {},
            "toezegging": {},
            "bijeenkomst": {},
        },
        periods={c: (s, e) for _i, c, s, e in programmes},
        gemeenten=set(session.scalars(select(Gemeente.cbs_code))),
    )
    _load_stored(session, known, want)
    _add_file_rows(known, rows)
    return known


def _load_stored(session: Session, known: Known, want: dict[str, set]) -> None:
    ids, financier = known.ids, aliased(Organisatie)
    for batch in chunks(want["organisatie"]):
        for i, naam, code in session.execute(
            select(Organisatie.id, Organisatie.naam, Organisatie.gemeente_code).where(Organisatie.naam.in_(batch))
        ):
            ids["organisatie"][(naam,)] = i
            known.org_gemeente_db[naam] = code
    wanted_deelnemers = want["deelnemer"]
    for batch in chunks({naam for _p, naam in wanted_deelnemers}):
        for i, prog, naam, code in session.execute(
            select(Deelnemer.id, Programma.code, Deelnemer.naam, Deelnemer.gemeente_code)
            .join(Deelnemer.programma)
            .where(Deelnemer.naam.in_(batch))
        ):
            if (prog, naam) in wanted_deelnemers:
                ids["deelnemer"][(prog, naam)] = i
                known.deelnemer_gemeente_db[(prog, naam)] = code
    stored: dict[str, dict[str, Stored]] = {t: {} for t in ("toezegging", "bijeenkomst", "mijlpaal", *ONDER_TOEZEGGING)}
    for batch in chunks(want["toezegging"]):
        for i, kenmerk, prog, deelnemer, code, fin in session.execute(
            select(
                Toezegging.id,
                Toezegging.kenmerk,
                Programma.code,
                Deelnemer.naam,
                Deelnemer.gemeente_code,
                financier.naam,
            )
            .join(Deelnemer, Deelnemer.id == Toezegging.deelnemer_id)
            .join(Deelnemer.programma)
            .join(financier, financier.id == Toezegging.financier_id)
            .where(Toezegging.kenmerk.in_(batch))
        ):
            ids["toezegging"][(kenmerk,)] = i
            known.programma_of["toezegging"][kenmerk] = prog
            stored["toezegging"][kenmerk] = Stored(i, Owner(code, fin), (prog, deelnemer))
    for table, child in ONDER_TOEZEGGING.items():
        for batch in chunks(want[table]):
            for i, kenmerk, toezegging, code, fin in session.execute(
                select(child.id, child.kenmerk, Toezegging.kenmerk, Deelnemer.gemeente_code, financier.naam)
                .join(Toezegging, Toezegging.id == child.toezegging_id)
                .join(Deelnemer, Deelnemer.id == Toezegging.deelnemer_id)
                .join(financier, financier.id == Toezegging.financier_id)
                .where(child.kenmerk.in_(batch))
            ):
                stored[table][kenmerk] = Stored(i, Owner(code, fin), (toezegging,))
    for batch in chunks(want["bijeenkomst"]):
        for i, kenmerk, prog in session.execute(
            select(Bijeenkomst.id, Bijeenkomst.kenmerk, Programma.code)
            .join(Bijeenkomst.programma)
            .where(Bijeenkomst.kenmerk.in_(batch))
        ):
            ids["bijeenkomst"][(kenmerk,)] = i
            known.programma_of["bijeenkomst"][kenmerk] = prog
            stored["bijeenkomst"][kenmerk] = Stored(i, Owner(), (prog,))
    for batch in chunks(want["mijlpaal"]):
        for i, kenmerk, prog, deelnemer, code in session.execute(
            select(Mijlpaal.id, Mijlpaal.kenmerk, Programma.code, Deelnemer.naam, Deelnemer.gemeente_code)
            .join(Mijlpaal.programma)
            .outerjoin(Deelnemer, Deelnemer.id == Mijlpaal.deelnemer_id)
            .where(Mijlpaal.kenmerk.in_(batch))
        ):
            stored["mijlpaal"][kenmerk] = Stored(i, Owner(code), (prog, deelnemer))
    known.stored = stored


def _add_file_rows(known: Known, rows: list[Any]) -> None:
    """Keys the file defines itself count as known (a file may bring a participant and its commitments)."""
    known.org_gemeente = dict(known.org_gemeente_db)
    known.deelnemer_gemeente = dict(known.deelnemer_gemeente_db)
    for row in rows:
        v, table = row.values, row.blad.table
        if table == "programma" and row.complete:
            known.periods[v["code"]] = (v["startdatum"], v["einddatum"])
        elif table == "organisatie":
            known.org_gemeente[v.get("naam")] = v.get("gemeente")
        elif table == "deelnemer":
            known.deelnemer_gemeente[(v.get("programma"), v.get("naam"))] = v.get("gemeente")
        elif table in ("toezegging", "bijeenkomst") and v.get("kenmerk") and v.get("programma"):
            known.programma_of[table].setdefault(v["kenmerk"], v["programma"])
        key = lookup_key(table, v)
        if key is not None and None not in key:
            known.ids[table].setdefault(key, None)


def lookup_key(table: str, v: dict[str, Any]) -> tuple | None:
    """The key by which other rows refer to a row of this table (None: nothing refers to it)."""
    return {
        "programma": lambda: (v.get("code"),),
        "organisatie": lambda: (v.get("naam"),),
        "deelnemer": lambda: (v.get("programma"), v.get("naam")),
        "toezegging": lambda: (v.get("kenmerk"),),
        "bijeenkomst": lambda: (v.get("kenmerk"),),
    }.get(table, lambda: None)()


def owners(row: Any, known: Known, file_toezegging: dict[str, Owner]) -> tuple[Owner | None, Owner]:
    """(before, after): the row's owner as stored in the database (None for a new row) and as it would be."""
    v, table = row.values, row.blad.table
    deelnemer = (v.get("programma"), v.get("deelnemer"))
    if table == "toezegging":
        stored = known.stored["toezegging"].get(v.get("kenmerk"))
        return (stored.owner if stored else None), Owner(known.deelnemer_gemeente.get(deelnemer), v.get("financier"))
    if table in ONDER_TOEZEGGING:
        stored = known.stored[table].get(v.get("kenmerk"))
        parent = file_toezegging.get(v.get("toezegging")) or _stored_owner(known, "toezegging", v.get("toezegging"))
        return (stored.owner if stored else None), parent or Owner()
    if table == "mijlpaal":
        stored = known.stored["mijlpaal"].get(v.get("kenmerk"))
        if stored and "deelnemer" not in row.headers:  # no such column: the import keeps its participant
            return stored.owner, stored.owner
        after = Owner(known.deelnemer_gemeente.get(deelnemer)) if v.get("deelnemer") else Owner()
        return (stored.owner if stored else None), after
    if table == "aanwezigheid":
        org = v.get("organisatie")
        before = Owner(known.org_gemeente_db[org]) if org in known.org_gemeente_db else None
        return before, Owner(known.org_gemeente.get(org))
    if table == "meting":
        before = Owner(known.deelnemer_gemeente_db[deelnemer]) if deelnemer in known.deelnemer_gemeente_db else None
        return before, Owner(known.deelnemer_gemeente.get(deelnemer))
    if table == "organisatie":
        naam = v.get("naam")
        return (Owner(known.org_gemeente_db[naam]) if naam in known.org_gemeente_db else None), Owner(v.get("gemeente"))
    if table == "deelnemer":
        key = (v.get("programma"), v.get("naam"))
        before = Owner(known.deelnemer_gemeente_db[key]) if key in known.deelnemer_gemeente_db else None
        return before, Owner(v.get("gemeente"))
    return None, Owner()  # programmes, meetings, who-is-involved: beheer's, whoever owns them now


def _stored_owner(known: Known, table: str, kenmerk: Any) -> Owner | None:
    stored = known.stored[table].get(kenmerk)
    return stored.owner if stored else None


def moved(row: Any, known: Known) -> bool:
    """Would this row move an existing row to another programme, participant or commitment?"""
    v, table = row.values, row.blad.table
    stored = known.stored.get(table, {}).get(v.get("kenmerk"))
    if stored is None:
        return False
    parent = {
        "toezegging": ("programma", "deelnemer"),
        "betaling": ("toezegging",),
        "tranche": ("toezegging",),
        "bijeenkomst": ("programma",),
        "mijlpaal": ("programma", "deelnemer"),
    }[table]
    # A column the file lacks keeps the stored value (load._absent): it moves nothing.
    now = tuple(v.get(h) if h in row.headers else old for h, old in zip(parent, stored.parent, strict=True))
    return now != stored.parent
