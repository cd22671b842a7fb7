"""Presentation mode: the slides of samen_data.report full screen on a projector (1280×720 up to 1920×1080),
one message per slide, nothing on screen but the slide and a small bar at the bottom that fades out while mouse
and keys rest: previous/next (buttons and arrow keys), the slide number, and three small menus (Filter:
programme, gemeente and "alleen toegezegde bedragen"; Instellingen: auto-advance and the sidebar; Downloaden: PDF
and PowerPoint of the same view).

Only the slide on screen is built, cached per slide, filters, scope and data version (samen_ui.data): the slide
list needs one query, and paging reruns only the slide's fragment."""

from __future__ import annotations

import html
import time
from dataclasses import dataclass, replace
from typing import Any

import streamlit as st

from samen_data import queries
from samen_data.figures.onderbouwing import figuur
from samen_data.filters import Filters
from samen_data.formatting.fmt import n_items
from samen_data.report import slides as report
from samen_ui import data, tiles
from samen_ui.downloads import button as file_button
from samen_ui.safe_text import plain, plain_table
from samen_ui.setup import ALLE, scope_line, synthetic_notice

NR, AUTO, SECONDS, LAST, SHOW_FILTERS = "pres_nr", "pres_auto", "pres_seconden", "pres_laatst", "pres_filters"
ALLEEN = "pres_alleen_toegezegd"
ONDERBOUWING = "pres_onderbouwing"  # the bar's Onderbouwing popover: open or not
Q_PROGRAMMA, Q_GEMEENTE = "pres_q_programma", "pres_q_gemeente"
# No sidebar, no Streamlit header: only the slide (and the bar) on the projector.
_FULL_SCREEN = """<style>
[data-testid="stSidebar"],[data-testid="stSidebarCollapsedControl"],header[data-testid="stHeader"]{display:none}
</style>"""
# Type scales with the window's height (vh), so one slide fits 1280×720 and fills 1920×1080 readably from the
# back of the room. The page's h1 and its scope line stay for screen readers (visually hidden); each slide's
# title and scope line are the visible ones. Metric values wrap instead of ending in "…".
_SR_ONLY = "position:absolute;top:0;left:0;margin:0;padding:0;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap"
_LARGE = f"""<style>
.block-container{{max-width:100%;padding:0.8rem 2.5rem 4.2rem 2.5rem}}
.block-container [data-testid="stVerticalBlock"]{{gap:0.55rem}}
.block-container h1{{{_SR_ONLY}}}
[data-testid="stElementContainer"]:has(h1),[data-testid="stElementContainer"]:has(h1) + [data-testid="stElementContainer"]{{{_SR_ONLY}}}
[data-testid="stElementContainer"]:has(style),[data-testid="stElementContainer"]:has(script),
[data-testid="stLayoutWrapper"]:has(> .st-key-pres-menu),[data-testid="stLayoutWrapper"]:has(> .st-key-pres-balk){{position:absolute}}
.block-container [data-testid="stAlert"] p{{font-size:clamp(0.8rem,1.8vh,1.1rem)}}
.block-container [data-testid="stAlertContainer"]{{padding:0.35rem 0.8rem}}
.block-container h2{{font-size:clamp(1.6rem,5vh,3rem);padding:0 0 0.2rem 0;line-height:1.15}}
.block-container p,.block-container li,.block-container label,.block-container button{{font-size:clamp(0.95rem,2.3vh,1.45rem)}}
p.boodschap{{font-size:clamp(1.05rem,3vh,2rem);line-height:1.3;font-weight:600;margin:0}}
[data-testid="stMetric"]{{padding:0.4rem 0.7rem}}
[data-testid="stMetricValue"],[data-testid="stMetricValue"] *{{font-size:clamp(1.3rem,4.4vh,3rem) !important;
  font-weight:700;white-space:normal !important;overflow:visible !important;text-overflow:clip !important;line-height:1.15}}
[class*="st-key-cijfer-lang"] [data-testid="stMetricValue"],[class*="st-key-cijfer-lang"] [data-testid="stMetricValue"] *{{
  font-size:clamp(1.05rem,3vh,2rem) !important}}
[data-testid="stMetricLabel"],[data-testid="stMetricLabel"] *{{white-space:normal !important;overflow:visible !important;
  text-overflow:clip !important}}
[data-testid="stMetricLabel"] p{{font-size:clamp(0.9rem,2.1vh,1.45rem)}}
.block-container kbd{{color:#1a1a1a;opacity:1}}
[data-testid="stTable"] td,[data-testid="stTable"] th{{font-size:clamp(0.85rem,2vh,1.3rem);padding:0.15rem 0.5rem}}
.st-key-pres-balk,.st-key-pres-menu{{position:fixed;bottom:0;z-index:999990;background:#ffffffee;padding:0.3rem 0.8rem;
  border-top:1px solid #d0d0d0;width:auto}}
.st-key-pres-balk{{left:0}}
.st-key-pres-balk [data-testid="stMarkdownContainer"] p{{margin:0}}
[data-testid="stMetricDelta"],[data-testid="stMetricDelta"] *{{color:#333 !important;white-space:normal !important;
  overflow:visible !important;text-overflow:clip !important;font-size:clamp(0.8rem,1.9vh,1.2rem)}}
.st-key-pres-menu{{right:0}}
.st-key-pres-balk,.st-key-pres-menu{{transition:opacity 0.4s}}
html:not(.pres-wakker) .st-key-pres-balk:not(:hover):not(:has(:focus-visible)),
html:not(.pres-wakker) .st-key-pres-menu:not(:hover):not(:has(:focus-visible)){{opacity:0}}
@media (prefers-reduced-motion:reduce){{.st-key-pres-balk,.st-key-pres-menu{{transition:none}}}}
.st-key-pres-balk p,.st-key-pres-balk button,.st-key-pres-menu p,.st-key-pres-menu button{{font-size:0.95rem !important}}
.st-key-pres-balk button,.st-key-pres-menu button{{min-height:2rem;padding:0.1rem 0.7rem}}
.st-key-dia-grafiek,.st-key-dia-grafiek [data-testid="stElementContainer"],.st-key-dia-grafiek [data-testid="stFullScreenFrame"]{{
  height:var(--dia-grafiek,40vh) !important;min-height:0 !important}}
.st-key-dia-kaart,.st-key-dia-kaart [data-testid="stElementContainer"],.st-key-dia-kaart [data-testid="stFullScreenFrame"]{{
  height:calc(100vh - 15rem) !important;min-height:0 !important}}
</style>"""
IDLE_MS = 3000  # the bars fade out after this long without a mouse move, a touch or a key
# The bars show while the presenter moves the mouse, touches the screen or presses a key (and while the pointer or
# the keyboard focus is in them); then they fade out, so the room sees only the slide. The buttons stay where they
# are (opacity, not display): a click or an arrow key works at any time. Installed once per browser tab.
_WAKE = f"""<script>(() => {{ if (window.__samenWakker) return; window.__samenWakker = true;
  const root = document.documentElement; let timer;
  const wake = () => {{ root.classList.add('pres-wakker'); clearTimeout(timer);
    timer = setTimeout(() => root.classList.remove('pres-wakker'), {IDLE_MS}); }};
  for (const e of ['mousemove', 'mousedown', 'keydown', 'touchstart', 'focusin']) addEventListener(e, wake, {{passive: true}});
  wake(); }})();</script>"""
