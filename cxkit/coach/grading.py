"""Grading: score workbooks against the answer key from the question registry.

Pure model, no widgets, and it never executes anything a participant wrote:
a workbook is parsed JSON and each answer is compared with a key that cxkit's
own models compute (``Question.key``).

The contract other tools build on (batch assessment uses it too):

- :func:`load_key` gives the :class:`AnswerKey` (every registered question, its
  key, points and rubric, plus the coach notes found in ``solutions/``).
- :func:`grade_workbook` gives a :class:`WorkbookGrade` with one
  :class:`ItemGrade` per question: ``points`` is ``None`` for a rubric item a
  coach has not scored yet.
- :func:`apply_manual_scores` fills in the rubric scores a coach entered (the gradebook's
  ``cxkit.coach.gradebook.merge_manual_scores(grade, "cohort/gradebook.sqlite")`` reads and applies them).

Default scoring by kind (a question's own ``score=`` overrides it):

- single choice / short text: equal (case and outer spaces ignored); the key may
  also be a list of accepted answers.
- number: within ``tolerance`` (absolute) of the key.
- record of labels ``{item: label}``: share of the key's items labelled right,
  with per-item detail for the cohort's misclassification table. A key value may
  be ``(label, why)`` so the feedback line says why.
- multiple choice: set agreement, |right ∩ chosen| / |right ∪ chosen|.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from cxkit import questions as registry
from cxkit.questions import Grading, Kind, Question, Score
from cxkit.workbook import Workbook

CORRECT, PARTLY, WRONG = "correct", "partly", "wrong"
NOT_ANSWERED, NEEDS_RUBRIC = "not answered", "needs rubric"
STATUSES = (CORRECT, PARTLY, WRONG, NOT_ANSWERED, NEEDS_RUBRIC)

_REF_RE = re.compile(
    r"""(?:ask|save_answer|question_id\s*=)\s*\(?\s*["']([a-z0-9][a-z0-9_\-]*(?:/[a-z0-9][a-z0-9_\-]*)+)["']"""
)


# -- the answer key -------------------------------------------------------------------------
@dataclass(frozen=True)
class KeyItem:
    """One question as the grader sees it: the question, its key, and any problem computing it."""

    question: Question
    key: Any = None
    problem: str = ""
    notebook: str = ""  # the solution notebook that asks it, if found

    @property
    def question_id(self) -> str:
        """The question id."""
        return self.question.id

    @property
    def exercise(self) -> str:
        """The exercise the question belongs to (its registry value, else its notebook)."""
        return self.question.exercise or self.notebook or self.question.concept

    @property
    def auto(self) -> bool:
        """Whether the item is scored automatically."""
        return self.question.grading is Grading.AUTO and not self.problem


@dataclass
class AnswerKey:
    """The answer key and rubric for every registered question, with the coach's notes."""

    items: dict[str, KeyItem]
    coach_notes: dict[str, list[str]] = field(default_factory=dict)  # notebook -> notes
    problems: list[str] = field(default_factory=list)

    def __iter__(self):
        return iter(self.items.values())

    def __len__(self) -> int:
        return len(self.items)

    def __contains__(self, question_id: str) -> bool:
        return question_id in self.items

    def get(self, question_id: str) -> KeyItem | None:
        """The key item for a question id, or None."""
        return self.items.get(question_id)

    @functools.cached_property
    def fingerprint(self) -> str:
        """A short hash of keys, points, tolerances and rubrics: changes when the key is corrected."""
        payload = [
            (
                k.question_id,
                _jsonable(k.key),
                k.problem,
                k.question.points,
                k.question.tolerance,
                k.question.grading.value,
                [(c.name, sorted(c.levels.items())) for c in k.question.rubric],
            )
            for k in self.items.values()
        ]
        return hashlib.sha256(json.dumps(payload, default=str).encode()).hexdigest()[:16]

    def exercises(self) -> list[str]:
        """The exercises in the key, sorted."""
        return sorted({k.exercise for k in self.items.values()})

    def to_dict(self) -> dict:
        """The key as JSON-safe data (for `cxkit key --json`)."""
        return {
            "fingerprint": self.fingerprint,
            "problems": list(self.problems),
            "coach_notes": self.coach_notes,
            "questions": [
                {
                    "id": k.question_id,
                    "exercise": k.exercise,
                    "concept": k.question.concept,
                    "kind": k.question.kind.value,
                    "grading": k.question.grading.value,
                    "points": k.question.points,
                    "prompt": k.question.prompt,
                    "key": _jsonable(k.key),
                    "tolerance": k.question.tolerance,
                    "problem": k.problem,
                    "rubric": [
                        {"criterion": c.name, "levels": {str(p): d for p, d in c.levels.items()}}
                        for c in k.question.rubric
                    ],
                }
                for k in self.items.values()
            ],
        }


def _jsonable(value: Any) -> Any:
    t = type(value)
    if t is str or t is int or t is bool or value is None:  # the common case, first
        return value
    if t is float:
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Enum):
        return _jsonable(value.value)
    if isinstance(value, dict):
        return {str(_jsonable(k)): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _read_notebook_cells(path: Path) -> list[dict]:
    """The cells of a solution notebook, read as plain JSON (fast, and safe for any bytes)."""
    from cxkit.workbook import parse_json_bytes

    nb = parse_json_bytes(path.read_bytes(), path)
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        raise ValueError("it is not a Jupyter notebook (no list of cells)")
    out = []
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        src = cell.get("source", "")
        if isinstance(src, list):
            src = "".join(x for x in src if isinstance(x, str))
        meta = cell.get("metadata")
        meta = meta if isinstance(meta, dict) else {}
        out.append({"source": src if isinstance(src, str) else "", "metadata": meta})
    return out


def _solution_notes(solutions_dir: Path) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Which notebook asks which question, and the coach-only notes per notebook."""
    where: dict[str, str] = {}
    notes: dict[str, list[str]] = {}
    for path in sorted(Path(solutions_dir).glob("*.ipynb")):
        try:
            cells = _read_notebook_cells(path)
        except Exception as exc:  # a broken solution must not stop the key: any bytes
            notes.setdefault(path.stem, []).append(
                f"(could not read {path.name}: {exc}; its coach notes are missing)"
            )
            continue
        for cell in cells:
            source, meta = cell["source"], cell["metadata"]
            for qid in _REF_RE.findall(source):
                where.setdefault(qid, path.stem)
            nbg = meta.get("nbgrader")
            grade_id = nbg.get("grade_id", "") if isinstance(nbg, dict) else ""
            if isinstance(grade_id, str) and registry.is_known(grade_id):
                where.setdefault(grade_id, path.stem)
            tags = meta.get("tags")
            if isinstance(tags, list) and "coach-only" in tags and source.strip():
                notes.setdefault(path.stem, []).append(source.strip())
    return where, notes


def default_solutions_dir() -> Path | None:
    """The solutions/ folder of the checkout cxkit runs from, or ./solutions, if either exists."""
    for cand in (Path.cwd() / "solutions", Path(__file__).resolve().parents[2] / "solutions"):
        if cand.is_dir():
            return cand
    return None


def key_sources_fingerprint(solutions_dir: Path | None = None) -> str:
    """A hash of everything the answer key is built from: the kit's code and data, and solutions/.

    Equal fingerprints mean :func:`load_key` would build the same key, so an unchanged
    cohort can be re-graded without importing the question modules (most of a re-grade).
    """
    from cxkit import __version__

    root = Path(__file__).resolve().parents[1]
    sol = Path(solutions_dir) if solutions_dir is not None else default_solutions_dir()
    files = sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and "sample_cohort" not in p.parts
    )
    if sol is not None and sol.is_dir():
        files += sorted(sol.glob("*.ipynb"))
    h = hashlib.sha256(f"{__version__}\0{sol}\0".encode())
    for p in files:
        try:
            data = p.read_bytes()
        except OSError:  # unreadable now: never equal to a fingerprint taken when it was readable
            data = b"\0unreadable"
        h.update(f"{p}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()[:32]


def load_key(
    solutions_dir: Path | None = None, question_list: Iterable[Question] | None = None
) -> AnswerKey:
    """Build the answer key from the question registry and the coach notes in solutions/."""
    qs = list(question_list) if question_list is not None else registry.all_questions()
    sol = Path(solutions_dir) if solutions_dir is not None else default_solutions_dir()
    where, notes = _solution_notes(sol) if sol is not None and sol.is_dir() else ({}, {})
    items: dict[str, KeyItem] = {}
    problems: list[str] = []
    for q in qs:
        key, problem = None, ""
        if q.grading is Grading.AUTO:
            if q.key is None:
                problem = "auto-graded but has no key= function"
            else:
                try:
                    key = q.key()
                except Exception as exc:  # a broken key must not stop grading the rest
                    problem = f"its key function failed ({type(exc).__name__}: {exc})"
        if problem:
            problems.append(f"{q.id}: {problem}; a coach must score it by hand.")
        items[q.id] = KeyItem(q, key, problem, where.get(q.id, ""))
    return AnswerKey(items, notes, problems)


# -- grades -------------------------------------------------------------------------------------
@dataclass
class ItemGrade:
    """The grade of one question in one workbook."""

    question_id: str
    concept: str
    exercise: str
    grading: str  # "auto" | "rubric"
    points: float | None
    max_points: float
    status: str
    feedback: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    answer: Any = None
    answered: bool = False
    detail: dict = field(default_factory=dict)
    levels: dict[str, float] = field(
        default_factory=dict
    )  # rubric: criterion -> level, once scored
    comment: str = ""
    needs_review: bool = False

    @property
    def answer_hash(self) -> str:
        """A hash of the answer, so a changed answer to a scored rubric item is noticed."""
        return answer_hash(self.answer)

    def to_dict(self) -> dict:
        """JSON-safe form."""
        return {
            "question_id": self.question_id,
            "concept": self.concept,
            "exercise": self.exercise,
            "grading": self.grading,
            "points": self.points,
            "max_points": self.max_points,
            "status": self.status,
            "feedback": list(self.feedback),
            "findings": list(self.findings),
            "answer": self.answer,
            "answered": self.answered,
            "detail": _jsonable(self.detail),
            "levels": dict(self.levels),
            "comment": self.comment,
            "needs_review": self.needs_review,
        }


@dataclass
class WorkbookGrade:
    """All item grades for one participant's workbook."""

    participant_id: str
    items: list[ItemGrade]
    submission_hash: str = ""
    submitted_at: str = ""  # the latest answer's save time
    unknown_questions: list[str] = field(default_factory=list)
    key_fingerprint: str = ""

    @property
    def total(self) -> float:
        """Points earned so far (ungraded rubric items count 0)."""
        return round(sum(i.points or 0.0 for i in self.items), 4)

    @property
    def max_total(self) -> float:
        """Points available."""
        return round(sum(i.max_points for i in self.items), 4)

    @property
    def pending(self) -> int:
        """Rubric items still waiting for a coach."""
        return sum(1 for i in self.items if i.points is None)

    def item(self, question_id: str) -> ItemGrade:
        """The grade for one question id (KeyError if not in the key)."""
        for i in self.items:
            if i.question_id == question_id:
                return i
        raise KeyError(question_id)

    def by_concept(self) -> dict[str, tuple[float, float]]:
        """Points earned and available per concept."""
        return _group(self.items, lambda i: i.concept)

    def by_exercise(self) -> dict[str, tuple[float, float]]:
        """Points earned and available per exercise."""
        return _group(self.items, lambda i: i.exercise)

    def result(self) -> dict:
        """The participant's result in the shape :meth:`Gradebook.results` gives, for the reports."""
        items = []
        for i in self.items:
            q = registry.get(i.question_id) if registry.is_known(i.question_id) else None
            item = i.to_dict()
            item.update(final=i.points, prompt=q.prompt if q is not None else i.question_id)
            items.append(item)
        return {
            "participant_id": self.participant_id,
            "submitted_at": self.submitted_at,
            "notes": "",
            "items": items,
            "total": self.total,
            "max_total": self.max_total,
            "pending": self.pending,
        }

    def to_dict(self) -> dict:
        """JSON-safe form."""
        return {
            "participant_id": self.participant_id,
            "total": self.total,
            "max_total": self.max_total,
            "pending": self.pending,
            "submission_hash": self.submission_hash,
            "submitted_at": self.submitted_at,
            "unknown_questions": list(self.unknown_questions),
            "key_fingerprint": self.key_fingerprint,
            "by_concept": {k: list(v) for k, v in self.by_concept().items()},
            "items": [i.to_dict() for i in self.items],
        }


def _group(items: list[ItemGrade], by) -> dict[str, tuple[float, float]]:
    out: dict[str, list[float]] = {}
    for i in items:
        acc = out.setdefault(by(i), [0.0, 0.0])
        acc[0] += i.points or 0.0
        acc[1] += i.max_points
    return {k: (round(v[0], 4), round(v[1], 4)) for k, v in sorted(out.items())}


def answer_json(value: Any) -> str:
    """An answer as canonical JSON text (sorted keys), as stored in the gradebook."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def text_hash(text: str) -> str:
    """A short hash of a text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def file_hash(raw: bytes) -> str:
    """The hash of a workbook file's bytes: an unchanged file is not graded again."""
    return hashlib.sha256(raw).hexdigest()[:32]


def answer_hash(value: Any) -> str:
    """A stable short hash of an answer value."""
    return text_hash(answer_json(value))


def submission_hash(answers: dict) -> str:
    """THE hash of a workbook's answers (values and save times): changes with any new save."""
    text = json.dumps(answers, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


# -- default scoring ----------------------------------------------------------------------------
def _norm(v: Any) -> Any:
    if isinstance(v, Enum):
        v = v.value
    if isinstance(v, str):
        return " ".join(v.split()).casefold()
    return v


def _label_and_why(v: Any) -> tuple[Any, str]:
    if isinstance(v, tuple) and len(v) == 2 and isinstance(v[1], str):
        return v[0], v[1]
    if isinstance(v, dict) and "label" in v:
        return v["label"], str(v.get("why", ""))
    return v, ""


def model_answer(key: Any) -> Any:
    """The answer a participant would give to score full marks (the key without its 'why's)."""
    if isinstance(key, dict) and "label" not in key:
        return {str(k): model_answer(v) for k, v in key.items()}
    label = _label_and_why(key)[0]
    if isinstance(label, list | tuple | set | frozenset):
        return [_jsonable(_label_and_why(v)[0]) for v in label]
    return _jsonable(label)


def _show(v: Any, limit: int = 80) -> str:
    v = v.value if isinstance(v, Enum) else v
    text = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def score_choice(answer: Any, key: Any) -> Score:
    """Single choice or short text: right if equal (or one of the accepted answers)."""
    key, why = _label_and_why(key)
    accepted = key if isinstance(key, list | tuple | set | frozenset) else [key]
    if not isinstance(answer, str | int | float) or isinstance(answer, bool):
        return Score(0.0, (f"Expected one choice; the answer is {_show(accepted[0])}.",))
    ok = _norm(answer) in {_norm(a) for a in accepted}
    because = f" {why}" if why else ""
    if ok:
        return Score(1.0, (f"Right: {_show(answer)}.{because}",))
    return Score(0.0, (f"You chose {_show(answer)}; the answer is {_show(accepted[0])}.{because}",))


def score_number(answer: Any, key: Any, tolerance: float = 0.0) -> Score:
    """A number: right if within tolerance of the key."""
    key, why = _label_and_why(key)
    because = f" {why}" if why else ""
    if isinstance(answer, str):
        try:
            answer = float(answer.replace(",", "").replace("%", "").strip())
        except ValueError:
            return Score(0.0, (f"Expected a number, got {_show(answer)}.",))
    if isinstance(answer, bool) or not isinstance(answer, int | float) or not math.isfinite(answer):
        return Score(0.0, (f"Expected a number, got {_show(answer)}.",))
    within = f", give or take {tolerance:,g}" if tolerance else ""
    if abs(answer - float(key)) <= tolerance + 1e-12:
        exact = f" (the answer is {float(key):,g}{within})" if answer != float(key) else ""
        return Score(1.0, (f"Right: {answer:,g}{exact}.{because}",))
    return Score(0.0, (f"You gave {answer:,g}; the answer is {float(key):,g}{within}.{because}",))


def score_record(answer: Any, key: dict, names: dict[str, str] | None = None) -> Score:
    """A record of labels {item: label}: the share of the key's items labelled right.

    names: how the participant saw each item (the question's item labels), so feedback
    names a measure by its words, not by its id.
    """
    if not isinstance(answer, dict):
        return Score(0.0, ("Expected a label for each item; no labels were found.",))
    per: dict[str, dict] = {}
    lines: list[str] = []
    right = 0
    for item, kv in key.items():
        label, why = _label_and_why(kv)
        given = answer.get(item)
        ok = given is not None and _norm(given) == _norm(label)
        right += ok
        per[str(item)] = {"key": _jsonable(label), "answer": _jsonable(given), "right": ok}
        shown = str(item)
        if names and item in names:  # quoted, unless the label quotes the customer itself
            shown = names[item] if "“" in names[item] else f"“{names[item]}”"
        if given is None or given == "":
            lines.append(
                f"{shown}: not labelled; it is {_show(label)}." + (f" {why}" if why else "")
            )
        elif not ok:
            lines.append(
                f"{shown}: you said {_show(given)}; it is {_show(label)}."
                + (f" {why}" if why else "")
            )
    total = len(key) or 1
    head = f"{right} of {len(key)} labelled right."
    extra = sorted(set(map(str, answer)) - set(map(str, key)))
    if extra:
        lines.append(
            f"Not part of this question (ignored): {', '.join(_show(e, 30) for e in extra[:5])}."
        )
    return Score(right / total, (head, *lines), {"items": per})


def score_multiple(answer: Any, key: Any) -> Score:
    """Multiple choice: set agreement |right ∩ chosen| / |right ∪ chosen|."""
    if isinstance(answer, str):
        answer = [answer]
    if not isinstance(answer, list | tuple):
        return Score(0.0, ("Expected a list of choices.",))
    chosen = {_norm(a) for a in answer if isinstance(a, str | int | float)}
    right = {_norm(_label_and_why(k)[0]) for k in key}
    shown = {_norm(_label_and_why(k)[0]): _show(_label_and_why(k)[0]) for k in key}
    union = chosen | right
    frac = len(chosen & right) / len(union) if union else 1.0
    lines = [f"{len(chosen & right)} of {len(right)} right choices picked."]
    missed = sorted(shown[m] for m in right - chosen)
    wrong = sorted(str(w) for w in chosen - right)
    if missed:
        lines.append(f"Missed: {', '.join(missed)}.")
    if wrong:
        lines.append(f"Not right here: {', '.join(_show(w, 40) for w in wrong)}.")
    detail = {"items": {shown[r]: {"right": r in chosen} for r in right}}
    return Score(frac, tuple(lines), detail)


def default_score(question: Question, answer: Any, key: Any) -> Score:
    """Score an answer with the default rule for the question's kind."""
    kind = question.kind
    if kind is Kind.NUMBER:
        return score_number(answer, key, question.tolerance)
    if kind is Kind.MULTIPLE_CHOICE:
        return score_multiple(answer, key)
    if isinstance(key, dict):
        names = dict(zip(question.items, question.item_labels, strict=False))
        return score_record(answer, key, names if question.item_labels else None)
    return score_choice(answer, key)


def _is_blank(value: Any) -> bool:
    return (
        value is None
        or value == ""
        or value == []
        or value == {}
        or (isinstance(value, str) and not value.strip())
    )


OVERRIDE = "(override)"  # manual points for a whole item, e.g. an auto item the coach corrects


def final_points(
    *,
    answered: bool,
    auto: float | None,
    levels: Mapping[str, float],
    points: float,
    rubric: Sequence[tuple[str, Iterable[int]]],
    rubric_graded: bool,
) -> float | None:
    """An item's points after a coach's scores, the one rule for the gradebook and the kernel:
    0 when unanswered; a coach's override; else the rubric levels scaled to the points (None
    until every criterion is scored); else the automatic points."""
    if not answered:
        return 0.0
    if OVERRIDE in levels:
        return min(max(float(levels[OVERRIDE]), 0.0), points)
    if rubric and (rubric_graded or auto is None):
        if not all(name in levels for name, _ in rubric):
            return None
        tops = [(name, max(lv)) for name, lv in rubric]
        top = sum(t for _, t in tops) or 1
        got = sum(min(max(float(levels[name]), 0.0), t) for name, t in tops)
        return round(points * got / top, 4)
    return auto


def status_for(fraction: float) -> str:
    """correct / partly / wrong for a share of the points."""
    if fraction >= 1 - 1e-9:
        return CORRECT
    return WRONG if fraction <= 1e-9 else PARTLY


def grade_item(item: KeyItem, value: Any, present: bool) -> ItemGrade:
    """Grade one answer (value) against one key item; never raises on a strange answer."""
    q = item.question
    g = ItemGrade(
        question_id=q.id,
        concept=q.concept,
        exercise=item.exercise,
        grading=q.grading.value,
        points=None,
        max_points=float(q.points),
        status=NEEDS_RUBRIC,
        answer=value if present else None,
        answered=present and not _is_blank(value),
    )
    if not g.answered:
        g.points, g.status = 0.0, NOT_ANSWERED
        g.feedback = ["Not answered."]
        return g
    if not item.auto:
        try:  # the instant check reads the answer as data, never runs it
            g.findings = list(q.check(value).messages)
        except Exception as exc:
            g.findings = [f"The instant check could not read this answer ({type(exc).__name__})."]
        if item.problem:
            g.feedback = [
                f"Scored by the coach: the automatic key is unavailable ({item.problem})."
            ]
        return g
    try:
        s = q.score(value, item.key) if q.score is not None else default_score(q, value, item.key)
        frac = min(max(float(s.fraction), 0.0), 1.0)
        if not math.isfinite(frac):
            raise ValueError("score is not a number")
        g.feedback, g.detail = list(s.feedback), dict(s.detail)
    except Exception as exc:  # a strange answer shape gets 0 with a reason, never a crash
        frac = 0.0
        g.feedback = [
            f"This answer could not be scored ({type(exc).__name__}); it has the wrong shape."
        ]
    g.points = round(frac * q.points, 4)
    g.status = status_for(frac)
    return g


_default_key: AnswerKey | None = None
_MEMO_MAX_TEXT = 4000  # answers longer than this are graded each time, not remembered
_MEMO_MAX_ITEMS = 200_000


def _row_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def grade_ref(content: tuple) -> str:
    """The id of one stored item grade: a hash of its content (question, points, max points,
    status, feedback, findings, answer, answer hash, answered, detail), so equal grades share it."""
    return text_hash(json.dumps(content, ensure_ascii=False, default=str))


def item_rows(key: AnswerKey, answers: dict) -> tuple[list[tuple], dict[str, str]]:
    """Stored form of every item grade of one workbook's answers, and each answer's hash.

    Each row is (grade_ref, question_id, points, max_points, status, feedback, findings,
    answer, answer_hash, answered, detail) as the gradebook stores it. Grading is a pure
    function of the question, its key and the answer, so identical answers (common in
    a cohort) are scored once per key and remembered.
    """
    memo = key.__dict__.setdefault("_row_memo", {})
    rows, hashes = [], {}
    for k in key.items.values():
        qid = k.question_id
        entry = answers.get(qid)
        present = entry is not None
        value = entry.get("value") if present else None
        text = answer_json(value)
        cache_key = (qid, present, text)
        row = memo.get(cache_key)
        if row is None:
            g = grade_item(k, value, present)
            content = (
                qid,
                g.points if g.grading == "auto" else None,
                g.max_points,
                g.status,
                _row_json(g.feedback),
                _row_json(g.findings),
                text,
                text_hash(text),
                int(g.answered),
                _row_json(_jsonable(g.detail)) if g.detail else "{}",
            )
            row = (grade_ref(content), *content)
            if len(text) <= _MEMO_MAX_TEXT and len(memo) < _MEMO_MAX_ITEMS:
                memo[cache_key] = row
        rows.append(row)
        hashes[qid] = row[8]
    return rows, hashes


def grade_workbook(workbook: Workbook, key: AnswerKey | None = None) -> WorkbookGrade:
    """Grade every question in the key against one workbook (answers are read, never run)."""
    global _default_key
    if key is None:
        _default_key = _default_key or load_key()
        key = _default_key
    data = workbook._data  # read-only use; avoids a deep copy per workbook
    answers: dict = data.get("answers", {})
    items = []
    for k in key.items.values():
        entry = answers.get(k.question_id)
        items.append(grade_item(k, entry.get("value") if entry else None, entry is not None))
    saved = [str(e.get("saved_at", "")) for e in answers.values() if isinstance(e, dict)]
    return WorkbookGrade(
        participant_id=workbook.participant_id,
        items=items,
        submission_hash=submission_hash(answers),
        submitted_at=max(saved, default=""),
        unknown_questions=sorted(q for q in answers if q not in key.items),
        key_fingerprint=key.fingerprint,
    )


def apply_manual_scores(grade: WorkbookGrade, manual: dict, flagged: dict) -> WorkbookGrade:
    """Fill in the rubric levels, points and comments a coach gave (in place): the gradebook's
    ``manual_for(participant)`` and ``open_flags(participant)`` for this participant."""
    for item in grade.items:
        m = manual.get(item.question_id)
        item.needs_review = item.question_id in flagged
        if not m:
            continue
        item.levels = {k: v for k, v in m["levels"].items()}
        item.comment = m["comment"]
        if not item.answered:
            continue
        q = registry.get(item.question_id) if registry.is_known(item.question_id) else None
        final = final_points(
            answered=True,
            auto=item.points,
            levels=item.levels,
            points=item.max_points,
            rubric=[(c.name, c.levels) for c in q.rubric] if q is not None else [],
            rubric_graded=item.grading == "rubric",
        )
        if final is None or (final == item.points and OVERRIDE not in item.levels):
            continue  # still to be scored, or the coach's levels leave the automatic score
        item.points = final
        item.status = status_for(item.points / item.max_points if item.max_points else 1.0)
    return grade
