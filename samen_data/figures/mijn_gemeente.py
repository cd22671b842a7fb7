"""The Gemeente page as "my gemeente": its figures beside the programme's, the meetings its people attended, and
what is still open and by when. Pure reshaping of rows the queries already aggregated (no SQL, no Streamlit)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd

from samen_data.figures.money import Stand
from samen_data.formatting.fmt import datum, euro, getal, procent
from samen_data.store.vocab import AANWEZIGHEID_ROLLEN, FASEN_TOEGEZEGD, GOLVEN, RESPONDENTGROEPEN, label

PROGRAMMA = "programma: "  # the label of every reference value on the page


def geld_referenties(programma: Stand) -> dict[str, str]:
    """Per money tile of one gemeente (money.tegels(enkel=True) labels) the programme's value as a reference."""
    refs = {
        "Fondsen betaald": PROGRAMMA + _paid(programma.fondsen.betaald_pct),
        "Gemeente betaald": PROGRAMMA + _paid(programma.gemeente.betaald_pct),
    }
    if programma.een_op_een:
        refs["Match fonds : gemeente"] = PROGRAMMA + programma.match_tekst()
    return refs


def _paid(pct: float | None) -> str:
    return f"{procent(pct)} van toegezegd" if pct is not None else "niets toegezegd"


def aanwezigheid_tekst(eigen: dict, programma: dict) -> str:
    """'Gemiddeld 4,2 aanwezig per bijeenkomst (op 9 bijeenkomsten) · programma: 3,1 per gemeente per bijeenkomst'."""
    own = (
        f"Gemiddeld {getal(eigen['per_bijeenkomst'], 1)} aanwezig per bijeenkomst waar de gemeente was "
        f"({getal(eigen['paren'])} bijeenkomsten)"
        if eigen["per_bijeenkomst"] is not None
        else "Niemand van de gemeente aanwezig"
    )
    ref = (
        f"{getal(programma['per_bijeenkomst'], 1)} per gemeente per bijeenkomst "
        f"({getal(programma['gemeenten'])} gemeenten)"
        if programma["per_bijeenkomst"] is not None
        else "–"
    )
    return f"{own} · {PROGRAMMA}{ref}"


def samenwerking_vergelijking(eigen: pd.DataFrame, programma: pd.DataFrame) -> pd.DataFrame:
    """Per dimension × respondent group at the gemeente's latest wave: its score and respondents beside the
    programme's (samenwerking_scores rows, weighted by respondents in the database)."""
    waves = [g for g in GOLVEN if g in set(eigen["golf"])]
    if not waves:
        return pd.DataFrame()
    golf = waves[-1]
    own = eigen[eigen["golf"] == golf]
    prog = programma[programma["golf"] == golf].set_index(["dimensie", "respondentgroep"])
    order = {g: i for i, g in enumerate(RESPONDENTGROEPEN)}
    own = own.assign(_o=own["respondentgroep"].map(order)).sort_values(["dimensie", "_o"])
    rows = []
    for r in own.to_dict("records"):
        p = (
            prog.loc[(r["dimensie"], r["respondentgroep"])]
            if (r["dimensie"], r["respondentgroep"]) in prog.index
            else None
        )
        rows.append(
            {
                "Meting": label(golf),
                "Dimensie": r["dimensie"].capitalize(),
                "Respondentgroep": label(r["respondentgroep"]),
                "Score": getal(float(r["score"]), 1),
                "programma: score": "–" if p is None else getal(float(p["score"]), 1),  # beside its own score
                "Respondenten": int(r["respondenten"]),
                "programma: respondenten": 0 if p is None else int(p["respondenten"]),
            }
        )
    return pd.DataFrame(rows)


def bijgewoonde_bijeenkomsten(per_rol: pd.DataFrame) -> pd.DataFrame:
    """One row per meeting the gemeente's people attended: date, kind, title and the number present per role."""
    if per_rol.empty:
        return pd.DataFrame()
    present = per_rol[per_rol["aanwezig"] > 0]
    wide = present.pivot_table(
        index=["bijeenkomst_id", "datum", "soort", "titel"],
        columns="rol",
        values="aanwezig",
        aggfunc="sum",
        fill_value=0,
    ).reset_index()
    wide = wide.sort_values(["datum", "bijeenkomst_id"])
    out = pd.DataFrame(
        {
            "Datum": wide["datum"].map(lambda d: datum(d, "dd-MM-y")),
            "Soort": wide["soort"].map(label),
            "Bijeenkomst": wide["titel"],
        }
    )
    rollen = [r for r in AANWEZIGHEID_ROLLEN if r in wide.columns]
    for rol in rollen:
        out[label(rol)] = wide[rol].astype(int).to_numpy()
    out["Totaal"] = wide[rollen].sum(axis=1).astype(int).to_numpy()
    return out.reset_index(drop=True)


def openstaand(
    toezeggingen: pd.DataFrame, mijlpalen: pd.DataFrame, einde: dt.date | None, vandaag: dt.date
) -> pd.DataFrame:
    """What is still open and by when: commitments not fully paid (by the programme's end: the data model has no
    due date per tranche), intended shares still to decide, and milestones not reached by their target date."""
    rows = []
    voor = f"uiterlijk {datum(einde, 'dd-MM-y')} (einde programma)" if einde else "–"
    for r in toezeggingen.to_dict("records"):
        open_ = Decimal(r["bedrag"]) - Decimal(r["betaald"])
        wie = f"{label(r['soort'])} van {r['financier']} ({r['deelnemer']})"
        if r["fase"] in FASEN_TOEGEZEGD and open_ > 0:
            rows.append(
                {
                    "Wat": f"{wie}: nog te betalen",
                    "Bedrag": euro(open_),
                    "Wanneer": voor,
                    "Stand": f"{label(r['fase'])}, {euro(r['betaald'])} van {euro(r['bedrag'])} betaald",
                }
            )
        elif r["fase"] == "beoogd":
            rows.append(
                {
                    "Wat": f"{wie}: nog te besluiten",
                    "Bedrag": euro(r["bedrag"]),
                    "Wanneer": voor,
                    "Stand": "Beoogd, nog geen besluit",
                }
            )
    for r in mijlpalen.to_dict("records"):
        if r["status"] in ("gepland", "gestart"):
            streef = r["streefdatum"]
            late = streef is not None and not pd.isna(streef) and streef < vandaag
            rows.append(
                {
                    "Wat": f"Mijlpaal: {r['omschrijving']}",
                    "Bedrag": "–",
                    "Wanneer": ("streefdatum " + datum(streef, "dd-MM-y") + (" (verstreken)" if late else ""))
                    if streef is not None and not pd.isna(streef)
                    else "–",
                    "Stand": label(r["status"]),
                }
            )
    return pd.DataFrame(rows, columns=["Wat", "Bedrag", "Wanneer", "Stand"])
