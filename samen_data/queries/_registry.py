"""The registry of read queries: each query function carries its access class, recorded where it is defined.

queries.run() runs only registered functions (default deny), by the rule of their class."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

PUBLIC = "public"  # reference data, no programme figures
AGGREGATE = "aggregate"  # programme-level aggregates: a gemeente may see them for the whole programme or itself
DETAIL = "detail"  # rows per participant, gemeente, organisation or meeting: a gemeente sees only its own
SPECIAL = "special"  # its own rule in run() (the sidebar's list, the audit trail, the signals)
ONDERBOUWING = "onderbouwing"  # the rows behind a tile, in the tile's scope; summed per programme for a gemeente
CLASSES = (PUBLIC, AGGREGATE, DETAIL, SPECIAL, ONDERBOUWING)

REGISTRY: dict[str, Callable] = {}
F = TypeVar("F", bound=Callable)


def query(access: str, *, per_maand: bool = False) -> Callable[[F], F]:
    """Register a query with its access class; per_maand: a gemeente account looking at the whole programme gets
    it per month instead of per day (no single other gemeente's payment per day)."""
    if access not in CLASSES:
        raise ValueError(f"unknown access class {access!r}")

    def register(fn: F) -> F:
        fn.access, fn.per_maand = access, per_maand  # type: ignore[attr-defined]
        REGISTRY[fn.__name__] = fn
        return fn

    return register


def names(access: str) -> frozenset[str]:
    """The registered queries of one access class, by name (for tests and documentation)."""
    return frozenset(name for name, fn in REGISTRY.items() if fn.access == access)
