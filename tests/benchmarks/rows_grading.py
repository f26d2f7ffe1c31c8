"""Grading rows: a 1,000-workbook cohort graded into the gradebook, against the alternatives.

- ``cxkit grade`` logic (parse, score every registered question, write the SQLite
  gradebook; summary figures excluded) on 1,000 synthetic workbooks, against the
  same work done the obvious naive way (key recomputed per workbook, one
  fsync'd commit per item);
- one submission, against an nbgrader ``autograde`` of a comparable notebook
  (same questions as cells with autograder tests, one manually graded answer),
  run from a throwaway venv (``NBGRADER_VENV``, default /tmp/nbg-venv) if it exists.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import Row, median_time

from cxkit.coach.grade_run import grade_cohort
from cxkit.coach.grading import grade_workbook, load_key
from cxkit.coach.sample_cohort import make_many
from cxkit.workbook import Workbook

N = 1000
NBG = Path(os.environ.get("NBGRADER_VENV", "/tmp/nbg-venv"))


NAIVE_SAMPLE = 100  # the naive way is slow: time 100 workbooks and scale to N


def _naive(cohort: Path, db_path: Path) -> None:
    """The obvious way: compute the key for each workbook, commit each score on its own."""
    if db_path.exists():
        db_path.unlink()
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE s (pid TEXT, qid TEXT, points REAL, feedback TEXT)")
    for path in sorted(cohort.glob("*.workbook.json"))[:NAIVE_SAMPLE]:
        wb = Workbook.open(path)
        g = grade_workbook(wb, load_key())
        for i in g.items:
            db.execute(
                "INSERT INTO s VALUES (?,?,?,?)",
                (g.participant_id, i.question_id, i.points, json.dumps(i.feedback)),
            )
    db.close()


def _nbgrader_notebook() -> dict:
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    def sol(gid: str, src: str) -> object:
        return new_code_cell(
            src,
            metadata={
                "nbgrader": {
                    "grade": False,
                    "grade_id": gid,
                    "locked": False,
                    "schema_version": 3,
                    "solution": True,
                    "task": False,
                }
            },
        )

    def test(gid: str, src: str, pts: int) -> object:
        return new_code_cell(
            src,
            metadata={
                "nbgrader": {
                    "grade": True,
                    "grade_id": gid,
                    "locked": True,
                    "points": pts,
                    "schema_version": 3,
                    "solution": False,
                    "task": False,
                }
            },
        )

    cells = [
        sol(
            "classify",
            "### BEGIN SOLUTION\nlabels = {'aht': 'output', 'calls': 'output', 'settled': 'outcome', 'road': 'outcome', 'retention': 'impact', 'cost': 'impact'}\n### END SOLUTION",
        ),
        test(
            "classify-test",
            "key = {'aht': 'output', 'calls': 'output', 'settled': 'outcome', 'road': 'outcome', 'retention': 'impact', 'cost': 'impact'}\nfor k, v in key.items():\n    assert labels.get(k) == v, k",
            6,
        ),
        sol("share", "### BEGIN SOLUTION\nshare = 0.62\n### END SOLUTION"),
        test("share-test", "assert abs(share - 0.62) <= 0.01", 2),
        sol("north", "### BEGIN SOLUTION\nnorth_star = 'nights booked'\n### END SOLUTION"),
        test("north-test", "assert north_star == 'nights booked'", 1),
        sol(
            "sins",
            "### BEGIN SOLUTION\nsins = ['AHT', 'service level', 'occupancy']\n### END SOLUTION",
        ),
        test("sins-test", "assert set(sins) == {'AHT', 'service level', 'occupancy'}", 2),
        new_markdown_cell(
            "Write the SCO statement.\n\n=== BEGIN MARK SCHEME ===\ncustomer words, measurable\n=== END MARK SCHEME ===",
            metadata={
                "nbgrader": {
                    "grade": True,
                    "grade_id": "sco",
                    "locked": False,
                    "points": 4,
                    "schema_version": 3,
                    "solution": True,
                    "task": False,
                }
            },
        ),
    ]
    nb = new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    return nbformat.writes(nb)


def _nbgrader_per_submission(repeat: int) -> tuple[float | None, str]:
    exe = NBG / "bin" / "nbgrader"
    if not exe.exists():
        return (
            None,
            f"nbgrader not installed at {NBG} (python -m venv {NBG}; {NBG}/bin/pip install nbgrader)",
        )
    with tempfile.TemporaryDirectory() as d:
        course = Path(d)
        (course / "nbgrader_config.py").write_text(
            "c = get_config()\nc.CourseDirectory.course_id = 'bench'\n"
        )
        src = course / "source" / "ps1"
        src.mkdir(parents=True)
        (src / "ps1.ipynb").write_text(_nbgrader_notebook())
        env = {**os.environ, "PATH": f"{NBG / 'bin'}:{os.environ['PATH']}"}

        def run(*a):
            return subprocess.run(
                [str(exe), *a], cwd=course, env=env, capture_output=True, text=True
            )  # noqa: E731

        r = run("generate_assignment", "ps1", "--force")
        if r.returncode != 0:
            return None, f"nbgrader generate_assignment failed: {r.stderr[-300:]}"
        released = (course / "release" / "ps1" / "ps1.ipynb").read_text()
        answered = released.replace(
            "# YOUR CODE HERE\\nraise NotImplementedError()",
            "labels = {'aht': 'output'}\\nshare = 0.62\\nnorth_star = 'x'\\nsins = ['AHT']",
        )
        times = []
        for i in range(max(3, repeat // 2)):
            sub = course / "submitted" / f"s{i}" / "ps1"
            sub.mkdir(parents=True)
            (sub / "ps1.ipynb").write_text(answered)
            t0 = time.perf_counter()
            r = run("autograde", "ps1", "--student", f"s{i}", "--create")
            times.append(time.perf_counter() - t0)
            if r.returncode != 0:
                return None, f"nbgrader autograde failed: {r.stderr[-300:]}"
        times.sort()
        return times[len(times) // 2], "nbgrader autograde subprocess (kernel start included)"


def rows(repeat: int) -> list[Row]:
    """1,000 workbooks graded vs the naive way; one submission vs nbgrader autograde."""
    with tempfile.TemporaryDirectory() as d:
        cohort = Path(d) / "cohort"
        make_many(cohort, N)
        key = load_key()
        gb = cohort / "gradebook.sqlite"

        def fresh() -> None:
            for p in cohort.glob("gradebook.sqlite*"):
                p.unlink()
            grade_cohort(cohort, key=key)

        t_grade = median_time(fresh, repeat)
        t_regrade = median_time(lambda: grade_cohort(cohort, key=key), repeat)
        naive_one = median_time(
            lambda: _naive(cohort, Path(d) / "naive.sqlite"), max(1, repeat // 3)
        )
        t_naive = naive_one * N / NAIVE_SAMPLE

        def cpu() -> float:
            for p in cohort.glob("gradebook.sqlite*"):
                p.unlink()
            t0 = time.process_time()
            grade_cohort(cohort, key=key)
            return time.process_time() - t0

        cpu_times = sorted(cpu() for _ in range(repeat))
        t_cpu = cpu_times[len(cpu_times) // 2]
        n_items = len(key)
        shutil.copy(gb, Path(d) / "keep.sqlite")
    nbg, note = _nbgrader_per_submission(repeat)
    return [
        Row(
            f"grade {N:,} workbooks ({n_items} questions each, gradebook written)",
            t_grade,
            "s",
            "naive: key per workbook, commit per item",
            t_naive,
            note=f"target ≤ 5 s; figures excluded; naive timed on {NAIVE_SAMPLE}, scaled",
        ),
        Row(
            f"grade {N:,} workbooks: CPU time of the grading process",
            t_cpu,
            "s",
            "wall time (other jobs share the 2 cores)",
            t_grade,
            note="what an idle machine's wall time approaches",
        ),
        Row(f"re-grade {N:,} unchanged workbooks", t_regrade, "s", "first grade", t_grade),
        Row(
            "grade one submission (cxkit)",
            t_grade / N,
            "s",
            "nbgrader autograde, one submission",
            nbg,
            note=note,
        ),
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    for r in rows(3):
        print(r)
