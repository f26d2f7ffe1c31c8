"""The question registry: what each question asks, how it is checked, and how it is graded.

Each exercise adds a module in this package that calls :func:`register`; the
registry discovers them, so adding an exercise never edits a shared list.
Widgets ask from it, instant checks come from it, grading reads it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from cxkit.words import plural
from cxkit.workbook import validate_question_id


class Kind(str, Enum):
    """What sort of answer a question takes."""

    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    NUMBER = "number"
    SHORT_TEXT = "short_text"
    RECORD = "record"


class Grading(str, Enum):
    """How a question is scored."""

    AUTO = "auto"
    RUBRIC = "rubric"


@dataclass(frozen=True)
class Check:
    """The result of an instant check: is it complete, and what to say to the participant."""

    complete: bool
    messages: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        """One line for the participant."""
        if self.messages:
            return " ".join(self.messages)
        return "Answered." if self.complete else "Not answered yet."


@dataclass(frozen=True)
class Score:
    """An auto-graded result: the share of the points earned and why, in the lesson's words."""

    fraction: float
    feedback: tuple[str, ...] = ()
    detail: dict[str, Any] = field(
        default_factory=dict
    )  # e.g. per-item right/wrong for cohort stats


@dataclass(frozen=True)
class RubricCriterion:
    """One rubric criterion with its levels: points -> descriptor."""

    name: str
    levels: dict[int, str]

    @property
    def max_points(self) -> int:
        """The most points this criterion can give."""
        return max(self.levels)


@dataclass(frozen=True)
class LabelConfusion:
    """A cohort figure a labelling question registers: which labels participants mixed up."""

    labels: tuple[str, ...]
    title: str  # the figure's title, in plain words
    right: str = "Right label"  # the rows: what each item really is
    item_word: str = "Item"  # how the table of most-mislabelled items names its rows


@dataclass(frozen=True)
class Question:
    """A question definition shared by widgets, instant checks and grading."""

    id: str
    concept: str
    kind: Kind
    prompt: str
    points: float
    grading: Grading
    exercise: str = ""
    choices: tuple[str, ...] = ()
    rubric: tuple[RubricCriterion, ...] = ()
    instant_check: Callable[[Any], Check] | None = None
    items: tuple[str, ...] = field(default=())  # sub-items, e.g. the measures to classify
    item_labels: tuple[str, ...] = ()  # how a form shows each item (a record of named parts)
    # Auto-graded questions: the key is computed from cxkit's models (never from
    # participant data); `score` is optional when the kind's default scoring fits
    # (choice: equal; number: within `tolerance`; record of labels: share of items right).
    key: Callable[[], Any] | None = None
    tolerance: float = 0.0
    score: Callable[[Any, Any], Score] | None = None
    # A full-marks answer in the saved format, where the key is not one (the sample cohort
    # and tests use it); None when cxkit.coach.grading.model_answer(key) already is.
    example: Callable[[], Any] | None = None
    # A short plain-words name for charts and tables ("Classify twelve measures"); by default
    # made from the id, so no figure ever has to show a question id.
    title: str = ""
    # The cohort page's figure for this question, when it has one of its own.
    cohort_figure: LabelConfusion | None = None

    @property
    def name(self) -> str:
        """The question's short name in plain words."""
        if self.title:
            return self.title
        tail = self.id.rsplit("/", 1)[-1].replace("-", " ").replace("_", " ")
        tail = tail.removeprefix("exercise ")  # "exercise-nps" is "NPS" inside its exercise
        return tail[:1].upper() + tail[1:]

    @property
    def exercise_number(self) -> str:
        """'3' for exercise '03_contact_centre_and_failure_demand'."""
        head = self.exercise.split("_", 1)[0]
        return head.lstrip("0") or head

    @property
    def label(self) -> str:
        """'Exercise 3 · Failure-demand share of the second log': the name a coach sees in charts and tables."""
        return f"Exercise {self.exercise_number} · {self.name}" if self.exercise else self.name

    def check(self, value: Any) -> Check:
        """Run the instant check (format and completeness only; no answer key needed)."""
        if value is None or value == "" or value == [] or value == {}:
            return Check(False, ("Not answered yet.",))
        if self.instant_check is not None:
            return self.instant_check(value)
        return default_check(self, value)


