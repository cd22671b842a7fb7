"""Download buttons for a table or a chart's data: Excel and Dutch CSV, formulas neutralised."""
from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from samen_data.transfer import csv_bytes, frame_xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def downloads(frame: pd.DataFrame, name: str) -> None:
    """Two small buttons under a table or chart; the file is built only when clicked."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    left, right, _ = st.columns([1, 1, 6])
    left.download_button("Excel", data=lambda: frame_xlsx_bytes(frame, name), file_name=f"samen-{slug}.xlsx",
                         mime=XLSX, key=f"dl_xlsx_{slug}", icon=":material/download:", on_click="ignore",
                         help=f"{name} als Excel-bestand")
    right.download_button("CSV", data=lambda: csv_bytes(frame), file_name=f"samen-{slug}.csv", mime="text/csv",
                          key=f"dl_csv_{slug}", icon=":material/download:", on_click="ignore",
                          help=f"{name} als CSV (puntkomma's, decimale komma)")
