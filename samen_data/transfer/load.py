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
from sqlalchemy.orm import Session

from samen_data.access.owners import ONDER_TOEZEGGING
from samen_data.access.scope import Owner, Scope
from samen_data.changes.audit import record, refuse
from samen_data.formatting.fmt import n_items
from samen_data.store import version
from samen_data.store.db import session_scope
from samen_data.store.models import Gemeente
from samen_data.store.reference import load_gemeenten
from samen_data.transfer import keys, vocabulary
from samen_data.transfer.hints import suggestions
from samen_data.transfer.mapping import MAPPINGS, Mapping
from samen_data.transfer.parse import parse_row
from samen_data.transfer.read import MAX_PROBLEMS, Probleem, RawFile, read_file
from samen_data.transfer.sheets import BLADEN, Blad


class ImportRefused(Exception):
    """The file was refused; nothing was written. `problems` lists every problem found."""

    def __init__(self, bestand: str, problems: list[Probleem]) -> None:
        self.bestand, self.problems = bestand, problems
        super().__init__(f"{bestand}: {n_items(len(problems), 'probleem', 'problemen')}, niets ingelezen")


@dataclass
class Wijzigingsregel:
    blad: str
    rij: int
    actie: str  # toevoegen | wijzigen
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
    headers: frozenset[str] = frozenset()  # the columns the file has: a column it lacks leaves a field as it is


def import_file(engine: Engine, data: bytes, filename: str, scope: Scope, dry_run: bool = False) -> ImportResult:
    """Import an .xlsx or .csv as `scope`; raises ImportRefused (nothing written) when any row is wrong
    or outside the scope (those refusals are audited, also in a dry run: an attempt is an attempt).

    A dry run computes what would change without writing anything."""
    scope.require_read()
    raw = read_file(data, filename)
    if raw.problems:
        raise ImportRefused(raw.bestand, raw.problems[:MAX_PROBLEMS])
    rows, problems = _parse(raw)
    result = ImportResult(raw.bestand, dry_run, notes=list(raw.notes))
    denied: list[tuple[_Row, tuple[Owner | None, Owner]]] = []
    try:
        with session_scope(engine) as session:
            _write(session, raw, rows, problems, scope, result, denied)
    except ImportRefused:
        for row, (before, after) in denied:  # after the rollback, in their own transaction
            for gemeente in _gemeenten(before, after):  # filed under the owner, so that gemeente sees the attempt
                refuse(engine, scope, row.blad.table, None, gemeente, {"bestand": raw.bestand, "rij": row.rij})
        raise
    return result


def _gemeenten(*sides: Owner | None) -> list[str | None]:
    found = sorted({s.gemeente for s in sides if s is not None and s.gemeente}) or [None]
    return list(found)


def _write(
    session: Session,
    raw: RawFile,
    rows: list[_Row],
    problems: list[Probleem],
    scope: Scope,
    result: ImportResult,
    denied: list,
) -> None:
    if session.scalar(select(Gemeente.cbs_code).limit(1)) is None:
        load_gemeenten(session)
    result.notes += vocabulary.canonicalise(session, rows)
    known = keys.load(session, rows)
    problems += _check(raw.bestand, rows, known, session, scope)
    # Payments and tranches last: their owner is that of their commitment, which may be one this file changes.
    plans = {id(r): keys.owners(r, known, {}) for r in rows if r.blad.table not in ONDER_TOEZEGGING}
    file_toezegging = {r.values.get("kenmerk"): plans[id(r)][1] for r in rows if r.blad.table == "toezegging"}
    plans.update({id(r): keys.owners(r, known, file_toezegging) for r in rows if r.blad.table in ONDER_TOEZEGGING})
    for row in rows:
        before, after = plans[id(row)]
        if not scope.may_write(row.blad.table, before, after):
            denied.append((row, (before, after)))
            problems.append(Probleem(raw.bestand, scope.refusal(row.blad.table), _where(raw.bestand, row), row.rij))
        elif keys.moved(row, known):
            problems.append(Probleem(raw.bestand, _moved_text(row), _where(raw.bestand, row), row.rij, "kenmerk"))
    if problems:
        raise ImportRefused(raw.bestand, sorted(problems, key=_order)[:MAX_PROBLEMS])
    try:
        _apply(session, rows, known, result, scope, plans)
        session.flush()
    except IntegrityError as exc:
        raise ImportRefused(
            raw.bestand,
            [Probleem(raw.bestand, f"de database weigert de gegevens: {str(exc.orig).splitlines()[0][:200]}")],
        ) from None
    if result.dry_run:
        session.rollback()
    else:
        version.bump(session)


