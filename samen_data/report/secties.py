"""One builder per slide: the sections (overzicht, kaart, cofinanciering, bijeenkomsten, samenwerking) and one
slide per proeftuin, each from the queries through the loader it is given, each in the scope it names."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from samen_data import queries
from samen_data.figures import money
from samen_data.filters import Filters
from samen_data.formatting.fmt import datum, euro, getal, n_items, per_spoor, procent
from samen_data.formatting.palette import match_label, mijlpaal_label
from samen_data.queries.overview import kern_tegels
from samen_data.report import charts, slide_charts
from samen_data.report.model import (
    KERN_SOORTEN,
    KORT,
    NIET_TOEGEZEGD,
    Loader,
    Slide,
)
from samen_data.store.vocab import REGEL_1OP1, REGEL_EIGEN, STATUSSEN_PER_REGEL, label


def _score(value: float | None) -> str:
    return "–" if value is None else f"{getal(value, 1)} / 10"


def _van(n: int, total: int, enkelvoud: str, meervoud: str, werkwoord: tuple[str, str], ja: str, nee: str) -> str:
    """n of total in Dutch that reads right for one and many: 'De gemeente heeft 1:1 toegezegd.', 'Geen van de 3
    gemeenten heeft …', '1 van de 7 gemeenten heeft …', '2 van de 7 gemeenten hebben …', 'Alle 7 … hebben …'."""
    if total == 1:
        return f"De {enkelvoud} {werkwoord[0]} {ja if n else nee}."
    if n == total:
        return f"Alle {getal(total)} {meervoud} {werkwoord[1]} {ja}."
    if n == 0:
        return f"Geen van de {getal(total)} {meervoud} {werkwoord[0]} {ja}."
    return f"{getal(n)} van de {getal(total)} {meervoud} {werkwoord[0] if n == 1 else werkwoord[1]} {ja}."


def _empty(key: str, titel: str, what: str) -> Slide:
    return Slide(key, titel, f"Geen {what} voor deze selectie.")


def tegel_cijfers(tiles) -> tuple[tuple[str, str], ...]:
    """Tiles as (label, value) with their small line in brackets: a slide has no room for a second line."""
    return tuple((t.label, f"{t.waarde} ({t.toelichting})" if t.toelichting else t.waarde) for t in tiles)


def _geld_zin(t: money.Stand) -> str:
    """The money in one sentence, by the rule(s) of the selection."""
    parts = []
    if t.een_op_een:
        parts.append(
            f"Gemeenten zegden {euro(t.gemeente.toegezegd)} toe tegenover {euro(t.fonds_1op1)} van de "
            f"fondsen: {t.match_tekst()}. Betaald: fondsen {procent(t.fondsen.betaald_pct)}, gemeenten "
            f"{procent(t.gemeente.betaald_pct)} van wat ze toezegden."
        )
    if REGEL_EIGEN in t.regels:
        parts.append(
            f"Bij de oproep zijn eigen of andere middelen een pré, geen match door de gemeente: {t.eigen_tekst()}."
        )
        if not t.een_op_een:
            parts.append(
                f"De fondsen zegden {euro(t.fondsen.toegezegd)} toe en betaalden "
                f"{procent(t.fondsen.betaald_pct)} daarvan."
            )
    return " ".join(parts)


def overzicht(load: Loader, f: Filters) -> Slide:
    k = load(queries.kerncijfers, f)
    if k.deelnemers == 0:
        return _empty("overzicht", "Overzicht", "deelnemers")
    sporen = per_spoor(k.per_spoor)
    boodschap = f"{n_items(k.deelnemers, 'deelnemer', 'deelnemers')} ({sporen}). {_geld_zin(k.geld)}"
    if k.verandering is not None:
        boodschap += (
            f" De samenwerkingsscore steeg van {_score(k.score_nulmeting)} naar {_score(k.score_laatste)}."
            if k.verandering > 0
            else f" De samenwerkingsscore is {_score(k.score_laatste)}."
        )
    return Slide("overzicht", "Overzicht", boodschap, tegel_cijfers(kern_tegels(k)), synthetisch=k.synthetisch)


def _status_legend(regels: tuple[str, ...]) -> str:
    return ", ".join(
        f"{match_label(s).split(' ', 1)[0]} {label(s).lower()}" for r in regels for s in STATUSSEN_PER_REGEL.get(r, ())
    )


