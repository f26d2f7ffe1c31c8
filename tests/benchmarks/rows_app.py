"""App mode: a lesson opened in Voilà is interactive (its widgets on screen) against JupyterLab
opening the same notebook and running all, both driven by Debian's chromium in the same run."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import Row

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.browser.harness import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    chromium_missing_reason,
    open_notebook,
    run_all_cells,
    start_app,
    start_lab,
)

LESSON = "notebooks/02_outputs_vs_outcomes.ipynb"
READY = ".cx-outcomes-quiz-row button"  # the lesson's first widget a participant clicks


def rows(repeat: int) -> list[Row]:
    """Time to interactive for lesson 2: Voilà against JupyterLab (open + Run All)."""
    why = chromium_missing_reason()
    if why:
        return [Row("app: lesson 2 interactive", 0.0, "s", note=f"skipped: {why}")]
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="cxkit-bench-app-"))
    lab = start_lab(work / "lab")
    app = start_app(work / "app", root=lab.root)
    app_times, lab_times = [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            for i in range(repeat + 1):  # the first of each is a warm-up
                page = browser.new_page(viewport={"width": 1366, "height": 900})
                t0 = time.perf_counter()
                page.goto(app.url(LESSON))
                page.locator(READY).first.wait_for(timeout=120_000)
                t_app = time.perf_counter() - t0
                page.close()
                page = browser.new_page(viewport={"width": 1366, "height": 900})
                t0 = time.perf_counter()
                open_notebook(page, lab, LESSON)
                run_all_cells(page)
                page.locator(READY).first.wait_for(timeout=120_000)
                t_lab = time.perf_counter() - t0
                page.close()
                if i:
                    app_times.append(t_app)
                    lab_times.append(t_lab)
                print(f"  app {t_app:.2f} s, lab {t_lab:.2f} s", file=sys.stderr)
            browser.close()
    finally:
        app.stop()
        lab.stop()
    return [
        Row(
            "app mode: lesson 2 interactive (Voilà, widgets on screen)",
            statistics.median(app_times),
            "s",
            "JupyterLab: open + Run All, same lesson",
            statistics.median(lab_times),
            note="target < 3 s; chromium drives both",
        )
    ]
