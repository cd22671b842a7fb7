"""Reports: the PDF (programme report and a factsheet per gemeente) and the PowerPoint deck, through the
functions and through `python -m samen_data report`, on SQLite and PostgreSQL."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pypdf import PdfReader

from samen_data.access.scope import BEHEER
from samen_data.cli.main import main
from samen_data.cli.report import default_filters
from samen_data.formatting.fmt import datum
from samen_data.report import slides
from samen_data.report.deck import build_pptx
from samen_data.report.pdf import build_pdf
from tests.apptest_helpers import open_page

PROEFTUINEN = {
    "GM0518": "'s-Gravenhage",
    "GM0796": "'s-Hertogenbosch",
    "GM0014": "Groningen",
    "GM0166": "Kampen",
    "GM0599": "Rotterdam",
    "GM1730": "Tynaarlo",
    "GM0981": "Vaals",
}


def _pages(data: bytes) -> list[str]:
    """The text per page, line breaks as spaces (a label may wrap inside its box)."""
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def deck(demo_engine):
    load = slides.engine_loader(demo_engine, BEHEER)
    return slides.build(load, default_filters(load))


def test_pdf_report_and_factsheets(deck):
    pages = _pages(build_pdf(deck))
    text = "\n".join(pages)
    assert "€ 630.000" in text and "€ 534.000" in text and "1 : 0,85" in text  # as the Overzicht page shows them
    assert "Selectie: Programma SAMEN · hele looptijd · alle gemeenten · alle sporen" in text  # the pages' scope line
    assert f"Gemaakt op {datum(deck.gemaakt)}" in text  # Dutch dates
    for page in pages:  # every page: the source, the date and (demo data) the notice
        assert "Bron: SAMEN-database" in page and "stand " in page
        assert "synthetisch (verzonnen)" in page
    factsheets = {
        code: [i for i, p in enumerate(pages) if f"Factsheet {naam}" in p] for code, naam in PROEFTUINEN.items()
    }
    assert all(len(found) == 1 for found in factsheets.values()), factsheets  # one page per gemeente
    vaals = pages[factsheets["GM0981"][0]]
    assert "€ 60.000" in vaals and "○ alleen beoogd" in vaals  # status by symbol and words, not colour
    assert "Selectie: Programma SAMEN · hele looptijd · Vaals · alle sporen" in vaals  # the scope it is drawn in


def test_pdf_for_one_gemeente_is_its_one_page_factsheet(demo_engine):
    load = slides.engine_loader(demo_engine, BEHEER)
    deck = slides.build(load, default_filters(load, gemeente="GM0796"))
    pages = _pages(build_pdf(deck, gemeente="GM0796"))
    assert len(pages) == 1
    assert "Factsheet 's-Hertogenbosch" in pages[0] and "€ 120.000" in pages[0]
    assert "✔ 1:1 toegezegd · gemeente betaalde 100%" in pages[0]  # commitments and payments in one status


def test_deck_has_one_slide_per_section_and_per_proeftuin(deck):
    prs = Presentation(io.BytesIO(build_pptx(deck)))
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles[:5] == [
        "Programma SAMEN: overzicht",
        "Kaart",
        "Cofinanciering: de 1:1-match",
        "Bijeenkomsten en opkomst",
        "Samenwerking: van nulmeting naar eindmeting",
    ]
    assert titles[5:] == [f"Proeftuin {naam}" for naam in sorted(PROEFTUINEN.values())]
    first = " ".join(sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame)
    assert "€ 630.000" in first and "44" in first
    for s in prs.slides:  # editable text on every slide, the notice where demo data shows, the data in the notes
        texts = " ".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame)
        assert "synthetisch (verzonnen)" in texts and "Bron: SAMEN-database" in texts
        assert s.has_notes_slide and s.notes_slide.notes_text_frame.text
    charts = [sh for s in prs.slides for sh in s.shapes if sh.shape_type == 13]  # pictures
    assert len(charts) == 4 and all(c._element.nvPicPr.cNvPr.get("descr") for c in charts)  # alt text


def test_cli_writes_pdf_and_pptx(demo_url, tmp_path, capsys):
    pdf, pptx, one = tmp_path / "samen.pdf", tmp_path / "samen.pptx", tmp_path / "vaals.pdf"
    assert main(["--database", demo_url, "report", "pdf", str(pdf)]) == 0
    assert main(["--database", demo_url, "report", "pptx", str(pptx)]) == 0
    assert main(["--database", demo_url, "report", "pdf", str(one), "--gemeente", "GM0981"]) == 0
    assert pdf.read_bytes()[:5] == b"%PDF-" and len(Presentation(str(pptx)).slides) == 12
    assert len(_pages(one.read_bytes())) == 1
    assert main(["--database", demo_url, "report", "pdf", str(tmp_path / "x.pdf"), "--gemeente", "GM9999"]) == 1
    assert "onbekende gemeentecode" in capsys.readouterr().err


def test_pdf_holds_every_figure_the_overview_shows(app_db, tmp_path):
    """What a fund director sees on the Overzicht page is what the board gets on paper."""
    shown = {m.label: m.value for m in open_page("pages/overzicht.py", "Overzicht").metric}
    out = tmp_path / "rapport.pdf"
    assert main(["--database", str(app_db.url), "report", "pdf", str(out)]) == 0
    overview_page = _pages(out.read_bytes())[1]
    for label, value in shown.items():
        assert label in overview_page and value in overview_page, (label, value)
