"""The rendered-output contract: what a notebook shows once executed, as papermill and nbconvert run it.

Used by ``tests/test_rendered_output.py`` and runnable on its own to list every defect:

    .venv/bin/python -m tests.rendered notebooks/03_contact_centre_and_failure_demand.ipynb
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
KERNEL = "cxkit"
IMAGE_TYPES = ("image/png", "image/svg+xml", "image/jpeg")
WIDGET = "application/vnd.jupyter.widget-view+json"
RICH_TYPES = (*IMAGE_TYPES, "text/html", "text/markdown", "text/latex", WIDGET)

# Text a participant must never see: Python reprs and storage shapes.
REPR_PATTERNS = [
    (
        re.compile(r"^\s*<(matplotlib\.)?[A-Za-z_.]*Figure size [^>]*>\s*$"),
        "a figure printed as text",
    ),
    (re.compile(r"^\s*[\[{(]"), "a Python list, dict or tuple"),
    (re.compile(r"\barray\("), "a NumPy array"),
    (re.compile(r"\bdtype: \w+"), "a pandas Series"),
    (re.compile(r"^(None|True|False)\s*$", re.M), "a bare None/True/False"),
    (re.compile(r"(^|\s)NaN(\s|$)"), "a NaN value"),
    (re.compile(r"<[\w.]+ object at 0x[0-9a-f]+>"), "an object repr"),
]


@dataclass(frozen=True)
class Defect:
    """One thing in a rendered notebook that a participant should not see."""

    notebook: str
    cell: int
    what: str
    text: str

    def __str__(self) -> str:
        snippet = self.text.strip().replace("\n", " ⏎ ")[:160]
        return f"{self.notebook} cell {self.cell}: {self.what}: {snippet!r}"


def execute(path: Path, mplbackend: str | None = None, timeout: int = 300) -> nbformat.NotebookNode:
    """Run a notebook in a fresh cxkit kernel, in its own folder, with a throwaway workbook folder."""
    nb = nbformat.read(path, as_version=4)
    env_backup = dict(os.environ)
    scratch = tempfile.TemporaryDirectory(prefix="cxkit-rendered-")
    try:
        if mplbackend is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = mplbackend
        os.environ["CXKIT_WORKBOOK_DIR"] = scratch.name
        os.environ.pop("CXKIT_PARTICIPANT", None)
        client = NotebookClient(
            nb,
            kernel_name=KERNEL,
            timeout=timeout,
            resources={"metadata": {"path": str(path.parent)}},
        )
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(env_backup)
        scratch.cleanup()
    return nb


def is_teaching_notebook(rel: str) -> bool:
    """Lessons and exercises (not the coach's notebook or the solutions) must show no reprs."""
    return rel.startswith(("notebooks/", "exercises/")) and "/coach/" not in rel


def defects(nb: nbformat.NotebookNode, rel: str) -> list[Defect]:
    """Every output in an executed notebook that breaks the contract."""
    found: list[Defect] = []
    strict = is_teaching_notebook(rel)
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "error":
                found.append(Defect(rel, i, "an error", f"{out.get('ename')}: {out.get('evalue')}"))
                continue
            if kind == "stream":
                if out.get("name") == "stderr":
                    found.append(Defect(rel, i, "a stderr box", out.get("text", "")))
                elif strict:
                    found += _repr_defects(rel, i, out.get("text", ""))
                continue
            data = out.get("data", {})
            text = data.get("text/plain", "")
            if "Figure size" in text and not any(t in data for t in IMAGE_TYPES):
                found.append(Defect(rel, i, "a figure printed as text, no image", text))
            elif strict and kind == "execute_result" and not any(t in data for t in RICH_TYPES):
                found.append(Defect(rel, i, "a bare Python result", text))
    return found


_COLUMNS = re.compile(r"\S {3,}\S")


def _repr_defects(rel: str, cell: int, text: str) -> list[Defect]:
    found = [Defect(rel, cell, what, text) for rx, what in REPR_PATTERNS if rx.search(text)]
    if sum(1 for line in text.splitlines() if _COLUMNS.search(line)) >= 2:
        found.append(Defect(rel, cell, "a table printed as text", text))
    return found


def figure_count(nb: nbformat.NotebookNode) -> int:
    """How many images the notebook's cells rendered (widget-drawn images are not counted)."""
    return sum(
        1
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if any(t in out.get("data", {}) for t in IMAGE_TYPES)
    )


def declared_figures(nb: nbformat.NotebookNode) -> int | None:
    """The figure count the notebook declares in metadata.cxkit.figures."""
    value = nb.metadata.get("cxkit", {}).get("figures")
    return value if isinstance(value, int) else None


def all_notebooks() -> list[Path]:
    """Every course notebook: lessons, the coach's notebook, exercises and solutions."""
    return sorted(
        p
        for d in ("notebooks", "exercises", "solutions")
        for p in (REPO / d).rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )


def main(argv: list[str]) -> int:
    """List each notebook's defects and figure counts."""
    paths = [Path(a).resolve() for a in argv] or all_notebooks()
    bad = 0
    for p in paths:
        rel = p.relative_to(REPO).as_posix()
        nb = execute(p)
        ds = defects(nb, rel)
        bad += len(ds)
        print(f"== {rel}: {figure_count(nb)} figures (declared {declared_figures(nb)})")
        for d in ds:
            print("  ", d)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
