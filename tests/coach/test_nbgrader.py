"""Real nbgrader on solutions/ makes exactly exercises/ (cell types, sources, grade ids), and no
coach-only text survives into what participants receive.

nbgrader pins its own Jupyter versions, so it lives in a throwaway virtual environment made
once in build/nbgrader-venv (or the one NBGRADER_VENV names).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import nbformat
import pytest
from filelock import FileLock

from cxkit.coach.authoring import COACH_TAG, CODE_STUB, TEXT_STUB

ROOT = Path(__file__).resolve().parents[2]
NBGRADER = "nbgrader==0.9.*"


def _nbgrader_venv() -> Path:
    given = os.environ.get("NBGRADER_VENV")
    where = Path(given) if given else ROOT / "build" / "nbgrader-venv"
    with FileLock(str(where) + ".lock", timeout=900):
        exe = where / "bin" / "nbgrader"
        if not exe.exists():
            venv.EnvBuilder(with_pip=True, clear=True).create(where)
            r = subprocess.run(
                [str(where / "bin" / "python"), "-m", "pip", "install", "--quiet", NBGRADER],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            if r.returncode != 0:
                msg = f"could not install {NBGRADER} into {where}: {r.stderr[-1500:]}"
                if os.environ.get("CI", "").lower() == "true":
                    pytest.fail(msg)
                pytest.skip(msg)
    return where


def generate_with_nbgrader(solutions: list[Path], work: Path) -> dict[str, nbformat.NotebookNode]:
    """Run `nbgrader generate_assignment` on the notebooks with the repository's config."""
    env_dir = _nbgrader_venv()
    source = work / "source" / "cxkit"
    source.mkdir(parents=True)
    for nb in solutions:
        shutil.copy(nb, source / nb.name)
    shutil.copy(ROOT / "nbgrader_config.py", work / "nbgrader_config.py")
    env = {**os.environ, "PATH": f"{env_dir / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("JUPYTER_PATH", None)
    r = subprocess.run(
        [str(env_dir / "bin" / "nbgrader"), "generate_assignment", "cxkit", "--force"],
        cwd=work, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    out = work / "release" / "cxkit"
    assert r.returncode == 0 and out.exists(), (
        f"nbgrader failed:\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}"
    )
    return {p.name: nbformat.read(p, as_version=4) for p in sorted(out.glob("*.ipynb"))}


def coach_lines(solution: nbformat.NotebookNode) -> set[str]:
    """The distinctive lines of every coach-only cell: none may reach a participant."""
    coach, shared = set(), set()
    for cell in solution.cells:
        lines = {ln.strip() for ln in cell.source.splitlines() if len(ln.strip()) >= 12}
        if COACH_TAG in cell.metadata.get("tags", []):
            coach |= lines
        else:
            shared |= lines  # e.g. an import both kinds of cell use is no secret
    return coach - shared


def leaks(released: nbformat.NotebookNode, solution: nbformat.NotebookNode) -> list[str]:
    """Coach-only lines found in a released notebook."""
    secret = coach_lines(solution)
    return sorted(
        ln.strip()
        for cell in released.cells
        for ln in cell.source.splitlines()
        if ln.strip() in secret
    )


def _cells(nb: nbformat.NotebookNode) -> list[tuple[str, str, str | None]]:
    return [
        (c.cell_type, c.source, c.metadata.get("nbgrader", {}).get("grade_id")) for c in nb.cells
    ]


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> dict[str, nbformat.NotebookNode]:
    return generate_with_nbgrader(
        sorted((ROOT / "solutions").glob("*.ipynb")), tmp_path_factory.mktemp("nbg")
    )


@pytest.mark.slow
def test_nbgrader_release_equals_exercises_cell_by_cell(released) -> None:
    ours = sorted(p.name for p in (ROOT / "exercises").glob("*.ipynb"))
    assert sorted(released) == ours
    for name in ours:
        mine = nbformat.read(ROOT / "exercises" / name, as_version=4)
        assert _cells(released[name]) == _cells(mine), f"{name}: nbgrader and cxkit release differ"


@pytest.mark.slow
def test_no_key_text_reaches_a_participant(released) -> None:
    for name, nb in released.items():
        solution = nbformat.read(ROOT / "solutions" / name, as_version=4)
        assert coach_lines(solution), f"{name}: no coach-only cell found (the check would be empty)"
        assert not leaks(nb, solution), f"{name}: coach text handed out: {leaks(nb, solution)[:3]}"
        mine = nbformat.read(ROOT / "exercises" / name, as_version=4)
        assert not leaks(mine, solution)


@pytest.mark.slow
def test_an_unmarked_coach_cell_would_leak_and_is_refused(tmp_path) -> None:
    from cxkit.coach.authoring import AuthoringError, release_notebook

    path = ROOT / "solutions" / "01_outside_in.ipynb"
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if COACH_TAG in c.metadata.get("tags", []))
    del cell.metadata["nbgrader"]  # the mistake: a coach cell nbgrader does not know about
    broken = tmp_path / "src" / path.name
    broken.parent.mkdir()
    nbformat.write(nb, broken)
    out = generate_with_nbgrader([broken], tmp_path / "course")
    assert leaks(out[path.name], nb), "the leak check did not see the key nbgrader handed out"
    with pytest.raises(AuthoringError, match="must be an nbgrader solution cell"):
        release_notebook(nb)


def test_nbgrader_config_stubs_are_the_kits() -> None:
    class Section(dict):
        def __getattr__(self, name):
            return self.setdefault(name, Section())

        def __setattr__(self, name, value):
            self[name] = value

    c = Section()
    exec(  # our own config file, not participant content
        compile((ROOT / "nbgrader_config.py").read_text(), "nbgrader_config.py", "exec"),
        {"get_config": lambda: c},
    )
    assert c.ClearSolutions.code_stub == {"python": CODE_STUB}
    assert c.ClearSolutions.text_stub == TEXT_STUB
    assert json.dumps(CODE_STUB).startswith('"#')  # a comment: the stub cell still runs
    assert sys.version_info >= (3, 10)
