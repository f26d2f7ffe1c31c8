"""Grading against the key: default scoring by kind, custom scorers, rubric findings, the contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cxkit import questions
from cxkit.coach.grading import (
    CORRECT,
    NEEDS_RUBRIC,
    NOT_ANSWERED,
    PARTLY,
    WRONG,
    grade_workbook,
    load_key,
    model_answer,
    score_multiple,
    score_number,
    score_record,
)
from cxkit.questions import Grading, Kind, Question
from cxkit.workbook import Workbook
from tests._grading_questions import MEASURES, QUESTIONS
from tests._workbooks import workbook_with

KEY = load_key(question_list=QUESTIONS)


def test_record_of_labels_share_and_per_item_detail() -> None:
    s = score_record({"aht": "Output", "retention": "outcome", "extra": "x"}, dict(MEASURES))
    assert s.fraction == pytest.approx(1 / 6)
    assert s.feedback[0] == "1 of 6 labelled right."
    assert any(
        line.startswith("retention: you said outcome; it is impact. A business result")
        for line in s.feedback
    )
    assert s.detail["items"]["aht"] == {"key": "output", "answer": "Output", "right": True}
    assert s.detail["items"]["retention"]["right"] is False
    assert any("extra" in line for line in s.feedback)


@pytest.mark.parametrize(
    ("answer", "frac"),
    [(0.62, 1.0), (0.629, 1.0), (0.64, 0.0), ("62%", 0.0), ("0.62", 1.0), (True, 0.0), (None, 0.0)],
)
def test_number_within_tolerance(answer: object, frac: float) -> None:
    assert score_number(answer, 0.62, 0.01).fraction == frac


def test_multiple_choice_set_agreement() -> None:
    s = score_multiple(["AHT", "problem solved"], ["AHT", "service level", "occupancy"])
    assert s.fraction == pytest.approx(1 / 4)
    assert "Missed: occupancy, service level." in s.feedback
    assert (
        score_multiple(
            ["occupancy", "AHT", "service level"], ["AHT", "service level", "occupancy"]
        ).fraction
        == 1
    )


def test_grade_workbook_contract(tmp_path: Path) -> None:
    wb = workbook_with(
        tmp_path,
        {
            "gradingtest/classify": {m: k for m, (k, _) in MEASURES.items()},
            "gradingtest/share": 0.5,
            "gradingtest/sins": ["AHT", "service level"],
            "gradingtest/custom": 50,
            "gradingtest/sco": "A seamless claims experience.",
            "other/unknown": 1,
        },
    )
    g = grade_workbook(wb, KEY)
    st = {i.question_id: i.status for i in g.items}
    assert st == {
        "gradingtest/classify": CORRECT,
        "gradingtest/share": WRONG,
        "gradingtest/north-star": NOT_ANSWERED,
        "gradingtest/sins": PARTLY,
        "gradingtest/custom": PARTLY,
        "gradingtest/sco": NEEDS_RUBRIC,
    }
    sco = g.item("gradingtest/sco")
    assert sco.points is None and sco.max_points == 4
    assert "Weasel words with no measure: seamless." in sco.findings
    assert g.item("gradingtest/custom").feedback == ["Close enough for half."]
    assert g.total == pytest.approx(6 + 0 + 0 + 2 * 2 / 3 + 1, abs=1e-3)
    assert g.max_total == 17
    assert g.by_concept() == {"gradingtest": (g.total, 17.0)}
    assert g.unknown_questions == ["other/unknown"]
    assert json.loads(json.dumps(g.to_dict()))["items"][0]["question_id"] == "gradingtest/classify"
    for item in g.items:
        assert item.feedback or item.findings, item.question_id  # every item says why


def test_strange_answer_shapes_never_crash(tmp_path: Path) -> None:
    wb = workbook_with(
        tmp_path,
        {
            "gradingtest/classify": "output",
            "gradingtest/share": {"a": 1},
            "gradingtest/north-star": ["nights booked"],
            "gradingtest/sins": 7,
            "gradingtest/custom": "many",
            "gradingtest/sco": {"text": 3},
        },
    )
    g = grade_workbook(wb, KEY)
    assert all(i.points == 0 for i in g.items if i.grading == "auto")
    assert g.item("gradingtest/sco").findings == ["Expected a sentence."]


def test_broken_key_goes_to_the_coach_not_a_crash(tmp_path: Path) -> None:
    broken = Question(
        "gradingtest-broken/q", "gradingtest", Kind.NUMBER, "?", 3, Grading.AUTO, key=lambda: 1 / 0
    )
    key = load_key(question_list=[*QUESTIONS, broken])
    assert any("ZeroDivisionError" in p for p in key.problems)
    g = grade_workbook(workbook_with(tmp_path, {"gradingtest-broken/q": 4}), key)
    item = g.item("gradingtest-broken/q")
    assert item.points is None and item.status == NEEDS_RUBRIC and "coach" in item.feedback[0]


def test_key_fingerprint_changes_with_a_key_correction() -> None:
    q = Question(
        "gradingtest-fp/q", "gradingtest", Kind.NUMBER, "?", 1, Grading.AUTO, key=lambda: 1
    )
    q2 = Question(
        "gradingtest-fp/q", "gradingtest", Kind.NUMBER, "?", 1, Grading.AUTO, key=lambda: 2
    )
    assert load_key(question_list=[q]).fingerprint != load_key(question_list=[q2]).fingerprint
    assert load_key(question_list=[q]).fingerprint == load_key(question_list=[q]).fingerprint


def test_every_registered_question_grades_blank_and_keyed(tmp_path: Path) -> None:
    """Generic over the registry: each lesson's questions grade with no per-lesson code."""
    key = load_key()
    assert set(key.items) >= {q.id for q in questions.all_questions()}
    wb = workbook_with(tmp_path, {})
    g = grade_workbook(wb, key)
    assert all(i.status == NOT_ANSWERED and i.points == 0 for i in g.items)
    # A full-marks answer in the saved format: the question's example, else the key itself.
    answers = {
        k.question_id: k.question.example() if k.question.example else model_answer(k.key)
        for k in key
        if k.auto
    }
    wb2 = Workbook.create(tmp_path / "key.workbook.json", "Key")
    for qid, v in answers.items():
        wb2.record(qid, v)
    g2 = grade_workbook(wb2, key)
    for i in g2.items:
        if i.question_id in answers and i.answered:
            assert i.status == CORRECT, (i.question_id, i.feedback)


