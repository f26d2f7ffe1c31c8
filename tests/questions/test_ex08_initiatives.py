"""Exercise 8's questions: instant checks and grading from workbooks."""

from __future__ import annotations

import pytest

from cxkit import questions
from cxkit.coach.grading import CORRECT, NOT_ANSWERED, grade_workbook, load_key, model_answer
from cxkit.concepts.initiatives import KESTREL_ASSESSMENT, MISTAKE_IDS
from cxkit.concepts.nps import exercise_nps
from cxkit.questions.ex08_initiatives import CHANGE, EXERCISE, NEXT_STEP, NPS, RATINGS
from cxkit.session import reset_session
from tests._workbooks import workbook_with


def test_questions_are_registered_with_documented_formats() -> None:
    qs = {q.id: q for q in questions.all_questions(EXERCISE)}
    assert set(qs) == {NPS, CHANGE, RATINGS, NEXT_STEP}
    assert qs[RATINGS].items == MISTAKE_IDS
    assert qs[CHANGE].choices == ("inside the noise", "beyond the noise")
    for q in qs.values():  # plain words on screen, no storage formats
        assert "Saved as" not in q.prompt and "{" not in q.prompt and "()" not in q.prompt
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


def test_only_the_typed_nps_is_graded_not_the_counts_beside_it(tmp_path) -> None:
    from cxkit.concepts import nps

    answer_key = load_key(question_list=questions.all_questions(EXERCISE))
    q = questions.get(NPS)
    right = q.example()
    assert right["counts"] == nps.exercise_group_counts() and q.check(right).complete
    wrong_counts = {"nps": right["nps"], "counts": {"detractors": 1, "passives": 2, "promoters": 3}}
    no_nps = {"counts": right["counts"]}
    off = {"nps": right["nps"] + 5, "counts": right["counts"]}
    cases = ((right, 3), (wrong_counts, 3), (no_nps, 0), (off, 0))
    for n, (answer, points) in enumerate(cases):
        grade = grade_workbook(workbook_with(tmp_path, {NPS: answer}, f"Pat {n}"), answer_key)
        assert grade.item(NPS).points == pytest.approx(points), answer
    assert not q.check(no_nps).complete


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
        assert saved == {"measures": 1}  # only what is rated; the rest is not a silent 3
        assert not questions.get(RATINGS).check(saved).complete
        for k, s in widget.sliders.items():
            s.value = 3 if k != "measures" else 1  # a 3 is chosen like any other rating
        saved = session.workbook.reload().get(RATINGS)
        assert saved == {**dict.fromkeys(widget.sliders, 3), "measures": 1}
        assert questions.get(RATINGS).check(saved).complete
    finally:
        reset_session(tmp_path)


def test_five_mistakes_untouched_looks_untouched_and_partial_ratings_come_back(
    tmp_path, monkeypatch
) -> None:
    from cxkit.widgets.initiatives import FiveMistakes

    monkeypatch.delenv("CXKIT_PARTICIPANT", raising=False)
    session = reset_session(tmp_path)
    session.identify("Pat")
    try:
        widget = FiveMistakes(mode="exercise", question_id=RATINGS, compare=False)
        assert "Not started" in widget.saver.status.value
        assert widget.ratings == {}
        assert all("not rated yet" in label.value for label in widget._labels.values())
        assert widget.radar.layout.display == "none"  # no chart, no overall, no next steps
        assert "Overall" not in widget.steps.value and "<ol>" not in widget.steps.value
        assert "5 still to rate" in widget.steps.value
        widget.sliders["needs"].value = 4
        widget.sliders["measures"].value = 2
        assert "3 still to rate" in widget.steps.value and widget.radar.layout.display == "none"
        reset_session(tmp_path)  # Kernel → Restart, Run All
        again = FiveMistakes(mode="exercise", question_id=RATINGS, compare=False)
        assert again.ratings == {"needs": 4, "measures": 2}
        assert "Saved ✓ in your workbook" in again.saver.status.value
        for k in ("expectations", "transformation", "complexity"):
            again.sliders[k].value = 3
        assert again.radar.layout.display != "none" and "<ol>" in again.steps.value
        assert again.radar.value  # the chart is drawn once all five are rated
    finally:
        reset_session(tmp_path)


def _gives_away(working: str) -> list[str]:
    """What of this month's answer the calculator's working shows: the NPS or the two shares."""
    from cxkit.concepts import nps

    groups = nps.exercise_group_counts()
    n = sum(groups.values())
    tells = [
        f"{abs(nps.exercise_nps()):.1f}",
        f"{abs(nps.exercise_nps()):.0f} points",
        f"{groups['promoters'] / n:.1%}",
        f"{groups['detractors'] / n:.1%}",
    ]
    return [t for t in tells if t in working]


