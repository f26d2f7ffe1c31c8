"""Exercise 1's questions: instant checks, grading from workbooks, the sorting widget saving."""

from __future__ import annotations

import pytest

import cxkit.questions.ex01_outside_in as ex01
from cxkit import questions
from cxkit.coach.grading import CORRECT, NOT_ANSWERED, grade_workbook, load_key, model_answer
from cxkit.concepts.outside_in import exercise_key, exercise_statements, sorting_set
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
    said = " ".join(grade.item(SORT).feedback)
    # The statement is named in the words the participant read, never by its id.
    text = next(s.text for s in exercise_statements() if s.id == "io-campaign")
    assert f"“{text}”: you said outside-in" in said and "io-campaign" not in said


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


# Realistic answers to "choose an initiative, name it, rewrite it outside in": most people name
# the Inside-Out initiative first. Naming it is what the question asks; only the rewrite after
# it is judged.
NAMED_FIRST = {
    "I chose, quoted": (
        'I chose "Agents earn a bonus for closing more calls per hour." Outside in: the customer '
        "wants their problem sorted in one contact, without having to call back and repeat their "
        "story. So Kestrel rewards agents for problems solved first time. Kestrel knows it worked "
        "when the share of customers who contact us twice about the same claim falls."
    ),
    "the quote alone": (
        '"We will cut average handle time by 30 seconds this quarter." Rewritten from the outside '
        "in: I want my question about my claim answered in one call, without being passed around. "
        "Kestrel would stop timing calls and give agents the authority to settle small claims on "
        "the phone. It worked if fewer customers call a second time about the same claim."
    ),
    "the initiative I picked is": (
        'The initiative I picked is "Every claim follows the same five steps: notify, register, '
        'assess, approve, pay." From the outside in, I want my car back on the road within five '
        "days of the accident without chasing anyone. Kestrel should work back from that and skip "
        "steps that do not help me, for example approving small claims straight away. It worked "
        "if 90% of drivers are back on the road within five days."
    ),
    "in part, unquoted": (
        "Our new CRM gives agents a 360-degree view. That is inside-out. Outside in, the customer "
        "wants to explain their problem once and have it sorted in one contact. Kestrel should "
        "give the agent who takes the call the power to fix it there and then. Kestrel would know "
        "it worked when the share of customers who call twice about the same problem falls."
    ),
    "labelled initiative": (
        "Initiative: Our new CRM gives agents a 360-degree view of every customer record. "
        "Outside in: I want my claim sorted in one call, without repeating my story. So Kestrel "
        "would link the CRM to each open claim and show the agent what I was last told. Kestrel "
        "would know it worked when fewer customers have to repeat their details on a second call."
    ),
}


@pytest.mark.parametrize("name", list(NAMED_FIRST))
def test_naming_the_initiative_first_is_not_held_against_the_rewrite(name) -> None:
    from cxkit.concepts.outside_in import check_rewrite

    text = NAMED_FIRST[name]
    r = check_rewrite(text)
    named = next(s.text for s in REWRITE_CHOICES if r.initiative == s.text)
    assert r.firm_first is None  # the rewrite itself opens with the customer
    assert r.outcome and "I picked" not in r.outcome and "360" not in r.outcome
    assert not set(r.outcome.lower().split()) >= set(named.lower().rstrip(".").split())
    assert r.measure and r.measure.lower() not in named.lower()  # not "30 seconds", not "360"
    summary = questions.get(REWRITE).check(text).summary
    assert "opens with the firm's activity" not in summary
    assert "Starts from the customer's outcome" in summary and named.rstrip(".") in summary
    from cxkit.coach.suggest import suggest_levels

    assert suggest_levels(REWRITE, text)["Starts from the outcome"][0] == 2


def test_a_rewrite_that_stays_inside_out_after_naming_is_still_caught() -> None:
    from cxkit.concepts.outside_in import check_rewrite

    text = (
        'I chose "Our new CRM gives agents a 360-degree view of every customer record." Kestrel '
        "will train agents to use the new CRM faster and roll it out to every team this quarter, "
        "cutting handle time by 20 seconds per call and improving agent productivity."
    )
    r = check_rewrite(text)
    assert r.initiative and r.firm_first and r.outcome is None
    assert "opens with the firm's activity" in questions.get(REWRITE).check(text).summary
    # A long sentence of one's own that shares an initiative's words is judged, not dropped.
    own = check_rewrite(
        "Kestrel will cut average handle time by twenty seconds this quarter by training every "
        "agent on the new system and publishing a weekly league table of the fastest teams."
    )
    assert own.initiative is None and own.firm_first and own.outcome is None


def _status_lines(widget) -> list[str]:
    """Every status line a widget shows (its own and its children's), in order."""
    import ipywidgets as w

    out, todo = [], [widget]
    while todo:
        x = todo.pop(0)
        if isinstance(x, w.HTML) and "cx-status" in x.value:
            out.append(x.value)
        todo = list(getattr(x, "children", ())) + todo
    return out


def test_the_rewrite_box_lists_the_initiatives_and_says_each_thing_once(session) -> None:
    import html

    from cxkit.widgets.outside_in import rewrite_initiative

    box = rewrite_initiative()
    header = box.children[0].value
    # The question is the notebook's; the box lists the initiatives one a line, unquoted.
    assert questions.get(REWRITE).prompt not in header
    assert [f"<li>{html.escape(s.text)}</li>" in header for s in REWRITE_CHOICES] == [True] * 5
    assert '"; "' not in header and "&quot;; &quot;" not in header
    assert '"; "' not in questions.get(REWRITE).prompt
    # Untouched: one status line, the kit's untouched state.
    assert len(_status_lines(box)) == 1 and "Not started." in box.saver.status.value
    box.input.value = NAMED_FIRST["I chose, quoted"]
    summary = questions.get(REWRITE).check(box.input.value).summary
    assert html.escape(summary) in box.feedback.value  # the findings, once, under the box
    status = box.saver.status.value
    assert "Saved ✓" in status and "Answered" not in status and "Suggestion" not in status
    assert len(_status_lines(box)) == 2  # the findings and the save line, nothing twice
    # Quoted words are closed once: no '“….”.' double stop.
    assert ".”." not in box.feedback.value


@pytest.mark.parametrize("qid", ["outcomes/aht-behaviour", "initiatives/month-change"])
def test_every_ask_box_untouched_shows_one_status_line(session, qid) -> None:
    from cxkit.widgets.exercise import ask

    box = ask(qid)
    lines = _status_lines(box)
    assert len(lines) == 1 and "Not started." in lines[0], lines


def test_pick_many_untouched_shows_one_status_line(session) -> None:
    from cxkit.widgets.exercise import pick_many

    box = pick_many("landscape/orphan-activities", "activity", "activities")
    assert len(_status_lines(box)) == 1 and "Not started." in box.saver.status.value
    first = next(iter(box.buttons.values()))
    first.value = True
    assert "1 activity chosen" in box.feedback.value and "chosen" not in box.saver.status.value
    first.value = False
    assert "Nothing chosen yet" in box.feedback.value  # unchosen again: said, once
