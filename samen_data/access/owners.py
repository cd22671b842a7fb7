"""Whose row is this, read from the database: the input of Scope.may_write for every write path.

The owner of an existing row is always taken from the row as stored (its participant's or organisation's
gemeente, the organisation that pays it), never from the file or form that wants to change it.
"""

from __future__ import annotations

from sqlalchemy import null, select
from sqlalchemy.orm import Session, aliased

from samen_data.access.scope import Owner
from samen_data.store.models import Aanwezigheid, Betaling, Deelnemer, Mijlpaal, Organisatie, Toezegging, Tranche

# Rows that hang under a commitment: their owner is the commitment's (its gemeente and the organisation that pays).
ONDER_TOEZEGGING = {"betaling": Betaling, "tranche": Tranche}


def of_row(session: Session, tabel: str, row_id: int) -> Owner | None:
    """The owner of row `row_id` of `tabel`, or None when there is no such row."""
    financier = aliased(Organisatie)
    if tabel == "toezegging" or tabel in ONDER_TOEZEGGING:
        stmt = (
            select(Deelnemer.gemeente_code, financier.naam)
            .join(Toezegging, Toezegging.deelnemer_id == Deelnemer.id)
            .join(financier, financier.id == Toezegging.financier_id)
        )
        stmt = (
            stmt.where(Toezegging.id == row_id)
            if tabel == "toezegging"
            else stmt.join(child := ONDER_TOEZEGGING[tabel], child.toezegging_id == Toezegging.id).where(
                child.id == row_id
            )
        )
    elif tabel == "aanwezigheid":
        stmt = (
            select(Organisatie.gemeente_code, null())
            .join(Aanwezigheid, Aanwezigheid.organisatie_id == Organisatie.id)
            .where(Aanwezigheid.id == row_id)
        )
    elif tabel == "mijlpaal":
        stmt = (
            select(Deelnemer.gemeente_code, null())
            .select_from(Mijlpaal)
            .outerjoin(Deelnemer, Deelnemer.id == Mijlpaal.deelnemer_id)
            .where(Mijlpaal.id == row_id)
        )
    else:
        raise ValueError(f"tabel '{tabel}' heeft geen eigenaar per rij")
    row = session.execute(stmt).first()
    return None if row is None else Owner(row[0], row[1])
