"""Headline figures, the map's points and the filter options."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from sqlalchemy import Engine, func, select

from samen_data.figures.money import Stand, Tegel, tegels, totaal
from samen_data.filters import Filters
from samen_data.formatting.fmt import getal, per_spoor
from samen_data.queries._common import frame
from samen_data.queries._parallel import together
from samen_data.queries._registry import AGGREGATE, PUBLIC, SPECIAL, query
from samen_data.queries.collab import samenwerking_scores
from samen_data.queries.funding import cofinanciering_per_deelnemer
from samen_data.queries.meetings import bijeenkomsten_kerncijfers
from samen_data.store.models import Deelnemer, Gemeente, Programma


@dataclass(frozen=True)
class Kerncijfers:
    deelnemers: int
    per_spoor: dict[str, int]
    fonds_toegezegd: Decimal
    gemeente_toegezegd: Decimal
    betaald: Decimal  # paid within the period, both sides
    geld: Stand  # match, gap and paid per side by the programme's rule (samen_data.figures.money)
    bijeenkomsten_gehouden: int
    aanwezig: int
    score_nulmeting: float | None
    score_laatste: float | None
    laatste_golf: str | None
    synthetisch: bool

    @property
    def verandering(self) -> float | None:
        if self.score_nulmeting is None or self.score_laatste is None or self.laatste_golf == "nulmeting":
            return None
        return self.score_laatste - self.score_nulmeting


@query(AGGREGATE)
def kerncijfers(engine: Engine, f: Filters, today: dt.date | None = None) -> Kerncijfers:
    """The overview's figures, each from one aggregated query (no raw table read into pandas)."""
    today = today or dt.date.today()
    funding, meetings, scores = together(
        engine,
        lambda: cofinanciering_per_deelnemer(engine, f),
        lambda: bijeenkomsten_kerncijfers(engine, f, today),  # totals in SQL: no meeting rows into pandas
        lambda: samenwerking_scores(engine, f),
    )
    fonds = sum(funding["fonds_toegezegd"], Decimal(0))
    gemeente = sum(funding["gemeente_toegezegd"], Decimal(0))
    per_wave = _wave_means(scores)
    waves = list(per_wave)
    return Kerncijfers(
        deelnemers=len(funding),
        per_spoor={k: int(v) for k, v in funding["spoor"].value_counts().items()},
        fonds_toegezegd=fonds,
        gemeente_toegezegd=gemeente,
        betaald=sum(funding["betaald"], Decimal(0)),
        geld=totaal(funding),
        bijeenkomsten_gehouden=meetings.gehouden,
        aanwezig=meetings.aanwezig,
        score_nulmeting=per_wave.get("nulmeting"),
        score_laatste=per_wave[waves[-1]] if waves else None,
        laatste_golf=waves[-1] if waves else None,
        synthetisch=bool(funding["synthetisch"].any() or meetings.synthetisch or scores["synthetisch"].any()),
    )


def kern_tegels(k: Kerncijfers) -> list[Tegel]:
    """The overview's tiles, as the Overzicht page and the first slide show them: the money tiles follow the
    programme's co-financing rule (samen_data.figures.money), paid split into funds and gemeenten."""
    sporen = per_spoor(k.per_spoor)
    return [
        Tegel("Deelnemers", getal(k.deelnemers), sporen or None),
        *tegels(k.geld),
        Tegel("Bijeenkomsten gehouden", getal(k.bijeenkomsten_gehouden)),
        Tegel("Aanwezigen (totaal)", getal(k.aanwezig)),
        Tegel(
            "Samenwerking (score)",
            "–" if k.score_laatste is None else f"{getal(k.score_laatste, 1)} / 10",
            None if k.verandering is None else f"{getal(k.verandering, 1)} sinds nulmeting",
            "Gewogen gemiddelde score (1–10) op relaties, gelijkwaardigheid en sterke bewonersinitiatieven.",
        ),
    ]


def _wave_means(scores: pd.DataFrame) -> dict[str, float]:
    """Mean score per wave over groups and dimensions, weighted by respondents, in wave order."""
    out: dict[str, float] = {}
    for golf in ("nulmeting", "tussenmeting", "eindmeting"):
        rows = scores[scores["golf"] == golf]
        if len(rows):
            out[golf] = float((rows["score"] * rows["respondenten"]).sum() / rows["respondenten"].sum())
    return out


@query(PUBLIC)
def programmas(engine: Engine) -> pd.DataFrame:
    return frame(
        engine,
        select(
            Programma.code, Programma.naam, Programma.startdatum, Programma.einddatum, Programma.cofinanciering
        ).order_by(Programma.startdatum.desc()),
    )


@query(SPECIAL)
def gemeenten_met_deelnemers(engine: Engine, programma: str | None = None) -> pd.DataFrame:
    stmt = (
        select(Gemeente.cbs_code, Gemeente.naam, func.count(Deelnemer.id).label("deelnemers"))
        .join(Deelnemer, Deelnemer.gemeente_code == Gemeente.cbs_code)
        .join(Programma, Programma.id == Deelnemer.programma_id)
        .group_by(Gemeente.cbs_code, Gemeente.naam)
        .order_by(Gemeente.naam)
    )
    if programma:
        stmt = stmt.where(Programma.code == programma)
    return frame(engine, stmt)


@query(PUBLIC)
def gemeente(engine: Engine, cbs_code: str) -> dict | None:
    with engine.connect() as conn:
        row = conn.execute(select(Gemeente).where(Gemeente.cbs_code == cbs_code)).mappings().first()
    return dict(row) if row else None


@query(PUBLIC)
def gemeenten_op_kaart(engine: Engine) -> pd.DataFrame:
    """Every gemeente's centre point: a faint backdrop that sketches the country when map tiles cannot load."""
    return frame(
        engine,
        select(Gemeente.cbs_code, Gemeente.naam, Gemeente.latitude, Gemeente.longitude).order_by(Gemeente.cbs_code),
    )
