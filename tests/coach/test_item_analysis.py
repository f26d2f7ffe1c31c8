"""Item analysis against textbook formulas computed by hand, properties, and degenerate cohorts."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cxkit.coach.item_analysis import ItemData, Part, analyse, response_matrix

# Five participants, three right/wrong items (rows: participants; columns: items).
HAND = [[1, 1, 1], [1, 1, 0], [1, 0, 1], [0, 1, 0], [0, 0, 0]]


def _results(grid: list[list[float]], exercise: str = "01_x") -> list[dict]:
    return [
        {
            "participant_id": f"P{r + 1}",
            "items": [
                {
                    "question_id": f"q/{c + 1}",
                    "grading": "auto",
                    "max_points": 1.0,
                    "final": float(v),
                    "exercise": exercise,
                    "detail": {},
                }
                for c, v in enumerate(row)
            ],
        }  # fmt: skip
        for r, row in enumerate(grid)
    ]


def test_figures_match_the_hand_computation() -> None:
    a = analyse(response_matrix(_results(HAND)))
    one = {s.part.id: s for s in a.items}["q/1"]
    # Difficulty 3/5. Corrected point-biserial: x = 1 1 1 0 0, rest = 2 1 1 1 0,
    # r = 1.0 / sqrt(1.2 * 2) = 0.6455. Upper and lower 27% of five: one participant each.
    assert one.difficulty == 0.6
    assert math.isclose(one.point_biserial, 1.0 / math.sqrt(2.4), rel_tol=1e-9)
    assert one.upper_lower == 1.0
    assert {s.part.id: s.difficulty for s in a.items} == {"q/1": 0.6, "q/2": 0.6, "q/3": 0.4}
    # KR-20: k = 3, sum p(1-p) = 0.72, variance of totals 3 2 2 1 0 = 1.04.
    (rel,) = a.reliability
    assert rel.method == "KR-20" and math.isclose(rel.alpha, 1.5 * (1 - 0.72 / 1.04))


def test_choice_parts_get_distractors_and_a_misconception_in_plain_words() -> None:
    labels = ["outcome"] * 7 + ["output"] * 4 + ["impact"]
    results = [
        {
            "participant_id": f"P{i}",
            "items": [
                {
                    "question_id": "outcomes/classify-measures",
                    "grading": "auto",
                    "max_points": 2.0,
                    "final": 1.0 if lab == "output" else 0.0,
                    "exercise": "02_x",
                    "detail": {
                        "items": {
                            "claims": {"key": "output", "answer": lab, "right": lab == "output"},
                            "renewals": {"key": "impact", "answer": "impact", "right": True},
                        }
                    },
                }
            ],
        }  # fmt: skip
        for i, lab in enumerate(labels)
    ]
    names = {"outcomes/classify-measures": {"claims": "Claims settled per adjuster per week"}}
    a = analyse(response_matrix(results, names))
    claims = next(s for s in a.items if s.part.label.startswith("Claims"))
    assert claims.distractors["outcome"][0] == 7 and claims.distractors["impact"][0] == 1
    assert claims.misconception == (
        "7 of 12 call “Claims settled per adjuster per week” an outcome: "
        "the output/outcome line is not yet clear."
    )
    renewals = next(s for s in a.items if s.part.id.endswith("renewals"))
    assert renewals.difficulty == 1.0 and any("too easy" in f for f in renewals.flags)
    assert renewals.point_biserial is None and any("no spread" in f for f in renewals.flags)


def test_a_reversed_key_shows_negative_discrimination() -> None:
    grid = [[1, 1, 1, 0], [1, 1, 1, 0], [1, 1, 0, 1], [0, 0, 0, 1], [0, 0, 0, 1]]
    a = analyse(response_matrix(_results(grid)))
    bad = {s.part.id: s for s in a.items}["q/4"]
    assert bad.point_biserial < 0 and any("check the key" in f for f in bad.flags)


def test_degenerate_cohorts_give_defined_values_and_say_why() -> None:
    solo = analyse(response_matrix(_results([[1, 0, 1]])))
    assert all(s.point_biserial is None and s.upper_lower is None for s in solo.items)
    assert all(any("one participant" in f for f in s.flags) for s in solo.items)
    assert (
        solo.reliability[0].alpha is None and "two or more participants" in solo.reliability[0].note
    )
    perfect = analyse(response_matrix(_results([[1, 1], [1, 1], [1, 1]])))
    assert perfect.reliability[0].alpha is None and "no variance" in perfect.reliability[0].note
    empty = analyse(response_matrix([]))
    assert empty.items == [] and empty.participants == 0
    single = analyse(response_matrix(_results([[1], [0], [1]])))
    assert "two or more scored parts" in single.reliability[0].note


grids = st.integers(2, 12).flatmap(
    lambda n: st.integers(2, 6).flatmap(
        lambda m: st.lists(
            st.lists(st.sampled_from([0.0, 0.5, 1.0]), min_size=m, max_size=m),
            min_size=n,
            max_size=n,
        )
    )
)


@settings(max_examples=150, deadline=None)
@given(grids, st.randoms(use_true_random=False))
def test_order_of_items_and_participants_does_not_matter_and_bounds_hold(grid, rnd) -> None:
    base = analyse(response_matrix(_results(grid)))
    rows = list(grid)
    rnd.shuffle(rows)
    cols = list(range(len(grid[0])))
    rnd.shuffle(cols)
    data = response_matrix(_results(rows))
    shuffled = ItemData(
        data.participants,
        [data.parts[c] for c in cols],
        data.scores[:, cols],
        [data.answers[c] for c in cols],
    )
    again = analyse(shuffled)
    by_id = {s.part.id: s for s in again.items}
    for s in base.items:
        t = by_id[s.part.id]
        assert math.isclose(s.difficulty, t.difficulty)
        assert (s.point_biserial is None) == (t.point_biserial is None)
        if s.point_biserial is not None:
            assert math.isclose(s.point_biserial, t.point_biserial, abs_tol=1e-9)
            assert -1 - 1e-9 <= s.point_biserial <= 1 + 1e-9
        assert 0.0 <= s.difficulty <= 1.0
        assert -1.0 <= s.upper_lower <= 1.0
        assert math.isclose(s.upper_lower, t.upper_lower, abs_tol=1e-9)
    a, b = base.reliability[0].alpha, again.reliability[0].alpha
    assert (a is None) == (b is None) and (
        a is None or (math.isclose(a, b, abs_tol=1e-9) and a <= 1)
    )


def test_parts_are_plain_data() -> None:
    p = Part("q", "q", "ex", "q", False)
    data = ItemData(["a", "b"], [p], np.array([[1.0], [0.0]]), [[None, None]])
    assert analyse(data).items[0].difficulty == 0.5


def test_the_sample_cohort_report(tmp_path) -> None:
    import csv

    from cxkit.coach.collect import collect
    from cxkit.coach.grade_run import grade_cohort
    from cxkit.coach.sample_cohort import DEADLINE, sample_path
    from cxkit.reports.item_report import write_item_report

    cohort = tmp_path / "cohort"
    collect(sample_path(), cohort, deadline=DEADLINE)
    grade_cohort(cohort)
    csv_path, page = write_item_report(cohort / "gradebook.sqlite", cohort / "exports")
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    parts = {(r["question"], r["part"]) for r in rows}
    # Multi-part questions are analysed part by part, never also as a whole.
    assert ("outcomes/classify-measures", "Exercise 2 · Classify twelve measures") not in parts
    assert sum(q == "outcomes/classify-measures" for q, _ in parts) == 12
    assert all(0 <= float(r["difficulty (share right)"]) <= 1 for r in rows)
    text = page.read_text(encoding="utf-8")
    assert text.count("<img") == 2 and "Reliability per exercise" in text and "<script" not in text