def test_nps_calculator_shows_the_formula_and_saves_the_typed_points(tmp_path, monkeypatch) -> None:
    from cxkit.concepts import nps
    from cxkit.widgets.nps import exercise_calculator

    monkeypatch.delenv("CXKIT_PARTICIPANT", raising=False)
    session = reset_session(tmp_path)
    session.identify("Pat")
    try:
        calc = exercise_calculator()
        assert "Not started" in calc.saver.status.value
        assert "Type the three counts" in calc.working.value
        counts = nps.counts_from_scores(nps.exercise_scores())
        calc.counts["detractors"].value = int(counts[:7].sum())
        calc.counts["passives"].value = int(counts[7:9].sum())
        calc.counts["promoters"].value = int(counts[9:].sum()) - 1  # one short
        assert "the survey has 320: check your counts" in calc.working.value
        calc.counts["promoters"].value = int(counts[9:].sum())
        groups = nps.exercise_group_counts()
        assert "check your counts" not in calc.working.value
        # The counts and the formula, with the counts in it; never the answer itself.
        assert "share of promoters − share of detractors" in calc.working.value
        assert f"{groups['promoters']:,} ÷ 320 × 100 − {groups['detractors']:,} ÷ 320" in (
            calc.working.value
        )
        assert _gives_away(calc.working.value) == []
        assert session.workbook.reload().get(NPS) is None  # the calculator alone saves nothing
        calc.answer.value = "twelve"
        assert "as a number of points" in calc.feedback.value
        assert session.workbook.reload().get(NPS) is None
        calc.answer.value = f"{nps.exercise_nps():.1f} points"
        saved = session.workbook.reload().get(NPS)
        assert saved["nps"] == pytest.approx(nps.exercise_nps(), abs=0.05)
        assert saved["counts"] == nps.exercise_group_counts()  # the working is kept too
        assert "Saved ✓" in calc.saver.status.value and "points" in calc.saver.status.value
        calc.answer.value = "−8"  # a typographic minus is a minus
        assert session.workbook.reload().get(NPS)["nps"] == -8
        again = exercise_calculator()
        assert again.answer.value == "-8" and "Saved ✓ in your workbook" in again.saver.status.value
    finally:
        reset_session(tmp_path)


def test_nps_calculator_restores_its_counts_and_working_after_a_restart(
    tmp_path, monkeypatch
) -> None:
    from cxkit.concepts import nps
    from cxkit.widgets.nps import exercise_calculator

    monkeypatch.delenv("CXKIT_PARTICIPANT", raising=False)
    session = reset_session(tmp_path)
    session.identify("Pat")
    try:
        calc = exercise_calculator()
        groups = nps.exercise_group_counts()
        for k, n in groups.items():
            calc.counts[k].value = n
        calc.answer.value = f"{nps.exercise_nps():.1f}"
        calc.counts["passives"].value = groups["passives"] + 1  # a later fix is saved too
        assert session.workbook.reload().get(NPS)["counts"]["passives"] == groups["passives"] + 1
        calc.counts["passives"].value = groups["passives"]
        reset_session(tmp_path)  # Kernel → Restart, Run All
        again = exercise_calculator()
        assert {k: b.value for k, b in again.counts.items()} == groups
        assert f"{groups['promoters']:,} ÷ 320 × 100" in again.working.value
        assert _gives_away(again.working.value) == []
        assert "Type the three counts" not in again.working.value
        assert "Saved ✓ in your workbook" in again.saver.status.value
    finally:
        reset_session(tmp_path)


def test_nps_calculator_before_anyone_is_named_says_so_neutrally(tmp_path, monkeypatch) -> None:
    from cxkit.concepts import nps
    from cxkit.widgets.nps import exercise_calculator

    monkeypatch.delenv("CXKIT_PARTICIPANT", raising=False)
    reset_session(tmp_path)
    try:
        calc = exercise_calculator()  # a coach's copy: nobody has typed a name
        for k, n in nps.exercise_group_counts().items():
            calc.counts[k].value = n
        calc.answer.value = f"{nps.exercise_nps():.1f}"
        status = calc.saver.status.value
        assert "Not saved" not in status and "cx-bad" not in status
        assert "Type your name" in status and "cx-muted" in status
    finally:
        reset_session(tmp_path)


def test_counts_table_has_one_row_per_survey() -> None:
    from cxkit.concepts import nps

    before, after = nps.exercise_months()
    table = nps.counts_table({"Before": before, "After": after})
    assert list(table["Survey"]) == ["Before", "After"]
    assert [str(i) for i in range(11)] == list(table.columns[1:12])
    assert list(table["Answers"]) == [400, 400]
    assert table["NPS (points)"].iloc[1] == pytest.approx(nps.nps_from_counts(after))


def test_the_lessons_calculator_still_works_the_nps_out() -> None:
    from cxkit.concepts import nps
    from cxkit.widgets.nps import NpsCalculator

    calc = NpsCalculator()  # lesson mode: the calculator is the lesson's worked example
    for k, n in nps.exercise_group_counts().items():
        calc.counts[k].value = n
    assert f"{nps.exercise_nps():+.1f} points" in calc.working.value
