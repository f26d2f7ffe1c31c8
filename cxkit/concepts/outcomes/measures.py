"""Outputs versus outcomes: the measure model and the language checks shared by later lessons.

Pure model: plain Python (and pandas where a table helps); no widget imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING

from cxkit import data
from cxkit.concepts.outcomes import language as lang

if TYPE_CHECKING:  # pandas is imported only where a table is built, so the checks load fast
    import pandas as pd


class MeasureKind(str, Enum):
    """Where a measure sits in the logic model: output, then outcome, then impact."""

    OUTPUT = "output"
    OUTCOME = "outcome"
    IMPACT = "impact"


@dataclass(frozen=True)
class Measure:
    """A measure with its kind and a short explanation of why it is that kind."""

    id: str
    name: str
    kind: MeasureKind
    why: str
    source: str = "case"  # "case" dashboard, "seed" example, "contact-centre", "survey", "customer"


# Words that sound like a measure but carry none (CONCEPTS.md §4): one list, in the language core.
WEASEL_WORDS: tuple[str, ...] = lang.WEASEL_WORDS


def find_weasel_words(text: str) -> list[str]:
    """The weasel words in text, lower-cased, in order of appearance, without repeats."""
    seen: list[str] = []
    for s in lang.find_weasels(text or ""):
        if s.text.lower() not in seen:
            seen.append(s.text.lower())
    return seen


def suggest_measure_kind(text: object) -> tuple[str, str]:
    """Whether a typed measure reads as an output, an outcome or an impact, with a one-line reason."""
    return lang.suggest_measure_kind(text)


# --------------------------------------------------------------------------
# The measure bank (package data: cxkit/data/outcomes/measures.csv)
# --------------------------------------------------------------------------

DATA_DIR = "outcomes"  # under cxkit/data
KINDS: tuple[str, ...] = tuple(k.value for k in MeasureKind)


class MeasureBankError(ValueError):
    """The measure bank's data file is malformed; the message names the file, row and field."""


@dataclass(frozen=True)
class BankedMeasure(Measure):
    """A measure from the bank, with whether it is used in the lesson or kept for the exercise."""

    use: str = "lesson"  # "lesson" or "exercise"


def read_package_csv(name: str) -> list[dict[str, str]]:
    """Rows of a CSV file shipped in cxkit/data/outcomes/, as dictionaries."""
    return data.csv_rows(f"{DATA_DIR}/{name}")


