"""Exercise 07, the Customer Performance Landscape and the triple crown.

Answer formats in the workbook (plain JSON; the grader parses and never executes them):

- ``landscape/orphan-activities``: a list of activity labels from the given landscape
  (``cxkit.concepts.landscape.exercise_landscape()``), those with no path to any SCO.
  Auto-graded by set agreement against ``cxkit.concepts.landscape.exercise_key()["orphan_activities"]``.
- ``landscape/unmeasured-scos``: a list of SCO labels with no measure linked to them.
  Auto-graded against ``exercise_key()["unmeasured_scos"]``.
- ``landscape/triple-crown-change``: ``{"change": str, "customer": str, "cost": str,
  "revenue": str}``: one change to the landscape and its effect on each crown; rubric-graded.
"""

from __future__ import annotations

from typing import Any

from cxkit.concepts.landscape import exercise_key, exercise_landscape
from cxkit.questions import Check, Grading, Kind, Question, RubricCriterion, register

EXERCISE = "07_triple_crown_and_landscape"
ORPHANS = "landscape/orphan-activities"
UNMEASURED = "landscape/unmeasured-scos"
CHANGE = "landscape/triple-crown-change"
CHANGE_PARTS: dict[str, str] = {
    "change": "The change (what you remove, link or re-measure)",
    "customer": "Effect on the customer experience",
    "cost": "Effect on cost",
    "revenue": "Effect on revenue",
}

_LAND = exercise_landscape()
ACTIVITIES = tuple(n.label for n in _LAND.nodes("activity"))
SCOS = tuple(n.label for n in _LAND.nodes("sco"))


def _check_pick(choices: tuple[str, ...]):
    def check(value: Any) -> Check:
        if not isinstance(value, list):
            return Check(False, ("Expected a list of names.",))
        unknown = [v for v in value if v not in choices]
        if unknown:
            return Check(False, (f"Not in the landscape: {', '.join(map(str, unknown))}.",))
        if not value:
            return Check(False, ("Nothing selected yet.",))
        # Say which: in a long list the selected ones can be scrolled out of sight.
        return Check(True, (f"{len(value)} selected: {'; '.join(map(str, value))}.",))

    return check


def _check_change(value: Any) -> Check:
    if not isinstance(value, dict):
        return Check(False, ("Type into the four boxes: the change and its three effects.",))
    empty = [k for k in CHANGE_PARTS if not str(value.get(k) or "").strip()]
    if len(empty) == len(CHANGE_PARTS):
        return Check(False, ("Not answered yet.",))
    if empty:
        todo = "; ".join(CHANGE_PARTS[k].lower() for k in empty)
        return Check(True, (f"Still to fill in: {todo}.",))
    return Check(True, ("All four parts written.",))


register(
    Question(
        id=ORPHANS,
        title="Find the orphan activities",
        concept="landscape",
        kind=Kind.MULTIPLE_CHOICE,
        prompt=("Which activities in the given landscape are orphans, with no path to any SCO?"),
        points=3,
        grading=Grading.AUTO,
        exercise=EXERCISE,
        choices=ACTIVITIES,
        instant_check=_check_pick(ACTIVITIES),
        key=lambda: exercise_key()["orphan_activities"],
    )
)

register(
    Question(
        id=UNMEASURED,
        title="Find the unmeasured SCOs",
        concept="landscape",
        kind=Kind.MULTIPLE_CHOICE,
        prompt=("Which SCOs in the given landscape have no measure linked to them at all?"),
        points=2,
        grading=Grading.AUTO,
        exercise=EXERCISE,
        choices=SCOS,
        instant_check=_check_pick(SCOS),
        key=lambda: exercise_key()["unmeasured_scos"],
    )
)

register(
    Question(
        id=CHANGE,
        title="Change the landscape for the triple crown",
        concept="landscape",
        kind=Kind.RECORD,
        prompt=(
            "Propose one change to this landscape and its triple-crown effect: what it does "
            "for the customer, for cost and for revenue, with a rough number for each."
        ),
        points=6,
        grading=Grading.RUBRIC,
        exercise=EXERCISE,
        items=tuple(CHANGE_PARTS),
        item_labels=tuple(CHANGE_PARTS.values()),
        instant_check=_check_change,
        rubric=(
            RubricCriterion(
                "The change",
                {
                    0: "No concrete change, or one that adds work without serving an SCO.",
                    1: "A concrete change, but not tied to a finding in the landscape.",
                    2: "Removes or re-links work found by the checks (an orphan activity, an "
                    "unmeasured SCO, an output-only measure).",
                },
            ),
            RubricCriterion(
                "All three crowns",
                {
                    0: "Only one crown addressed.",
                    1: "Two crowns, or three without any sizing.",
                    2: "Customer, cost and revenue each move the right way, with a rough "
                    "number or a way to measure it.",
                },
            ),
            RubricCriterion(
                "Outside-in reasoning",
                {
                    0: "Argued from internal efficiency only.",
                    1: "Mentions the customer but measures success by outputs.",
                    2: "Starts from the customer's outcome and measures success by outcomes.",
                },
            ),
        ),
    )
)
