"""Cofinanciering: the match ledger, the funds' side beside the gemeente's side, and paid against committed."""

import streamlit as st

from samen_data import queries
from samen_data.figures import money
from samen_ui import cofinanciering, data, vega
from samen_ui.downloads import downloads
from samen_ui.fmt import euro, getal
from samen_ui.setup import (
    empty_notice,
    page_setup,
    period_paid,
    programme_filters,
    programme_reference,
    synthetic_notice,
)
from samen_ui.tiles import show_tiles

filters = page_setup("Cofinanciering")
per_deelnemer = data.load(queries.cofinanciering_per_deelnemer, filters)
with_money = per_deelnemer[per_deelnemer["heeft_toezegging"]]  # the kenniskring has no money: left out
synthetic_notice(bool(with_money["synthetisch"].any()))
if with_money.empty:
    empty_notice("toezeggingen")
    st.stop()

stand = money.totaal(with_money)  # match, gap and paid per side by the programme's rule
show_tiles(money.tegels(stand, with_money["matchstatus"]))
period_paid(with_money["betaald"].sum(), filters)
if (programma := programme_filters()) is not None:
    p = data.load(queries.kerncijfers, programma)
    programme_reference(
        f"{euro(p.fonds_toegezegd)} toegezegd door fondsen, {euro(p.gemeente_toegezegd)} door "
        f"gemeenten, {euro(p.geld.fondsen.betaald + p.geld.gemeente.betaald)} betaald."
    )

st.header("Per deelnemer: fondsen naast " + ("gemeente" if stand.een_op_een else "eigen of andere middelen"))
cofinanciering.show_match_table(with_money)
downloads(with_money, "Cofinanciering per deelnemer")
left_out = len(per_deelnemer) - len(with_money)
st.caption(
    cofinanciering.match_legend(stand.regels)
    + (f" {getal(left_out)} deelnemers zonder enige toezegging (kenniskring) zijn weggelaten." if left_out else "")
)

st.header("Betaald tegenover toegezegd")
paid = data.load(queries.betalingen_cumulatief, filters)
if paid.empty:
    empty_notice("betalingen")
else:
    committed = {"fonds": float(stand.fondsen.toegezegd)}
    if stand.een_op_een:
        committed["gemeente"] = float(stand.gemeente.toegezegd)
    if stand.eigen.toegezegd:
        committed["overig"] = float(stand.eigen.toegezegd)
    vega.chart(cofinanciering.paid_vs_committed, paid, committed, (filters.van, filters.tot))
    st.caption("Doorgetrokken lijn: cumulatief betaald per kant. Stippellijn: wat die kant in totaal heeft toegezegd.")
    downloads(paid, "Betaald per dag")

st.header("Alle toezeggingen")
toezeggingen = data.load(queries.toezeggingen, filters)
if toezeggingen.empty:
    empty_notice("toezeggingen")
else:
    cofinanciering.show_ledger_table(toezeggingen)
    downloads(toezeggingen, "Toezeggingen")
    st.caption("Betaald: wat in de gekozen periode op de toezegging is betaald.")