def test_key_command_lists_key_and_rubric(tmp_path: Path) -> None:
    import subprocess
    import sys

    r = subprocess.run(
        [sys.executable, "-m", "cxkit", "key", "--json"], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    ids = {q["id"] for q in data["questions"]}
    assert ids == {q.id for q in questions.all_questions() if q.concept != "gradingtest"}
    r = subprocess.run([sys.executable, "-m", "cxkit", "key"], capture_output=True, text=True)
    assert r.returncode == 0 and " questions, " in r.stdout
    rubric = [q for q in data["questions"] if q["grading"] == "rubric"]
    for q in rubric[:20]:
        assert q["rubric"] and f"criterion: {q['rubric'][0]['criterion']}" in r.stdout


def test_final_points_is_the_one_rule_for_a_coach_score() -> None:
    from cxkit.coach.grading import OVERRIDE, final_points

    rubric = [("words", {0: "", 1: "", 2: ""}), ("measure", {0: "", 2: ""})]

    def fp(**kw):
        base = dict(
            answered=True, auto=None, levels={}, points=8.0, rubric=rubric, rubric_graded=True
        )
        return final_points(**{**base, **kw})

    assert fp(answered=False, levels={"words": 2, "measure": 2}) == 0.0
    assert fp(levels={"words": 2}) is None  # one criterion still to score
    assert fp(levels={"words": 1, "measure": 2}) == 6.0  # 3 of 4 levels -> 6 of 8 points
    assert fp(levels={"words": 9, "measure": -1}) == 4.0  # levels clamped to each criterion
    assert fp(levels={OVERRIDE: 11.0}) == 8.0 and fp(levels={OVERRIDE: -2}) == 0.0
    assert fp(auto=5.0, rubric_graded=False, levels={"words": 0, "measure": 0}) == 5.0
    assert fp(auto=5.0, rubric=[], rubric_graded=False) == 5.0
