"""Moments of truth: typed steps, counts, the removable share and before/after."""

from __future__ import annotations

import pytest

from cxkit.concepts.moments import (
    Feeling,
    InteractionType,
    Journey,
    MomentOfTruth,
    before_after,
    kestrel_motor_claim,
)

T, F = InteractionType, Feeling


def small() -> Journey:
    return Journey(
        "j",
        (
            MomentOfTruth("report", T.PERSON_PERSON, True, F.NEUTRAL),
            MomentOfTruth("chase", T.PERSON_PERSON, False, F.MISERY),
            MomentOfTruth("re-key", T.SYSTEM_SYSTEM, False, F.NEUTRAL),
            MomentOfTruth("hire car", T.PERSON_PRODUCT, True, F.MAGIC),
        ),
    )


def test_six_interaction_types() -> None:
    assert [t.value for t in T] == [
        "person-person", "person-system", "system-person",
        "system-system", "person-product", "product-person",
    ]  # fmt: skip
    assert T.SYSTEM_PERSON.label == "system → person"


def test_counts_and_removable_share() -> None:
    j = small()
    assert j.counts_by_type() == {
        "person-person": 2, "person-system": 0, "system-person": 0,
        "system-system": 1, "person-product": 1, "product-person": 0,
    }  # fmt: skip
    assert j.counts_by_feeling() == {"misery": 1, "neutral": 2, "magic": 1}
    assert j.removable_share() == 0.5
    assert [m.step for m in j.after_removal().moments] == ["report", "hire car"]
    assert Journey("empty").removable_share() == 0.0


def test_before_after_table() -> None:
    t = before_after(small())
    assert t.loc["all moments"].tolist() == [4, 2, 2]
    assert t.loc["moments of misery", "after"] == 0
    assert t.loc["system → system", "removed"] == 1


def test_editing_add_remove_move_update() -> None:
    j = small()
    j2 = j.add(MomentOfTruth("survey", T.SYSTEM_PERSON), at=0)
    assert j2.moments[0].step == "survey" and len(j.moments) == 4  # original untouched
    assert [m.step for m in j.move(3, 0).moments] == ["hire car", "report", "chase", "re-key"]
    assert [m.step for m in j.remove(1).moments] == ["report", "re-key", "hire car"]
    assert j.update(1, serves_sco=True).removable_share() == 0.25
    with pytest.raises(IndexError, match="no step 9"):
        j.remove(8)


def test_records_round_trip_and_bad_records_are_named() -> None:
    j = small()
    assert Journey.from_record(j.to_record()) == j
    with pytest.raises(ValueError, match="kind 'robot-robot'"):
        MomentOfTruth.from_record({"step": "x", "kind": "robot-robot"})
    with pytest.raises(ValueError, match="feeling"):
        MomentOfTruth.from_record({"step": "x", "feeling": "meh"})


def test_kestrel_claim_journey_teaches_removal() -> None:
    j = kestrel_motor_claim()
    assert len(j.moments) >= 10
    share = j.removable_share()
    assert 0.4 < share < 0.7
    after = j.after_removal()
    assert after.counts_by_feeling()["misery"] < j.counts_by_feeling()["misery"]
    assert after.counts_by_feeling()["magic"] == j.counts_by_feeling()["magic"]


def test_moments_chart_renders() -> None:
    from cxkit.plots.needs import moments_chart

    fig = moments_chart(kestrel_motor_claim())
    assert "could be removed" in fig._suptitle.get_text()
    assert all(ax.get_xlabel() or ax.get_ylabel() for ax in fig.axes)
    moments_chart(Journey("empty"))  # an empty journey still draws
