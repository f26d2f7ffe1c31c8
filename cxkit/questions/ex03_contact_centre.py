"""Exercise 03, contact centre and failure demand: label demand, analyse a second log, propose a change.

Answer formats in the workbook (plain JSON, so the grader parses and never executes them):

- ``contact-centre/label-demand``: ``{"<contact id>": "value" | "failure", ...}`` for the
  twenty ids ``E01``…``E20`` in ``items`` (= ``cxkit.concepts.contact_centre.failure_demand.exercise_contacts()``);
  auto-graded, one point per contact.
- ``contact-centre/second-log-share``: a number, the failure-demand share of the second log
  as a fraction between 0 and 1 (e.g. 0.45); auto-graded within ± 0.005. The exercise's
  number box takes a percentage (45) or a fraction (0.45) and saves the fraction; a saved
  percentage (e.g. 45) is still accepted and read as 0.45.
- ``contact-centre/second-log-monthly-cost``: a number in pounds, the cost of the second
  log's failure demand for its month (March 2026, the whole log) at £0.75 per agent minute;
  auto-graded within ± £50.
- ``contact-centre/triple-crown-proposal``: a record
  ``{"change": {"kind": ..., "amount": ...}, "all_pass": bool, "customer_pass": bool,
  "cost_pass": bool, "revenue_pass": bool, "before": {...}, "after": {...},
  "rationale": "<text>"}`` as saved by the triple-crown widget (``TripleCrownResult.as_dict()``
  plus the rationale); rubric-graded.
"""

from __future__ import annotations

from typing import Any

from cxkit.concepts.contact_centre.failure_demand import (
    EXERCISE_COST_PER_AGENT_MINUTE,
    exercise_contacts,
    exercise_log_key,
    normalise_label,
)
from cxkit.concepts.contact_centre.triple_crown import CHANGE_KINDS
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

EXERCISE = "03_contact_centre_and_failure_demand"
LABELS = "contact-centre/label-demand"
SHARE = "contact-centre/second-log-share"
COST = "contact-centre/second-log-monthly-cost"
PROPOSAL = "contact-centre/triple-crown-proposal"
SHARE_TOLERANCE = 0.005
COST_TOLERANCE = 50.0
MIN_RATIONALE_WORDS = 30


def _label_key() -> dict[str, dict[str, str]]:
    return {c.id: {"label": c.demand, "why": c.why} for c in exercise_contacts()}


def _check_labels(value: Any) -> Check:
    """Complete when all twenty contacts carry 'value' or 'failure'."""
    if not isinstance(value, dict):
        return Check(False, ('Expected {"<contact id>": "value" | "failure"}.',))
    ids = [c.id for c in exercise_contacts()]
    done = sum(normalise_label(value.get(i)) is not None for i in ids)
    bad = [i for i in ids if i in value and value[i] and normalise_label(value[i]) is None]
    msgs = [f"{done} of {len(ids)} contacts labelled."]
    if bad:
        what = "1 label is" if len(bad) == 1 else f"{len(bad)} labels are"
        msgs.append(f"{what} neither 'value' nor 'failure': {', '.join(bad)}.")
    return Check(done == len(ids), tuple(msgs))


