"""Dutch formatting through Babel: € 1.234.567, 25 november 2024, 84,5%."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import NumberPattern, parse_pattern

from samen_data.store.vocab import SPOOR_WOORDEN, label

LOCALE = "nl_NL"
# Babel's format_* parse the locale and the pattern on every call, a third of their time; a table or the
# signals format thousands of amounts per run, so both are parsed once (NumberPattern.apply is what they call).
_NL = Locale.parse(LOCALE)


@cache
def _pattern(pattern: str) -> NumberPattern:
    return parse_pattern(pattern)


def _decimals(digits: int) -> str:
    return "#,##0" + ("." + "0" * digits if digits else "")


def euro(amount: Decimal | float | int | None) -> str:
    if amount is None:
        return "–"
    return _pattern("¤ #,##0").apply(amount, _NL, currency="EUR", currency_digits=False)


def getal(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return _pattern(_decimals(digits)).apply(value, _NL)


def procent(fraction: float | None, digits: int = 0) -> str:
    if fraction is None:
        return "–"
    return _pattern(_decimals(digits) + "%").apply(fraction, _NL)


def datum(value: dt.date | None, fmt: str = "d MMMM y") -> str:
    return "–" if value is None else format_date(value, format=fmt, locale=LOCALE)


def ratio(value: float | None) -> str:
    """A match ratio as '1 : 0,80' (gemeente per euro of the funds)."""
    return "–" if value is None else f"1 : {getal(value, 2)}"


def n_items(n: int, enkelvoud: str, meervoud: str) -> str:
    """'1 deelnemer', '2 deelnemers', '0 deelnemers' (Dutch: only 1 takes the singular)."""
    return f"{getal(n)} {enkelvoud if n == 1 else meervoud}"


def per_spoor(counts: dict[str, int]) -> str:
    """'37 kenniskringleden, 7 proeftuinen': participants per spoor, in the spoor's order of the alphabet."""
    return ", ".join(n_items(n, *SPOOR_WOORDEN.get(s, (label(s).lower(),) * 2)) for s, n in sorted(counts.items()))
