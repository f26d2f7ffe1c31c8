"""Collecting hand-ins: the malformed-input corpus, safe zips, duplicates, and the real CLI.

Every corpus case puts one bad input beside two good workbooks, collects and grades
the folder, and checks: the bad input gets a clear status, the good ones are
graded, and nothing is written outside the cohort folder.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from cxkit.coach import collect as collect_mod
from cxkit.coach.collect import collect
from cxkit.coach.grade_run import grade_cohort
from cxkit.coach.grading import load_key
from cxkit.reports.export import write_feedback, write_lms_csv
from cxkit.words import local_time
from cxkit.workbook import parse_workbook
from tests._grading_questions import QUESTIONS

KEY = load_key(question_list=QUESTIONS)


def wb_doc(
    pid: object, answers: dict | None = None, when: str = "2026-03-10T10:00:00.000+00:00"
) -> dict:
    answers = answers if answers is not None else {"gradingtest/share": 0.62}
    return {
        "format": "cxkit-workbook",
        "schema_version": 2,
        "participant_id": pid,
        "kit_version": "0.1.0",
        "created_at": when,
        "answers": {q: {"value": v, "saved_at": when, "revision": 1} for q, v in answers.items()},
    }


def put(path: Path, content: str | bytes | dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, dict):
        content = json.dumps(content)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def zip_with(path: Path, members: dict[str, bytes], links: tuple[str, ...] = ()) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            if name in links:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, data, zipfile.ZIP_DEFLATED)
    return path


GOOD = json.dumps(wb_doc("Zed Good")).encode()

# name -> (make(src, tmp) , expected status, expected words in the message)
Case = tuple[Callable[[Path, Path], None], str, str]
CORPUS: dict[str, Case] = {
    "garbage": (
        lambda s, t: put(s / "x.workbook.json", "hello there"),
        "corrupt",
        "not valid JSON",
    ),
    "truncated": (lambda s, t: put(s / "x.workbook.json", GOOD[:40]), "corrupt", "not valid JSON"),
    "empty-file": (lambda s, t: put(s / "x.workbook.json", b""), "empty", "empty"),
    "whitespace": (lambda s, t: put(s / "x.workbook.json", "  \n\t "), "empty", "empty"),
    "not-utf8": (
        lambda s, t: put(s / "x.workbook.json", b"\xff\xfe\x00bin"),
        "corrupt",
        "not UTF-8",
    ),
    "json-array": (
        lambda s, t: put(s / "x.workbook.json", "[1, 2]"),
        "not a workbook",
        "not a cxkit workbook",
    ),
    "foreign-json": (
        lambda s, t: put(s / "x.json", {"name": "Priya"}),
        "not a workbook",
        "not a cxkit workbook",
    ),
    "wrong-format": (
        lambda s, t: put(s / "x.workbook.json", {**wb_doc("A B"), "format": "other"}),
        "not a workbook",
        "not a cxkit workbook",
    ),
    "newer-schema": (
        lambda s, t: put(s / "x.workbook.json", {**wb_doc("A B"), "schema_version": 99}),
        "wrong schema",
        "newer cxkit",
    ),
    "schema-string": (
        lambda s, t: put(s / "x.workbook.json", {**wb_doc("A B"), "schema_version": "2"}),
        "wrong schema",
        "not a number",
    ),
    "answers-list": (
        lambda s, t: put(s / "x.workbook.json", {**wb_doc("A B"), "answers": [1]}),
        "wrong schema",
        "answers",
    ),
    "answer-no-value": (
        lambda s, t: put(s / "x.workbook.json", {**wb_doc("A B"), "answers": {"a/b": {"v": 1}}}),
        "wrong schema",
        "malformed",
    ),
    "notebook-as-workbook": (
        lambda s, t: put(s / "x.workbook.json", {"cells": [], "nbformat": 4, "metadata": {}}),
        "not a workbook",
        "Jupyter notebook",
    ),
    "notebook-alone": (
        lambda s, t: put(s / "p" / "02.ipynb", {"cells": [], "nbformat": 4, "metadata": {}}),
        "not a workbook",
        "no workbook beside it",
    ),
    "id-missing": (
        lambda s, t: put(
            s / "x.workbook.json", {k: v for k, v in wb_doc("A").items() if k != "participant_id"}
        ),
        "unusable participant id",
        "must be text",
    ),
    "id-empty": (
        lambda s, t: put(s / "x.workbook.json", wb_doc("   ")),
        "unusable participant id",
        "empty",
    ),
    "id-path-escape": (
        lambda s, t: put(s / "x.workbook.json", wb_doc("../../outside")),
        "unusable participant id",
        "slashes",
    ),
    "id-control-chars": (
        lambda s, t: put(s / "x.workbook.json", wb_doc("Eve\nrm -rf")),
        "unusable participant id",
        "control characters",
    ),
    "id-html": (
        lambda s, t: put(s / "x.workbook.json", wb_doc("<script>alert(1)</script>")),
        "unusable participant id",
        "slashes",
    ),
    "id-dot": (
        lambda s, t: put(s / "x.workbook.json", wb_doc(".hidden")),
        "unusable participant id",
        "dot",
    ),
    "id-windows": (
        lambda s, t: put(s / "x.workbook.json", wb_doc("CON:aux")),
        "unusable participant id",
        ":",
    ),
    "id-too-long": (
        lambda s, t: put(s / "x.workbook.json", wb_doc("a" * 200)),
        "unusable participant id",
        "64",
    ),
    "nan-answer": (
        lambda s, t: put(
            s / "x.workbook.json", json.dumps(wb_doc("Nan Cy")).replace("0.62", "NaN")
        ),
        "wrong schema",
        "finite",
    ),
    "deep-nesting": (
        lambda s, t: put(
            s / "x.workbook.json",
            wb_doc("Deep Ly", {"gradingtest/share": json.loads("[" * 40 + "]" * 40)}),
        ),
        "corrupt",
        "nested too deeply",
    ),
    "text-file": (
        lambda s, t: put(s / "notes.txt", "sorry, no workbook"),
        "not a workbook",
        "a workbook's name ends in",
    ),
    "zip-path-escape": (
        lambda s, t: zip_with(s / "h.zip", {"../../escaped.workbook.json": GOOD}),
        "refused (unsafe)",
        "escape",
    ),
    "zip-absolute-path": (
        lambda s, t: zip_with(s / "h.zip", {"/tmp/abs.workbook.json": GOOD}),
        "refused (unsafe)",
        "escape",
    ),
    "zip-symlink": (
        lambda s, t: zip_with(
            s / "h.zip", {"link.workbook.json": b"/etc/passwd"}, links=("link.workbook.json",)
        ),
        "refused (unsafe)",
        "symbolic link",
    ),
    "zip-bomb": (
        lambda s, t: zip_with(s / "h.zip", {"bomb.workbook.json": b"0" * 3_000_000}),
        "refused (unsafe)",
        "zip bomb",
    ),
    "zip-corrupt": (
        lambda s, t: put(s / "h.zip", b"PK\x03\x04 truncated"),
        "corrupt",
        "cannot be opened",
    ),
    "folder-symlink": (
        lambda s, t: (
            put(t / "secret.workbook.json", GOOD),
            os.symlink(t / "secret.workbook.json", s / "l.workbook.json"),
        ),
        "refused (unsafe)",
        "symbolic link",
    ),
    "too-large": (
        lambda s, t: put(s / "big.workbook.json", b" " * 5000),
        "too large",
        "limit",
    ),
}


def _tree(root: Path, skip: tuple[Path, ...]) -> set[str]:
    out = set()
    for dirpath, _dirs, files in os.walk(root):
        if any(Path(dirpath).is_relative_to(s) for s in skip):
            continue
        out.update(str(Path(dirpath) / f) for f in files)
    return out


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_malformed_corpus(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make, status, words = CORPUS[case]
    if case == "too-large":
        monkeypatch.setattr(collect_mod, "MAX_FILE_BYTES", 4000)
    src, cohort = tmp_path / "handins", tmp_path / "cohort"
    put(src / "good1" / "ann-good.workbook.json", wb_doc("Ann Good", {"gradingtest/share": 0.62}))
    put(src / "good2" / "bo-good.workbook.json", wb_doc("Bo Good", {"gradingtest/share": 0.1}))
    make(src, tmp_path)
    before = _tree(tmp_path, (cohort,))
    report = collect(src, cohort)
    grade = grade_cohort(cohort, key=KEY)
    bad = [s for s in report.lines if "good" not in s.source]
    assert any(s.status == status and words in s.message for s in bad), [
        (s.source, s.status, s.message) for s in report.lines
    ]
    assert not any(s.status.startswith("accepted") for s in bad)
    assert grade.graded == 2 and not grade.problems
    db = sqlite3.connect(cohort / "gradebook.sqlite")
    pts = dict(
        db.execute(
            "SELECT participant_id, points FROM auto_scores WHERE question_id='gradingtest/share'"
        )
    )
    assert pts == {"Ann Good": 2.0, "Bo Good": 0.0}
    assert _tree(tmp_path, (cohort,)) == before, "something was written outside the cohort folder"
    assert not (tmp_path.parent / "escaped.workbook.json").exists()
    assert {p.name for p in cohort.glob("*.workbook.json")} == {
        "ann-good.workbook.json",
        "bo-good.workbook.json",
    }


def test_accepted_with_flags_and_nothing_run(tmp_path: Path) -> None:
    """Answers holding HTML or code, unknown ids, long answers and old schemas are kept, never run."""
    src, cohort = tmp_path / "in", tmp_path / "cohort"
    code = "__import__('os').system('touch PWNED')"
    put(
        src / "a.workbook.json",
        wb_doc(
            "Hack Er",
            {"gradingtest/share": code, "gradingtest/sco": "<img src=x onerror=alert(1)>"},
        ),
    )
    put(
        src / "b.workbook.json",
        wb_doc("Un Known", {"zzz/not-a-question": 1, "gradingtest/share": 0.62}),
    )
    put(src / "c.workbook.json", wb_doc("Long Answer", {"gradingtest/sco": "x" * 30_000}))
    put(
        src / "d.workbook.json",
        {
            "format": "cxkit-workbook",
            "schema_version": 1,
            "participant_id": "Old Schema",
            "answers": {"gradingtest/share": 0.62},
        },
    )
    put(src / "e.workbook.json", wb_doc("=SUM(1,2)", {"gradingtest/share": 0.62}))
    report = collect(src, cohort)
    by = {s.participant_id: s for s in report.lines}
    assert (
        by["Un Known"].status == "accepted, flagged"
        and "zzz/not-a-question" in by["Un Known"].message
    )
    assert "very long answer" in by["Long Answer"].message
    assert (
        by["Old Schema"].status.startswith("accepted") and "schema" not in by["Old Schema"].message
    )
    assert by["Hack Er"].status.startswith("accepted")
    grade = grade_cohort(cohort, key=KEY)
    assert grade.graded == 5
    assert not list(tmp_path.rglob("PWNED")) and not Path("PWNED").exists()
    db = sqlite3.connect(cohort / "gradebook.sqlite")
    row = db.execute(
        "SELECT points, feedback FROM auto_scores WHERE participant_id='Hack Er' AND question_id='gradingtest/share'"
    ).fetchone()
    assert row[0] == 0.0 and "Expected a number" in row[1]
    files = write_feedback(cohort / "gradebook.sqlite", cohort / "fb")
    html_text = "".join(p.read_text() for p in files if p.suffix == ".html")
    md_text = "".join(p.read_text() for p in files if p.suffix == ".md")
    assert "<img src=x" not in html_text and "&lt;img src=x onerror=alert(1)&gt;" in html_text
    assert "<img src=x" not in md_text
    write_lms_csv(cohort / "gradebook.sqlite", cohort / "lms.csv")
    ids = [r[0] for r in csv.reader(io.StringIO((cohort / "lms.csv").read_text()))][1:]
    assert "'=SUM(1,2)" in ids  # a spreadsheet will not run it as a formula


def test_duplicates_newest_kept_and_others_listed(tmp_path: Path) -> None:
    src, cohort = tmp_path / "in", tmp_path / "cohort"
    put(
        src / "1" / "ann.workbook.json",
        wb_doc("Ann", {"gradingtest/share": 0.1}, "2026-03-10T10:00:00+00:00"),
    )
    put(
        src / "2" / "ann.workbook.json",
        wb_doc("Ann", {"gradingtest/share": 0.62}, "2026-03-12T10:00:00+00:00"),
    )
    put(
        src / "3" / "ann.workbook.json", wb_doc("Ann", {}, "2026-03-13T10:00:00+00:00")
    )  # empty never wins
    report = collect(src, cohort)
    dups = [s for s in report.lines if s.status == "duplicate"]
    assert {s.source for s in dups} == {"1/ann.workbook.json", "3/ann.workbook.json"}
    kept = json.loads((cohort / "ann.workbook.json").read_text())
    assert kept["answers"]["gradingtest/share"]["value"] == 0.62
    assert len(list((cohort / "superseded").glob("*.workbook.json"))) == 2  # answers never lost
    # A second round with a newer hand-in replaces the cohort copy and keeps the old one.
    src2 = tmp_path / "in2"
    put(
        src2 / "ann.workbook.json",
        wb_doc("Ann", {"gradingtest/share": 0.5}, "2026-03-14T10:00:00+00:00"),
    )
    r2 = collect(src2, cohort)
    assert (
        r2.lines[0].status == "accepted, flagged" and "replaces the earlier" in r2.lines[0].message
    )
    assert (
        json.loads((cohort / "ann.workbook.json").read_text())["answers"]["gradingtest/share"][
            "value"
        ]
        == 0.5
    )
    assert len(list((cohort / "superseded").glob("*.workbook.json"))) == 3


def test_same_safe_name_two_participants(tmp_path: Path) -> None:
    src, cohort = tmp_path / "in", tmp_path / "cohort"
    put(src / "a.workbook.json", wb_doc("Ann Lee"))
    put(src / "b.workbook.json", wb_doc("ann-lee"))
    collect(src, cohort)
    assert len(list(cohort.glob("*.workbook.json"))) == 2
    assert grade_cohort(cohort, key=KEY).graded == 2


def test_backup_rescues_corrupt_workbook(tmp_path: Path) -> None:
    src, cohort = tmp_path / "in", tmp_path / "cohort"
    put(src / "cy.workbook.json", GOOD[:30])
    put(src / "cy.workbook.json.bak", wb_doc("Cy Backup"))
    report = collect(src, cohort)
    broken = next(
        s for s in report.lines if s.source == "cy.workbook.json" and s.status == "corrupt"
    )
    assert "backup" in broken.message
    assert (cohort / "cy-backup.workbook.json").exists()


def test_nested_zip_deadline_roster_and_system_files(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr(
            "dee/dee.workbook.json", json.dumps(wb_doc("Dee", when="2026-03-20T10:00:00+00:00"))
        )
    outer = zip_with(
        tmp_path / "moodle.zip",
        {
            "Ann_1/ann.workbook.json": json.dumps(wb_doc("Ann")).encode(),
            "Dee_2/dee.zip": inner.getvalue(),
            "__MACOSX/._ann.workbook.json": b"\x00\x05",
            "Ann_1/.DS_Store": b"\x00",
            "Ann_1/bob.workbook.json": json.dumps(wb_doc("Bob Intruder")).encode(),
        },
    )
    report = collect(
        outer,
        tmp_path / "cohort",
        deadline="2026-03-15T00:00:00+00:00",
        roster=["Ann", "Dee", "Cas"],
    )
    by = {s.participant_id: s for s in report.lines if s.participant_id}
    assert by["Ann"].status == "accepted"
    assert "late" in by["Dee"].message
    assert "not on the roster" in by["Bob Intruder"].message
    assert by["Cas"].status == "missing"
    assert sum(1 for s in report.lines if s.status == "ignored") == 2
    rows = list(csv.DictReader((tmp_path / "cohort" / "collect-report.csv").open()))
    assert len(rows) == len(report.lines)


def test_cli_collect_and_grade_sample_cohort(tmp_path: Path) -> None:
    """The shipped sample hand-ins, collected and graded by the real command."""
    from cxkit.coach.sample_cohort import sample_path

    cohort = tmp_path / "cohort"
    r = subprocess.run(
        [sys.executable, "-m", "cxkit", "collect", str(sample_path()), str(cohort)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    for status in (
        "accepted",
        "duplicate",
        "corrupt",
        "empty",
        "not a workbook",
        "unusable participant id",
    ):
        assert status in r.stdout
    assert len(list(cohort.glob("*.workbook.json"))) >= 12
    r = subprocess.run(
        [sys.executable, "-m", "cxkit", "grade", str(cohort)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    assert "Graded 12 workbooks: 12 new" in r.stdout
    assert "Grading" in r.stderr  # the progress bar
    assert {p.name for p in tmp_path.iterdir()} == {"cohort"}


def test_sample_cohort_answers_every_registered_question() -> None:
    """Every question is answered, and every auto-scored one earns points, in the sample cohort.

    Otherwise the coach's walk-through shows a concept at zero for everyone: a new exercise
    (or a new answer format) needs the sample regenerated.
    """
    from cxkit import questions
    from cxkit.coach.grading import grade_workbook, load_key
    from cxkit.coach.sample_cohort import sample_path
    from cxkit.workbook import Workbook, WorkbookError

    solutions = Path(__file__).resolve().parents[2] / "solutions"
    shipped = [q for q in questions.all_questions() if (solutions / f"{q.exercise}.ipynb").exists()]
    key = load_key(solutions, shipped)  # not the test-only questions
    answered: set[str] = set()
    right: set[str] = set()
    for path in sample_path().rglob("*.workbook.json"):
        try:
            wb = Workbook.open(path)
        except WorkbookError:
            continue  # the deliberately broken hand-ins
        answered |= {a.question_id for a in wb.answers()}
        right |= {i.question_id for i in grade_workbook(wb, key).items if i.points}
    regenerate = (
        "run python -m cxkit.coach.sample_cohort cxkit/data/sample_cohort --seed 8 "
        "--from-solutions solutions"
    )
    missing = {q.id for q in shipped} - answered
    assert not missing, f"no sample participant answers {sorted(missing)}: {regenerate}"
    never_right = {q.id for q in shipped if q.grading.value == "auto"} - right
    assert not never_right, f"nobody in the sample scores on {sorted(never_right)}: {regenerate}"


def test_cli_grade_takes_a_zip_as_handed_in(tmp_path: Path) -> None:
    from cxkit.coach.sample_cohort import sample_path

    z = tmp_path / "handins.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for p in sorted(sample_path().rglob("*")):
            if p.is_file():
                zf.write(p, str(p.relative_to(sample_path())))
    r = subprocess.run(
        [sys.executable, "-m", "cxkit", "grade", "--quiet", str(z)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    assert "1 duplicate" in r.stdout and "Graded 12 workbooks" in r.stdout
    assert (tmp_path / "handins-cohort" / "gradebook.sqlite").exists()
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "cxkit",
            "grade",
            str(tmp_path / "handins-cohort" / "collect-report.csv"),
        ],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 2 and "not a folder or a zip" in r.stderr


def test_single_workbook_file_and_report_is_spreadsheet_safe(tmp_path: Path) -> None:
    one = put(tmp_path / "sum.workbook.json", wb_doc("=SUM(1,2)"))
    report = collect(one, tmp_path / "cohort")
    assert report.lines[0].status.startswith("accepted")
    rows = list(csv.reader((tmp_path / "cohort" / "collect-report.csv").open()))
    assert rows[1][2] == "'=SUM(1,2)"
    assert grade_cohort(tmp_path / "cohort", key=KEY).graded == 1


def test_cli_collect_never_prints_terminal_escapes(tmp_path: Path) -> None:
    z = zip_with(
        tmp_path / "in.zip",
        {
            "evil\x1b[2J.workbook.json": b"not json",
            "ok/ann.workbook.json": json.dumps(wb_doc("Ann")).encode(),
        },
    )
    r = subprocess.run(
        [sys.executable, "-m", "cxkit", "collect", str(z), str(tmp_path / "cohort")],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    assert "\x1b" not in r.stdout and "evil?[2J.workbook.json" in r.stdout and "corrupt" in r.stdout


def test_collect_flags_reach_the_gradebook_and_summary(tmp_path: Path) -> None:
    from cxkit.reports.export import cohort_summary_html, results_table

    src, cohort = tmp_path / "in", tmp_path / "cohort"
    put(src / "ann.workbook.json", wb_doc("Ann", when="2026-03-20T10:00:00+00:00"))
    put(src / "bo.workbook.json", wb_doc("Bo"))
    collect(src, cohort, deadline="2026-03-15T00:00:00+00:00")
    grade_cohort(cohort, key=KEY)
    df = results_table(cohort / "gradebook.sqlite")
    assert df.loc["Ann", "collect notes"].startswith(
        f"late: last saved {local_time('2026-03-20T10:00:00+00:00', with_date=True)}, after"
    )
    assert df.loc["Bo", "collect notes"] == ""
    assert "late: last saved" in cohort_summary_html(cohort / "gradebook.sqlite")


def test_sample_cohort_generator_is_seeded(tmp_path: Path) -> None:
    from cxkit.coach.sample_cohort import DEADLINE, make_sample_cohort

    a = make_sample_cohort(tmp_path / "a", seed=3)
    b = make_sample_cohort(tmp_path / "b", seed=3)
    c = make_sample_cohort(tmp_path / "c", seed=4)
    rel = [p.relative_to(tmp_path / "a") for p in a]
    assert rel == [p.relative_to(tmp_path / "b") for p in b]
    assert all(x.read_bytes() == y.read_bytes() for x, y in zip(a, b, strict=True))
    assert any(x.read_bytes() != y.read_bytes() for x, y in zip(a, c, strict=True))
    report = collect(tmp_path / "a", tmp_path / "cohort", deadline=DEADLINE)
    accepted = [s for s in report.lines if s.kept_as]
    assert len(accepted) >= 12
    assert sum("late" in s.message for s in accepted) == 2
    assert report.count("duplicate") == 1
    assert sum(report.count(x) for x in ("corrupt", "empty", "not a workbook")) >= 4


def test_answers_only_in_an_older_copy_are_merged_not_lost(tmp_path: Path) -> None:
    src, cohort = tmp_path / "in", tmp_path / "cohort"
    put(
        src / "a" / "ann.workbook.json",
        wb_doc("Ann", {"gradingtest/north-star": "nights booked"}, "2026-03-10T10:00:00+00:00"),
    )
    put(
        src / "b" / "ann.workbook.json",
        wb_doc("Ann", {"gradingtest/share": 0.62}, "2026-03-12T10:00:00+00:00"),
    )
    report = collect(src, cohort)
    kept = next(s for s in report.lines if s.kept_as)
    assert kept.source == "b/ann.workbook.json" and "1 answer found only" in kept.message
    assert [s.source for s in report.lines if s.status == "duplicate"] == ["a/ann.workbook.json"]
    answers = json.loads((cohort / "ann.workbook.json").read_text())["answers"]
    assert set(answers) == {"gradingtest/north-star", "gradingtest/share"}
    assert grade_cohort(cohort, key=KEY).graded == 1
    # A later round that adds nothing new leaves the cohort copy alone.
    before = (cohort / "ann.workbook.json").read_bytes()
    r2 = collect(src / "a", cohort)
    assert (
        r2.lines[0].status == "duplicate" and (cohort / "ann.workbook.json").read_bytes() == before
    )


def test_a_workbook_named_after_someone_else_is_flagged(tmp_path: Path) -> None:
    src = tmp_path / "in"
    put(src / "bob_1" / "bob.workbook.json", wb_doc("Ann"))  # Bob handed in Ann's workbook
    put(src / "ann_2" / "my-work.workbook.json", wb_doc("Bob", when="2026-03-09T10:00:00+00:00"))
    report = collect(src, tmp_path / "cohort")
    by = {s.participant_id: s for s in report.lines}
    assert "named after 'Bob' but belongs to 'Ann'" in by["Ann"].message
    assert by["Bob"].status == "accepted"  # an LMS-renamed file alone is no reason to flag


COLLECT_CHILD = """
import sys
from cxkit.coach.collect import collect
from cxkit.workbook import parse_workbook
collect(sys.argv[1], sys.argv[2])
print("finished", flush=True)
"""


def _handins(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        put(folder / f"h{i:04d}.workbook.json", wb_doc(f"P{i:04d}", {"gradingtest/share": i / n}))
        if i % 10 == 0:  # and some older duplicates, which go to superseded/
            put(
                folder / "old" / f"h{i:04d}.workbook.json",
                wb_doc(f"P{i:04d}", {"gradingtest/share": 0.1}, "2026-03-01T10:00:00+00:00"),
            )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_collect_killed_at_a_random_moment_is_finished_by_a_rerun(tmp_path: Path, seed) -> None:
    import random
    import signal
    import subprocess
    import sys
    import time

    src, cohort = tmp_path / "in", tmp_path / "cohort"
    _handins(src, 1500)
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen(
        [sys.executable, "-c", COLLECT_CHILD, str(src), str(cohort)], cwd=root,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    want = random.Random(seed).randint(50, 1200)  # workbooks written before the kill
    while time.monotonic() < deadline and proc.poll() is None:
        if cohort.is_dir() and sum(1 for _ in cohort.glob("*.workbook.json")) >= want:
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "collect finished before it could be killed"
    # Whatever the moment: only whole, valid workbooks are in the cohort folder.
    for p in cohort.glob("*.workbook.json"):
        parse_workbook(p.read_bytes(), p)
    report = collect(src, cohort)  # the same command again finishes the job
    assert not list(cohort.glob(".*.tmp")) and not list((cohort / "superseded").glob(".*.tmp"))
    kept = sorted(cohort.glob("*.workbook.json"))
    assert len(kept) == 1500 and len(report.participants) == 1500
    assert report.count("accepted, flagged") + report.count("accepted") == 1500
    assert report.count("duplicate") == 150
    assert len(list((cohort / "superseded").glob("*.workbook.json"))) == 150  # none twice
    for p in kept:
        doc = parse_workbook(p.read_bytes(), p)
        i = int(doc["participant_id"][1:])
        assert doc["answers"]["gradingtest/share"]["value"] == i / 1500  # the newest won
    assert (cohort / "collect-report.csv").is_file()
    grade = grade_cohort(cohort, key=KEY)
    assert grade.graded == 1500 and not grade.problems


def test_collect_notes_read_as_plain_sentences(tmp_path: Path) -> None:
    src, cohort = tmp_path / "in", tmp_path / "cohort"
    put(src / "a" / "slash.workbook.json", wb_doc("Ann/Bo"))
    put(src / "b" / "empty-id.workbook.json", wb_doc("   "))
    put(src / "c" / "cy.workbook.json", wb_doc("Cy", when="2026-03-20T10:00:00+00:00"))
    put(src / "d" / "cy.workbook.json", wb_doc("Cy", {"gradingtest/share": 0.1}))
    report = collect(src, cohort, deadline="2026-03-15T17:00:00+00:00")
    by = {s.source: s for s in report.lines}
    slash = by["a/slash.workbook.json"].message
    assert slash.startswith("the participant id in it contains '/', and a participant id cannot")
    assert "not usable: A" not in slash and "(found" not in slash
    assert by["b/empty-id.workbook.json"].message.startswith("the participant id in it is empty.")
    kept = next(s for s in report.lines if s.participant_id == "Cy" and s.kept_as)
    when = local_time("2026-03-15T17:00:00+00:00", with_date=True)
    assert f"after the deadline ({when})" in kept.message  # the deadline that applied
    assert "superseded/" not in kept.message and "“superseded” folder" in kept.message


def test_two_worker_collect_gives_what_one_process_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every corpus case, duplicates, a byte-order mark and a rescued backup in one folder:
    collected by forked workers (which read, parse and stage each hand-in) and in one
    process, the report and the cohort's files are the same, and no staged copy is left."""
    monkeypatch.setattr(collect_mod, "MAX_FILE_BYTES", 4000)
    src = tmp_path / "in"
    for case, (make, _, _) in CORPUS.items():
        (src / case).mkdir(parents=True)
        (tmp_path / "t" / case).mkdir(parents=True)
        make(src / case, tmp_path / "t" / case)
    for k in range(30):
        put(src / "many" / f"p{k:02d}.workbook.json", wb_doc(f"P{k:02d}"))
    put(src / "many" / "p03-again.workbook.json", wb_doc("P03", when="2026-03-11T10:00:00+00:00"))
    put(src / "many" / "p04-same.workbook.json", wb_doc("P04"))
    put(src / "bom" / "b.workbook.json", b"\xef\xbb\xbf" + json.dumps(wb_doc("Bo M")).encode())
    put(src / "bak" / "c.workbook.json", b"{broken")
    put(src / "bak" / "c.workbook.json.bak", wb_doc("Ba K"))

    def run(parallel_from: int, cohort: Path) -> tuple[list, dict]:
        monkeypatch.setattr(collect_mod, "PARALLEL_FROM", parallel_from)
        report = collect(src, cohort)
        lines = [(s.source, s.status, s.message, s.participant_id, s.kept_as, s.reason)
                 for s in report.lines]  # fmt: skip
        files = {p.relative_to(cohort).as_posix(): p.read_bytes()
                 for p in cohort.rglob("*") if p.is_file()
                 and p.name not in ("collect-report.csv", collect_mod.LOCK_NAME)}  # fmt: skip
        return lines, files

    one = run(10**9, tmp_path / "one")
    two = run(1, tmp_path / "two")
    assert two == one
    assert {s for _, s, *_ in one[0]} >= {"accepted", "duplicate", "corrupt", "refused (unsafe)"}
    assert not [p for p in (tmp_path / "two").rglob("*.tmp")]