def _order(p: Probleem) -> tuple:
    return (p.blad or "", p.rij or 0, p.kolom or "")


def _where(bestand: str, row: _Row) -> str | None:
    return row.blad.name if bestand.lower().endswith(".xlsx") else None


def _moved_text(row: _Row) -> str:
    onder = {
        "betaling": "een andere toezegging",
        "tranche": "een andere toezegging",
        "bijeenkomst": "een ander programma",
    }.get(row.blad.table, "een ander programma of een andere deelnemer")
    return (
        f"kenmerk {row.values.get('kenmerk')} is al in gebruik voor een rij onder {onder}; een import "
        "verplaatst geen rijen: kies een nieuw kenmerk of laat programma en deelnemer zoals ze zijn"
    )


def _parse(raw: RawFile) -> tuple[list[_Row], list[Probleem]]:
    rows, problems = [], []
    for sheet in raw.sheets:
        where = sheet.blad.name if raw.bestand.lower().endswith(".xlsx") else None
        headers = frozenset(sheet.headers)
        for number, cells in sheet.rows:
            values, errors = parse_row(sheet.blad, cells)
            problems += [Probleem(raw.bestand, msg, where, number, col) for col, msg in errors]
            rows.append(_Row(sheet.blad, number, values, complete=not errors, headers=headers))
    return rows, problems


def _check(bestand: str, rows: list[_Row], known: keys.Known, session: Session, scope: Scope) -> list[Probleem]:
    problems: list[Probleem] = []
    seen: dict[tuple, int] = {}
    unknown: list[tuple[_Row, str, str, tuple]] = []

    def problem(row: _Row, kolom: str | None, melding: str) -> None:
        problems.append(Probleem(bestand, melding, _where(bestand, row), row.rij, kolom))

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
            want = tuple(v.get(h) for h in ref.headers)
            if None not in want and want not in known.ids[ref.target]:
                unknown.append((row, ref.headers[-1], ref.target, want))
        if v.get("startdatum") and v.get("einddatum") and v["einddatum"] < v["startdatum"]:
            problem(row, "einddatum", "einddatum ligt vóór de startdatum")
        period = _period(known, row)
        for header in blad.dated:
            d = v.get(header)
            if d is not None and period is not None and not period[0] <= d <= period[1]:
                problem(
                    row,
                    header,
                    f"datum {d:%d-%m-%Y} valt buiten het programma ({period[0]:%d-%m-%Y} t/m {period[1]:%d-%m-%Y})",
                )
    hints = suggestions(session, scope, [(target, want) for _r, _k, target, want in unknown])
    for row, kolom, target, want in unknown:
        problem(row, kolom, _unknown(target, want, hints.get((target, want))))
    return problems


def _period(known: keys.Known, row: _Row) -> tuple[dt.date, dt.date] | None:
    v, table = row.values, row.blad.table
    code = v.get("programma") or (v.get("code") if table == "programma" else None)
    if code is None and table in ONDER_TOEZEGGING:
        code = known.programma_of["toezegging"].get(v.get("toezegging"))
    if code is None and table == "aanwezigheid":
        code = known.programma_of["bijeenkomst"].get(v.get("bijeenkomst"))
    return known.periods.get(code or "")


def _unknown(target: str, want: tuple, hint: tuple | None) -> str:
    naam = " / ".join(str(w) for w in want)
    waar = {
        "programma": "programma",
        "organisatie": "organisatie (blad Organisaties)",
        "deelnemer": "deelnemer (blad Deelnemers)",
        "toezegging": "toezegging (kenmerk, blad Toezeggingen)",
        "bijeenkomst": "bijeenkomst (kenmerk, blad Bijeenkomsten)",
    }[target]
    extra = f"; bedoelt u '{' / '.join(map(str, hint))}'?" if hint else ""
    return f"onbekende {waar}: '{naam}' staat niet in de database of in dit bestand{extra}"


