"""Open vocabularies (a measurement's dimension, a milestone's category): one spelling per value.

"Relaties" or "relatiës" next to "relaties" would split one series in two; such values are read as the known
spelling (from the vocabulary or already in the database), and the import says so in a note.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from samen_data.store.models import Meting, Mijlpaal
from samen_data.store.vocab import DIMENSIES, MIJLPAAL_CATEGORIEEN, fold

OPEN = {
    ("meting", "dimensie"): (Meting.dimensie, DIMENSIES),
    ("mijlpaal", "categorie"): (Mijlpaal.categorie, MIJLPAAL_CATEGORIEEN),
}


def canonicalise(session: Session, rows: list[Any]) -> list[str]:
    """Rewrite values of open vocabularies to their known spelling; returns the notes for the user."""
    notes: list[str] = []
    for (table, header), (column, canonical) in OPEN.items():
        mine = [r for r in rows if r.blad.table == table and isinstance(r.values.get(header), str)]
        if not mine:
            continue
        known = {fold(v): v for v in session.scalars(select(column).distinct())}
        known.update({fold(v): v for v in canonical})  # the vocabulary's spelling wins over a stored variant
        changed: dict[str, str] = {}
        for row in mine:
            value = row.values[header]
            spelling = known.get(fold(value))
            if spelling is None:
                known[fold(value)] = value  # a new value: later rows of the file follow its first spelling
            elif spelling != value:
                row.values[header] = changed.setdefault(value, spelling)
        notes += [f"{header} '{old}' gelezen als '{new}'" for old, new in changed.items()]
    return notes
