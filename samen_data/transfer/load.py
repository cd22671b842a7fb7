"""Importing: validate everything, then upsert by natural key in one transaction (all or nothing).

A dry run performs the very same writes and rolls them back, so the preview shows exactly what an
import would add and change, including what only the database itself would refuse.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from ..access import Scope
from ..db import session_scope
from ..audit import record, refuse
from ..models import Bijeenkomst, Deelnemer, Gemeente, Organisatie, Programma, Toezegging
from ..reference import load_gemeenten
from .mapping import MAPPINGS, Mapping
from .parse import parse_row
from .read import MAX_PROBLEMS, Probleem, RawFile, read_file
from .sheets import BLADEN, Blad


class ImportRefused(Exception):
    """The file was refused; nothing was written. `problems` lists every problem found."""

    def __init__(self, bestand: str, problems: list[Probleem]) -> None:
        self.bestand, self.problems = bestand, problems
        super().__init__(f"{bestand}: {len(problems)} probleem/problemen, niets ingelezen")


@dataclass
class Wijzigingsregel:
    blad: str
    rij: int
    actie: str                      # toevoegen | wijzigen
    sleutel: str
    velden: dict[str, tuple[Any, Any]]


@dataclass
class ImportResult:
    bestand: str
    dry_run: bool
    counts: dict[str, Counter] = field(default_factory=dict)
    changes: list[Wijzigingsregel] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def toegevoegd(self) -> int:
        return sum(c["toevoegen"] for c in self.counts.values())

    @property
    def gewijzigd(self) -> int:
        return sum(c["wijzigen"] for c in self.counts.values())


@dataclass
class _Row:
    blad: Blad
    rij: int
    values: dict[str, Any]
    complete: bool = True


def import_file(engine: Engine, data: bytes, filename: str, scope: Scope, dry_run: bool = False) -> ImportResult:
    """Import an .xlsx or .csv as `scope`; raises ImportRefused (nothing written) when any row is wrong
    or outside the scope (those refusals are audited)."""
    raw = read_file(data, filename)
    if raw.problems:
        raise ImportRefused(raw.bestand, raw.problems[:MAX_PROBLEMS])
    rows, problems = _parse(raw)
    result = ImportResult(raw.bestand, dry_run, notes=list(raw.notes))
    scope.require_read()
    denied: list[tuple[_Row, tuple]] = []
    try:
        with session_scope(engine) as session:
            _write(session, raw, rows, problems, scope, result, denied)
    except ImportRefused:
        for row, owner in denied if not dry_run else ():  # after the rollback, in their own transaction
            refuse(engine, scope, row.blad.table, None, owner[0], {"bestand": raw.bestand, "rij": row.rij})
        raise
    return result


def _write(session: Session, raw: RawFile, rows: list[_Row], problems: list[Probleem], scope: Scope,
           result: ImportResult, denied: list) -> None:
    if session.scalar(select(Gemeente.cbs_code).limit(1)) is None:
        load_gemeenten(session)
    known = _Known.load(session, rows)
    problems += _check(raw.bestand, rows, known, session)
    denied += [(row, owner) for row, owner in ((r, _owner(r, known, session)) for r in rows)
               if not _may_import(scope, row, owner)]
    problems += [Probleem(raw.bestand, _denied_text(owner), _where(raw.bestand, row), row.rij) for row, owner in denied]
    if problems:
        raise ImportRefused(raw.bestand, problems[:MAX_PROBLEMS])
    try:
        _apply(session, rows, known, result, scope)
        session.flush()
    except IntegrityError as exc:
        raise ImportRefused(raw.bestand, [Probleem(raw.bestand, "de database weigert de gegevens: "
                                                   f"{str(exc.orig).splitlines()[0][:200]}")]) from None
    if result.dry_run:
        session.rollback()



EDITABLE_BY_OWNER = ("toezegging", "betaling", "aanwezigheid", "mijlpaal")


def _where(bestand: str, row: _Row) -> str | None:
    return row.blad.name if bestand.lower().endswith(".xlsx") else None


def _may_import(scope: Scope, row: _Row, owner: tuple[str | None, str | None]) -> bool:
    if row.blad.table not in EDITABLE_BY_OWNER:
        return scope.can_manage  # programmes, organisations, participants, meetings: beheer only
    return scope.may_edit(owner[0], owner[1], row.blad.table)


def _denied_text(owner: tuple[str | None, str | None]) -> str:
    hoort = f"gemeente {owner[0]}" if owner[0] else "het programma"
    return (f"geen toegang: deze rij hoort bij {hoort}" + (f" (financier {owner[1]})" if owner[1] else "")
            + ", niet bij uw gemeente of fonds; alleen beheer mag dit blad inlezen")


def _owner(row: _Row, known: _Known, session: Session) -> tuple[str | None, str | None]:
    """(gemeente, financier) of a row, from the file itself or the database."""
    v, table = row.values, row.blad.table
    if table in ("toezegging", "meting", "mijlpaal"):
        return known.gemeente_of.get(("deelnemer", v.get("programma"), v.get("deelnemer"))), v.get("financier")
    if table == "betaling":
        return known.gemeente_of.get(("toezegging", v.get("toezegging")), (None, None))
    if table == "aanwezigheid":
        return known.gemeente_of.get(("organisatie", v.get("organisatie"))), None
    return v.get("gemeente"), None


def _parse(raw: RawFile) -> tuple[list[_Row], list[Probleem]]:
    rows, problems = [], []
    for sheet in raw.sheets:
        where = sheet.blad.name if raw.bestand.lower().endswith(".xlsx") else None
        for number, cells in sheet.rows:
            values, errors = parse_row(sheet.blad, cells)
            problems += [Probleem(raw.bestand, msg, where, number, col) for col, msg in errors]
            rows.append(_Row(sheet.blad, number, values, complete=not errors))
    return rows, problems


@dataclass
class _Known:
    """Natural keys that exist in the database or are defined in the file (id None until inserted)."""

    ids: dict[str, dict[tuple, int | None]]
    periods: dict[str, tuple[dt.date, dt.date]]
    gemeenten: set[str]
    gemeente_of: dict[tuple, Any] = field(default_factory=dict)  # whose row: see _owner()

    @classmethod
    def load(cls, session: Session, rows: list[_Row]) -> _Known:
        ids: dict[str, dict[tuple, int | None]] = {
            "programma": {(c,): i for i, c in session.execute(select(Programma.id, Programma.code))},
            "organisatie": {(n,): i for i, n in session.execute(select(Organisatie.id, Organisatie.naam))},
            "deelnemer": {(c, n): i for i, c, n in session.execute(
                select(Deelnemer.id, Programma.code, Deelnemer.naam).join(Deelnemer.programma))},
            "toezegging": {(k,): i for i, k in session.execute(select(Toezegging.id, Toezegging.kenmerk))},
            "bijeenkomst": {(k,): i for i, k in session.execute(select(Bijeenkomst.id, Bijeenkomst.kenmerk))},
        }
        periods = {c: (s, e) for c, s, e in session.execute(
            select(Programma.code, Programma.startdatum, Programma.einddatum))}
        for row in rows:
            v = row.values
            table = row.blad.table
            if table == "programma" and row.complete:
                periods[v["code"]] = (v["startdatum"], v["einddatum"])
            key = _lookup_key(table, v)
            if key is not None and None not in key:
                ids[table].setdefault(key, None)
        known = cls(ids, periods, set(session.scalars(select(Gemeente.cbs_code))))
        known._load_owners(session, rows)
        return known

    def _load_owners(self, session: Session, rows: list[_Row]) -> None:
        g = self.gemeente_of
        for naam, code in session.execute(select(Organisatie.naam, Organisatie.gemeente_code)):
            g[("organisatie", naam)] = code
        for prog, naam, code in session.execute(select(Programma.code, Deelnemer.naam, Deelnemer.gemeente_code)
                                                .join(Deelnemer.programma)):
            g[("deelnemer", prog, naam)] = code
        for row in rows:
            v = row.values
            if row.blad.table == "organisatie":
                g[("organisatie", v.get("naam"))] = v.get("gemeente")
            elif row.blad.table == "deelnemer":
                g[("deelnemer", v.get("programma"), v.get("naam"))] = v.get("gemeente")
        financier = aliased(Organisatie)
        for kenmerk, code, naam in session.execute(
                select(Toezegging.kenmerk, Deelnemer.gemeente_code, financier.naam)
                .join(Deelnemer, Deelnemer.id == Toezegging.deelnemer_id)
                .join(financier, financier.id == Toezegging.financier_id)):
            g[("toezegging", kenmerk)] = (code, naam)
        for row in rows:
            v = row.values
            if row.blad.table == "toezegging":
                g[("toezegging", v.get("kenmerk"))] = (
                    g.get(("deelnemer", v.get("programma"), v.get("deelnemer"))), v.get("financier"))


def _lookup_key(table: str, v: dict[str, Any]) -> tuple | None:
    return {
        "programma": lambda: (v.get("code"),), "organisatie": lambda: (v.get("naam"),),
        "deelnemer": lambda: (v.get("programma"), v.get("naam")), "toezegging": lambda: (v.get("kenmerk"),),
        "bijeenkomst": lambda: (v.get("kenmerk"),),
    }.get(table, lambda: None)()


def _check(bestand: str, rows: list[_Row], known: _Known, session: Session) -> list[Probleem]:
    problems: list[Probleem] = []
    seen: dict[tuple, int] = {}

    def problem(row: _Row, kolom: str | None, melding: str) -> None:
        where = row.blad.name if bestand.lower().endswith(".xlsx") else None
        problems.append(Probleem(bestand, melding, where, row.rij, kolom))

    for row in rows:
        blad, v = row.blad, row.values
        key = (blad.table,) + tuple(v.get(h) for h in blad.key)
        if None not in key and key in seen:
            problem(row, blad.key[-1], f"dubbele rij: zelfde {' + '.join(blad.key)} als rij {seen[key]}")
        seen.setdefault(key, row.rij)
        for kolom in blad.columns:
            if kolom.kind == "cbs" and v.get(kolom.header) and v[kolom.header] not in known.gemeenten:
                problem(row, kolom.header, f"onbekende gemeentecode {v[kolom.header]} (niet in de CBS-lijst van 2024)")
        for ref in MAPPINGS[blad.table].refs:
            wanted = tuple(v.get(h) for h in ref.headers)
            if None not in wanted and wanted not in known.ids[ref.target]:
                problem(row, ref.headers[-1], _unknown(ref.target, wanted, known.ids[ref.target]))
        period = known.periods.get(v.get("programma") or v.get("code") or "")
        if v.get("startdatum") and v.get("einddatum") and v["einddatum"] < v["startdatum"]:
            problem(row, "einddatum", "einddatum ligt vóór de startdatum")
        if period is None and blad.table == "betaling" and v.get("toezegging"):
            period = _period_of_toezegging(session, known, rows, v["toezegging"])
        if period is None and blad.table == "aanwezigheid" and v.get("bijeenkomst"):
            period = _period_of_bijeenkomst(session, known, rows, v["bijeenkomst"])
        for header in blad.dated:
            d = v.get(header)
            if d is not None and period is not None and not period[0] <= d <= period[1]:
                problem(row, header, f"datum {d:%d-%m-%Y} valt buiten het programma "
                                     f"({period[0]:%d-%m-%Y} t/m {period[1]:%d-%m-%Y})")
    return problems


def _unknown(target: str, wanted: tuple, ids: dict[tuple, int | None]) -> str:
    naam = " / ".join(str(w) for w in wanted)
    similar = [k for k in ids if " / ".join(map(str, k)).lower() == naam.lower()]
    hint = f"; bedoelt u '{' / '.join(map(str, similar[0]))}'?" if similar else ""
    waar = {"programma": "programma", "organisatie": "organisatie (blad Organisaties)",
            "deelnemer": "deelnemer (blad Deelnemers)", "toezegging": "toezegging (kenmerk, blad Toezeggingen)",
            "bijeenkomst": "bijeenkomst (kenmerk, blad Bijeenkomsten)"}[target]
    return f"onbekende {waar}: '{naam}' staat niet in de database of in dit bestand{hint}"


def _period_of_toezegging(session, known, rows, kenmerk) -> tuple[dt.date, dt.date] | None:
    for row in rows:
        if row.blad.table == "toezegging" and row.values.get("kenmerk") == kenmerk:
            return known.periods.get(row.values.get("programma") or "")
    code = session.scalar(select(Programma.code).join(Deelnemer, Deelnemer.programma_id == Programma.id)
                          .join(Toezegging, Toezegging.deelnemer_id == Deelnemer.id)
                          .where(Toezegging.kenmerk == kenmerk))
    return known.periods.get(code) if code else None


def _period_of_bijeenkomst(session, known, rows, kenmerk) -> tuple[dt.date, dt.date] | None:
    for row in rows:
        if row.blad.table == "bijeenkomst" and row.values.get("kenmerk") == kenmerk:
            return known.periods.get(row.values.get("programma") or "")
    code = session.scalar(select(Programma.code).join(Bijeenkomst, Bijeenkomst.programma_id == Programma.id)
                          .where(Bijeenkomst.kenmerk == kenmerk))
    return known.periods.get(code) if code else None


def _apply(session: Session, rows: list[_Row], known: _Known, result: ImportResult, scope: Scope) -> None:
    for blad in BLADEN:
        mine = [r for r in rows if r.blad is blad]
        if not mine:
            continue
        mapping = MAPPINGS[blad.table]
        existing = {tuple(getattr(o, a) for a in mapping.key_attrs): o for o in session.scalars(select(mapping.model))}
        counts = result.counts.setdefault(blad.name, Counter())
        added = []
        for row in mine:
            target = _target_values(row, mapping, known)
            obj = existing.get(tuple(target[a] for a in mapping.key_attrs))
            if obj is None:
                if "bron" in mapping.plain:
                    target["bron"] = target["bron"] or "import"
                obj = mapping.model(**target)
                session.add(obj)
                added.append((row, obj, target))
                counts["toevoegen"] += 1
                continue
            given_bron = row.values.get("bron")
            if not given_bron:
                target.pop("bron", None)
            diff = {a: (getattr(obj, a), new) for a, new in target.items() if getattr(obj, a) != new}
            if not diff:
                counts["ongewijzigd"] += 1
                continue
            if "bron" in mapping.plain and not given_bron and obj.bron != "import":
                diff["bron"] = (obj.bron, "import")  # a changed row is no longer (only) what its source said
            for attr, (_old, new) in diff.items():
                setattr(obj, attr, new)
            if hasattr(obj, "versie"):
                obj.versie += 1
            counts["wijzigen"] += 1
            result.changes.append(Wijzigingsregel(blad.name, row.rij, "wijzigen", _key_text(blad, row), diff))
            record(session, scope, _owner(row, known, session)[0], blad.table, getattr(obj, "id", None), "wijzigen",
                   {a: o for a, (o, _n) in diff.items()}, {a: n for a, (_o, n) in diff.items()})
        session.flush()
        for row, obj, target in added:
            lookup = _lookup_key(blad.table, row.values)
            if lookup is not None:
                known.ids[blad.table][lookup] = obj.id
            result.changes.append(Wijzigingsregel(blad.name, row.rij, "toevoegen", _key_text(blad, row),
                                                  {a: (None, v) for a, v in target.items()}))
            record(session, scope, _owner(row, known, session)[0], blad.table, getattr(obj, "id", None), "toevoegen",
                   None, target)


def _target_values(row: _Row, mapping: Mapping, known: _Known) -> dict[str, Any]:
    target = {attr: row.values.get(header) for header, attr in mapping.plain.items()}
    for ref in mapping.refs:
        wanted = tuple(row.values.get(h) for h in ref.headers)
        target[ref.attr] = None if wanted[-1] is None else known.ids[ref.target][wanted]
    return target


def _key_text(blad: Blad, row: _Row) -> str:
    return " / ".join(str(row.values[h]) for h in blad.key)
