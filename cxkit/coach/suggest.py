"""Suggested rubric levels for coaches: what the checkers would give, with the reason. Never applied.

``suggest_levels(question, answer)`` returns, for each rubric criterion of that question that a
checker can judge, ``(level, reason)``: the level is one of the criterion's own level keys and
the reason is one plain sentence that quotes the participant's words. Criteria no checker can
judge are left out (the coach scores them alone). Nothing here writes anything: the grading
widget shows the suggestion beside the coach's choice, and the coach decides.

Pure Python; no widgets.
"""

from __future__ import annotations

from typing import Any

from cxkit.concepts.outcomes import language as lang
from cxkit.words import plural

Suggestion = tuple[int, str]


def _q(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= n else text[: n - 1] + '…'}”"


def _all(n: int, noun: str, many: str | None = None) -> str:
    """'the need' (1), 'both needs' (2), 'all 3 needs' (3 or more)."""
    if n == 1:
        return f"the {noun}"
    nouns = many or noun + "s"
    return f"both {nouns}" if n == 2 else f"all {n} {nouns}"


def _of(k: int, n: int, noun: str, verb: str, verb_s: str, many: str | None = None) -> str:
    """k of n, with the noun and verb agreeing: '1 of 3 needs passes', 'both needs pass',
    'none of the 3 needs pass', 'the need does not pass'. ``verb`` is the plural (base) form."""
    nouns = many or noun + "s"
    if k >= n:
        return f"{_all(n, noun, many)} {verb_s if n == 1 else verb}"
    if k == 0:
        return f"the {noun} does not {verb}" if n == 1 else f"none of the {n} {nouns} {verb}"
    return f"{k} of {n} {nouns} {verb_s if k == 1 else verb}"


def _each(n: int) -> str:
    return "each" if n > 1 else "and it is"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _statements(answer: Any, keys: tuple[str, ...]) -> list[tuple[str, str]]:
    if not isinstance(answer, dict):
        return []
    return [(k, v) for k in keys if isinstance(v := answer.get(k), str) and v.strip()]


def _reframe(answer: Any) -> dict[str, Suggestion]:
    from cxkit.concepts.outcomes.measures import check_outcome_statement
    from cxkit.questions.ex02_outputs_vs_outcomes import REFRAME_MEASURES

    texts = _statements(answer, REFRAME_MEASURES)
    n_all = len(REFRAME_MEASURES)
    if not texts:
        return {
            "Four parts": (0, "No statement written yet."),
            "Customer's words": (0, "No statement written yet."),
            "Measurable": (0, "No statement written yet."),
        }
    checks = [check_outcome_statement(t) for _k, t in texts]
    four = sum(c.parts_found == 4 for c in checks)
    three = sum(c.parts_found >= 3 for c in checks)
    worst = min(checks, key=lambda c: c.parts_found)
    if four == n_all:
        parts = (
            2,
            f"{_cap(_of(n_all, n_all, 'statement', 'have', 'has'))} direction, metric, object "
            "of control and context.",
        )
    else:
        level = 1 if three == n_all or (len(texts) == n_all and four >= n_all - 1) else 0
        parts = (
            level,
            f"{_cap(_of(four, n_all, 'statement', 'have', 'has'))} all four parts; "
            f"{_q(worst.text)} has {plural(worst.parts_found, 'part')}.",
        )
    firm = [c for c in checks if c.firm_activity]
    weasel = [c for c in checks if c.weasel_words]
    if firm:
        words = (
            0,
            f"{_q(firm[0].text)} states the firm's activity ({_q(firm[0].firm_activity[0], 40)}).",
        )
    elif weasel or len(texts) < n_all:
        why = (
            f"{_q(weasel[0].text)} uses “{weasel[0].weasel_words[0]}”."
            if weasel
            else f"{_cap(_of(len(texts), n_all, 'statement', 'are', 'is'))} written, "
            f"{_each(len(texts))} from the customer's side."
        )
        words = (1, why)
    else:
        words = (2, "Every statement is said from the customer's side, with no weasel words.")
    metrics = [c for c in checks if c.metric]
    if len(metrics) == n_all and not weasel:
        meas = (
            2,
            "Each names something to measure: "
            + ", ".join(_q(c.metric, 30) for c in metrics)
            + ".",
        )
    elif metrics:
        meas = (
            1,
            f"{_cap(_of(len(metrics), n_all, 'statement', 'name', 'names'))} something measurable.",
        )
    else:
        meas = (0, "No statement names a time, a number or a likelihood.")
    return {"Four parts": parts, "Customer's words": words, "Measurable": meas}


