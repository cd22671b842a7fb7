"""The naive peer: each page's figures the way a quick dashboard computes them on every run:
read the raw tables into pandas (SELECT *), then filter, join and aggregate in pandas."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, text

from samen_data.filters import Filters
from samen_data.store.vocab import FASEN_TOEGEZEGD

NEEDS = {
    "overzicht": ("programma", "deelnemer", "toezegging", "betaling", "bijeenkomst", "aanwezigheid", "meting"),
    "kaart": ("programma", "deelnemer", "gemeente", "toezegging", "betaling"),
    "cofinanciering": ("programma", "deelnemer", "gemeente", "organisatie", "toezegging", "betaling"),
    "bijeenkomsten": ("programma", "bijeenkomst", "aanwezigheid", "organisatie", "deelnemer_organisatie", "deelnemer"),
    "samenwerking": ("programma", "deelnemer", "meting", "mijlpaal"),
    "gemeente": (
        "programma",
        "deelnemer",
        "gemeente",
        "organisatie",
        "toezegging",
        "betaling",
        "bijeenkomst",
        "aanwezigheid",
        "meting",
        "mijlpaal",
    ),
}


def read(engine: Engine, tables) -> dict[str, pd.DataFrame]:
    with engine.connect() as conn:
        return {t: pd.read_sql_query(text(f"SELECT * FROM {t}"), conn) for t in tables}


def _dates(df: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_datetime(df[column]).dt.date


def _selected(t, f: Filters) -> pd.DataFrame:
    prog = t["programma"].loc[t["programma"]["code"] == f.programma, "id"]
    d = t["deelnemer"][t["deelnemer"]["programma_id"].isin(prog)]
    if f.gemeente:
        d = d[d["gemeente_code"] == f.gemeente]
    if f.sporen:
        d = d[d["spoor"].isin(f.sporen)]
    return d


def _funding(t, f: Filters, d: pd.DataFrame) -> pd.DataFrame:
    tz = t["toezegging"][t["toezegging"]["deelnemer_id"].isin(d["id"])]
    b = t["betaling"]
    b = b[(_dates(b, "datum") >= f.van) & (_dates(b, "datum") <= f.tot)]
    paid = b.groupby("toezegging_id")["bedrag_cent"].sum().rename("betaald")
    tz = tz.merge(paid, left_on="id", right_index=True, how="left").fillna({"betaald": 0})
    tz["toegezegd"] = tz["bedrag_cent"].where(tz["fase"].isin(FASEN_TOEGEZEGD), 0)
    per = tz.pivot_table(index="deelnemer_id", columns="soort", values=["toegezegd", "betaald"], aggfunc="sum")
    per.columns = [f"{a}_{b}" for a, b in per.columns]
    return d.merge(per, left_on="id", right_index=True, how="left").fillna(0)


def _attendance(t, f: Filters) -> pd.DataFrame:
    prog = t["programma"].loc[t["programma"]["code"] == f.programma, "id"]
    m = t["bijeenkomst"][t["bijeenkomst"]["programma_id"].isin(prog)]
    m = m[(_dates(m, "datum") >= f.van) & (_dates(m, "datum") <= f.tot)]
    a = t["aanwezigheid"].merge(m[["id", "soort", "datum"]], left_on="bijeenkomst_id", right_on="id")
    if f.gemeente and "organisatie" in t:
        orgs = t["organisatie"].loc[t["organisatie"]["gemeente_code"] == f.gemeente, "id"]
        a = a[a["organisatie_id"].isin(orgs)]
    return a


def _scores(t, d: pd.DataFrame) -> pd.DataFrame:
    mt = t["meting"][t["meting"]["deelnemer_id"].isin(d["id"])].copy()
    mt["gewogen"] = mt["score"].astype(float) * mt["respondenten"]
    g = mt.groupby(["golf", "respondentgroep", "dimensie"])[["gewogen", "respondenten"]].sum()
    return (g["gewogen"] / g["respondenten"]).reset_index()


def overzicht(t, f):
    d = _selected(t, f)
    funding = _funding(t, f, d)
    a = _attendance(t, f)
    return funding.sum(numeric_only=True), a["aanwezig"].sum(), a["bijeenkomst_id"].nunique(), _scores(t, d)


def kaart(t, f):
    funding = _funding(t, f, _selected(t, f)).merge(t["gemeente"], left_on="gemeente_code", right_on="cbs_code")
    return funding.groupby(["gemeente_code", "latitude", "longitude"]).sum(numeric_only=True)


def cofinanciering(t, f):
    d = _selected(t, f)
    funding = _funding(t, f, d)
    ledger = t["toezegging"][t["toezegging"]["deelnemer_id"].isin(d["id"])].merge(
        t["organisatie"], left_on="financier_id", right_on="id", suffixes=("", "_fin")
    )
    b = t["betaling"].merge(ledger[["id", "soort"]], left_on="toezegging_id", right_on="id")
    cumulative = b.groupby(["soort", "datum"])["bedrag_cent"].sum().groupby(level=0).cumsum()
    return funding, ledger, cumulative


def bijeenkomsten(t, f):
    a = _attendance(t, f)
    spoor = (
        t["deelnemer_organisatie"]
        .merge(t["deelnemer"], left_on="deelnemer_id", right_on="id")
        .groupby("organisatie_id")["spoor"]
        .max()
    )
    a = a.merge(spoor, left_on="organisatie_id", right_index=True, how="left").fillna({"spoor": "partner"})
    per_meeting = a.groupby("bijeenkomst_id")[["aangemeld", "aanwezig"]].sum()
    per_rol = a.groupby(["bijeenkomst_id", "rol"])["aanwezig"].sum()
    per_spoor = a.groupby(["soort", "spoor"])["aanwezig"].sum()
    matrix = (
        a[a["soort"].isin(("kick-off", "collectief"))].groupby(["organisatie_id", "bijeenkomst_id"])["aanwezig"].sum()
    )
    return per_meeting, per_rol, per_spoor, matrix


def samenwerking(t, f):
    d = _selected(t, f)
    mp = t["mijlpaal"][t["mijlpaal"]["deelnemer_id"].isin(d["id"])]
    return _scores(t, d), mp.groupby("status").size()


def gemeente(t, f):
    return cofinanciering(t, f)[0], _attendance(t, f).groupby("rol")["aanwezig"].sum(), samenwerking(t, f)


PAGES = {
    "overzicht": overzicht,
    "kaart": kaart,
    "cofinanciering": cofinanciering,
    "bijeenkomsten": bijeenkomsten,
    "samenwerking": samenwerking,
    "gemeente": gemeente,
}


def run(engine: Engine, page: str, f: Filters) -> None:
    """One naive page run: read the raw tables, compute the figures."""
    PAGES[page](read(engine, NEEDS[page]), f)