def _apply(
    session: Session,
    rows: list[_Row],
    known: keys.Known,
    result: ImportResult,
    scope: Scope,
    plans: dict[int, tuple[Owner | None, Owner]],
) -> None:
    for blad in BLADEN:
        mine = [r for r in rows if r.blad is blad]
        if not mine:
            continue
        mapping = MAPPINGS[blad.table]
        targets = [_target_values(row, mapping, known) for row in mine]
        existing = _existing(session, mapping, [tuple(t[a] for a in mapping.key_attrs) for t in targets])
        counts = result.counts.setdefault(blad.name, Counter())
        added = []
        for row, target in zip(mine, targets, strict=True):
            gemeenten = _gemeenten(*plans[id(row)])
            obj = existing.get(tuple(target[a] for a in mapping.key_attrs))
            if obj is None:
                if "bron" in mapping.plain:
                    target["bron"] = target["bron"] or "import"
                for attr, default in mapping.defaults.items():
                    target[attr] = target[attr] or default
                counts["toevoegen"] += 1
                result.changes.append(
                    Wijzigingsregel(
                        blad.name, row.rij, "toevoegen", _key_text(blad, row), {a: (None, v) for a, v in target.items()}
                    )
                )
                if not result.dry_run:
                    obj = mapping.model(**target)
                    session.add(obj)
                    added.append((row, obj, target, gemeenten))
                continue
            for attr in _absent(row, mapping):  # an older template or a short CSV: never clears what it lacks
                target.pop(attr, None)
            given_bron = row.values.get("bron")
            if not given_bron:
                target.pop("bron", None)
            for attr in mapping.defaults:
                if target.get(attr) is None:
                    target.pop(attr, None)
            diff = {a: (getattr(obj, a), new) for a, new in target.items() if getattr(obj, a) != new}
            if not diff:
                counts["ongewijzigd"] += 1
                continue
            if "bron" in mapping.plain and not given_bron and obj.bron != "import":
                diff["bron"] = (obj.bron, "import")  # a changed row is no longer (only) what its source said
            counts["wijzigen"] += 1
            result.changes.append(Wijzigingsregel(blad.name, row.rij, "wijzigen", _key_text(blad, row), diff))
            if result.dry_run:
                continue
            for attr, (_old, new) in diff.items():
                setattr(obj, attr, new)
            if hasattr(obj, "versie"):
                obj.versie += 1
            for gemeente in gemeenten:
                record(
                    session,
                    scope,
                    gemeente,
                    blad.table,
                    getattr(obj, "id", None),
                    "wijzigen",
                    {a: o for a, (o, _n) in diff.items()},
                    {a: n for a, (_o, n) in diff.items()},
                )
        session.flush()
        for row, obj, target, gemeenten in added:
            lookup = keys.lookup_key(blad.table, row.values)
            if lookup is not None:
                known.ids[blad.table][lookup] = obj.id
            for gemeente in gemeenten:
                record(session, scope, gemeente, blad.table, getattr(obj, "id", None), "toevoegen", None, target)


def _existing(session: Session, mapping: Mapping, wanted: list[tuple]) -> dict[tuple, Any]:
    """The rows of this sheet's table that the file names, by natural key (rows whose parent is new in this
    file cannot exist yet and are not looked up)."""
    model, attrs = mapping.model, mapping.key_attrs
    found: dict[tuple, Any] = {}
    todo = list(dict.fromkeys(k for k in wanted if None not in k))
    # Every key column gets its own IN list (the values of this chunk), so both databases can walk the unique index
    # over the whole key; the exact keys are then matched here. (A row-value IN makes SQLite scan the table.)
    columns, wanted_keys = [getattr(model, a) for a in attrs], set(todo)
    for batch in keys.chunks(sorted(todo, key=lambda k: tuple(map(str, k))), keys.CHUNK // len(attrs)):
        where = [col.in_(sorted({k[i] for k in batch}, key=str)) for i, col in enumerate(columns)]
        for obj in session.scalars(select(model).where(*where)):
            key = tuple(getattr(obj, a) for a in attrs)
            if key in wanted_keys:
                found[key] = obj
    return found


def _absent(row: _Row, mapping: Mapping) -> list[str]:
    """The attributes of an existing row that this file has no column for."""
    absent = [attr for header, attr in mapping.plain.items() if header not in row.headers]
    return absent + [ref.attr for ref in mapping.refs if any(h not in row.headers for h in ref.headers)]


def _target_values(row: _Row, mapping: Mapping, known: keys.Known) -> dict[str, Any]:
    target = {attr: row.values.get(header) for header, attr in mapping.plain.items()}
    for ref in mapping.refs:
        want = tuple(row.values.get(h) for h in ref.headers)
        target[ref.attr] = None if want[-1] is None else known.ids[ref.target][want]
    return target


def _key_text(blad: Blad, row: _Row) -> str:
    return " / ".join(str(row.values[h]) for h in blad.key)
