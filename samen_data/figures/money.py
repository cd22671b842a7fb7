"""The match, on commitments and on payments: one place that turns aggregated money into figures and words.

queries/funding.py sums the money per participant (or per gemeente) in one SQL query; `stand` reads one such row
and gives, for each side (fondsen, gemeente, eigen of andere middelen), what was committed, intended, withdrawn
and paid, paid as a share of committed, what is still to pay, the gap to the programme's rule and a status that
names commitments and payments together. Pages, slides, PDF, PPTX and the 360Giving export all read these, so a
figure is computed once. Money stays exact Decimal; only percentages are floats.

The rule is the programme's (Programma.cofinanciering): 'gemeente_1op1' compares the gemeente with the funds
of the same participant; 'eigen_middelen_pre' has no gemeente match, and shows the share of own or other means.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from samen_data.formatting.fmt import euro, getal, procent, ratio
from samen_data.formatting.palette import match_label
from samen_data.store.vocab import REGEL_1OP1, REGEL_EIGEN

ZERO = Decimal(0)
SIDES = ("fonds", "gemeente", "overig")  # column prefixes of funding.py; 'overig' = eigen of andere middelen
MEASURES = ("toegezegd", "beoogd", "ingetrokken", "betaald_tm")
# Sums a Stand is built from (per participant, per gemeente, or over a whole selection).
SUM_COLUMNS = (*(f"{s}_{m}" for s in SIDES for m in MEASURES), "fonds_toegezegd_1op1", "fonds_toegezegd_eigen")


@dataclass(frozen=True)
class Kant:
    """One side's money: committed (toegezegd), intended (beoogd), withdrawn, and paid up to the period's end."""

    toegezegd: Decimal = ZERO
    beoogd: Decimal = ZERO
    ingetrokken: Decimal = ZERO
    betaald: Decimal = ZERO

    @property
    def betaald_pct(self) -> float | None:
        """Paid as a share of committed (1.0 = all paid); None when nothing is committed."""
        return float(self.betaald / self.toegezegd) if self.toegezegd else None

    @property
    def nog_te_betalen(self) -> Decimal:
        return max(self.toegezegd - self.betaald, ZERO)


@dataclass(frozen=True)
class Stand:
    """The co-financing of one participant, one gemeente or a whole selection."""

    regels: tuple[str, ...]  # the rules present, 1:1 first; one for a participant
    status: str  # vocab.MATCH_STATUSSEN
    fondsen: Kant
    gemeente: Kant
    eigen: Kant
    fonds_1op1: Decimal  # the funds' commitments under the 1:1 rule: what the gemeente matches
    fonds_eigen: Decimal  # the funds' commitments under the own-means rule

    @property
    def regel(self) -> str:
        return self.regels[0]

    @property
    def een_op_een(self) -> bool:
        return REGEL_1OP1 in self.regels

    @property
    def match(self) -> Decimal | None:
        """Gemeente committed ÷ funds committed under the 1:1 rule (1 = matched); None without such funds."""
        return self.gemeente.toegezegd / self.fonds_1op1 if self.een_op_een and self.fonds_1op1 else None

    @property
    def nog_toe_te_zeggen(self) -> Decimal:
        """What the gemeente still has to commit to reach 1:1 (0 under the own-means rule)."""
        return max(self.fonds_1op1 - self.gemeente.toegezegd, ZERO) if self.een_op_een else ZERO

    @property
    def eigen_aandeel(self) -> float | None:
        """Own or other means as a share of the whole (funds + own means) under the own-means rule."""
        total = self.fonds_eigen + self.eigen.toegezegd
        return float(self.eigen.toegezegd / total) if REGEL_EIGEN in self.regels and total else None

    # --- words, as every page, slide and report shows them ---

    def match_tekst(self) -> str:
        return ratio(None if self.match is None else float(self.match))

    def eigen_tekst(self) -> str:
        """'€ 11.000 eigen of andere middelen, 21% van het totaal'."""
        if not self.eigen.toegezegd:
            return "geen eigen of andere middelen (een pré, geen eis)"
        return f"{euro(self.eigen.toegezegd)} eigen of andere middelen, {procent(self.eigen_aandeel)} van het totaal"

    def maat_tekst(self) -> str:
        """The rule's own measure: the match under 1:1, the share of own means otherwise."""
        return self.match_tekst() if self.een_op_een else self.eigen_tekst()

    def betaald_tekst(self) -> str:
        """The payment half of the status: the gemeente's payments under 1:1 once it committed, else the funds'."""
        if self.een_op_een and self.gemeente.toegezegd:
            return f"gemeente betaalde {procent(self.gemeente.betaald_pct)}"
        if self.fondsen.toegezegd:
            return f"fondsen betaalden {procent(self.fondsen.betaald_pct)}"
        return "nog niets betaald"

    def status_tekst(self) -> str:
        """Commitments and payments in one line: '✔ 1:1 toegezegd · gemeente betaalde 0%'."""
        return f"{match_label(self.status)} · {self.betaald_tekst()}"

    def gat_tekst(self) -> str:
        """The gap in euros: 'nog € 60.000 toe te zeggen · nog € 42.000 te betalen' (the gemeente's, under 1:1)."""
        parts = []
        if self.nog_toe_te_zeggen:
            parts.append(f"nog {euro(self.nog_toe_te_zeggen)} toe te zeggen")
        side = self.gemeente if self.een_op_een else self.fondsen
        if side.nog_te_betalen:
            parts.append(f"nog {euro(side.nog_te_betalen)} te betalen")
        return " · ".join(parts) or "niets meer open"


