"""The palette for pages; it lives in samen_data so the PDF and PowerPoint reports use the same colours."""

from samen_data.formatting.palette import (
    FASE,
    MATCH,
    MATCH_SYMBOOL,
    MIJLPAAL,
    MIJLPAAL_SYMBOOL,
    PARTIJ,
    ROL,
    SPOOR,
    match_label,
    mijlpaal_label,
    rgb,
    scale,
)

__all__ = [
    "FASE",
    "MATCH",
    "MATCH_SYMBOOL",
    "MIJLPAAL",
    "MIJLPAAL_SYMBOOL",
    "PARTIJ",
    "ROL",
    "SPOOR",
    "match_label",
    "mijlpaal_label",
    "rgb",
    "scale",
]
