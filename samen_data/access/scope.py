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

from samen_data.filters import Filters

FONDS_TABELLEN = ("toezegging", "betaling", "tranche")  # what a fund changes: what it commits and pays
# Rows that belong to a gemeente (or, for money, to the fund that pays them); every other table is beheer's.
EIGEN_TABELLEN = ("toezegging", "betaling", "tranche", "aanwezigheid", "mijlpaal")

ROLLEN = ("beheer", "fonds", "vng", "gemeente")
ROL_LABELS = {"beheer": "Beheer", "fonds": "Fonds", "vng": "VNG", "gemeente": "Gemeente"}


class AccessDenied(Exception):
    """The scope does not allow this; the message says so in Dutch."""


@dataclass(frozen=True)
class Owner:
    """Whose row: the gemeente it belongs to (of its participant or organisation) and, for money, who pays it.

    For an existing row it comes from the database, never from the file or form that wants to change it."""

    gemeente: str | None = None
    financier: str | None = None


@dataclass(frozen=True)
class Scope:
    rol: str | None = None
    email: str = ""
    gemeente: str | None = None  # CBS code, for rol gemeente
    fonds: str | None = None  # the fund's organisation name, for rol fonds
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

    def may_write(self, tabel: str, before: Owner | None, after: Owner | None) -> bool:
        """The one ownership rule: may this scope create (before None), change (both) or delete (after None) a
        row of `tabel`, owned by `before` as it is in the database and by `after` as it would become?
        Both sides must be the scope's own, so a row can neither be taken over nor given away."""
        if not self.edits_table(tabel) or (before is None and after is None):
            return False
        if self.rol == "beheer":
            return True
        return all(self._owns(tabel, side) for side in (before, after) if side is not None)

    def _owns(self, tabel: str, owner: Owner) -> bool:
        if self.rol == "fonds":
            return tabel in FONDS_TABELLEN and owner.financier is not None and owner.financier == self.fonds
        return self.rol == "gemeente" and owner.gemeente is not None and owner.gemeente == self.gemeente

    def edits_table(self, tabel: str) -> bool:
        """May this scope change any row of `tabel` at all?"""
        if not self.can_edit:
            return False
        if self.rol == "beheer":
            return True
        return tabel in (FONDS_TABELLEN if self.rol == "fonds" else EIGEN_TABELLEN)

    def refusal(self, tabel: str) -> str:
        """Why a write was refused, in words that say nothing about the row in the database."""
        if not self.can_edit:
            return "geen toegang: dit account mag geen gegevens wijzigen" + (" (demomodus)" if self.demo else "")
        if not self.edits_table(tabel):
            return "geen toegang: alleen beheer mag deze soort gegevens aanmaken of wijzigen"
        eigen = "uw eigen fonds (als financier)" if self.rol == "fonds" else "uw eigen gemeente"
        return f"geen toegang: u mag alleen rijen van {eigen} aanmaken of wijzigen"

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
