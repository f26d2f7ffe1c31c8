"""exercises/ is generated from solutions/: it must never drift, and generation follows nbgrader's rules."""

from pathlib import Path

import nbformat
import pytest

from cxkit.coach.authoring import (
    CODE_STUB,
    TEXT_STUB,
    AuthoringError,
    release,
    release_notebook,
    strip_solutions,
)

ROOT = Path(__file__).resolve().parents[2]


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


def test_a_region_becomes_the_stub_indented_like_nbgrader() -> None:
    src = (
        "def f():\n    y = 1\n    ### BEGIN SOLUTION\n    y = 2 * 21\n    ### END SOLUTION\n"
        "    return y\nresult = f()\n"
    )
    out = strip_solutions(src)
    assert "BEGIN SOLUTION" not in out and "2 * 21" not in out
    assert f"    {CODE_STUB}" in out.splitlines()
    ns: dict = {}
    exec(compile(out, "<exercise>", "exec"), ns)  # authored by us, not a participant
    assert ns["result"] == 1


def test_unmatched_region_is_an_error() -> None:
    with pytest.raises(AuthoringError, match="unmatched"):
        strip_solutions("### BEGIN SOLUTION\nx = 1\n")


def _solution(cell_type: str, source: str, grade_id: str, **extra):
    meta = {"tags": ["coach-only"], "nbgrader": {"grade_id": grade_id, "solution": True, **extra}}
    make = nbformat.v4.new_code_cell if cell_type == "code" else nbformat.v4.new_markdown_cell
    return make(source, metadata=meta)


def test_coach_cells_keep_their_place_as_stubs_and_grade_ids_are_kept() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        _solution("markdown", "**Model answer**: minimise the time", "m1", grade=True, points=0),
        _solution("code", "key = {'a': 'output'}\nkey", "k1"),
        nbformat.v4.new_code_cell("ask('q')", metadata={"nbgrader": {"grade_id": "q1"}}),
    ]
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="output")]
    nb.cells[1].execution_count = 3
    ex = release_notebook(nb)
    assert [c.cell_type for c in ex.cells] == ["markdown", "code", "code"]
    assert ex.cells[0].source == TEXT_STUB and ex.cells[1].source == CODE_STUB
    assert [c.metadata["nbgrader"]["grade_id"] for c in ex.cells] == ["m1", "k1", "q1"]
    assert ex.cells[1].outputs == [] and ex.cells[1].execution_count is None
    assert ex.cells[2].source == "ask('q')"


def test_a_coach_cell_nbgrader_would_hand_out_is_refused() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("Model answer", metadata={"tags": ["coach-only"]})]
    with pytest.raises(AuthoringError, match="must be an nbgrader solution cell"):
        release_notebook(nb)
    nb.cells = [nbformat.v4.new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION")]
    with pytest.raises(AuthoringError, match="not a solution cell"):
        release_notebook(nb)
