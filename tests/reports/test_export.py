"""Outputs and the coach's tools: LMS CSV, feedback pages, cohort summary, grading widget, bundle."""

from __future__ import annotations

import csv
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cxkit.coach.grade_run import grade_cohort
from cxkit.coach.gradebook import Gradebook
from cxkit.coach.grading import load_key
from cxkit.reports.cohort import cohort_figures, label_confusion
from cxkit.reports.export import lms_rows, results_table, write_summary
from cxkit.reports.participant import participant_html, participant_markdown
from cxkit.workbook import Workbook
from tests._grading_questions import MEASURES, QUESTIONS

KEY = load_key(question_list=QUESTIONS)
SCO = "gradingtest/sco"
HOSTILE = "<script>alert('x')</script> & <b>bold</b>"


@pytest.fixture
def graded(tmp_path: Path) -> Path:
    cohort = tmp_path / "cohort"
    people = {
        "Ann": {
            "gradingtest/classify": {m: k for m, (k, _) in MEASURES.items()},
            "gradingtest/share": 0.62,
            SCO: HOSTILE,
        },
        "Bo": {
            "gradingtest/classify": {
                "aht": "outcome",
                "retention": "outcome",
                "cost-to-serve": "output",
            },
            "gradingtest/north-star": "page views",
        },
        "Cy": {},
    }
    for pid, answers in people.items():
        wb = Workbook.create(cohort / f"{pid.lower()}.workbook.json", pid)
        for q, v in answers.items():
            wb.record(q, v)
    grade_cohort(cohort, key=KEY)
    with Gradebook(cohort / "gradebook.sqlite") as gb:
        gb.set_manual_score("Ann", SCO, {"customer words": 1, "measurable": 0}, HOSTILE, "Coach")
    return cohort


def results(cohort: Path) -> list[dict]:
    with Gradebook(cohort / "gradebook.sqlite") as gb:
        return gb.results()


def test_lms_rows_one_column_per_exercise_plus_total(graded: Path) -> None:
    header, rows = lms_rows(results(graded))
    assert header == ["participant_id", "gt-ex1", "gt-ex2", "total"]
    by = {r[0]: r for r in rows}
    assert by["Ann"] == ["Ann", 8.0, 1.0, 9.0]  # rubric 1 of 4 levels -> 1 of 4 points
    assert by["Cy"] == ["Cy", 0.0, 0.0, 0.0]
    assert by["Bo"][1] == 0.0 and by["Bo"][3] == by["Bo"][1] + by["Bo"][2]


def test_feedback_escapes_participant_text(graded: Path) -> None:
    ann = next(p for p in results(graded) if p["participant_id"] == "Ann")
    page = participant_html(ann)
    assert "<script>" not in page and "&lt;script&gt;" in page and "<b>bold" not in page
    assert "9 of 17 points" in page and "Your coach's comment:" in page
    md = participant_markdown(ann)
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "customer words: level 1" in md


def test_misclassification_table_counts(graded: Path) -> None:
    pairs, worst = label_confusion(results(graded), "gradingtest/classify")
    assert pairs[("output", "outcome")] == 1  # Bo called AHT an outcome
    assert pairs[("impact", "outcome")] == 1 and pairs[("impact", "output")] == 1
    assert pairs[("output", "output")] == 2  # Ann: both outputs right
    assert worst["retention"] == 1 and worst["calls-answered"] == 1  # unlabelled counts as wrong


def test_summary_figures_are_labelled(graded: Path) -> None:
    figs = cohort_figures(results(graded))
    assert set(figs) == {
        "Score distribution",
        "Where the cohort struggles",
        "Most-missed questions",
        "Measures classified",  # the figure the labelling question registers
        "Rubric levels",
    }
    for fig in figs.values():
        ax = fig.axes[0]
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_summary_page_and_results_table(graded: Path) -> None:
    out = write_summary(graded / "gradebook.sqlite", graded / "summary.html")
    page = out.read_text()
    assert page.count("<img") == 5 and "<script>" not in page
    df = results_table(graded / "gradebook.sqlite")
    assert list(df.index) == ["Ann", "Bo", "Cy"]
    assert (
        df.loc["Bo", "rubric items to score"] == 0
    )  # Bo left the rubric item blank: 0, not pending