def _as_share(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value / 100 if 1 < value <= 100 else float(value)


def _check_share(value: Any) -> Check:
    """A share between 0 and 1; a percentage is accepted but flagged."""
    share = _as_share(value)
    if share is None:
        return Check(False, ("Expected a number, e.g. 45 (for 45%) or 0.45.",))
    if not 0 <= share <= 1:
        return Check(False, (f"{value} is not a share: give a percentage up to 100.",))
    if share != value:
        return Check(True, (f"Read {value} as a percentage, i.e. {share:.3f}.",))
    return Check(True, (f"Answered: {share:.1%} of contacts are failure demand.",))


def _score_share(answer: Any, key: Any) -> Score:
    share = _as_share(answer)
    if share is None:
        return Score(0.0, ("Expected a number between 0 and 1.",))
    if abs(share - key) <= SHARE_TOLERANCE:
        return Score(1.0, (f"Right: {share:.1%} of the contacts are failure demand.",))
    hint = ""
    if abs(share - 0.48) < 0.01:
        hint = (
            " 0.48 is the share before AHT pressure; pressure adds repeat contacts, all of them "
            "failure demand. Count the 'demand' column of the log itself."
        )
    return Score(0.0, (f"You gave {share:.3f}; the log's share is {key:.3f}.{hint}",))


def _check_cost(value: Any) -> Check:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return Check(False, ("Expected a number of pounds, e.g. 1250.",))
    if value < 0:
        return Check(False, ("A cost cannot be negative.",))
    return Check(True, (f"Answered: £{value:,.0f} for the month.",))


def _check_proposal(value: Any) -> Check:
    if not isinstance(value, dict):
        return Check(False, ("Use the triple-crown calculator above to choose and save a change.",))
    change = value.get("change") or {}
    msgs = []
    ok = isinstance(change, dict) and change.get("kind") in CHANGE_KINDS
    if not ok:
        msgs.append("No change chosen yet.")
    words = len(str(value.get("rationale") or "").split())
    if words == 0:
        msgs.append("Write why you propose this change and what it does for the customer.")
    elif words < MIN_RATIONALE_WORDS:
        msgs.append(f"{words} words of rationale so far; {MIN_RATIONALE_WORDS}+ are expected.")
    if ok and words:
        verdict = "wins" if value.get("all_pass") else "does not win"
        msgs.insert(0, f"Your change {verdict} the triple crown.")
    return Check(ok and words > 0, tuple(msgs))


register(
    Question(
        id=LABELS,
        title="Label value and failure demand",
        concept="contact-centre",
        kind=Kind.RECORD,
        prompt=(
            "Label each of these twenty contact reasons, in the customer's own words, as value "
            'or failure demand. Saved as {"<contact id>": "value" | "failure"}.'
        ),
        points=20,
        grading=Grading.AUTO,
        exercise=EXERCISE,
        items=tuple(c.id for c in exercise_contacts()),
        item_labels=tuple(f"{c.id} “{c.reason}”" for c in exercise_contacts()),
        instant_check=_check_labels,
        key=_label_key,
        cohort_figure=LabelConfusion(
            labels=("value", "failure"),
            title="Contacts labelled: value or failure demand against what participants said",
            right="Right kind of demand",
            item_word="Contact",
        ),
    )
)

register(
    Question(
        id=SHARE,
        title="Failure-demand share of the second log",
        concept="contact-centre",
        kind=Kind.NUMBER,
        prompt=(
            "What share of the second log's contacts are failure demand? Type it as a "
            "percentage (45 for 45%) or as a fraction (0.45); it is saved as the fraction."
        ),
        points=3,
        grading=Grading.AUTO,
        exercise=EXERCISE,
        instant_check=_check_share,
        key=lambda: exercise_log_key()["share"],
        tolerance=SHARE_TOLERANCE,
        score=_score_share,
    )
)

register(
    Question(
        id=COST,
        title="Cost of failure demand in a month",
        concept="contact-centre",
        kind=Kind.NUMBER,
        prompt=(
            "What did the second log's failure demand cost in its month (all of March 2026) at "
            f"£{EXERCISE_COST_PER_AGENT_MINUTE:.2f} per agent minute? A number of pounds."
        ),
        points=3,
        grading=Grading.AUTO,
        exercise=EXERCISE,
        instant_check=_check_cost,
        key=lambda: exercise_log_key()["monthly_cost"],
        tolerance=COST_TOLERANCE,
    )
)

register(
    Question(
        id=PROPOSAL,
        title="Propose a triple-crown change",
        concept="contact-centre",
        kind=Kind.RECORD,
        prompt=(
            "Propose one change for Kestrel Mutual's contact centre, show its triple-crown effect "
            "with the calculator, and explain in a few sentences why it serves the customer's "
            "outcome. Saved as the calculator's result plus your rationale."
        ),
        points=6,
        grading=Grading.RUBRIC,
        exercise=EXERCISE,
        instant_check=_check_proposal,
        rubric=(
            RubricCriterion(
                "Targets the cause",
                {
                    0: "Squeezes an output (AHT, headcount) with no link to why customers call.",
                    1: "Reduces demand in general but does not name the failure behind it.",
                    2: "Removes a named source of failure demand from the log's Pareto.",
                },
            ),
            RubricCriterion(
                "All three crowns shown",
                {
                    0: "No calculator result, or only one crown discussed.",
                    1: "All three crowns shown, but a failing crown is ignored or misread.",
                    2: "All three crowns shown and read correctly, with figures.",
                },
            ),
            RubricCriterion(
                "Customer's outcome",
                {
                    0: "Written in the firm's terms only (handle time, occupancy).",
                    1: "Mentions the customer, but not what changes for them.",
                    2: "Says in the customer's words what gets better (fewer contacts, resolved first time).",
                },
            ),
        ),
    )
)
