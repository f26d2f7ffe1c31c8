"""Exercise 8's questions: instant checks and grading from workbooks."""

from __future__ import annotations

import pytest

from cxkit import questions
from cxkit.grading import CORRECT, NOT_ANSWERED, grade_workbook, load_key, model_answer
from cxkit.initiatives import KESTREL_ASSESSMENT, MISTAKE_IDS
from cxkit.nps import exercise_nps
from cxkit.questions.ex08_initiatives import CHANGE, EXERCISE, NEXT_STEP, NPS, RATINGS
from cxkit.session import reset_session
from tests._workbooks import workbook_with


def test_questions_are_registered_with_documented_formats() -> None:
    qs = {q.id: q for q in questions.all_questions(EXERCISE)}
    assert set(qs) == {NPS, CHANGE, RATINGS, NEXT_STEP}
    assert qs[RATINGS].items == MISTAKE_IDS
    assert '"inside the noise" | "beyond the noise"' in qs[CHANGE].prompt
    for qid in (RATINGS, NEXT_STEP):
        assert qs[qid].rubric and all(len(c.levels) == 3 for c in qs[qid].rubric)
    for q in qs.values():
        assert q.check(None).summary == "Not answered yet."


def test_instant_checks() -> None:
    q = questions.get(NPS)
    assert q.check(30.3).complete and not q.check(250).complete and not q.check("high").complete
    assert "share" in q.check(0.3).summary
    r = questions.get(RATINGS)
    assert r.check(dict(KESTREL_ASSESSMENT.ratings)).complete
    assert not r.check({"measures": 1}).complete


def test_key_scores_full_marks_and_blank_scores_zero(tmp_path) -> None:
    answer_key = load_key(question_list=questions.all_questions(EXERCISE))
    blank = grade_workbook(workbook_with(tmp_path, {}, "Pat"), answer_key)
    assert blank.total == 0 and all(i.status == NOT_ANSWERED for i in blank.items)
    keyed = {qid: model_answer(answer_key.items[qid].key) for qid in (NPS, CHANGE)}
    grade = grade_workbook(workbook_with(tmp_path, keyed, "Kim"), answer_key)
    assert grade.item(NPS).status == CORRECT and grade.item(NPS).points == pytest.approx(3)
    assert grade.item(CHANGE).status == CORRECT and grade.item(CHANGE).points == pytest.approx(2)


def test_nps_within_tolerance_and_the_wrong_verdict(tmp_path) -> None:
    answer_key = load_key(question_list=questions.all_questions(EXERCISE))
    answers = {NPS: round(exercise_nps(), 1) + 0.3, CHANGE: "beyond the noise"}
    grade = grade_workbook(workbook_with(tmp_path, answers, "Pat"), answer_key)
    assert grade.item(NPS).points == pytest.approx(3)
    assert grade.item(CHANGE).points == 0


def test_five_mistakes_widget_saves_ratings(tmp_path, monkeypatch) -> None:
    from cxkit.widgets.initiatives import FiveMistakes

    monkeypatch.delenv("CXKIT_PARTICIPANT", raising=False)
    session = reset_session(tmp_path)
    session.identify("Pat")
    try:
        widget = FiveMistakes(mode="exercise", question_id=RATINGS, compare=False)
        assert session.workbook.reload().get(RATINGS) is None  # nothing saved until moved
        widget.sliders["measures"].value = 1
        saved = session.workbook.reload().get(RATINGS)
        assert saved["measures"] == 1 and questions.get(RATINGS).check(saved).complete
    finally:
        reset_session(tmp_path)
