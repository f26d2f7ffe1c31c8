"""Batch assessment rows: the same cohort through a plain papermill loop and through `cxkit assess`.

    .venv/bin/python tests/benchmarks/bench.py --only assess --repeat 1

One cohort of CXKIT_BENCH_ASSESS_N participants (default 40), in one run:

- a plain sequential ``papermill.execute_notebook`` loop (fresh kernel per participant,
  no HTML export: the obvious way, and it does less work than the runner);
- ``cxkit assess --fresh-kernels`` (parallel workers, a new kernel per participant);
- ``cxkit assess`` (parallel workers, warm pooled kernels: the fastest mode).

Figures are seconds per participant (wall time / participants). Whole-cohort runs
take minutes, so each variant runs ``repeat`` times (median) and ``--repeat 1``
is the practical setting.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import Row

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # for tests.assess.test_assess's cohort maker

from tests.assess.test_assess import make_cohort  # noqa: E402


def _median_run(fn, repeat: int) -> float:
    times = []
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def rows(repeat: int) -> list[Row]:
    """Seconds per participant: papermill loop vs cxkit assess (fresh kernels, pooled kernels)."""
    import papermill

    from cxkit.assess import notebook_path
    from cxkit.assess.runner import assess_cohort

    n = int(os.environ.get("CXKIT_BENCH_ASSESS_N", "40"))
    workers = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        paths = make_cohort(d / "cohort", [f"Bench participant {i:03d}" for i in range(n)])

        def loop() -> None:
            for i, p in enumerate(paths.values()):
                papermill.execute_notebook(
                    str(notebook_path()),
                    str(d / f"loop-{i}.ipynb"),
                    parameters={"workbook_path": str(p)},
                    kernel_name="cxkit",
                    progress_bar=False,
                )

        def run(fresh: bool) -> None:
            s = assess_cohort(
                d / "cohort",
                d / ("fresh" if fresh else "pooled"),
                fresh_kernels=fresh,
                force=True,
                progress=False,
            )
            assert s.count("assessed") == n, [o.error for o in s.failures]

        seq = _median_run(loop, repeat) / n
        fresh = _median_run(lambda: run(True), repeat) / n
        pooled = _median_run(lambda: run(False), repeat) / n
    base = "sequential papermill.execute_notebook loop"
    note = f"{n} participants, {workers} workers; s per participant"
    return [
        Row(f"cxkit assess --fresh-kernels ({workers} workers)", fresh, "s", base, seq, note),
        Row(f"cxkit assess, pooled kernels ({workers} workers)", pooled, "s", base, seq, note),
        Row(
            "pooled kernels vs fresh kernels (same runner)",
            pooled,
            "s",
            "cxkit assess --fresh-kernels",
            fresh,
            note,
        ),
    ]
