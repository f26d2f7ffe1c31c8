"""Exercise 01, Outside-In versus Inside-Out: sort ten new statements, rewrite one initiative.

Answer formats in the workbook (plain JSON, so the grader parses and never executes them):

- ``outside_in/sort-statements``: ``{"<statement id>": "inside-out" | "outside-in", ...}``
  for the ten ids in ``items`` (= ``cxkit.concepts.outside_in.exercise_statements()``, the statements
  the lesson's practice did not use); auto-graded against ``cxkit.concepts.outside_in.exercise_key()``
  (the question's ``key`` adds each statement's reason, for the feedback), one point each.
- ``outside_in/rewrite-initiative``: a string, a few sentences; rubric-graded.
"""

from __future__ import annotations

from cxkit.concepts.outside_in import (
    VIEWS,
    View,
    exercise_key_with_reasons,
    exercise_statements,
    normalise_view,
    sorting_set,
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

EXERCISE = "01_outside_in"
SORT = "outside_in/sort-statements"
REWRITE = "outside_in/rewrite-initiative"
MIN_REWRITE_WORDS = 30

_check_sorting = label_grid_check(
    lambda: [s.id for s in exercise_statements()], normalise_view, VIEWS, "statement", "sorted"
)
_check_length = written_answer_check(MIN_REWRITE_WORDS)


def _check_rewrite(value: object) -> Check:
    """Complete with any text; the language core says what it finds (outcome first, a measure)."""
    from cxkit.concepts.outside_in import check_rewrite

    base = _check_length(value)
    if not isinstance(value, str) or not value.strip():
        return base
    return Check(base.complete, check_rewrite(value, MIN_REWRITE_WORDS).messages)


# Inside-Out initiatives from the lesson's practice set, so the prompt gives away no sorting answer.
REWRITE_CHOICES = tuple(s for s in sorting_set(10) if s.view is View.INSIDE_OUT)


register(
    Question(
        id=SORT,
        title="Sort the statements",
        concept="outside_in",
        kind=Kind.RECORD,
        prompt=(
            "Sort each of these ten statements as Inside-Out (starts from the firm's functions) "
            "or Outside-In (starts from the customer's outcome)."
        ),
        points=10,
        grading=Grading.AUTO,
        exercise=EXERCISE,
        items=tuple(s.id for s in exercise_statements()),
        item_labels=tuple(s.text for s in exercise_statements()),  # how a coach sees each one
        instant_check=_check_sorting,
        key=exercise_key_with_reasons,
        cohort_figure=LabelConfusion(
            labels=("inside-out", "outside-in"),
            title="Statements sorted: the right view against what participants said",
            right="Right view",
            item_word="Statement",
        ),
    )
)

register(
    Question(
        id=REWRITE,
        title="Rewrite an initiative outside-in",
        concept="outside_in",
        kind=Kind.SHORT_TEXT,
        prompt=(
            f"Choose one of Kestrel Mutual's {len(REWRITE_CHOICES)} Inside-Out initiatives from "
            "lesson 1 and rewrite it from the outside in: start from the customer's outcome and "
            "work backwards to what Kestrel should do. Name the initiative you chose "
            f"({MIN_REWRITE_WORDS} words or more)."
        ),
        points=6,
        grading=Grading.RUBRIC,
        exercise=EXERCISE,
        instant_check=_check_rewrite,
        rubric=(
            RubricCriterion(
                "Starts from the outcome",
                {
                    0: "Still starts from Kestrel's function, system or target.",
                    1: "Mentions the customer, but the firm's activity is still the goal.",
                    2: "Starts from the result the customer wants, in the customer's words.",
                },
            ),
            RubricCriterion(
                "Works backwards",
                {
                    0: "No link from the outcome to what Kestrel would do differently.",
                    1: "A change is named, but how it serves the outcome is unclear.",
                    2: "Works back from the outcome to a concrete change in what Kestrel does.",
                },
            ),
            RubricCriterion(
                "Measurable",
                {
                    0: "Nothing could be counted or timed.",
                    1: "A measure is hinted at but vague.",
                    2: "Names how Kestrel would know the customer's outcome improved.",
                },
            ),
        ),
    )
)
