"""Facts from the source documents (../shared/SEED_FACTS.md), stored with bron='brondocument'."""

from __future__ import annotations

import datetime as dt

SAMEN = {
    "code": "SAMEN",
    "naam": "Programma SAMEN",
    "omschrijving": (
        "Programma van VSBfonds, Oranje Fonds, Stichting DOEN en VNG: betekenisvolle "
        "bewonersinitiatieven krijgen de plek die ze verdienen. Geslaagd als het leidt tot een betere "
        "manier van samenwerken tussen bewonersinitiatieven, gemeenten en fondsen."
    ),
    "startdatum": dt.date(2022, 11, 28),
    "einddatum": dt.date(2024, 11, 30),
    "cofinanciering": "gemeente_1op1",  # the gemeente invests as much as the funds (seeds/002)
    "bron_document": "seeds/000, seeds/001",
}
EXPERIMENTEN = {
    "code": "VSB-EXP",
    "naam": "Samenwerkingsexperimenten bewoners en welzijn (VSBfonds)",
    "omschrijving": (
        "Oproep van VSBfonds met LSA Bewoners, Sociaal Werk Nederland, Krachtproef en Verdiwel: "
        "experimenten waarin een bewonersinitiatief en een welzijnsorganisatie samenwerken in een buurt, "
        "met bewoners aan het roer. Circa € 50.000 per experiment, minimaal 5 experimenten."
    ),
    # The source dates the call from ideas (until 15-09-2021) to execution in 2022, running into 2023.
    "startdatum": dt.date(2021, 6, 1),
    "einddatum": dt.date(2023, 12, 31),
    # The call asks no gemeente match: a share from own or other means is "een pré" (seeds/004).
    "cofinanciering": "eigen_middelen_pre",
    "bron_document": "seeds/004",
}

FONDSEN = ("VSBfonds", "Oranje Fonds", "Stichting DOEN")
VNG = "VNG (Vereniging van Nederlandse Gemeenten)"
OPROEP_PARTNERS = ("LSA Bewoners", "Sociaal Werk Nederland", "Krachtproef", "Verdiwel")

# The seven gemeenten with their eight initiatives (kerndeelnemers), source seeds/001.
PROEFTUINEN: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("GM0796", "Den Bosch", ("Transfarmers", "Copernikkel")),
    ("GM0981", "Vaals", ("Vaals Verbindt",)),
    ("GM1730", "Tynaarlo", ("Stichting Plaats de Wereld",)),
    ("GM0166", "Kampen", ("Het 8ste Werk",)),
    ("GM0014", "Groningen", ("Stadmakerswerkplaats Groningen",)),
    ("GM0518", "Den Haag", ("Stagehuis Schilderswijk",)),
    ("GM0599", "Rotterdam (Delfshaven)", ("Welzijnscoöperatie Delfshaven",)),
)
AANTAL_INZENDINGEN = 44

KICK_OFF = {"datum": dt.date(2022, 11, 28), "titel": "Officiële start Programma SAMEN"}
# Collective meetings, open to everyone, 13:00–17:00 (seeds/001; the closing also seeds/002).
COLLECTIEVE_BIJEENKOMSTEN: tuple[tuple[dt.date, str, str | None, str | None], ...] = (
    (dt.date(2023, 3, 27), "Collectieve bijeenkomst 1", None, None),
    (dt.date(2023, 6, 23), "Collectieve bijeenkomst 2 (StadmakersCongres)", "GM0392", "StadmakersCongres, Haarlem"),
    (dt.date(2023, 9, 25), "Collectieve bijeenkomst 3", None, None),
    (dt.date(2023, 11, 27), "Collectieve bijeenkomst 4", None, None),
    (dt.date(2024, 3, 8), "Collectieve bijeenkomst 5", "GM1730", "Tynaarlo"),
    (dt.date(2024, 5, 27), "Collectieve bijeenkomst 6", None, None),
    (dt.date(2024, 9, 23), "Collectieve bijeenkomst 7", None, None),
    (dt.date(2024, 11, 25), "Afsluiting: presentatie resultaten", "GM0518", "Broedplaats de Helena, Den Haag"),
)
COLLECTIEF_TIJD = "13:00–17:00"

# The call's dated pipeline (seeds/004) as programme-level milestones.
OPROEP_PIJPLIJN: tuple[tuple[dt.date, str], ...] = (
    (dt.date(2021, 9, 15), "Ideeën indienen tot en met 15 september 2021"),
    (dt.date(2021, 9, 30), "Bericht over selectie voor de uitwerkingsfase"),
    (dt.date(2021, 11, 30), "Uitgewerkt plan uiterlijk ingediend"),
    (dt.date(2021, 12, 21), "Toekenningen bekendgemaakt"),
    (dt.date(2022, 12, 31), "Uitvoering van de experimenten in 2022 (doorlopend in 2023)"),
)

# Results and lessons (seeds/002, seeds/003), used as milestone categories and on the overview.
# The GELD line follows the selected programme's co-financing rule (Overzicht: geld_regel()).
GELD_PER_REGEL = {
    "gemeente_1op1": "twee jaar impuls van de fondsen, 1:1 gematcht door de gemeente",
    "eigen_middelen_pre": "bijdrage van het fonds per experiment; eigen of andere middelen zijn een pré, "
    "geen match door de gemeente",
}
GELD_KENNIS_NETWERK_KORT = {
    "GELD": GELD_PER_REGEL["gemeente_1op1"],
    "KENNIS": "lokaal programma op maat en landelijke trainingen en werksessies",
    "NETWERK": "uitwisseling tussen gemeenten, initiatieven en fondsen; excursies",
}
LESSEN = ("relaties", "gelijkwaardigheid", "sterke bewonersinitiatieven")

# The plain notice wherever synthetic demo rows are shown: pages, presentation, PDF and PowerPoint.
DEMODATA_KOP = "Demodata:"
DEMODATA_TEKST = (
    "bedragen, aantallen, scores en kenniskringleden hier zijn synthetisch (verzonnen). "
    "Partners, proeftuinen en data van de collectieve bijeenkomsten komen uit de bronnen."
)


def geld_kennis_netwerk(regels: tuple[str, ...]) -> dict[str, str]:
    """GELD / KENNIS / NETWERK for the selection: the GELD line names the rule(s) of the programmes shown."""
    geld = "; ".join(GELD_PER_REGEL[r] for r in regels if r in GELD_PER_REGEL) or GELD_PER_REGEL["gemeente_1op1"]
    return {**GELD_KENNIS_NETWERK_KORT, "GELD": geld}
