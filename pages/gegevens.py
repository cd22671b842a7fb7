"""Gegevens: the template, importing a filled-in file (check first, then import), and exporting everything."""

import streamlit as st

from samen_data import transfer
from samen_data.transfer import giving360
from samen_ui import data, downloads, gegevens
from samen_ui.downloads import XLSX
from samen_ui.setup import page_setup

page_setup("Gegevens in- en uitvoeren", acts_on="database")
scope = data.scope()

st.header("1. Sjabloon")
st.markdown(
    "Eén blad per soort gegevens (deelnemers, toezeggingen, betalingen, bijeenkomsten, aanwezigheid, "
    "metingen, mijlpalen) en een blad **Toelichting** met de toegestane waarden."
)
downloads.button(
    st,
    "Download het Excel-sjabloon",
    lambda _scope: transfer.workbook_bytes(),
    mime=XLSX,
    file_name="samen-sjabloon.xlsx",
    icon=":material/download:",
)

st.header("2. Inlezen")
st.caption(
    "Een .xlsx (het sjabloon) of een .csv (zoals Excel die opslaat: puntkomma's, decimale komma). "
    f"Maximaal {transfer.MAX_BYTES // (1024 * 1024)} MB. Bestaande rijen met dezelfde sleutel worden "
    "bijgewerkt (een kolom die ontbreekt laat dat veld zoals het is), nieuwe toegevoegd, niets verwijderd. "
    "Eén fout en er wordt niets ingelezen."
)
if not scope.can_edit:  # no greyed-out uploader: its faint text fails contrast for low-vision users
    st.info(
        "Inlezen kan alleen met een account dat gegevens mag wijzigen"
        + (" (niet in de demomodus)." if scope.demo else "."),
        icon=":material/lock:",
    )
upload = st.file_uploader("Bestand", type=["xlsx", "csv"], key="import_bestand") if scope.can_edit else None
if upload is not None:
    content = upload.getvalue()
    check = gegevens.checked(data.engine(), content, upload.name, scope)  # once per upload, not per rerun
    if isinstance(check, transfer.ImportRefused):
        gegevens.problems_table(check.problems)
    else:
        st.success(
            f"Gecontroleerd: {check.toegevoegd} nieuwe en {check.gewijzigd} gewijzigde rijen. Nog niets opgeslagen.",
            icon=":material/fact_check:",
        )
        gegevens.preview(check)
        if st.button("Inlezen", type="primary", disabled=not (check.toegevoegd or check.gewijzigd)):
            gegevens.forget()
            try:
                done = transfer.import_file(data.engine(), content, upload.name, scope)
            except transfer.ImportRefused as refused:  # the database moved on since the check
                gegevens.problems_table(refused.problems)
            else:
                data.after_write()
                st.success(
                    f"Ingelezen: {done.toegevoegd} nieuwe en {done.gewijzigd} gewijzigde rijen. "
                    "Zie de pagina Wijzigingen.",
                    icon=":material/check_circle:",
                )

st.header("3. Uitvoeren")
st.markdown(
    "De hele database in het formaat van het sjabloon (opnieuw in te lezen), of de toezeggingen volgens "
    "de open standaard [360Giving](https://www.threesixtygiving.org/)."
    + ("" if scope.sees_all_detail else " U krijgt de gegevens van uw eigen gemeente.")
)
cols = st.columns(3)
# Each file is made on the click, as the account is then (downloads.button re-reads it from the database).
engine = data.engine()
downloads.button(
    cols[0],
    "Hele database (.xlsx)",
    lambda now: transfer.export_workbook(engine, now),
    mime=XLSX,
    file_name="samen-database.xlsx",
    icon=":material/download:",
)
downloads.button(
    cols[1],
    "360Giving (.json)",
    lambda now: giving360.json_bytes(engine, now),
    mime="application/json",
    file_name="samen-360giving.json",
    icon=":material/download:",
)
downloads.button(
    cols[2],
    "360Giving (.xlsx)",
    lambda now: giving360.spreadsheet_bytes(engine, now),
    mime=XLSX,
    file_name="samen-360giving.xlsx",
    icon=":material/download:",
)
