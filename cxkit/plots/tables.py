"""Tables and sentences as a participant sees them: formatted, no index column, nothing cut off."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

_TABLE_CSS = [
    {"selector": "", "props": "border-collapse: collapse; font-size: 14px; margin: 0.4em 0;"},
    {"selector": "caption", "props": "caption-side: top; font-weight: bold; text-align: left;"},
    {
        "selector": "th",
        "props": "text-align: left; padding: 4px 10px; border-bottom: 2px solid #44546a;"
        " white-space: normal;",
    },
    {
        "selector": "td",
        "props": "text-align: left; padding: 4px 10px; border-bottom: 1px solid #ddd;"
        " white-space: normal; max-width: 38em;",
    },
]


def course_table(
    data: pd.DataFrame | pd.Series | Mapping[str, Any],
    formats: Mapping[str, str] | None = None,
    caption: str | None = None,
    columns: Mapping[str, str] | None = None,
    index: bool = False,
) -> Any:
    """A table for a participant: plain-word headers, formatted numbers, no index, no truncation."""
    if isinstance(data, Mapping):
        data = pd.DataFrame({"": list(data.keys()), " ": list(data.values())})
    elif isinstance(data, pd.Series):
        data = data.reset_index()
    df = data.reset_index() if index else data
    if columns:
        df = df.rename(columns=dict(columns))
    styler = df.style.hide(axis="index").set_table_styles(_TABLE_CSS).format(na_rep="—")
    if formats:
        named = {(columns or {}).get(k, k): v for k, v in formats.items()}
        styler = styler.format({k: v for k, v in named.items() if k in df.columns}, na_rep="—")
    yes_no = [c for c in df.columns if pd.api.types.is_bool_dtype(df[c])]
    if yes_no:  # a participant reads "yes", never Python's True
        styler = styler.format(lambda v: "yes" if v else "no", subset=yes_no)
    if caption:
        styler = styler.set_caption(caption)
    return styler


def say(text: str) -> Any:
    """A sentence (Markdown) for the participant, instead of printed Python output."""
    from IPython.display import Markdown

    return Markdown(text)
