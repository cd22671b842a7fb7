"""Dutch formatting for pages; the formatter itself lives in samen_data (the reports use it too)."""
from samen_data.fmt import LOCALE, datum, euro, getal, n_items, procent, ratio

__all__ = ["LOCALE", "datum", "euro", "getal", "n_items", "procent", "ratio"]
