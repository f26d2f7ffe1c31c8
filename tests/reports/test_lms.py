"""Canvas, Moodle and LTI 1.3 grade exports against their published column rules."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import pytest

from cxkit.coach.collect import collect
from cxkit.coach.grade_run import grade_cohort
from cxkit.coach.gradebook import Gradebook
from cxkit.coach.sample_cohort import DEADLINE, sample_path
from cxkit.reports.lms import map_identities, read_lms_roster, write_lms_export

ROSTER = """Name,Email,SIS User ID,SIS Login ID,Section,LMS User ID
Amara Okafor,amara@example.org,S1000,aokafor,Tuesday,a1b2-c3
Ben Clarke,=HYPERLINK("http://x"),S1001,bclarke,Tuesday,d4e5
Chen Wei,chen@example.org,S1002,cwei,Thursday,f6g7
"""


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> tuple[list[dict], list[dict[str, str]], Path]:
    root = tmp_path_factory.mktemp("lms")
    cohort = root / "cohort"
    collect(sample_path(), cohort, deadline=DEADLINE)
    grade_cohort(cohort)
    (root / "roster.csv").write_text(ROSTER, encoding="utf-8")
    with Gradebook(cohort / "gradebook.sqlite") as gb:
        results = gb.results()
    return results, read_lms_roster(root / "roster.csv"), cohort


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_canvas_csv_has_the_identity_columns_and_a_points_possible_row(graded, tmp_path) -> None:
    results, roster, _ = graded
    path, ids = write_lms_export(results, "canvas", tmp_path, roster)
    rows = _rows(path)
    assert rows[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    course = [j for j, h in enumerate(rows[0]) if h.startswith("Exercise ")]
    assert len(course) == 8  # (other suites may register test-only questions of their own)
    assert rows[1][0].strip() == "Points Possible" and rows[1][1:5] == ["", "", "", ""]
    assert all(float(rows[1][j]) > 0 for j in course)
    amara = next(r for r in rows if r[0] == "Amara Okafor")
    assert amara[2:5] == ["S1000", "aokafor", "Tuesday"]
    for r in rows[2:]:
        assert all(0 <= float(v) <= float(m) for v, m in zip(r[5:], rows[1][5:], strict=True))
    assert len(rows) == 2 + len(results)
    assert "Dorota Nowak" in ids.missing and "Amara Okafor" not in ids.missing


def test_moodle_csv_keys_by_email_and_guards_formulas(graded, tmp_path) -> None:
    results, roster, _ = graded
    path, _ = write_lms_export(results, "moodle", tmp_path, roster)
    rows = _rows(path)
    assert rows[0][:3] == ["Email address", "ID number", "Full name"]
    assert rows[0][4].startswith("Feedback: Exercise ")
    ben = next(r for r in rows if r[2] == "Ben Clarke")
    assert ben[0].startswith("'=")  # a formula in a participant string is defused
    assert all(not c.startswith(("=", "+", "-", "@")) for r in rows for c in r if c)


def test_lti_scores_follow_ags_and_say_when_the_coach_is_still_needed(graded, tmp_path) -> None:
    results, roster, cohort = graded
    path, _ = write_lms_export(results, "lti", tmp_path, roster)
    doc = json.loads(path.read_text(encoding="utf-8"))
    keys = {"userId", "scoreGiven", "scoreMaximum", "comment", "timestamp",
            "activityProgress", "gradingProgress"}  # fmt: skip
    course = [i for i in doc["lineItems"] if i["lineItem"]["label"].startswith("Exercise ")]
    assert len(course) == 8 and all(i["lineItem"]["scoreMaximum"] > 0 for i in course)
    for item in doc["lineItems"]:
        for s in item["scores"]:
            assert set(s) == keys
            assert 0 <= s["scoreGiven"] <= s["scoreMaximum"]
            assert datetime.fromisoformat(s["timestamp"]).tzinfo is not None
            assert s["activityProgress"] in {
                "Initialized",
                "Started",
                "InProgress",
                "Submitted",
                "Completed",
            }
            assert s["gradingProgress"] in {
                "FullyGraded",
                "Pending",
                "PendingManual",
                "Failed",
                "NotReady",
            }
    ex1 = next(i for i in doc["lineItems"] if i["lineItem"]["resourceId"] == "01_outside_in")
    amara = next(s for s in ex1["scores"] if s["userId"] == "a1b2-c3")
    assert amara["gradingProgress"] == "PendingManual"  # her rewrite awaits a rubric score
    with Gradebook(cohort / "gradebook.sqlite") as gb:
        task = next(t for t in gb.rubric_tasks() if t.participant_id == "Amara Okafor"
                    and t.question_id.startswith("outside_in/"))  # fmt: skip
        gb.set_manual_score(task.participant_id, task.question_id,
                            {name: max(levels) for name, levels in task.criteria}, "", "coach")  # fmt: skip
        results = gb.results()
    doc = json.loads(write_lms_export(results, "lti", tmp_path, roster)[0].read_text())
    ex1 = next(i for i in doc["lineItems"] if i["lineItem"]["resourceId"] == "01_outside_in")
    amara = next(s for s in ex1["scores"] if s["userId"] == "a1b2-c3")
    assert amara["gradingProgress"] == "FullyGraded"


def test_identities_match_by_name_or_file_name_and_report_the_rest() -> None:
    ids = map_identities(["Ada Lovelace", "ada-lovelace", "Nobody"], [{"name": "Ada Lovelace"}])
    assert set(ids.found) == {"Ada Lovelace", "ada-lovelace"} and ids.missing == ["Nobody"]


def test_unknown_format_is_refused(tmp_path) -> None:
    with pytest.raises(ValueError, match="use one of lms, canvas, moodle, lti"):
        write_lms_export([], "blackboard", tmp_path)
