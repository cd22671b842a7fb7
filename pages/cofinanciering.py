"""Cofinanciering: the match ledger, the funds' side beside the gemeente's side, and paid against committed."""
import streamlit as st

from samen_ui import data, ledger
from samen_ui.fmt import euro, ratio
from samen_ui.setup import empty_notice, page_setup, synthetic_notice

filters = page_setup("Cofinanciering")
per_deelnemer = data.load("cofinanciering_per_deelnemer", filters)
synthetic_notice(bool(per_deelnemer["synthetisch"].any()))
with_money = per_deelnemer[per_deelnemer["heeft_toezegging"]]
if with_money.empty:
    empty_notice("toezeggingen")
    st.stop()

fonds, gemeente = with_money["fonds_toegezegd"].sum(), with_money["gemeente_toegezegd"].sum()
cols = st.columns(4)
cols[0].metric("Toegezegd door fondsen", euro(fonds), border=True)
cols[1].metric("Toegezegd door gemeenten", euro(gemeente), border=True)
cols[2].metric("Match fonds : gemeente", ratio(float(gemeente / fonds) if fonds else None), border=True)
behind = int((with_money["matchstatus"] != "gematcht").sum())
cols[3].metric("Niet (volledig) 1:1 gematcht", f"{behind} van {len(with_money)}", border=True)

st.subheader("Per deelnemer: fondsen naast gemeente")
st.dataframe(
    ledger.match_table(with_money), hide_index=True, width="stretch",
    column_config=ledger.money_columns("Fondsen toegezegd", "Gemeente toegezegd", "Gemeente beoogd", "Ingetrokken", "Betaald"),
)
st.caption(
    f"▲ = de gemeente zit onder haar 1:1-aandeel. Toegezegd telt de fasen toegezegd, besloten, deels betaald en "
    f"betaald. {len(per_deelnemer) - len(with_money)} deelnemers zonder toezeggingen (kenniskring) zijn weggelaten."
)

st.subheader("Betaald tegenover toegezegd")
paid = data.load("betalingen_cumulatief", filters)
if paid.empty:
    empty_notice("betalingen")
else:
    st.altair_chart(ledger.paid_vs_committed(paid, {"fonds": float(fonds), "gemeente": float(gemeente)}), width="stretch")
    st.caption("Lijn: cumulatief betaald. Stippellijn: totaal toegezegd door die kant.")

st.subheader("Alle toezeggingen")
toezeggingen = data.load("toezeggingen", filters)
st.dataframe(ledger.ledger_table(toezeggingen), hide_index=True, width="stretch",
             column_config=ledger.money_columns("Bedrag", "Betaald"))
