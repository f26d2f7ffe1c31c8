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
