"""Read side: every dashboard figure aggregated in the database and returned as a DataFrame or dataclass."""
from .collab import (
    mijlpalen,
    samenwerking_kloof,
    samenwerking_per_dimensie,
    samenwerking_scores,
    scores_per_deelnemer,
)
from .funding import betaald_saldo, betalingen_cumulatief, cofinanciering_per_deelnemer, cofinanciering_per_gemeente, toezeggingen
from .meetings import aanwezigheid_per_bijeenkomst_rol, aanwezigheid_per_spoor, bijeenkomsten, deelname_matrix
from .meetings import BijeenkomstCijfers, aanwezig_per_gemeente_bijeenkomst, bijeenkomsten_kerncijfers
from .collab import mijlpalen_per_status, samenwerking_voortgang
from .overview import Kerncijfers, gemeente, gemeenten_met_deelnemers, kerncijfers, programmas
from .overview import gemeenten_op_kaart

__all__ = [
    "Kerncijfers", "aanwezigheid_per_bijeenkomst_rol", "aanwezigheid_per_spoor", "betalingen_cumulatief",
    "bijeenkomsten", "cofinanciering_per_deelnemer", "cofinanciering_per_gemeente", "deelname_matrix",
    "gemeente", "gemeenten_met_deelnemers", "kerncijfers", "mijlpalen", "programmas",
    "samenwerking_kloof", "samenwerking_per_dimensie", "samenwerking_scores", "scores_per_deelnemer", "toezeggingen",
]
__all__ += ["BijeenkomstCijfers", "bijeenkomsten_kerncijfers", "mijlpalen_per_status", "samenwerking_voortgang"]
__all__ += ["aanwezig_per_gemeente_bijeenkomst", "betaald_saldo", "gemeenten_op_kaart"]
from .onderbouwing import (rijen_betaald, rijen_bijeenkomsten, rijen_deelnemers, rijen_match, rijen_metingen,
                           rijen_mijlpalen, rijen_toegezegd)
from .records import aanwezigheid_rijen, betalingen, mijlpaal_rijen, wijzigingen

__all__ += ["aanwezigheid_rijen", "betalingen", "mijlpaal_rijen", "wijzigingen"]
__all__ += ["rijen_betaald", "rijen_bijeenkomsten", "rijen_deelnemers", "rijen_match", "rijen_metingen",
            "rijen_mijlpalen", "rijen_toegezegd"]

# --- Access: every query the app runs goes through run(), with the caller's scope (default deny). ---
from typing import Any as _Any

from sqlalchemy import Engine as _Engine

from ..access import AccessDenied, Scope

PUBLIC = frozenset({"programmas", "gemeente", "gemeenten_op_kaart"})  # reference data, no programme figures
# Programme-level aggregates: a gemeente may see them for the whole programme or for itself.
AGGREGATE = frozenset({
    "kerncijfers", "betalingen_cumulatief", "betaald_saldo", "aanwezigheid_per_spoor", "bijeenkomsten_kerncijfers",
    "samenwerking_scores", "samenwerking_per_dimensie", "samenwerking_kloof", "samenwerking_voortgang",
    "mijlpalen_per_status", "aanwezig_per_gemeente_bijeenkomst",
})
# Rows per participant, gemeente, organisation or meeting: a gemeente sees only its own.
DETAIL = frozenset({
    "cofinanciering_per_deelnemer", "cofinanciering_per_gemeente", "toezeggingen",
    "scores_per_deelnemer", "mijlpalen", "bijeenkomsten", "aanwezigheid_per_bijeenkomst_rol", "deelname_matrix",
    "betalingen", "aanwezigheid_rijen", "mijlpaal_rijen",
})
# signalen (samen_data.signalen) takes the scope itself: it restricts the filters like DETAIL, and marks a fund's own.
SPECIAL = frozenset({"gemeenten_met_deelnemers", "wijzigingen", "signalen"})
# The rows behind a tile (onderbouwing.py): in the tile's own scope; a gemeente account on programme totals gets
# them summed per programme (samen=True), never another gemeente's rows.
ONDERBOUWING = frozenset({"rijen_toegezegd", "rijen_match", "rijen_betaald", "rijen_deelnemers", "rijen_bijeenkomsten",
                          "rijen_metingen", "rijen_mijlpalen"})
# Programme totals over time: for a gemeente account looking at the whole programme, per month instead of per day.
PER_MAAND = frozenset({"betalingen_cumulatief"})


def run(name: str, engine: _Engine, scope: Scope, *args: _Any) -> _Any:
    """Run query `name` as `scope`; unknown names and scopes without a role are refused."""
    scope.require_read()
    if name not in PUBLIC | AGGREGATE | DETAIL | SPECIAL | ONDERBOUWING:
        raise AccessDenied(f"onbekende of niet vrijgegeven query {name}")
    if name == "signalen":
        from ..signalen import signalen  # not at import time: signalen reads queries/signaalbronnen

        return signalen(engine, scope, *args)
    fn = globals()[name]
    if name in PUBLIC:
        return fn(engine, *args)
    if name == "gemeenten_met_deelnemers":  # the sidebar's option list
        result = fn(engine, *args)
        return result if scope.sees_all_detail else result[result["cbs_code"] == scope.gemeente].reset_index(drop=True)
    if name == "wijzigingen":
        return fn(engine, *args, gemeente=None if scope.sees_all_detail else scope.gemeente)
    filters, rest = (args[0] if args else None), args[1:]
    if name in ONDERBOUWING:
        restricted = scope.restrict(filters, detail=False)
        return fn(engine, restricted, *rest, samen=not scope.sees_all_detail and restricted.gemeente is None)
    restricted = scope.restrict(filters, detail=name in DETAIL)
    if name in PER_MAAND and not scope.sees_all_detail and restricted.gemeente is None:
        return fn(engine, restricted, *rest, per_maand=True)  # no single other gemeente's payment per day
    return fn(engine, restricted, *rest)


__all__ += ["AGGREGATE", "DETAIL", "ONDERBOUWING", "PUBLIC", "run"]
