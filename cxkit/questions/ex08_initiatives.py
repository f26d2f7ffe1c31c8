"""Exercise 08, why CX initiatives fail: one month's NPS, a change inside the noise, five mistakes.

Answer formats in the workbook (plain JSON, so the grader parses and never executes them):

- ``initiatives/exercise-nps``: ``{"nps": <number>, "counts": {"detractors": int, "passives": int,
  "promoters": int}}``, saved by the NPS calculator: the typed NPS (−100 to +100) of
  ``cxkit.concepts.nps.exercise_scores()`` and the three counts typed beside it, so a re-run shows both.
  Only ``"nps"`` is graded, against ``cxkit.concepts.nps.exercise_nps()`` within ±0.5 points; the counts
  are the participant's working. A plain number (the shape before the counts were kept) is
  graded the same way.
- ``initiatives/month-change``: ``"inside the noise"`` or ``"beyond the noise"`` for the change
  between the two months of ``cxkit.concepts.nps.exercise_months()``; auto-graded against
  ``cxkit.concepts.nps.exercise_change_key()`` (the bootstrap spread of the difference).
- ``initiatives/kestrel-ratings``: ``{"<mistake id>": 1..5, ...}`` for the five mistakes
  (``cxkit.concepts.initiatives.MISTAKE_IDS``), saved by the ``FiveMistakes`` widget as each slider
  moves off "not rated yet" (so it holds only the rated ones until all five are); rubric-graded
  together with ``initiatives/next-step``, a string of a few sentences.
"""

from __future__ import annotations

import numbers
from typing import Any

from cxkit.concepts.initiatives import MISTAKE_IDS, AssessmentError, validate_ratings
from cxkit.concepts.nps import (
    GROUPS,
    NOISE_CHOICES,
    exercise_change_key,
    exercise_group_counts,
    exercise_nps,
)
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

EXERCISE = "08_why_cx_initiatives_fail"
NPS = "initiatives/exercise-nps"
CHANGE = "initiatives/month-change"
RATINGS = "initiatives/kestrel-ratings"
NEXT_STEP = "initiatives/next-step"
MIN_STEP_WORDS = 30
_check_next_step = written_answer_check(MIN_STEP_WORDS)


def typed_nps(value: Any) -> Any:
    """The NPS a saved answer holds: its ``"nps"`` (the calculator's record) or the value itself."""
    return value.get("nps") if isinstance(value, dict) else value


def saved_counts(value: Any) -> dict[str, int]:
    """The three group counts kept with a saved answer ({} when there are none or they are odd)."""
    counts = value.get("counts") if isinstance(value, dict) else None
    if not isinstance(counts, dict):
        return {}
    return {
        k: int(v)
        for k, v in counts.items()
        if k in GROUPS and isinstance(v, int) and not isinstance(v, bool) and v >= 0
    }


def _score_nps(value: Any, key: Any) -> Score:
    """Only the typed NPS is graded (within the tolerance); the counts beside it are working."""
    from cxkit.coach.grading import score_number

    nps = typed_nps(value)
    if nps is None:
        return Score(0.0, ("No NPS was typed; the three counts alone are not the answer.",))
    return score_number(nps, key, _TOLERANCE)


def _example() -> dict[str, Any]:
    return {"nps": round(exercise_nps(), 1), "counts": exercise_group_counts()}


_TOLERANCE = 0.5


def _check_nps(value: Any) -> Check:
    """Complete for a number on the NPS scale; a share (0–1) gets a nudge."""
    value = typed_nps(value)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return Check(False, ("Expected a number: the NPS, from -100 to +100.",))
    if not -100 <= float(value) <= 100:
        return Check(False, ("An NPS lies between -100 and +100.",))
    if -1 <= float(value) <= 1 and float(value) != 0:
        return Check(True, ("Is that a share? NPS is given in points, from -100 to +100.",))
    return Check(True, (f"Your answer: NPS {float(value):+.1f} points.",))


def _check_ratings(value: Any) -> Check:
    """Complete when all five mistakes have a rating 1–5."""
    try:
        validate_ratings(value)
    except AssessmentError as exc:
        return Check(False, (str(exc),))
    return Check(True, (f"All {len(MISTAKE_IDS)} mistakes rated.",))


register(
    Question(
        id=NPS,
        title="Work out the month's NPS",
        concept="initiatives",
        kind=Kind.NUMBER,
        prompt=("The NPS of this month's Kestrel survey answers, in points from -100 to +100."),
        points=3,
        grading=Grading.AUTO,
        exercise=EXERCISE,
        instant_check=_check_nps,
        key=exercise_nps,
        tolerance=_TOLERANCE,
        score=_score_nps,
        example=_example,
    )
)

register(
    Question(
        id=CHANGE,
        title="Is the NPS rise real?",
        concept="initiatives",
        kind=Kind.SINGLE_CHOICE,
        prompt=(
            "Kestrel's NPS rose by about five points from one month to the next (400 answers "
            "each month). Is that change inside the sampling noise, or beyond it?"
        ),
        points=2,
        grading=Grading.AUTO,
        exercise=EXERCISE,
        choices=NOISE_CHOICES,
        key=exercise_change_key,
    )
)

register(
    Question(
        id=RATINGS,
        title="Rate Kestrel on the five mistakes",
        concept="initiatives",
        kind=Kind.RECORD,
        prompt=(
            "Rate Kestrel Mutual 1–5 against each of the five avoidable mistakes (5 = avoided)."
        ),
        points=2,
        grading=Grading.RUBRIC,
        exercise=EXERCISE,
        items=MISTAKE_IDS,
        instant_check=_check_ratings,
        rubric=(
            RubricCriterion(
                "Grounded in the case",
                {
                    0: "Ratings ignore what the lessons showed about Kestrel (e.g. measures rated 5).",
                    1: "Most ratings fit the case; one or two are hard to defend.",
                    2: "Every rating fits the evidence from the lessons (AHT targets, failure demand).",
                },
            ),
        ),
    )
)

register(
    Question(
        id=NEXT_STEP,
        title="Kestrel's next step",
        concept="initiatives",
        kind=Kind.SHORT_TEXT,
        prompt=(
            "Kestrel's weakest area in your ratings: what should it do next, and how will it "
            f"know it worked? A few sentences ({MIN_STEP_WORDS} words or more)."
        ),
        points=4,
        grading=Grading.RUBRIC,
        exercise=EXERCISE,
        instant_check=_check_next_step,
        rubric=(
            RubricCriterion(
                "Targets the weakest area",
                {
                    0: "The step does not address a mistake rated low.",
                    1: "Addresses a weak area, but generically ('improve CX').",
                    2: "A concrete step aimed at the weakest-rated mistake.",
                },
            ),
            RubricCriterion(
                "Outside-in evidence",
                {
                    0: "No way to tell whether it worked, or judged by an output or by NPS alone.",
                    1: "A measure is named, but it is the firm's output or ignores noise.",
                    2: "Judged by a customer outcome measure, allowing for sampling noise.",
                },
            ),
        ),
    )
)
