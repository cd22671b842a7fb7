"""Gemeente: one gemeente's investment at a glance, beside the programme's values; shareable as ?gemeente=GM0796."""

import datetime as dt
from dataclasses import replace

import streamlit as st

from samen_data import queries
from samen_data.figures import mijn_gemeente, money
from samen_ui import cofinanciering, data, gemeente, samenwerking, signalen, tables, vega
from samen_ui.downloads import downloads
from samen_ui.fmt import getal
from samen_ui.safe_text import plain
from samen_ui.setup import SELECTIE_KEY, empty_notice, page_setup, synthetic_notice
from samen_ui.tiles import show_tiles

filters = page_setup("Gemeente", gemeente_from_url=True)

if filters.gemeente is None:
    st.info(
        "Kies een gemeente in de zijbalk, of open de pagina met `?gemeente=GM0796` in de adresbalk.",
        icon=":material/account_balance:",
    )
    st.stop()

programma = replace(filters, gemeente=None)  # the programme as a reference (aggregates only)
data.prefetch(
    (queries.kerncijfers, programma),
    (queries.signalen, filters),
    (queries.aanwezig_per_gemeente_bijeenkomst, programma),
    (queries.samenwerking_scores, programma),
    (queries.cofinanciering_per_gemeente, filters),
    (queries.cofinanciering_per_deelnemer, filters),
    (queries.aanwezigheid_per_bijeenkomst_rol, filters),
)
info = data.load(queries.gemeente, None, filters.gemeente)
st.header(f"{info['naam']} ({info['cbs_code']}), {info['provincie']}")
per_gemeente = data.load(queries.cofinanciering_per_gemeente, filters)
funding = data.load(queries.cofinanciering_per_deelnemer, filters)
synthetic_notice(bool(funding["synthetisch"].any()))
if per_gemeente.empty:
    empty_notice(f"deelnemers van {info['naam']} in dit programma")
    st.stop()

stand = money.stand(per_gemeente.iloc[0])  # this gemeente by its programme's rule (samen_data.figures.money)
tiles = money.tegels(stand, enkel=True)
show_tiles(tiles)
gemeente.reference_row(tiles, mijn_gemeente.geld_referenties(data.load(queries.kerncijfers, programma).geld))

st.markdown("**Signalen voor deze gemeente**")
signalen.show_top(data.load(queries.signalen, filters))

with_money = funding[funding["heeft_toezegging"]]
st.markdown(f"**Deelnemers en cofinanciering** ({getal(len(funding))} deelnemer{'' if len(funding) == 1 else 's'})")
if with_money.empty:
    empty_notice("toezeggingen")
else:
    cofinanciering.show_match_table(with_money)
if len(funding) > len(with_money):
    zonder = funding.loc[~funding["heeft_toezegging"], "deelnemer"]
    st.caption("Zonder toezeggingen (kenniskring): " + ", ".join(zonder.map(plain)))  # names as text, not Markdown
toezeggingen = data.load(queries.toezeggingen, filters)
if not toezeggingen.empty:
    st.markdown("**Toezeggingen en betalingen**")
    cofinanciering.show_ledger_table(toezeggingen)
mijlpalen = data.load(queries.mijlpalen, filters)
st.markdown("**Wat nog openstaat, en wanneer**")
open_ = mijn_gemeente.openstaand(toezeggingen, mijlpalen, st.session_state[SELECTIE_KEY].einde, dt.date.today())
if open_.empty:
    st.caption("Niets meer open: alles betaald en elke mijlpaal bereikt of vervallen.")
else:
    tables.show(open_)

# The two charts side by side; the tables under them at full width (their key columns in view at 1366 px).
left, right = st.columns(2)
with left:
    st.markdown("**Mensen van deze gemeente op bijeenkomsten**")
    per_rol = data.load(queries.aanwezigheid_per_bijeenkomst_rol, filters)
    if per_rol.empty:
        empty_notice("aanwezigheid")
    else:
        st.caption(
            f"Aanwezig op {getal(per_rol['bijeenkomst_id'].nunique())} bijeenkomsten, "
            f"{getal(int(per_rol['aanwezig'].sum()))} keer in totaal."
        )
        st.caption(
            mijn_gemeente.aanwezigheid_tekst(
                data.load(queries.aanwezig_per_gemeente_bijeenkomst, filters),
                data.load(queries.aanwezig_per_gemeente_bijeenkomst, programma),
            )
        )
        vega.chart(gemeente.attendance_by_role, per_rol, key=("aanwezigheid_per_bijeenkomst_rol", filters))
with right:
    st.markdown("**Samenwerking (scores 1–10)**")
    scores = data.load(queries.scores_per_deelnemer, filters)
    if scores.empty:
        empty_notice("metingen")
    elif scores["deelnemer_id"].nunique() == 1:
        vega.chart(gemeente.scores_chart, scores, key=("scores_per_deelnemer", filters))
    else:
        st.caption("De scores per deelnemer staan in de tabel hieronder.")

if not scores.empty:
    st.markdown("**Samenwerking per dimensie en meting**")
    tables.show(gemeente.scores_table(scores))
    downloads(scores, "Scores van de gemeente")
    vergelijking = mijn_gemeente.samenwerking_vergelijking(
        data.load(queries.samenwerking_scores, filters), data.load(queries.samenwerking_scores, programma)
    )
    if not vergelijking.empty:
        st.caption("Per respondentgroep, naast het programma (programma: alle gemeenten, gewogen naar respondenten):")
        tables.show(vergelijking)

if not per_rol.empty:
    st.markdown("**Bijeenkomsten waar mensen van deze gemeente waren**")
    tables.show(mijn_gemeente.bijgewoonde_bijeenkomsten(per_rol))

st.markdown("**Mijlpalen**")
if mijlpalen.empty:
    empty_notice("mijlpalen")
else:
    tables.show(samenwerking.milestone_table(mijlpalen))
    downloads(mijlpalen, "Mijlpalen van de gemeente")
