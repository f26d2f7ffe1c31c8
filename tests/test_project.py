"""Project hygiene: dependencies agree, lint passes, notebooks are committed clean."""

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import tomllib

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIRS = ("notebooks", "exercises", "solutions")


def _name(req: str) -> str:
    return re.split(r"[<>=!~\[ ;]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _conda_deps() -> set[str]:
    names, in_pip, in_deps = set(), False, False
    for line in (ROOT / "environment.yml").read_text().splitlines():
        s = line.strip()
        in_deps = in_deps or s == "dependencies:"
        if s.startswith("- pip:"):
            in_pip = True
            continue
        if in_pip or not in_deps or not s.startswith("- ") or s.startswith("#"):
            continue
        names.add(_name(s[2:]))
    return names - {"python", "pip"}


def test_environment_yml_matches_pyproject() -> None:
    proj = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in proj["dependencies"] + proj["optional-dependencies"]["test"]}
    # conda-forge splits dask[distributed] into two packages
    wanted = (wanted - {"dask"}) | {"dask", "distributed"}
    assert _conda_deps() == wanted


def test_ruff_passes() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "ruff", "check", str(ROOT)], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stdout + r.stderr
    r = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout + r.stderr


def _notebooks() -> list[Path]:
    return sorted(
        p
        for d in NOTEBOOK_DIRS
        for p in (ROOT / d).rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )


@pytest.mark.parametrize("path", _notebooks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_notebooks_committed_clean(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "cxkit", (
        f"{path.name}: kernelspec must be cxkit"
    )
    assert "widgets" not in nb.metadata, f"{path.name}: saved widget state left in the metadata"
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        checked = "nbval-check-output" in cell.metadata.get("tags", [])
        # nbval only compares outputs of cells that carry an execution count.
        assert checked or cell.execution_count is None, f"{path.name}: execution count left in"
        assert checked or not cell.outputs, (
            f"{path.name}: stray output in a cell nbval does not check"
        )
        assert "sys.path" not in cell.source, f"{path.name}: no sys.path tricks"


def test_every_question_has_a_plain_title() -> None:
    """Charts and tables name questions by title; a question without one would show its id."""
    from cxkit import questions

    course = {p.stem for p in (ROOT / "exercises").glob("[0-9]*.ipynb")}
    qs = [q for q in questions.all_questions() if q.exercise in course]  # not tests' own
    assert len(qs) >= 20
    untitled = [q.id for q in qs if not q.title.strip()]
    assert not untitled, f"give these questions a title=: {untitled}"
    for q in qs:
        assert "/" not in q.title and "_" not in q.title, q.title


LAB_ONLY_PHRASES = ("Shift + Enter", "Run All Cells", "Run → Run All")


def test_jupyterlab_instructions_are_tagged_lab_only() -> None:
    """The course app (Voilà) hides cells tagged lab-only; a "run the cells" line anywhere else
    would tell an app user to do something the app has no way to do."""
    wrong = []
    for path in _notebooks():
        for cell in nbformat.read(path, as_version=4).cells:
            tagged = "lab-only" in cell.get("metadata", {}).get("tags", [])
            if cell.cell_type == "markdown" and not tagged:
                wrong += [f"{path.name}: {p!r}" for p in LAB_ONLY_PHRASES if p in cell.source]
    assert not wrong, wrong


def _course_py():
    import importlib.util

    spec = importlib.util.spec_from_file_location("cxkit_course_py_test", ROOT / "course.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_app_folder_holds_lessons_voila_can_preheat(tmp_path: Path) -> None:
    """Lessons are links in a real folder (Voilà pre-heats only notebooks it finds without
    following a folder link); exercises stay one linked folder; stale links go; solutions never."""
    course = _course_py()
    root = tmp_path / "course"
    for d in ("notebooks/coach", "exercises", "solutions"):
        (root / d).mkdir(parents=True)
    for rel in ("notebooks/01_a.ipynb", "notebooks/02_b.ipynb", "exercises/01_a.ipynb",
                "solutions/01_a.ipynb"):  # fmt: skip
        (root / rel).write_text("{}")
    app = tmp_path / "app"
    (app / "notebooks").mkdir(parents=True)
    (app / "notebooks" / "99_gone.ipynb").symlink_to(root / "notebooks" / "99_gone.ipynb")
    course.app_folder(root, app)
    lessons = app / "notebooks"
    assert lessons.is_dir() and not lessons.is_symlink()
    assert sorted(p.name for p in lessons.iterdir()) == ["01_a.ipynb", "02_b.ipynb", "coach"]
    assert sorted(str(p.relative_to(app)) for p in app.rglob("*.ipynb")) == [
        "notebooks/01_a.ipynb", "notebooks/02_b.ipynb"
    ]  # what Voilà's pre-heating finds: the lessons, not the exercises  # fmt: skip
    assert (app / "exercises").is_symlink() and not (app / "solutions").exists()
    # The denylist keeps the home page, exercises and coach pages out of the pre-heated pool.
    opts = " ".join(course.VOILA_OPTIONS)
    assert "--preheat_kernel=True" in opts
    # On a loaded machine nbclient's default 4 s wait for a cell's outputs drops widgets.
    assert "--VoilaExecutor.iopub_timeout=60" in course.VOILA_OPTIONS
    for page in ("00_course_home", "exercises/", "coach/"):
        assert page in opts
    course.app_folder(root, app)  # again: nothing in the way, nothing changes
    assert sorted(p.name for p in lessons.iterdir()) == ["01_a.ipynb", "02_b.ipynb", "coach"]
