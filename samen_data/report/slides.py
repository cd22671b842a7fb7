"""The presentation as data: one Slide per section and per proeftuin, built from samen_data.queries.

The Presentatie page, the PDF and the PowerPoint all draw these same slides, so every figure is formatted once
(samen_data.fmt) and reads the same on screen, on paper and in the deck. A slide has one message, a few big
figures, at most one chart with its text alternative (a description and the data as a table)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import pandas as pd

from .. import queries
from ..demo_facts import DEMODATA_KOP, DEMODATA_TEKST
from ..access import Scope
from ..filters import Filters
from ..selectie import Selectie
from ..fmt import datum, euro, getal, procent, ratio
from ..palette import match_label, mijlpaal_label
from ..vocab import label
from . import charts

# load(name, filters, *extra) -> queries.<name>(engine, filters, *extra); the app passes its cached loader.
Loader = Callable[..., Any]
SECTIONS = ("overzicht", "kaart", "cofinanciering", "bijeenkomsten", "samenwerking")
KERN_SOORTEN = ("kick-off", "collectief")
BRON = "Bron: SAMEN-database (Programma SAMEN: VSBfonds, Oranje Fonds, Stichting DOEN en VNG)"
DEMODATA = f"{DEMODATA_KOP} {DEMODATA_TEKST}"


@dataclass(frozen=True)
class Slide:
    key: str                      # a section name, or 'proeftuin-GM0796'
    titel: str
    boodschap: str                # the one message of the slide, a full sentence
    cijfers: tuple[tuple[str, str], ...] = ()  # (label, value formatted as on the dashboard)
    chart: Any = None             # an altair chart, or None
    beschrijving: str = ""        # the chart's text alternative
    tabel: pd.DataFrame | None = None  # the data behind the slide, Dutch formatted strings
    synthetisch: bool = False


@dataclass(frozen=True)
class Deck:
    titel: str
    selectie: str                 # the filters in words
    gemaakt: dt.date
    synthetisch: bool
    slides: list[Slide] = field(default_factory=list)
    selecties: dict[str, str] = field(default_factory=dict)  # per slide key: the scope that slide is drawn in

    def selectie_van(self, s: Slide) -> str:
        return self.selecties.get(s.key, self.selectie)

    def voetregel(self) -> str:
        return f"{BRON} · stand {datum(self.gemaakt)}"


def engine_loader(engine, scope: Scope) -> Loader:
    """Queries as `scope` may run them (samen_data.access): a gemeente's report holds only its own detail."""
    def load(name: str, filters: Filters | None = None, *extra: Any) -> Any:
        return queries.run(name, engine, scope, *((filters,) if filters is not None else ()), *extra)
    return load


def build(load: Loader, f: Filters, today: dt.date | None = None) -> Deck:
    """Every section, then one slide per gemeente with a funded participant (the proeftuinen)."""
    slides = [overzicht(load, f), kaart(load, f), cofinanciering(load, f), bijeenkomsten(load, f),
              samenwerking(load, f)]
    slides += [proeftuin(load, f, code) for code in proeftuin_gemeenten(load, f)]
    return Deck(titel=programma_naam(load, f), selectie=selectie(load, f), gemaakt=today or dt.date.today(),
                synthetisch=any(s.synthetisch for s in slides), slides=slides,
                selecties={s.key: slide_selectie(load, f, s) for s in slides})


def programma_naam(load: Loader, f: Filters) -> str:
    p = load("programmas")
    names = dict(zip(p["code"], p["naam"], strict=True))
    return names.get(f.programma, "Alle programma's")


def selectie(load: Loader, f: Filters) -> str:
    """The filters in words (the scope line of the pages), shown on every slide and on every report page."""
    return _selectie(load, f).regel()


def _selectie(load: Loader, f: Filters) -> Selectie:
    p = load("programmas")
    row = p[p["code"] == f.programma]
    g = load("gemeente", None, f.gemeente) if f.gemeente else None
    return Selectie(f, programma_naam=programma_naam(load, f), gemeente_naam=g["naam"] if g else None,
                    start=row["startdatum"].iloc[0] if len(row) else None,
                    einde=row["einddatum"].iloc[0] if len(row) else None)


def slide_selectie(load: Loader, f: Filters, s: Slide) -> str:
    """The scope a slide is drawn in: a proeftuin's slide is that one gemeente."""
    code = s.key.removeprefix("proeftuin-") if s.key.startswith("proeftuin-") else None
    return selectie(load, replace(f, gemeente=code) if code else f)


