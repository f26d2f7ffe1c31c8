"""The SQLite gradebook: re-grading keeps manual scores, flags changed answers, survives SIGKILL."""

from __future__ import annotations

import csv
import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cxkit.coach.grade_run import grade_cohort
from cxkit.coach.gradebook import Gradebook, GradebookError, merge_manual_scores
from cxkit.coach.grading import grade_workbook, load_key
from cxkit.questions import Question
from cxkit.workbook import Workbook
from tests._grading_questions import QUESTIONS

KEY = load_key(question_list=QUESTIONS)
SCO = "gradingtest/sco"


def cohort_with(tmp_path: Path, people: dict[str, dict]) -> Path:
    cohort = tmp_path / "cohort"
    for pid, answers in people.items():
        wb = Workbook.create(cohort / f"{pid.lower()}.workbook.json", pid)
        for q, v in answers.items():
            wb.record(q, v)
    return cohort


def test_regrade_keeps_manual_scores_and_flags_changed_answers(tmp_path: Path) -> None:
    cohort = cohort_with(
        tmp_path,
        {"Ann": {SCO: "Back on the road in 3 days", "gradingtest/share": 0.5}, "Bo": {SCO: "fast"}},
    )
    gb_path = grade_cohort(cohort, key=KEY).gradebook
    with Gradebook(gb_path) as gb:
        gb.set_manual_score(
            "Ann", SCO, {"customer words": 2, "measurable": 1}, "Good, add a share.", "Coach K"
        )
        gb.set_manual_score(
            "Bo", SCO, {"customer words": 0, "measurable": 0}, "Weasel word.", "Coach K"
        )
        before = {p["participant_id"]: p for p in gb.results()}
    assert before["Ann"]["total"] == pytest.approx(3.0)
    # Ann hands in a new answer to the scored rubric item and fixes an auto item; the key is unchanged.
    wb = Workbook.open(cohort / "ann.workbook.json")
    wb.record(SCO, "Back on the road within 3 days for 90% of claims")
    wb.record("gradingtest/share", 0.62)
    report = grade_cohort(cohort, key=KEY)
    assert (report.changed, report.unchanged, report.flagged) == (1, 1, 1)
    with Gradebook(gb_path) as gb:
        after = {p["participant_id"]: p for p in gb.results()}
        flags = gb.open_flags()
        ann_sco = next(i for i in after["Ann"]["items"] if i["question_id"] == SCO)
        assert ann_sco["levels"] == {"customer words": 2.0, "measurable": 1.0}  # kept
        assert ann_sco["comment"] == "Good, add a share." and ann_sco["grader"] == "Coach K"
        assert "answer changed" in ann_sco["review"]
        assert list(flags) == [("Ann", SCO)]
        assert after["Ann"]["total"] == pytest.approx(3.0 + 2.0)  # auto score updated
        assert after["Bo"]["total"] == before["Bo"]["total"]
        # Grading again does not flag twice; re-scoring resolves the flag.
        assert grade_cohort(cohort, key=KEY).flagged == 0
        gb.set_manual_score("Ann", SCO, {"measurable": 2}, None, "Coach K")
        assert gb.open_flags() == {}
        ann_sco = next(i for i in gb.results()[0]["items"] if i["question_id"] == SCO)
        assert ann_sco["levels"] == {"customer words": 2.0, "measurable": 2.0}
        assert ann_sco["comment"] == "Good, add a share."  # a level-only save keeps the comment
        history = gb.db.execute("SELECT COUNT(*) FROM manual_history").fetchone()[0]
        assert history == 5


