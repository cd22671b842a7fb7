"""Editing in the app: optimistic concurrency (versie) and an audit row in the same transaction.

A save names the version it was based on; when the row moved on in the meantime, the save is refused
(StaleEdit) and nothing changes, so two people never silently overwrite each other.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic_core import PydanticCustomError
from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session

from samen_data.access import owners
from samen_data.access.scope import AccessDenied, Owner, Scope
from samen_data.changes import audit
from samen_data.store import version
from samen_data.store.db import session_scope
from samen_data.store.models import (
    Aanwezigheid,
    Base,
    Betaling,
    Bijeenkomst,
    Deelnemer,
    Mijlpaal,
    Programma,
    Toezegging,
    Tranche,
)
from samen_data.transfer.parse import _cell_parser
from samen_data.transfer.sheets import BLAD

MODELS: dict[str, type[Base]] = {
    "toezegging": Toezegging,
    "betaling": Betaling,
    "tranche": Tranche,
    "aanwezigheid": Aanwezigheid,
    "mijlpaal": Mijlpaal,
}
# Editable field -> the exchange-format column whose rules it follows (one set of rules for import and app).
EDITABLE: dict[str, dict[str, tuple[str, str]]] = {
    "toezegging": {
        "fase": ("Toezeggingen", "fase"),
        "bedrag": ("Toezeggingen", "bedrag"),
        "besluit_kenmerk": ("Toezeggingen", "besluitkenmerk"),
        "besluit_datum": ("Toezeggingen", "besluitdatum"),
    },
    "betaling": {
        "datum": ("Betalingen", "datum"),
        "bedrag": ("Betalingen", "bedrag"),
        "omschrijving": ("Betalingen", "omschrijving"),
    },
    "tranche": {
        "datum": ("Tranches", "vervaldatum"),
        "bedrag": ("Tranches", "bedrag"),
        "omschrijving": ("Tranches", "omschrijving"),
    },
    "aanwezigheid": {"aangemeld": ("Aanwezigheid", "aangemeld"), "aanwezig": ("Aanwezigheid", "aanwezig")},
    "mijlpaal": {
        "status": ("Mijlpalen", "status"),
        "streefdatum": ("Mijlpalen", "streefdatum"),
        "datum_bereikt": ("Mijlpalen", "datum bereikt"),
    },
}
_DATED = {"besluit_datum", "datum", "streefdatum", "datum_bereikt"}


class EditRefused(Exception):
    """The edit was not saved; the message says why in Dutch."""


class StaleEdit(EditRefused):
    """Someone else saved this row after it was loaded; `current` holds the values now stored."""

    def __init__(self, message: str, current: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.current = current or {}


def validate(tabel: str, changes: dict[str, Any]) -> dict[str, Any]:
    """Check and convert values with the import's rules; raises EditRefused naming the field."""
    allowed = EDITABLE.get(tabel)
    if allowed is None:
        raise EditRefused(f"tabel '{tabel}' kan niet in de app worden bewerkt")
    clean = {}
    for attr, value in changes.items():
        if attr not in allowed:
            raise EditRefused(f"veld '{attr}' van {tabel} kan niet in de app worden bewerkt")
        blad, header = allowed[attr]
        try:
            clean[attr] = _cell_parser(BLAD[blad].column(header))(value)
        except PydanticCustomError as exc:
            raise EditRefused(f"{header}: {exc.message()}") from None
    return clean


def _period(session: Session, tabel: str, row_id: int) -> tuple[dt.date, dt.date] | None:
    model = MODELS[tabel]
    stmt = select(Programma.startdatum, Programma.einddatum)
    if tabel == "toezegging":
        stmt = stmt.join(Deelnemer, Deelnemer.programma_id == Programma.id).join(
            Toezegging, Toezegging.deelnemer_id == Deelnemer.id
        )
    elif tabel in owners.ONDER_TOEZEGGING:
        stmt = (
            stmt.join(Deelnemer, Deelnemer.programma_id == Programma.id)
            .join(Toezegging, Toezegging.deelnemer_id == Deelnemer.id)
            .join(model, model.toezegging_id == Toezegging.id)
        )
    elif tabel == "aanwezigheid":
        stmt = stmt.join(Bijeenkomst, Bijeenkomst.programma_id == Programma.id).join(
            Aanwezigheid, Aanwezigheid.bijeenkomst_id == Bijeenkomst.id
        )
    else:
        stmt = stmt.join(Mijlpaal, Mijlpaal.programma_id == Programma.id)
    return session.execute(stmt.where(model.id == row_id)).one_or_none()


def _check_dates(session: Session, tabel: str, row_id: int, clean: dict[str, Any]) -> None:
    period = _period(session, tabel, row_id)
    for attr, value in clean.items():
        if attr in _DATED and value is not None and period and not period[0] <= value <= period[1]:
            raise EditRefused(
                f"{attr.replace('_', ' ')}: datum {value:%d-%m-%Y} valt buiten het programma "
                f"({period[0]:%d-%m-%Y} t/m {period[1]:%d-%m-%Y})"
            )


def _check_access(
    engine: Engine,
    scope: Scope,
    tabel: str,
    row_id: int,
    before: Owner | None,
    after: Owner | None,
    changes: dict[str, Any],
) -> str | None:
    """Apply the ownership rule; a refusal is audited under the row's owner, so that gemeente sees the attempt."""
    if scope.may_write(tabel, before, after):
        return (after or before).gemeente if (after or before) else None
    victims = {o.gemeente for o in (before, after) if o is not None} or {None}
    for gemeente in sorted(victims, key=str):
        audit.refuse(engine, scope, tabel, row_id, gemeente, changes)
    raise AccessDenied("Niet opgeslagen: u mag deze rij niet wijzigen (ze hoort niet bij uw gemeente of fonds).")