def proeftuin_gemeenten(load: Loader, f: Filters) -> list[str]:
    funding = load("cofinanciering_per_deelnemer", f)
    funded = funding[funding["heeft_toezegging"] & (funding["spoor"] != "kenniskring")]
    return funded.sort_values("gemeente")["gemeente_code"].drop_duplicates().tolist()


def _sum(series: pd.Series) -> Decimal:
    return sum(series, Decimal(0))


def _score(value: float | None) -> str:
    return "–" if value is None else f"{getal(value, 1)} / 10"


def _empty(key: str, titel: str, what: str) -> Slide:
    return Slide(key, titel, f"Geen {what} voor deze selectie.")


def overzicht(load: Loader, f: Filters) -> Slide:
    k = load("kerncijfers", f)
    if k.deelnemers == 0:
        return _empty("overzicht", "Overzicht", "deelnemers")
    cijfers = (
        ("Deelnemers", getal(k.deelnemers)), ("Toegezegd door fondsen", euro(k.fonds_toegezegd)),
        ("Toegezegd door gemeenten", euro(k.gemeente_toegezegd)), ("Match fonds : gemeente", ratio(k.matchratio)),
        ("Betaald tot nu toe", euro(k.betaald)), ("Bijeenkomsten gehouden", getal(k.bijeenkomsten_gehouden)),
        ("Aanwezigen (totaal)", getal(k.aanwezig)), ("Samenwerking (score)", _score(k.score_laatste)),
    )
    sporen = ", ".join(f"{n} {label(s).lower()}" for s, n in sorted(k.per_spoor.items()))
    boodschap = (f"{getal(k.deelnemers)} deelnemers ({sporen}). Gemeenten zegden {euro(k.gemeente_toegezegd)} toe "
                 f"tegenover {euro(k.fonds_toegezegd)} van de fondsen: {ratio(k.matchratio)}.")
    if k.verandering is not None:
        boodschap += f" De samenwerkingsscore steeg van {_score(k.score_nulmeting)} naar {_score(k.score_laatste)}." \
            if k.verandering > 0 else f" De samenwerkingsscore is {_score(k.score_laatste)}."
    return Slide("overzicht", "Overzicht", boodschap, cijfers, synthetisch=k.synthetisch)


def kaart(load: Loader, f: Filters) -> Slide:
    points = load("cofinanciering_per_gemeente", f)  # one point per gemeente, aggregated in the database
    if points.empty:
        return _empty("kaart", "Kaart", "deelnemers op de kaart")
    money = points[["fonds_toegezegd", "gemeente_toegezegd", "fonds_beoogd", "gemeente_beoogd", "ingetrokken"]]
    funded = points[money.astype(float).sum(axis=1) > 0]
    matched = int((funded["matchstatus"] == "gematcht").sum())
    boodschap = (f"{getal(int(points['deelnemers'].sum()))} deelnemers in {getal(len(points))} gemeenten; "
                 f"{getal(matched)} van {getal(len(funded))} gemeenten met geld zijn 1:1 gematcht.")
    tabel = pd.DataFrame({"Gemeente": funded["gemeente"], "Deelnemers": funded["deelnemers"].astype(int),
                          "Cofinanciering": funded["matchstatus"].map(match_label)})
    rest = len(points) - len(funded)
    beschrijving = ("Kaart van Nederland: elke gemeente een grijs puntje; elke gemeente met deelnemers een stip, "
                    "kleur en teken naar de stand van haar 1:1-cofinanciering (✔ gematcht, ▲ achter, ○ alleen beoogd, "
                    "– geen toezegging), grootte naar het toegezegde bedrag."
                    + (f" {getal(rest)} gemeenten zonder toezegging (alleen kenniskring) staan niet in de tabel."
                       if rest else ""))
    return Slide("kaart", "Kaart", boodschap, chart=charts.map_chart(points, load("gemeenten_op_kaart")),
                 beschrijving=beschrijving, tabel=tabel.reset_index(drop=True),
                 synthetisch=bool(points["synthetisch"].any()))