def parse_measure_rows(rows: list[dict[str, str]], where: str) -> tuple[BankedMeasure, ...]:
    """Measures from CSV rows; MeasureBankError names the file, line and field that is wrong."""
    out: list[BankedMeasure] = []
    seen: set[str] = set()
    for n, row in enumerate(rows, start=2):  # line 1 is the header
        at = f"{where} line {n}"
        if row.get("kind") not in KINDS:
            raise MeasureBankError(
                f"{at}: kind {row.get('kind')!r} is not one of {', '.join(KINDS)}; fix the kind column."
            )
        if row.get("use") not in ("lesson", "exercise"):
            raise MeasureBankError(f"{at}: use {row.get('use')!r} must be 'lesson' or 'exercise'.")
        if not row.get("id") or row["id"] in seen:
            raise MeasureBankError(
                f"{at}: id {row.get('id')!r} is empty or used twice; ids must be unique."
            )
        if not (row.get("name") or "").strip() or not (row.get("why") or "").strip():
            raise MeasureBankError(f"{at}: name and why must both be filled in.")
        seen.add(row["id"])
        out.append(
            BankedMeasure(
                row["id"],
                row["name"],
                MeasureKind(row["kind"]),
                row["why"],
                row.get("source") or "case",
                row["use"],
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def _bank() -> tuple[BankedMeasure, ...]:
    return parse_measure_rows(
        read_package_csv("measures.csv"), f"cxkit/data/{DATA_DIR}/measures.csv"
    )


def measure_bank() -> list[BankedMeasure]:
    """Every measure in the bank, in the order of the data file."""
    return list(_bank())


def measure(measure_id: str) -> BankedMeasure:
    """The measure with this id; KeyError names it if the bank has none."""
    for m in _bank():
        if m.id == measure_id:
            return m
    raise KeyError(f"The measure bank has no measure with id {measure_id!r}.")


def lesson_measures() -> list[BankedMeasure]:
    """The measures the lesson may show (never the exercise's twelve)."""
    return [m for m in _bank() if m.use == "lesson"]


def exercise_measures() -> list[BankedMeasure]:
    """The twelve measures kept back for the graded classification exercise."""
    return [m for m in _bank() if m.use == "exercise"]


def exercise_key() -> dict[str, str]:
    """The answer key for the classification exercise: measure id -> kind."""
    return {m.id: m.kind.value for m in exercise_measures()}


def exercise_key_with_reasons() -> dict[str, dict[str, str]]:
    """The classification key with each measure's reason: id -> {"label": kind, "why": ...}."""
    return {m.id: {"label": m.kind.value, "why": m.why} for m in exercise_measures()}


def measures_frame(measures: list[Measure] | None = None) -> pd.DataFrame:
    """A table of measures (default: the whole bank) with columns id, name, kind, why, source."""
    import pandas as pd

    ms = measure_bank() if measures is None else measures
    return pd.DataFrame(
        [
            {"id": m.id, "name": m.name, "kind": m.kind.value, "why": m.why, "source": m.source}
            for m in ms
        ]
    )


@lru_cache(maxsize=1)
def _dashboard_rows() -> tuple[dict[str, str], ...]:
    return tuple(read_package_csv("dashboard.csv"))


def case_figures() -> dict[str, tuple[float, float]]:
    """The dashboard figures the case company states (value, target): they override the CSV's."""
    from cxkit.concepts import case_company as kestrel

    c = kestrel.CONTACT_CENTRE
    return {
        "dash-fcr": (round(100 * c.fcr_agent_tick), round(100 * c.fcr_target)),
        "dash-nps": (kestrel.NPS_THIS_MONTH, kestrel.NPS_TARGET),
    }


def dashboard() -> pd.DataFrame:
    """Kestrel Mutual's current monthly dashboard: each measure with its value, target and kind."""
    import pandas as pd

    df = pd.DataFrame(list(_dashboard_rows()))
    df["value"] = df["value"].astype(float)
    df["target"] = df["target"].astype(float)
    for mid, (value, target) in case_figures().items():  # cxkit/concepts/case_company.py
        df.loc[df["measure_id"] == mid, ["value", "target"]] = [float(value), float(target)]
    ms = [measure(i) for i in df["measure_id"]]
    df.insert(1, "name", [m.name for m in ms])
    df["kind"] = [m.kind.value for m in ms]
    return df


def dashboard_measures() -> list[BankedMeasure]:
    """The measures on Kestrel Mutual's dashboard, in dashboard order."""
    return [measure(r["measure_id"]) for r in _dashboard_rows()]


def count_by_kind(measures: list[Measure]) -> dict[str, int]:
    """How many measures of each kind (output, outcome, impact), always with all three keys."""
    counts = dict.fromkeys(KINDS, 0)
    for m in measures:
        counts[m.kind.value] += 1
    return counts


# --------------------------------------------------------------------------
# Classification practice: feedback on one answer, and a score for many
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassifyFeedback:
    """What to tell a participant who labelled a measure: right or not, and why."""

    measure_id: str
    answer: str | None
    correct_kind: str
    correct: bool
    message: str


def normalise_kind(answer: object) -> str | None:
    """A kind from a participant's answer ('Output', ' outcome ', MeasureKind), or None if it is none."""
    if isinstance(answer, MeasureKind):
        return answer.value
    if isinstance(answer, str) and answer.strip().lower() in KINDS:
        return answer.strip().lower()
    return None


def classify_feedback(measure_id: str, answer: object) -> ClassifyFeedback:
    """Judge one classification and explain the right kind in the lesson's words."""
    m = measure(measure_id)
    kind = normalise_kind(answer)
    right = m.kind.value
    if kind is None:
        msg = f"Choose output, outcome or impact for “{m.name}”."
        return ClassifyFeedback(m.id, None, right, False, msg)
    if kind == right:
        msg = f"Right: it is an {right}. {m.why}"
    else:
        msg = f"Not quite: it is an {right}, not an {kind}. {m.why}"
    return ClassifyFeedback(m.id, kind, right, kind == right, msg)


@dataclass(frozen=True)
class ClassifyScore:
    """A participant's labels against the key: how many right, and which kinds they confuse."""

    right: int
    answered: int
    total: int
    by_kind: dict[str, dict[str, int]]  # correct kind -> {"right": n, "wrong": n, "blank": n}
    confusions: dict[tuple[str, str], int]  # (correct kind, answered kind) -> n


def score_classification(answers: dict[str, object], measure_ids: list[str]) -> ClassifyScore:
    """Score labels for these measures; unknown ids in answers are ignored, blanks count as wrong."""
    by_kind = {k: {"right": 0, "wrong": 0, "blank": 0} for k in KINDS}
    confusions: dict[tuple[str, str], int] = {}
    right = answered = 0
    for mid in measure_ids:
        correct = measure(mid).kind.value
        given = normalise_kind((answers or {}).get(mid))
        if given is None:
            by_kind[correct]["blank"] += 1
            continue
        answered += 1
        if given == correct:
            right += 1
            by_kind[correct]["right"] += 1
        else:
            by_kind[correct]["wrong"] += 1
            confusions[(correct, given)] = confusions.get((correct, given), 0) + 1
    return ClassifyScore(right, answered, len(measure_ids), by_kind, confusions)


# --------------------------------------------------------------------------
# Outcome statements: direction + metric + object of control + context
# (after Ulwick's outcome-driven innovation), from the customer's side.
# Every part is found by cxkit.concepts.outcomes.language as a real span of the participant's text.
# --------------------------------------------------------------------------

MAX_STATEMENT_CHARS = lang.MAX_CHARS  # a statement is one sentence; longer text is cut first

# What each defect is called on screen (the corpus's defect names are the codes).
DEFECT_LABELS: dict[str, str] = {
    "empty_or_noise": "not a statement yet",
    "weasel_words": "weasel words",
    "firm_activity": "the firm's activity",
    "output_not_outcome": "an output, not an outcome",
    "compound": "two outcomes in one",
    "too_vague": "too vague",
    "no_direction": "no direction",
    "no_metric": "no metric",
    "no_object": "no object of control",
    "no_context": "no context",
}


@dataclass(frozen=True)
class Finding:
    """One thing the checker noticed: a code, whether it is a problem, and a plain-language message.

    ``tone`` is "ok" (a tick), "fix" (a problem) or "maybe" (a suggestion: the checker is unsure,
    and the statement is not marked wrong for it).
    """

    code: str  # direction, metric, object, context, weasel, firm-activity, output, compound, vague, empty
    ok: bool
    message: str
    tone: str = ""

    @property
    def mark(self) -> str:
        """✓, ✗ or ? for the checklist."""
        return {"maybe": "?"}.get(self.tone, "✓" if self.ok else "✗")


@dataclass(frozen=True)
class OutcomeCheck:
    """What the checker found in one outcome statement (parts are exact substrings of ``text``)."""

    text: str
    direction: str | None
    direction_sense: str | None  # "decrease" or "increase"
    metric: str | None
    object_of_control: str | None
    context: str | None
    weasel_words: tuple[str, ...]
    firm_activity: tuple[str, ...]
    customer_words: bool  # said from the customer's side (first or third person)
    findings: tuple[Finding, ...] = field(default=())
    defect: str | None = None  # the main defect (corpus names), None when good
    verdict: str = "bad"  # "good", "unsure" (good, with a suggestion) or "bad"
    spans: tuple[tuple[str, int, int], ...] = ()  # (part name, start, end) in text

    @property
    def parts_found(self) -> int:
        """How many of the four parts (direction, metric, object, context) were found."""
        parts = (self.direction, self.metric, self.object_of_control, self.context)
        return sum(p is not None for p in parts)

    @property
    def well_formed(self) -> bool:
        """Not told it is wrong: all four parts from the customer's side (or unsure, with a suggestion)."""
        return self.verdict != "bad"

    @property
    def missing(self) -> list[str]:
        """What is missing or wrong, in plain language (empty when the statement is well formed)."""
        return [f.message for f in self.findings if not f.ok]

    @property
    def suggestions(self) -> list[str]:
        """Suggestions where the checker is unsure (never counted as wrong)."""
        return [f.message for f in self.findings if f.tone == "maybe"]

    @property
    def summary(self) -> str:
        """One line for the participant."""
        if not self.text:
            return "Not answered yet: type an outcome statement."
        if self.verdict == "good":
            return "Well formed: all four parts, from the customer's side."
        if self.verdict == "unsure":
            return "Looks well formed; one suggestion below."
        n = len(self.missing)
        return f"{self.parts_found} of 4 parts found; {n} thing{'s' if n != 1 else ''} to fix."

    def parts(self) -> dict[str, str | None]:
        """The four parts by name (None where a part is missing)."""
        return {
            "direction": self.direction,
            "metric": self.metric,
            "object of control": self.object_of_control,
            "context": self.context,
        }


def _q(s: lang.Span | str) -> str:
    return f"“{s}”"


_EMPTY_MSG = (
    "Not answered yet: type an outcome statement, e.g. “Minimise the time it takes to get my "
    "claim settled after an accident”."
)


def check_outcome_statement(text: object) -> OutcomeCheck:
    """Find the four parts of an outcome statement, name what is wrong, and say it in their words."""
    p = lang.analyse_outcome(text)
    t = p.text
    if not t.strip():
        return OutcomeCheck(
            "", None, None, None, None, None, (), (), False,
            (Finding("empty", False, _EMPTY_MSG, "fix"),), "empty_or_noise", "bad",
        )  # fmt: skip
    f: list[Finding] = []
    d = p.defect
    if d == "empty_or_noise":
        f.append(
            Finding(
                "empty",
                False,
                "I can't read this as a statement yet: write one sentence that starts with "
                "“Minimise” or “Increase” and says what the customer is trying to get done.",
                "fix",
            )
        )
    # Missing parts are listed when they are the problem, or the sentence has the outcome shape.
    shape = d not in ("empty_or_noise", "firm_activity", "too_vague", "output_not_outcome") and (
        d != "weasel_words" or bool(p.direction or p.metric)
    )
    # The ticks: each quotes exactly what was written.
    if p.direction:
        f.append(Finding("direction", True, f"Direction: {_q(p.direction)}.", "ok"))
    elif d != "empty_or_noise":
        if p.vague_direction:
            word = p.vague_direction.text[:1].upper() + p.vague_direction.text[1:]
            msg = (
                f"{_q(word)} does not say which way the measure should move: "
                "say “Minimise” or “Increase” instead."
            )
        elif p.target:
            msg = (
                f"{_q(p.target)} is a target, not a direction: say which way it should move, "
                "with “Minimise” or “Increase” (the target may stay)."
            )
        else:
            msg = "Say which way it should move: start with “Minimise” or “Increase”."
        if shape or (d == "too_vague" and p.vague_direction):
            f.append(Finding("direction", False, msg, "fix"))
    if p.metric:
        f.append(Finding("metric", True, f"Metric: {_q(p.metric)}.", "ok"))
    elif shape:
        if p.non_metric:
            msg = (
                f"{_q(p.non_metric)} can't be counted as written: say what you would measure, such "
                "as the time it takes, the number of times, or the likelihood."
            )
        else:
            msg = (
                "Say what you would measure: the time it takes, the number of times, the "
                "likelihood, the distance, the money, or the minutes of effort."
            )
        f.append(Finding("metric", False, msg, "fix"))
    if p.object:
        f.append(Finding("object", True, f"Object of control: {_q(p.object)}.", "ok"))
    elif p.metric:
        f.append(
            Finding(
                "object",
                False,
                f"Say what {_q(p.metric)} is about: what is the customer trying to get done?",
                "fix",
            )
        )
    elif shape:
        f.append(Finding("object", False, "Say what the customer is trying to get done.", "fix"))
    if p.context:
        f.append(Finding("context", True, f"Context: {_q(p.context)}.", "ok"))
    elif p.maybe_context is not None and p.verdict == "unsure":
        f.append(
            Finding(
                "context",
                True,
                "I could not find when or where this applies; if "
                f"{_q(p.maybe_context)} is your context, you are done.",
                "maybe",
            )
        )
    elif shape:
        f.append(
            Finding(
                "context",
                False,
                "Say when or where it applies: a circumstance (“when …”, “after …”), a purpose "
                "(“to …”), a condition (“without …”) or a period (“each month”).",
                "fix",
            )
        )
    # The problems that go beyond a missing part.
    seen: list[str] = []
    for w in p.weasels:
        if w.text.lower() in seen:
            continue
        seen.append(w.text.lower())
        f.append(
            Finding(
                "weasel",
                False,
                f"{_q(w)} sounds like a measure but carries none: replace it with a time, a "
                "number or a likelihood the customer would notice.",
                "fix",
            )
        )
    if p.firm:
        shown = ", ".join(_q(s) for s in p.firm[:3])
        f.append(
            Finding(
                "firm-activity",
                False,
                f"This describes what the firm does ({shown}), not the result the customer gets. "
                "Say what the customer is trying to get done, and measure that.",
                "fix",
            )
        )
    elif p.outputs and d == "output_not_outcome":
        f.append(
            Finding(
                "output",
                False,
                f"{_q(p.outputs[0])} measures the firm's output or effort, not the customer's "
                "result: ask what the customer is trying to get done, and measure that instead.",
                "fix",
            )
        )
    if d == "compound" and p.compound is not None:
        f.append(
            Finding(
                "compound",
                False,
                f"This joins two outcomes ({_q(p.compound)}): keep one per statement and write "
                "the other as a statement of its own.",
                "fix",
            )
        )
    if d == "too_vague" and p.vague is not None:
        f.append(
            Finding(
                "vague",
                False,
                f"{_q(p.vague)} is too general to measure: name the concrete thing the customer is "
                "trying to get done.",
                "fix",
            )
        )
    if d is None or p.verdict == "unsure":
        who = "Said from the customer's side."
        f.append(Finding("customer-words", True, who, "ok"))
    # A statement judged bad always says why, even when all four parts were found.
    if p.verdict == "bad" and not [x for x in f if not x.ok]:
        f.append(Finding("defect", False, f"Check it: {DEFECT_LABELS.get(d or '', d)}.", "fix"))
    first = ("empty", "weasel", "firm-activity", "output", "compound", "vague")
    f.sort(key=lambda x: x.code not in first)  # the main problem first, then the parts
    spans = tuple((name, s.start, s.end) for name, s in p.parts().items() if s is not None)
    return OutcomeCheck(
        t,
        p.direction.text if p.direction else None,
        p.direction.kind if p.direction else None,
        p.metric.text if p.metric else None,
        p.object.text if p.object else None,
        p.context.text if p.context else None,
        tuple(seen),
        tuple(s.text for s in p.firm)
        + tuple(s.text for s in p.outputs if d == "output_not_outcome"),
        not (p.firm or d == "output_not_outcome" or d == "empty_or_noise"),
        tuple(f),
        d,
        p.verdict,
        spans,
    )


# Helpers kept for the lessons and later checkers; each is a thin view of cxkit.concepts.outcomes.language.


def find_direction(text: str) -> tuple[str, str] | None:
    """The direction word and its sense ('decrease' or 'increase'), else a target ('limit'), or None."""
    d = lang.find_direction(text or "")
    if d is not None:
        return d.text, d.kind
    tg = lang.find_target(text or "")
    return (tg.text, "limit") if tg is not None else None


def find_vague_direction(text: str) -> str | None:
    """A word that points nowhere in particular ('improve', 'enhance', 'track'), or None."""
    v = lang.find_vague_direction(text or "")
    return v.text if v else None


def find_numbers_with_units(text: str) -> list[str]:
    """Numbers with a unit or a percent sign ('3 days', '80%', '£50', 'two calls'), in order."""
    return [
        m.group(0).strip()
        for m in re.finditer(
            rf"[£$€]\s?\d+(?:[.,]\d+)*|\b{lang._NUM}\s?(?:%|{lang._TIME_UNIT}|calls?|contacts?|times|steps?"
            r"|visits?|forms?|documents?|trips?|people|points?|pounds?|miles?|km)(?![\w])",
            text or "",
            re.I,
        )
    ]


def has_number_or_unit(text: str) -> bool:
    """Whether the text holds a number with a unit, or a percentage, that makes it measurable."""
    return bool(find_numbers_with_units(text))


def has_time_bound(text: str) -> bool:
    """Whether the text sets a deadline, duration, event-tied bound or period ('within 3 days')."""
    return bool(lang.find_time_bounds(text or ""))


def find_metric(text: str) -> str | None:
    """The metric phrase (time, number, likelihood, distance, money, effort), or None."""
    m = lang.find_metric(text or "")
    return m.text if m else None


def describes_firm_activity(text: str) -> list[str]:
    """Phrases that state the firm's own work or output ('Settle 90% of claims', 'handle time')."""
    spans = lang.find_firm_activity(text or "") + lang.find_output_measures(text or "")
    out: list[str] = []
    for s in sorted(spans, key=lambda s: s.start):
        if s.text.lower() not in (o.lower() for o in out):
            out.append(s.text)
    return out


def in_customer_words(text: str) -> bool:
    """Whether it is said from the customer's side (I, my, or a third-person customer), not the firm's."""
    t = text or ""
    return bool(lang.words(t)) and not describes_firm_activity(t)


def find_context(text: str, after: int = 0) -> tuple[str, int] | None:
    """The first context clause at or after `after` (when, where, why or on what condition), and where it starts."""
    cs = lang.find_contexts(text or "", after)
    return (cs[0].text, cs[0].start) if cs else None


@dataclass(frozen=True)
class OutcomeStatement:
    """An outcome statement built from its four parts; `text` reads it as one sentence."""

    direction: str = ""
    metric: str = ""
    object_of_control: str = ""
    context: str = ""

    @property
    def text(self) -> str:
        """The four parts joined into one sentence, with a capital letter."""
        words = " ".join(
            p.strip()
            for p in (self.direction, self.metric, self.object_of_control, self.context)
            if p and p.strip()
        )
        return words[:1].upper() + words[1:] if words else ""

    def check(self) -> OutcomeCheck:
        """Run the checker on the assembled sentence."""
        return check_outcome_statement(self.text)

    @classmethod
    def from_text(cls, text: str) -> OutcomeStatement:
        """Split free text into the four parts the checker finds (missing parts are empty)."""
        c = check_outcome_statement(text)
        return cls(c.direction or "", c.metric or "", c.object_of_control or "", c.context or "")


def findings_frame(statements: dict[str, str]) -> pd.DataFrame:
    """One row per statement with the checker's verdict and what is missing (for coaches and grading)."""
    import pandas as pd

    rows = []
    for key, text in statements.items():
        c = check_outcome_statement(text)
        rows.append(
            {
                "measure": key,
                "statement": c.text,
                "parts found": c.parts_found,
                "well formed": c.well_formed,
                "customer's words": c.customer_words,
                "what is missing": " ".join(c.missing) or "nothing",
            }
        )
    return pd.DataFrame(rows)


def dashboard_table() -> pd.DataFrame:
    """Kestrel's dashboard as a participant reads it: measure, today, target, owner, kind."""
    import pandas as pd

    d = dashboard()

    def show(v: float, unit: str) -> str:
        n = f"{v:,.0f}"
        if unit == "£":
            return f"£{n}"
        if unit == "£m":
            return f"£{n}m"
        if unit == "points":  # NPS runs from −100 to +100: always signed
            return f"{'+' if v > 0 else '−' if v < 0 else ''}{abs(v):,.0f} points"
        return f"{n}%" if unit == "%" else f"{n} {unit}"

    return pd.DataFrame(
        {
            "Measure": d["name"],
            "Today": [show(v, u) for v, u in zip(d["value"], d["unit"], strict=True)],
            "Target": [show(v, u) for v, u in zip(d["target"], d["unit"], strict=True)],
            "Owner": d["owner"],
            "Kind": d["kind"],
        }
    )


def kinds_sentence(measures: list[Measure]) -> str:
    """How many measures are outputs, outcomes and impacts, as one sentence."""
    c = count_by_kind(measures)

    def n(k: str) -> str:
        return f"**{c[k]}** are {k}s" if c[k] != 1 else f"**1** is an {k}"

    return f"Of the {sum(c.values())} measures, {n('output')}, {n('outcome')} and {n('impact')}."
