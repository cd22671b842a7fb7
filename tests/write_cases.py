"""The write matrix's cases (tests/test_write_matrix.py): per role the scope, and per target row the file, the row
and the roles that may write it, written out by hand from the README's table, not derived from Scope.may_write."""

from __future__ import annotations

from dataclasses import dataclass

from samen_data.access.scope import BEHEER, Scope

SCOPES = {
    "beheer": BEHEER,
    "fonds": Scope(rol="fonds", email="fin@vsbfonds.test", fonds="VSBfonds"),
    "vng": Scope(rol="vng", email="staf@vng.test"),
    "gemeente": Scope(rol="gemeente", email="ambtenaar@vaals.test", gemeente="GM0981"),
    "demo": Scope(rol="vng", email="demo", demo=True),
}
VAALS, BOSCH = "Vaals – Vaals Verbindt", "Den Bosch – Transfarmers en Copernikkel"
HOUTEN = "Experiment Houten: Buurtkamer Houten en Welzijn Houten"
ALL = set(SCOPES)


@dataclass(frozen=True)
class Case:
    name: str
    file: str  # the file name tells the importer which sheet
    header: str
    row: str
    allowed: frozenset[str]  # roles that own the row before and after (for a move: that get the move refusal)
    victim: str | None = None  # the gemeente whose row another scope tried to change
    moves: bool = False  # the row would move to another programme, participant or commitment: never written
    table: str = ""

    @property
    def data(self) -> bytes:
        return f"{self.header}\r\n{self.row}\r\n".encode()


def case(name, file, header, row, allowed=(), victim=None, moves=False) -> Case:
    return Case(name, file, header, row, frozenset(allowed), victim, moves, file.removesuffix(".csv"))


