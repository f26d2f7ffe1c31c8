"""Authoring: generate the participant exercises from the coach's solution notebooks.

Conventions follow nbgrader so its ``generate_assignment`` gives an equivalent result:
- code between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` is the model answer.
  It is replaced by a placeholder that still runs: every name the region assigns
  is set to ``None`` with a ``# YOUR ANSWER HERE`` comment, so a blank exercise
  runs top to bottom and its checks say "not answered yet".
- cells tagged ``coach-only`` (model written answers, rubric notes, key cells) are dropped.
- ``nbgrader`` cell metadata (``grade_id`` and friends) is kept; outputs and
  execution counts are cleared.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
COACH_TAG = "coach-only"
PLACEHOLDER = "# YOUR ANSWER HERE"

_REGION = re.compile(
    rf"^(?P<indent>[ \t]*){re.escape(BEGIN)}[^\n]*\n(?P<body>.*?)^[ \t]*{re.escape(END)}[^\n]*(\n|$)",
    re.MULTILINE | re.DOTALL,
)


class AuthoringError(ValueError):
    """A solution notebook breaks the authoring conventions; the message says where."""


def _assigned_names(body: str) -> list[str]:
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(body))
    except SyntaxError as exc:
        raise AuthoringError(f"solution region does not parse: {exc}") from None
    names: list[str] = []

    def add(target: ast.AST) -> None:
        if isinstance(target, ast.Name) and target.id not in names:
            names.append(target.id)
        elif isinstance(target, ast.Tuple | ast.List):
            for t in target.elts:
                add(t)

    for node in tree.body:
        if isinstance(node, ast.Assign):
            for t in node.targets:
                add(t)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            add(node.target)
    return names


def strip_solutions(source: str, where: str = "") -> str:
    """Replace each solution region with a placeholder that still runs."""
    if source.count(BEGIN) != source.count(END):
        raise AuthoringError(f"{where}: unmatched {BEGIN!r} / {END!r}")

    def repl(m: re.Match) -> str:
        indent = m.group("indent")
        names = _assigned_names(m.group("body"))
        if not names:
            return f"{indent}{PLACEHOLDER}\n{indent}pass\n"
        return "".join(f"{indent}{n} = None  {PLACEHOLDER}\n" for n in names)

    out = _REGION.sub(repl, source)
    if BEGIN in out or END in out:
        raise AuthoringError(
            f"{where}: a solution region could not be removed (nested or malformed)"
        )
    return out.rstrip("\n") if not source.endswith("\n") else out


def release_notebook(nb):  # nbformat.NotebookNode -> NotebookNode
    """Return the participant version of one solution notebook (a new object)."""
    import copy

    out = copy.deepcopy(nb)
    cells = []
    for i, cell in enumerate(out.cells):
        if COACH_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        if cell.cell_type == "code":
            cell.source = strip_solutions(cell.source, where=f"cell {i}")
            cell.outputs = []
            cell.execution_count = None
        elif BEGIN in cell.source:
            cell.source = strip_solutions(cell.source, where=f"cell {i}")
        meta = cell.get("metadata", {})
        if "nbgrader" in meta:
            meta["nbgrader"]["solution"] = meta["nbgrader"].get("solution", False)
        cells.append(cell)
    out.cells = cells
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
