"""Exercise 02, outputs versus outcomes: classify twelve measures, reframe three outputs, explain AHT.

Answer formats in the workbook (plain JSON, so the grader parses and never executes them):

- ``outcomes/classify-measures``: ``{"<measure id>": "output" | "outcome" | "impact", ...}``
  for the twelve ids in ``items`` (= ``cxkit.concepts.outcomes.measures.exercise_measures()``); auto-graded
  against ``cxkit.concepts.outcomes.measures.exercise_key()`` (the question's ``key`` adds each
  measure's reason, for the feedback), one point per measure.
- ``outcomes/reframe-outputs``: ``{"<measure id>": "<outcome statement>", ...}`` for the three
  dashboard outputs in ``items``; rubric-graded. ``cxkit.concepts.outcomes.measures.check_outcome_statement``
  gives the coach the checker's findings for each statement.
- ``outcomes/aht-behaviour``: a string, a few sentences; rubric-graded.
"""

from __future__ import annotations

from typing import Any

from cxkit.concepts.outcomes.measures import (
    KINDS,
    check_outcome_statement,
    exercise_key_with_reasons,
    exercise_measures,
    measure,
    normalise_kind,
)
from cxkit.questions import (
    Check,
    Grading,
    Kind,
    LabelConfusion,
    Question,
    RubricCriterion,
    label_grid_check,
    register,
    written_answer_check,
)

EXERCISE = "02_outputs_vs_outcomes"
CLASSIFY = "outcomes/classify-measures"
REFRAME = "outcomes/reframe-outputs"
AHT = "outcomes/aht-behaviour"

# Three outputs from Kestrel Mutual's dashboard for the reframing question.
REFRAME_MEASURES: tuple[str, ...] = ("dash-aht", "dash-claims-closed", "dash-emails-24h")
MIN_AHT_WORDS = 40

_check_classification = label_grid_check(
    lambda: [m.id for m in exercise_measures()], normalise_kind, KINDS, "measure", "classified"
)
_check_aht = written_answer_check(MIN_AHT_WORDS)


def _check_reframes(value: Any) -> Check:
    """Complete when each of the three outputs has a statement; notes how many are well formed."""
    if not isinstance(value, dict):
        return Check(False, ("Expected one statement per measure.",))
    texts = {mid: value.get(mid) for mid in REFRAME_MEASURES}
    written = [t for t in texts.values() if isinstance(t, str) and t.strip()]
    formed = sum(check_outcome_statement(t).well_formed for t in written)
    msgs = (
        f"{len(written)} of {len(REFRAME_MEASURES)} statements written; "
        f"{formed} have all four parts.",
    )
    return Check(len(written) == len(REFRAME_MEASURES), msgs)


def coach_findings_table(value: Any) -> Any:
    """For the coach: one row per dashboard output, by its title, with what the checker finds."""
    from cxkit.concepts.outcomes.measures import findings_frame

    texts = value if isinstance(value, dict) else {}
    table = findings_frame(
        {mid: t if isinstance(t := texts.get(mid), str) else "" for mid in REFRAME_MEASURES}
    )
    table["measure"] = [measure(mid).name for mid in REFRAME_MEASURES]
    return table.rename(
        columns={
            "measure": "Dashboard output",
            "statement": "Outcome statement as written",
            "parts found": "Parts found (of 4)",
            "well formed": "Well formed",
            "customer's words": "In the customer's words",
            "what is missing": "What is missing",
        }
    )


register(
    Question(
        id=CLASSIFY,
        title="Classify twelve measures",
        concept="outcomes",
        kind=Kind.RECORD,
        prompt=("Classify each of these twelve measures as an output, an outcome or an impact."),
        points=12,
        grading=Grading.AUTO,
        exercise=EXERCISE,
        items=tuple(m.id for m in exercise_measures()),
        item_labels=tuple(m.name for m in exercise_measures()),  # how a coach sees each one
        instant_check=_check_classification,
        key=exercise_key_with_reasons,
        cohort_figure=LabelConfusion(
            labels=("output", "outcome", "impact"),
            title="Measures classified: the right kind against what participants said",
            right="Right kind",
            item_word="Measure",
        ),
    )
)

register(
    Question(
        id=REFRAME,
        title="Reframe outputs as outcomes",
        concept="outcomes",
        kind=Kind.RECORD,
        prompt=(
            "Reframe three of Kestrel Mutual's output measures as outcome statements: direction, "
            "metric, object of control and context, in the customer's words. The three: "
            + "; ".join(measure(mid).name for mid in REFRAME_MEASURES)
            + "."
        ),
        points=6,
        grading=Grading.RUBRIC,
        exercise=EXERCISE,
        items=REFRAME_MEASURES,
        item_labels=tuple(measure(mid).name for mid in REFRAME_MEASURES),  # how a coach sees each
        instant_check=_check_reframes,
        rubric=(
            RubricCriterion(
                "Four parts",
                {
                    0: "Most statements lack two or more of direction, metric, object and context.",
                    1: "Each statement has at least three parts, or one statement is incomplete.",
                    2: "All three statements have direction, metric, object of control and context.",
                },
            ),
            RubricCriterion(
                "Customer's words",
                {
                    0: "Written from the firm's side (calls handled, files closed, our agents).",
                    1: "About the customer's result, but in the firm's language.",
                    2: "Said as the customer would say it (my claim, I, me), no weasel words.",
                },
            ),
            RubricCriterion(
                "Measurable",
                {
                    0: "Nothing could be counted or timed.",
                    1: "Some statements name something measurable, others are vague.",
                    2: "Each names a time, a number or a likelihood that could be measured today.",
                },
            ),
        ),
    )
)

register(
    Question(
        id=AHT,
        title="What an AHT target does",
        concept="outcomes",
        kind=Kind.SHORT_TEXT,
        prompt=(
            f"In a few sentences ({MIN_AHT_WORDS} words or more): why does managing Kestrel's "
            "agents to average handle time (AHT) hurt the customer's outcome, and Kestrel's costs?"
        ),
        points=4,
        grading=Grading.RUBRIC,
        exercise=EXERCISE,
        instant_check=_check_aht,
        rubric=(
            RubricCriterion(
                "Behaviour",
                {
                    0: "No behaviour named.",
                    1: "Says AHT drives behaviour, without naming it.",
                    2: "Names what agents do to hit AHT: rushing, transferring, promising call-backs, "
                    "closing calls before the problem is solved.",
                },
            ),
            RubricCriterion(
                "Outcome and cost",
                {
                    0: "No link to the customer's outcome.",
                    1: "Says the customer is worse off, without the mechanism.",
                    2: "Explains that unsolved problems come back as repeat calls (failure demand): "
                    "more customer effort and more total cost, though each call is shorter.",
                },
            ),
        ),
    )
)
