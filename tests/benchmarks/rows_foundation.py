"""Foundation rows: command start-up and workbook save latency."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from bench import Row, median_time

from cxkit.workbook import Workbook

BIN = Path(sys.executable).parent


def _cmd(*args: str) -> None:
    subprocess.run(list(args), check=True, capture_output=True)


def rows(repeat: int) -> list[Row]:
    """cxkit --help against papermill --help; workbook save against a plain json.dump."""
    cx = median_time(lambda: _cmd(str(BIN / "cxkit"), "--help"), repeat)
    pm = median_time(lambda: _cmd(str(BIN / "papermill"), "--help"), repeat)
    with tempfile.TemporaryDirectory() as d:
        wb = Workbook.create(Path(d) / "bench.workbook.json", "bench")
        for i in range(30):  # a realistic workbook size before timing
            wb.record(f"bench/q{i}", {"text": "outcome " * 40, "n": i})
        counter = iter(range(10**9))
        save = median_time(lambda: wb.record("bench/live", next(counter)), repeat * 10)
        plain_path = Path(d) / "plain.json"

        def plain() -> None:
            import json

            plain_path.write_text(json.dumps(wb.data))

        plain_t = median_time(plain, repeat * 10)
    return [
        Row("cxkit --help wall time", cx, "s", "papermill --help", pm),
        Row(
            "workbook save (atomic, fsync, backup, lock)",
            save,
            "s",
            "plain json write (unsafe)",
            plain_t,
            note="ratio < 1: the price of never losing an answer",
        ),
    ]
