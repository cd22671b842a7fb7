"""Presentation mode: the slides of samen_data.report full screen, large type, one message per slide, with
previous/next (buttons and arrow keys), an optional auto-advance and the PDF and PowerPoint of the same view."""
from __future__ import annotations

import html
import time

import streamlit as st

from samen_data.filters import Filters
from samen_data.report import slides as report

from . import data
from .downloads import button as file_button
from .safe_text import plain, plain_table
from .setup import scope_line, synthetic_notice

NR, AUTO, SECONDS, LAST, SHOW_FILTERS = "pres_nr", "pres_auto", "pres_seconden", "pres_laatst", "pres_filters"
# No sidebar, no Streamlit header, large type: readable on a 1920×1080 projector from the back of the room.
# The page's own h1 stays for screen readers (visually hidden); each slide's title is the visible heading.
_FULL_SCREEN = """<style>
[data-testid="stSidebar"],[data-testid="stSidebarCollapsedControl"],header[data-testid="stHeader"]{display:none}
</style>"""
_LARGE = """<style>
.block-container{max-width:100%;padding:1.2rem 3rem 1rem 3rem}
.block-container h1{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.block-container h2{font-size:3rem;padding:0.2rem 0 0.6rem 0}
.block-container p,.block-container li,.block-container label,.block-container button{font-size:1.45rem}
p.boodschap{font-size:2rem;line-height:1.3;font-weight:600}
[data-testid="stMetricValue"],[data-testid="stMetricValue"] *{font-size:3rem !important;font-weight:700}
[data-testid="stMetricLabel"] p{font-size:1.45rem}
.block-container kbd{color:#1a1a1a;opacity:1}
[data-testid="stTable"] td,[data-testid="stTable"] th{font-size:1.3rem}
</style>"""


def deck(filters: Filters) -> report.Deck:
    """The slides for the current filters, built through the app's cached queries."""
    return report.build(data.load, filters)


def layout(show_filters: bool) -> None:
    st.markdown(_LARGE, unsafe_allow_html=True)  # static CSS only, never data
    if not show_filters:
        st.markdown(_FULL_SCREEN, unsafe_allow_html=True)


def _go(n: int, total: int) -> None:
    st.session_state[NR] = n % total if total else 0
    st.session_state[LAST] = time.monotonic()


def controls(total: int) -> tuple[bool, int]:
    """Settings below the slides: auto-advance and its interval, and the filter sidebar on request."""
    cols = st.columns([2, 2, 2, 3])
    auto = cols[0].toggle("Automatisch door", key=AUTO, help="Na het gekozen aantal seconden de volgende dia.")
    # Never disabled: a greyed-out label fails the contrast norm, and choosing the pace first is handy.
    seconds = cols[1].select_slider("Seconden per dia", [10, 15, 20, 30, 45, 60], value=20, key=SECONDS)
    cols[2].toggle("Filters tonen", key=SHOW_FILTERS, help="Toon de zijbalk om de selectie te wijzigen.")
    cols[3].markdown(f"{total} dia's · pijltjestoetsen ← → bladeren, Home = eerste dia")
    return auto, seconds


def show(d: report.Deck, auto: bool, seconds: int) -> None:
    """The current slide with its navigation; a fragment, so auto-advance reruns only this part. Previous and
    next wrap around (a loop in the hall), so no button is ever greyed out."""
    @st.fragment(run_every=seconds if auto else None)
    def _slide() -> None:
        total = len(d.slides)
        st.session_state.setdefault(LAST, time.monotonic())
        nr = min(st.session_state.get(NR, 0), total - 1)
        if auto and time.monotonic() - st.session_state[LAST] >= seconds - 0.5:
            _go(nr + 1, total)
            nr = st.session_state[NR]
        draw(d, d.slides[nr], nr)
        nav = st.columns([1.2, 1.2, 1, 4], vertical_alignment="center")
        nav[0].button("◀ Vorige", on_click=_go, args=(nr - 1, total), shortcut="Left", width="stretch")
        nav[1].button("Volgende ▶", on_click=_go, args=(nr + 1, total), shortcut="Right", type="primary",
                      width="stretch")
        nav[2].button("Begin", on_click=_go, args=(0, total), shortcut="Home", width="stretch")
        nav[3].markdown(f"**Dia {nr + 1} van {total}**")
    _slide()


def draw(d: report.Deck, s: report.Slide, nr: int) -> None:
    synthetic_notice(s.synthetisch)
    st.header(plain(s.titel if nr else f"{d.titel}: {s.titel.lower()}"), anchor=False)  # names as text
    scope_line(d.selectie_van(s))
    st.markdown(f'<p class="boodschap">{html.escape(s.boodschap)}</p>', unsafe_allow_html=True)
    if s.cijfers:
        for start in range(0, len(s.cijfers), 4):
            for col, (label, value) in zip(st.columns(4), s.cijfers[start:start + 4], strict=False):
                col.metric(plain(label), value, border=True)  # a label may name a dimension from the data
    has_table = s.tabel is not None and len(s.tabel)
    if s.chart is not None and has_table and not s.cijfers:  # the map beside its table
        left, right = st.columns([5, 4])
        left.altair_chart(s.chart, width="content", theme=None)  # keep the projector type sizes
        right.table(plain_table(s.tabel), hide_index=True)
        right.markdown(plain(s.beschrijving))
    elif s.chart is not None:
        st.altair_chart(s.chart, width="stretch", theme=None)
        with st.expander("Grafiek als tekst en tabel"):
            st.markdown(plain(s.beschrijving))
            if has_table:
                st.table(plain_table(s.tabel), hide_index=True)
    elif has_table:
        st.table(plain_table(s.tabel), hide_index=True)


def downloads(d: report.Deck, filters: Filters) -> None:
    """The same view as PDF (report and factsheets, or one gemeente's factsheet) and as PowerPoint; built only on
    a click (a callable), so the slides stay quick."""
    from samen_data.report.deck import build_pptx
    from samen_data.report.pdf import build_pdf

    name = f"samen-{filters.gemeente or filters.programma or 'alle'}".lower()
    cols = st.columns(2)
    # The slides were drawn for this scope; file_button refuses when the account is no longer so.
    file_button(cols[0], "PDF-rapport downloaden", lambda _scope: build_pdf(d, gemeente=filters.gemeente),
                file_name=f"{name}.pdf", mime="application/pdf", icon=":material/picture_as_pdf:", width="stretch")
    file_button(
        cols[1], "PowerPoint downloaden", lambda _scope: build_pptx(d), file_name=f"{name}.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        icon=":material/slideshow:", width="stretch")
