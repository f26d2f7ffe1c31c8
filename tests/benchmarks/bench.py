"""Benchmarks: prints a table of medians, each against the obvious alternative in the same run.

    .venv/bin/python tests/benchmarks/bench.py [--repeat N] [--only NAME]

Each ``rows_*.py`` module beside this file contributes rows through ``rows(repeat)``,
returning a list of :class:`Row`. Not part of the test run: speed is measured here.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent


@dataclass
class Row:
    """One benchmark figure, with the alternative it is compared against."""

    name: str
    value: float
    unit: str
    baseline_name: str = ""
    baseline_value: float | None = None
    note: str = ""

    @property
    def ratio(self) -> str:
        """How many times better than the baseline (baseline / value for times)."""
        if not self.baseline_value or not self.value:
            return ""
        return f"{self.baseline_value / self.value:.2f}x"


def median_time(fn: Callable[[], object], repeat: int, warmup: int = 1) -> float:
    """Median wall time of fn over repeat runs, after warmup runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _fmt(v: float | None, unit: str) -> str:
    if v is None:
        return ""
    if unit == "s" and v < 0.1:
        return f"{v * 1000:.2f} ms"
    return f"{v:.3f} {unit}" if unit == "s" else f"{v:,.2f} {unit}"


def main() -> None:
    """Run every rows_*.py module and print one table."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--repeat", type=int, default=7, help="runs per figure (median taken)")
    ap.add_argument("--only", default="", help="only modules whose name contains this")
    args = ap.parse_args()
    rows: list[Row] = []
    for path in sorted(HERE.glob("rows_*.py")):
        if args.only and args.only not in path.stem:
            continue
        t0 = time.perf_counter()
        try:
            got = _load(path).rows(args.repeat)
        except Exception as exc:  # one broken module must not cost the other rows
            got = [Row(f"{path.stem}: FAILED", 0.0, "s", note=f"{type(exc).__name__}: {exc}")]
        rows.extend(got)
        # Progress on stderr, so a long run shows what it has while stdout keeps the table.
        for r in got:
            print(f"[{path.stem} {time.perf_counter() - t0:.0f} s] {r.name}: "
                  f"{_fmt(r.value, r.unit)} vs {_fmt(r.baseline_value, r.unit)} {r.ratio}",
                  file=sys.stderr, flush=True)  # fmt: skip
    head = ("figure", "median", "baseline", "baseline median", "ratio", "note")
    table = [head] + [
        (
            r.name,
            _fmt(r.value, r.unit),
            r.baseline_name,
            _fmt(r.baseline_value, r.unit),
            r.ratio,
            r.note,
        )
        for r in rows
    ]
    widths = [max(len(str(row[i])) for row in table) for i in range(len(head))]
    for i, row in enumerate(table):
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))
    print(f"\n(medians of {args.repeat} runs; ratio = baseline / figure, higher is better)")


if __name__ == "__main__":
    main()