def kaart(load: Loader, f: Filters) -> Slide:
    points = load(queries.cofinanciering_per_gemeente, f)  # one point per gemeente, aggregated in the database
    if points.empty:
        return _empty("kaart", "Kaart", "deelnemers op de kaart")
    funded = points[
        points[
            [
                "fonds_toegezegd",
                "gemeente_toegezegd",
                "overig_toegezegd",
                "fonds_beoogd",
                "gemeente_beoogd",
                "ingetrokken",
            ]
        ]
        .astype(float)
        .sum(axis=1)
        > 0
    ]
    regels = money.totaal(funded).regels if len(funded) else ("gemeente_1op1",)
    zinnen = [
        f"{n_items(int(points['deelnemers'].sum()), 'deelnemer', 'deelnemers')} in "
        f"{n_items(len(points), 'gemeente', 'gemeenten')}."
    ]
    een_op_een = funded[funded["regel"] == REGEL_1OP1]
    if len(een_op_een):
        matched = een_op_een[een_op_een["matchstatus"] == "gematcht"]
        unpaid = matched[matched["gemeente_betaald_pct"].map(lambda v: v == 0)]
        zin = _van(
            len(matched),
            len(een_op_een),
            "gemeente met geld",
            "gemeenten met geld",
            ("heeft", "hebben"),
            "1:1 toegezegd",
            "nog niet 1:1 toegezegd",
        )
        if len(unpaid):
            zin = zin[:-1] + (
                "; ze betaalde nog niets."
                if len(een_op_een) == 1
                else f"; {getal(len(unpaid))} daarvan {'betaalde' if len(unpaid) == 1 else 'betaalden'} nog niets."
            )
        zinnen.append(zin)
    eigen = funded[funded["regel"] == REGEL_EIGEN]
    if len(eigen):
        zinnen.append(
            _van(
                int((eigen["matchstatus"] == "met_eigen_middelen").sum()),
                len(eigen),
                "gemeente van de oproep",
                "gemeenten van de oproep",
                ("brengt", "brengen"),
                "eigen of andere middelen in",
                "geen eigen of andere middelen in",
            )
        )
    tabel = pd.DataFrame(
        {
            "Gemeente": funded["gemeente"],
            "Deelnemers": funded["deelnemers"].astype(int),
            "Cofinanciering": funded["status_tekst"],
        }
    )
    rest = len(points) - len(funded)
    beschrijving = (
        "Kaart van Nederland: elke gemeente een grijs puntje; elke gemeente met deelnemers een stip, "
        f"kleur en teken naar de stand van haar cofinanciering ({_status_legend(regels)}), grootte naar "
        "het toegezegde bedrag."
        + (
            f" {n_items(rest, 'gemeente', 'gemeenten')} zonder toezegging (alleen kenniskring) "
            f"{'staat' if rest == 1 else 'staan'} niet in de tabel."
            if rest
            else ""
        )
    )
    return Slide(
        "kaart",
        "Kaart",
        " ".join(zinnen),
        chart=charts.map_chart(points, load(queries.gemeenten_op_kaart)),
        beschrijving=beschrijving,
        tabel=tabel.reset_index(drop=True),
        synthetisch=bool(points["synthetisch"].any()),
    )


