"""Classical item analysis of a graded cohort: which questions work, and what the cohort misreads.

For every auto-graded item, and every part of a multi-part item (each measure of "classify twelve
measures"): difficulty (share right), discrimination (corrected point-biserial, and the upper-lower
27% index), distractors for choice parts, and flags in plain words. Per exercise: Cronbach's alpha
(KR-20 when every item is right/wrong). Pure NumPy over the gradebook's results; no widgets.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

UPPER_LOWER = 0.27
TOO_EASY, TOO_HARD, LOW_DISCRIMINATION = 0.90, 0.20, 0.20

# What a common wrong answer suggests, in coach language: (right label, label given) -> meaning.
MISCONCEPTIONS: dict[tuple[str, str], str] = {
    ("output", "outcome"): "the output/outcome line is not yet clear",
    ("output", "impact"): "outputs are being read as business results",
    ("outcome", "output"): "the customer's result is being mistaken for the firm's activity",
    ("outcome", "impact"): "customer outcomes and business impact are being merged",
    ("impact", "outcome"): "business results are being read as the customer's outcome",
    ("impact", "output"): "business results are being read as activity counts",
    ("failure", "value"): "failure demand is not yet recognised as avoidable",
    ("value", "failure"): "value demand is being treated as waste",
    ("inside-out", "outside-in"): "targets set from inside the firm are passing for outside-in",
    ("outside-in", "inside-out"): "outside-in work is not yet recognised",
}


@dataclass(frozen=True)
class Part:
    """One scored part: a whole question, or one labelled item within it."""

    id: str  # "qid" or "qid::item"
    question_id: str
    exercise: str
    label: str
    choice: bool  # does it have a chosen label (for distractor analysis)?
    key: str = ""


@dataclass
class ItemData:
    """Participants × parts: scores in [0, 1], and for choice parts the label each one gave."""

    participants: list[str]
    parts: list[Part]
    scores: np.ndarray  # shape (participants, parts)
    answers: list[list[str | None]]  # per part, per participant: the label given (choice parts)


@dataclass
class ItemStats:
    """The figures for one part."""

    part: Part
    n: int
    difficulty: float | None
    point_biserial: float | None
    upper_lower: float | None
    flags: list[str] = field(default_factory=list)
    distractors: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # all, upper, lower
    misconception: str = ""


@dataclass
class Reliability:
    """Cronbach's alpha for one exercise (KR-20 when all items are right/wrong), or why not."""

    exercise: str
    items: int
    alpha: float | None
    method: str
    note: str = ""


@dataclass
class ItemAnalysis:
    """Every part's figures and every exercise's reliability."""

    items: list[ItemStats]
    reliability: list[Reliability]
    participants: int


def response_matrix(
    results: list[dict], item_labels: dict[str, dict[str, str]] | None = None
) -> ItemData:
    """Build the matrix from the gradebook's results (auto-graded items only; blanks score 0)."""
    item_labels = item_labels or {}
    parts: dict[str, Part] = {}
    cells: dict[tuple[int, str], float] = {}
    given: dict[tuple[int, str], str | None] = {}
    people = [p["participant_id"] for p in results]
    # A question is multi-part if anyone's answer was scored part by part; a blank answer to
    # it then scores 0 on every part rather than making a part of its own.
    multi = {
        it["question_id"]
        for p in results
        for it in p["items"]
        if any(
            isinstance(v, dict) and "right" in v
            for v in ((it.get("detail") or {}).get("items") or {}).values()
        )
    }
    for row, p in enumerate(results):
        for it in p["items"]:
            if it.get("grading") != "auto" or not it.get("max_points"):
                continue
            qid, ex = it["question_id"], it.get("exercise", "")
            sub = (it.get("detail") or {}).get("items") or {}
            subs = {k: v for k, v in sub.items() if isinstance(v, dict) and "right" in v}
            if subs:
                for name, d in subs.items():
                    pid = f"{qid}::{name}"
                    is_choice = "key" in d
                    if pid not in parts:
                        label = item_labels.get(qid, {}).get(name, name)
                        parts[pid] = Part(pid, qid, ex, label, is_choice, str(d.get("key", "")))
                    cells[row, pid] = 1.0 if d["right"] else 0.0
                    if is_choice:
                        a = d.get("answer")
                        given[row, pid] = None if a in (None, "") else str(a)
            elif qid not in multi:
                if qid not in parts:
                    label = item_labels.get(qid, {}).get("", qid)  # "" names the whole question
                    parts[qid] = Part(qid, qid, ex, label, False)
                cells[row, qid] = float(it.get("final") or 0.0) / float(it["max_points"])
    order = sorted(parts)
    col = {pid: j for j, pid in enumerate(order)}
    scores = np.zeros((len(people), len(order)))
    for (row, pid), v in cells.items():
        scores[row, col[pid]] = v
    answers = [[given.get((row, pid)) for row in range(len(people))] for pid in order]
    return ItemData(people, [parts[p] for p in order], scores, answers)


