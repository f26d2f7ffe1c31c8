"""Exercise 04, customer categories and needs: regroup customers by need, write three SMART needs.

Answer formats in the workbook (plain JSON; the grader parses and never executes them):

- ``needs/regroup``: ``{"<customer id>": "<category id>", ...}`` for the exercise's own twelve
  customers in ``items`` (= ``cxkit.concepts.needs.exercise_sample()``; not the lesson's practice
  customers, and in words the lesson never uses), each labelled with one of the case company's
  category ids (``back-on-the-road``, ``home-made-whole``, ``set-and-forget``,
  ``price-hunter``). Auto-graded against ``cxkit.concepts.needs.exercise_key()``, one point each.
- ``needs/smart-needs``: ``{"need_1": "<text>", "need_2": "<text>", "need_3": "<text>"}``,
  three SMART needs for the category ``home-made-whole`` ("Make my home liveable again"),
  in the customer's words. Rubric-graded; :func:`coach_findings` gives the coach the SMART
  checker's findings for each need.
"""

from __future__ import annotations

from typing import Any

from cxkit.concepts.case_company import CATEGORIES, category, situation
from cxkit.concepts.needs import check_smart, exercise_key, exercise_sample
from cxkit.questions import Check, Grading, Kind, Question, RubricCriterion, register

EXERCISE = "04_customer_categories_and_needs"
REGROUP = "needs/regroup"
SMART_NEEDS = "needs/smart-needs"
SMART_CATEGORY = "home-made-whole"
SMART_SITUATION = situation(SMART_CATEGORY)  # what the three needs are judged against
NEED_KEYS = ("need_1", "need_2", "need_3")
CATEGORY_IDS = tuple(c.id for c in CATEGORIES)


def _check_regroup(value: Any) -> Check:
    """Complete when each of the twelve customers has a known category id."""
    if not isinstance(value, dict):
        return Check(False, ("Pick a need group for each customer.",))
    ids = list(exercise_sample()["customer_id"])
    done = sum(value.get(i) in CATEGORY_IDS for i in ids)
    bad = [i for i in ids if value.get(i) not in (None, "", *CATEGORY_IDS)]
    msgs = [f"{done} of {len(ids)} customers placed in a need group."]
    if bad:
        msgs.append(
            f"{len(bad)} {'answers are' if len(bad) != 1 else 'answer is'} not one of the need "
            "groups; pick one from the menu."
        )
    return Check(done == len(ids) and not bad, tuple(msgs))


def _texts(value: Any) -> list[str]:
    if not isinstance(value, dict):
        return []
    return [v for k in NEED_KEYS if isinstance(v := value.get(k), str) and v.strip()]


def _check_smart_needs(value: Any) -> Check:
    """Complete when three needs are written; says how many pass the SMART checker (not a score)."""
    if not isinstance(value, dict):
        return Check(False, ("Write three needs, one in each box.",))
    written = _texts(value)
    smart = sum(check_smart(t, SMART_SITUATION).is_smart for t in written)
    return Check(
        len(written) == len(NEED_KEYS),
        (f"{len(written)} of 3 needs written; the SMART checker finds nothing to fix in {smart}.",),
    )


def coach_findings(value: Any) -> dict[str, list[str]]:
    """For the coach: the SMART checker's findings on each of the participant's needs."""
    out: dict[str, list[str]] = {}
    for k in NEED_KEYS:
        text = value.get(k, "") if isinstance(value, dict) else ""
        report = check_smart(text if isinstance(text, str) else "", SMART_SITUATION)
        out[k] = [f.as_text() for f in report.findings] or ["SMART checker: nothing to fix."]
    return out


def coach_findings_table(value: Any) -> Any:
    """For the coach: one row per need with what the SMART checker finds (a pandas table)."""
    import pandas as pd

    texts = value if isinstance(value, dict) else {}
    notes = coach_findings(value)
    return pd.DataFrame(
        {
            "Need": [f"Need {i}" for i in range(1, len(NEED_KEYS) + 1)],
            "As written": [t if isinstance(t := texts.get(k), str) else "" for k in NEED_KEYS],
            "What the checker finds": [" ".join(notes[k]) for k in NEED_KEYS],
        }
    )


register(
    Question(
        id=REGROUP,
        title="Group customers by need",
        concept="needs",
        kind=Kind.RECORD,
        prompt=(
            "Put each of these twelve Kestrel Mutual customers (not the ones from the lesson) into "
            "the need group their stated need belongs to, ignoring where they live, how long they "
            "have been with us and what they spend."
        ),
        points=12,
        grading=Grading.AUTO,
        exercise=EXERCISE,
        items=tuple(exercise_sample()["customer_id"]),
        item_labels=tuple(
            f"{r.customer_id}: “{r.stated_need}”" for r in exercise_sample().itertuples()
        ),
        instant_check=_check_regroup,
        key=exercise_key,
    )
)

register(
    Question(
        id=SMART_NEEDS,
        title="Write three SMART needs",
        concept="needs",
        kind=Kind.RECORD,
        prompt=(
            f"Write three SMART needs for the category '{category(SMART_CATEGORY).name}', "
            "in the customer's words: specific, measurable, achievable, relevant and "
            "time-bound, with no weasel words."
        ),
        points=6,
        grading=Grading.RUBRIC,
        exercise=EXERCISE,
        items=NEED_KEYS,
        instant_check=_check_smart_needs,
        rubric=(
            RubricCriterion(
                "SMART",
                {
                    0: "Most needs lack a number, a unit or a time bound, or use weasel words.",
                    1: "At least two needs are measurable and time-bound; one is vague.",
                    2: "All three are specific, measurable and time-bound, with no weasel words; "
                    "any absolute ('always', 'zero') is defended as achievable.",
                },
            ),
            RubricCriterion(
                "Customer's outcome, in their words",
                {
                    0: "Describes Kestrel's activity (handling, processing, agents).",
                    1: "About the customer's result, but in the firm's language.",
                    2: "Each need is a result the customer values, said as they would say it.",
                },
            ),
            RubricCriterion(
                "Fits the category",
                {
                    0: "The needs would suit any customer.",
                    1: "Some needs are specific to people whose home is damaged.",
                    2: "All three speak to making the home safe, dry and liveable again.",
                },
            ),
        ),
    )
)