def test_key_correction_regrades_auto_only_and_marks_stale(tmp_path: Path) -> None:
    cohort = cohort_with(tmp_path, {"Ann": {"gradingtest/share": 0.7, SCO: "x"}})
    gb_path = grade_cohort(cohort, key=KEY).gradebook
    with Gradebook(gb_path) as gb:
        gb.set_manual_score("Ann", SCO, {"customer words": 1, "measurable": 1}, "ok")
    fixed = [
        Question(q.id, q.concept, q.kind, q.prompt, q.points, q.grading, q.exercise,
                 key=lambda: 0.7, tolerance=0.01)
        if q.id == "gradingtest/share" else q
        for q in QUESTIONS
    ]  # fmt: skip
    new_key = load_key(question_list=fixed)
    with Gradebook(gb_path) as gb:
        assert gb.freshness(cohort, new_key) == {
            "Ann": "stale: the answer key changed since grading"
        }
    report = grade_cohort(cohort, key=new_key)
    assert report.key_changed and "answer key changed" in "\n".join(report.lines())
    assert not grade_cohort(cohort, key=new_key).key_changed
    with Gradebook(gb_path) as gb:
        p = gb.results()[0]
        assert gb.freshness(cohort, new_key) == {"Ann": "fresh"}
        share = next(i for i in p["items"] if i["question_id"] == "gradingtest/share")
        assert share["final"] == 2.0
        assert next(i for i in p["items"] if i["question_id"] == SCO)["levels"]
        assert gb.open_flags() == {}  # same answer: nothing to review


def test_merge_manual_scores_into_workbook_grade(tmp_path: Path) -> None:
    cohort = cohort_with(
        tmp_path, {"Ann": {SCO: "Back on the road in 3 days", "gradingtest/share": 0.3}}
    )
    gb_path = grade_cohort(cohort, key=KEY).gradebook
    with Gradebook(gb_path) as gb:
        gb.set_manual_score("Ann", SCO, {"customer words": 2, "measurable": 2}, "Spot on")
        gb.set_manual_score(
            "Ann", "gradingtest/share", {"(override)": 1.5}, "Accepted your reasoning"
        )
    g = merge_manual_scores(
        grade_workbook(Workbook.open(cohort / "ann.workbook.json"), KEY), gb_path
    )
    sco = g.item(SCO)
    assert (sco.points, sco.status, sco.comment) == (4.0, "correct", "Spot on")
    assert g.item("gradingtest/share").points == 1.5  # the coach's override wins over the auto 0
    with Gradebook(gb_path) as gb:
        assert gb.results()[0]["total"] == g.total


