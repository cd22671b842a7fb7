"""PDF of the current filtered view (fpdf2): a programme report (one page per section) followed by a one-page
factsheet per gemeente with a funded participant; or, for one gemeente, its factsheet alone.

The overview page holds the tiles, the match per gemeente and the payments over time; a factsheet its tiles, its
commitments and its two key charts (funds beside the gemeente, collaboration per measurement). Headings are tagged
sections with a document outline (bookmarks). A table's columns are at least as wide as their longest word, so no
name breaks mid-word.

Liberation Sans is embedded (data/fonts) because PDF's built-in fonts have no Unicode: '€', '–', 'ö', '▲'.
Every page carries the date, the data's source and, where demo rows are shown, the synthetic-data notice."""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import vl_convert as vlc
from fpdf import FPDF
from fpdf.fonts import FontFace, TextStyle

from samen_data import queries
from samen_data.filters import Filters
from samen_data.formatting.fmt import datum
from samen_data.report import charts
from samen_data.report.slides import DEMODATA, Deck, Loader, Slide
from samen_data.store.db import DATA_DIR

FONT_DIR = DATA_DIR / "fonts"
FONT = "Liberation"
INK, MUTED, NOTICE_BG = (20, 20, 20), (70, 70, 70), (255, 243, 205)
CHART_SCALE = 2  # PNG at twice the CSS size: sharp when printed


def chart_png(chart) -> bytes:
    """Render an altair chart offline (no browser, no network) with vl-convert. The spec holds its data, so the
    same spec is the same picture: a report for a second role or a PPTX after the PDF renders it once (0,12 s a
    chart, half of a report's time)."""
    return _png(json.dumps(chart.to_dict(), sort_keys=True, default=str))


@lru_cache(maxsize=64)  # bounded: a report has about 20 charts
def _png(spec: str) -> bytes:
    return vlc.vegalite_to_png(json.loads(spec), scale=CHART_SCALE)


