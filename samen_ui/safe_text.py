"""Text from the database shown as itself wherever Streamlit renders Markdown (st.markdown, st.caption, st.header,
st.table cells, widget and metric labels, help tooltips): a name or description never becomes a link, bold text,
a heading, an image, a colour directive (:red[…]), an emoji or icon code (:material/…:) or LaTeX ($…$).

Streamlit has no escape function of its own. CommonMark lets a backslash escape every ASCII punctuation
character, so every one of them gets one: nothing in the text can start Markdown syntax, a Streamlit directive,
a GFM autolink (http\\://, www\\.) or an HTML tag (Streamlit does not render HTML in Markdown anyway unless a
page asks for it, and no page does for data). st.dataframe and charts show text as text: no escaping there.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

_PUNCTUATION = re.compile(
    r"([!-/:-@\[-`{-~])"
)  # all ASCII punctuation: ! " # $ % & ' ( ) * + , - . / : ; < = > ? @ [ \ ] ^ _ ` { | } ~


def plain(value: Any) -> str:
    """`value` as literal text inside Markdown."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return _PUNCTUATION.sub(r"\\\1", str(value))


def plain_column(values: pd.Series) -> pd.Series:
    """A text column for st.table (which renders every cell as Markdown)."""
    return values.map(plain)


def plain_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame for st.table with every text cell literal (numbers keep their type and alignment)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: plain(v) if isinstance(v, str) else v)
    return out
