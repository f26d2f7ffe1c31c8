"""CSV for spreadsheets: the one formula guard, and the one way the kit turns rows into CSV bytes."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

# A cell starting with one of these is run as a formula by Excel, LibreOffice or Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A cell a spreadsheet will not run as a formula: risky text gets a leading '; others as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(header: Sequence[str] | None, rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 CSV of the header and rows, every text cell guarded."""
    buf = io.StringIO()
    w = csv.writer(buf)
    if header is not None:
        w.writerow([csv_cell(h) for h in header])
    w.writerows([csv_cell(v) for v in r] for r in rows)
    return buf.getvalue().encode("utf-8")


def csv_uncell(text: str) -> str:
    """The text :func:`csv_cell` guarded, as it was (a cell read back from the kit's own CSV)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text
