"""The figures' definitions: the README section "Hoe de cijfers gerekend worden" is the only place they are written.

Each bullet there starts with **Name**; this module reads the section once and gives the rule per name, so a tile's
Onderbouwing shows the same sentence the README has (no second copy to drift)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
SECTIE = "### Hoe de cijfers gerekend worden"
_BULLET = re.compile(r"^- (.*?)(?=^- |\Z)", re.MULTILINE | re.DOTALL)
_NAME = re.compile(r"\*\*([^*]+)\*\*")


def _section(text: str) -> str:
    start = text.index(SECTIE) + len(SECTIE)
    end = re.search(r"^#{1,3} ", text[start:], re.MULTILINE)
    return text[start : start + end.start()] if end else text[start:]


def _plain(markdown: str) -> str:
    """One line of text: no line breaks, emphasis or code marks (the popover shows it as plain text)."""
    text = " ".join(markdown.split())
    return re.sub(r"[*`]", "", text)


def parse(text: str) -> dict[str, str]:
    """Name -> rule. A bullet's name is its first **bold** phrase; further bold phrases in the same bullet
    (e.g. **Betaald door fondsen** inside the bullet on **Betaald**) name figures defined by that bullet too."""
    out: dict[str, str] = {}
    for bullet in _BULLET.findall(_section(text)):
        names = _NAME.findall(bullet)
        if not names or not bullet.startswith("**"):
            continue
        rule = _plain(bullet)
        for name in names:
            out.setdefault(name.strip(), rule)
    return out


@cache
def definities() -> dict[str, str]:
    """Every defined figure with its rule, read from the README once per process."""
    return parse(README.read_text(encoding="utf-8"))


def definitie(name: str) -> str:
    """The rule of one figure; KeyError when the README does not define it (tests/test_definitions.py)."""
    return definities()[name]
