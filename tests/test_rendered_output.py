"""The rendered-output contract: every notebook, executed as papermill and nbconvert run it, shows a
participant pictures, tables and sentences: no figure as text, no stderr, no error, no Python repr.

Each notebook declares in ``metadata.cxkit.figures`` how many figures it must render.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from tests.rendered import (
    REPO,
    all_notebooks,
    declared_figures,
    defects,
    execute,
    figure_count,
)

NOTEBOOKS = all_notebooks()


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_notebook_renders_for_a_participant(path: Path) -> None:
    rel = path.relative_to(REPO).as_posix()
    nb = execute(path)  # no MPLBACKEND: the kernel's own default, as in JupyterLab and papermill
    found = defects(nb, rel)
    assert not found, "\n".join(str(d) for d in found)
    want = declared_figures(nb)
    assert want is not None, f"{rel} declares no metadata.cxkit.figures"
    assert figure_count(nb) == want, f"{rel}: {figure_count(nb)} figures rendered, {want} declared"


@pytest.mark.slow
def test_figures_render_under_a_non_interactive_backend() -> None:
    """papermill run from a shell that sets MPLBACKEND=Agg must still show every picture."""
    path = REPO / "notebooks" / "03_contact_centre_and_failure_demand.ipynb"
    nb = execute(path, mplbackend="Agg")
    assert not defects(nb, "notebooks/03_contact_centre_and_failure_demand.ipynb")
    assert figure_count(nb) == declared_figures(nb)


def _broken_copy(tmp_path: Path, cells: list[str], figures: int) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "cxkit",
        "display_name": "Python (cxkit)",
        "language": "python",
    }
    nb.metadata["cxkit"] = {"figures": figures}
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    path = tmp_path / "broken.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
def test_the_contract_catches_a_broken_notebook(tmp_path: Path) -> None:
    """The checks bite: a figure built without pyplot, a dict, stderr and an error are all found."""
    path = _broken_copy(
        tmp_path,
        [
            # A plain matplotlib Figure in a fresh kernel with no pyplot: IPython prints its repr.
            "from matplotlib.figure import Figure\nfig = Figure()\nfig.add_subplot().plot([1, 2])\nfig",
            "{'output': 10, 'outcome': 1}",
            "import pandas as pd\npd.Series([1, 2]).value_counts()",
            "import sys\nprint('findfont: Failed to find font', file=sys.stderr)",
            "print([('a', 1)])",
            "import pandas as pd\nprint(pd.DataFrame({'share': [0.5, 0.25]}, index=['a', 'b']))",
            "from cxkit.plots.style import new_figure\nok = new_figure()\nok.add_subplot().plot([1])\nok",
        ],
        figures=2,
    )
    nb = execute(path, timeout=120)
    found = {(d.cell, d.what) for d in defects(nb, "notebooks/broken.ipynb")}
    assert (0, "a figure printed as text, no image") in found
    assert (1, "a bare Python result") in found
    assert (2, "a bare Python result") in found
    assert (3, "a stderr box") in found
    assert (4, "a Python list, dict or tuple") in found
    assert (5, "a table printed as text") in found
    assert not any(cell == 6 for cell, _ in found), "a course figure must render"
    assert figure_count(nb) == 1 != declared_figures(nb)


def test_every_notebook_declares_its_figures() -> None:
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        assert isinstance(nb.metadata.get("cxkit", {}).get("figures"), int), path
