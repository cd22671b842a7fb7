"""Data in and out: the Excel template, validated all-or-nothing import, exports, 360Giving."""

from samen_data.transfer.export import (
    csv_bytes,
    export_frames,
    export_workbook,
    frame_xlsx_bytes,
    neutralise,
    workbook_bytes,
)
from samen_data.transfer.load import ImportRefused, ImportResult, import_file
from samen_data.transfer.read import MAX_BYTES, Probleem
from samen_data.transfer.sheets import BLAD, BLADEN

__all__ = [
    "BLAD",
    "BLADEN",
    "ImportRefused",
    "ImportResult",
    "MAX_BYTES",
    "Probleem",
    "csv_bytes",
    "export_frames",
    "export_workbook",
    "frame_xlsx_bytes",
    "import_file",
    "neutralise",
    "workbook_bytes",
]
