"""Overzicht: the programme at a glance for fund directors (fits one 1366×768 screen)."""
import streamlit as st

from samen_data.demo_facts import GELD_KENNIS_NETWERK_KORT
from samen_ui import charts, data
from samen_ui.fmt import euro, getal, ratio
from samen_ui.downloads import downloads
from samen_ui.setup import empty_notice, page_setup, paid_metric, synthetic_notice

filters = page_setup("Overzicht", totals=True)
k = data.load("kerncijfers", filters)
synthetic_notice(k.synthetisch)

if k.deelnemers == 0:
    empty_notice("deelnemers")
    st.stop()

sporen = ", ".join(f"{n} {s}" for s, n in sorted(k.per_spoor.items()))
row1 = st.columns(4)
row1[0].metric("Deelnemers", getal(k.deelnemers), delta=sporen, delta_color="off", delta_arrow="off", border=True)
row1[1].metric("Toegezegd door fondsen", euro(k.fonds_toegezegd), border=True)
row1[2].metric("Toegezegd door gemeenten", euro(k.gemeente_toegezegd), border=True)
row1[3].metric("Match fonds : gemeente", ratio(k.matchratio), help="Gemeente-euro's per fondseuro; 1:1 is het doel.", border=True)
row2 = st.columns(4)
paid_metric(row2[0], "Betaald tot nu toe", k.betaald, filters)
row2[1].metric("Bijeenkomsten gehouden", getal(k.bijeenkomsten_gehouden), border=True)
row2[2].metric("Aanwezigen (totaal)", getal(k.aanwezig), border=True)
row2[3].metric(
    "Samenwerking (score)",
    "–" if k.score_laatste is None else f"{getal(k.score_laatste, 1)} / 10",
    delta=None if k.verandering is None else f"{getal(k.verandering, 1)} sinds nulmeting",
    help="Gewogen gemiddelde score (1–10) op relaties, gelijkwaardigheid en sterke bewonersinitiatieven.",
    border=True,
)
st.caption("  ·  ".join(f"**{kop}**: {tekst}" for kop, tekst in GELD_KENNIS_NETWERK_KORT.items()))

left, right = st.columns(2)
with left:
    st.markdown("**Betaald over de tijd (cumulatief)**")
    betalingen = data.load("betalingen_cumulatief", filters)
    if betalingen.empty:
        empty_notice("betalingen")
    else:
        st.altair_chart(charts.betaald_over_tijd(betalingen, height=150), width="stretch")
        with st.expander("Als tabel", icon=":material/table:"):  # the chart's text alternative, and its data
            st.dataframe(betalingen, hide_index=True, width="stretch")
            downloads(betalingen, "Betaald over de tijd")
with right:
    st.markdown("**Samenwerking per meting**")
    scores = data.load("samenwerking_per_dimensie", filters)
    if scores.empty:
        empty_notice("metingen")
    else:
        st.altair_chart(charts.score_per_golf(scores, height=150), width="stretch")
        with st.expander("Als tabel", icon=":material/table:"):
            st.dataframe(scores, hide_index=True, width="stretch")
            downloads(scores, "Samenwerking per meting")

