"""exercises/ is generated from solutions/: it must never drift, and generation follows nbgrader's rules."""

from pathlib import Path

import nbformat
import pytest

from cxkit.authoring import AuthoringError, release, release_notebook, strip_solutions

ROOT = Path(__file__).resolve().parents[1]


def test_committed_exercises_match_release(tmp_path: Path) -> None:
    written = release(ROOT / "solutions", tmp_path)
    for path in written:
        committed = ROOT / "exercises" / path.name
        assert committed.exists(), f"run `cxkit release`: {committed} is missing"
        assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), (
            f"{committed} differs from what `cxkit release` makes; run `cxkit release`, never edit it by hand"
        )
    extra = {p.name for p in (ROOT / "exercises").glob("*.ipynb")} - {p.name for p in written}
    assert not extra, f"exercises without a solution: {extra}"


def test_placeholder_still_runs() -> None:
    src = "x = 2\n### BEGIN SOLUTION\nshare = x / 4\ncost, n = 3, 4\n### END SOLUTION\nresult = (share, cost)\n"
    out = strip_solutions(src)
    assert "BEGIN SOLUTION" not in out and "x / 4" not in out
    ns: dict = {}
    exec(compile(out, "<exercise>", "exec"), ns)  # authored by us, not a participant
    assert ns["result"] == (None, None) and ns["n"] is None


def test_unmatched_region_is_an_error() -> None:
    with pytest.raises(AuthoringError, match="unmatched"):
        strip_solutions("### BEGIN SOLUTION\nx = 1\n")


def test_coach_cells_dropped_and_grade_ids_kept() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("Model answer", metadata={"tags": ["coach-only"]}),
        nbformat.v4.new_code_cell(
            "### BEGIN SOLUTION\na = 1\n### END SOLUTION",
            metadata={"nbgrader": {"grade_id": "q1", "solution": True}},
        ),
    ]
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="1")]
    nb.cells[1].execution_count = 3
    ex = release_notebook(nb)
    assert len(ex.cells) == 1
    cell = ex.cells[0]
    assert cell.metadata["nbgrader"]["grade_id"] == "q1"
    assert cell.outputs == [] and cell.execution_count is None
    assert "a = None" in cell.source
