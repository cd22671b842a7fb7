"""Gemeente: one gemeente's investment at a glance; shareable as ?gemeente=GM0796."""
import streamlit as st

from samen_ui import collab_charts, data, ledger, meeting_charts
from samen_ui.fmt import euro, getal, ratio
from samen_ui.setup import empty_notice, page_setup, synthetic_notice

filters = page_setup("Gemeente", gemeente_from_url=True)
if filters.gemeente is None:
    st.info("Kies een gemeente in de zijbalk, of open de pagina met `?gemeente=GM0796` in de adresbalk.",
            icon=":material/account_balance:")
    st.stop()
st.query_params["gemeente"] = filters.gemeente  # the address bar now holds a link to share

info = data.load("gemeente", None, filters.gemeente)
st.subheader(f"{info['naam']} ({info['cbs_code']}), {info['provincie']}")
funding = data.load("cofinanciering_per_deelnemer", filters)
synthetic_notice(bool(funding["synthetisch"].any()))
if funding.empty:
    empty_notice("deelnemers van deze gemeente in dit programma")
    st.stop()

fonds, gemeente = funding["fonds_toegezegd"].sum(), funding["gemeente_toegezegd"].sum()
cols = st.columns(4)
cols[0].metric("Fondsen toegezegd", euro(fonds), border=True)
cols[1].metric("Gemeente toegezegd", euro(gemeente), border=True)
cols[2].metric("Match fonds : gemeente", ratio(float(gemeente / fonds) if fonds else None), border=True)
cols[3].metric("Betaald", euro(funding["betaald"].sum()), border=True)

st.markdown("**Deelnemers en cofinanciering**")
st.dataframe(ledger.match_table(funding), hide_index=True, width="stretch",
             column_config=ledger.money_columns("Fondsen toegezegd", "Gemeente toegezegd", "Gemeente beoogd", "Ingetrokken", "Betaald"))
toezeggingen = data.load("toezeggingen", filters)
if not toezeggingen.empty:
    st.markdown("**Toezeggingen en betalingen**")
    st.dataframe(ledger.ledger_table(toezeggingen), hide_index=True, width="stretch",
                 column_config=ledger.money_columns("Bedrag", "Betaald"))

left, right = st.columns(2)
with left:
    st.markdown("**Mensen van deze gemeente op bijeenkomsten**")
    per_rol = data.load("aanwezigheid_per_bijeenkomst_rol", filters)
    if per_rol.empty:
        empty_notice("aanwezigheid")
    else:
        st.caption(f"{getal(per_rol['bijeenkomst_id'].nunique())} bijeenkomsten, {getal(int(per_rol['aanwezig'].sum()))} keer aanwezig.")
        st.altair_chart(meeting_charts.per_role(per_rol, height=260), width="stretch")
with right:
    st.markdown("**Samenwerking (scores)**")
    scores = data.load("samenwerking_scores", filters)
    if scores.empty:
        empty_notice("metingen")
    else:
        st.altair_chart(collab_charts.per_group(scores), width="content")

st.markdown("**Mijlpalen**")
mijlpalen = data.load("mijlpalen", filters)
if mijlpalen.empty:
    empty_notice("mijlpalen")
else:
    st.dataframe(collab_charts.milestone_table(mijlpalen), hide_index=True, width="stretch")
