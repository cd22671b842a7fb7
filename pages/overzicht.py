"""Overzicht: the programme at a glance for fund directors (fits one 1366×768 screen)."""

import streamlit as st

from samen_data import queries
from samen_data.demo.facts import geld_kennis_netwerk
from samen_data.queries.overview import kern_tegels
from samen_ui import charts, data, signalen, tables, vega
from samen_ui.downloads import downloads
from samen_ui.setup import empty_notice, page_setup, period_paid, synthetic_notice
from samen_ui.tiles import show_tiles

filters = page_setup("Overzicht", totals=True)
data.prefetch((queries.kerncijfers, filters), (queries.signalen, filters), (queries.betalingen_cumulatief, filters))
k = data.load(queries.kerncijfers, filters)
synthetic_notice(k.synthetisch)

if k.deelnemers == 0:
    empty_notice("deelnemers")
    st.stop()

# Money tiles by the programme's co-financing rule; paid split into funds and gemeenten (samen_data.figures.money).
tiles = kern_tegels(k)
paid_from = next(i for i, t in enumerate(tiles) if t.label.startswith("Betaald"))
show_tiles(tiles[:paid_from])  # who committed what, and the rule's measure
show_tiles(tiles[paid_from:])  # what was paid, then meetings and collaboration
period_paid(k.betaald, filters)
st.caption("  ·  ".join(f"**{kop}**: {tekst}" for kop, tekst in geld_kennis_netwerk(k.geld.regels).items()))

left, right = st.columns(2)
with left:
    st.markdown("**Betaald over de tijd (cumulatief)**")
    betalingen = data.load(queries.betalingen_cumulatief, filters)
    if betalingen.empty:
        empty_notice("betalingen")
    else:
        vega.chart(charts.betaald_over_tijd, betalingen, height=150, key=("betalingen_cumulatief", filters))
        with st.expander("Als tabel", icon=":material/table:"):  # the chart's text alternative, and its data
            tables.show(betalingen, tables.dutch_headers(betalingen))
            downloads(betalingen, "Betaald over de tijd")
with right:
    st.markdown("**Samenwerking per meting**")
    scores = data.load(queries.samenwerking_per_dimensie, filters)
    if scores.empty:
        empty_notice("metingen")
    else:
        vega.chart(charts.score_per_golf, scores, height=150, key=("samenwerking_per_dimensie", filters))
        with st.expander("Als tabel", icon=":material/table:"):
            tables.show(tables.dutch_decimals(scores), tables.dutch_headers(scores))
            downloads(scores, "Samenwerking per meting")


signalen.show_top(data.load(queries.signalen, filters), titel=True)  # what needs attention; the rest on Signalen