def _values(session: Session, model, row_id: int, attrs) -> dict[str, Any] | None:
    cols = [getattr(model, a) for a in attrs]
    row = session.execute(select(*cols).where(model.id == row_id)).one_or_none()
    return None if row is None else dict(zip(attrs, row, strict=True))


def _stale(session: Session, model, row_id: int, attrs) -> StaleEdit:
    current = _values(session, model, row_id, (*attrs, "versie"))
    if current is None:
        return StaleEdit("Deze rij bestaat niet meer: iemand anders heeft haar intussen verwijderd.")
    return StaleEdit(
        f"Niet opgeslagen: iemand anders heeft deze rij intussen gewijzigd (nu versie "
        f"{current['versie']}). Uw invoer staat nog in het formulier; vergelijk met de huidige "
        "waarden en sla opnieuw op.",
        current,
    )


def update_row(
    engine: Engine, tabel: str, row_id: int, versie: int | None, changes: dict[str, Any], scope: Scope
) -> int:
    """Save changes made on version `versie`; returns the new version. Refuses stale or missing versions,
    and rows outside the scope (audited as 'geweigerd')."""
    if versie is None:
        raise EditRefused("Niet opgeslagen: de versie van de rij ontbreekt; herlaad de pagina.")
    clean = validate(tabel, changes)
    model = MODELS[tabel]
    with session_scope(engine) as session:
        before = owners.of_row(session, tabel, row_id)
        if before is None:
            raise _stale(session, model, row_id, clean)
        gemeente = _check_access(engine, scope, tabel, row_id, before, before, clean)
        old = _values(session, model, row_id, (*clean, "versie", "bron"))
        if old is None or old["versie"] != versie:
            raise _stale(session, model, row_id, clean)
        _check_dates(session, tabel, row_id, clean)
        diff = {a: v for a, v in clean.items() if old[a] != v}
        if not diff:
            return versie
        result = session.execute(
            update(model)
            .where(model.id == row_id, model.versie == versie)
            .values(**diff, versie=versie + 1, bron="invoer")
        )
        if result.rowcount != 1:  # another transaction saved between our read and our write
            raise _stale(session, model, row_id, clean)
        audit.record(session, scope, gemeente, tabel, row_id, "wijzigen", {a: old[a] for a in diff}, diff)
        version.bump(session)
    return versie + 1


def add_betaling(
    engine: Engine, toezegging_id: int, datum: Any, bedrag: Any, omschrijving: str | None, scope: Scope
) -> int:
    """Record a payment against a commitment; returns its id."""
    return _add_onder_toezegging(engine, "betaling", toezegging_id, datum, bedrag, omschrijving, scope)


def add_tranche(
    engine: Engine, toezegging_id: int, datum: Any, bedrag: Any, omschrijving: str | None, scope: Scope
) -> int:
    """Plan a tranche (an amount due by a date) on a commitment; returns its id."""
    return _add_onder_toezegging(engine, "tranche", toezegging_id, datum, bedrag, omschrijving, scope)


def delete_betaling(engine: Engine, betaling_id: int, versie: int | None, scope: Scope) -> None:
    _delete_onder_toezegging(engine, "betaling", betaling_id, versie, scope)


def delete_tranche(engine: Engine, tranche_id: int, versie: int | None, scope: Scope) -> None:
    _delete_onder_toezegging(engine, "tranche", tranche_id, versie, scope)


def _add_onder_toezegging(
    engine: Engine, tabel: str, toezegging_id: int, datum: Any, bedrag: Any, omschrijving: str | None, scope: Scope
) -> int:
    clean = validate(tabel, {"datum": datum, "bedrag": bedrag, "omschrijving": omschrijving or None})
    if clean["datum"] is None or clean["bedrag"] is None:
        raise EditRefused("datum en bedrag zijn verplicht")
    model = MODELS[tabel]
    with session_scope(engine) as session:
        parent = owners.of_row(session, "toezegging", toezegging_id)
        if parent is None:
            raise EditRefused("De toezegging bestaat niet (meer).")
        gemeente = _check_access(engine, scope, tabel, None, None, parent, clean)  # a new row of the parent's owner
        row = model(toezegging_id=toezegging_id, bron="invoer", **clean)
        session.add(row)
        session.flush()
        _check_dates(session, tabel, row.id, clean)
        new = {"kenmerk": row.kenmerk, "toezegging_id": toezegging_id, **clean}
        audit.record(session, scope, gemeente, tabel, row.id, "toevoegen", None, new)
        version.bump(session)
        return row.id


def _delete_onder_toezegging(engine: Engine, tabel: str, row_id: int, versie: int | None, scope: Scope) -> None:
    if versie is None:
        raise EditRefused("Niet verwijderd: de versie van de rij ontbreekt; herlaad de pagina.")
    model = MODELS[tabel]
    attrs = ("kenmerk", "toezegging_id", "datum", "bedrag", "omschrijving")
    with session_scope(engine) as session:
        before = owners.of_row(session, tabel, row_id)
        if before is None:
            raise _stale(session, model, row_id, attrs)
        gemeente = _check_access(engine, scope, tabel, row_id, before, None, {"verwijderen": True})
        old = _values(session, model, row_id, (*attrs, "versie"))
        result = session.execute(delete(model).where(model.id == row_id, model.versie == versie))
        if old is None or result.rowcount != 1:
            raise _stale(session, model, row_id, attrs)
        audit.record(session, scope, gemeente, tabel, row_id, "verwijderen", old, None)
        version.bump(session)
