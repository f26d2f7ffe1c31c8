"""Exercise 1's questions: instant checks, grading from workbooks, the sorting widget saving."""

from __future__ import annotations

import pytest

import cxkit.questions.ex01_outside_in as ex01
from cxkit import questions
from cxkit.grading import CORRECT, NOT_ANSWERED, grade_workbook, load_key, model_answer
from cxkit.outside_in import exercise_key, exercise_statements, sorting_set
from cxkit.questions.ex01_outside_in import EXERCISE, REWRITE, REWRITE_CHOICES, SORT
from cxkit.session import reset_session
from tests._workbooks import workbook_with


def test_questions_are_registered_with_documented_formats() -> None:
    qs = {q.id: q for q in questions.all_questions(EXERCISE)}
    assert set(qs) == {SORT, REWRITE}
    assert qs[SORT].items == tuple(s.id for s in exercise_statements())
    # The prompt is what a participant reads: no storage format in it.
    assert "Saved as" not in qs[SORT].prompt and "{" not in qs[SORT].prompt
    assert '"inside-out" | "outside-in"' in (ex01.__doc__ or "")  # the shape is documented
    assert qs[REWRITE].rubric and all(len(c.levels) == 3 for c in qs[REWRITE].rubric)
    assert 2 <= len(qs[REWRITE].rubric) <= 3
    for q in qs.values():
        assert q.check(None).summary == "Not answered yet."


def test_rewrite_prompt_gives_away_no_sorting_answer() -> None:
    practised = {s.id for s in sorting_set(10)}
    assert REWRITE_CHOICES and all(s.id in practised for s in REWRITE_CHOICES)
    prompt = questions.get(REWRITE).prompt
    assert not any(s.text in prompt for s in exercise_statements())


def test_instant_checks_guide_without_giving_the_key() -> None:
    sort = questions.get(SORT)
    half = {s.id: "inside-out" for s in exercise_statements()[:5]}
    c = sort.check(half)
    assert not c.complete and "5 of 10" in c.summary
    assert not sort.check({"io-campaign": "sideways"}).complete
    assert sort.check(exercise_key()).complete
    rewrite = questions.get(REWRITE)
    assert rewrite.check("short").complete and "words so far" in rewrite.check("short").summary


def test_key_scores_full_marks_and_blank_scores_zero(tmp_path) -> None:
    answer_key = load_key(question_list=questions.all_questions(EXERCISE))
    blank = grade_workbook(workbook_with(tmp_path, {}), answer_key)
    assert blank.total == 0
    assert all(i.status == NOT_ANSWERED for i in blank.items)
    keyed = grade_workbook(
        workbook_with(tmp_path, {SORT: model_answer(answer_key.items[SORT].key)}, "Kim"), answer_key
    )
    assert keyed.item(SORT).status == CORRECT
    assert keyed.item(SORT).points == pytest.approx(10)


def test_one_wrong_statement_costs_one_point_and_says_why(tmp_path) -> None:
    answers = exercise_key()
    answers["io-campaign"] = "outside-in"
    answer_key = load_key(question_list=questions.all_questions(EXERCISE))
    grade = grade_workbook(workbook_with(tmp_path, {SORT: answers}), answer_key)
    assert grade.item(SORT).points == pytest.approx(9)
    assert "io-campaign" in " ".join(grade.item(SORT).feedback)


def test_sorting_widget_saves_in_exercise_mode_without_feedback(tmp_path, monkeypatch) -> None:
    from cxkit.widgets.outside_in import SortingExercise

    monkeypatch.delenv("CXKIT_PARTICIPANT", raising=False)
    session = reset_session(tmp_path)
    session.identify("Pat")
    try:
        widget = SortingExercise(mode="exercise", question_id=SORT)
        assert list(widget.buttons) == list(questions.get(SORT).items)
        widget.buttons["io-campaign"].value = "inside-out"
        assert session.workbook.reload().get(SORT) == {"io-campaign": "inside-out"}
        assert "Saved ✓" in widget.saver.status.value
        assert all(fb.value == "" for fb in widget.feedback.values())
    finally:
        reset_session(tmp_path)


def test_every_exercise_01_question_lands_in_the_workbook_by_widget(tmp_path, monkeypatch) -> None:
    from cxkit.widgets.exercise import ask
    from cxkit.widgets.outside_in import SortingExercise

    monkeypatch.delenv("CXKIT_PARTICIPANT", raising=False)
    session = reset_session(tmp_path)
    session.identify("Pat")
    try:
        sort = SortingExercise(mode="exercise", question_id=SORT)
        assert "Not started" in sort.saver.status.value
        for sid, view in exercise_key().items():
            sort.buttons[sid].choices[view].click()  # a click, as a participant does
        rewrite = ask(REWRITE)
        rewrite.input.value = (
            "Agents earn a bonus for closing more calls per hour. Outside in: the customer "
            "wants the problem sorted in one contact, so reward problems solved first time "
            "and count how many customers have to call twice."
        )
        wb = session.workbook.reload()
        assert all(q.id in wb for q in questions.all_questions(EXERCISE))
        assert wb.get(SORT) == exercise_key() and wb.get(REWRITE) == rewrite.input.value
        again = SortingExercise(mode="exercise", question_id=SORT)  # Run All after a restart
        assert "Saved ✓ in your workbook (last saved" in again.saver.status.value
        for sid, view in exercise_key().items():
            chosen = again.buttons[sid].choices[view]
            assert chosen.description.startswith("✓ ") and chosen.button_style == "info"
    finally:
        reset_session(tmp_path / "elsewhere")
