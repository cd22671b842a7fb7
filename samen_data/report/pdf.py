"""PDF of the current filtered view (fpdf2): a programme report (one page per section) followed by a one-page
factsheet per gemeente with a funded participant; or, for one gemeente, its factsheet alone.

Liberation Sans is embedded (data/fonts) because PDF's built-in fonts have no Unicode: '€', '–', 'ö', '▲'.
Every page carries the date, the data's source and, where demo rows are shown, the synthetic-data notice."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import vl_convert as vlc
from fpdf import FPDF
from fpdf.fonts import FontFace

from ..db import DATA_DIR
from ..fmt import datum
from .slides import DEMODATA, Deck, Slide

FONT_DIR = DATA_DIR / "fonts"
FONT = "Liberation"
INK, MUTED, NOTICE_BG = (20, 20, 20), (70, 70, 70), (255, 243, 205)
CHART_SCALE = 2  # PNG at twice the CSS size: sharp when printed


def chart_png(chart) -> bytes:
    """Render an altair chart offline (no browser, no network) with vl-convert."""
    return vlc.vegalite_to_png(chart.to_dict(), scale=CHART_SCALE)


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

    def footer(self) -> None:
        self.set_y(-20)
        self.set_font(FONT, size=8)
        self.set_text_color(*MUTED)
        self.multi_cell(0, 3.6, align="L", text=f"{self.deck.voetregel()} · pagina {self.page_no()}", new_x="LMARGIN", new_y="NEXT")
        if self.page_synthetic:
            self.multi_cell(0, 3.6, DEMODATA, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*INK)

    def heading(self, text: str, size: int = 18) -> None:
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(2)
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
            y, x = self.get_y(), self.l_margin
            for lab, value in cijfers[start:start + columns]:
                self.rect(x, y, width, 19)
                self.set_xy(x + 2, y + 1.5)
                self.set_font(FONT, size=8.5)
                self.multi_cell(width - 4, 4, lab, align="L", new_x="LEFT", new_y="NEXT")
                self.set_x(x + 2)
                self.set_font(FONT, "B", 12 if len(value) < 16 else 10)
                self.multi_cell(width - 4, 6, value, align="L", new_x="LEFT", new_y="NEXT")
                x += width + 3
            self.set_xy(self.l_margin, y + 22)
        self.set_font(FONT, size=10)

    def chart(self, slide: Slide, max_height: float = 95) -> None:
        png = chart_png(slide.chart)
        from PIL import Image  # Pillow comes with fpdf2

        w_px, h_px = Image.open(io.BytesIO(png)).size
        width = min(self.epw, max_height * w_px / h_px)
        if self.will_page_break(width * h_px / w_px + 12):
            self.add_page()
        self.image(io.BytesIO(png), x=self.l_margin, w=width, alt_text=slide.beschrijving)
        self.ln(1)
        self.set_text_color(*MUTED)
        self.paragraph(slide.beschrijving, size=9)
        self.set_text_color(*INK)

    def data_table(self, slide: Slide, size: float = 9) -> None:
        df = slide.tabel
        self.set_font(FONT, size=size)
        with self.table(headings_style=FontFace(emphasis="BOLD", fill_color=(230, 236, 242)), line_height=size * 0.5,
                        text_align="LEFT", padding=1) as table:
            table.row(list(df.columns))
            for row in df.itertuples(index=False):
                table.row([str(v) for v in row])
        self.ln(3)
        self.set_font(FONT, size=10)


def _slide_page(pdf: _Report, slide: Slide, kop: str | None = None) -> None:
    pdf.page_synthetic = slide.synthetisch
    pdf.add_page()
    pdf.heading(kop or slide.titel)
    pdf.paragraph(slide.boodschap, size=12, bold=True)
    if slide.cijfers:
        pdf.figures(slide.cijfers)
    if slide.chart is not None:
        pdf.chart(slide, max_height=80 if slide.key.startswith("proeftuin") else 95)
    if slide.tabel is not None and len(slide.tabel):
        if slide.chart is None and slide.beschrijving:
            pdf.paragraph(slide.beschrijving, size=9)
        pdf.data_table(slide, size=8.5 if len(slide.tabel) > 10 else 9)


def _cover(pdf: _Report, deck: Deck, sections: list[Slide], factsheets: list[Slide]) -> None:
    pdf.add_page()
    pdf.heading(f"{deck.titel}: rapportage", size=24)
    pdf.paragraph(f"Selectie: {deck.selectie}", size=12)
    pdf.paragraph(f"Gemaakt op {datum(deck.gemaakt)} met het SAMEN-dashboard.", size=12)
    if deck.synthetisch:
        pdf.notice()
    pdf.paragraph("Inhoud", size=14, bold=True)
    for i, s in enumerate(sections, start=2):
        pdf.paragraph(f"{i}. {s.titel}", size=11)
    if factsheets:
        pdf.paragraph(f"{len(sections) + 2}–{len(sections) + len(factsheets) + 1}. Factsheets per gemeente: "
                      + ", ".join(s.titel.split(" ", 1)[-1] for s in factsheets), size=11)


def build_pdf(deck: Deck, path: Path | str | None = None, gemeente: str | None = None) -> bytes:
    """The programme report with factsheets; with gemeente only that gemeente's one-page factsheet."""
    pdf = _Report(deck)
    sections = [s for s in deck.slides if not s.key.startswith("proeftuin-")]
    factsheets = [s for s in deck.slides if s.key.startswith("proeftuin-")]
    if gemeente:
        factsheets = [s for s in factsheets if s.key == f"proeftuin-{gemeente}"] or [
            Slide(f"proeftuin-{gemeente}", gemeente, "Geen deelnemers met toezeggingen voor deze selectie.")]
    else:
        _cover(pdf, deck, sections, factsheets)
        for slide in sections:
            _slide_page(pdf, slide)
    for slide in factsheets:
        _slide_page(pdf, slide, kop=f"Factsheet {slide.titel.split(' ', 1)[-1]}")
        pdf.paragraph(f"Selectie: {deck.selectie_van(slide)}", size=9)  # that gemeente
    data = bytes(pdf.output())
    if path:
        Path(path).write_bytes(data)
    return data
