"""Cofinanciering: the match ledger, the funds' side beside the gemeente's side, and paid against committed."""
import streamlit as st

from samen_ui import data, ledger
from samen_ui.fmt import euro, getal, ratio
from samen_ui.setup import empty_notice, page_setup, paid_metric, programme_filters, programme_reference, synthetic_notice
from samen_ui.downloads import downloads

filters = page_setup("Cofinanciering")
per_deelnemer = data.load("cofinanciering_per_deelnemer", filters)
with_money = per_deelnemer[per_deelnemer["heeft_toezegging"]]  # the kenniskring has no money: left out
synthetic_notice(bool(with_money["synthetisch"].any()))
if with_money.empty:
    empty_notice("toezeggingen")
    st.stop()

fonds, gemeente = with_money["fonds_toegezegd"].sum(), with_money["gemeente_toegezegd"].sum()
behind = int((with_money["matchstatus"] != "gematcht").sum())
cols = st.columns(4)
cols[0].metric("Toegezegd door fondsen", euro(fonds), border=True)
cols[1].metric("Toegezegd door gemeenten", euro(gemeente), border=True)
cols[2].metric("Match fonds : gemeente", ratio(float(gemeente / fonds) if fonds else None), border=True,
               delta=f"{getal(behind)} van {getal(len(with_money))} niet 1:1 gematcht", delta_color="off",
               delta_arrow="off", help="Gemeente-euro's per fondseuro (toegezegd); 1 : 1,00 is het doel.")
paid_metric(cols[3], "Betaald", with_money["betaald"].sum(), filters,
            help="Betaald in de gekozen periode, door fondsen en gemeenten samen.")
if (programma := programme_filters()) is not None:
    p = data.load("kerncijfers", programma)
    programme_reference(f"{euro(p.fonds_toegezegd)} toegezegd door fondsen, {euro(p.gemeente_toegezegd)} door "
                        f"gemeenten, match {ratio(p.matchratio)}, {euro(p.betaald)} betaald.")

st.header("Per deelnemer: fondsen naast gemeente")
ledger.show_match_table(with_money)
downloads(with_money, "Cofinanciering per deelnemer")
left_out = len(per_deelnemer) - len(with_money)
st.caption(
    "▲ Achter op 1:1 = de gemeente heeft minder toegezegd dan de fondsen; ○ Alleen beoogd = de gemeente heeft haar "
    "deel nog alleen beoogd. Toegezegd telt de fasen toegezegd, besloten, deels betaald en betaald."
    + (f" {getal(left_out)} deelnemers zonder enige toezegging (kenniskring) zijn weggelaten." if left_out else "")
)

st.header("Betaald tegenover toegezegd")
paid = data.load("betalingen_cumulatief", filters)
if paid.empty:
    empty_notice("betalingen")
else:
    committed = {"fonds": float(fonds), "gemeente": float(gemeente)}
    st.altair_chart(ledger.paid_vs_committed(paid, committed, (filters.van, filters.tot)), width="stretch")
    st.caption("Doorgetrokken lijn: cumulatief betaald per kant. Stippellijn: wat die kant in totaal heeft toegezegd.")
    downloads(paid, "Betaald per dag")

st.header("Alle toezeggingen")
toezeggingen = data.load("toezeggingen", filters)
if toezeggingen.empty:
    empty_notice("toezeggingen")
else:
    ledger.show_ledger_table(toezeggingen)
    downloads(toezeggingen, "Toezeggingen")
    st.caption("Betaald: wat in de gekozen periode op de toezegging is betaald.")
