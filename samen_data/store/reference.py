"""Reference data shipped with the project: the Dutch gemeenten with CBS codes and coordinates."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from samen_data.store.db import DATA_DIR
from samen_data.store.models import Gemeente

GEMEENTEN_CSV = DATA_DIR / "gemeenten.csv"


def read_gemeenten(path: Path = GEMEENTEN_CSV) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {
                "cbs_code": row["cbs_code"],
                "naam": row["naam"],
                "provincie": row["provincie"],
                "latitude": float(row["latitude"]),
                "longitude": float(row["longitude"]),
                "peiljaar": int(row["peiljaar"]),
            }
            for row in csv.DictReader(handle)
        ]


def load_gemeenten(session: Session, path: Path = GEMEENTEN_CSV) -> int:
    """Insert the gemeenten that are not in the database yet; returns how many were added."""
    known = set(session.scalars(select(Gemeente.cbs_code)))
    new = [Gemeente(**row) for row in read_gemeenten(path) if row["cbs_code"] not in known]
    session.add_all(new)
    session.flush()
    return len(new)