MAP_ROWS, TABLE_ROWS = 7, 6  # table rows that fit beside the map and under two rows of tiles at 1280×720
LONG_VALUE = 14  # characters: a longer tile value ('1 : 1,00 (✔ 1:1 gematcht · …)') gets the smaller type


@dataclass(frozen=True)
class Built:
    """One slide as the page draws it: the chart as a Vega-Lite dict (altair's validation and copies done once)."""

    slide: report.Slide
    spec: dict | None
    selectie: str


def alleen_toegezegd() -> bool:
    return bool(st.session_state.get(ALLEEN, False))


def layout(show_filters: bool) -> None:
    st.markdown(_LARGE, unsafe_allow_html=True)  # static CSS only, never data
    st.html(_WAKE, unsafe_allow_javascript=True)  # static script only, never data
    if not show_filters:
        st.markdown(_FULL_SCREEN, unsafe_allow_html=True)


def deck_titel(filters: Filters) -> str:
    return report.deck_titel(data.load, filters)


def slide_keys(filters: Filters) -> list[str]:
    """The deck's slides in order, from one cached query: no slide is built to count them. The first slide's
    figures are read at the same time while it is on screen (a presentation opens on it)."""
    first = st.session_state.get(NR, 0) == 0
    data.prefetch((queries.cofinanciering_per_deelnemer, filters), *([(queries.kerncijfers, filters)] if first else []))
    return report.slide_keys(data.load, filters)


