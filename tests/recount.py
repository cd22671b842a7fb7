"""Independent recounts in plain Python: which raw rows a Filters selection covers."""

from __future__ import annotations

import datetime as dt

from samen_data.filters import Filters
from samen_data.store.models import Deelnemer

# Dutch month names written out here, not taken from Babel: a date on screen is checked against this spelling.
MAANDEN = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip


def selected(d: Deelnemer | None, f: Filters) -> bool:
    """Whether a participant is in the selection; None (a programme-level row) only without gemeente/track."""
    if d is None:
        return not f.gemeente and not f.sporen
    return (
        (not f.programma or d.programma.code == f.programma)
        and (not f.gemeente or d.gemeente_code == f.gemeente)
        and (not f.sporen or d.spoor in f.sporen)
    )


def in_period(date: dt.date, f: Filters) -> bool:
    return (not f.van or date >= f.van) and (not f.tot or date <= f.tot)
