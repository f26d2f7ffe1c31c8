"""Exercise 05, the Successful Customer Outcome canvas: build one category's canvas and explain it.

Answer formats in the workbook (plain JSON; the grader parses and never executes them):

- ``canvas/complete-canvas``: the canvas record made by ``cxkit.concepts.canvas.Canvas.to_record()``::

      {"format": "cxkit-sco-canvas", "version": 1, "category": "home-made-whole",
       "who": "...", "expectation": "...", "journey": "...", "success": "...",
       "process_good": "...", "process_bad": "...", "statement": "...",
       "moments": [{"step": "...", "kind": "person-person", "serves_sco": true,
                    "feeling": "misery" | "neutral" | "magic"}, ...],
       "needs": [{"need": "...", "measure": "..."}, ...],
       "triple_crown": {"customer": "...", "cost": "...", "revenue": "..."}}

  Auto-graded on completeness (``cxkit.concepts.canvas.completeness``): the share of the canvas's
  fields filled in, for the named category.
- ``canvas/canvas-quality``: a short text explaining the canvas (which moments to remove and
  why the statement is the customer's). Rubric-graded, together with the canvas itself.
"""

from __future__ import annotations

from typing import Any

from cxkit.concepts.canvas import (
    LABELS,
    MIN_MOMENTS,
    QUESTION_ID,
    Canvas,
    SmartNeed,
    TripleCrown,
    completeness,
    moments_from_text,
    validate,
)
from cxkit.concepts.case_company import category
from cxkit.questions import (
    Check,
    Grading,
    Kind,
    Question,
    RubricCriterion,
    Score,
    register,
    written_answer_check,
)

EXERCISE = "05_successful_customer_outcome_canvas"
CANVAS = QUESTION_ID
QUALITY = "canvas/canvas-quality"
CANVAS_CATEGORY = "home-made-whole"
MIN_QUALITY_WORDS = 40
_check_quality = written_answer_check(MIN_QUALITY_WORDS, f"{MIN_QUALITY_WORDS}+ words")


def canvas_key() -> dict[str, Any]:
    """What a complete canvas needs: the named category and every field filled in."""
    return {"category": CANVAS_CATEGORY, "fields": list(completeness(Canvas()))}


def _parse(value: Any) -> tuple[Canvas | None, str]:
    try:
        return Canvas.from_record(value), ""
    except ValueError as exc:
        return None, str(exc)


def model_canvas() -> Canvas:
    """The coach's model canvas for 'Make my home liveable again' (shown in the solution)."""
    return Canvas(
        category=CANVAS_CATEGORY,
        who="Households whose home has been damaged by water, fire or storm; often with "
        "children, often still living in it.",
        expectation="A long wait for a loss adjuster, forms, and months of chasing builders.",
        journey="'Getting my home back', not 'the property claims process'.",
        success="Safe and dry on day one, a bed for everyone that night, and the home back as "
        "it was on a date I was given.",
        process_good="Emergency plumbers come the same day.",
        process_bad="A loss adjuster visit takes 6 days to book; three different people ask for "
        "the same photos; no one gives a finish date.",
        moments=moments_from_text(
            "+ Emergency plumber makes the house safe the same day\n"
            "- Wait in for a loss adjuster who arrives a week later (remove)\n"
            "- Send the same photos to three people (remove)\n"
            "- Call to chase the builder's start date (remove)\n"
            "+ Builder finishes on the date promised"
        ),
        needs=(
            SmartNeed(
                "My home is safe within 4 hours of my call.",
                "Share of home claims made safe within 4 hours, per week.",
            ),
            SmartNeed(
                "I know the date my home will be finished within 2 working days.",
                "Share of claims given a finish date within 2 working days that then holds, "
                "per month.",
            ),
        ),
        statement="My home is safe and dry today, and I know the day it will be back to normal.",
        triple_crown=TripleCrown(
            customer="No waiting in for adjusters, no chasing, a date that holds.",
            cost="Fewer adjuster visits, chase calls and repeated photo requests.",
            revenue="Home customers stay after a claim and recommend Kestrel to neighbours.",
        ),
    )


