"""Outputs versus outcomes: the measure model and the language checks shared by later lessons.

Pure model: plain Python (and pandas where a table helps); no widget imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING

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


# Words that sound like a measure but carry none (CONCEPTS.md §4).
WEASEL_WORDS: tuple[str, ...] = (
    "fast",
    "faster",
    "quick",
    "quickly",
    "efficient",
    "efficiently",
    "effective",
    "effectively",
    "timely",
    "seamless",
    "seamlessly",
    "world-class",
    "world class",
    "best-in-class",
    "best in class",
    "easy",
    "easier",
    "simple",
    "smooth",
    "excellent",
    "great",
    "better",
    "improved",
    "optimal",
    "optimised",
    "optimized",
    "robust",
    "leading",
    "innovative",
    "customer-centric",
    "hassle-free",
    "frictionless",
    "delight",
    "delightful",
)

_WEASEL_RE = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(w) for w in sorted(WEASEL_WORDS, key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)


def find_weasel_words(text: str) -> list[str]:
    """The weasel words in text, lower-cased, in order of appearance, without repeats."""
    seen: list[str] = []
    for m in _WEASEL_RE.finditer(text or ""):
        word = m.group(1).lower()
        if word not in seen:
            seen.append(word)
    return seen


# --------------------------------------------------------------------------
# The measure bank (package data: cxkit/data/outcomes/measures.csv)
# --------------------------------------------------------------------------

DATA_DIR = "data/outcomes"
KINDS: tuple[str, ...] = tuple(k.value for k in MeasureKind)


class MeasureBankError(ValueError):
    """The measure bank's data file is malformed; the message names the file, row and field."""


@dataclass(frozen=True)
class BankedMeasure(Measure):
    """A measure from the bank, with whether it is used in the lesson or kept for the exercise."""

    use: str = "lesson"  # "lesson" or "exercise"