def _smart_needs(answer: Any) -> dict[str, Suggestion]:
    from cxkit.concepts.needs import check_smart
    from cxkit.questions.ex04_needs import NEED_KEYS, SMART_SITUATION

    texts = _statements(answer, NEED_KEYS)
    if not texts:
        return {
            "SMART": (0, "No need written yet."),
            "Customer's outcome, in their words": (0, "No need written yet."),
            "Fits the category": (0, "No need written yet."),
        }
    reports = [check_smart(t, SMART_SITUATION) for _k, t in texts]
    smart = [r for r in reports if r.is_smart]
    bad = [r for r in reports if not r.is_smart]
    n = len(NEED_KEYS)
    if len(smart) == n:
        s = (2, f"{_cap(_of(n, n, 'need', 'pass', 'passes'))} the SMART checker.")
    elif len(smart) >= n - 1 and len(texts) == n:
        r = bad[0]
        s = (
            1,
            f"{_cap(_of(len(smart), n, 'need', 'pass', 'passes'))}; {_q(r.text)}: "
            f"{r.problems()[0].message}",
        )
    else:
        r = bad[0]
        msg = r.problems()[0].message if r.problems() else "it is not SMART yet."
        s = (0, f"{_cap(_of(len(smart), n, 'need', 'pass', 'passes'))}; {_q(r.text)}: {msg}")
    firm = [r for r in reports if r.main_defect == "firm_activity"]
    if firm:
        w = (0, f"{_q(firm[0].text)} states the firm's own work or target.")
    elif len(texts) < n:
        w = (
            1,
            f"{_cap(_of(len(texts), n, 'need', 'are', 'is'))} written, "
            f"{_each(len(texts))} from the customer's side.",
        )
    else:
        w = (2, "Each need is a result from the customer's side, not the firm's activity.")
    return {"SMART": s, "Customer's outcome, in their words": w, "Fits the category": _fits(texts)}


def _fits(texts: list[tuple[str, str]]) -> Suggestion:
    """How many needs name the category's own situation (its domain words), and any that stray."""
    from cxkit.concepts.case_company import category
    from cxkit.concepts.outcomes.domains import LABELS, domains_of
    from cxkit.questions.ex04_needs import NEED_KEYS, SMART_CATEGORY, SMART_SITUATION

    where = SMART_SITUATION
    own = set(domains_of(where))
    name = category(SMART_CATEGORY).name
    for _k, t in texts:
        off = lang.analyse_need(t, where).off_topic
        if off is not None:
            return (0, f"{_q(t)} is about {LABELS[off[1]]}, not the situation of '{name}'.")
    fitting = [t for _k, t in texts if own & set(domains_of(t))]
    n = len(NEED_KEYS)
    if len(fitting) == n:
        return (2, f"{_cap(_of(n, n, 'need', 'name', 'names'))} the category's own situation.")
    if fitting:
        return (
            1,
            f"{_cap(_of(len(fitting), n, 'need', 'name', 'names'))} the category's own situation; "
            f"{_q(next(t for _k, t in texts if t not in fitting))} could suit any customer.",
        )
    return (0, "No need names the category's own situation; each could suit any customer.")