def _example_canvas() -> dict[str, Any]:
    """A complete canvas for the exercise's category, in the saved form (the coach's model)."""
    return model_canvas().to_record()


def score_canvas(answer: Any, key: dict[str, Any]) -> Score:
    """Share of the canvas's fields filled in, for the named category; feedback names what is missing."""
    canvas, problem = _parse(answer)
    if canvas is None:
        return Score(0.0, (f"The canvas could not be read: {problem}",))
    filled = completeness(canvas)
    lines = []
    if canvas.category != key["category"]:
        filled["category"] = False
        lines.append(
            f"This canvas is for {canvas.category or 'no category'!r}; the exercise asks for "
            f"{key['category']!r} ({category(key['category']).name})."
        )
    done = sum(filled[f] for f in key["fields"])
    missing = [LABELS.get(f, f) for f in key["fields"] if not filled[f]]
    head = f"{done} of {len(key['fields'])} canvas fields filled in."
    if missing:
        lines.append("Still to fill in: " + "; ".join(missing) + ".")
    return Score(done / len(key["fields"]), (head, *lines), {"items": filled})


def _check_canvas(value: Any) -> Check:
    """Complete when every field is filled; reports the validation findings count."""
    canvas, problem = _parse(value)
    if canvas is None:
        return Check(False, (problem,))
    filled = completeness(canvas)
    findings = [f for f in validate(canvas) if f.severity != "missing"]
    msgs = [f"{sum(filled.values())} of {len(filled)} fields filled in."]
    if not filled["moments"]:
        msgs.append(f"List at least {MIN_MOMENTS} moments of truth.")
    if findings:
        n = len(findings)
        msgs.append(f"{n} thing{'s' if n != 1 else ''} to look at before you hand in.")
    return Check(all(filled.values()), tuple(msgs))


register(
    Question(
        id=CANVAS,
        title="Build the SCO canvas",
        concept="canvas",
        kind=Kind.RECORD,
        prompt=(
            f"Build the Successful Customer Outcome canvas for Kestrel Mutual's category "
            f"'{category(CANVAS_CATEGORY).name}': every field, at least "
            f"{MIN_MOMENTS} moments of truth and at least one SMART need with its outcome measure."
        ),
        points=10,
        grading=Grading.AUTO,
        exercise=EXERCISE,
        instant_check=_check_canvas,
        key=canvas_key,
        score=score_canvas,
        example=_example_canvas,
    )
)

register(
    Question(
        id=QUALITY,
        title="Explain your canvas",
        concept="canvas",
        kind=Kind.SHORT_TEXT,
        prompt=(
            "In a few sentences, explain your canvas: which moments of truth would you remove "
            "first, and why is your SCO statement the customer's outcome and not our activity? "
            "Your coach scores it together with the canvas."
        ),
        points=8,
        grading=Grading.RUBRIC,
        exercise=EXERCISE,
        instant_check=_check_quality,
        rubric=(
            RubricCriterion(
                "SCO statement",
                {
                    0: "Describes Kestrel's activity, or is missing.",
                    1: "A customer result, but vague or in the firm's words.",
                    2: "One line, in the customer's words, a result they value (safe, dry, "
                    "liveable), with no weasel words.",
                },
            ),
            RubricCriterion(
                "Journey and moments of truth",
                {
                    0: "Moments are the firm's process steps, not the customer's.",
                    1: "The customer's moments, but no view of which serve the SCO.",
                    2: "The journey is in the customer's words; moments are marked misery/magic "
                    "and those that do not serve the SCO are named for removal.",
                },
            ),
            RubricCriterion(
                "SMART needs and measures",
                {
                    0: "Needs are vague or measures are outputs (handle time, calls answered).",
                    1: "Needs are SMART but measures are partly outputs.",
                    2: "Each need is SMART and its measure is an outcome measure.",
                },
            ),
            RubricCriterion(
                "Triple crown",
                {
                    0: "Missing or only one of customer, cost and revenue.",
                    1: "All three named, but not linked to removing work.",
                    2: "All three follow from removing moments that do not serve the SCO.",
                },
            ),
        ),
    )
)
