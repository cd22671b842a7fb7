"""Presenting and reporting: the slides (slides.py), their charts (charts.py), the PDF (pdf.py) and the
PowerPoint deck (deck.py). Imported lazily by the app; the PDF and deck libraries load only when used."""
