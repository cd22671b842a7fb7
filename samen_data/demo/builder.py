"""The rows of a synthetic database (samen_data.demo.generate writes them): programmes, participants over all
342 gemeenten, commitments with payments and a schedule, meetings, attendance, measurements and milestones, each
with an explicit id and bron='synthetisch'."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from samen_data.store.reference import read_gemeenten
from samen_data.store.vocab import AANWEZIGHEID_ROLLEN, DIMENSIES, GOLVEN, MIJLPAAL_CATEGORIEEN, RESPONDENTGROEPEN

if TYPE_CHECKING:
    from samen_data.demo.generate import Scale

SYN = "synthetisch"
FONDSEN = ("VSBfonds", "Oranje Fonds", "Stichting DOEN", "Fonds Sociaal Nederland", "Noord Fonds", "Zuid Fonds")
SOORTEN_LOKAAL = ("lokaal", "training", "werksessie", "excursie")
COLLECTIEF_PER_PROGRAMMA = 8


def _split(total: int, parts: int) -> list[int]:
    """total spread over parts as evenly as possible (the counts add up exactly)."""
    base, extra = divmod(total, parts)
    return [base + (i < extra) for i in range(parts)]


class Builder:
    """Builds every table's rows with explicit ids, so foreign keys need no round trips."""

    TABLES = (
        "programma",
        "organisatie",
        "deelnemer",
        "deelnemer_organisatie",
        "toezegging",
        "betaling",
        "tranche",
        "bijeenkomst",
        "aanwezigheid",
        "meting",
        "mijlpaal",
        "wijziging",
    )

    def __init__(self, spec: Scale, rng: random.Random) -> None:
        self.spec, self.rng = spec, rng
        self.gemeenten = read_gemeenten()
        self.rows: dict[str, list[dict]] = {t: [] for t in self.TABLES}

    def add(self, table: str, **row) -> int:
        rows = self.rows[table]
        if table != "deelnemer_organisatie":
            row = {"id": len(rows) + 1, **row}
        rows.append(row)
        return len(rows)

    def build(self) -> dict[str, list[dict]]:
        programmas = self._programmas()
        self.fondsen = [self._org(naam, "fonds") for naam in FONDSEN]
        self.vng = self._org("Vereniging van Nederlandse Gemeenten (synthetisch)", "vng")
        self.gemeente_org = {
            g["cbs_code"]: self._org(f"Gemeente {g['naam']}", "gemeente", g["cbs_code"]) for g in self.gemeenten
        }
        deelnemers = self._deelnemers(programmas)
        self._toezeggingen(deelnemers)
        self._bijeenkomsten(programmas, deelnemers)
        self._metingen(deelnemers)
        self._mijlpalen(deelnemers)
        self.add(
            "wijziging",
            gebruiker="generate",
            tabel="*",
            actie="toevoegen",
            rij_id=None,
            oude_waarden=None,
            nieuwe_waarden='{"synthetisch": true}',
        )
        return self.rows

    def _programmas(self) -> list[dict]:
        out = []
        for i in range(self.spec.programmas):
            start = dt.date(2016 + 2 * i, 1 + (i * 5) % 12, 1)
            # The last programme is a call like VSBfonds': own or other means are a plus, no gemeente match.
            regel = "eigen_middelen_pre" if i == self.spec.programmas - 1 and i > 0 else "gemeente_1op1"
            pid = self.add(
                "programma",
                code=f"SYN-{i + 1:02d}",
                naam=f"Synthetisch programma {i + 1}",
                omschrijving="Gegenereerd voor de benchmark (synthetisch).",
                startdatum=start,
                einddatum=start + dt.timedelta(days=2 * 365),
                cofinanciering=regel,
                bron=SYN,
                bron_document=None,
            )
            out.append(self.rows["programma"][pid - 1])
        return out

    def _org(self, naam: str, soort: str, gemeente: str | None = None) -> int:
        return self.add("organisatie", naam=naam, soort=soort, gemeente_code=gemeente, bron=SYN, bron_document=None)

    def _deelnemers(self, programmas: list[dict]) -> list[dict]:
        out = []
        for programma, n in zip(programmas, _split(self.spec.deelnemers, len(programmas)), strict=True):
            for _ in range(n):
                g = self.rng.choice(self.gemeenten)
                spoor = self.rng.choices(("proeftuin", "kenniskring", "experiment"), (4, 4, 2))[0]
                number = len(self.rows["deelnemer"]) + 1
                did = self.add(
                    "deelnemer",
                    programma_id=programma["id"],
                    gemeente_code=g["cbs_code"],
                    naam=f"{g['naam']} – initiatief {number:05d}",
                    spoor=spoor,
                    status="actief",
                    startdatum=programma["startdatum"],
                    einddatum=programma["einddatum"],
                    bron=SYN,
                    bron_document=None,
                )
                initiatief = self._org(
                    f"Bewonersinitiatief {number:05d} ({g['naam']})", "bewonersinitiatief", g["cbs_code"]
                )
                self.add(
                    "deelnemer_organisatie",
                    deelnemer_id=did,
                    organisatie_id=self.gemeente_org[g["cbs_code"]],
                    rol="gemeente",
                )
                self.add("deelnemer_organisatie", deelnemer_id=did, organisatie_id=initiatief, rol="initiatief")
                out.append(
                    {
                        **self.rows["deelnemer"][did - 1],
                        "programma": programma,
                        "orgs": (self.gemeente_org[g["cbs_code"]], initiatief),
                    }
                )
        return out

    def _toezeggingen(self, deelnemers: list[dict]) -> None:
        rng, funded = self.rng, [d for d in deelnemers if d["spoor"] != "kenniskring"]
        paid_on: list[tuple[int, int, dict]] = []  # (toezegging id, amount in cents, programma)
        for d in funded:
            fonds_cent = rng.randrange(20_000, 150_000) * 100
            if d["programma"]["cofinanciering"] == "gemeente_1op1":
                tweede = (
                    "gemeentelijke_investering",
                    self.gemeente_org[d["gemeente_code"]],
                    int(fonds_cent * rng.choice((0.5, 0.8, 1.0, 1.0, 1.2))),
                )
            else:  # the initiative's own or other means, a share of the whole
                tweede = ("eigen_middelen", d["orgs"][1], int(fonds_cent * rng.choice((0.1, 0.2, 0.3))))
            for soort, financier, bedrag in (("fondsbijdrage", rng.choice(self.fondsen), fonds_cent), tweede):
                fase = rng.choices(
                    ("beoogd", "toegezegd", "besloten", "deels_betaald", "betaald", "ingetrokken"), (1, 2, 2, 3, 3, 1)
                )[0]
                tid = self.add(
                    "toezegging",
                    kenmerk=f"TZ-{len(self.rows['toezegging']) + 1:06d}",
                    deelnemer_id=d["id"],
                    financier_id=financier,
                    soort=soort,
                    bedrag_cent=bedrag,
                    fase=fase,
                    besluit_kenmerk=None if fase == "beoogd" else f"BS-{d['id']:05d}-{soort[:1]}",
                    besluit_datum=None if fase == "beoogd" else d["startdatum"] + dt.timedelta(days=30),
                    versie=1,
                    bron=SYN,
                    bron_document=None,
                )
                if fase in ("deels_betaald", "betaald"):
                    paid_on.append((tid, bedrag, d["programma"]))
                if fase not in ("beoogd", "ingetrokken"):
                    self._tranches(tid, bedrag, d)
        if not paid_on:
            return
        # Payments spread over the paid commitments; tranches never exceed what was committed.
        for i, n in enumerate(_split(self.spec.betalingen, len(paid_on))):
            tid, bedrag, programma = paid_on[i]
            days = (programma["einddatum"] - programma["startdatum"]).days
            for k in range(n):
                self.add(
                    "betaling",
                    kenmerk=f"BT-{len(self.rows['betaling']) + 1:06d}",
                    toezegging_id=tid,
                    datum=programma["startdatum"] + dt.timedelta(days=rng.randrange(days + 1)),
                    bedrag_cent=bedrag // (2 * max(n, 1)),
                    omschrijving=f"Tranche {k + 1}",
                    versie=1,
                    bron=SYN,
                    bron_document=None,
                )

    def _tranches(self, tid: int, bedrag: int, d: dict) -> None:
        """The payment schedule of a live commitment: two halves, two months after the start and half-way, so
        the signal 'Geplande tranche niet betaald' and Bijwerken's schedule have rows at every scale."""
        start, end = d["programma"]["startdatum"], d["programma"]["einddatum"]
        eerste = bedrag // 2
        for k, (datum, deel) in enumerate(
            ((start + dt.timedelta(days=60), eerste), (start + (end - start) / 2, bedrag - eerste)), 1
        ):
            self.add(
                "tranche",
                kenmerk=f"TR-{len(self.rows['tranche']) + 1:06d}",
                toezegging_id=tid,
                datum=datum,
                bedrag_cent=deel,
                omschrijving=f"Tranche {k} van 2",
                versie=1,
                bron=SYN,
                bron_document=None,
            )

    def _bijeenkomsten(self, programmas: list[dict], deelnemers: list[dict]) -> None:
        rng = self.rng
        per_programma = {p["id"]: [d for d in deelnemers if d["programma_id"] == p["id"]] for p in programmas}
        meetings: list[tuple[int, list[int]]] = []  # (meeting id, organisations that may attend)
        for p, n in zip(programmas, _split(self.spec.bijeenkomsten, len(programmas)), strict=True):
            members = per_programma[p["id"]]
            pool = list(dict.fromkeys([o for d in members for o in d["orgs"]] + self.fondsen + [self.vng]))
            days = (p["einddatum"] - p["startdatum"]).days
            for k in range(n):
                soort = (
                    "kick-off"
                    if k == 0
                    else "collectief"
                    if k <= COLLECTIEF_PER_PROGRAMMA
                    else rng.choice(SOORTEN_LOKAAL)
                )
                d = rng.choice(members) if members and soort in SOORTEN_LOKAAL else None
                mid = self.add(
                    "bijeenkomst",
                    kenmerk=f"BK-{len(self.rows['bijeenkomst']) + 1:06d}",
                    programma_id=p["id"],
                    soort=soort,
                    titel=f"{soort.capitalize()} {k + 1} ({p['code']})",
                    datum=p["startdatum"] + dt.timedelta(days=0 if k == 0 else rng.randrange(days + 1)),
                    tijd=None,
                    gemeente_code=d["gemeente_code"] if d else rng.choice(self.gemeenten)["cbs_code"],
                    locatie=None,
                    open_voor_iedereen=d is None,
                    deelnemer_id=d["id"] if d else None,
                    bron=SYN,
                    bron_document=None,
                )
                local = list(d["orgs"]) if d else []
                meetings.append((mid, list(dict.fromkeys(local + rng.sample(pool, min(len(pool), 12))))))
        self._aanwezigheid(meetings)

    def _aanwezigheid(self, meetings: list[tuple[int, list[int]]]) -> None:
        rng, roles = self.rng, AANWEZIGHEID_ROLLEN
        for (mid, orgs), n in zip(meetings, _split(self.spec.aanwezigheid, len(meetings)), strict=True):
            pairs = len(orgs) * len(roles)
            for slot in rng.sample(range(pairs), min(n, pairs)):  # unique (meeting, organisation, role)
                aangemeld = rng.randrange(1, 12)
                self.add(
                    "aanwezigheid",
                    bijeenkomst_id=mid,
                    organisatie_id=orgs[slot // len(roles)],
                    rol=roles[slot % len(roles)],
                    aangemeld=aangemeld,
                    aanwezig=rng.randrange(0, aangemeld + 1),
                    versie=1,
                    bron=SYN,
                    bron_document=None,
                )

    def _metingen(self, deelnemers: list[dict]) -> None:
        rng, left = self.rng, self.spec.metingen
        keys = [(g, r, dim) for g in GOLVEN for r in RESPONDENTGROEPEN for dim in DIMENSIES]
        measured = [d for d in deelnemers if d["spoor"] != "kenniskring"] or deelnemers
        for i in range(len(measured) * len(keys)):
            if left == 0:
                return
            # Round-robin over the participants, so every one gets measured before any gets a second key.
            d, (golf, groep, dim) = measured[i % len(measured)], keys[i // len(measured)]
            offset = {"nulmeting": 0, "tussenmeting": 365, "eindmeting": 700}[golf]
            base = 5.0 + GOLVEN.index(golf) * 0.6 + rng.uniform(-1.5, 1.5)
            self.add(
                "meting",
                deelnemer_id=d["id"],
                golf=golf,
                datum=d["startdatum"] + dt.timedelta(days=offset),
                respondentgroep=groep,
                dimensie=dim,
                score=round(min(10.0, max(1.0, base)), 2),
                respondenten=rng.randrange(1, 30),
                bron=SYN,
                bron_document=None,
            )
            left -= 1

    def _mijlpalen(self, deelnemers: list[dict]) -> None:
        rng = self.rng
        for d in deelnemers:
            if d["spoor"] == "kenniskring":
                continue
            streef = d["startdatum"] + dt.timedelta(days=rng.randrange(60, 700))
            status = rng.choice(("gepland", "gestart", "bereikt", "vervallen"))
            self.add(
                "mijlpaal",
                kenmerk=f"MP-{len(self.rows['mijlpaal']) + 1:06d}",
                programma_id=d["programma_id"],
                deelnemer_id=d["id"],
                categorie=rng.choice(MIJLPAAL_CATEGORIEEN[:5]),
                omschrijving=f"Mijlpaal van {d['naam']}",
                status=status,
                streefdatum=streef,
                datum_bereikt=streef if status == "bereikt" else None,
                versie=1,
                bron=SYN,
                bron_document=None,
            )
