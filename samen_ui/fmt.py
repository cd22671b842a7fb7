"""Dutch formatting for pages; the formatter itself lives in samen_data (the reports use it too)."""

from samen_data.formatting.fmt import LOCALE, datum, euro, getal, n_items, procent, ratio

__all__ = ["LOCALE", "datum", "euro", "getal", "n_items", "procent", "ratio", "shown_value"]


def shown_value(value: object) -> str:
    """A logged value as a Dutch reader reads it: ja/nee, '–' for empty, never None/True/False."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)
