"""Authoring: generate the participant exercises from the coach's solution notebooks.

Conventions are nbgrader's own, so its ``generate_assignment`` (with the repository's
``nbgrader_config.py``) makes the same participant notebooks, cell by cell:
- coach-only content (the key, model answers, rubric notes) sits in nbgrader *solution cells*
  (``metadata.nbgrader.solution = true``, also tagged ``coach-only`` for people reading the
  notebook). Both tools keep the cell and replace its whole source with a stub.
- a ``### BEGIN SOLUTION`` / ``### END SOLUTION`` region inside a solution cell is replaced by
  the stub, indented like the region.
- a coach-only cell or a solution region outside a solution cell is refused: nbgrader would hand
  it out as it is.
- ``nbgrader`` cell metadata (``grade_id`` and friends) is kept; outputs and execution counts
  are cleared.
"""

from __future__ import annotations

import re
from pathlib import Path

from cxkit.errors import CxkitError, Reason

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
COACH_TAG = "coach-only"
# What nbgrader and `cxkit release` both leave where the coach's content was (nbgrader_config.py
# at the repository's root sets nbgrader's stubs to these; a test keeps them equal).
CODE_STUB = "# The answer key and the coach's notes are in the coach's copy only."
# A Markdown cell left truly empty shows JupyterLab's "Type Markdown…" placeholder.
TEXT_STUB = "&nbsp;"


class AuthoringError(CxkitError, ValueError):
    """A solution notebook breaks the authoring conventions; the message says where."""

    reason = Reason.AUTHORING


def _is_solution(cell) -> bool:
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("solution", False))


def strip_solutions(source: str, stub: str = CODE_STUB, where: str = "") -> str:
    """Replace each solution region with the stub, indented like its BEGIN line (as nbgrader does)."""
    if source.count(BEGIN) != source.count(END):
        raise AuthoringError(f"{where}: unmatched {BEGIN!r} / {END!r}")
    out, inside = [], False
    for line in source.split("\n"):
        if BEGIN in line:
            if inside:
                raise AuthoringError(f"{where}: a solution region inside another one")
            inside = True
            indent = re.match(r"\s*", line).group(0)
            out += [indent + s for s in stub.split("\n")]
        elif END in line:
            inside = False
        elif not inside:
            out.append(line)
    return "\n".join(out)


def release_cell(cell, where: str = ""):  # nbformat.NotebookNode -> NotebookNode
    """The participant's version of one cell, exactly as nbgrader's generate_assignment makes it."""
    import copy

    cell = copy.deepcopy(cell)
    stub = CODE_STUB if cell.cell_type == "code" else TEXT_STUB
    has_region = BEGIN in cell.source
    if COACH_TAG in cell.get("metadata", {}).get("tags", []) and not _is_solution(cell):
        raise AuthoringError(
            f"{where}: a coach-only cell must be an nbgrader solution cell "
            "(metadata nbgrader.solution = true), or nbgrader would hand it out as it is"
        )
    if has_region and not _is_solution(cell):
        raise AuthoringError(f"{where}: a solution region in a cell that is not a solution cell")
    if has_region:
        cell.source = strip_solutions(cell.source, stub, where)
    elif _is_solution(cell):
        cell.source = stub  # a whole solution cell: the key, a model answer, coach's notes
    if cell.cell_type == "code":
        cell.outputs = []
        cell.execution_count = None
    return cell


def release_notebook(nb):  # nbformat.NotebookNode -> NotebookNode
    """Return the participant version of one solution notebook (a new object)."""
    import copy

    out = copy.deepcopy(nb)
    out.cells = [release_cell(c, where=f"cell {i}") for i, c in enumerate(out.cells)]
    meta = out.metadata.setdefault("cxkit", {})
    meta["generated_from"] = "solutions"
    # The figures a participant's copy must render (the coach's copy may show more).
    if "exercise_figures" in meta:
        meta["figures"] = meta.pop("exercise_figures")
    return out


def release(solutions: Path, exercises: Path) -> list[Path]:
    """Write exercises/ from solutions/; return the files written."""
    import nbformat

    exercises.mkdir(parents=True, exist_ok=True)
    written = []
    for src in sorted(Path(solutions).glob("*.ipynb")):
        nb = nbformat.read(src, as_version=4)
        try:
            ex = release_notebook(nb)
        except AuthoringError as exc:
            raise AuthoringError(f"{src}: {exc}") from None
        dest = exercises / src.name
        text = nbformat.writes(ex) + "\n"
        if not dest.exists() or dest.read_text(encoding="utf-8") != text:
            dest.write_text(text, encoding="utf-8")
        written.append(dest)
    return written


HAND_IN_NOTE = """cxkit exercises
===============

1. Open this folder in JupyterLab and start with the lessons in notebooks/.
2. Open each notebook in exercises/ and type your name in the box at the top
   (if your coach made this bundle for you, your name is already filled in).
3. Your answers save themselves to the file ending in .workbook.json in the
   exercises folder. That file is what you hand in: send it to your coach.
"""


def write_bundle(
    exercises: Path, lessons: Path, out: Path, participant_id: str | None = None
) -> Path:
    """Zip the exercises and lessons (and, for a named participant, their empty workbook) to hand out."""
    import io
    import json
    import tempfile
    import zipfile

    from cxkit.session import IDENTITY_FILE, workbook_path
    from cxkit.workbook import Workbook, atomic_write_bytes

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("START-HERE.txt", HAND_IN_NOTE)
        for folder, arc in ((Path(exercises), "exercises"), (Path(lessons), "notebooks")):
            for nb in sorted(folder.glob("*.ipynb")):  # lessons only; coach notebooks stay out
                zf.write(nb, f"{arc}/{nb.name}")
        if participant_id is not None:
            with tempfile.TemporaryDirectory() as tmp:
                wb = Workbook.create(workbook_path(participant_id, Path(tmp)), participant_id)
                zf.writestr(f"exercises/{wb.path.name}", wb.path.read_bytes())
            ident = json.dumps({"participant_id": wb.participant_id}, ensure_ascii=False)
            zf.writestr(f"exercises/{IDENTITY_FILE}", ident)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out, buf.getvalue())
    return out