def test_manual_scores_csv_round_trip_and_bad_rows(tmp_path: Path) -> None:
    cohort = cohort_with(tmp_path, {"Ann": {SCO: "a"}, "Bo": {SCO: "b"}})
    gb_path = grade_cohort(cohort, key=KEY).gradebook
    csv_in = tmp_path / "scores.csv"
    csv_in.write_text(
        "participant_id,question_id,criterion,level,comment\n"
        "Ann,gradingtest/sco,customer words,2,Nice\n"
        "Ann,gradingtest/sco,measurable,1,Nice\n"
        "Bo,gradingtest/sco,measurable,7,too high\n"
        "Bo,gradingtest/sco,colour,1,no such criterion\n"
        "Zed,gradingtest/sco,measurable,1,not in cohort\n"
        "Bo,gradingtest/sco,measurable,one,not a number\n",
        encoding="utf-8",
    )
    with Gradebook(gb_path) as gb:
        saved, problems = gb.import_manual_csv(csv_in, "Coach Q")
        assert saved == 2 and len(problems) == 4
        assert [p.split(":")[0] for p in problems] == ["line 4", "line 5", "line 6", "line 7"]
        out = tmp_path / "out.csv"
        assert gb.export_manual_csv(out) == 4  # Bo's two criteria are there too, blank, to fill in
        rows = list(csv.DictReader(out.open(encoding="utf-8")))
        assert [(r["participant_id"], r["criterion"], r["level"]) for r in rows] == [
            ("Ann", "customer words", "2"),
            ("Ann", "measurable", "1"),
            ("Bo", "customer words", ""),
            ("Bo", "measurable", ""),
        ]
        assert rows[2]["answer (first 300 characters)"] == "b"
        assert "2: theirs" in rows[2]["levels (for reference)"]
        scored_at = gb.manual_for("Ann")[SCO]["scored_at"]
        assert gb.import_manual_csv(out) == (0, [])  # unchanged rows touch nothing
        assert gb.manual_for("Ann")[SCO]["scored_at"] == scored_at
    cohort2 = cohort_with(tmp_path / "again", {"Ann": {SCO: "a"}, "Bo": {SCO: "b"}})
    gb2 = grade_cohort(cohort2, key=KEY).gradebook
    r = subprocess.run(
        [sys.executable, "-m", "cxkit", "scores", "import", str(cohort2), str(out)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert r.returncode == 0 and "saved 2 rows; skipped 0" in r.stdout, r.stderr
    rows[3]["level"] = "2"  # the coach fills in a blank row in the spreadsheet
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    with Gradebook(gb2) as gb:
        assert gb.import_manual_csv(out, "Coach S") == (1, [])
        assert gb.manual_for("Bo")[SCO] | {"scored_at": ""} == {
            "levels": {"measurable": 2.0},
            "comment": "",
            "grader": "Coach S",
            "scored_at": "",
            "points": None,
        }
    with Gradebook(gb2) as gb:
        assert gb.manual_for("Ann")[SCO]["levels"] == {"customer words": 2.0, "measurable": 1.0}


def test_not_a_gradebook_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "gradebook.sqlite"
    bad.write_text("this is not sqlite " * 100)
    with pytest.raises(GradebookError, match="cannot be opened"):
        Gradebook(bad).results()
    assert bad.read_text().startswith("this is not sqlite")


def test_unknown_item_score_is_refused(tmp_path: Path) -> None:
    cohort = cohort_with(tmp_path, {"Ann": {SCO: "a"}})
    with (
        Gradebook(grade_cohort(cohort, key=KEY).gradebook) as gb,
        pytest.raises(GradebookError, match="no graded item"),
    ):
        gb.set_manual_score("Mallory", SCO, {"measurable": 2})


KILL_CHILD = """
import sys
from tests._grading_questions import QUESTIONS
from cxkit.coach.grade_run import grade_cohort
from cxkit.coach.grading import load_key
grade_cohort(sys.argv[1], key=load_key(question_list=QUESTIONS), batch=int(sys.argv[2]))
print("finished", flush=True)
"""


def _big_cohort(folder: Path, n: int, tag: str = "") -> None:
    folder.mkdir(exist_ok=True)
    for i in range(n):
        doc = {
            "format": "cxkit-workbook", "schema_version": 2, "participant_id": f"P{i:05d}",
            "kit_version": "0.1.0", "created_at": "2026-03-10T10:00:00+00:00",
            "answers": {
                "gradingtest/share": {"value": i / n, "saved_at": "2026-03-10T10:00:00+00:00", "revision": 1},
                SCO: {"value": f"answer {i}{tag}", "saved_at": "2026-03-10T10:00:00+00:00", "revision": 1},
            },
        }  # fmt: skip
        (folder / f"p{i:05d}.workbook.json").write_text(json.dumps(doc))


@pytest.mark.slow
def test_gradebook_survives_sigkill_mid_run(tmp_path: Path) -> None:
    cohort = tmp_path / "cohort"
    _big_cohort(cohort, 6000)
    root = Path(__file__).resolve().parents[2]
    # A first full grade, and a manual score that must survive.
    grade_cohort(cohort, key=KEY)
    with Gradebook(cohort / "gradebook.sqlite") as gb:
        gb.set_manual_score("P00001", SCO, {"customer words": 2, "measurable": 2}, "kept")
    _big_cohort(cohort, 6000, tag=" (resubmitted)")  # new hand-ins: every workbook is re-graded
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_CHILD, str(cohort), "5"], cwd=root,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    db = sqlite3.connect(cohort / "gradebook.sqlite", timeout=30)
    deadline = time.monotonic() + 60
    started = None
    while time.monotonic() < deadline:
        row = db.execute("SELECT MAX(run_id) FROM runs").fetchone()
        if row[0] and row[0] > 1:
            started = row[0]
            n = db.execute(
                "SELECT COUNT(*) FROM participants WHERE run_id=?", (started,)
            ).fetchone()[0]
            if n >= 200:
                break
        time.sleep(0.01)
    db.close()
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the grader finished before it could be killed"
    db = sqlite3.connect(cohort / "gradebook.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    status = db.execute("SELECT status FROM runs WHERE run_id=?", (started,)).fetchone()[0]
    assert status == "running"  # never marked finished: `cxkit review` reports it
    done = db.execute("SELECT COUNT(*) FROM participants WHERE run_id=?", (started,)).fetchone()[0]
    assert 200 <= done < 6000
    # Every participant has a complete set of items, from one run or the other.
    per = db.execute(
        "SELECT COUNT(*) FROM (SELECT participant_id, COUNT(*) c, COUNT(DISTINCT run_id) r "
        "FROM auto_scores GROUP BY participant_id HAVING c != ? OR r != 1)",
        (len(QUESTIONS),),
    ).fetchone()[0]
    assert per == 0
    assert db.execute("SELECT COUNT(*) FROM participants").fetchone()[0] == 6000
    level = db.execute("SELECT comment FROM comments WHERE participant_id='P00001'").fetchone()[0]
    assert level == "kept"
    db.close()
    r = subprocess.run(
        [sys.executable, "-m", "cxkit", "review", str(cohort)], capture_output=True, text=True
    )
    assert r.returncode == 0 and "did not finish: run `cxkit grade` again" in r.stdout, r.stderr
    report = grade_cohort(cohort, key=KEY)  # a re-run completes
    assert report.graded == 6000 and report.new == 0 and not report.problems
    assert report.changed == 6000 - done  # only those the killed run had not reached
    again = grade_cohort(cohort, key=KEY)
    assert again.graded == again.unchanged == 6000


def test_readonly_merge_needs_a_real_gradebook(tmp_path: Path) -> None:
    cohort = cohort_with(tmp_path, {"Ann": {SCO: "a"}})
    g = grade_workbook(Workbook.open(cohort / "ann.workbook.json"), KEY)
    with pytest.raises(GradebookError, match="not found"):
        merge_manual_scores(g, tmp_path / "missing.sqlite")
    assert not (tmp_path / "missing.sqlite").exists()  # a reader never creates a gradebook
    gb_path = grade_cohort(cohort, key=KEY).gradebook
    before = gb_path.read_bytes()
    merge_manual_scores(g, gb_path)
    assert gb_path.read_bytes() == before


def _run_ids(gb_path: Path) -> dict[str, int]:
    db = sqlite3.connect(gb_path)
    try:
        return dict(db.execute("SELECT participant_id, run_id FROM participants"))
    finally:
        db.close()


def test_unchanged_regrade_skips_by_content_hash_and_rescores_exactly_the_changed_one(
    tmp_path: Path,
) -> None:
    cohort = tmp_path / "cohort"
    _big_cohort(cohort, 10_000)
    first = grade_cohort(cohort, key=KEY)
    assert first.new == 10_000
    before = _run_ids(first.gradebook)
    # One answer changes in one of 10,000 workbooks.
    path = cohort / "p04321.workbook.json"
    doc = json.loads(path.read_text())
    doc["answers"]["gradingtest/share"]["value"] = 0.62
    doc["answers"]["gradingtest/share"]["saved_at"] = "2026-03-11T09:00:00+00:00"
    path.write_text(json.dumps(doc))
    second = grade_cohort(cohort, key=KEY)
    assert (second.graded, second.changed, second.unchanged, second.new) == (10_000, 1, 9_999, 0)
    after = _run_ids(second.gradebook)
    rescored = {pid for pid in after if after[pid] != before[pid]}
    assert rescored == {"P04321"}
    with Gradebook(second.gradebook, readonly=True) as gb:
        item = next(
            i
            for p in gb.results()
            if p["participant_id"] == "P04321"
            for i in p["items"]
            if i["question_id"] == "gradingtest/share"
        )
    assert item["answer"] == 0.62 and item["status"] == "correct"
    # A changed key re-grades everyone, even with every file unchanged.
    other = load_key(question_list=[q for q in QUESTIONS if q.id != SCO])
    third = grade_cohort(cohort, key=other)
    assert third.key_changed and set(_run_ids(third.gradebook).values()) == {third.run_id}


def test_reading_the_gradebook_leaves_no_side_files(tmp_path: Path) -> None:
    cohort = cohort_with(tmp_path, {"Ann": {SCO: "a"}, "Bo": {"gradingtest/share": 0.5}})
    gb_path = grade_cohort(cohort, key=KEY).gradebook
    side = lambda: sorted(p.name for p in cohort.glob("gradebook.sqlite-*"))  # noqa: E731
    assert side() == []  # the grader tidies up when it closes
    with Gradebook(gb_path, readonly=True) as gb:
        gb.results()
        gb.freshness(cohort, KEY)
    assert side() == []
    g = grade_workbook(Workbook.open(cohort / "ann.workbook.json"), KEY)
    merge_manual_scores(g, gb_path)  # what assessment does
    assert side() == []


COACH_CHILD = """
import sys
from cxkit.coach.gradebook import Gradebook
gb_path, who, first, last = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
for i in range(first, last):
    with Gradebook(gb_path) as gb:
        gb.set_manual_score(f"P{i:05d}", "gradingtest/sco", {"customer words": 1 + i % 2}, f"{who} {i}", grader=who)
print("done", flush=True)
"""

GRADE_CHILD = """
import sys
from tests._grading_questions import QUESTIONS
from cxkit.coach.grade_run import grade_cohort
from cxkit.coach.grading import load_key
r = grade_cohort(sys.argv[1], key=load_key(question_list=QUESTIONS), batch=20)
print(r.graded, r.changed, flush=True)
"""


def test_two_coaches_score_while_a_grader_runs_and_nothing_is_lost(tmp_path: Path) -> None:
    cohort = tmp_path / "cohort"
    _big_cohort(cohort, 1500)
    gb_path = grade_cohort(cohort, key=KEY).gradebook
    _big_cohort(cohort, 1500, tag=" v2")  # new hand-ins, so the grader really writes
    root = Path(__file__).resolve().parents[2]

    def start(code: str, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-c", code, *args], cwd=root,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip

    procs = [
        start(GRADE_CHILD, str(cohort)),
        start(COACH_CHILD, str(gb_path), "ann", "0", "150"),
        start(COACH_CHILD, str(gb_path), "bo", "100", "250"),  # 50 items scored by both
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
    assert outs[0][0].split() == ["1500", "1500"]
    db = sqlite3.connect(gb_path)
    scored = {r[0] for r in db.execute("SELECT participant_id FROM manual_scores")}
    assert scored == {f"P{i:05d}" for i in range(250)}
    history = db.execute("SELECT grader, COUNT(*) FROM manual_history GROUP BY grader").fetchall()
    assert dict(history) == {"ann": 150, "bo": 150}  # every write kept in the history
    both = db.execute(
        "SELECT grader, comment FROM comments WHERE participant_id BETWEEN 'P00100' AND 'P00149'"
    ).fetchall()
    assert len(both) == 50 and all(c == f"{g} {c.split()[1]}" for g, c in both)
    assert db.execute("SELECT COUNT(*) FROM auto_scores").fetchone()[0] == 1500 * len(QUESTIONS)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_results_equal_a_plain_reading_of_every_cell(tmp_path: Path) -> None:
    """results() decodes repeated cells once; what it returns equals json.loads of each row."""
    cohort = tmp_path / "c"
    for k in range(30):
        wb = Workbook.create(cohort / f"p{k:02d}.workbook.json", f"P{k:02d}")
        wb.record(SCO, ["fewer repeat calls", "a customer says so"][k % 2])
        if k % 3:
            wb.record("gradingtest/share", 0.62 if k % 2 else 0.1)
    grade_cohort(cohort, key=KEY, workers=1)
    with Gradebook(cohort / "gradebook.sqlite") as gb:
        gb.set_manual_score("P04", SCO, {"customer words": 1}, "ok")
        got = gb.results()
        rows = gb.db.execute("SELECT * FROM auto_scores ORDER BY participant_id, question_id")
        plain = [dict(r) for r in rows]
    items = [i for p in got for i in p["items"]]
    assert [p["participant_id"] for p in got] == sorted(f"P{k:02d}" for k in range(30))
    assert len(items) == len(plain) > 30
    for item, row in zip(items, plain, strict=True):
        for col in ("feedback", "findings", "answer", "detail"):
            row[col] = json.loads(row[col]) if row[col] else None
        assert row.pop("participant_id") in {p["participant_id"] for p in got}
        assert {k: item[k] for k in row} == row
    p04 = next(p for p in got if p["participant_id"] == "P04")
    assert next(i for i in p04["items"] if i["question_id"] == SCO)["comment"] == "ok"
    # An empty list is never shared: changing one item's cannot change another's.
    empties = [i["findings"] for i in items if i["findings"] == []]
    assert len({id(e) for e in empties}) == len(empties) > 1


def test_unchanged_regrade_needs_no_key_until_a_workbook_or_a_key_source_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    import cxkit.coach.grade_run as gradebook_mod
    from cxkit.coach.sample_cohort import make_many

    root = Path(__file__).resolve().parents[2]
    sol = tmp_path / "solutions"
    shutil.copytree(root / "solutions", sol)
    cohort = tmp_path / "cohort"
    make_many(cohort, 30)
    first = grade_cohort(cohort, solutions=sol, workers=1)
    assert first.new == 30
    with Gradebook(first.gradebook, readonly=True) as gb:
        results = gb.results()

    def no_key(*_a, **_k):
        raise AssertionError("the key was built")

    real = gradebook_mod.load_key
    monkeypatch.setattr(gradebook_mod, "load_key", no_key)
    second = grade_cohort(cohort, solutions=sol, workers=1)  # nothing changed: no key needed
    assert (second.unchanged, second.new, second.changed, second.key_changed) == (30, 0, 0, False)
    with Gradebook(second.gradebook, readonly=True) as gb:
        assert gb.results() == results
    # A changed workbook needs the key ...
    wb = sorted(cohort.glob("*.workbook.json"))[3]
    doc = json.loads(wb.read_text())
    qid = next(iter(doc["answers"]))
    doc["answers"][qid]["saved_at"] = "2026-03-12T09:00:00+00:00"
    wb.write_text(json.dumps(doc))
    with pytest.raises(AssertionError, match="the key was built"):
        grade_cohort(cohort, solutions=sol, workers=1)
    monkeypatch.setattr(gradebook_mod, "load_key", real)
    third = grade_cohort(cohort, solutions=sol, workers=1)
    assert (third.changed, third.unchanged) == (1, 29)
    # ... and so does a change to a key source (here a solution notebook), workbooks unchanged.
    nb = sorted(sol.glob("*.ipynb"))[0]
    nb.write_text(nb.read_text() + "\n")
    monkeypatch.setattr(gradebook_mod, "load_key", no_key)
    with pytest.raises(AssertionError, match="the key was built"):
        grade_cohort(cohort, solutions=sol, workers=1)


@pytest.mark.parametrize("workers", [1, 2])
def test_equal_answers_share_one_stored_grade_and_replaced_grades_are_forgotten(
    tmp_path: Path, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each distinct grade is stored once (sent once by each worker); a re-grade that replaces
    someone's answers leaves no grade nobody points to, and every item still reads back."""
    import cxkit.coach.grade_run as grade_run

    monkeypatch.setattr(grade_run, "PARALLEL_FROM", 2)
    answers = ["fewer repeat calls", "a customer says so", "back on the road in 3 days"]
    cohort = tmp_path / "c"
    for k in range(60):
        wb = Workbook.create(cohort / f"p{k:02d}.workbook.json", f"P{k:02d}")
        wb.record(SCO, answers[k % 3])
    grade_cohort(cohort, key=KEY, workers=workers)
    db = sqlite3.connect(cohort / "gradebook.sqlite")
    grades = db.execute("SELECT COUNT(*) FROM item_grades").fetchone()[0]
    # three answers to SCO plus one unanswered grade for each other question
    assert grades == 3 + len(QUESTIONS) - 1
    assert db.execute("SELECT COUNT(*) FROM auto_scores").fetchone()[0] == 60 * len(QUESTIONS)
    db.close()
    wb = Workbook.open(cohort / "p00.workbook.json")
    wb.record(SCO, "something nobody else wrote")
    for k in range(3, 60, 3):  # everyone else who wrote answers[0] changes too
        Workbook.open(cohort / f"p{k:02d}.workbook.json").record(SCO, answers[1])
    assert grade_cohort(cohort, key=KEY, workers=workers).changed == 20
    db = sqlite3.connect(cohort / "gradebook.sqlite")
    assert db.execute("SELECT COUNT(*) FROM item_grades").fetchone()[0] == grades
    unused = "SELECT COUNT(*) FROM item_grades WHERE grade_ref NOT IN (SELECT grade_ref FROM scored_items)"
    assert db.execute(unused).fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM auto_scores").fetchone()[0] == 60 * len(QUESTIONS)
    db.close()
    with Gradebook(cohort / "gradebook.sqlite") as gb:
        p00 = next(p for p in gb.results() if p["participant_id"] == "P00")
    assert next(i for i in p00["items"] if i["question_id"] == SCO)["answer"] == (
        "something nobody else wrote"
    )


def test_a_second_workbook_not_graded_still_hands_on_the_grades_others_share(
    tmp_path: Path,
) -> None:
    """The skipped copy is the first to bring a grade; a later participant names it by ref."""
    cohort = tmp_path / "c"
    Workbook.create(cohort / "a1.workbook.json", "Ann").record(SCO, "first answer")
    Workbook.create(cohort / "a2.workbook.json", "Ann").record(SCO, "only in the copy")
    Workbook.create(cohort / "b.workbook.json", "Bo").record(SCO, "only in the copy")
    report = grade_cohort(cohort, key=KEY, workers=1)
    assert len(report.problems) == 1
    with Gradebook(cohort / "gradebook.sqlite") as gb:
        bo = next(p for p in gb.results() if p["participant_id"] == "Bo")
    assert len(bo["items"]) == len(QUESTIONS)
    assert next(i for i in bo["items"] if i["question_id"] == SCO)["answer"] == "only in the copy"


def test_a_gradebook_from_an_older_cxkit_moves_to_shared_grades_and_reads_the_same(
    tmp_path: Path,
) -> None:
    """An older gradebook held one auto_scores table with a full copy per participant."""
    cohort = cohort_with(tmp_path, {"Ann": {SCO: "fast"}, "Bo": {SCO: "fast"}, "Cy": {}})
    gb_path = grade_cohort(cohort, key=KEY).gradebook
    with Gradebook(gb_path) as gb:
        gb.set_manual_score("Ann", SCO, {"customer words": 1}, "ok")
        before = gb.results()
    db = sqlite3.connect(gb_path)  # rebuild the old layout from what is stored
    db.executescript(
        "CREATE TABLE old AS SELECT * FROM auto_scores; DROP VIEW auto_scores;"
        "ALTER TABLE old RENAME TO auto_scores; DROP TABLE scored_items; DROP TABLE item_grades;"
    )
    db.close()
    with Gradebook(gb_path, readonly=True) as gb:  # a reader never changes it
        assert gb.results() == before
    with Gradebook(gb_path) as gb:
        assert gb.results() == before
    db = sqlite3.connect(gb_path)
    kind = db.execute("SELECT type FROM sqlite_master WHERE name='auto_scores'").fetchone()[0]
    assert kind == "view"
    assert db.execute("SELECT COUNT(*) FROM item_grades").fetchone()[0] == len(QUESTIONS) + 1
    db.close()
    assert grade_cohort(cohort, key=KEY).unchanged == 3


def test_two_cohorts_graded_in_one_process_each_hold_every_grade(tmp_path: Path) -> None:
    """A grade sent to one gradebook is sent again to the next (each run starts afresh)."""
    for name in ("one", "two"):
        cohort = cohort_with(tmp_path / name, {"Ann": {SCO: "fast"}, "Bo": {SCO: "fast"}})
        grade_cohort(cohort, key=KEY, workers=1)
        with Gradebook(cohort / "gradebook.sqlite") as gb:
            assert [len(p["items"]) for p in gb.results()] == [len(QUESTIONS)] * 2
