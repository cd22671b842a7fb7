"""Read side: every dashboard figure aggregated in the database and returned as a DataFrame or dataclass."""

from collections.abc import Callable as _Callable
from typing import Any as _Any
from typing import TypeVar as _TypeVar

from sqlalchemy import Engine as _Engine

from samen_data.access.scope import AccessDenied, Scope
from samen_data.figures.signalen import signalen  # registers itself (SPECIAL); it reads the query modules
from samen_data.queries._registry import AGGREGATE, DETAIL, ONDERBOUWING, PUBLIC, REGISTRY, SPECIAL, names, query
from samen_data.queries.collab import (
    mijlpalen,
    mijlpalen_per_status,
    samenwerking_kloof,
    samenwerking_per_dimensie,
    samenwerking_scores,
    samenwerking_voortgang,
    scores_per_deelnemer,
)
from samen_data.queries.funding import (
    betaald_saldo,
    betalingen_cumulatief,
    cofinanciering_per_deelnemer,
    cofinanciering_per_gemeente,
    toezeggingen,
)
from samen_data.queries.meetings import (
    BijeenkomstCijfers,
    aanwezig_per_gemeente_bijeenkomst,
    aanwezigheid_per_bijeenkomst_rol,
    aanwezigheid_per_spoor,
    bijeenkomsten,
    bijeenkomsten_kerncijfers,
    deelname_matrix,
)
from samen_data.queries.onderbouwing import (
    rijen_betaald,
    rijen_bijeenkomsten,
    rijen_deelnemers,
    rijen_match,
    rijen_metingen,
    rijen_mijlpalen,
    rijen_toegezegd,
)
from samen_data.queries.overview import (
    Kerncijfers,
    gemeente,
    gemeenten_met_deelnemers,
    gemeenten_op_kaart,
    kerncijfers,
    programmas,
)
from samen_data.queries.records import aanwezigheid_rijen, betalingen, mijlpaal_rijen, tranches, wijzigingen

__all__ = [
    "Kerncijfers",
    "aanwezigheid_per_bijeenkomst_rol",
    "aanwezigheid_per_spoor",
    "betalingen_cumulatief",
    "bijeenkomsten",
    "cofinanciering_per_deelnemer",
    "cofinanciering_per_gemeente",
    "deelname_matrix",
    "gemeente",
    "gemeenten_met_deelnemers",
    "kerncijfers",
    "mijlpalen",
    "programmas",
    "samenwerking_kloof",
    "samenwerking_per_dimensie",
    "samenwerking_scores",
    "scores_per_deelnemer",
    "toezeggingen",
]
__all__ += ["BijeenkomstCijfers", "bijeenkomsten_kerncijfers", "mijlpalen_per_status", "samenwerking_voortgang"]
__all__ += ["aanwezig_per_gemeente_bijeenkomst", "betaald_saldo", "gemeenten_op_kaart"]
__all__ += ["aanwezigheid_rijen", "betalingen", "mijlpaal_rijen", "tranches", "wijzigingen"]
__all__ += [
    "rijen_betaald",
    "rijen_bijeenkomsten",
    "rijen_deelnemers",
    "rijen_match",
    "rijen_metingen",
    "rijen_mijlpalen",
    "rijen_toegezegd",
]

# --- Access: every query the app runs goes through run(), with the caller's scope (default deny). ---
_T = _TypeVar("_T")


def run(fn: _Callable[..., _T], engine: _Engine, scope: Scope, *args: _Any) -> _T:
    """Run the registered query `fn` as `scope`, by the rule of its access class; anything not registered, and
    scopes without a role, are refused."""
    scope.require_read()
    name = getattr(fn, "__name__", repr(fn))
    if REGISTRY.get(name) is not fn:
        raise AccessDenied(f"onbekende of niet vrijgegeven query {name}")
    if fn.access == PUBLIC:
        return fn(engine, *args)
    if fn is signalen:  # takes the scope itself: restricts the filters like DETAIL, and marks a fund's own
        return fn(engine, scope, *args)
    if fn is gemeenten_met_deelnemers:  # the sidebar's option list
        result = fn(engine, *args)
        return result if scope.sees_all_detail else result[result["cbs_code"] == scope.gemeente].reset_index(drop=True)
    if fn is wijzigingen:
        return fn(engine, *args, gemeente=None if scope.sees_all_detail else scope.gemeente)
    filters, rest = (args[0] if args else None), args[1:]
    if fn.access == ONDERBOUWING:
        restricted = scope.restrict(filters, detail=False)
        return fn(engine, restricted, *rest, samen=not scope.sees_all_detail and restricted.gemeente is None)
    restricted = scope.restrict(filters, detail=fn.access == DETAIL)
    if fn.per_maand and not scope.sees_all_detail and restricted.gemeente is None:
        return fn(engine, restricted, *rest, per_maand=True)
    return fn(engine, restricted, *rest)


__all__ += ["AGGREGATE", "DETAIL", "ONDERBOUWING", "PUBLIC", "REGISTRY", "SPECIAL", "names", "query", "run", "signalen"]