def _canvas(record: Any) -> dict[str, Suggestion]:
    from cxkit.concepts.canvas import Canvas
    from cxkit.concepts.case_company import situation
    from cxkit.concepts.needs import check_smart

    try:
        canvas = Canvas.from_record(record)
    except Exception:  # a record the canvas model cannot read: no suggestion, the coach judges
        return {}
    out: dict[str, Suggestion] = {}
    st = (canvas.statement or "").strip()
    if not st:
        out["SCO statement"] = (0, "The SCO statement is missing.")
    else:
        firm = lang.find_firm_activity(st) + lang.find_output_measures(st)
        weasels = lang.find_weasels(st)
        one_line = "\n" not in st and len(st.split()) <= 30
        if firm:
            out["SCO statement"] = (
                0,
                f"{_q(st)} describes the firm's activity ({_q(firm[0].text, 40)}).",
            )
        elif weasels or not one_line:
            why = f"uses “{weasels[0].text}”" if weasels else "is longer than one line"
            out["SCO statement"] = (1, f"A customer result, but {_q(st)} {why}.")
        else:
            out["SCO statement"] = (
                2,
                f"{_q(st)} is one line, from the customer's side, with no weasel words.",
            )
    needs = [n for n in canvas.needs if (n.need or "").strip()]
    if not needs:
        out["SMART needs and measures"] = (0, "No SMART needs written yet.")
        return out
    smart = [check_smart(n.need, situation(canvas.category)).is_smart for n in needs]
    kinds = [lang.suggest_measure_kind(n.measure)[0] for n in needs]
    outputs = [n.measure for n, k in zip(needs, kinds, strict=True) if k in ("output", "")]
    if all(smart) and not outputs:
        out["SMART needs and measures"] = (
            2,
            f"{_cap(_of(len(needs), len(needs), 'need', 'pass', 'passes'))} the SMART checker "
            f"and {'its' if len(needs) == 1 else 'each'} measure reads as an outcome.",
        )
    elif all(smart) or sum(smart) >= len(needs) - 1:
        why = (
            f"the measure {_q(outputs[0], 50)} reads as an output or is missing"
            if outputs
            else "one need is not SMART yet"
        )
        out["SMART needs and measures"] = (
            1,
            f"{_cap(_of(sum(smart), len(needs), 'need', 'pass', 'passes'))}; {why}.",
        )
    else:
        lead = _of(sum(smart), len(needs), "need", "pass", "passes")
        lead = f"Only {lead}" if sum(smart) else _cap(lead)
        out["SMART needs and measures"] = (0, f"{lead} the SMART checker.")
    return out


def _rewrite(answer: Any) -> dict[str, Suggestion]:
    from cxkit.concepts.outside_in import check_rewrite

    r = check_rewrite(answer)
    if not r.text:
        return {
            "Starts from the outcome": (0, "Not answered yet."),
            "Measurable": (0, "Not answered yet."),
        }
    if r.outcome and not r.firm_first:
        start = (2, f"Opens from the customer's outcome: {_q(r.outcome)}.")
    elif r.outcome:
        start = (
            1,
            f"Names the customer's outcome ({_q(r.outcome, 50)}) but opens with the firm's activity.",
        )
    else:
        start = (0, "I found no sentence that states the customer's result.")
    if r.measure and not r.weasels:
        meas = (2, f"Names something measurable: {_q(r.measure, 50)}.")
    elif r.measure:
        meas = (1, f"Names {_q(r.measure, 40)} but also uses “{r.weasels[0]}”.")
    else:
        meas = (0, "Nothing in it could be counted or timed.")
    return {"Starts from the outcome": start, "Measurable": meas}


def suggest_levels(
    question: Any, answer: Any, related: dict[str, Any] | None = None
) -> dict[str, Suggestion]:
    """Suggested (level, reason) per rubric criterion a checker can judge; {} when none can.

    ``question`` is a Question or its id; ``answer`` is the saved value of that question;
    ``related`` optionally maps other question ids to the same participant's saved values (the
    canvas-quality question is judged on the saved canvas, ``canvas/complete-canvas``).
    Levels are always keys of the criterion's own ``levels``; criteria are named exactly as in
    the rubric. Never raises on odd answers.
    """
    from cxkit import questions

    qid = question if isinstance(question, str) else getattr(question, "id", "")
    try:
        q = questions.get(qid)
    except Exception:
        return {}
    try:
        if qid == "outcomes/reframe-outputs":
            out = _reframe(answer)
        elif qid == "needs/smart-needs":
            out = _smart_needs(answer)
        elif qid == "outside_in/rewrite-initiative":
            out = _rewrite(answer)
        elif qid == "canvas/canvas-quality":
            rec = (related or {}).get("canvas/complete-canvas")
            out = _canvas(rec) if rec is not None else {}
        elif qid == "canvas/complete-canvas":
            out = _canvas(answer)
        else:
            out = {}
    except Exception:  # a suggestion must never break grading
        return {}
    names = {c.name: c for c in (q.rubric or ())}
    result: dict[str, Suggestion] = {}
    for name, (level, reason) in out.items():
        crit = names.get(name)
        if crit is None:
            continue
        level = (
            max(k for k in crit.levels if k <= level)
            if any(k <= level for k in crit.levels)
            else min(crit.levels)
        )
        result[name] = (level, reason)
    return result
