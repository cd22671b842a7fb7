"""Samenwerking: progress against the goal 'better collaboration' per dimension and respondent group,
the gap between how bewoners, gemeente and fonds see it, and milestones per proeftuin."""
import streamlit as st

from samen_data.demo_facts import LESSEN
from samen_data.vocab import label
from samen_ui import collab_charts, data, vega
from samen_ui.fmt import getal
from samen_ui.palette import mijlpaal_label
from samen_ui.setup import empty_notice, page_setup, programme_filters, programme_reference, synthetic_notice
from samen_ui.downloads import downloads
from samen_ui.tiles import metric

filters = page_setup("Samenwerking")
st.markdown("Het doel van Programma SAMEN: **een betere manier van samenwerken tussen bewonersinitiatieven, "
            "gemeenten en fondsen**. Bewoners, gemeente en fonds gaven in drie metingen een score (1–10) op de drie "
            "lessen uit de resultaten.")
voortgang = data.load("samenwerking_voortgang", filters)
scores = data.load("samenwerking_scores", filters)
per_status = data.load("mijlpalen_per_status", filters)
synthetic_notice(bool(voortgang["synthetisch"].any()) or bool(per_status["synthetisch"].any()))

st.header("Drie lessen: relaties, gelijkwaardigheid, sterke bewonersinitiatieven")
laatste = {row.dimensie: row for row in voortgang.itertuples()}
programma = programme_filters()
referentie = {} if programma is None else {
    row.dimensie: row for row in data.load("samenwerking_voortgang", programma).itertuples()}
for col, dimensie in zip(st.columns(len(LESSEN)), LESSEN, strict=True):
    row = laatste.get(dimensie)
    if row is None:
        metric(col, collab_charts.capital(dimensie), "–", help="Geen metingen voor deze selectie.")
    else:
        metric(
            col, collab_charts.capital(dimensie), f"{getal(row.laatste_score, 1)} / 10",
            delta=collab_charts.score_delta(row.verschil, row.eerste_golf, row.laatste_golf),
            help=f"{label(row.laatste_golf)}: bewoners, gemeente en fonds samen, gewogen naar "
                 f"{getal(row.respondenten)} respondenten.",
        )
    if dimensie in referentie:
        programme_reference(f"{getal(referentie[dimensie].laatste_score, 1)} / 10", where=col)
    col.caption(collab_charts.LESSEN_TEKST[dimensie])
st.caption(collab_charts.LESSEN_BRON)

st.header("Van nulmeting naar eindmeting, per respondentgroep")
if scores.empty:
    empty_notice("metingen")
else:
    vega.chart(collab_charts.per_group, scores, width="content")
    downloads(scores, "Samenwerkingsscores")

st.header("Kloof: zien bewoners, gemeente en fonds hetzelfde?")
kloof = data.load("samenwerking_kloof", filters)
if kloof.empty:
    empty_notice("metingen om bewoners, gemeente en fonds te vergelijken")
else:
    st.markdown(collab_charts.gap_sentence(kloof))
    vega.chart(collab_charts.gap_chart, scores, width="content")
    st.caption("Elke stip is het gemiddelde van een groep; hoe langer de lijn, hoe meer de groepen verschillen. "
               "Het getal rechts is de kloof: hoogste min laagste score.")
    with st.expander("Kloof als tabel"):
        st.table(collab_charts.gap_table(kloof), hide_index=True)
    downloads(kloof, "Kloof")

st.header("Mijlpalen per proeftuin")
mijlpalen = data.load("mijlpalen", filters)
if mijlpalen.empty:
    empty_notice("mijlpalen")
else:
    aantallen = dict(zip(per_status["status"], per_status["aantal"], strict=True))
    for col, status in zip(st.columns(len(collab_charts.STATUS_VOLGORDE)), collab_charts.STATUS_VOLGORDE, strict=True):
        metric(col, mijlpaal_label(status), getal(aantallen.get(status, 0)))
    vega.chart(collab_charts.milestone_bars, mijlpalen)
    st.table(collab_charts.milestone_overview(mijlpalen), hide_index=True)
    downloads(mijlpalen, "Mijlpalen")