def read_package_csv(name: str) -> list[dict[str, str]]:
    """Rows of a CSV file shipped in cxkit/data/outcomes/, as dictionaries."""
    import csv
    import io
    from importlib.resources import files

    text = (files("cxkit") / DATA_DIR / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


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
    return parse_measure_rows(read_package_csv("measures.csv"), f"cxkit/{DATA_DIR}/measures.csv")


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


def dashboard() -> pd.DataFrame:
    """Kestrel Mutual's current monthly dashboard: each measure with its value, target and kind."""
    import pandas as pd

    df = pd.DataFrame(list(_dashboard_rows()))
    df["value"] = df["value"].astype(float)
    df["target"] = df["target"].astype(float)
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
# (after Ulwick's outcome-driven innovation), said in the customer's words.
# The part-finders below are public so that later checkers (SMART needs) reuse them.
# --------------------------------------------------------------------------

MAX_STATEMENT_CHARS = 2_000  # a statement is one sentence; longer text is cut before checking

_UNITS = (
    r"seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|working days?|weeks?|months?|years?"
    r"|%|per ?cent|percent|calls?|contacts?|times|steps?|visits?|people|points?|£|pounds?"
)
_NUMBER = r"(?:\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|a hundred)"
_NUMBER_UNIT_RE = re.compile(
    rf"(?:£\s?\d+(?:[.,]\d+)?|\b{_NUMBER}\s?(?:{_UNITS})(?![\w])|\b\d+(?:[.,]\d+)?\s?%)", re.I
)
_TIME_BOUND_RE = re.compile(
    rf"\b(?:within|in under|in less than|under|by|no later than|before)\s+(?:the\s+)?"
    rf"(?:{_NUMBER}\s?(?:seconds?|minutes?|hours?|(?:working )?days?|weeks?|months?|years?)"
    r"|(?:end of|next)\s+\w+|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|(?:january|february|march|april|may|june|july|august|september|october|november|december)"
    r"|renewal|my renewal)\b"
    rf"|\b{_NUMBER}\s?(?:seconds?|minutes?|hours?|(?:working )?days?|weeks?|months?)\s+(?:of|after|from)\b",
    re.I,
)

_DIRECTION_RE = re.compile(
    r"\b(?P<down>minimi[sz]e|reduce|decrease|lower|cut|shorten|halve|fewer|less(?!\s+than)|eliminate|avoid)\b"
    r"|\b(?P<up>increase|maximi[sz]e|raise|grow|boost|double|more(?!\s+than))\b"
    rf"|\b(?P<limit>within\s+{_NUMBER}(?:\s?(?:{_UNITS})(?![\w]))?|no more than|no later than|at most|at least|in under|under\s+{_NUMBER}"
    rf"|fewer than|less than|more than|below\s+{_NUMBER}|above\s+{_NUMBER}|first time)\b",
    re.I,
)
_VAGUE_DIRECTION_RE = re.compile(
    r"\b(improve[sd]?|improving|enhance[sd]?|optimi[sz]e[sd]?|better|transform|drive|ensure)\b",
    re.I,
)
_METRIC_RE = re.compile(
    r"\b(?P<time>(?:the\s+)?(?:amount of\s+)?time(?:\s+(?:it\s+takes|taken|spent))?|how long|duration"
    r"|(?:the\s+)?(?:number of\s+)?(?:days|hours|minutes|weeks)|(?:the\s+)?wait(?:ing)?(?:\s+time)?|delays?)\b"
    r"|\b(?P<count>(?:the\s+)?number of(?:\s+times)?|how many(?:\s+times)?|how often|(?:the\s+)?frequency"
    r"|(?:the\s+)?count of)\b"
    r"|\b(?P<likelihood>(?:the\s+)?(?:likelihood|chance|probability|risk)|(?:the\s+)?(?:share|percentage|proportion) of"
    r"|whether)\b"
    r"|\b(?P<amount>(?:the\s+)?(?:cost|amount|effort|money)(?:\s+(?:of|it takes|I spend|I pay))?)\b",
    re.I,
)
# Where a context clause starts (when or where the outcome applies).
_CONTEXT_RE = re.compile(
    r"\b(?:after|when|whenever|while|during|before|following|once|if|in the event of|at renewal"
    r"|as soon as|from the moment|each time|every time|throughout|at the scene|on the day)\b"
    r"|(?:(?<=days )|(?<=hours )|(?<=weeks )|(?<=minutes )|(?<=day )|(?<=hour ))of(?=\s+(?:an?|my|the)\s)",
    re.I,
)
_LEADING_CONTEXT_RE = re.compile(
    r"^\s*(?:after|when|whenever|while|during|before|following|once|if|in the event of|at renewal)\b[^,]*,",
    re.I,
)
# Words and phrases that describe what the firm does rather than what the customer gets.
_WORK_NOUNS = (
    r"(?:calls?|claims?|emails?|letters?|tickets?|cases?|files?|queries|query|enquir(?:y|ies)|complaints?"
    r"|requests?|applications?|policies|quotes?|surveys?|updates?|documents?|experience|service|contacts?)"
)
# Always the firm's view: its people, its jargon, work items it processes.
_FIRM_ACTIVITY_RE = re.compile(
    r"\b(?:our (?:customers?|clients?|team|staff|agents|people|process|processes|service|services|targets?|kpis?))\b"
    r"|\b(?:agents?|staff|handlers?|employees|advisers?|advisors?|operators?|headcount)\b"
    r"|\b(?:the (?:team|company|business|department|firm|contact cent(?:re|er)|call cent(?:re|er)))\b"
    rf"|\b{_WORK_NOUNS}\s+(?:answered|handled|processed|closed|sent|issued|resolved|logged|registered"
    r"|completed|posted|received)\b"
    r"|\b(?:handl(?:e|ed|es|ing)|process(?:ed|es|ing)?|issu(?:e|ed|es|ing)|log(?:ged|ging)?"
    r"|register(?:ed|ing|s)?|dispatch(?:ed|ing)?)\b"
    r"|\b(?:aht|throughput|productivity|utili[sz]ation|occupancy|service level|sla"
    r"|per (?:agent|handler|adviser|advisor|fte)|calls? per hour|kpis?|containment)\b",
    re.I,
)
# The firm's view only when no customer is speaking: a customer may also "send" or "close" things,
# and says "we" for their household.
_FIRM_UNLESS_CUSTOMER_RE = re.compile(
    r"\b(?:we|us)\b"
    r"|\b(?:answer(?:ed|ing|s)?|deliver(?:ed|ing|s)?|respond(?:ed|ing)? to|sen[dt]|close[sd]?|closing|provid(?:e|ed|ing))"
    rf"\s+(?:\S+\s+){{0,3}}?{_WORK_NOUNS}\b",
    re.I,
)
_CUSTOMER_VOICE_RE = re.compile(
    r"\b(?:i|my|me|mine|myself|i'm|i've|i'd|i'll)\b|\b(?:our (?:home|house|car|family|children|kids))\b",
    re.I,
)
_THIRD_PERSON_RE = re.compile(
    r"\b(?:the customer'?s?|customers'?|the client'?s?|clients'?|policyholders?'?|users?'?|the caller'?s?|callers'?)\b",
    re.I,
)
_FILLER_EDGE_RE = re.compile(
    r"^(?:(?:it\s+takes|taken|spent|it\s+takes\s+me|for\s+me|to|of|for|that|on|in|with|by)\s+)+"
    r"|(?:\s+(?:to|of|for|that|and|the|a|an|by))+$",
    re.I,
)
_STOPWORDS = frozenset(
    (
        "a",
        "an",
        "the",
        "to",
        "of",
        "for",
        "that",
        "on",
        "in",
        "with",
        "by",
        "and",
        "or",
        "it",
        "is",
        "be",
        "i",
        "my",
        "me",
        "we",
        "our",
        "us",
        "you",
        "your",
        "this",
        "these",
        "those",
        "its",
        "at",
        "as",
        "from",
    )
)


@dataclass(frozen=True)
class Finding:
    """One thing the checker noticed: a code, whether it is a problem, and a plain-language message."""

    code: str  # direction, metric, object, context, weasel, firm-activity, customer-words, vague, empty
    ok: bool
    message: str


@dataclass(frozen=True)
class OutcomeCheck:
    """What the checker found in one outcome statement."""

    text: str
    direction: str | None
    direction_sense: str | None  # "decrease", "increase" or "limit"
    metric: str | None
    object_of_control: str | None
    context: str | None
    weasel_words: tuple[str, ...]
    firm_activity: tuple[str, ...]
    customer_words: bool
    findings: tuple[Finding, ...] = field(default=())

    @property
    def parts_found(self) -> int:
        """How many of the four parts (direction, metric, object, context) were found."""
        parts = (self.direction, self.metric, self.object_of_control, self.context)
        return sum(p is not None for p in parts)

    @property
    def well_formed(self) -> bool:
        """All four parts, no weasel words, and about the customer's result, not the firm's activity."""
        return self.parts_found == 4 and not self.weasel_words and not self.firm_activity

    @property
    def missing(self) -> list[str]:
        """What is missing or wrong, in plain language (empty when the statement is well formed)."""
        return [f.message for f in self.findings if not f.ok]

    @property
    def summary(self) -> str:
        """One line for the participant."""
        if not self.text:
            return "Not answered yet: type an outcome statement."
        if self.well_formed and self.customer_words:
            return "Well formed: all four parts, in the customer's words."
        if self.well_formed:
            return "All four parts are there. Now say it the way the customer would."
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


def _clean(text: object) -> str:
    if not isinstance(text, str):
        return ""
    text = " ".join(text.split())[:MAX_STATEMENT_CHARS]
    return text.strip().rstrip(".!;").strip().strip("\"'“”‘’").strip()


def find_direction(text: str) -> tuple[str, str] | None:
    """The direction phrase and its sense ('decrease', 'increase' or 'limit'), or None."""
    m = _DIRECTION_RE.search(text or "")
    if not m:
        return None
    sense = next(k for k in ("down", "up", "limit") if m.group(k))
    return m.group(0), {"down": "decrease", "up": "increase", "limit": "limit"}[sense]


def find_vague_direction(text: str) -> str | None:
    """A word that points nowhere in particular ('improve', 'enhance', 'optimise'), or None."""
    m = _VAGUE_DIRECTION_RE.search(text or "")
    return m.group(0) if m else None


def find_numbers_with_units(text: str) -> list[str]:
    """Numbers with a unit or a percent sign ('3 days', '80%', '£50', 'two calls'), in order."""
    return [m.group(0).strip() for m in _NUMBER_UNIT_RE.finditer(text or "")]


def has_number_or_unit(text: str) -> bool:
    """Whether the text holds a number with a unit, or a percentage, that makes it measurable."""
    return bool(_NUMBER_UNIT_RE.search(text or ""))


def has_time_bound(text: str) -> bool:
    """Whether the text sets a time limit ('within 3 days', 'by Friday', '48 hours after')."""
    return bool(_TIME_BOUND_RE.search(text or ""))


def find_metric(text: str) -> str | None:
    """The metric phrase (time, number, likelihood or amount), or a number with a unit, or None."""
    m = _METRIC_RE.search(text or "")
    if m:
        return m.group(0)
    nums = find_numbers_with_units(text)
    return nums[0] if nums else None


def describes_firm_activity(text: str) -> list[str]:
    """Phrases that describe what the firm does ('calls answered', 'our agents', 'AHT'), in order."""
    t = text or ""
    matches = list(_FIRM_ACTIVITY_RE.finditer(t))
    if not re.search(r"\b(?:i|my|me|i'm|i've)\b", t, re.I):
        matches += list(_FIRM_UNLESS_CUSTOMER_RE.finditer(t))
    found: list[str] = []
    for m in sorted(matches, key=lambda m: m.start()):
        if m.group(0).lower() not in (p.lower() for p in found):
            found.append(m.group(0))
    return found


def in_customer_words(text: str) -> bool:
    """Whether the statement is said as the customer would say it (I, my, me), not about them."""
    t = text or ""
    return bool(_CUSTOMER_VOICE_RE.search(t)) and not _THIRD_PERSON_RE.search(t)


def find_context(text: str, after: int = 0) -> tuple[str, int] | None:
    """The context clause (when or where the outcome applies) and where it starts, or None."""
    t = text or ""
    lead = _LEADING_CONTEXT_RE.match(t)
    if lead:
        return lead.group(0).strip().rstrip(","), 0
    m = _CONTEXT_RE.search(t, after)
    if not m:
        return None
    clause = t[m.start() :].strip()
    # A bare marker ("... after") is not a context.
    return (clause, m.start()) if len(clause.split()) >= 2 else None


def _object_of_control(text: str, spans: list[tuple[int, int]]) -> str | None:
    """What is left once direction, metric and context are taken out, if it says something."""
    keep = []
    pos = 0
    for start, end in sorted(spans):
        if start > pos:
            keep.append(text[pos:start])
        pos = max(pos, end)
    keep.append(text[pos:])
    rest = " ".join(" ".join(keep).replace(",", " ").split())
    for _ in range(3):
        rest = _FILLER_EDGE_RE.sub("", rest).strip()
    content = [w for w in re.findall(r"[\w'’-]+", rest) if w.lower() not in _STOPWORDS]
    return rest if content and len(rest.split()) >= 2 else None


def check_outcome_statement(text: object) -> OutcomeCheck:
    """Find the four parts of an outcome statement, flag weasel words and firm activity, say what is missing."""
    t = _clean(text)
    if not t:
        msg = "Not answered yet: type an outcome statement, e.g. “Minimise the time it takes to get my claim settled after an accident”."
        return OutcomeCheck(
            "", None, None, None, None, None, (), (), False, (Finding("empty", False, msg),)
        )
    spans: list[tuple[int, int]] = []
    d = _DIRECTION_RE.search(t)
    direction = d.group(0) if d else None
    sense = None
    if d:
        spans.append(d.span())
        sense = find_direction(t)[1]
    vague_m = _VAGUE_DIRECTION_RE.search(t)
    if vague_m and not d:
        spans.append(vague_m.span())  # keep "improve" out of the object of control
    mm = _METRIC_RE.search(t)
    metric = None
    if mm:
        metric = mm.group(0)
        spans.append(mm.span())
    else:
        num = _NUMBER_UNIT_RE.search(t)
        if num:
            metric = num.group(0).strip()
            spans.append(num.span())
    after = max((e for _s, e in spans), default=0)
    ctx = find_context(t, after)
    context = None
    if ctx:
        context = ctx[0]
        start = ctx[1]
        lead = _LEADING_CONTEXT_RE.match(t) if start == 0 else None
        spans.append((0, lead.end()) if lead else (start, len(t)))
    obj = _object_of_control(t, spans)
    weasels = tuple(find_weasel_words(t))
    firm = tuple(describes_firm_activity(t))
    voice = in_customer_words(t)
    vague = find_vague_direction(t)

    f: list[Finding] = []
    if direction:
        f.append(Finding("direction", True, f"Direction: “{direction}”."))
    elif vague:
        f.append(
            Finding(
                "direction",
                False,
                f"“{vague}” does not say which way the measure should move: start with "
                "“Minimise” or “Increase”, or give a limit such as “within 3 days”.",
            )
        )
    else:
        f.append(
            Finding(
                "direction",
                False,
                "Say which way it should move: start with “Minimise” or “Increase”, "
                "or give a limit such as “within 3 days”.",
            )
        )
    if metric:
        f.append(Finding("metric", True, f"Metric: “{metric}”."))
    else:
        f.append(
            Finding(
                "metric",
                False,
                "Say what you would measure: the time it takes, the number of times, "
                "or the likelihood of something.",
            )
        )
    if obj:
        f.append(Finding("object", True, f"Object of control: “{obj}”."))
    else:
        f.append(
            Finding(
                "object",
                False,
                "Say what the customer is trying to get done, e.g. “to get my claim settled”.",
            )
        )
    if context:
        f.append(Finding("context", True, f"Context: “{context}”."))
    else:
        f.append(
            Finding(
                "context",
                False,
                "Say when or where it applies, e.g. “after an accident” or “when I renew my policy”.",
            )
        )
    for wword in weasels:
        f.append(
            Finding(
                "weasel",
                False,
                f"“{wword}” sounds like a measure but carries none: replace it with a time, "
                "a number or a likelihood.",
            )
        )
    if firm:
        shown = ", ".join(f"“{p}”" for p in firm[:3])
        f.append(
            Finding(
                "firm-activity",
                False,
                f"This describes what the firm does ({shown}), not the result the customer gets. "
                "Say what the customer ends up with.",
            )
        )
    if voice:
        f.append(Finding("customer-words", True, "Said in the customer's words."))
    else:
        f.append(
            Finding(
                "customer-words",
                False,
                "Say it the way the customer would: “my claim”, not “the customer's claim”.",
            )
        )
    return OutcomeCheck(t, direction, sense, metric, obj, context, weasels, firm, voice, tuple(f))


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
