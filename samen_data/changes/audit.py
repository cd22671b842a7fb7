"""The audit trail (wijziging): one row per committed change, written in the change's own transaction,
and one per refused change, written in a transaction of its own (the refused write is rolled back)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from samen_data.access.scope import Scope
from samen_data.store import version
from samen_data.store.db import session_scope
from samen_data.store.models import Wijziging


def to_json(values: dict[str, Any] | None) -> str | None:
    def plain(v: Any) -> Any:
        return str(v) if isinstance(v, (Decimal, dt.date)) else v

    if values is None:
        return None
    return json.dumps(
        {k: plain(v) for k, v in values.items() if k != "versie"}, ensure_ascii=False, sort_keys=True, default=str
    )


def record(
    session: Session,
    scope: Scope,
    gemeente: str | None,
    tabel: str,
    row_id: int | None,
    actie: str,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
) -> None:
    session.add(
        Wijziging(
            gebruiker=scope.email or "onbekend",
            tabel=tabel,
            rij_id=row_id,
            actie=actie,
            gemeente_code=gemeente if isinstance(gemeente, str) else None,
            oude_waarden=to_json(old),
            nieuwe_waarden=to_json(new),
        )
    )


def refuse(
    engine: Engine, scope: Scope, tabel: str, row_id: int | None, gemeente: str | None, attempted: dict[str, Any]
) -> None:
    with session_scope(engine) as session:
        record(session, scope, gemeente, tabel, row_id, "geweigerd", None, attempted)
        version.bump(session)  # the refusal is shown on Wijzigingen