def _corr(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Column-wise Pearson correlation of x[:, j] with y[:, j]; NaN where either has no variance."""
    xc, yc = x - x.mean(axis=0), y - y.mean(axis=0)
    num = (xc * yc).sum(axis=0)
    den = np.sqrt((xc**2).sum(axis=0) * (yc**2).sum(axis=0))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 1e-12, num / np.where(den > 1e-12, den, 1.0), np.nan)


def _groups(total: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The upper and lower 27% by total score; everyone tied at a cut joins, so order never matters."""
    k = max(1, int(round(UPPER_LOWER * len(total))))
    ranked = np.sort(total)
    upper_cut, lower_cut = ranked[-k], ranked[k - 1]
    return np.flatnonzero(total >= upper_cut), np.flatnonzero(total <= lower_cut)


def analyse(data: ItemData) -> ItemAnalysis:
    """Difficulty, discrimination, distractors, flags and reliability for every part."""
    s = data.scores
    n, m = s.shape
    stats: list[ItemStats] = []
    if n == 0 or m == 0:
        return ItemAnalysis(stats, [], n)
    total = s.sum(axis=1)
    difficulty = s.mean(axis=0)
    rest = total[:, None] - s  # corrected: the item's own points left out
    rpb = _corr(s, rest) if n > 1 else np.full(m, np.nan)
    upper, lower = _groups(total)
    ul = s[upper].mean(axis=0) - s[lower].mean(axis=0) if n > 1 else np.full(m, np.nan)
    for j, part in enumerate(data.parts):
        p = float(difficulty[j])
        r = None if np.isnan(rpb[j]) else float(rpb[j])
        d = None if n < 2 else float(ul[j])
        flags = []
        if p >= TOO_EASY:
            flags.append("too easy: almost everyone gets it right")
        elif p <= TOO_HARD:
            flags.append("too hard: almost everyone gets it wrong")
        if n < 2:
            flags.append("one participant: discrimination needs two or more")
        elif r is None:
            flags.append("no spread: everyone scored the same on it or on the rest")
        elif r < 0:
            flags.append(
                "negative discrimination: strong participants get this wrong more often than "
                "weak ones: check the key"
            )
        elif r < LOW_DISCRIMINATION:
            flags.append("low discrimination: it hardly separates strong from weak")
        st = ItemStats(part, n, p, r, d, flags)
        if part.choice:
            answers = data.answers[j]
            wrong = Counter(a for a in answers if a is not None and a != part.key)
            up = Counter(answers[i] for i in upper)
            lo = Counter(answers[i] for i in lower)
            st.distractors = {a: (c, up.get(a, 0), lo.get(a, 0)) for a, c in wrong.most_common()}
            if wrong:
                worst, count = wrong.most_common(1)[0]
                meaning = MISCONCEPTIONS.get((part.key.casefold(), worst.casefold()), "")
                shown = part.label if "“" in part.label else f"“{part.label}”"
                st.misconception = f"{count} of {n} call {shown} {_article(worst)}" + (
                    f": {meaning}." if meaning else f"; it is {_article(part.key)}."
                )
        stats.append(st)
    return ItemAnalysis(stats, reliability(data), n)


def _article(label: str) -> str:
    return f"an {label}" if label[:1].lower() in "aeiou" else f"a {label}"


def reliability(data: ItemData) -> list[Reliability]:
    """Cronbach's alpha per exercise over its parts (KR-20 when every part is right/wrong)."""
    out = []
    exercises = sorted({p.exercise for p in data.parts})
    for ex in exercises:
        cols = [j for j, p in enumerate(data.parts) if p.exercise == ex]
        x = data.scores[:, cols]
        k = len(cols)
        binary = bool(np.isin(x, (0.0, 1.0)).all())
        method = "KR-20" if binary else "Cronbach's alpha"
        if k < 2:
            out.append(Reliability(ex, k, None, method, "needs two or more scored parts"))
            continue
        if x.shape[0] < 2:
            out.append(Reliability(ex, k, None, method, "needs two or more participants"))
            continue
        total_var = x.sum(axis=1).var()
        if total_var <= 1e-12:
            out.append(Reliability(ex, k, None, method, "no variance: everyone has the same score"))
            continue
        alpha = k / (k - 1) * (1 - x.var(axis=0).sum() / total_var)
        out.append(Reliability(ex, k, float(alpha), method))
    return out


def analysis_rows(a: ItemAnalysis) -> tuple[list[str], list[list[Any]]]:
    """The table a coach reads (and item-analysis.csv holds): one row per part."""
    head = [
        "exercise",
        "question",
        "part",
        "participants",
        "difficulty (share right)",
        "point-biserial (corrected)",
        "upper-lower 27%",
        "most common wrong answer",
        "flags",
    ]
    rows = []
    for st in a.items:
        top = next(iter(st.distractors), "")
        rows.append(
            [
                st.part.exercise,
                st.part.question_id,
                st.part.label,
                st.n,
                _r(st.difficulty),
                _r(st.point_biserial),
                _r(st.upper_lower),
                top,
                "; ".join(st.flags),
            ]
        )
    return head, rows


def _r(v: float | None) -> Any:
    return "" if v is None else round(v, 3)
