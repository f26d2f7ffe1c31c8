"""Voilà's most common blank page is a widget-version mismatch: the kernel's ipywidgets and the
browser's widget manager (jupyterlab_widgets, which Voilà and JupyterLab both load) must pair."""

from __future__ import annotations

import importlib.metadata as md
from pathlib import Path

import tomllib
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]


def _deps() -> dict[str, Requirement]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    reqs = [Requirement(r) for r in data["project"]["dependencies"]]
    return {r.name.replace("_", "-").lower(): r for r in reqs}


def test_ipywidgets_and_its_front_end_are_pinned_together() -> None:
    deps = _deps()
    widgets, front = deps["ipywidgets"], deps["jupyterlab-widgets"]
    # Both pinned to one major line: ipywidgets 8 speaks only to jupyterlab_widgets 3.
    assert not widgets.specifier.contains("9.0") and widgets.specifier.contains("8.1.5")
    assert not front.specifier.contains("4.0") and front.specifier.contains("3.0.13")
    assert "voila" in deps and deps["voila"].specifier.contains("0.5.13")


def test_the_installed_pair_is_the_one_ipywidgets_asks_for() -> None:
    wanted = next(
        Requirement(r)
        for r in md.requires("ipywidgets") or []
        if r.startswith("jupyterlab_widgets")
    )
    installed = Version(md.version("jupyterlab_widgets"))
    assert wanted.specifier.contains(installed), (
        f"ipywidgets {md.version('ipywidgets')} needs {wanted}, but jupyterlab_widgets "
        f"{installed} is installed: Voilà would show a blank page. pip install -e '.[test]'"
    )
    assert Version(md.version("ipywidgets")).major == 8
    assert Version(md.version("voila")) >= Version("0.5.8")  # its first JupyterLab-4 widget manager