@st.cache_data(ttl=data.TTL_SECONDS, max_entries=data.MAX_ENTRIES, show_spinner="Dia maken…")
def _built(key: str, scope: Any, filters: Filters, alleen: bool, versie: int) -> Built:
    # scope and versie only key the cache: data.load reads the same ones from this run's session state.
    data.prefetch(*report.slide_reads(filters, key))  # a proeftuin's queries at once; slide() then takes them
    s = report.slide(data.load, filters, key, alleen)
    spec = s.chart.to_dict() if s.chart is not None else None
    return Built(replace(s, chart=None), spec, report.slide_selectie(data.load, filters, s))


def built(key: str, filters: Filters) -> Built:
    return _built(key, data.scope(), filters, alleen_toegezegd(), st.session_state.get(data.VERSION_KEY, 0))


def _go(n: int, total: int) -> None:
    st.session_state[NR] = n % total if total else 0
    st.session_state[LAST] = time.monotonic()


def show(filters: Filters, keys: list[str], titel: str, auto: bool, seconds: int) -> None:
    """The current slide with its navigation; a fragment, so paging and auto-advance rerun only this part.
    Previous and next wrap around (a loop in the hall), so no button is ever greyed out."""

    @st.fragment(run_every=seconds if auto else None)
    def _slide() -> None:
        data.refresh_version()  # a fragment rerun skips page_setup(): read the data version here
        total = len(keys)
        st.session_state.setdefault(LAST, time.monotonic())
        nr = min(st.session_state.get(NR, 0), total - 1)
        if auto and time.monotonic() - st.session_state[LAST] >= seconds - 0.5:
            _go(nr + 1, total)
            nr = st.session_state[NR]
        b = built(keys[nr], filters)
        draw(b, report.titel_van(titel, b.slide, nr))
        with st.container(key="pres-balk", horizontal=True, vertical_alignment="center", gap="small"):
            st.button("◀ Vorige", on_click=_go, args=(nr - 1, total), shortcut="Left")
            st.button("Volgende ▶", on_click=_go, args=(nr + 1, total), shortcut="Right", type="primary")
            st.button("Begin", on_click=_go, args=(0, total), shortcut="Home")
            st.markdown(f"**Dia {nr + 1} van {total}**")
            text_alternative(b)
            onderbouwing(b, filters)

    _slide()


