"""Outside-In versus Inside-Out: the sorting bank, its feedback, the claim journey and the sorting widget."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxkit.concepts.outside_in import (
    View,
    claim_journey,
    exercise_key,
    exercise_key_with_reasons,
    exercise_statements,
    kestrel_process,
    normalise_view,
    score_sorting,
    share_outside_contacts,
    sort_feedback,
    sorting_set,
    statement,
    statement_bank,
    unplanned_contacts,
)
from cxkit.session import reset_session


def test_bank_is_balanced_and_every_statement_has_a_reason() -> None:
    bank = statement_bank()
    assert len(bank) >= 16
    views = [s.view for s in bank]
    assert views.count(View.INSIDE_OUT) == views.count(View.OUTSIDE_IN)
    assert all(s.why.strip() and s.text.strip() for s in bank)
    assert len({s.id for s in bank}) == len(bank)


def test_seed_anchors_are_in_the_bank() -> None:
    whys = " ".join(s.why for s in statement_bank()).lower()
    for anchor in ("lipstick on a pig", "drills", "know me", "dumb stuff", "between"):
        assert anchor in whys, anchor


def test_sorting_set_is_balanced_interleaved_and_stable() -> None:
    first = sorting_set(10)
    assert [s.id for s in first] == [s.id for s in sorting_set(10)]
    assert sum(s.view is View.OUTSIDE_IN for s in first) == 5
    views = [s.view for s in first]
    assert all(len(set(views[i : i + 3])) == 2 for i in range(len(views) - 2))  # no three alike


def test_sort_feedback_right_wrong_and_blank() -> None:
    s = statement("io-rename-team")
    right = sort_feedback(s.id, "Inside-Out")
    assert right.correct and "lipstick on a pig" in right.message
    wrong = sort_feedback(s.id, "outside in")
    assert not wrong.correct and wrong.message.startswith("Not quite: this is Inside-Out")
    assert sort_feedback(s.id, 3).answer is None
    assert normalise_view(View.OUTSIDE_IN) == "outside-in"
    with pytest.raises(KeyError, match="no statement"):
        statement("zz")


def test_score_sorting_counts_only_answered() -> None:
    ids = ["io-aht-cut", "oi-tell-once", "io-campaign"]
    assert score_sorting({"io-aht-cut": "inside-out", "oi-tell-once": "inside-out"}, ids) == (1, 2)
    assert score_sorting({}, ids) == (0, 0)


def test_claim_journey_shows_most_of_life_happens_between_contacts() -> None:
    j = claim_journey()
    assert kestrel_process() == ["Notify", "Register", "Assess", "Approve", "Pay"]
    assert share_outside_contacts(j) == sum(not s.with_kestrel for s in j) / len(j)
    assert share_outside_contacts(j) >= 0.5
    assert all(s.with_kestrel and not s.kestrel_step for s in unplanned_contacts(j))
    back = next(s.day for s in j if "back on the road" in s.what)
    assert back < max(s.day for s in j if s.kestrel_step == "Pay")  # the firm's process ends later
    assert share_outside_contacts([]) == 0.0


def test_journey_figure() -> None:
    from cxkit.plots.outside_in import journey_two_views

    fig = journey_two_views(claim_journey())
    top, bottom = fig.axes
    assert [t.get_text() for t in top.texts if t.get_text()] == kestrel_process()
    assert bottom.get_xlabel() == "Days since the accident"
    assert "no contact with Kestrel" in bottom.get_title(loc="left")


def test_sorting_widget_explains_each_choice(tmp_path: Path) -> None:
    from cxkit.widgets.outside_in import SortingExercise

    reset_session(tmp_path)
    w = SortingExercise(["io-bonus-calls", "oi-fix-chasing"])
    w.buttons["io-bonus-calls"].value = "outside-in"
    assert "✗ Not quite: this is Inside-Out" in w.feedback["io-bonus-calls"].value
    w.buttons["oi-fix-chasing"].value = "outside-in"
    assert "✓ Right" in w.feedback["oi-fix-chasing"].value
    assert "You sorted 1 of 2" in w.summary.children[0].value


def test_exercise_statements_are_the_ones_the_lesson_did_not_practise() -> None:
    ex = exercise_statements()
    practised = {s.id for s in sorting_set(10)}
    assert len(ex) == 10 and not practised & {s.id for s in ex}
    assert {s.id for s in ex} | practised == {s.id for s in statement_bank()}
    assert sum(s.view is View.INSIDE_OUT for s in ex) == 5
    assert ex[0].view is not ex[1].view  # interleaved, not all of one view first
    assert [s.id for s in exercise_statements()] == [s.id for s in ex]  # stable


def test_exercise_key_matches_the_bank() -> None:
    key = exercise_key()
    assert key == {s.id: s.view.value for s in exercise_statements()}
    assert key["io-campaign"] == "inside-out" and key["oi-measure-live"] == "outside-in"
    reasons = exercise_key_with_reasons()
    assert {k: v["label"] for k, v in reasons.items()} == key
    assert all(v["why"] for v in reasons.values())


def test_rewrite_check_quotes_the_outcome_and_the_measure() -> None:
    from cxkit.concepts.outside_in import check_rewrite

    good = check_rewrite(
        "I want my car back on the road within 3 days of an accident. So Kestrel should book the "
        "repair on the first call and text me the date; we would count the days from crash to driving."
    )
    assert good.outcome and good.outcome in good.text and good.measure in good.text
    assert any(m.startswith("Starts from the customer's outcome") for m in good.messages)
    bad = check_rewrite("Reduce average handle time by training our agents on the new system.")
    assert bad.firm_first in ("average handle time", "our agents") and bad.outcome is None
    assert any("opens with the firm's activity" in m for m in bad.messages)
    assert check_rewrite(None).messages == ("Not answered yet.",)