TZ = "kenmerk;programma;deelnemer;financier;soort;bedrag;fase"
BT = "kenmerk;toezegging;datum;bedrag"
TR = "kenmerk;toezegging;vervaldatum;bedrag"
MP = "kenmerk;programma;deelnemer;categorie;omschrijving;status"
AW = "bijeenkomst;organisatie;rol;aangemeld;aanwezig"
CASES = [
    # Commitments: a gemeente changes those of its own participants, a fund those it pays.
    case(
        "tz-eigen-gemeente",
        "toezegging.csv",
        TZ,
        f"TZ-0017;SAMEN;{VAALS};Gemeente Vaals;gemeentelijke_investering;61000;beoogd",
        {"beheer", "gemeente"},
    ),
    case(
        "tz-eigen-fonds-bij-vaals",
        "toezegging.csv",
        TZ,
        f"TZ-0014;SAMEN;{VAALS};VSBfonds;fondsbijdrage;21000;deels_betaald",
        {"beheer", "fonds", "gemeente"},
    ),
    case(
        "tz-andere-gemeente",
        "toezegging.csv",
        TZ,
        f"TZ-0013;SAMEN;{BOSCH};Gemeente 's-Hertogenbosch;gemeentelijke_investering;1;ingetrokken",
        {"beheer"},
        victim="GM0796",
    ),
    case(
        "tz-ander-fonds",
        "toezegging.csv",
        TZ,
        f"TZ-0011;SAMEN;{BOSCH};Oranje Fonds;fondsbijdrage;1;ingetrokken",
        {"beheer"},
        victim="GM0796",
    ),
    case(
        "tz-ander-programma",
        "toezegging.csv",
        TZ,
        f"TZ-0001;VSB-EXP;{HOUTEN};VSBfonds;fondsbijdrage;1;ingetrokken",
        {"beheer", "fonds"},
        victim="GM0321",
    ),
    case(
        "tz-nieuw-eigen",
        "toezegging.csv",
        TZ,
        f"TZ-N1;SAMEN;{VAALS};Gemeente Vaals;gemeentelijke_investering;5000;beoogd",
        {"beheer", "gemeente"},
    ),
    case(
        "tz-nieuw-andere-gemeente",
        "toezegging.csv",
        TZ,
        f"TZ-N2;SAMEN;{BOSCH};Gemeente 's-Hertogenbosch;gemeentelijke_investering;5000;beoogd",
        {"beheer"},
        victim="GM0796",
    ),
    case(
        "tz-nieuw-eigen-fonds-elders",
        "toezegging.csv",
        TZ,
        f"TZ-N3;SAMEN;{BOSCH};VSBfonds;fondsbijdrage;5000;beoogd",
        {"beheer", "fonds"},
        victim="GM0796",
    ),
    # The reproduction of the issue: Vaals takes 's-Hertogenbosch's TZ-0013 (EUR 120.000, betaald).
    case(
        "tz-overname-door-gemeente",
        "toezegging.csv",
        TZ,
        f"TZ-0013;SAMEN;{VAALS};Gemeente Vaals;gemeentelijke_investering;1;ingetrokken",
        {"beheer"},
        victim="GM0796",
        moves=True,
    ),
    case(
        "tz-overname-door-fonds",
        "toezegging.csv",
        TZ,
        f"TZ-0011;SAMEN;{BOSCH};VSBfonds;fondsbijdrage;1;ingetrokken",
        {"beheer"},
        victim="GM0796",
    ),
    case(
        "tz-weggeven",
        "toezegging.csv",
        TZ,
        f"TZ-0017;SAMEN;{BOSCH};Gemeente Vaals;gemeentelijke_investering;60000;beoogd",
        {"beheer"},
        victim="GM0796",
        moves=True,
    ),
    case(
        "tz-naar-ander-programma",
        "toezegging.csv",
        TZ,
        f"TZ-0014;VSB-EXP;{HOUTEN};VSBfonds;fondsbijdrage;20000;deels_betaald",
        {"beheer", "fonds"},
        victim="GM0321",
        moves=True,
    ),
    # Payments follow their commitment.
    case("bt-eigen", "betaling.csv", BT, "BT-0021;TZ-0014;15-01-2023;10.001", {"beheer", "fonds", "gemeente"}),
    case("bt-andere-gemeente", "betaling.csv", BT, "BT-0019;TZ-0013;01-04-2023;1", {"beheer"}, victim="GM0796"),
    case("bt-ander-fonds", "betaling.csv", BT, "BT-0015;TZ-0011;15-01-2023;1", {"beheer"}, victim="GM0796"),
    case(
        "bt-ander-programma", "betaling.csv", BT, "BT-0007;TZ-0005;01-02-2022;1", {"beheer", "fonds"}, victim="GM0796"
    ),
    case("bt-nieuw-eigen", "betaling.csv", BT, "BT-N1;TZ-0017;01-06-2024;100", {"beheer", "gemeente"}),
    case("bt-nieuw-andere-gemeente", "betaling.csv", BT, "BT-N2;TZ-0013;01-06-2024;100", {"beheer"}, victim="GM0796"),
    case("bt-overname", "betaling.csv", BT, "BT-0019;TZ-0017;01-04-2023;1", {"beheer"}, victim="GM0796", moves=True),
    # Planned tranches follow their commitment, as payments do.
    case("tr-eigen", "tranche.csv", TR, "TR-0021;TZ-0014;15-01-2023;10.001", {"beheer", "fonds", "gemeente"}),
    case("tr-andere-gemeente", "tranche.csv", TR, "TR-0019;TZ-0013;01-04-2023;1", {"beheer"}, victim="GM0796"),
    case("tr-ander-fonds", "tranche.csv", TR, "TR-0015;TZ-0011;15-01-2023;1", {"beheer"}, victim="GM0796"),
    case("tr-ander-programma", "tranche.csv", TR, "TR-0007;TZ-0005;01-02-2022;1", {"beheer", "fonds"}, victim="GM0796"),
    case("tr-nieuw-eigen", "tranche.csv", TR, "TR-N1;TZ-0017;01-06-2024;100", {"beheer", "gemeente"}),
    case("tr-nieuw-andere-gemeente", "tranche.csv", TR, "TR-N2;TZ-0013;01-06-2024;100", {"beheer"}, victim="GM0796"),
    case("tr-overname", "tranche.csv", TR, "TR-0019;TZ-0017;01-04-2023;1", {"beheer"}, victim="GM0796", moves=True),
    # Milestones: the gemeente's own; a programme's milestones are beheer's.
    case(
        "mp-eigen",
        "mijlpaal.csv",
        MP,
        f"MP-0010;SAMEN;{VAALS};structurele financiering;Raadsbesluit;bereikt",
        {"beheer", "gemeente"},
    ),
    case(
        "mp-andere-gemeente",
        "mijlpaal.csv",
        MP,
        f"MP-0006;SAMEN;{BOSCH};coalitie van initiatieven;X;vervallen",
        {"beheer"},
        victim="GM0796",
    ),
    case("mp-programma", "mijlpaal.csv", MP, "MP-0001;VSB-EXP;;oproep;X;vervallen", {"beheer"}),
    case(
        "mp-nieuw-eigen",
        "mijlpaal.csv",
        MP,
        f"MP-N1;SAMEN;{VAALS};overheidsparticipatie;Convenant;gepland",
        {"beheer", "gemeente"},
    ),
    case(
        "mp-overname",
        "mijlpaal.csv",
        MP,
        f"MP-0006;SAMEN;{VAALS};coalitie van initiatieven;X;vervallen",
        {"beheer"},
        victim="GM0796",
        moves=True,
    ),
    # Attendance: counts of the gemeente's own organisations; a fund enters none.
    case("aw-eigen", "aanwezigheid.csv", AW, "BK-0001;Gemeente Vaals;ambtenaar;9;8", {"beheer", "gemeente"}),
    case(
        "aw-andere-gemeente",
        "aanwezigheid.csv",
        AW,
        "BK-0001;Gemeente 's-Hertogenbosch;ambtenaar;9;8",
        {"beheer"},
        victim="GM0796",
    ),
    case("aw-fonds", "aanwezigheid.csv", AW, "BK-0001;VSBfonds;fondsmedewerker;9;8", {"beheer"}),
    # Everything else is beheer's, also for the gemeente's own participant or organisation.
    case(
        "meting-eigen",
        "meting.csv",
        "programma;deelnemer;golf;datum;respondentgroep;dimensie;score;respondenten",
        f"SAMEN;{VAALS};nulmeting;16-01-2023;bewoners;relaties;9,5;10",
        {"beheer"},
        victim="GM0981",
    ),
    case(
        "programma", "programma.csv", "code;naam;startdatum;einddatum", "NIEUW;Nieuw;01-01-2025;31-12-2026", {"beheer"}
    ),
    case(
        "organisatie-eigen",
        "organisatie.csv",
        "naam;soort;gemeente",
        "Vaals Verbindt;bewonersinitiatief;GM0981",
        {"beheer"},
        victim="GM0981",
    ),
    case(
        "deelnemer-eigen",
        "deelnemer.csv",
        "programma;naam;gemeente;spoor;status",
        f"SAMEN;{VAALS};GM0981;proeftuin;afgerond",
        {"beheer"},
        victim="GM0981",
    ),
    case(
        "betrokkene-eigen",
        "deelnemer_organisatie.csv",
        "programma;deelnemer;organisatie;rol",
        f"SAMEN;{VAALS};Gemeente Vaals;penvoerder",
        {"beheer"},
    ),
    case(
        "bijeenkomst",
        "bijeenkomst.csv",
        "kenmerk;programma;soort;titel;datum",
        "BK-N1;SAMEN;lokaal;Avond;01-06-2024",
        {"beheer"},
    ),
]