def draw(b: Built, titel: str) -> None:
    s = b.slide
    synthetic_notice(s.synthetisch)
    st.header(plain(titel), anchor=False)  # names as text
    scope_line(b.selectie)
    st.markdown(f'<p class="boodschap">{html.escape(s.boodschap)}</p>', unsafe_allow_html=True)
    if s.cijfers:
        per_row = _per_row(s)
        for start in range(0, len(s.cijfers), per_row):
            row = s.cijfers[start : start + per_row]
            for i, (col, (label, value)) in enumerate(zip(st.columns(per_row), row, strict=False)):
                value, under = _split(value)
                kind = "cijfer-lang" if len(value) > LONG_VALUE else "cijfer"
                with col.container(key=f"{kind}-{start + i}"):  # a label may name a dimension from the data
                    st.metric(plain(label), value, under, delta_color="off", delta_arrow="off", border=True)
    has_table = s.tabel is not None and len(s.tabel)
    if b.spec is not None and has_table and not s.cijfers:  # the map beside its table
        left, right = st.columns([5, 4])
        with left:
            _chart(_legend_in_two_columns(b.spec), "dia-kaart")
        with right:  # the description is in the bar (text_alternative): at national scale it would not fit
            _table(s.tabel, MAP_ROWS, ("gemeente", "gemeenten"))
    elif b.spec is not None:
        # The chart takes the height the tiles above it leave (in vh, so the same on every screen size).
        rows = -(-len(s.cijfers) // _per_row(s))
        tall = any(" (" in value for _, value in s.cijfers)
        room = 64 - 12 * rows - (10 if tall else 0)
        natural = int(b.spec.get("height", 400)) + 140  # a chart of one or two bars needs no half screen
        st.markdown(
            f"<style>:root{{--dia-grafiek:min({room}vh,{natural}px)}}</style>", unsafe_allow_html=True
        )  # numbers only, never data
        _chart(_projector_legend(b.spec), "dia-grafiek")
    elif has_table:
        _table(s.tabel, TABLE_ROWS, ("rij", "rijen"))


def _table(df, rows: int, what: tuple[str, str]) -> None:
    """At most `rows` rows on the slide (a national selection has hundreds); the rest is in the PDF and PowerPoint."""
    st.table(plain_table(df.head(rows)), hide_index=True)
    if len(df) > rows:
        st.caption(f"En nog {n_items(len(df) - rows, *what)}; ze staan allemaal in de PDF en de PowerPoint.")


def onderbouwing(b: Built, filters: Filters) -> None:
    """The rows behind the slide's tiles, in the bar (off the projected slide): one tile at a time, chosen in the
    popover, in the slide's own scope. Its rows are read only while the popover is open."""
    figs = {label: fig for label, _ in b.slide.cijfers if (fig := figuur(label)) is not None and fig.rijen is not None}
    if not figs:
        return
    pop = st.popover(
        "Onderbouwing",
        icon=":material/info:",
        key=ONDERBOUWING,
        on_change="rerun",
        help="Hoe de cijfers op deze dia gerekend zijn, en uit welke rijen",
    )
    if not pop.open:
        return
    with pop:
        label = st.selectbox("Cijfer op deze dia", list(figs), key=f"{ONDERBOUWING}_{b.slide.key}")
        tiles.onderbouwing(label, figs[label], report.slide_filters(filters, b.slide))


def text_alternative(b: Built) -> None:
    """A chart's description and data, in the bar (a popover): on hand for a screen reader, off the projector."""
    s = b.slide
    if b.spec is None:
        return
    with st.popover("Grafiek als tekst en tabel", icon=":material/table:"):
        st.markdown(plain(s.beschrijving))
        if s.tabel is not None and len(s.tabel):
            st.table(plain_table(s.tabel), hide_index=True)


def _split(value: str) -> tuple[str, str | None]:
    """'€ 534.000 (nog € 96.000 toe te zeggen)' -> the value and its small line (samen_data.report.secties.tegel_cijfers)."""
    if value.endswith(")") and " (" in value:
        main, under = value.split(" (", 1)
        return main, under[:-1]
    return value, None


def _projector_legend(spec: dict) -> dict:
    """Legend on the right and type a little smaller than in the PDF: on a 720 px screen the plot keeps its room."""
    config = dict(spec.get("config", {}))
    config["legend"] = {
        **config.get("legend", {}),
        "orient": "right",
        "columns": 1,
        "labelFontSize": 17,
        "titleFontSize": 17,
        "symbolSize": 160,
    }
    config["axis"] = {**config.get("axis", {}), "labelFontSize": 17, "titleFontSize": 17}
    return {**spec, "config": config}


MAP_NAMES = 60  # names beside the dots up to this many gemeenten (as on Kaart); beyond, they only cover each other


def _legend_in_two_columns(spec: dict) -> dict:
    """The map's legend in two columns under it: four do not fit half a 1280 px slide ('✖ Inget…'); no names
    layer (the last) when there are more gemeenten than can be read."""
    config = dict(spec.get("config", {}))
    config["legend"] = {**config.get("legend", {}), "columns": 2, "labelFontSize": 18, "titleFontSize": 18}
    layers = spec.get("layer", [])
    names = layers[-1] if layers else {}
    rows = spec.get("datasets", {}).get(names.get("data", {}).get("name", ""), [])
    if len(rows) > MAP_NAMES:
        layers = layers[:-1]
    return {**spec, "config": config, **({"layer": layers} if layers else {})}


def _per_row(s: report.Slide) -> int:
    return 5 if len(s.cijfers) == 5 else 4  # five money tiles in one row, the rest in rows of four


def _chart(spec: dict, key: str) -> None:
    """The chart fills the room its container has on this screen (CSS in vh), whatever the spec's own size."""
    spec = {**spec, "autosize": {"type": "fit", "contains": "padding"}}
    spec.pop("height", None)
    spec.pop("width", None)
    with st.container(key=key):
        st.vega_lite_chart(spec, width="stretch", height="stretch", theme=None)  # keep the projector type sizes


def quick_filter(filters: Filters) -> None:
    """Programme and gemeente without the sidebar, and the public-meeting option; they set the sidebar's own
    filters (the same selection on every page)."""
    programmas = data.load(queries.programmas)
    names = dict(zip(programmas["code"], programmas["naam"], strict=True))
    if filters.programma in names:
        st.session_state[Q_PROGRAMMA] = filters.programma
        st.selectbox(
            "Programma",
            list(names),
            format_func=names.get,
            key=Q_PROGRAMMA,
            placeholder="Kies een programma",
            on_change=_copy,
            args=(Q_PROGRAMMA, "f_programma"),
        )
    gemeenten = data.load(queries.gemeenten_met_deelnemers, None, filters.programma)
    known = dict(zip(gemeenten["cbs_code"], gemeenten["naam"], strict=True))
    scope = data.scope()
    own = scope.gemeente if scope.rol == "gemeente" else None
    options = [own, ALLE] if own else [ALLE, *known]
    current = st.session_state.get("f_gemeente", ALLE)
    if current in options:
        st.session_state[Q_GEMEENTE] = current
        all_label = "Heel het programma (totalen)" if own else "Alle gemeenten"
        st.selectbox(
            "Gemeente",
            options,
            key=Q_GEMEENTE,
            placeholder="Kies een gemeente",
            on_change=_copy,
            args=(Q_GEMEENTE, "f_gemeente"),
            format_func=lambda c: all_label if c == ALLE else known.get(c, c),
        )
    st.toggle(
        "Alleen toegezegde bedragen",
        key=ALLEEN,
        help="Laat beoogde en ingetrokken toezeggingen weg, bijvoorbeeld in een openbare bijeenkomst.",
    )


def _copy(source: str, target: str) -> None:
    st.session_state[target] = st.session_state[source]
    st.session_state[NR] = 0  # another selection: start at its first slide


def menus(filters: Filters, total: int) -> tuple[bool, int]:
    """The small menus at the bottom right: Filter, Instellingen, Downloaden; closed, they show only their names."""
    with st.container(key="pres-menu", horizontal=True, vertical_alignment="center", gap="small"):
        with st.popover("Filter", icon=":material/filter_alt:"):
            quick_filter(filters)
        with st.popover("Instellingen", icon=":material/settings:"):
            auto = st.toggle("Automatisch door", key=AUTO, help="Na het gekozen aantal seconden de volgende dia.")
            # Never disabled: a greyed-out label fails the contrast norm, and choosing the pace first is handy.
            seconds = st.select_slider("Seconden per dia", [10, 15, 20, 30, 45, 60], value=20, key=SECONDS)
            st.toggle("Filters tonen", key=SHOW_FILTERS, help="Toon de zijbalk om de selectie te wijzigen.")
            dias = n_items(total, "dia", "dia's")
            st.markdown(f"{dias} · pijltjestoetsen ← → bladeren, Home = eerste dia")
        with st.popover("Downloaden", icon=":material/download:"):
            downloads(filters)
    return auto, seconds


def downloads(filters: Filters) -> None:
    """The whole deck for this view as PDF (report and factsheets, or one gemeente's factsheet) and PowerPoint;
    built only on a click, from the database as the account may read it then (file_button re-checks it). The PDF
    and PowerPoint libraries are imported on that click too: importing them took 0,6 s of the page's first run."""
    engine, alleen = data.engine(), alleen_toegezegd()

    def deck(scope) -> report.Deck:
        return report.build(report.engine_loader(engine, scope), filters, alleen_toegezegd=alleen)

    def pdf(scope) -> bytes:  # with the loader: the overview's trend and each factsheet's two charts
        from samen_data.report.pdf import build_pdf

        return build_pdf(
            deck(scope), gemeente=filters.gemeente, load=report.engine_loader(engine, scope), filters=filters
        )

    def pptx(scope) -> bytes:
        from samen_data.report.deck import build_pptx

        return build_pptx(deck(scope))

    name = f"samen-{filters.gemeente or filters.programma or 'alle'}".lower()
    file_button(
        st,
        "PDF-rapport downloaden",
        pdf,
        file_name=f"{name}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        width="stretch",
    )
    file_button(
        st,
        "PowerPoint downloaden",
        pptx,
        file_name=f"{name}.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        icon=":material/slideshow:",
        width="stretch",
    )
