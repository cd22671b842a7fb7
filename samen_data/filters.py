"""The dashboard's filters, applied the same way by every query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, true

from samen_data.store.models import Deelnemer, Programma


@dataclass(frozen=True)
class Filters:
    """programma: code or None for all; van/tot: period (inclusive); gemeente: CBS code; sporen: empty = all."""

    programma: str | None = None
    van: dt.date | None = None
    tot: dt.date | None = None
    gemeente: str | None = None
    sporen: tuple[str, ...] = ()

    def period(self, column) -> ColumnElement[bool]:
        conditions = []
        if self.van:
            conditions.append(column >= self.van)
        if self.tot:
            conditions.append(column <= self.tot)
        return and_(true(), *conditions)

    def until(self, column) -> ColumnElement[bool]:
        return column <= self.tot if self.tot else true()

    def deelnemers(self, stmt: Select) -> Select:
        """Restrict a statement that already joins Deelnemer (and Programma) to the selected ones."""
        if self.programma:
            stmt = stmt.where(Programma.code == self.programma)
        if self.gemeente:
            stmt = stmt.where(Deelnemer.gemeente_code == self.gemeente)
        if self.sporen:
            stmt = stmt.where(Deelnemer.spoor.in_(self.sporen))
        return stmt
