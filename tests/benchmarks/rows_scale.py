"""Scale rows: cohorts of 1,000, 10,000 and 50,000 workbooks through the CLI, as a coach runs it.

Each figure is the wall time of the real commands (`cxkit collect`, `cxkit grade`,
`cxkit export`) in fresh processes, start-up included, on synthetic cohorts from
``cxkit.coach.sample_cohort.make_many``. Growth rows compare against 10x (or 5x) the
smaller cohort's time in the same run (linear growth); the re-grade row against
the first grade; the 10,000 rows against the issue's 10 s target.

    .venv/bin/python tests/benchmarks/bench.py --only rows_scale --repeat 3   # medians of 3 (50,000: once)
    CXKIT_BENCH_SIZES=1000,10000 ...     # skip the 50,000 cohort (it takes minutes to make)
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import Row

from cxkit.coach.sample_cohort import make_many

SIZES = [int(x) for x in os.environ.get("CXKIT_BENCH_SIZES", "1000,10000,50000").split(",")]
CXKIT = [sys.executable, "-m", "cxkit"]
_PEAK = (
    "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True);"
    "sys.exit(r.returncode) if r.returncode else print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def _run(*args: str) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one command: the largest of its processes.

    (ru_maxrss of RUSAGE_CHILDREN is the maximum over the command and its workers, not a sum.)
    """
    t0 = time.perf_counter()
    r = subprocess.run(
        [sys.executable, "-c", _PEAK, *CXKIT, *args], capture_output=True, text=True, check=True
    )
    return time.perf_counter() - t0, int(r.stdout.split()[-1]) / 1024


def _cohort(root: Path, n: int, repeat: int) -> dict[str, float]:
    """Each figure's median over `repeat` runs, each into a new cohort folder (one set of hand-ins)."""
    src = root / f"in{n}"
    make_many(src, n)
    runs: list[dict[str, float]] = []
    for k in range(max(1, repeat)):
        cohort = root / f"cohort{n}-{k}"
        out: dict[str, float] = {}
        out["collect"], out["mem_collect"] = _run("collect", str(src), str(cohort))
        out["grade"], out["mem_grade"] = _run("grade", str(cohort), "--quiet")
        out["regrade"], _ = _run("grade", str(cohort), "--quiet")
        out["export"], out["mem_export"] = _run("export", str(cohort), "--no-figures")
        runs.append(out)
        shutil.rmtree(cohort, ignore_errors=True)
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def _peaks(r: dict[str, float]) -> str:
    """Peak memory of each command (its largest process), so a miss names the command."""
    return (
        f"peak memory: collect {r['mem_collect']:.0f} MB, grade {r['mem_grade']:.0f} MB, "
        f"export {r['mem_export']:.0f} MB"
    )


def rows(repeat: int) -> list[Row]:
    """Collect + grade, re-grade and export at 1,000 / 10,000 / 50,000 workbooks (medians of
    `repeat` runs up to 10,000; the 50,000 cohort once)."""
    res: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as d:
        for n in SIZES:
            res[n] = _cohort(Path(d), n, repeat if n <= 10_000 else 1)
    out: list[Row] = []
    prev = None
    for n in SIZES:
        r = res[n]
        cg = r["collect"] + r["grade"]
        if n == 10_000:
            out.append(Row(f"collect + grade {n:,} workbooks (CLI)", cg, "s", "target", 10.0,
                           note=f"collect {r['collect']:.2f} s, grade {r['grade']:.2f} s; "
                                f"{_peaks(r)} (target < 500 each)"))  # fmt: skip
            out.append(Row(f"export {n:,} (CLI, LMS CSV + 2 pages each)", r["export"], "s",
                           "target", 10.0, note=f"peak memory {r['mem_export']:.0f} MB"))  # fmt: skip
        elif prev is None:
            out.append(Row(f"collect + grade {n:,} workbooks (CLI)", cg, "s", note=(
                f"collect {r['collect']:.2f} s, grade {r['grade']:.2f} s, export {r['export']:.2f} s; "
                f"{_peaks(r)}")))  # fmt: skip
        else:
            pn, pr = prev
            k = n / pn
            out.append(Row(f"collect + grade {n:,} workbooks (CLI)", cg, "s",
                           f"{k:g}x the {pn:,} time (linear)", k * (pr["collect"] + pr["grade"]),
                           note=f"export {r['export']:.2f} s; {_peaks(r)}"))  # fmt: skip
        out.append(Row(f"re-grade {n:,} unchanged workbooks (CLI)", r["regrade"], "s",
                       "first grade", r["grade"], note="target: under 10% of the first grade"))  # fmt: skip
        prev = (n, r)
    if 1_000 in res and 10_000 in res:
        a, b = res[1_000], res[10_000]
        out.append(Row("collect + grade 10,000 vs 10x 1,000 (growth)", b["collect"] + b["grade"],
                       "s", "10x the 1,000 time", 10 * (a["collect"] + a["grade"]),
                       note="above 1.00x: grows slower than linear (start-up shared)"))  # fmt: skip
        out.append(Row("export 10,000 vs 10x 1,000 (growth)", b["export"], "s",
                       "10x the 1,000 time", 10 * a["export"]))  # fmt: skip
    return out


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    for r in rows(1):
        print(r)