def cofinanciering(load: Loader, f: Filters, alleen_toegezegd: bool = False) -> Slide:
    per = load(queries.cofinanciering_per_deelnemer, f)
    rows = per[per["heeft_toezegging"]]
    if rows.empty:
        return _empty("cofinanciering", "Cofinanciering", "toezeggingen")
    t = money.totaal(rows)
    zinnen = []
    een_op_een = rows[rows["regel"] == REGEL_1OP1]
    if len(een_op_een):
        behind = int((een_op_een["matchstatus"] != "gematcht").sum())
        unpaid = int(((een_op_een["gemeente_toegezegd"] > 0) & (een_op_een["gemeente_betaald_pct"] == 0)).sum())
        zin = _van(
            len(een_op_een) - behind,
            len(een_op_een),
            "deelnemer",
            "deelnemers",
            ("heeft", "hebben"),
            "1:1 toegezegd",
            "nog niet 1:1 toegezegd",
        )
        zinnen.append(zin[:-1] + f" (nog {euro(t.nog_toe_te_zeggen)} toe te zeggen)." if behind else zin)
        if unpaid:
            zinnen.append(
                "De gemeente betaalde nog niets van haar toezegging."
                if len(een_op_een) == 1
                else f"Bij {n_items(unpaid, 'deelnemer', 'deelnemers')} betaalde de gemeente nog niets van haar "
                "toezegging."
            )
    if REGEL_EIGEN in t.regels:
        eigen = rows[rows["regel"] == REGEL_EIGEN]
        zinnen.append(
            _van(
                int((eigen["matchstatus"] == "met_eigen_middelen").sum()),
                len(eigen),
                "deelnemer van de oproep",
                "deelnemers van de oproep",
                ("brengt", "brengen"),
                "eigen of andere middelen in",
                "geen eigen of andere middelen in",
            )[:-1]
            + f": {t.eigen_tekst()}."
        )
    other = {"Gemeente toegezegd": rows["gemeente_toegezegd"].map(euro)} if t.een_op_een else {}
    if REGEL_EIGEN in t.regels:
        other["Eigen/overige middelen"] = rows["overig_toegezegd"].map(euro)
    tabel = pd.DataFrame(
        {
            "Deelnemer": rows["deelnemer"],
            "Status": rows["status_tekst"],
            "Cofinanciering": rows["maat"],
            "Fondsen toegezegd": rows["fonds_toegezegd"].map(euro),
            **other,
            "Betaald": rows["betaald"].map(euro),
        }
    ).reset_index(drop=True)
    shown = rows.sort_values("fonds_toegezegd", ascending=False, kind="stable").head(slide_charts.MAX_ROWS)
    beschrijving = (
        "Staafdiagram: per deelnemer het toegezegde bedrag van de fondsen naast dat van "
        + ("de gemeente" if t.een_op_een else "de eigen of andere middelen")
        + ("" if alleen_toegezegd else ", het beoogde bedrag licht erachter")
        + f"; het teken voor de naam is de status ({_status_legend(t.regels)})."
        + (
            f" De {getal(len(shown))} grootste van {getal(len(rows))} deelnemers; de tabel noemt ze allemaal."
            if len(shown) < len(rows)
            else ""
        )
    )
    titel = "Cofinanciering: de 1:1-match" if t.een_op_een else "Cofinanciering: eigen of andere middelen"
    # One participant: its own status line under the match, never "1 van 1 nog niet 1:1 toegezegd".
    tegels = money.tegels(t, enkel=True) if len(rows) == 1 else money.tegels(t, rows["matchstatus"])
    return Slide(
        "cofinanciering",
        titel,
        " ".join(zinnen),
        tegel_cijfers(tegels),
        slide_charts.match_bars(shown, alleen_toegezegd),
        beschrijving,
        tabel,
        bool(rows["synthetisch"].any()),
    )


def bijeenkomsten(load: Loader, f: Filters) -> Slide:
    c = load(queries.bijeenkomsten_kerncijfers, f)
    meetings = load(queries.bijeenkomsten, f)
    if meetings.empty:
        return _empty("bijeenkomsten", "Bijeenkomsten", "bijeenkomsten")
    cijfers = (
        ("Bijeenkomsten gehouden", getal(c.gehouden)),
        ("Aanwezigen (totaal)", getal(c.aanwezig)),
        ("Gemiddeld per collectieve", getal(c.gemiddeld_collectief)),
        ("Opkomst", procent(c.opkomst)),
    )
    boodschap = (
        f"{getal(c.aanwezig)} keer was iemand aanwezig op {n_items(c.gehouden, 'bijeenkomst', 'bijeenkomsten')}"
        f"; een collectieve bijeenkomst trok gemiddeld {n_items(c.gemiddeld_collectief, 'persoon', 'personen')}."
    )
    kern = meetings[meetings["soort"].isin(KERN_SOORTEN)]
    per_rol = load(queries.aanwezigheid_per_bijeenkomst_rol, f, KERN_SOORTEN)
    tabel = pd.DataFrame(
        {
            "Datum": kern["datum"].map(lambda d: datum(d, KORT)),
            "Bijeenkomst": kern["titel"],
            "Aanwezig": kern["aanwezig"].map(getal),
        }
    ).reset_index(drop=True)
    chart = charts.attendance_bars(per_rol) if not per_rol.empty else None
    beschrijving = (
        "Gestapeld staafdiagram: per bijeenkomst (de start en de collectieve bijeenkomsten) het aantal "
        "aanwezigen, opgedeeld naar rol. De tabel geeft de totalen per bijeenkomst."
    )
    return Slide(
        "bijeenkomsten", "Bijeenkomsten en opkomst", boodschap, cijfers, chart, beschrijving, tabel, c.synthetisch
    )


