"""The harness itself: identity box to workbook on disk, and the error detector really detects."""

from __future__ import annotations

import nbformat
import pytest

from tests.browser.harness import (
    assert_no_errors,
    identify,
    open_and_run,
    open_notebook,
    run_all_cells,
    screenshot,
    workbook_of,
)

KS = "cxkit"


def _write(lab, relpath: str, *sources: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": KS, "display_name": "x", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, lab.root / relpath)


def test_identity_box_creates_the_workbook(lab, page) -> None:
    _write(
        lab,
        "exercises/zz_harness_check.ipynb",
        "from cxkit.widgets.exercise import start\nstart()",
        "import ipywidgets as w\nw.IntSlider(value=3, description='check')",
    )
    open_and_run(page, lab, "exercises/zz_harness_check.ipynb")
    assert page.locator(".widget-slider").count() >= 1  # widgets really rendered
    identify(page, "Harness Tester")
    wb = workbook_of(lab, "Harness Tester")
    assert wb.participant_id == "Harness Tester"
    assert (lab.root / "exercises" / ".cxkit-participant.json").exists()
    screenshot(page, "harness-identity")


def test_error_detector_catches_a_traceback(lab, page) -> None:
    _write(lab, "notebooks/zz_harness_error.ipynb", "1 / 0")
    open_notebook(page, lab, "notebooks/zz_harness_error.ipynb")
    run_all_cells(page)
    with pytest.raises(AssertionError, match="Traceback"):
        assert_no_errors(page)
