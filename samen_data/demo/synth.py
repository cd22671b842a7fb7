"""Synthetic demo rows (bron='synthetisch'): plausible, deterministic, never presented as fact."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

from sqlalchemy.orm import Session

from samen_data.store.models import (
    Aanwezigheid,
    Betaling,
    Bijeenkomst,
    Deelnemer,
    DeelnemerOrganisatie,
    Meting,
    Mijlpaal,
    Organisatie,
    Programma,
    Toezegging,
    Tranche,
)
from samen_data.store.vocab import DIMENSIES, MIJLPAAL_CATEGORIEEN, RESPONDENTGROEPEN

SYN = {"bron": "synthetisch"}
INITIATIEF_VORMEN = (
    "Buurtkracht",
    "Bewonerscollectief",
    "Wijkcoöperatie",
    "Stadsdorp",
    "Buurtkamer",
    "Dorpsraad",
    "Energiecoöperatie",
    "Voedseltuin",
    "Huiskamer van de wijk",
    "Wijkonderneming",
)
# Fund impulse per proeftuin, the share the gemeente has committed (1.0 = fully matched), and how far the
# gemeente has paid. Index order follows PROEFTUINEN: Den Bosch, Vaals, Tynaarlo, Kampen, Groningen, Den Haag,
# Rotterdam. Gemeenten pay in tranches after their council's decision, as the funds do; one gemeente (Vaals)
# has paid nothing, on purpose: its money is only intended, the council has not decided yet.
COFI_SCENARIO = (
    (120_000, 1.00, "betaald"),
    (60_000, 1.00, "beoogd"),  # only intended: nothing decided, nothing paid
    (75_000, 1.20, "deels_betaald"),
    (75_000, 0.60, "deels_betaald"),  # behind on the 1:1 share
    (90_000, 1.00, "deels_betaald"),
    (105_000, 0.80, "deels_betaald"),  # behind, after a withdrawn commitment (see below)
    (105_000, 1.00, "deels_betaald"),
)
# Gemeente tranches: (days after the council's decision, share). Paid in full: two halves a year apart;
# partly paid: half, then a quarter, like the funds' first two tranches.
GEMEENTE_TRANCHES = {
    "betaald": ((31, Decimal("0.5")), (397, Decimal("0.5"))),
    "deels_betaald": ((35, Decimal("0.5")), (300, Decimal("0.25"))),
}
# Kampen (behind on 1:1) also planned a third quarter 500 days after its decision (August 2024) and has not paid
# it: the demo's one planned tranche past its date (signal "Geplande tranche niet betaald").
KAMPEN, GEMEENTE_LAAT = 3, (500, Decimal("0.25"))
# When a reached milestone was reached, in days from its target date: mostly around it, some late.
MIJLPAAL_AFWIJKING = (-21, -10, -4, 0, 0, 6, 13, 27, 45, 74)
BEREIKT_SEED = 20241130
WAVE_DATES = {
    "nulmeting": dt.date(2023, 1, 16),
    "tussenmeting": dt.date(2023, 11, 13),
    "eindmeting": dt.date(2024, 10, 14),
}
FONDS_TRANCHES = (
    (dt.date(2023, 1, 15), Decimal("0.5")),
    (dt.date(2023, 12, 15), Decimal("0.25")),
    (dt.date(2024, 11, 29), Decimal("0.25")),
)


def euro(x: float) -> Decimal:
    return Decimal(int(round(x / 500.0)) * 500)


class Synthesizer:
    def __init__(
        self,
        session: Session,
        rng: random.Random,
        *,
        samen: Programma,
        exp: Programma,
        fondsen: list[Organisatie],
        vng: Organisatie,
        gemeente_org: Callable[..., Organisatie],
        names: dict[str, str],
    ) -> None:
        self.s, self.rng, self.samen, self.exp = session, rng, samen, exp
        self.fondsen, self.vng, self.gemeente_org, self.names = fondsen, vng, gemeente_org, names
        self.codes = sorted(names)
        self.zonder_besluit: set[str] = set()  # gemeenten whose money is only intended (nothing committed)
        # Its own stream: when milestones were reached does not shift any other invented figure.
        self.rng_bereikt = random.Random(BEREIKT_SEED)

    def _initiatief(self, code: str, soort: str = "bewonersinitiatief", vorm: str | None = None) -> Organisatie:
        vorm = vorm or self.rng.choice(INITIATIEF_VORMEN)
        o = Organisatie(naam=f"{vorm} {self.names[code]}", soort=soort, gemeente_code=code, **SYN)
        self.s.add(o)
        return o

    def kenniskring(self, n: int, exclude: set[str]) -> list[Deelnemer]:
        codes = self.rng.sample([c for c in self.codes if c not in exclude], n)
        result = []
        for code in sorted(codes):
            ini = self._initiatief(code)
            d = Deelnemer(
                programma=self.samen,
                gemeente_code=code,
                naam=f"{self.names[code]} – {ini.naam}",
                spoor="kenniskring",
                status=self.rng.choice(("actief", "actief", "afgerond", "gestopt")),
                startdatum=self.samen.startdatum,
                **SYN,
            )
            self.s.add(d)
            self.s.add(
                DeelnemerOrganisatie(deelnemer=d, organisatie=self.gemeente_org(code, "synthetisch"), rol="gemeente")
            )
            self.s.add(DeelnemerOrganisatie(deelnemer=d, organisatie=ini, rol="initiatief"))
            result.append(d)
        return result

    def experimenten(self, n: int) -> list[Deelnemer]:
        vsb = self.fondsen[0]
        result = []
        for i, code in enumerate(sorted(self.rng.sample(self.codes, n)), start=1):
            ini = self._initiatief(code)
            welzijn = self._initiatief(code, "welzijnsorganisatie", vorm="Welzijn")
            d = Deelnemer(
                programma=self.exp,
                gemeente_code=code,
                naam=f"Experiment {self.names[code]}: {ini.naam} en {welzijn.naam}",
                spoor="experiment",
                status="afgerond",
                startdatum=dt.date(2022, 1, 1),
                einddatum=dt.date(2023, 6, 30),
                **SYN,
            )
            self.s.add(d)
            self.s.add(DeelnemerOrganisatie(deelnemer=d, organisatie=ini, rol="penvoerder"))
            self.s.add(DeelnemerOrganisatie(deelnemer=d, organisatie=welzijn, rol="welzijnsorganisatie"))
            bedrag = euro(self.rng.uniform(45_000, 55_000))
            t = Toezegging(
                deelnemer=d,
                financier=vsb,
                soort="fondsbijdrage",
                bedrag=bedrag,
                fase="betaald",
                besluit_kenmerk=f"VSB-EXP-2021-{i:02d}",
                besluit_datum=dt.date(2021, 12, 21),
                **SYN,
            )
            self.s.add(t)
            self._betalingen(t, ((dt.date(2022, 2, 1), Decimal("0.8")), (dt.date(2023, 7, 15), Decimal("0.2"))))
            if self.rng.random() < 0.5:
                self.s.add(
                    Toezegging(
                        deelnemer=d,
                        financier=welzijn,
                        soort="eigen_middelen",
                        bedrag=euro(self.rng.uniform(5_000, 15_000)),
                        fase="toegezegd",
                        **SYN,
                    )
                )
            result.append(d)
        return result

    def _betalingen(self, t: Toezegging, tranches, gepland_extra=()) -> None:
        """Each tranche planned (the payment schedule) and paid on its date; `gepland_extra` only planned."""
        for nr, (datum, share) in enumerate((*tranches, *gepland_extra), start=1):
            bedrag = (t.bedrag * share).quantize(Decimal("0.01"))
            omschrijving = f"Tranche {nr}"
            self.s.add(Tranche(toezegging=t, datum=datum, bedrag=bedrag, omschrijving=omschrijving, **SYN))
            if nr <= len(tranches):
                self.s.add(Betaling(toezegging=t, datum=datum, bedrag=bedrag, omschrijving=omschrijving, **SYN))

    def cofinanciering(self, proeftuinen: list[Deelnemer]) -> None:
        for i, (d, (impuls, share, fase)) in enumerate(zip(proeftuinen, COFI_SCENARIO, strict=True)):
            per_fonds = Decimal(impuls) / 3
            for fonds in self.fondsen:
                t = Toezegging(
                    deelnemer=d,
                    financier=fonds,
                    soort="fondsbijdrage",
                    bedrag=per_fonds.quantize(Decimal("1")),
                    fase="deels_betaald",
                    besluit_kenmerk=f"{fonds.naam[:3].upper()}-SAMEN-{i + 1:02d}",
                    besluit_datum=dt.date(2022, 12, 12),
                    **SYN,
                )
                self.s.add(t)
                self._betalingen(t, FONDS_TRANCHES[:2])
            gemeente = self.gemeente_org(d.gemeente_code)
            kenmerk = f"Raadsbesluit {d.gemeente_code}-{2023 if fase != 'beoogd' else 2024}-{self.rng.randint(10, 99)}"
            bedrag = euro(impuls * share)
            if i == 5:  # a first commitment withdrawn after budget cuts, replaced by a lower one
                self.s.add(
                    Toezegging(
                        deelnemer=d,
                        financier=gemeente,
                        soort="gemeentelijke_investering",
                        bedrag=Decimal(impuls),
                        fase="ingetrokken",
                        besluit_kenmerk=f"{kenmerk}-A",
                        besluit_datum=dt.date(2023, 2, 20),
                        **SYN,
                    )
                )
            t = Toezegging(
                deelnemer=d,
                financier=gemeente,
                soort="gemeentelijke_investering",
                bedrag=bedrag,
                fase=fase,
                besluit_kenmerk=None if fase == "beoogd" else kenmerk,
                besluit_datum=None if fase == "beoogd" else dt.date(2023, 3, 1) + dt.timedelta(days=14 * i),
                **SYN,
            )
            self.s.add(t)
            if fase in GEMEENTE_TRANCHES:
                schema = GEMEENTE_TRANCHES[fase] + ((GEMEENTE_LAAT,) if i == KAMPEN else ())
                dates = [(t.besluit_datum + dt.timedelta(days=days), part) for days, part in schema]
                self._betalingen(t, dates[: len(GEMEENTE_TRANCHES[fase])], dates[len(GEMEENTE_TRANCHES[fase]) :])
            if fase == "beoogd":
                self.zonder_besluit.add(d.gemeente_code)

    def bijeenkomsten(self, proeftuinen, kenniskring, experimenten, gezamenlijk: list[Bijeenkomst]) -> None:
        self.s.flush()
        pt_orgs = [[link.organisatie for link in d_links] for d_links in (self._links(d) for d in proeftuinen)]
        kk_orgs = [self._links(d) for d in kenniskring]
        for b in gezamenlijk:
            for orgs in pt_orgs:
                self._aanwezig(b, orgs, big=True)
            for links in self.rng.sample(kk_orgs, self.rng.randint(8, 18)):
                self._aanwezig(b, [link.organisatie for link in links])
            for fonds in self.fondsen:
                self._count(b, fonds, "fondsmedewerker", 1, 4)
            self._count(b, self.vng, "overig", 1, 3)
        # Local programme per proeftuin, national trainings and work sessions, excursions.
        start = self.samen.startdatum
        for d, orgs in zip(proeftuinen, pt_orgs, strict=True):
            for k in range(4):
                datum = start + dt.timedelta(days=60 + 165 * k + self.rng.randint(0, 40))
                b = self._meeting(
                    self.samen,
                    "lokaal",
                    f"Lokale bijeenkomst {d.naam.split(' – ')[0]} {k + 1}",
                    datum,
                    d.gemeente_code,
                    d,
                )
                self._aanwezig(b, orgs, big=True)
        for soort, n, titel in (
            ("training", 6, "Landelijke training"),
            ("werksessie", 6, "Werksessie subsidieprocedures"),
            ("excursie", 3, "Excursie"),
        ):
            for k in range(n):
                datum = start + dt.timedelta(days=90 + (600 // n) * k + self.rng.randint(0, 30))
                host = self.rng.choice(proeftuinen)
                b = self._meeting(self.samen, soort, f"{titel} {k + 1}", datum, host.gemeente_code, None)
                for orgs in self.rng.sample(pt_orgs, 4):
                    self._aanwezig(b, orgs)
                for links in self.rng.sample(kk_orgs, 5):
                    self._aanwezig(b, [link.organisatie for link in links])
        exp_links = [self._links(d) for d in experimenten]
        for k, datum in enumerate((dt.date(2022, 3, 14), dt.date(2022, 10, 10), dt.date(2023, 5, 22))):
            b = self._meeting(
                self.exp,
                "training" if k < 2 else "werksessie",
                ("Training experimenten", "Uitwisseling experimenten", "Gezamenlijke evaluatie")[k],
                datum,
                None,
                None,
            )
            for links in exp_links:
                for link in links:
                    self._count(b, link.organisatie, "bewoner" if link.rol == "penvoerder" else "welzijnswerker", 1, 4)
            self._count(b, self.fondsen[0], "fondsmedewerker", 1, 3)

    def _links(self, d: Deelnemer) -> list[DeelnemerOrganisatie]:
        return sorted(d.organisaties, key=lambda link: link.organisatie.naam)

    def _meeting(self, programma, soort, titel, datum, plaats, deelnemer) -> Bijeenkomst:
        b = Bijeenkomst(
            programma=programma,
            soort=soort,
            titel=titel,
            datum=datum,
            gemeente_code=plaats,
            deelnemer=deelnemer,
            open_voor_iedereen=False,
            tijd=None,
            **SYN,
        )
        self.s.add(b)
        return b

    def _aanwezig(self, b: Bijeenkomst, orgs: list[Organisatie], big: bool = False) -> None:
        for o in orgs:
            if o.soort == "gemeente":
                self._count(b, o, "ambtenaar", 1, 4 if big else 2)
                if self.rng.random() < (0.5 if big else 0.2):
                    self._count(b, o, "wethouder", 1, 1)
                if big and self.rng.random() < 0.15:
                    self._count(b, o, "burgemeester", 1, 1)
            else:
                self._count(b, o, "bewoner", 1, 8 if big else 3)

    def _count(self, b: Bijeenkomst, o: Organisatie, rol: str, low: int, high: int) -> None:
        aanwezig = self.rng.randint(low, high)
        afmeldingen = self.rng.choice((0, 0, 0, 1, 2)) if b.datum <= dt.date(2024, 11, 25) else 0
        self.s.add(
            Aanwezigheid(
                bijeenkomst=b, organisatie=o, rol=rol, aangemeld=aanwezig + afmeldingen, aanwezig=aanwezig, **SYN
            )
        )

    def metingen(self, proeftuinen: list[Deelnemer]) -> None:
        # Scores rise over the waves; bewoners see less equality than gemeente and fonds do.
        bias = {"bewoners": -0.6, "gemeente": 0.3, "fonds": 0.5}
        for d in proeftuinen:
            base = self.rng.uniform(5.0, 6.0)
            for w, (golf, datum) in enumerate(WAVE_DATES.items()):
                for groep in RESPONDENTGROEPEN:
                    for dim in DIMENSIES:
                        gap = bias[groep] * (1.0 if dim == "gelijkwaardigheid" else 0.4) * (1 - 0.3 * w)
                        score = base + 0.75 * w + gap + self.rng.uniform(-0.3, 0.3)
                        n = {
                            "bewoners": self.rng.randint(8, 25),
                            "gemeente": self.rng.randint(3, 8),
                            "fonds": self.rng.randint(2, 4),
                        }[groep]
                        self.s.add(
                            Meting(
                                deelnemer=d,
                                golf=golf,
                                datum=datum,
                                respondentgroep=groep,
                                dimensie=dim,
                                score=Decimal(f"{min(max(score, 1), 10):.2f}"),
                                respondenten=n,
                                **SYN,
                            )
                        )

    def mijlpalen(self, proeftuinen: list[Deelnemer]) -> None:
        categories = [c for c in MIJLPAAL_CATEGORIEEN if c != "oproep"]
        for d in proeftuinen:
            for cat in self.rng.sample(categories, self.rng.randint(3, 5)):
                streef = dt.date(2023, 6, 1) + dt.timedelta(days=self.rng.randint(0, 540))
                status = self.rng.choices(("bereikt", "gestart", "gepland", "vervallen"), weights=(5, 3, 1, 1))[0]
                if cat == "structurele financiering" and d.gemeente_code in self.zonder_besluit and status == "bereikt":
                    status = "gestart"  # no structural money without a council decision
                bereikt = None
                if status == "bereikt":
                    days = self.rng_bereikt.choice(MIJLPAAL_AFWIJKING)
                    bereikt = min(streef + dt.timedelta(days=days), self.samen.einddatum)
                self.s.add(
                    Mijlpaal(
                        programma=self.samen,
                        deelnemer=d,
                        categorie=cat,
                        omschrijving=f"{cat.capitalize()} in {d.naam.split(' – ')[0]}",
                        status=status,
                        streefdatum=streef,
                        datum_bereikt=bereikt,
                        **SYN,
                    )
                )
