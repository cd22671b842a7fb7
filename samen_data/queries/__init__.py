"""Read side: every dashboard figure aggregated in the database and returned as a DataFrame or dataclass."""
from .collab import (
    mijlpalen,
    samenwerking_kloof,
    samenwerking_per_dimensie,
    samenwerking_scores,
    scores_per_deelnemer,
)
from .funding import betalingen_cumulatief, cofinanciering_per_deelnemer, cofinanciering_per_gemeente, toezeggingen
from .meetings import aanwezigheid_per_bijeenkomst_rol, aanwezigheid_per_spoor, bijeenkomsten, deelname_matrix
from .meetings import BijeenkomstCijfers, bijeenkomsten_kerncijfers
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
__all__ += ["gemeenten_op_kaart"]