def test_rubric_widget_saves_each_score_at_once(graded: Path) -> None:
    from cxkit.widgets.grading import rubric_grader

    g = rubric_grader(graded / "gradebook.sqlite", order="item", grader="Coach W")
    assert len(g.tasks) == 1 and g.task.participant_id == "Ann"
    assert "&lt;script&gt;" in g.body.value and "<script>" not in g.body.value
    assert "No number, unit or time bound yet." in g.body.value
    g.level_widgets["measurable"].value = 2
    g.comment.value = "Now with a number."
    assert g.save()
    with Gradebook(graded / "gradebook.sqlite") as gb:
        m = gb.manual_for("Ann")[SCO]
    assert m["levels"] == {"customer words": 1.0, "measurable": 2.0}
    assert m["comment"] == "Now with a number." and m["grader"] == "Coach W"
    assert "Saved ✓" in g.status.value


def test_cli_export_review_and_scores(graded: Path, tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "cxkit", *args], capture_output=True, text=True
        )

    r = run("export", str(graded))
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader((graded / "exports" / "lms-grades.csv").open()))
    assert rows[0][-1] == "total" and len(rows) == 4
    assert len(list((graded / "exports" / "feedback").glob("*.html"))) == 3
    assert (graded / "exports" / "summary.html").exists()
    r = run("review", str(graded))
    assert r.returncode == 0 and "Rubric items still to score: 0." in r.stdout
    r = run("scores", "export", str(graded), str(tmp_path / "s.csv"))
    assert r.returncode == 0 and "wrote 2 rows" in r.stdout
    r = run("export", str(tmp_path / "nowhere"))
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_release_writes_participant_bundles(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    roster = tmp_path / "roster.txt"
    roster.write_text("Ann Lee\n../evil\n")
    r = subprocess.run(
        [
            sys.executable, "-m", "cxkit", "release",
            "--solutions", str(root / "solutions"), "--exercises", str(tmp_path / "exercises"),
            "--lessons", str(root / "notebooks"), "--bundle", str(tmp_path / "dist" / "bundle.zip"),
            "--roster", str(roster),
        ],
        capture_output=True, text=True,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "skipped '../evil'" in r.stderr
    names = zipfile.ZipFile(tmp_path / "dist" / "bundle.zip").namelist()
    assert "START-HERE.txt" in names
    assert {f"exercises/{p.name}" for p in (tmp_path / "exercises").glob("*.ipynb")} <= set(names)
    assert {f"notebooks/{p.name}" for p in (root / "notebooks").glob("*.ipynb")} <= set(names)
    assert not any("coach" in n for n in names)
    ann = zipfile.ZipFile(tmp_path / "dist" / "bundles" / "ann-lee.zip")
    wb_name = "exercises/ann-lee.workbook.json"
    assert wb_name in ann.namelist()
    (tmp_path / "x").mkdir()
    ann.extract(wb_name, tmp_path / "x")
    wb = Workbook.open(tmp_path / "x" / wb_name)
    assert wb.participant_id == "Ann Lee" and wb.answers() == []
    assert len(list((tmp_path / "dist" / "bundles").iterdir())) == 1


@pytest.mark.parametrize("seed", [1, 2])
def test_export_killed_at_a_random_moment_is_finished_by_a_rerun(tmp_path: Path, seed) -> None:
    import json
    import random
    import signal
    import time

    cohort = tmp_path / "cohort"
    cohort.mkdir()
    n = 1200
    for i in range(n):
        doc = {
            "format": "cxkit-workbook", "schema_version": 2, "participant_id": f"P{i:04d}",
            "kit_version": "0.1.0", "created_at": "2026-03-10T10:00:00+00:00",
            "answers": {"gradingtest/share": {"value": i / n, "saved_at": "2026-03-10T10:00:00+00:00", "revision": 1}},
        }  # fmt: skip
        (cohort / f"p{i:04d}.workbook.json").write_text(json.dumps(doc))
    gb = grade_cohort(cohort, key=KEY).gradebook
    before = gb.read_bytes()
    out = cohort / "exports"
    cmd = [sys.executable, "-m", "cxkit", "export", str(cohort), "--no-figures"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    want = random.Random(seed).randint(100, 2000)  # pages written before the kill
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if (out / "feedback").is_dir() and sum(1 for _ in (out / "feedback").iterdir()) >= want:
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "export finished before it could be killed"
    assert gb.read_bytes() == before  # an export never writes to the gradebook
    for p in (out / "feedback").glob("*.html"):  # every page there is whole
        assert p.read_text(encoding="utf-8").rstrip().endswith("</html>")
    r = subprocess.run(cmd, capture_output=True, text=True)  # the same command again
    assert r.returncode == 0, r.stderr
    pages = sorted((out / "feedback").iterdir())
    assert len(pages) == 2 * n and not [p for p in pages if p.name.startswith(".")]
    # Rendered afresh in a process like the CLI's (the test questions are not registered there).
    code = (
        "import json, sys; from cxkit.coach.gradebook import Gradebook; "
        "from cxkit.reports.participant import pages\n"
        "with Gradebook(sys.argv[1], readonly=True) as gb:\n"
        "    print(json.dumps({p['participant_id']: pages(p) for p in gb.results()}))"
    )
    fresh = subprocess.run(
        [sys.executable, "-c", code, str(cohort / "gradebook.sqlite")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    want_pages = json.loads(fresh.stdout)
    for p in pages:
        pid = "P" + p.stem[1:]
        text = p.read_text(encoding="utf-8")
        assert text == want_pages[pid][1 if p.suffix == ".html" else 0]
    rows = list(csv.reader((out / "lms-grades.csv").read_text(encoding="utf-8").splitlines()))
    assert len(rows) == n + 1
    assert not list(cohort.glob("gradebook.sqlite-*"))


def _many_graded(tmp_path: Path, n: int) -> Path:
    """n participants whose answers repeat (as a real cohort's do), one with hostile text."""
    cohort = tmp_path / "many"
    for k in range(n):
        wb = Workbook.create(cohort / f"p{k:04d}.workbook.json", f"P{k:04d}")
        wb.record("gradingtest/share", [0.62, 0.5, 0.1][k % 3])
        wb.record("gradingtest/classify", {"aht": ["output", "outcome"][k % 2]})
        wb.record(SCO, HOSTILE if k == 7 else ["fewer repeat calls", "happier"][k % 2])
    grade_cohort(cohort, key=KEY, workers=1)
    with Gradebook(cohort / "gradebook.sqlite") as gb:
        gb.set_manual_score("P0003", SCO, {"customer words": 2}, "good & <clear>", "Coach")
    return cohort


# 450: the pages are written by two forked processes; streamed: each reads its own range of
# participants from the gradebook (nothing loaded whole, nothing pickled).
@pytest.mark.parametrize(("n", "streamed"), [(12, False), (450, False), (12, True), (451, True)])
def test_exported_pages_equal_direct_rendering(tmp_path: Path, n: int, streamed: bool) -> None:
    from cxkit.reports.export import lms_summary, write_feedback

    cohort = _many_graded(tmp_path, n)
    res = results(cohort)
    lms: list = []
    files = write_feedback(
        cohort / "gradebook.sqlite", tmp_path / "fb", results=None if streamed else res, lms=lms
    )
    assert lms == [lms_summary(p) for p in res]  # every participant once, in id order
    assert len(files) == 2 * n and all(f.is_file() for f in files)
    for p, md, page in zip(res, files[::2], files[1::2], strict=True):
        assert md.read_text(encoding="utf-8") == participant_markdown(p)
        assert page.read_text(encoding="utf-8") == participant_html(p)
    assert "comment:</b> good &amp; &lt;clear&gt;" in (tmp_path / "fb" / "p0003.html").read_text()
    assert not list((tmp_path / "fb").glob(".*.tmp"))
    # A changed score rewrites exactly that participant's two pages.
    before = {f: f.stat().st_mtime_ns for f in files}
    with Gradebook(cohort / "gradebook.sqlite") as gb:
        gb.set_manual_score("P0005", SCO, {"customer words": 0}, "needs work", "Coach")
    write_feedback(cohort / "gradebook.sqlite", tmp_path / "fb")
    changed = sorted(f.name for f in files if f.stat().st_mtime_ns != before[f])
    assert changed == ["p0005.html", "p0005.md"]
    assert "needs work" in (tmp_path / "fb" / "p0005.md").read_text()
