"""Dutch formatting through Babel: € 1.234.567, 25 november 2024, 84,5%."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from samen_data.store.vocab import SPOOR_WOORDEN, label

LOCALE = "nl_NL"


def euro(amount: Decimal | float | int | None) -> str:
    if amount is None:
        return "–"
    return format_currency(amount, "EUR", format="¤ #,##0", locale=LOCALE, currency_digits=False)


def getal(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def procent(fraction: float | None, digits: int = 0) -> str:
    if fraction is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return format_percent(fraction, format=pattern, locale=LOCALE)


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