def cofinanciering(load: Loader, f: Filters) -> Slide:
    per = load("cofinanciering_per_deelnemer", f)
    money = per[per["heeft_toezegging"]]
    if money.empty:
        return _empty("cofinanciering", "Cofinanciering", "toezeggingen")
    fonds, gemeente = _sum(money["fonds_toegezegd"]), _sum(money["gemeente_toegezegd"])
    behind = int((money["matchstatus"] != "gematcht").sum())
    cijfers = (("Toegezegd door fondsen", euro(fonds)), ("Toegezegd door gemeenten", euro(gemeente)),
               ("Match fonds : gemeente", ratio(float(gemeente / fonds) if fonds else None)),
               ("Betaald", euro(_sum(money["betaald"]))))
    boodschap = (f"{getal(behind)} van {getal(len(money))} deelnemers zijn nog niet 1:1 gematcht." if behind
                 else f"Alle {getal(len(money))} deelnemers zijn 1:1 gematcht.")
    tabel = pd.DataFrame({
        "Deelnemer": money["deelnemer"], "Cofinanciering": money["matchstatus"].map(match_label),
        "Match": money["matchratio"].map(lambda r: ratio(None if pd.isna(r) else r)),
        "Fondsen toegezegd": money["fonds_toegezegd"].map(euro), "Gemeente toegezegd": money["gemeente_toegezegd"].map(euro),
        "Betaald": money["betaald"].map(euro),
    }).reset_index(drop=True)
    beschrijving = ("Staafdiagram: per deelnemer het toegezegde bedrag van de fondsen naast dat van de gemeente; "
                    "▲ voor de naam = gemeente achter op 1:1, ✔ = gematcht.")
    return Slide("cofinanciering", "Cofinanciering: de 1:1-match", boodschap, cijfers, charts.match_bars(money),
                 beschrijving, tabel, bool(money["synthetisch"].any()))


def bijeenkomsten(load: Loader, f: Filters) -> Slide:
    c = load("bijeenkomsten_kerncijfers", f)
    meetings = load("bijeenkomsten", f)
    if meetings.empty:
        return _empty("bijeenkomsten", "Bijeenkomsten", "bijeenkomsten")
    cijfers = (("Bijeenkomsten gehouden", getal(c.gehouden)), ("Aanwezigen (totaal)", getal(c.aanwezig)),
               ("Gemiddeld per collectieve", getal(c.gemiddeld_collectief)), ("Opkomst", procent(c.opkomst)))
    boodschap = (f"{getal(c.aanwezig)} keer was iemand aanwezig op {getal(c.gehouden)} bijeenkomsten; een collectieve "
                 f"bijeenkomst trok gemiddeld {getal(c.gemiddeld_collectief)} mensen.")
    kern = meetings[meetings["soort"].isin(KERN_SOORTEN)]
    per_rol = load("aanwezigheid_per_bijeenkomst_rol", f, KERN_SOORTEN)
    tabel = pd.DataFrame({"Datum": kern["datum"].map(lambda d: datum(d, "d MMM y")), "Bijeenkomst": kern["titel"],
                          "Aanwezig": kern["aanwezig"].map(getal)}).reset_index(drop=True)
    chart = charts.attendance_bars(per_rol) if not per_rol.empty else None
    beschrijving = ("Gestapeld staafdiagram: per bijeenkomst (de start en de collectieve bijeenkomsten) het aantal "
                    "aanwezigen, opgedeeld naar rol. De tabel geeft de totalen per bijeenkomst.")
    return Slide("bijeenkomsten", "Bijeenkomsten en opkomst", boodschap, cijfers, chart, beschrijving, tabel,
                 c.synthetisch)


