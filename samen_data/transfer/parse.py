"""Cell parsing with pydantic: one row model per sheet, built from the sheet definition.

Cells arrive as Excel values or CSV text written the Dutch way (decimal comma, dd-mm-jjjj); each
column kind turns them into a typed value or a Dutch message that names what was expected.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Annotated, Any

from babel.numbers import format_decimal
from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, create_model
from pydantic_core import PydanticCustomError

from samen_data.store.vocab import LABELS, fold
from samen_data.transfer.guard import unguard_later_lines
from samen_data.transfer.sheets import BEDRAG, CBS, DATUM, GEHEEL, JANEE, SCORE, Blad, Kolom

# Our exports prefix these with an apostrophe so spreadsheets show text, not a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("samen", message)


def is_empty(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or (isinstance(value, str) and not value.strip())
    )


def text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        raise _fail("verwacht tekst, maar de cel is een datum")
    s = str(value).strip()
    if s[:1] == "'" and s[1:2] in FORMULA_TRIGGERS:
        return unguard_later_lines(s[1:])
    if s.startswith("="):
        raise _fail("bevat een formule; vul de waarde zelf in")
    return unguard_later_lines(s)  # the apostrophes our export put before formula-like lines (guard.py)


def datum(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = text(value)
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise _fail(f"'{s}' is geen geldige datum (verwacht dd-mm-jjjj, bv. 28-11-2022)")


def _number(value: Any, money: bool) -> Decimal:
    if isinstance(value, bool):
        raise _fail("verwacht een getal")
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _fail("verwacht een getal")
        return Decimal(str(value))
    s = text(value).replace("€", "").replace("\u00a0", "").replace(" ", "")
    if "," in s:  # Dutch: 1.234,56
        s = s.replace(".", "").replace(",", ".")
    elif money and _THOUSANDS.match(s.lstrip("-")):  # 12.500 is twaalfduizend vijfhonderd euro
        s = s.replace(".", "")
    try:
        d = Decimal(s)
    except InvalidOperation:
        raise _fail(f"'{text(value)}' is geen getal") from None
    if not d.is_finite():
        raise _fail("verwacht een getal")
    return d


def _nl(d: Decimal) -> str:
    return format_decimal(d, format="#,##0.00########", locale="nl_NL")


MAX_TEKST = 2000  # a column without its own limit (a programme's description)
MAX_BEDRAG = Decimal("1e13")  # ten thousand billion euro: beyond any programme, and within BIGINT cents


def bedrag(value: Any) -> Decimal:
    d = _number(value, money=True)
    if d < 0:
        raise _fail(f"bedrag {_nl(d)} is negatief; alleen bedragen van 0 of meer")
    if d >= MAX_BEDRAG:  # checked before any rounding: 1e30 does not fit the decimal context
        raise _fail(f"bedrag {_number_text(value)} is onwaarschijnlijk groot (maximaal {_nl(MAX_BEDRAG - 1)})")
    if d != d.quantize(Decimal("0.01")):
        raise _fail(f"bedrag {_nl(d)} heeft meer dan twee decimalen")
    return d.quantize(Decimal("0.01"))


def _number_text(value: Any) -> str:
    shown = str(value).strip()
    return shown if len(shown) <= 30 else shown[:27] + "..."


def geheel(value: Any) -> int:
    d = _number(value, money=False)
    if d != d.to_integral_value():
        raise _fail(f"{d} is geen geheel getal")
    if d < 0:
        raise _fail(f"{d} is negatief; alleen 0 of meer")
    if d > 1_000_000:
        raise _fail(f"{d} is onwaarschijnlijk groot")
    return int(d)


def score(value: Any) -> Decimal:
    d = _number(value, money=False)
    if not Decimal(1) <= d <= Decimal(10):
        raise _fail(f"score {d} ligt niet tussen 1 en 10")
    if d != d.quantize(Decimal("0.01")):
        raise _fail(f"score {d} heeft meer dan twee decimalen")
    return d.quantize(Decimal("0.01"))


def janee(value: Any) -> bool:
    s = text(value).lower()
    if s in ("ja", "j", "true", "waar", "1"):
        return True
    if s in ("nee", "n", "false", "onwaar", "0"):
        return False
    raise _fail(f"'{s}' is geen ja of nee")


def cbs(value: Any) -> str:
    s = text(value).upper()
    if s.isdigit() and len(s) <= 4:
        s = f"GM{int(s):04d}"
    if not re.fullmatch(r"GM\d{4}", s):
        raise _fail(f"'{s}' is geen CBS-gemeentecode (verwacht GM gevolgd door 4 cijfers, bv. GM0796)")
    return s


_PARSERS = {DATUM: datum, BEDRAG: bedrag, GEHEEL: geheel, SCORE: score, JANEE: janee, CBS: cbs}


@cache
def _spellings(allowed: tuple[str, ...]) -> dict[str, str]:
    """Every accepted spelling of an allowed value (the value, its label, with spaces), folded -> the value."""
    return {
        fold(spelling): value
        for value in reversed(allowed)
        for spelling in (value, LABELS.get(value, value), value.replace("_", " "))
    }


def _choice(kolom: Kolom, value: Any) -> str:
    s = text(value)
    found = _spellings(kolom.allowed).get(fold(s))  # case and accents do not matter: 'Geïmporteerd', 'BEOOGD'
    if found is not None:
        return found
    raise _fail(f"onbekende waarde '{s}'; toegestaan: {', '.join(kolom.allowed)}")


def _cell_parser(kolom: Kolom):
    def parse(value: Any) -> Any:
        try:
            return _parse(value)
        except ArithmeticError:  # whatever number the decimal context cannot hold is a message, not a crash
            raise _fail(f"'{_number_text(value)}' is geen bruikbaar getal") from None

    def _parse(value: Any) -> Any:
        if is_empty(value):
            if kolom.required:
                raise _fail("verplicht veld is leeg")
            return False if kolom.kind == JANEE else None
        if kolom.allowed:
            return _choice(kolom, value)
        result = _PARSERS.get(kolom.kind, text)(value)
        limit = kolom.max_length or MAX_TEKST
        if isinstance(result, str) and len(result) > limit:
            raise _fail(f"tekst is {len(result)} tekens lang; maximaal {limit}")
        return result

    return parse


@cache
def row_model(blad: Blad) -> type[BaseModel]:
    fields = {f"c{i}": (Annotated[Any, BeforeValidator(_cell_parser(k))], ...) for i, k in enumerate(blad.columns)}
    model = create_model(f"Rij_{blad.table}", __config__=ConfigDict(extra="ignore"), **fields)
    return model


def parse_row(blad: Blad, cells: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Typed values by header, and (header, message) for every cell that is wrong.

    With errors, the values hold the cells that were right, so that references and dates in the
    rest of the row can still be checked and every problem is reported in one go.
    """
    model = row_model(blad)
    data = {f"c{i}": cells.get(k.header) for i, k in enumerate(blad.columns)}
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        errors = []
        for err in exc.errors(include_url=False):
            index = int(str(err["loc"][0])[1:])
            errors.append((blad.columns[index].header, err["msg"]))
        wrong = {header for header, _msg in errors}
        partial = {k.header: _cell_parser(k)(cells.get(k.header)) for k in blad.columns if k.header not in wrong}
        return partial, errors
    return {k.header: getattr(parsed, f"c{i}") for i, k in enumerate(blad.columns)}, []
