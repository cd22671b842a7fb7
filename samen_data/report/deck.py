"""PowerPoint deck of the presentation slides (python-pptx, 16:9): one slide per section and per proeftuin.

Editable: titles, messages and figures are text boxes, tables are native PowerPoint tables; charts are pictures
(vl-convert, the same as on screen) with their description as alt text and the data in the speaker notes."""

from __future__ import annotations

import io
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from samen_data.report.pdf import chart_png
from samen_data.report.slides import DEMODATA, Deck, Slide, titel_van

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
INK, MUTED, ACCENT, NOTICE = (
    RGBColor(0x14, 0x14, 0x14),
    RGBColor(0x44, 0x44, 0x44),
    RGBColor(0x00, 0x4D, 0x80),
    RGBColor(0x7A, 0x4A, 0x00),
)
CONTENT_TOP, CONTENT_BOTTOM = Inches(2.35), Inches(6.55)


def _text(slide, left, top, width, height, text: str, size: int, bold: bool = False, colour=INK):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, colour
    return box


def _figures(slide, cijfers, top, columns: int = 4) -> int:
    """Label over a big value per figure, in rows of four; returns the y below the grid."""
    width = (WIDTH - 2 * MARGIN) // columns
    for i, (lab, value) in enumerate(cijfers):
        x, y = MARGIN + (i % columns) * width, top + (i // columns) * Inches(1.15)
        _text(slide, x, y, width - Inches(0.15), Inches(0.4), lab, 16, colour=MUTED)
        _text(
            slide,
            x,
            y + Inches(0.38),
            width - Inches(0.15),
            Inches(0.6),
            value,
            30 if len(value) < 14 else 22,
            bold=True,
        )
    return top + ((len(cijfers) + columns - 1) // columns) * Inches(1.15)


def _picture(slide, s: Slide, left, top, max_w, max_h) -> None:
    png = chart_png(s.chart)
    from PIL import Image  # Pillow comes with python-pptx

    w_px, h_px = Image.open(io.BytesIO(png)).size
    scale = min(max_w / w_px, max_h / h_px)
    pic = slide.shapes.add_picture(io.BytesIO(png), left, top, Emu(int(w_px * scale)), Emu(int(h_px * scale)))
    pic._element.nvPicPr.cNvPr.set("descr", s.beschrijving)  # alt text for screen readers


def _table(slide, s: Slide, left, top, width, max_h) -> None:
    df = s.tabel
    rows = len(df) + 1
    size = 16 if rows <= 8 else 12
    shape = slide.shapes.add_table(rows, len(df.columns), left, top, width, min(max_h, Inches(0.42) * rows))
    table = shape.table
    for c, name in enumerate(df.columns):
        table.cell(0, c).text = str(name)
    for r, row in enumerate(df.itertuples(index=False), start=1):
        for c, value in enumerate(row):
            table.cell(r, c).text = str(value)
    for cell in (table.cell(r, c) for r in range(rows) for c in range(len(df.columns))):
        for p in cell.text_frame.paragraphs:
            for run in p.runs:
                run.font.size = Pt(size)


def _notes(slide, s: Slide) -> None:
    lines = [s.boodschap, *(f"{lab}: {value}" for lab, value in s.cijfers)]
    if s.beschrijving:
        lines.append(s.beschrijving)
    if s.tabel is not None and len(s.tabel):
        lines.append(" | ".join(s.tabel.columns))
        lines += [" | ".join(str(v) for v in row) for row in s.tabel.itertuples(index=False)]
    slide.notes_slide.notes_text_frame.text = "\n".join(lines)


def _slide(prs: Presentation, deck: Deck, s: Slide, number: int) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # 'Title Only': the title stays a real title placeholder
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(0.9)
    title.text = titel_van(deck.titel, s, number - 1)  # the first slide names the programme (and gemeente)
    for p in title.text_frame.paragraphs:
        for run in p.runs:
            run.font.size, run.font.bold, run.font.color.rgb = Pt(40), True, ACCENT
    _text(slide, MARGIN, Inches(1.2), WIDTH - 2 * MARGIN, Inches(1.1), s.boodschap, 24)
    top = _figures(slide, s.cijfers, CONTENT_TOP) if s.cijfers else CONTENT_TOP
    room_w, room_h = WIDTH - 2 * MARGIN, CONTENT_BOTTOM - top
    has_table = s.tabel is not None and len(s.tabel)
    if s.chart is not None and has_table and not s.cijfers:  # the map beside its table
        _picture(slide, s, MARGIN, top, room_w * 0.45, room_h)
        _table(slide, s, MARGIN + int(room_w * 0.47), top, int(room_w * 0.53), room_h)
    elif s.chart is not None:
        _picture(slide, s, MARGIN, top + Inches(0.1), room_w, room_h - Inches(0.1))
    elif has_table:
        _table(slide, s, MARGIN, top + Inches(0.1), room_w, room_h)
    foot = f"{deck.voetregel()} · {deck.selectie_van(s)} · {number}/{len(deck.slides)}"
    _text(slide, MARGIN, Inches(6.6), WIDTH - 2 * MARGIN, Inches(0.35), foot, 12, colour=MUTED)
    if s.synthetisch:
        _text(slide, MARGIN, Inches(6.95), WIDTH - 2 * MARGIN, Inches(0.45), DEMODATA, 12, bold=True, colour=NOTICE)
    _notes(slide, s)


def build_pptx(deck: Deck, path: Path | str | None = None) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    prs.core_properties.title = f"{deck.titel}: presentatie"
    prs.core_properties.language = "nl-NL"
    for number, s in enumerate(deck.slides, start=1):
        _slide(prs, deck, s, number)
    buffer = io.BytesIO()
    prs.save(buffer)
    data = buffer.getvalue()
    if path:
        Path(path).write_bytes(data)
    return data