def default_check(q: Question, value: Any) -> Check:
    """A format check that fits the question's kind."""
    if q.kind is Kind.SINGLE_CHOICE:
        if q.choices and value not in q.choices:
            return Check(False, (f"Choose one of: {', '.join(q.choices)}.",))
        return Check(True)
    if q.kind is Kind.MULTIPLE_CHOICE:
        if not isinstance(value, list):
            return Check(False, ("Expected a list of choices.",))
        return Check(True)
    if q.kind is Kind.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return Check(False, ("Expected a number.",))
        return Check(True)
    if q.kind is Kind.SHORT_TEXT:
        if not isinstance(value, str) or not value.strip():
            return Check(False, ("Not answered yet.",))
        return Check(True)
    if q.kind is Kind.RECORD:
        if not isinstance(value, dict):
            return Check(False, ("Expected a set of named fields.",))
        return Check(True)
    return Check(True)


def written_answer_check(min_words: int, expected: str = "") -> Callable[[Any], Check]:
    """An instant check for a written answer: complete with any text, nudging towards min_words."""
    expected = expected or f"a few sentences ({min_words}+ words)"

    def check(value: Any) -> Check:
        if not isinstance(value, str) or not value.strip():
            return Check(False, ("Not answered yet.",))
        n = len(value.split())
        if n < min_words:
            return Check(True, (f"{n} words so far; {expected} are expected.",))
        return Check(True, (f"Answered ({n} words).",))

    return check


def label_grid_check(
    ids: Callable[[], Sequence[str]],
    normalise: Callable[[object], str | None],
    labels: Sequence[str],
    noun: str,
    done_verb: str,
) -> Callable[[Any], Check]:
    """An instant check for a label per item: complete when every item has a known label."""

    def check(value: Any) -> Check:
        if not isinstance(value, dict):
            return Check(False, (f"Expected a label for each {noun}.",))
        want = list(ids())
        unknown = [k for k in value if k not in want]
        bad = [k for k in want if k in value and normalise(value[k]) is None]
        done = sum(normalise(value.get(k)) is not None for k in want)
        msgs = [f"{done} of {plural(len(want), noun)} {done_verb}."]
        if bad:
            are = "is" if len(bad) == 1 else "are"
            msgs.append(f"{plural(len(bad), 'label')} {are} not one of {', '.join(labels)}.")
        if unknown:
            are = "is" if len(unknown) == 1 else "are"
            msgs.append(f"{plural(len(unknown), 'answer')} {are} for {noun}s not in this exercise.")
        return Check(done == len(want) and not bad, tuple(msgs))

    return check


_REGISTRY: dict[str, Question] = {}
_loaded = False


def register(question: Question) -> Question:
    """Add a question to the registry; its id must be new and well formed."""
    validate_question_id(question.id)
    existing = _REGISTRY.get(question.id)
    if existing is not None and existing != question:
        raise ValueError(f"Question id {question.id!r} is registered twice.")
    if question.grading is Grading.RUBRIC and not question.rubric:
        raise ValueError(f"Rubric question {question.id!r} has no rubric criteria.")
    _REGISTRY[question.id] = question
    return question


def _load_all() -> None:
    global _loaded
    if _loaded:
        return
    for mod in pkgutil.iter_modules(__path__):
        if not mod.name.startswith("_"):
            importlib.import_module(f"{__name__}.{mod.name}")
    _loaded = True


def get(question_id: str) -> Question:
    """The question with this id; KeyError names it if unknown."""
    _load_all()
    try:
        return _REGISTRY[question_id]
    except KeyError:
        raise KeyError(f"No question with id {question_id!r} is registered.") from None


def all_questions(exercise: str | None = None) -> list[Question]:
    """Every registered question (optionally for one exercise), sorted by id."""
    _load_all()
    qs = sorted(_REGISTRY.values(), key=lambda q: q.id)
    return [q for q in qs if exercise is None or q.exercise == exercise]


def label_of(question_id: str) -> str:
    """The plain-words label of a question id ('Exercise 2 · Classify twelve measures'); the id if unknown."""
    return get(question_id).label if is_known(question_id) else question_id


def is_known(question_id: str) -> bool:
    """Whether a question id is registered."""
    _load_all()
    return question_id in _REGISTRY
