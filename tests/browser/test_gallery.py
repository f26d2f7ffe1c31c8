"""One full-length screenshot per lesson, coach and solution notebook after Run All, for people to look at.

Exercises are photographed by their own participant-loop tests, after answering and a restart.
The gallery is test-output/gallery/index.html.
"""

from __future__ import annotations

import nbformat
import pytest

from tests.browser.harness import REPO, gallery_shot, open_and_run

SHOT_HERE = sorted(
    p.relative_to(REPO).as_posix()
    for d in ("notebooks", "solutions")
    for p in (REPO / d).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)


@pytest.mark.parametrize("relpath", SHOT_HERE)
def test_notebook_after_run_all(lab, page, relpath: str) -> None:
    open_and_run(page, lab, relpath)
    declared = nbformat.read(REPO / relpath, as_version=4).metadata["cxkit"]["figures"]
    images = page.locator(".jp-NotebookPanel:visible .jp-OutputArea-output img")
    assert images.count() >= declared, f"{relpath}: {images.count()} pictures on screen"
    text = page.locator(".jp-NotebookPanel:visible").first.inner_text()
    for marker in ("<Figure size", "Not saved yet", "findfont"):
        assert marker not in text, f"{relpath} shows {marker!r}"
    gallery_shot(page, relpath, "after Run All")
