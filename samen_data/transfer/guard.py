"""Formula guard for text that leaves the app in a spreadsheet (CSV, xlsx), and its inverse for the import.

A spreadsheet runs a cell as a formula when it starts with = + - @ (or a tab or carriage return that it
strips first). A value with a line break holds more than one line, and a reader that splits the row there
(a bare CR in an unquoted CSV field, a tool that reads line by line) would start a new row with the next line.
So the guard works per line:
- a value whose first character is a trigger gets an apostrophe in front (what Excel itself does);
- every later line that starts with a trigger (after CR, LF or CRLF) gets an apostrophe at its start.
Line breaks are kept as they are (nothing lost on a round trip); the CSV writer quotes every value that holds
one (export.csv_bytes). The import strips exactly these apostrophes again, so an export reads back unchanged.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_LATER_LINE = re.compile(r"(?<=[\r\n])(?=[=+\-@\t])")
_GUARDED_LINE = re.compile(r"(?<=[\r\n])'(?=[=+\-@\t])")


def guard(value: Any) -> Any:
    """Text with an apostrophe before every line that a spreadsheet would run as a formula; other values as is."""
    if not isinstance(value, str):
        return value
    text = _LATER_LINE.sub("'", value)
    return "'" + text if text[:1] in FORMULA_TRIGGERS else text


def unguard(text: str) -> str:
    """The inverse of guard(): the apostrophes it put before formula-like lines removed."""
    if text[:1] == "'" and text[1:2] in FORMULA_TRIGGERS:
        text = text[1:]
    return _GUARDED_LINE.sub("", text)


def unguard_later_lines(text: str) -> str:
    """Only the apostrophes that guard() put before a later line (the first line is the importer's own rule)."""
    return _GUARDED_LINE.sub("", text)