def _dec(value: Any) -> Decimal:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ZERO
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _kant(row: Mapping[str, Any], side: str) -> Kant:
    return Kant(*(_dec(row.get(f"{side}_{m}")) for m in MEASURES))


def _regels(
    row: Mapping[str, Any], fonds_1op1: Decimal, fonds_eigen: Decimal, gemeente: Kant, eigen: Kant
) -> tuple[str, ...]:
    """The rules with money in this row, 1:1 first; without money, the row's own programme rule."""
    found = []
    if fonds_1op1 or gemeente.toegezegd or gemeente.beoogd or gemeente.ingetrokken:
        found.append(REGEL_1OP1)
    if fonds_eigen or eigen.toegezegd or eigen.beoogd:
        found.append(REGEL_EIGEN)
    return tuple(found) or (row.get("regel") or REGEL_1OP1,)


def stand(row: Mapping[str, Any]) -> Stand:
    """The Stand of one aggregated row (funding.py's columns, see SUM_COLUMNS)."""
    fondsen, gemeente, eigen = (_kant(row, s) for s in SIDES)
    fonds_1op1, fonds_eigen = _dec(row.get("fonds_toegezegd_1op1")), _dec(row.get("fonds_toegezegd_eigen"))
    regels = _regels(row, fonds_1op1, fonds_eigen, gemeente, eigen)
    if regels[0] == REGEL_EIGEN:
        status = "met_eigen_middelen" if eigen.toegezegd else "alleen_fonds"
    elif gemeente.toegezegd:
        status = "gematcht" if gemeente.toegezegd >= fonds_1op1 else "achter"
    elif gemeente.beoogd:
        status = "alleen_beoogd"
    else:
        status = "ingetrokken" if gemeente.ingetrokken else "geen_toezegging"
    return Stand(regels, status, fondsen, gemeente, eigen, fonds_1op1, fonds_eigen)


def totaal(rows: pd.DataFrame) -> Stand:
    """The Stand of a whole selection: the rows' sums added up (exact), the rules of the rows with money."""
    sums = {c: sum((_dec(v) for v in rows[c]), ZERO) for c in SUM_COLUMNS if c in rows}
    per_row = [stand(r) for r in rows.to_dict("records")] if len(rows) else []
    regels = tuple(r for r in (REGEL_1OP1, REGEL_EIGEN) if any(r in s.regels for s in per_row if _has_money(s)))
    if not regels:
        regels = tuple(dict.fromkeys(s.regel for s in per_row)) or (REGEL_1OP1,)
    one = stand({**sums, "regel": regels[0]})
    return Stand(regels, one.status, one.fondsen, one.gemeente, one.eigen, one.fonds_1op1, one.fonds_eigen)


def _has_money(s: Stand) -> bool:
    return any(k.toegezegd or k.beoogd or k.ingetrokken for k in (s.fondsen, s.gemeente, s.eigen))


