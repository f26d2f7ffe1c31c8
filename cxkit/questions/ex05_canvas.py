"""Exercise 05, the Successful Customer Outcome canvas: build one category's canvas and explain it.

Answer formats in the workbook (plain JSON; the grader parses and never executes them):

- ``canvas/complete-canvas``: the canvas record made by ``cxkit.canvas.Canvas.to_record()``::

      {"format": "cxkit-sco-canvas", "version": 1, "category": "home-made-whole",
       "who": "...", "expectation": "...", "journey": "...", "success": "...",
       "process_good": "...", "process_bad": "...", "statement": "...",
       "moments": [{"step": "...", "kind": "person-person", "serves_sco": true,
                    "feeling": "misery" | "neutral" | "magic"}, ...],
       "needs": [{"need": "...", "measure": "..."}, ...],
       "triple_crown": {"customer": "...", "cost": "...", "revenue": "..."}}

  Auto-graded on completeness (``cxkit.canvas.completeness``): the share of the canvas's
  fields filled in, for the named category.
- ``canvas/canvas-quality``: a short text explaining the canvas (which moments to remove and
  why the statement is the customer's). Rubric-graded, together with the canvas itself.
"""

from __future__ import annotations

from typing import Any

from cxkit.canvas import (
    LABELS,
    MIN_MOMENTS,
    QUESTION_ID,
    Canvas,
    completeness,
    kestrel_back_on_the_road,
    validate,
)
from cxkit.case_company import category
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


def _example_canvas() -> dict[str, Any]:
    """A complete canvas for the exercise's category, in the saved form (the worked example's text)."""
    return kestrel_back_on_the_road().with_fields(category=CANVAS_CATEGORY).to_record()


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
        msgs.append(f"{len(findings)} thing(s) to look at before you hand in.")
    return Check(all(filled.values()), tuple(msgs))


register(
    Question(
        id=CANVAS,
        concept="canvas",
        kind=Kind.RECORD,
        prompt=(
            f"Build the Successful Customer Outcome canvas for Kestrel Mutual's category "
            f"'{category(CANVAS_CATEGORY).name}' ({CANVAS_CATEGORY}): every field, at least "
            f"{MIN_MOMENTS} moments of truth and at least one SMART need with its outcome measure. "
            "Saved as the canvas record (see cxkit.canvas.Canvas.to_record)."
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
        concept="canvas",
        kind=Kind.SHORT_TEXT,
        prompt=(
            "In a few sentences, explain your canvas: which moments of truth would you remove "
            "first, and why is your SCO statement the customer's outcome and not our activity? "
            "Saved as text; your coach scores it together with the canvas."
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