def samenwerking(load: Loader, f: Filters) -> Slide:
    voortgang = load("samenwerking_voortgang", f)
    per_status = load("mijlpalen_per_status", f)
    if voortgang.empty:
        return _empty("samenwerking", "Samenwerking", "metingen")
    cijfers = tuple((d.dimensie[:1].upper() + d.dimensie[1:], _score(d.laatste_score)) for d in voortgang.itertuples())
    aantal = dict(zip(per_status["status"], per_status["aantal"], strict=True))
    cijfers += ((mijlpaal_label("bereikt") + " mijlpalen", f"{getal(aantal.get('bereikt', 0))} van "
                 f"{getal(sum(aantal.values()))}"),)
    eerste, laatste = voortgang["eerste_score"].mean(), voortgang["laatste_score"].mean()
    golf = label(voortgang["laatste_golf"].iloc[0]).lower()
    boodschap = ("Het doel: betere samenwerking tussen bewonersinitiatieven, gemeenten en fondsen. "
                 + (f"Gemiddeld over de drie lessen van {getal(eerste, 1)} bij de nulmeting naar {getal(laatste, 1)} bij "
                    f"de {golf}." if golf != "nulmeting" else f"Nulmeting: gemiddeld {getal(laatste, 1)}."))
    tabel = pd.DataFrame({
        "Les": voortgang["dimensie"].map(lambda d: d[:1].upper() + d[1:]),
        "Eerste meting": [f"{label(g)}: {getal(s, 1)}" for g, s in zip(voortgang["eerste_golf"], voortgang["eerste_score"],
                                                                         strict=True)],
        "Laatste meting": [f"{label(g)}: {getal(s, 1)}" for g, s in zip(voortgang["laatste_golf"],
                                                                          voortgang["laatste_score"], strict=True)],
        "Verschil": voortgang["verschil"].map(lambda v: ("+" if round(v, 1) > 0 else "") + getal(v, 1)),
    })
    beschrijving = ("Lijndiagram: de gemiddelde score (1–10) per les bij nulmeting, tussenmeting en eindmeting; "
                    "elke les heeft een eigen kleur, lijnsoort en punt.")
    return Slide("samenwerking", "Samenwerking: van nulmeting naar eindmeting", boodschap, cijfers,
                 charts.score_lines(load("samenwerking_per_dimensie", f)), beschrijving, tabel,
                 bool(voortgang["synthetisch"].any() or per_status["synthetisch"].any()))


def proeftuin(load: Loader, f: Filters, code: str) -> Slide:
    """One gemeente with its funded participants: money, match, attendance, collaboration and milestones."""
    g = replace(f, gemeente=code)
    info = load("gemeente", None, code) or {"naam": code}
    per_gemeente = load("cofinanciering_per_gemeente", g)
    funding = load("cofinanciering_per_deelnemer", g)
    if per_gemeente.empty:
        return _empty(f"proeftuin-{code}", info["naam"], f"deelnemers van {info['naam']}")
    t = per_gemeente.iloc[0]
    funded = funding[funding["heeft_toezegging"] & (funding["spoor"] != "kenniskring")]
    spoor = label(funded["spoor"].iloc[0]) if len(funded) else "Gemeente"
    per_rol = load("aanwezigheid_per_bijeenkomst_rol", g)
    scores = load("samenwerking_voortgang", g)
    per_status = load("mijlpalen_per_status", g)
    aantal = dict(zip(per_status["status"], per_status["aantal"], strict=True))
    score = scores["laatste_score"].mean() if len(scores) else None
    cijfers = (
        ("Fondsen toegezegd", euro(t["fonds_toegezegd"])), ("Gemeente toegezegd", euro(t["gemeente_toegezegd"])),
        ("Match fonds : gemeente", f"{ratio(t['matchratio'] if t['fonds_toegezegd'] else None)} "
                                   f"{match_label(t['matchstatus'])}"),
        ("Betaald", euro(t["betaald"])),
        ("Aanwezig op bijeenkomsten", getal(int(per_rol["aanwezig"].sum()) if len(per_rol) else 0)),
        ("Samenwerking (score)", _score(score)),
        ("Mijlpalen bereikt", f"{getal(aantal.get('bereikt', 0))} van {getal(sum(aantal.values()))}"),
    )
    names = " en ".join(n.split(" – ", 1)[-1] for n in funded["deelnemer"]) or info["naam"]
    boodschap = f"{names}: {match_label(t['matchstatus']).lower()}, {euro(t['betaald'])} betaald."
    toez = load("toezeggingen", g)
    toez = toez[toez["deelnemer"].isin(funded["deelnemer"])]
    tabel = pd.DataFrame({"Financier": toez["financier"], "Soort": toez["soort"].map(label),
                          "Fase": toez["fase"].map(label), "Bedrag": toez["bedrag"].map(euro),
                          "Betaald": toez["betaald"].map(euro)}).reset_index(drop=True)
    synthetisch = bool(funding["synthetisch"].any() or per_rol.get("synthetisch", pd.Series(dtype=bool)).any()
                       or scores.get("synthetisch", pd.Series(dtype=bool)).any())
    return Slide(f"proeftuin-{code}", f"{spoor} {info['naam']}", boodschap, cijfers, tabel=tabel,
                 beschrijving="Toezeggingen per financier met fase en wat erop betaald is.", synthetisch=synthetisch)