def with_stand(df: pd.DataFrame) -> pd.DataFrame:
    """The aggregated rows with the Stand's figures and words as columns (for tables, the map and downloads)."""
    standen = [stand(r) for r in df.to_dict("records")]
    columns: dict[str, list] = {
        "regel": [s.regel for s in standen],
        "matchstatus": [s.status for s in standen],
        "matchratio": [None if s.match is None else float(s.match) for s in standen],
        "nog_toe_te_zeggen": [s.nog_toe_te_zeggen for s in standen],
        **{
            f"{side}_betaald_pct": [getattr(s, attr).betaald_pct for s in standen]
            for side, attr in (("fonds", "fondsen"), ("gemeente", "gemeente"), ("overig", "eigen"))
        },
        **{
            f"{side}_nog_te_betalen": [getattr(s, attr).nog_te_betalen for s in standen]
            for side, attr in (("fonds", "fondsen"), ("gemeente", "gemeente"))
        },
        "eigen_aandeel": [s.eigen_aandeel for s in standen],
        "maat": [s.maat_tekst() for s in standen],
        "status_tekst": [s.status_tekst() for s in standen],
        "gat": [s.gat_tekst() for s in standen],
    }
    out = df.copy()
    for name, values in columns.items():
        out[name] = pd.Series(values, index=df.index, dtype=object)
    return out


# --- The money tiles: the same labels and values on Overzicht, Cofinanciering, Gemeente and the slides. ---


@dataclass(frozen=True)
class Tegel:
    label: str
    waarde: str
    toelichting: str | None = None  # the small line under the value
    uitleg: str | None = None  # the help text


def behind_text(statuses: Iterable[str]) -> str | None:
    """'3 van 7 nog niet 1:1 toegezegd' over the 1:1 rows, or None when there are none."""
    counts = Counter(
        s for s in statuses if s in ("gematcht", "achter", "alleen_beoogd", "ingetrokken", "geen_toezegging")
    )
    total = sum(counts.values())
    if not total:
        return None
    behind = total - counts["gematcht"]
    return (
        f"{getal(behind)} van {getal(total)} nog niet 1:1 toegezegd" if behind else f"alle {getal(total)} 1:1 toegezegd"
    )


def tegels(t: Stand, statuses: Iterable[str] | None = None, enkel: bool = False) -> list[Tegel]:
    """Committed per side, the rule's measure, and paid per side with its share of committed.

    statuses: the per-row statuses of a selection (how many are behind); enkel: one gemeente or participant, whose
    status line (commitments and payments) goes under its measure."""
    # One gemeente reads like its table's columns ("Gemeente toegezegd"); a selection sums "gemeenten".
    names = (
        ("Fondsen toegezegd", "Gemeente toegezegd", "Fondsen betaald", "Gemeente betaald")
        if enkel
        else ("Toegezegd door fondsen", "Toegezegd door gemeenten", "Betaald door fondsen", "Betaald door gemeenten")
    )
    out = [Tegel(names[0], euro(t.fondsen.toegezegd))]
    if t.een_op_een:
        out.append(
            Tegel(
                names[1],
                euro(t.gemeente.toegezegd),
                f"nog {euro(t.nog_toe_te_zeggen)} toe te zeggen" if t.nog_toe_te_zeggen else None,
                "Toegezegd telt de fasen toegezegd, besloten, deels betaald en betaald.",
            )
        )
        uitleg = "Gemeente-euro's per fondseuro (toegezegd); 1 : 1,00 is het doel."
        if REGEL_EIGEN in t.regels:
            uitleg += " Alleen over de deelnemers van programma's met de 1:1-regel."
        under = t.status_tekst() if enkel else behind_text(statuses) if statuses is not None else None
        out.append(Tegel("Match fonds : gemeente", t.match_tekst(), under, uitleg))
    if REGEL_EIGEN in t.regels:
        share = f"{procent(t.eigen_aandeel)} van het totaal" if t.eigen_aandeel is not None else None
        if enkel and not t.een_op_een:
            share = " · ".join(p for p in (share, t.betaald_tekst()) if p)
        out.append(
            Tegel(
                "Eigen of andere middelen",
                euro(t.eigen.toegezegd),
                share,
                "Toegezegde eigen of andere middelen van de deelnemers: een pré, geen match door de "
                "gemeente; aandeel van fondsen plus eigen middelen samen.",
            )
        )
    out.append(_paid(names[2], t.fondsen))
    if t.een_op_een:
        out.append(_paid(names[3], t.gemeente))
    return out


def _paid(label: str, kant: Kant) -> Tegel:
    share = f"{procent(kant.betaald_pct)} van toegezegd" if kant.betaald_pct is not None else "niets toegezegd"
    if kant.nog_te_betalen:
        share += f" · nog {euro(kant.nog_te_betalen)} te betalen"
    return Tegel(
        label,
        euro(kant.betaald),
        share,
        "Betaald tot en met het einde van de gekozen periode, als deel van wat deze kant toezegde.",
    )
