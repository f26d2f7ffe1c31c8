"""The kit's package data (measure bank, contact logs, case company, corpus, sample cohort, the app's
template): the one way any module reads it, by a path relative to this folder."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from pathlib import Path
from typing import Any


def path(relative: str) -> Path:
    """The file or folder at cxkit/data/<relative> (for tools that need a real path)."""
    return Path(str(resources.files("cxkit").joinpath("data", *relative.split("/"))))


def text(relative: str) -> str:
    """A data file's text (UTF-8)."""
    return path(relative).read_text(encoding="utf-8")


def csv_rows(relative: str) -> list[dict[str, str]]:
    """A data CSV's rows as dictionaries, in file order."""
    return list(csv.DictReader(io.StringIO(text(relative))))


def json_data(relative: str) -> Any:
    """A data JSON file, parsed."""
    return json.loads(text(relative))
