"""360Giving export: every committed fund contribution as a grant, with the gemeente's matching
investment as its own grant, linked both ways through relatedActivity and named in the description. The
description follows the programme's co-financing rule (samen_data.figures.money): a call without a gemeente match names
the own or other means instead.

Identifiers: the funds and initiatives have no registry number in our data, so organisations get a
360G- prefixed identifier of our own (the standard's advice when none exists) and gemeenten carry
their CBS code as geoCode of the beneficiary location.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import unicodedata
from collections import defaultdict
from decimal import Decimal
from typing import Any

import pandas as pd
from sqlalchemy import Engine, func, select

from samen_data.access.scope import Scope
from samen_data.figures import money
from samen_data.formatting.fmt import euro
from samen_data.store.models import (
    Betaling,
    Deelnemer,
    DeelnemerOrganisatie,
    Gemeente,
    Organisatie,
    Programma,
    Toezegging,
)
from samen_data.store.vocab import FASEN_TOEGEZEGD, REGEL_1OP1
from samen_data.transfer.export import xlsx_text

PREFIX = "360G-SAMEN"
SCHEMA_VERSION = "1.4"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()


def _org(naam: str) -> dict[str, str]:
    return {"id": f"{PREFIX}-ORG-{_slug(naam)}", "name": naam}


def _grant_id(kenmerk: str) -> str:
    return f"{PREFIX}-{kenmerk}"


def _rows(engine: Engine, scope: Scope) -> tuple[list[Any], dict[int, list[str]]]:
    betaald = (
        select(Betaling.toezegging_id, func.sum(Betaling.bedrag).label("betaald"))
        .group_by(Betaling.toezegging_id)
        .subquery()
    )
    stmt = (
        select(
            Toezegging.id,
            Toezegging.kenmerk,
            Toezegging.soort,
            Toezegging.bedrag.label("bedrag"),
            Toezegging.besluit_datum,
            Toezegging.besluit_kenmerk,
            Toezegging.deelnemer_id,
            Organisatie.naam.label("financier"),
            Deelnemer.naam.label("deelnemer"),
            Deelnemer.startdatum,
            Deelnemer.einddatum,
            Deelnemer.spoor,
            Programma.code,
            Programma.naam.label("programma"),
            Programma.cofinanciering.label("regel"),
            Programma.startdatum.label("p_start"),
            Programma.einddatum.label("p_eind"),
            Gemeente.cbs_code,
            Gemeente.naam.label("gemeente"),
            Gemeente.latitude,
            Gemeente.longitude,
            betaald.c.betaald,
        )
        .join(Organisatie, Toezegging.financier_id == Organisatie.id)
        .join(Deelnemer, Toezegging.deelnemer_id == Deelnemer.id)
        .join(Programma, Deelnemer.programma_id == Programma.id)
        .join(Gemeente, Deelnemer.gemeente_code == Gemeente.cbs_code)
        .outerjoin(betaald, betaald.c.toezegging_id == Toezegging.id)
        .where(Toezegging.fase.in_(FASEN_TOEGEZEGD))
        .order_by(Toezegging.kenmerk)
    )
    scope.require_read()
    if not scope.sees_all_detail:
        stmt = stmt.where(Deelnemer.gemeente_code == scope.gemeente)
    recipients_stmt = (
        select(DeelnemerOrganisatie.deelnemer_id, Organisatie.naam)
        .join(Organisatie, DeelnemerOrganisatie.organisatie_id == Organisatie.id)
        .where(Organisatie.soort.in_(("bewonersinitiatief", "welzijnsorganisatie", "overig")))
        .order_by(DeelnemerOrganisatie.deelnemer_id, Organisatie.naam)
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
        recipients: dict[int, list[str]] = defaultdict(list)
        for deelnemer_id, naam in conn.execute(recipients_stmt):
            recipients[deelnemer_id].append(naam)
    return rows, recipients


GRANT_SOORTEN = ("fondsbijdrage", "gemeentelijke_investering")  # own means are no grant; they are named in the text
_SIDE = {"fondsbijdrage": "fonds", "gemeentelijke_investering": "gemeente", "eigen_middelen": "overig"}


def _stand(rows: list[Any]) -> money.Stand:
    """One participant's committed money by its programme's rule, through samen_data.figures.money like every page."""
    sums: dict[str, Any] = {"regel": rows[0].regel}
    for r in rows:
        key = f"{_SIDE[r.soort]}_toegezegd"
        sums[key] = sums.get(key, Decimal(0)) + r.bedrag
    fonds = sums.get("fonds_toegezegd", Decimal(0))
    sums["fonds_toegezegd_1op1" if rows[0].regel == REGEL_1OP1 else "fonds_toegezegd_eigen"] = fonds
    return money.stand(sums)


def _description(r: Any, stand: money.Stand) -> str:
    if r.soort == "gemeentelijke_investering":
        return (
            f"Gemeentelijke investering (1:1-match op de fondsbijdragen) van {r.financier} in "
            f"{r.deelnemer} binnen {r.programma}."
        )
    text = f"Fondsbijdrage van {r.financier} aan {r.deelnemer} ({r.gemeente}) in {r.programma}. "
    if stand.een_op_een:
        match = euro(stand.gemeente.toegezegd) if stand.gemeente.toegezegd else "nog niet toegezegd"
        return text + f"Gemeentelijke investering voor deze deelnemer (1:1-match): {match}."
    return text + (
        f"Eigen of andere middelen zijn bij dit programma een pré, geen gemeentelijke match: {stand.eigen_tekst()}."
    )


def grants(engine: Engine, scope: Scope) -> list[dict[str, Any]]:
    rows, recipients = _rows(engine, scope)
    by_deelnemer: dict[int, list[Any]] = defaultdict(list)
    for r in rows:
        by_deelnemer[r.deelnemer_id].append(r)
    stands = {d: _stand(rs) for d, rs in by_deelnemer.items()}
    out = []
    for r in rows:
        if r.soort not in GRANT_SOORTEN:
            continue
        others = [o for o in by_deelnemer[r.deelnemer_id] if o.soort != r.soort and o.soort in GRANT_SOORTEN]
        description = _description(r, stands[r.deelnemer_id])
        grant: dict[str, Any] = {
            "id": _grant_id(r.kenmerk),
            "title": f"{r.programma}: {r.deelnemer}",
            "description": description,
            "currency": "EUR",
            "amountAwarded": float(r.bedrag),
            "amountDisbursed": float(r.betaald or 0),
            "recipientOrganization": [_org(n) for n in recipients.get(r.deelnemer_id, [])] or [_org(r.deelnemer)],
            "fundingOrganization": [_org(r.financier)],
            "plannedDates": [
                {"startDate": (r.startdatum or r.p_start).isoformat(), "endDate": (r.einddatum or r.p_eind).isoformat()}
            ],
            "beneficiaryLocation": [
                {
                    "name": r.gemeente,
                    "countryCode": "NL",
                    "geoCode": r.cbs_code,
                    "geoCodeType": "CBS-gemeentecode",
                    "latitude": float(r.latitude),
                    "longitude": float(r.longitude),
                }
            ],
            "grantProgramme": [{"code": r.code, "title": r.programma}],
        }
        if r.besluit_datum:
            grant["awardDate"] = r.besluit_datum.isoformat()
        if others:
            grant["relatedActivity"] = [_grant_id(o.kenmerk) for o in others]
        out.append(grant)
    return out


def package(engine: Engine, scope: Scope, today: dt.date | None = None) -> dict[str, Any]:
    return {
        "version": SCHEMA_VERSION,
        "title": "Programma SAMEN: toezeggingen van fondsen en gemeenten",
        "issued": (today or dt.date.today()).isoformat(),
        "publisher": {"name": "Programma SAMEN (VSBfonds, Oranje Fonds, Stichting DOEN, VNG)"},
        "license": LICENSE,
        "grants": grants(engine, scope),
    }


def json_bytes(engine: Engine, scope: Scope) -> bytes:
    return json.dumps(package(engine, scope), ensure_ascii=False, indent=2).encode("utf-8")


_COLUMNS = {
    "Identifier": lambda g: g["id"],
    "Title": lambda g: g["title"],
    "Description": lambda g: g["description"],
    "Currency": lambda g: g["currency"],
    "Amount Awarded": lambda g: g["amountAwarded"],
    "Amount Disbursed": lambda g: g["amountDisbursed"],
    "Award Date": lambda g: g.get("awardDate"),
    "Recipient Org:Identifier": lambda g: g["recipientOrganization"][0]["id"],
    "Recipient Org:Name": lambda g: g["recipientOrganization"][0]["name"],
    "Funding Org:Identifier": lambda g: g["fundingOrganization"][0]["id"],
    "Funding Org:Name": lambda g: g["fundingOrganization"][0]["name"],
    "Planned Dates:Start Date": lambda g: g["plannedDates"][0]["startDate"],
    "Planned Dates:End Date": lambda g: g["plannedDates"][0]["endDate"],
    "Beneficiary Location:Name": lambda g: g["beneficiaryLocation"][0]["name"],
    "Beneficiary Location:Geographic Code": lambda g: g["beneficiaryLocation"][0]["geoCode"],
    "Beneficiary Location:Geographic Code Type": lambda g: g["beneficiaryLocation"][0]["geoCodeType"],
    "Grant Programme:Code": lambda g: g["grantProgramme"][0]["code"],
    "Grant Programme:Title": lambda g: g["grantProgramme"][0]["title"],
    "Related Activity": lambda g: ", ".join(g.get("relatedActivity", [])),
}


def spreadsheet_bytes(engine: Engine, scope: Scope) -> bytes:
    """The 360Giving spreadsheet form (one row per grant, the standard's column titles)."""
    frame = pd.DataFrame(
        [{c: xlsx_text(f(g)) for c, f in _COLUMNS.items()} for g in grants(engine, scope)], columns=list(_COLUMNS)
    )
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name="grants", index=False)
    return buffer.getvalue()