class _Report(FPDF):
    def __init__(self, deck: Deck) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.deck = deck
        self.add_font(FONT, "", str(FONT_DIR / "LiberationSans-Regular.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "LiberationSans-Bold.ttf"))
        self.add_font("Symbolen", "", str(FONT_DIR / "SamenSymbolen.ttf"))  # ✔ ✖ ▶: not in Liberation
        self.set_fallback_fonts(["Symbolen"], exact_match=False)
        self.set_font(FONT, size=10)
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=24)
        self.set_lang("nl-NL")
        self.set_title(f"{deck.titel}: rapportage")
        self.set_author("SAMEN-dashboard")
        self.set_creation_date(dt.datetime.combine(deck.gemaakt, dt.time(), tzinfo=dt.UTC))
        self.page_synthetic = deck.synthetisch
        # Tagged headings: start_section() draws them as structure elements and adds them to the outline.
        self.set_section_title_styles(
            TextStyle(FONT, "B", 22, INK, t_margin=0, l_margin=0, b_margin=3),
            TextStyle(FONT, "B", 17, INK, t_margin=0, l_margin=0, b_margin=2),
        )

    def footer(self) -> None:
        self.set_y(-20)
        self.set_font(FONT, size=8)
        self.set_text_color(*MUTED)
        self.multi_cell(
            0, 3.6, align="L", text=f"{self.deck.voetregel()} · pagina {self.page_no()}", new_x="LMARGIN", new_y="NEXT"
        )
        if self.page_synthetic:
            self.multi_cell(0, 3.6, DEMODATA, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*INK)

    def heading(self, text: str, level: int = 1) -> None:
        self.start_section(text, level=level)
        self.ln(1)
        self.set_font(FONT, size=10)

    def subheading(self, text: str) -> None:
        self.set_font(FONT, "B", 12)
        self.multi_cell(0, 6, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, size=10)

    def paragraph(self, text: str, size: int = 11, bold: bool = False) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.multi_cell(0, size * 0.48, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)
        self.set_font(FONT, size=10)

    def notice(self) -> None:
        self.set_fill_color(*NOTICE_BG)
        self.set_font(FONT, size=10)
        self.multi_cell(0, 5, DEMODATA, align="L", fill=True, padding=2, new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def figures(self, cijfers: tuple[tuple[str, str], ...], columns: int = 4) -> None:
        """Big figures in a grid of boxes, label above value, as the metrics on screen."""
        width = (self.epw - (columns - 1) * 3) / columns
        for start in range(0, len(cijfers), columns):
            row = [(lab, _glued(value)) for lab, value in cijfers[start : start + columns]]
            sizes = [
                (self.fitting(lab, width - 4, 8.5), self.fitting(value, width - 4, 12 if len(value) < 16 else 9.5, "B"))
                for lab, value in row
            ]
            height = 3 + max(
                self._lines(lab, width - 4, ls, "") * 3.8 + self._lines(value, width - 4, vs, "B") * vs * 0.45
                for (lab, value), (ls, vs) in zip(row, sizes, strict=True)
            )
            if self.will_page_break(height + 3):
                self.add_page()
            y, x = self.get_y(), self.l_margin
            for (lab, value), (ls, vs) in zip(row, sizes, strict=True):
                self.rect(x, y, width, height)
                self.set_xy(x + 2, y + 1.5)
                self.set_font(FONT, size=ls)
                self.multi_cell(width - 4, 3.8, lab, align="L", new_x="LEFT", new_y="NEXT")
                self.set_x(x + 2)
                self.set_font(FONT, "B", vs)
                self.multi_cell(width - 4, vs * 0.45, value, align="L", new_x="LEFT", new_y="NEXT")
                x += width + 3
            self.set_xy(self.l_margin, y + height + 3)
        self.set_font(FONT, size=10)

    def _lines(self, text: str, width: float, size: float, style: str) -> int:
        self.set_font(FONT, style, size)
        return len(self.multi_cell(width, 4, text, dry_run=True, output="LINES"))

    def fitting(self, text: str, width: float, size: float, style: str = "") -> float:
        """The font size (down to 6 pt) at which the longest word of `text` fits `width`: no word breaks."""
        longest = max(text.split(" ") or [""], key=len)
        while size > 6:
            self.set_font(FONT, style, size)
            if self.get_string_width(longest) <= width:
                break
            size -= 0.5
        return size

    def chart(self, slide: Slide, max_height: float = 95) -> None:
        self.picture(slide.chart, slide.beschrijving, max_height)

    def picture(
        self, chart, beschrijving: str, max_height: float = 95, width: float | None = None, caption: bool = True
    ) -> None:
        png = chart_png(chart)
        from PIL import Image  # Pillow comes with fpdf2

        w_px, h_px = Image.open(io.BytesIO(png)).size
        width = min(width or self.epw, max_height * w_px / h_px)
        if self.will_page_break(width * h_px / w_px + 12):
            self.add_page()
        self.image(io.BytesIO(png), x=self.l_margin, w=width, alt_text=beschrijving)
        self.ln(1)
        if caption:
            self.set_text_color(*MUTED)
            self.paragraph(beschrijving, size=9)
            self.set_text_color(*INK)

    def column_widths(self, rows: list[list[str]], size: float) -> tuple[float, list[float]]:
        """Widths (mm) with every column at least as wide as its longest word (bold in the header row), the rest
        of the page shared by how much text each column holds; a smaller font where even that does not fit."""
        pad = 2.2  # the cell's padding both sides, and a little air
        while True:
            least, want = [], []
            for i in range(len(rows[0])):
                cells = [r[i] for r in rows]
                self.set_font(FONT, "B", size)
                head = max((self.get_string_width(w) for w in cells[0].split(" ")), default=0)
                self.set_font(FONT, "", size)
                words = max((self.get_string_width(w) for c in cells[1:] for w in c.split(" ")), default=0)
                least.append(max(head, words) + pad)
                want.append(max(self.get_string_width(c) for c in cells) + pad)
            if sum(least) <= self.epw or size <= 6:
                break
            size -= 0.5
        spare = max(0.0, self.epw - sum(least))
        extra = [max(0.0, w - m) for w, m in zip(want, least, strict=True)]
        if sum(extra) <= spare:  # every cell on one line
            return size, [m + e for m, e in zip(least, extra, strict=True)]
        return size, [m + spare * e / sum(extra) for m, e in zip(least, extra, strict=True)]

    def data_table(self, slide: Slide, size: float = 9) -> None:
        df = slide.tabel
        rows = [list(map(str, df.columns))] + [[_glued(str(v)) for v in row] for row in df.itertuples(index=False)]
        size, widths = self.column_widths(rows, size)
        self.set_font(FONT, size=size)
        with self.table(
            headings_style=FontFace(emphasis="BOLD", fill_color=(230, 236, 242)),
            line_height=size * 0.5,
            text_align="LEFT",
            padding=1,
            col_widths=widths,
            width=sum(widths),
            align="LEFT",
        ) as table:
            table.row(list(df.columns))
            for row in df.itertuples(index=False):
                table.row([str(v) for v in row])
        self.ln(3)
        self.set_font(FONT, size=10)


def _glued(text: str) -> str:
    """'€ 141.750' and '1 : 0,80' as one word (no-break spaces): a narrow cell never splits an amount."""
    return text.replace("€ ", "€\u00a0").replace(" : ", "\u00a0:\u00a0")


def _slide_page(pdf: _Report, slide: Slide, kop: str | None = None, level: int = 1) -> None:
    pdf.page_synthetic = slide.synthetisch
    pdf.add_page()
    pdf.heading(kop or slide.titel, level)
    pdf.paragraph(slide.boodschap, size=12, bold=True)
    if slide.cijfers:
        pdf.figures(slide.cijfers)
    if slide.chart is not None:
        pdf.chart(slide, max_height=80 if slide.key.startswith("proeftuin") else 95)
    if slide.tabel is not None and len(slide.tabel):
        if slide.chart is None and slide.beschrijving:
            pdf.paragraph(slide.beschrijving, size=9)
        pdf.data_table(slide, size=8.5 if len(slide.tabel) > 10 else 9)


def _overview_extras(pdf: _Report, deck: Deck, load: Loader | None, f: Filters | None) -> None:
    """Under the overview's tiles: the match per gemeente and the payments over time (from the deck's own
    cofinanciering and samenwerking charts when there is no loader)."""
    by_key = {s.key: s for s in deck.slides}
    match = trend = None
    if load is not None and f is not None:
        per_gemeente = load(queries.cofinanciering_per_gemeente, f)
        funded = per_gemeente[
            per_gemeente[["fonds_toegezegd", "gemeente_toegezegd", "overig_toegezegd"]].astype(float).sum(axis=1) > 0
        ]
        if len(funded):
            match = charts.sized(charts.match_bars(funded), 900, max(200, 44 * len(funded)))
        paid = load(queries.betalingen_cumulatief, f)
        if len(paid):
            trend = charts.sized(charts.paid_trend(paid), 900, 260)
    elif "cofinanciering" in by_key and by_key["cofinanciering"].chart is not None:
        match = by_key["cofinanciering"].chart
    if match is not None:
        pdf.subheading("De match per gemeente")
        pdf.picture(
            match,
            "Staafdiagram: per gemeente het toegezegde bedrag van de fondsen naast dat van de gemeente "
            "(of de eigen of andere middelen); het teken voor de naam is de status.",
            max_height=68,
        )
    if trend is not None:
        pdf.subheading("Betaald over de tijd")
        pdf.picture(trend, "Lijndiagram: wat fondsen en gemeenten cumulatief betaalden, per kant.", max_height=52)


def _factsheet_charts(pdf: _Report, load: Loader, f: Filters, code: str) -> None:
    """A factsheet's two key charts side by side: the funds beside the gemeente, and the collaboration scores."""
    g = replace(f, gemeente=code)
    funding = load(queries.cofinanciering_per_deelnemer, g)
    funded = funding[funding["heeft_toezegging"] & (funding["spoor"] != "kenniskring")]
    scores = load(queries.samenwerking_per_dimensie, g)
    pictures = []
    if len(funded):
        pictures.append(
            (
                charts.sized(charts.match_bars(funded), 560, max(180, 60 * len(funded))),
                "Staafdiagram: toegezegd door de fondsen naast de gemeente (of eigen middelen).",
            )
        )
    if len(scores):
        pictures.append(
            (charts.sized(charts.score_lines(scores), 560, 300), "Lijndiagram: de score (1–10) per les per meting.")
        )
    if not pictures:
        return
    from PIL import Image  # Pillow comes with fpdf2

    width = (pdf.epw - 6) / 2
    pngs = [(chart_png(chart), text) for chart, text in pictures]
    heights = [width * h / w for w, h in (Image.open(io.BytesIO(png)).size for png, _ in pngs)]
    room = pdf.h - pdf.b_margin - pdf.get_y() - 12  # a factsheet stays one page: smaller charts, not a second page
    scale = min(1.0, room / max(heights))
    if scale < 0.4:
        return
    y = pdf.get_y() + 2
    for i, ((png, text), h) in enumerate(zip(pngs, heights, strict=True)):
        pdf.image(io.BytesIO(png), x=pdf.l_margin + i * (width + 6), y=y, w=width * scale, h=h * scale, alt_text=text)
    pdf.set_xy(pdf.l_margin, y + max(heights) * scale + 1)
    pdf.set_text_color(*MUTED)
    pdf.paragraph(" ".join(text for _, text in pictures), size=8)
    pdf.set_text_color(*INK)


def _cover(pdf: _Report, deck: Deck, sections: list[Slide], factsheets: list[Slide]) -> None:
    pdf.add_page()
    pdf.heading(f"{deck.titel}: rapportage", level=0)
    pdf.paragraph(f"Selectie: {deck.selectie}", size=12)
    pdf.paragraph(f"Gemaakt op {datum(deck.gemaakt)} met het SAMEN-dashboard.", size=12)
    if deck.synthetisch:
        pdf.notice()
    pdf.paragraph("Inhoud", size=14, bold=True)
    for i, s in enumerate(sections, start=2):
        pdf.paragraph(f"{i}. {s.titel}", size=11)
    if factsheets:
        pdf.paragraph(
            f"{len(sections) + 2}–{len(sections) + len(factsheets) + 1}. Factsheets per gemeente: "
            + ", ".join(s.titel.split(" ", 1)[-1] for s in factsheets),
            size=11,
        )


def build_pdf(
    deck: Deck,
    path: Path | str | None = None,
    gemeente: str | None = None,
    load: Loader | None = None,
    filters: Filters | None = None,
) -> bytes:
    """The programme report with factsheets; with gemeente only that gemeente's one-page factsheet. With the
    deck's loader and filters the overview gets the payments over time and each factsheet its two charts."""
    pdf = _Report(deck)
    sections = [s for s in deck.slides if not s.key.startswith("proeftuin-")]
    factsheets = [s for s in deck.slides if s.key.startswith("proeftuin-")]
    if gemeente:
        factsheets = [s for s in factsheets if s.key == f"proeftuin-{gemeente}"] or [
            Slide(f"proeftuin-{gemeente}", gemeente, "Geen deelnemers met toezeggingen voor deze selectie.")
        ]
    else:
        _cover(pdf, deck, sections, factsheets)
        for slide in sections:
            _slide_page(pdf, slide)
            if slide.key == "overzicht":
                _overview_extras(pdf, deck, load, filters)
    for slide in factsheets:
        _slide_page(pdf, slide, kop=f"Factsheet {slide.titel.split(' ', 1)[-1]}", level=0 if gemeente else 1)
        pdf.paragraph(f"Selectie: {deck.selectie_van(slide)}", size=9)  # that gemeente
        if load is not None and filters is not None:
            _factsheet_charts(pdf, load, filters, slide.key.removeprefix("proeftuin-"))
    data = bytes(pdf.output())
    if path:
        Path(path).write_bytes(data)
    return data
