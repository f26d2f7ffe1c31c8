"""Exercise 3's questions and lesson 3's widgets: instant checks, grading from workbooks, autosave."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxkit import questions
from cxkit.coach.grading import grade_workbook, load_key
from cxkit.concepts.contact_centre.failure_demand import (
    exercise_contacts,
    exercise_log_key,
    label_key,
)
from cxkit.concepts.contact_centre.triple_crown import triple_crown
from cxkit.questions.ex03_contact_centre import COST, EXERCISE, LABELS, PROPOSAL, SHARE
from tests._workbooks import workbook_with


def test_questions_are_registered_with_documented_formats() -> None:
    qs = {q.id: q for q in questions.all_questions(EXERCISE)}
    assert set(qs) == {LABELS, SHARE, COST, PROPOSAL}
    assert qs[LABELS].items == tuple(c.id for c in exercise_contacts())
    assert '"value" | "failure"' in qs[LABELS].prompt
    assert qs[PROPOSAL].rubric and all(len(c.levels) == 3 for c in qs[PROPOSAL].rubric)
    for q in qs.values():
        assert q.check(None).summary == "Not answered yet."


def test_instant_checks_guide_without_giving_the_key() -> None:
    labels = questions.get(LABELS)
    half = {c.id: "value" for c in exercise_contacts()[:10]}
    c = labels.check(half)
    assert not c.complete and "10 of 20" in c.summary
    assert "neither" in labels.check({"E01": "maybe"}).summary
    share = questions.get(SHARE)
    assert share.check(57.7).complete and "percentage" in share.check(57.7).summary
    assert not share.check(250).complete
    assert not share.check("a lot").complete
    assert not questions.get(COST).check(-5).complete
    prop = questions.get(PROPOSAL)
    assert not prop.check({"rationale": "hello"}).complete
    good = triple_crown("remove-failure-demand", 0.3).as_dict() | {"rationale": "word " * 40}
    assert prop.check(good).complete and "wins" in prop.check(good).summary


def test_grading_a_workbook_uses_the_model_keys(tmp_path) -> None:
    key = exercise_log_key()
    labels = label_key(exercise_contacts())
    labels["E01"] = "failure" if labels["E01"] == "value" else "value"  # one wrong
    wb = workbook_with(
        tmp_path,
        {LABELS: labels, SHARE: key["share"] + 0.003, COST: key["monthly_cost"] + 60},
    )
    answer_key = load_key(question_list=questions.all_questions(EXERCISE))
    grade = grade_workbook(wb, answer_key)
    assert grade.item(LABELS).points == pytest.approx(19)
    assert "E01" in " ".join(grade.item(LABELS).feedback)
    assert grade.item(SHARE).points == pytest.approx(3)
    assert grade.item(COST).points == 0  # £60 off is outside the £50 tolerance
    assert grade.item(PROPOSAL).answered is False


def test_share_given_as_percentage_or_pre_pressure_value() -> None:
    q = questions.get(SHARE)
    key = exercise_log_key()["share"]
    assert q.score(100 * key, key).fraction == 1.0
    wrong = q.score(0.48, key)
    assert wrong.fraction == 0.0 and "before AHT pressure" in wrong.feedback[0]


# -- widgets (no browser: the models behind them and what they save) ----------------------------


def test_label_demand_saves_in_exercise_mode(session) -> None:
    from cxkit.widgets.contact_centre import LabelDemand

    widget = LabelDemand(mode="exercise", question_id=LABELS)
    widget.toggles["E01"].value = "value"
    widget.toggles["E05"].value = "failure"
    assert session.workbook.reload().get(LABELS) == {"E01": "value", "E05": "failure"}
    assert "Saved ✓" in widget.saver.status.value
    assert all(fb.value == "" for fb in widget.feedback.values())  # no key in the exercise
    again = LabelDemand(mode="exercise", question_id=LABELS)  # a re-run shows saved labels
    assert again.toggles["E05"].value == "failure"


def test_label_demand_gives_feedback_in_lesson_mode(session) -> None:
    from cxkit.widgets.contact_centre import LabelDemand

    widget = LabelDemand()
    first = widget.contacts[0]
    widget.toggles[first.id].value = first.demand
    assert "✓" in widget.feedback[first.id].value
    wrong = "value" if first.demand == "failure" else "failure"
    widget.toggles[first.id].value = wrong
    assert "✗" in widget.feedback[first.id].value
    assert session.workbook.reload().answers() == []  # lessons save nothing


def test_simulator_numbers_follow_the_sliders() -> None:
    from cxkit.widgets.contact_centre import ContactCentreSimulator

    sim = ContactCentreSimulator()
    assert sim.snapshot.overloaded and "never clears" in sim.headline.value
    png = sim.chart.value
    dashboard = sim.dashboard
    sim.agents.value = 60
    level = f"{100 * sim.snapshot.staffing.service_level:.1f}%"
    assert sim.dashboard is dashboard and level in dashboard.value  # updated in place
    assert not sim.snapshot.overloaded
    assert sim.chart.value != png and "never clears" not in sim.headline.value
    sim.reset.click()
    assert sim.agents.value == 48 and sim.snapshot.overloaded


def test_triple_crown_widget_saves_result_and_rationale(session) -> None:
    from cxkit.widgets.contact_centre import TripleCrownCalculator

    calc = TripleCrownCalculator(mode="exercise", question_id=PROPOSAL)
    assert "Triple crown won" in calc.verdict.value
    calc.kind.value = "cut-aht-by-target"
    assert "Triple crown not won" in calc.verdict.value
    assert calc.amount.max < 0.3  # a target cannot force more than the model allows
    calc.rationale.value = "Tighter targets <b>look</b> efficient"
    saved = session.workbook.reload().get(PROPOSAL)
    assert saved["change"]["kind"] == "cut-aht-by-target"
    assert saved["all_pass"] is False
    assert saved["rationale"] == "Tighter targets <b>look</b> efficient"


def test_save_answer_accepts_numpy_scalars_from_pandas(session) -> None:
    import numpy as np

    from cxkit.widgets.exercise import save_answer

    save_answer(SHARE, np.float64(0.5))  # what (log["demand"] == "failure").mean() returns
    save_answer(COST, np.int64(9000))
    wb = session.workbook.reload()
    assert wb.get(SHARE) == 0.5
    assert wb.get(COST) == 9000 and type(wb.get(COST)) is int


def test_label_demand_rows_start_neutral_and_show_the_choice(session) -> None:
    from cxkit.widgets.contact_centre import LabelDemand

    widget = LabelDemand(mode="exercise", question_id=LABELS)
    row = widget.toggles["E03"]
    assert all(b.button_style == "" and "✓" not in b.description for b in row.buttons.values())
    assert "Not started." in widget.saver.status.value
    assert "cx-warn" not in widget.summary.value  # untouched is not a warning
    row.buttons["failure"].click()
    chosen, other = row.buttons["failure"], row.buttons["value"]
    assert chosen.description == "✓ failure" and chosen.button_style == "info"
    assert other.description == "value" and other.button_style == ""
    assert session.workbook.reload().get(LABELS) == {"E03": "failure"}
    again = LabelDemand(mode="exercise", question_id=LABELS)  # a re-run after a restart
    assert again.toggles["E03"].buttons["failure"].description == "✓ failure"
    assert "Saved ✓ in your workbook (last saved" in again.saver.status.value


@pytest.mark.parametrize("typed", ["57.7", "0.577", "57.7 %"])
def test_share_box_saves_a_fraction_whether_typed_as_percent_or_fraction(session, typed) -> None:
    from cxkit.widgets.contact_centre import NumberAnswer

    box = NumberAnswer(SHARE, unit="%")
    assert box.box.value == "" and "Not started." in box.saver.status.value
    box.box.value = typed
    saved = session.workbook.reload().get(SHARE)
    assert saved == pytest.approx(0.577)
    assert "Saved ✓" in box.saver.status.value and "57.7%" in box.feedback.value
    again = NumberAnswer(SHARE, unit="%")
    assert again.box.value == "57.7"
    assert "Saved ✓ in your workbook (last saved" in again.saver.status.value


def test_number_boxes_grade_full_marks_and_refuse_what_is_not_a_number(session) -> None:
    from cxkit.widgets.contact_centre import NumberAnswer

    key = exercise_log_key()
    share, cost = NumberAnswer(SHARE, unit="%"), NumberAnswer(COST, unit="£")
    cost.box.value = "lots"
    assert COST not in session.workbook.reload()
    assert "not a number" in cost.feedback.value and "Not started." in cost.saver.status.value
    share.box.value = f"{100 * key['share']:.1f}"
    cost.box.value = f"£{key['monthly_cost']:,.0f}"
    wb = session.workbook.reload()
    assert wb.get(COST) == round(key["monthly_cost"])
    grade = grade_workbook(wb, load_key(question_list=questions.all_questions(EXERCISE)))
    assert grade.item(SHARE).points == pytest.approx(3)
    assert grade.item(COST).points == pytest.approx(3)
    assert NumberAnswer(COST, unit="£").box.value == f"{round(key['monthly_cost']):,}"


def test_log_calculator_gives_the_counts_not_the_answers() -> None:
    from cxkit.concepts.contact_centre.failure_demand import exercise_log
    from cxkit.widgets.contact_centre import LogCalculator

    log = exercise_log()
    calc = LogCalculator(log, "March")
    failures = int((log["demand"] == "failure").sum())
    minutes = log.loc[log["demand"] == "failure", "handle_s"].sum() / 60
    page = calc.table.value
    assert f">{failures:,}<" in page and f">{minutes:,.0f}<" in page and f">{len(log):,}<" in page
    key = exercise_log_key()
    assert f"{key['share']:.1%}" not in page and f"{key['share']:.0%}" not in page
    assert f"{key['monthly_cost']:,.0f}" not in page
    calc.view.value = "sample"
    assert log["reason"].iloc[0].replace("'", "&#x27;") in calc.table.value or (
        log["reason"].iloc[0] in calc.table.value
    )
    calc.view.value = "reason"
    assert "Chasing an unresolved contact" in calc.table.value


# --------------------------------------------------------------------------- every exercise's intro

_NUMBER_WORDS = {"One": 1, "Two": 2, "Three": 3, "Four": 4, "Five": 5, "Six": 6}


def _intro_and_headings(path):
    import re

    import nbformat

    nb = nbformat.read(path, as_version=4)
    shown = [c for c in nb.cells if "coach-only" not in c.metadata.get("tags", [])]
    intro = shown[0].source
    said = re.search(r"^(\w+) questions?, (\d+) points\.", intro.splitlines()[2])
    headings = [
        (int(m.group(1)), float(m.group(2)))
        for c in shown
        if c.cell_type == "markdown"
        for m in re.finditer(r"^## Question (\d+) · .*?\((\d+) points?\b", c.source, re.M)
    ]
    return said, headings


@pytest.mark.parametrize(
    "exercise",
    # the course's exercises (other test modules register questions of their own)
    sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "solutions").glob("0*.ipynb")),
    ids=str,
)
def test_each_intro_and_its_headings_count_what_the_registry_holds(exercise) -> None:
    from pathlib import Path

    # One truth: the registry (the home page and the hand-in count from it).
    qs = questions.all_questions(exercise)
    root = Path(__file__).resolve().parents[2]
    for folder in ("solutions", "exercises"):
        said, headings = _intro_and_headings(root / folder / f"{exercise}.ipynb")
        assert said, f"{folder}/{exercise}: the intro states no count"
        assert _NUMBER_WORDS[said.group(1)] == len(qs), said.group(0)
        assert int(said.group(2)) == sum(q.points for q in qs), said.group(0)
        # Numbered 1..n, one heading per registered question, and the points add up.
        assert [n for n, _ in headings] == list(range(1, len(qs) + 1)), headings
        assert sum(p for _, p in headings) == sum(q.points for q in qs), headings
