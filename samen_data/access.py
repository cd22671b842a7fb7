"""Who may see and change what (default deny). Every query, command, export and edit takes a Scope.

Policy (also in the README):
- beheer: everything, manages accounts.
- fonds: reads everything; edits the commitments and payments of its own fund.
- vng: reads everything; edits nothing.
- gemeente: programme-level aggregates, and detail rows of its own gemeente only; edits its own
  gemeente's commitments, payments, attendance and milestones.
- no role (unknown user, signed out): nothing.
- demo: the embedded demo without accounts: reads everything, edits nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from .filters import Filters

FONDS_TABELLEN = ("toezegging", "betaling")  # what a fund changes: what it commits and pays

ROLLEN = ("beheer", "fonds", "vng", "gemeente")
ROL_LABELS = {"beheer": "Beheer", "fonds": "Fonds", "vng": "VNG", "gemeente": "Gemeente"}


class AccessDenied(Exception):
    """The scope does not allow this; the message says so in Dutch."""


@dataclass(frozen=True)
class Scope:
    rol: str | None = None
    email: str = ""
    gemeente: str | None = None   # CBS code, for rol gemeente
    fonds: str | None = None      # the fund's organisation name, for rol fonds
    demo: bool = False

    @property
    def can_read(self) -> bool:
        return self.rol in ROLLEN

    @property
    def can_edit(self) -> bool:
        return self.rol in ("beheer", "fonds", "gemeente") and not self.demo

    @property
    def can_manage(self) -> bool:
        return self.rol == "beheer" and not self.demo

    @property
    def sees_all_detail(self) -> bool:
        return self.rol in ("beheer", "fonds", "vng")

    def require_read(self) -> None:
        if not self.can_read:
            raise AccessDenied("Geen toegang: log in met een account dat een rol heeft.")

    def restrict(self, filters: Filters | None, detail: bool) -> Filters:
        """The filters this scope may query: a gemeente never gets another gemeente's figures."""
        self.require_read()
        filters = filters or Filters()
        if self.sees_all_detail:
            return filters
        if filters.gemeente not in (None, self.gemeente) or detail:
            return replace(filters, gemeente=self.gemeente)
        return filters

    def may_edit(self, gemeente_code: str | None, financier: str | None, tabel: str) -> bool:
        """May this scope change a row of `tabel` that belongs to this gemeente / is paid by this financier?"""
        if not self.can_edit:
            return False
        if self.rol == "beheer":
            return True
        if self.rol == "fonds":
            return tabel in FONDS_TABELLEN and financier is not None and financier == self.fonds
        return gemeente_code is not None and gemeente_code == self.gemeente

    def edits_table(self, tabel: str) -> bool:
        """May this scope change any row of `tabel` at all?"""
        return self.can_edit and (self.rol != "fonds" or tabel in FONDS_TABELLEN)

    def editable_rows(self, rows: pd.DataFrame, tabel: str) -> pd.DataFrame:
        """The rows of a listing (already read with this scope) that this scope may change, so that an edit page
        offers no row whose save would be refused: a gemeente's listings hold only its own rows already; a fund
        changes only what it pays."""
        if not self.edits_table(tabel):
            return rows.iloc[0:0]
        if self.rol == "fonds":
            return rows[rows["financier"] == self.fonds].reset_index(drop=True)
        return rows

    @property
    def beschrijving(self) -> str:
        if self.demo:
            return "Demomodus (alleen lezen)"
        if not self.can_read:
            return "Niet ingelogd"
        extra = self.gemeente if self.rol == "gemeente" else self.fonds if self.rol == "fonds" else ""
        return f"{self.email} · {ROL_LABELS[self.rol]}" + (f" ({extra})" if extra else "")


NIEMAND = Scope()
DEMO = Scope(rol="vng", email="demo", demo=True)
BEHEER = Scope(rol="beheer", email="systeem")  # the command line on the server itself
