"""The oracle's recount: every figure a page shows, counted again straight from the raw rows in plain pandas.

Independent of the app on purpose: no samen_data.queries, no samen_data.figures.money, no Filters. Rows are read with
`SELECT * FROM <table>`; the rules are written out again from the README ("Hoe de cijfers gerekend worden").
Only the number formatting (samen_data.formatting.fmt, Babel) is shared, so that a figure can be compared as it is shown.
A scope (Scope below) is read back from the scope line a page prints, so a figure drawn outside the scope the
page names cannot match."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, text

from samen_data.formatting.fmt import datum, euro, getal, procent, ratio

COMMITTED = {"toegezegd", "besloten", "deels_betaald", "betaald"}
SIDE = {"fondsbijdrage": "fonds", "gemeentelijke_investering": "gemeente", "eigen_middelen": "overig"}
WAVES = ("nulmeting", "tussenmeting", "eindmeting")
DIMENSIONS = ("relaties", "gelijkwaardigheid", "sterke bewonersinitiatieven")
OWN_SUFFIX = " (uw gemeente; per deelnemer ziet u alleen die)"


# A participant count per spoor in words, one and many (kenniskring is the spoor, its people are kenniskringleden).
_WORDS = {
    "proeftuin": ("proeftuin", "proeftuinen"),
    "kenniskring": ("kenniskringlid", "kenniskringleden"),
    "experiment": ("experiment", "experimenten"),
}


class Rows:
    """Every table of a database as a DataFrame (money in cents, dates as dates)."""

    TABLES = (
        "programma",
        "gemeente",
        "organisatie",
        "deelnemer",
        "deelnemer_organisatie",
        "toezegging",
        "betaling",
        "bijeenkomst",
        "aanwezigheid",
        "meting",
        "mijlpaal",
    )
    DATES = ("startdatum", "einddatum", "datum", "besluit_datum", "streefdatum", "datum_bereikt")

    def __init__(self, engine: Engine) -> None:
        with engine.connect() as conn:
            for table in self.TABLES:
                result = conn.execute(text(f"SELECT * FROM {table}"))
                df = pd.DataFrame(result.all(), columns=list(result.keys()))
                for c in self.DATES:
                    if c in df:
                        df[c] = df[c].map(_date)
                setattr(self, table, df)


def _date(v):
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return None
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)[:10])


@dataclass(frozen=True)
class Scope:
    programma: str  # code
    van: dt.date
    tot: dt.date
    gemeente: str | None  # CBS code
    sporen: tuple[str, ...]


def parse_scope(line: str, rows: Rows) -> Scope:
    """A scope line ("Programma SAMEN · 01-01-2024 – 30-06-2024 · Vaals · spoor proeftuin") back into a scope."""
    naam, periode, gemeente, sporen = line.split(" · ")
    p = rows.programma[rows.programma["naam"] == naam].iloc[0]
    if periode == "hele looptijd":
        van, tot = p["startdatum"], p["einddatum"]
    else:
        a, b = periode.split(" – ")
        van, tot = (dt.datetime.strptime(x, "%d-%m-%Y").date() for x in (a, b))
    code = None
    if gemeente != "alle gemeenten":
        gemeente = gemeente.removesuffix(OWN_SUFFIX)
        code = rows.gemeente.loc[rows.gemeente["naam"] == gemeente, "cbs_code"].iloc[0]
    chosen = () if sporen == "alle sporen" else tuple(s.strip() for s in sporen.split(" ", 1)[1].split(","))
    return Scope(p["code"], van, tot, code, chosen)


class Recount:
    """The figures of one scope."""

    def __init__(self, rows: Rows, s: Scope, today: dt.date | None = None) -> None:
        self.r, self.s, self.today = rows, s, today or dt.date.today()
        prog = rows.programma[rows.programma["code"] == s.programma].iloc[0]
        self.regel = prog["cofinanciering"]
        d = rows.deelnemer[rows.deelnemer["programma_id"] == prog["id"]]
        if s.gemeente:
            d = d[d["gemeente_code"] == s.gemeente]
        if s.sporen:
            d = d[d["spoor"].isin(s.sporen)]
        self.prog_id, self.deelnemers = prog["id"], d
        tz = rows.toezegging[rows.toezegging["deelnemer_id"].isin(d["id"])].copy()
        tz["kant"] = tz["soort"].map(SIDE)
        pay = rows.betaling.merge(
            tz[["id", "kant", "deelnemer_id"]], left_on="toezegging_id", right_on="id", suffixes=("", "_tz")
        )
        self.toezeggingen, self.betalingen = tz, pay

    # --- money ---
    def committed(self, kant: str, deelnemer: int | None = None) -> int:
        tz = self._tz(deelnemer)
        return int(tz.loc[(tz["kant"] == kant) & tz["fase"].isin(COMMITTED), "bedrag_cent"].sum())

    def phase(self, kant: str, fase: str, deelnemer: int | None = None) -> int:
        tz = self._tz(deelnemer)
        return int(tz.loc[(tz["kant"] == kant) & (tz["fase"] == fase), "bedrag_cent"].sum())

    def paid_until_end(self, kant: str | None = None, deelnemer: int | None = None) -> int:
        p = self._pay(kant, deelnemer)
        return int(p.loc[p["datum"] <= self.s.tot, "bedrag_cent"].sum())

    def paid_in_period(self, kant: str | None = None, deelnemer: int | None = None) -> int:
        p = self._pay(kant, deelnemer)
        return int(p.loc[(p["datum"] >= self.s.van) & (p["datum"] <= self.s.tot), "bedrag_cent"].sum())

    def _tz(self, deelnemer):
        tz = self.toezeggingen
        return tz if deelnemer is None else tz[tz["deelnemer_id"] == deelnemer]

    def _pay(self, kant, deelnemer):
        p = self.betalingen
        if kant:
            p = p[p["kant"] == kant]
        return p if deelnemer is None else p[p["deelnemer_id"] == deelnemer]

    @property
    def een_op_een(self) -> bool:
        return self.regel == "gemeente_1op1"

    def status(self, deelnemer: int) -> str:
        """A participant's status under the 1:1 rule (the words of the README)."""
        g = self.committed("gemeente", deelnemer)
        if g:
            return "gematcht" if g >= self.committed("fonds", deelnemer) else "achter"
        if self.phase("gemeente", "beoogd", deelnemer):
            return "alleen_beoogd"
        return "ingetrokken" if self.phase("gemeente", "ingetrokken", deelnemer) else "geen_toezegging"

    def money_tiles(self, one: bool = False, statuses: bool = True) -> dict[str, tuple[str, str | None]]:
        """label -> (value, small line or None when not checked), as Overzicht, Cofinanciering and Gemeente show."""
        names = (
            ("Fondsen toegezegd", "Gemeente toegezegd", "Fondsen betaald", "Gemeente betaald")
            if one
            else (
                "Toegezegd door fondsen",
                "Toegezegd door gemeenten",
                "Betaald door fondsen",
                "Betaald door gemeenten",
            )
        )
        fonds, gem, eigen = (self.committed(k) for k in ("fonds", "gemeente", "overig"))
        out = {names[0]: (euro(fonds / 100), None)}
        if self.een_op_een:
            gap = max(fonds - gem, 0)
            out[names[1]] = (euro(gem / 100), f"nog {euro(gap / 100)} toe te zeggen" if gap else None)
            under = None
            if statuses and not one:
                ids = self.deelnemers.loc[self.deelnemers["id"].isin(self.toezeggingen["deelnemer_id"]), "id"]
                st = [self.status(i) for i in ids]
                behind = sum(s != "gematcht" for s in st)
                under = (
                    (
                        f"{getal(behind)} van {getal(len(st))} nog niet 1:1 toegezegd"
                        if behind
                        else f"alle {getal(len(st))} 1:1 toegezegd"
                    )
                    if st
                    else None
                )
            out["Match fonds : gemeente"] = (ratio(gem / fonds if fonds else None), under)
        else:
            total = fonds + eigen
            share = f"{procent(eigen / total)} van het totaal" if total else None
            out["Eigen of andere middelen"] = (euro(eigen / 100), None if one else share)
        out[names[2]] = (euro(self.paid_until_end("fonds") / 100), self._paid_line("fonds"))
        if self.een_op_een:
            out[names[3]] = (euro(self.paid_until_end("gemeente") / 100), self._paid_line("gemeente"))
        return out

    def _paid_line(self, kant: str) -> str:
        c, p = self.committed(kant), self.paid_until_end(kant)
        line = f"{procent(p / c)} van toegezegd" if c else "niets toegezegd"
        return line + (f" · nog {euro((c - p) / 100)} te betalen" if c > p else "")

    def period_tile(self) -> dict[str, tuple[str, str | None]]:
        """'Betaald in deze periode' with 'Betaald t/m <end>' under it, when the period is narrower than the
        programme's."""
        prog = self.r.programma[self.r.programma["code"] == self.s.programma].iloc[0]
        if (self.s.van, self.s.tot) == (prog["startdatum"], prog["einddatum"]):
            return {}
        until = f"Betaald t/m {datum(self.s.tot, 'dd-MM-y')}: {euro(self.paid_until_end() / 100)}"
        return {"Betaald in deze periode": (euro(self.paid_in_period() / 100), until)}

    # --- meetings ---
    def attendance(self) -> pd.DataFrame:
        """Attendance rows in the scope: meetings of the programme in the period; with a gemeente, only the
        organisations of that gemeente; with tracks, only organisations in those tracks ('partner' for none)."""
        r, s = self.r, self.s
        m = r.bijeenkomst[
            (r.bijeenkomst["programma_id"] == self.prog_id)
            & (r.bijeenkomst["datum"] >= s.van)
            & (r.bijeenkomst["datum"] <= s.tot)
        ]
        a = r.aanwezigheid[r.aanwezigheid["bijeenkomst_id"].isin(m["id"])].merge(
            m[["id", "datum", "soort"]], left_on="bijeenkomst_id", right_on="id", suffixes=("", "_bk")
        )
        if s.gemeente:
            orgs = r.organisatie.loc[r.organisatie["gemeente_code"] == s.gemeente, "id"]
            a = a[a["organisatie_id"].isin(orgs)]
        if s.sporen:
            a = a[a["organisatie_id"].map(self._org_track).isin(s.sporen)]
        return a

    def _org_track(self, org: int) -> str:
        links = self.r.deelnemer_organisatie
        ids = links.loc[links["organisatie_id"] == org, "deelnemer_id"]
        tracks = self.r.deelnemer.loc[self.r.deelnemer["id"].isin(ids), "spoor"]
        return max(tracks) if len(tracks) else "partner"  # proeftuin before kenniskring before experiment

    def meetings(self) -> pd.DataFrame:
        """The meetings in scope: with a gemeente or track, those someone of it attended."""
        r, s = self.r, self.s
        m = r.bijeenkomst[
            (r.bijeenkomst["programma_id"] == self.prog_id)
            & (r.bijeenkomst["datum"] >= s.van)
            & (r.bijeenkomst["datum"] <= s.tot)
        ]
        if s.gemeente or s.sporen:
            m = m[m["id"].isin(self.attendance()["bijeenkomst_id"])]
        return m

    def meeting_tiles(self) -> dict[str, tuple[str, str | None]]:
        m, a = self.meetings(), self.attendance()
        held = m[m["datum"] <= self.today]
        a_held = a[a["bijeenkomst_id"].isin(held["id"])]
        coll = held[held["soort"] == "collectief"]
        present_coll = a_held.loc[a_held["bijeenkomst_id"].isin(coll["id"]), "aanwezig"].sum()
        reg = a_held["aangemeld"].sum()
        return {
            "Bijeenkomsten gehouden": (getal(len(held)), None),
            "Aanwezigen (totaal)": (getal(int(a_held["aanwezig"].sum())), None),
            "Gemiddeld per collectieve": (getal(present_coll / len(coll) if len(coll) else None), None),
            "Opkomst": (procent(a_held["aanwezig"].sum() / reg if reg else None), None),
        }

    # --- collaboration ---
    def scores(self) -> pd.DataFrame:
        m = self.r.meting
        m = m[m["deelnemer_id"].isin(self.deelnemers["id"]) & (m["datum"] >= self.s.van) & (m["datum"] <= self.s.tot)]
        return m.assign(gewogen=m["score"].astype(float) * m["respondenten"])

    @staticmethod
    def _mean(rows: pd.DataFrame) -> float:
        return rows["gewogen"].sum() / rows["respondenten"].sum()

    def score_tile(self) -> tuple[str, str | None]:
        """Overzicht: the latest wave's mean over groups and dimensions, and the change since the nulmeting."""
        m = self.scores()
        waves = [w for w in WAVES if (m["golf"] == w).any()]
        if not waves:
            return "–", None
        last = self._mean(m[m["golf"] == waves[-1]])
        change = None
        if waves[0] == "nulmeting" and waves[-1] != "nulmeting":
            change = f"{getal(last - self._mean(m[m['golf'] == 'nulmeting']), 1)} sinds nulmeting"
        return f"{getal(last, 1)} / 10", change

    def dimension_tiles(self) -> dict[str, tuple[str, str | None]]:
        """Samenwerking: per dimension the latest wave's mean over the groups."""
        m, out = self.scores(), {}
        for dim in DIMENSIONS:
            rows = m[m["dimensie"] == dim]
            waves = [w for w in WAVES if (rows["golf"] == w).any()]
            value = f"{getal(self._mean(rows[rows['golf'] == waves[-1]]), 1)} / 10" if waves else "–"
            out[dim[0].upper() + dim[1:]] = (value, None)
        return out

    def milestones(self) -> pd.DataFrame:
        r, s = self.r, self.s
        m = r.mijlpaal[r.mijlpaal["programma_id"] == self.prog_id]
        when = m["datum_bereikt"].where(m["datum_bereikt"].notna(), m["streefdatum"])
        m = m.loc[when.map(lambda d: d is not None and s.van <= d <= s.tot).astype(bool)]
        if s.gemeente or s.sporen:
            return m[m["deelnemer_id"].isin(self.deelnemers["id"])]
        return m[m["deelnemer_id"].isna() | m["deelnemer_id"].isin(self.deelnemers["id"])]

    def overview_tiles(self) -> dict[str, tuple[str, str | None]]:
        d = self.deelnemers
        per = ", ".join(
            f"{getal(n)} {_WORDS[s][n != 1]}" for s, n in sorted(d["spoor"].value_counts().items())
        )  # spelled here, not with the app's helper: the recount stays independent
        tiles = {"Deelnemers": (getal(len(d)), per or None), **self.money_tiles(statuses=False)}
        mt = self.meeting_tiles()
        tiles.update({k: mt[k] for k in ("Bijeenkomsten gehouden", "Aanwezigen (totaal)")})
        tiles["Samenwerking (score)"] = self.score_tile()
        return tiles