def samenwerking(load: Loader, f: Filters) -> Slide:
    voortgang = load(queries.samenwerking_voortgang, f)
    per_status = load(queries.mijlpalen_per_status, f)
    if voortgang.empty:
        return _empty("samenwerking", "Samenwerking", "metingen")
    cijfers = tuple((d.dimensie[:1].upper() + d.dimensie[1:], _score(d.laatste_score)) for d in voortgang.itertuples())
    aantal = dict(zip(per_status["status"], per_status["aantal"], strict=True))
    cijfers += (
        (
            mijlpaal_label("bereikt") + " mijlpalen",
            f"{getal(aantal.get('bereikt', 0))} van {getal(sum(aantal.values()))}",
        ),
    )
    eerste, laatste = voortgang["eerste_score"].mean(), voortgang["laatste_score"].mean()
    golf = label(voortgang["laatste_golf"].iloc[0]).lower()
    boodschap = "Het doel: betere samenwerking tussen bewonersinitiatieven, gemeenten en fondsen. " + (
        f"Gemiddeld over {n_items(len(voortgang), 'les', 'lessen')} van {getal(eerste, 1)} bij de nulmeting "
        f"naar {getal(laatste, 1)} bij de {golf}."
        if golf != "nulmeting"
        else f"Nulmeting: gemiddeld {getal(laatste, 1)}."
    )
    tabel = pd.DataFrame(
        {
            "Les": voortgang["dimensie"].map(lambda d: d[:1].upper() + d[1:]),
            "Eerste meting": [
                f"{label(g)}: {getal(s, 1)}"
                for g, s in zip(voortgang["eerste_golf"], voortgang["eerste_score"], strict=True)
            ],
            "Laatste meting": [
                f"{label(g)}: {getal(s, 1)}"
                for g, s in zip(voortgang["laatste_golf"], voortgang["laatste_score"], strict=True)
            ],
            "Verschil": voortgang["verschil"].map(lambda v: ("+" if round(v, 1) > 0 else "") + getal(v, 1)),
        }
    )
    beschrijving = (
        "Lijndiagram: de gemiddelde score (1–10) per les bij nulmeting, tussenmeting en eindmeting; "
        "elke les heeft een eigen kleur, lijnsoort en punt."
    )
    return Slide(
        "samenwerking",
        "Samenwerking: van nulmeting naar eindmeting",
        boodschap,
        cijfers,
        charts.score_lines(load(queries.samenwerking_per_dimensie, f)),
        beschrijving,
        tabel,
        bool(voortgang["synthetisch"].any() or per_status["synthetisch"].any()),
    )


def proeftuin(load: Loader, f: Filters, code: str, alleen_toegezegd: bool = False) -> Slide:
    """One gemeente with its funded participants: money, match, attendance, collaboration and milestones."""
    g = replace(f, gemeente=code)
    info = load(queries.gemeente, None, code) or {"naam": code}
    per_gemeente = load(queries.cofinanciering_per_gemeente, g)
    funding = load(queries.cofinanciering_per_deelnemer, g)
    if per_gemeente.empty:
        return _empty(f"proeftuin-{code}", info["naam"], f"deelnemers van {info['naam']}")
    t = money.stand(per_gemeente.iloc[0])  # by its programme's rule (samen_data.figures.money)
    funded = funding[funding["heeft_toezegging"] & (funding["spoor"] != "kenniskring")]
    spoor = label(funded["spoor"].iloc[0]) if len(funded) else "Gemeente"
    per_rol = load(queries.aanwezigheid_per_bijeenkomst_rol, g)
    # The README's Samenwerkingsscore (weighted by respondents, latest wave), as on Overzicht for this gemeente.
    kern = load(queries.kerncijfers, g)
    score = kern.score_laatste
    per_status = load(queries.mijlpalen_per_status, g)
    aantal = dict(zip(per_status["status"], per_status["aantal"], strict=True))
    cijfers = tegel_cijfers(money.tegels(t, enkel=True)) + (
        ("Aanwezig op bijeenkomsten", getal(int(per_rol["aanwezig"].sum()) if len(per_rol) else 0)),
        ("Samenwerking (score)", _score(score)),
        ("Mijlpalen bereikt", f"{getal(aantal.get('bereikt', 0))} van {getal(sum(aantal.values()))}"),
    )
    names = " en ".join(n.split(" – ", 1)[-1] for n in funded["deelnemer"]) or info["naam"]
    boodschap = f"{names}: {t.status_tekst().lower()}; {t.gat_tekst()}."
    toez = load(queries.toezeggingen, g)
    toez = toez[toez["deelnemer"].isin(funded["deelnemer"])]
    if alleen_toegezegd:  # a public meeting: promises only, no intended or withdrawn lines
        toez = toez[~toez["fase"].isin(NIET_TOEGEZEGD)]
    tabel = pd.DataFrame(
        {
            "Financier": toez["financier"],
            "Soort": toez["soort"].map(label),
            "Fase": toez["fase"].map(label),
            "Bedrag": toez["bedrag"].map(euro),
            "Betaald": toez["betaald"].map(euro),
        }
    ).reset_index(drop=True)
    synthetisch = bool(
        funding["synthetisch"].any() or per_rol.get("synthetisch", pd.Series(dtype=bool)).any() or kern.synthetisch
    )
    return Slide(
        f"proeftuin-{code}",
        f"{spoor} {info['naam']}",
        boodschap,
        cijfers,
        tabel=tabel,
        beschrijving="Toezeggingen per financier met fase en wat erop betaald is.",
        synthetisch=synthetisch,
    )
