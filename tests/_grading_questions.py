"""A small test-only exercise for the grading tests: one question of every kind.

Registered under the concept ``gradingtest`` so it never clashes with a lesson's questions.
"""

from __future__ import annotations

from cxkit.concepts.outcomes.measures import find_weasel_words
from cxkit.questions import (
    Check,
    Grading,
    Kind,
    LabelConfusion,
    Question,
    RubricCriterion,
    Score,
    register,
)

MEASURES = {
    "aht": ("output", "Handle time counts our effort, not the customer's result."),
    "calls-answered": ("output", "Answering is what we do, not what the customer gets."),
    "claims-settled-first-time": ("outcome", "The customer's problem is solved."),
    "back-on-road-days": ("outcome", "Said in the customer's words: back on the road."),
    "retention": ("impact", "A business result."),
    "cost-to-serve": ("impact", "A business result."),
}


def _sco_check(value: object) -> Check:
    if not isinstance(value, str):
        return Check(False, ("Expected a sentence.",))
    weasels = find_weasel_words(value)
    msgs = [f"Weasel words with no measure: {', '.join(weasels)}."] if weasels else []
    if not any(c.isdigit() for c in value):
        msgs.append("No number, unit or time bound yet.")
    return Check(True, tuple(msgs) or ("Answered.",))


def _half_credit(answer: object, key: object) -> Score:
    if answer == key:
        return Score(1.0, ("Exactly right.",))
    if isinstance(answer, int | float) and not isinstance(answer, bool):
        return (
            Score(0.5, ("Close enough for half.",))
            if abs(answer - key) <= 10
            else Score(0.0, ("Too far.",))
        )
    return Score(0.0, ("Not a number.",))


QUESTIONS = [
    register(
        Question(
            "gradingtest/classify",
            "gradingtest",
            Kind.RECORD,
            "Label each measure.",
            6,
            Grading.AUTO,
            exercise="gt-ex1",
            items=tuple(MEASURES),
            key=lambda: dict(MEASURES),
            cohort_figure=LabelConfusion(
                ("output", "outcome", "impact"), "Measures classified", "Right kind", "Measure"
            ),
        )
    ),
    register(
        Question(
            "gradingtest/share",
            "gradingtest",
            Kind.NUMBER,
            "Failure-demand share?",
            2,
            Grading.AUTO,
            exercise="gt-ex1",
            key=lambda: 0.62,
            tolerance=0.01,
        )
    ),
    register(
        Question(
            "gradingtest/north-star",
            "gradingtest",
            Kind.SINGLE_CHOICE,
            "Airbnb's North Star?",
            1,
            Grading.AUTO,
            exercise="gt-ex2",
            choices=("nights booked", "page views", "app installs"),
            key=lambda: "nights booked",
        )
    ),
    register(
        Question(
            "gradingtest/sins",
            "gradingtest",
            Kind.MULTIPLE_CHOICE,
            "Which are output measures?",
            2,
            Grading.AUTO,
            exercise="gt-ex2",
            choices=("AHT", "service level", "problem solved", "occupancy"),
            key=lambda: ["AHT", "service level", "occupancy"],
        )
    ),
    register(
        Question(
            "gradingtest/custom",
            "gradingtest",
            Kind.NUMBER,
            "Agents needed?",
            2,
            Grading.AUTO,
            exercise="gt-ex2",
            key=lambda: 48,
            score=_half_credit,
        )
    ),
    register(
        Question(
            "gradingtest/sco",
            "gradingtest",
            Kind.SHORT_TEXT,
            "Write the SCO statement.",
            4,
            Grading.RUBRIC,
            exercise="gt-ex2",
            instant_check=_sco_check,
            rubric=(
                RubricCriterion("customer words", {0: "our words", 1: "mixed", 2: "theirs"}),
                RubricCriterion("measurable", {0: "no measure", 1: "vague", 2: "SMART"}),
            ),
        )
    ),
]
