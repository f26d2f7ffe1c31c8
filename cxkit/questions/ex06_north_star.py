"""Exercise 06, the North Star: score five candidates, choose one, justify the choice.

The exercise has its own situation (Kestrel's home division) and its own five candidates
(``cxkit.concepts.north_star.exercise_candidates``), none of them lesson 6's.

Answer formats in the workbook (plain JSON; the grader parses and never executes them):

- ``north-star/choice``: ``{"weights": {"<criterion id>": <0–5>, ...},
  "candidates": [{"id", "name", "kind", "scores": {"<criterion id>": <0–5>}, ...}, ...],
  "choice": "<candidate id>", "partly_scored": [...]}`` as saved by the scoring matrix
  (``cxkit.concepts.north_star.choice_answer``; ``partly_scored``, optional, holds candidates scored
  on some criteria only, so unfinished work survives a restart; the grader ignores it). Auto-checked: the choice must be top of the
  participant's own ranking (``cxkit.concepts.north_star.choice_consistency``) and every given
  candidate (``items``) must be scored. The key is the list of given candidate ids.
- ``north-star/justification``: a string, a paragraph; rubric-graded.
"""

from __future__ import annotations

from typing import Any

from cxkit.concepts.north_star import (
    DEFAULT_WEIGHTS,
    EXERCISE_CANDIDATE_IDS,
    NorthStarError,
    choice_answer,
    choice_consistency,
    exercise_candidates,
    parse_choice_answer,
    winner,
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

EXERCISE = "06_north_star"
CHOICE = "north-star/choice"
JUSTIFICATION = "north-star/justification"
MIN_WORDS = 60
_check_text = written_answer_check(MIN_WORDS, f"about {MIN_WORDS}–150 words")


def _check_choice(value: Any) -> Check:
    """Complete when the answer parses, scores every given candidate and names a choice."""
    try:
        cands, _, _ = parse_choice_answer(value)
    except NorthStarError as exc:
        if isinstance(value, dict) and not value.get("candidates"):
            return Check(False, ("Not scored yet: score the five candidates in the table.",))
        return Check(False, (str(exc),))
    missing = [i for i in EXERCISE_CANDIDATE_IDS if i not in {c.id for c in cands}]
    if missing:
        return Check(False, (_still_to_score(missing),))
    return Check(True, ("Weights, scores and choice all in.",))


def _still_to_score(missing: list[str]) -> str:
    names = {c.id: c.name for c in exercise_candidates()}
    listed = ", ".join(f"“{names.get(i, i)}”" for i in missing)
    n = len(missing)
    return f"Still to score on every criterion: {n} candidate{'s' if n != 1 else ''} ({listed})."


def _example_choice() -> dict[str, Any]:
    """A full-marks answer: the kit's reference scores under even weights, choosing the winner."""
    cands = exercise_candidates()
    return choice_answer(cands, DEFAULT_WEIGHTS, winner(cands, DEFAULT_WEIGHTS).id)


def _score_choice(value: Any, key: Any) -> Score:
    """Full marks for a choice consistent with one's own scores, with every given candidate scored."""
    try:
        ok, why = choice_consistency(value)
        cands, _, _ = parse_choice_answer(value)
    except NorthStarError as exc:
        return Score(0.0, (str(exc),))
    missing = [i for i in key if i not in {c.id for c in cands}]
    if not ok:
        return Score(0.0, (why,), {"consistent": False})
    if missing:
        return Score(0.5, (why, _still_to_score(missing)), {"consistent": True})
    return Score(1.0, (why,), {"consistent": True})


register(
    Question(
        id=CHOICE,
        title="Choose the North Star",
        concept="north-star",
        kind=Kind.RECORD,
        prompt=(
            "Set your weights, score the five given candidates 0–5 on each criterion, and "
            "choose the North Star for Kestrel Mutual's home division in the scoring matrix."
        ),
        points=4,
        grading=Grading.AUTO,
        exercise=EXERCISE,
        items=EXERCISE_CANDIDATE_IDS,
        instant_check=_check_choice,
        key=lambda: list(EXERCISE_CANDIDATE_IDS),
        score=_score_choice,
        example=_example_choice,
    )
)

register(
    Question(
        id=JUSTIFICATION,
        title="Justify the North Star",
        concept="north-star",
        kind=Kind.SHORT_TEXT,
        prompt=(
            "Justify your North Star in a paragraph: which SCO and customer categories it "
            "serves, why it leads retention and revenue, how it could be gamed and how you "
            "would stop that, and which weight change would make you choose differently."
        ),
        points=6,
        grading=Grading.RUBRIC,
        exercise=EXERCISE,
        instant_check=_check_text,
        rubric=(
            RubricCriterion(
                "Customer outcome",
                {
                    0: "Does not connect the metric to a customer's successful outcome.",
                    1: "Names an SCO but not which customers it serves, or why they matter.",
                    2: "Ties the metric to the SCO of the named customer category it serves, "
                    "and says why that category matters to Kestrel (its share of profit).",
                },
            ),
            RubricCriterion(
                "Leading and hard to game",
                {
                    0: "No argument that it leads retention/revenue, no gaming risk named.",
                    1: "Argues one of: it leads business results, or it resists gaming.",
                    2: "Argues both, and says how gaming would be spotted or prevented.",
                },
            ),
            RubricCriterion(
                "Sensitivity",
                {
                    0: "Does not mention the weights.",
                    1: "Mentions the weights without saying what would change the choice.",
                    2: "Names the weight change that would flip the choice, and why it is "
                    "not the right call.",
                },
            ),
        ),
    )
)
