"""The layers hold: import-linter's contracts pass, a wrong import breaks them, and no module
imports in a circle. The contracts are in pyproject.toml; docs/ARCHITECTURE.md explains them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx
import tomllib

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).parent / "lint-imports"


def _lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root, capture_output=True, text=True, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        check=False,
    )  # fmt: skip


def test_the_layer_contracts_are_kept() -> None:
    r = _lint(ROOT)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert "0 broken" in r.stdout


def test_a_wrong_import_breaks_a_contract(tmp_path: Path) -> None:
    shutil.copytree(
        ROOT / "cxkit", tmp_path / "cxkit", ignore=shutil.ignore_patterns("data", "*.pyc")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    model = tmp_path / "cxkit" / "concepts" / "outcomes" / "measures.py"
    model.write_text(model.read_text() + "\nfrom cxkit.widgets import base  # the mistake\n")
    r = _lint(tmp_path)
    assert r.returncode != 0 and "Concept models are pure" in r.stdout and "BROKEN" in r.stdout


def test_every_module_has_a_layer() -> None:
    """A new top-level module must be placed in a contract (or be one of the view packages)."""
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    placed = {m for c in contracts["contracts"] for m in c["source_modules"]}
    views = {"cxkit.widgets", "cxkit.plots", "cxkit.data", "cxkit.assess"}
    for path in (ROOT / "cxkit").iterdir():
        name = f"cxkit.{path.stem}"
        if path.name.startswith("_") or path.name == "__pycache__" or name in views:
            continue
        if path.suffix == ".py" or (path / "__init__.py").exists():
            assert name in placed, f"{name} is in no layer contract in pyproject.toml"


def test_no_module_imports_in_a_circle() -> None:
    graph = grimp.build_graph("cxkit")
    g = nx.DiGraph()
    for m in graph.modules:
        g.add_edges_from(
            (m, d) for d in graph.find_modules_directly_imported_by(m) if d.startswith("cxkit")
        )
    cycles = [sorted(c) for c in nx.strongly_connected_components(g) if len(c) > 1]
    assert not cycles, f"import cycles: {cycles}"


# Tests of the core and of the whole kit at once stay at the top; the rest sit by package.
TOP_LEVEL_TESTS = {
    "test_architecture", "test_cli", "test_fuzz", "test_project", "test_rendered_output",
    "test_session", "test_setup", "test_workbook",
}  # fmt: skip


def test_tests_mirror_the_package() -> None:
    """Each test folder is named after a package of cxkit (or is the browser suite)."""
    tests = ROOT / "tests"
    packages = {p.name for p in (ROOT / "cxkit").iterdir() if (p / "__init__.py").exists()}
    folders = {p.name for p in tests.iterdir() if p.is_dir() and list(p.glob("test_*.py"))}
    assert folders - {"browser"} <= packages, folders - packages - {"browser"}
    loose = {p.stem for p in tests.glob("test_*.py")} - TOP_LEVEL_TESTS
    assert not loose, f"put these in the folder of the package they test: {sorted(loose)}"
    for folder in folders:
        assert (tests / folder / "__init__.py").is_file(), f"tests/{folder} needs an __init__.py"


def test_package_data_has_one_loader() -> None:
    """Only cxkit.data opens package data; every other module asks it (one way to find a file)."""
    offenders = []
    for p in (ROOT / "cxkit").rglob("*.py"):
        if p.parent.name == "data" and p.name == "__init__.py":
            continue
        src = p.read_text(encoding="utf-8")
        uses_resources = "importlib.resources" in src or "from importlib import resources" in src
        # the assessment notebook is code, not data
        if uses_resources and p.parts[-2:] != ("assess", "__init__.py"):
            offenders.append(str(p.relative_to(ROOT)))
        if '/ "data" /' in src or '"data/' in src:
            offenders.append(str(p.relative_to(ROOT)))
    assert not offenders, f"read package data through cxkit.data: {offenders}"


def test_sql_lives_in_the_gradebook_only() -> None:
    """The gradebook is storage with query methods: no other module writes SQL."""
    sql = re.compile(
        r"\bSELECT\b.+\bFROM\b|\bINSERT\s+(?:OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b"
        r"|\bDELETE\s+FROM\b|\bCREATE\s+(?:TABLE|INDEX)\b"
    )
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "cxkit").rglob("*.py")
        if p.name != "gradebook.py" and sql.search(p.read_text(encoding="utf-8"))
    ]
    assert not offenders, f"SQL outside cxkit/coach/gradebook.py: {offenders}"
