"""Samenwerking: progress against the goal 'better collaboration' per dimension and respondent group,
the gap between how bewoners, gemeente and fonds see it, and milestones per proeftuin."""

import streamlit as st

from samen_data import queries
from samen_data.demo.facts import LESSEN
from samen_data.store.vocab import label
from samen_ui import data, samenwerking, tables, vega
from samen_ui.downloads import downloads
from samen_ui.fmt import getal
from samen_ui.palette import mijlpaal_label
from samen_ui.setup import empty_notice, page_setup, programme_filters, programme_reference, synthetic_notice
from samen_ui.tiles import metric

filters = page_setup("Samenwerking")
st.markdown(
    "Het doel van Programma SAMEN: **een betere manier van samenwerken tussen bewonersinitiatieven, "
    "gemeenten en fondsen**. Bewoners, gemeente en fonds gaven in drie metingen een score (1–10) op de drie "
    "lessen uit de resultaten."
)
voortgang = data.load(queries.samenwerking_voortgang, filters)
scores = data.load(queries.samenwerking_scores, filters)
per_status = data.load(queries.mijlpalen_per_status, filters)
synthetic_notice(bool(voortgang["synthetisch"].any()) or bool(per_status["synthetisch"].any()))

st.header("Drie lessen: relaties, gelijkwaardigheid, sterke bewonersinitiatieven")
laatste = {row.dimensie: row for row in voortgang.itertuples()}
programma = programme_filters()
referentie = (
    {}
    if programma is None
    else {row.dimensie: row for row in data.load(queries.samenwerking_voortgang, programma).itertuples()}
)
for col, dimensie in zip(st.columns(len(LESSEN)), LESSEN, strict=True):
    row = laatste.get(dimensie)
    if row is None:
        metric(col, samenwerking.capital(dimensie), "–", help="Geen metingen voor deze selectie.")
    else:
        metric(
            col,
            samenwerking.capital(dimensie),
            f"{getal(row.laatste_score, 1)} / 10",
            delta=samenwerking.score_delta(row.verschil, row.eerste_golf, row.laatste_golf),
            help=f"{label(row.laatste_golf)}: bewoners, gemeente en fonds samen, gewogen naar "
            f"{getal(row.respondenten)} respondenten.",
        )
    if dimensie in referentie:
        programme_reference(f"{getal(referentie[dimensie].laatste_score, 1)} / 10", where=col)
    col.caption(samenwerking.LESSEN_TEKST[dimensie])
st.caption(samenwerking.LESSEN_BRON)

st.header("Van nulmeting naar eindmeting, per respondentgroep")
if scores.empty:
    empty_notice("metingen")
else:
    vega.chart(samenwerking.per_group, scores, width="content", key=("samenwerking_scores", filters))
    downloads(scores, "Samenwerkingsscores")

st.header("Kloof: zien bewoners, gemeente en fonds hetzelfde?")
kloof = data.load(queries.samenwerking_kloof, filters)
if kloof.empty:
    empty_notice("metingen om bewoners, gemeente en fonds te vergelijken")
else:
    st.markdown(samenwerking.gap_sentence(kloof))
    vega.chart(samenwerking.gap_chart, scores, width="content", key=("samenwerking_scores", filters))
    st.caption(
        "Elke stip is het gemiddelde van een groep; hoe langer de lijn, hoe meer de groepen verschillen. "
        "Het getal rechts is de kloof: hoogste min laagste score."
    )
    with st.expander("Kloof als tabel"):
        st.table(samenwerking.gap_table(kloof), hide_index=True)
    downloads(kloof, "Kloof")

st.header("Mijlpalen per proeftuin")
mijlpalen = data.load(queries.mijlpalen, filters)
if mijlpalen.empty:
    empty_notice("mijlpalen")
else:
    aantallen = dict(zip(per_status["status"], per_status["aantal"], strict=True))
    for col, status in zip(st.columns(len(samenwerking.STATUS_VOLGORDE)), samenwerking.STATUS_VOLGORDE, strict=True):
        metric(col, mijlpaal_label(status), getal(aantallen.get(status, 0)))
    vega.chart(samenwerking.milestone_bars, mijlpalen, key=("mijlpalen", filters))
    if note := samenwerking.milestone_bars_note(mijlpalen):
        st.caption(note)
    if len(mijlpalen) <= samenwerking.STATIC_ROWS:  # a short list: static, each participant named once
        st.table(samenwerking.milestone_overview(mijlpalen), hide_index=True)
    else:
        tables.show(samenwerking.milestone_table(mijlpalen))
    downloads(mijlpalen, "Mijlpalen")
