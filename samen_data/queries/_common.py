"""Small helpers shared by the query modules."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, Select, case, func, or_


def frame(engine: Engine, stmt: Select) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(stmt)
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def any_synthetic(*models):
    """Aggregate: 1 when any contributing row is synthetic demo data, else 0."""
    return func.max(case((or_(*[m.bron == "synthetisch" for m in models]), 1), else_=0))
