"""Samenwerking: progress against the goal 'better collaboration' per dimension and respondent group,
the gap between how bewoners, gemeente and fonds see it, and milestones per proeftuin."""
import streamlit as st

from samen_data.demo_facts import LESSEN
from samen_data.vocab import label
from samen_ui import collab_charts, data
from samen_ui.fmt import getal
from samen_ui.setup import empty_notice, page_setup, synthetic_notice

filters = page_setup("Samenwerking")
st.markdown("Doel van het programma: **een betere manier van samenwerken tussen bewonersinitiatieven, gemeenten "
            "en fondsen**. De drie lessen uit de resultaten: " + ", ".join(f"*{les}*" for les in LESSEN) + ".")
per_dimensie = data.load("samenwerking_per_dimensie", filters)
scores = data.load("samenwerking_scores", filters)
mijlpalen = data.load("mijlpalen", filters)
synthetic_notice(bool(scores["synthetisch"].any()) or bool((mijlpalen["bron"] == "synthetisch").any()))

if per_dimensie.empty:
    empty_notice("metingen")
else:
    golven = list(dict.fromkeys(per_dimensie["golf"]))
    cols = st.columns(len(per_dimensie["dimensie"].unique()))
    for col, (dimensie, rows) in zip(cols, per_dimensie.groupby("dimensie", sort=False), strict=True):
        first, last = rows.iloc[0], rows.iloc[-1]
        col.metric(dimensie.capitalize(), f"{getal(last['score'], 1)} / 10",
                   delta=None if len(rows) == 1 else f"{getal(last['score'] - first['score'], 1)} sinds {label(first['golf']).lower()}",
                   help=f"{label(last['golf'])}, gewogen naar {getal(int(last['respondenten']))} respondenten.", border=True)

    st.subheader("Per dimensie en respondentgroep")
    st.altair_chart(collab_charts.per_group(scores), width="content")

    st.subheader("Kloof: zien bewoners, gemeente en fonds hetzelfde?")
    kloof = data.load("samenwerking_kloof", filters)
    last_wave = kloof[kloof["golf"] == golven[-1]].sort_values("kloof", ascending=False)
    if len(last_wave):
        top = last_wave.iloc[0]
        st.markdown(f"Bij de {label(top['golf']).lower()} is de kloof het grootst bij **{top['dimensie']}**: "
                    f"{getal(top['kloof'], 1)} punt tussen de hoogste en de laagste groep.")
    st.dataframe(collab_charts.gap_table(kloof), hide_index=True, width="stretch")

st.subheader("Mijlpalen")
if mijlpalen.empty:
    empty_notice("mijlpalen")
else:
    st.altair_chart(collab_charts.milestone_bars(mijlpalen), width="stretch")
    st.dataframe(collab_charts.milestone_table(mijlpalen), hide_index=True, width="stretch")
