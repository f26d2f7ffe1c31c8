"""Test helper: a participant's workbook holding given answers."""

from __future__ import annotations

from pathlib import Path

from cxkit.workbook import Workbook


def workbook_with(folder: Path, answers: dict, pid: str = "Pat") -> Workbook:
    """Create pid's workbook in folder and record each answer, as the widgets would."""
    wb = Workbook.create(folder / f"{pid}.workbook.json", pid)
    for qid, value in answers.items():
        wb.record(qid, value)
    return wb
