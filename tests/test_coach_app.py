"""The coach app's buttons call the same library functions as the CLI, and say what happened."""

from __future__ import annotations

import base64
import io
import re
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from cxkit.coach_round import review_cohort, suggestions_for
from cxkit.sample_cohort import sample_path
from cxkit.widgets.coach_app import CoachRound


def _links(html_text: str) -> dict[str, bytes]:
    return {
        name: base64.b64decode(data)
        for name, data in re.findall(
            r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', html_text
        )
    }


def test_the_round_on_the_sample_cohort(tmp_path: Path) -> None:
    app = CoachRound(tmp_path / "cohort")
    app.collect()  # nothing chosen yet: a hint, no folder
    assert "Upload a zip" in app.collect_out.value and not (tmp_path / "cohort").exists()
    app.collect(sample=True)
    assert "accepted" in app.collect_out.value and "corrupt" in app.collect_out.value
    assert (
        "unusable participant id" in app.collect_out.value
        and "<b>Test" not in app.collect_out.value
    )
    app.grade()
    assert app.grade_bar.value == app.grade_bar.max >= 12
    assert "Graded 12 workbook" in app.grade_out.value
    review = review_cohort(tmp_path / "cohort")
    assert f"{len(review.pending)} rubric items still to score" in app.review_out.value
    grader = app.scoring.children[0]
    assert grader.tasks and "/" not in grader.header.value.split("—")[2].split("<br>")[0]
    app.export()
    files = _links(app.export_out.value)
    assert set(files) == {"lms-grades.csv", "feedback.zip", "cohort-summary.html"}
    assert files["lms-grades.csv"].decode("utf-8").startswith("participant_id,")
    assert len(zipfile.ZipFile(io.BytesIO(files["feedback.zip"])).namelist()) == 24


def test_an_uploaded_zip_goes_through_safe_collect(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("../../escape.workbook.json", "{}")
        z.writestr("<i>x</i>.workbook.json", "not json")
        z.write(next(sample_path().rglob("amara-okafor.workbook.json")), "amara.workbook.json")
    app = CoachRound(tmp_path / "cohort")
    app.upload.value = ({"name": "../evil.zip", "type": "application/zip", "size": 1,
                         "content": memoryview(buf.getvalue()),
                         "last_modified": datetime.now(timezone.utc)},)  # fmt: skip
    app.collect()
    assert "refused (unsafe)" in app.collect_out.value
    assert "&lt;i&gt;x&lt;/i&gt;" in app.collect_out.value and "<i>x" not in app.collect_out.value
    assert (tmp_path / "cohort" / "amara-okafor.workbook.json").exists()
    assert not any(tmp_path.glob("escape*")) and not (tmp_path / "evil.zip").exists()


def test_a_bad_deadline_is_explained(tmp_path: Path) -> None:
    app = CoachRound(tmp_path / "cohort")
    app.deadline.value = "next friday"
    app.collect(sample=True)
    assert "is not a date and time" in app.collect_out.value


def test_suggestions_are_shown_never_applied_and_review_counts_agreement(tmp_path: Path) -> None:
    from cxkit.coach_round import answers_by_participant
    from cxkit.collect import collect
    from cxkit.gradebook import Gradebook, grade_cohort
    from cxkit.widgets.grading import rubric_grader

    cohort = tmp_path / "cohort"
    collect(sample_path(), cohort)
    grade_cohort(cohort)
    g = rubric_grader(cohort / "gradebook.sqlite", order="item")
    with Gradebook(cohort / "gradebook.sqlite") as gb:
        answers = answers_by_participant(gb.results())
    by_crit: dict[tuple[str, str], list] = {}
    for i, t in enumerate(g.tasks):
        g.go(i)
        hints = [c for c in g.criteria_box.children if "cx-grader-suggestion" in c._dom_classes]
        suggested = suggestions_for(t.question_id, t.answer, answers[t.participant_id])
        assert len(hints) == len(suggested)  # every suggestion is shown, with its reason
        assert all(rb.value is None for rb in g.level_widgets.values())  # and none is applied
        for crit, (level, _why) in suggested.items():
            by_crit.setdefault((t.question_id, crit), []).append((t, level))
    (qid, crit), pairs = next((k, v) for k, v in by_crit.items() if len(v) >= 2)
    (t1, lv1), (t2, lv2) = pairs[:2]
    other = next(lv for lv in dict(t2.criteria)[crit] if lv != lv2)
    with Gradebook(cohort / "gradebook.sqlite") as gb:
        gb.set_manual_score(t1.participant_id, qid, {crit: lv1}, "", "coach")  # agrees
        gb.set_manual_score(t2.participant_id, qid, {crit: other}, "", "coach")  # differs
    assert review_cohort(cohort).agreement[(qid, crit)] == (1, 2)
