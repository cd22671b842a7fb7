"""Small helpers shared by the query modules."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Engine, Select, case, func, or_

from samen_data.store.models import Betaling, Deelnemer, Gemeente, Programma, Toezegging


def frame(engine: Engine, stmt: Select) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(stmt)
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def any_synthetic(*models):
    """Aggregate: 1 when any contributing row is synthetic demo data, else 0."""
    return func.max(case((or_(*[m.bron == "synthetisch" for m in models]), 1), else_=0))


def via_toezegging(
    stmt: Select, financier: Any, *, betaling: bool = False, onder: Any = None, gemeente: bool = True
) -> Select:
    """Join a commitment's participant, programme, gemeente and financer (an aliased Organisatie) to `stmt`;
    betaling: start from the payment; onder: start from that row under a commitment (Betaling or Tranche). The one
    path every commitment, payment and tranche listing takes, so that Filters.deelnemers (which filters on Deelnemer
    and Programma) applies to each alike."""
    if betaling or onder is not None:
        child = onder if onder is not None else Betaling
        stmt = stmt.join(Toezegging, Toezegging.id == child.toezegging_id)
    stmt = stmt.join(Deelnemer, Deelnemer.id == Toezegging.deelnemer_id).join(
        Programma, Programma.id == Deelnemer.programma_id
    )
    if gemeente:
        stmt = stmt.join(Gemeente, Gemeente.cbs_code == Deelnemer.gemeente_code)
    return stmt.join(financier, financier.id == Toezegging.financier_id)
