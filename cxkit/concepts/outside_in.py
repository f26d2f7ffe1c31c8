"""Outside-In versus Inside-Out: the sorting bank and the customer's journey as lived.

Pure model: plain Python; no widget imports. Data ships in cxkit/data/outcomes/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from cxkit.concepts.outcomes.measures import read_package_csv


class View(str, Enum):
    """Which way a statement faces: from the firm's functions out, or from the customer's outcome in."""

    INSIDE_OUT = "inside-out"
    OUTSIDE_IN = "outside-in"


VIEWS: tuple[str, ...] = tuple(v.value for v in View)


@dataclass(frozen=True)
class ViewStatement:
    """A statement or initiative to sort, with its view and why."""

    id: str
    text: str
    view: View
    why: str


class StatementBankError(ValueError):
    """The statement bank's data file is malformed; the message names the line and field."""


@lru_cache(maxsize=1)
def _statements() -> tuple[ViewStatement, ...]:
    out = []
    for n, row in enumerate(read_package_csv("inside_out_statements.csv"), start=2):
        if row.get("view") not in VIEWS:
            raise StatementBankError(
                f"cxkit/data/outcomes/inside_out_statements.csv line {n}: view "
                f"{row.get('view')!r} must be one of {VIEWS}."
            )
        out.append(ViewStatement(row["id"], row["text"], View(row["view"]), row["why"]))
    return tuple(out)


def statement_bank() -> list[ViewStatement]:
    """Every inside-out / outside-in statement, in the order of the data file."""
    return list(_statements())


def statement(statement_id: str) -> ViewStatement:
    """The statement with this id; KeyError names it if unknown."""
    for s in _statements():
        if s.id == statement_id:
            return s
    raise KeyError(f"The statement bank has no statement with id {statement_id!r}.")


def sorting_set(n: int = 10) -> list[ViewStatement]:
    """A balanced, interleaved set of n statements for the sorting exercise (same order every run)."""
    return _interleave(_statements())[:n]


def _interleave(statements: tuple[ViewStatement, ...] | list[ViewStatement]) -> list[ViewStatement]:
    # Alternate the views, swapping every other pair, so no answer pattern can be guessed.
    inside = [s for s in statements if s.view is View.INSIDE_OUT]
    outside = [s for s in statements if s.view is View.OUTSIDE_IN]
    mixed: list[ViewStatement] = []
    for a, b in zip(inside, outside, strict=False):
        mixed.extend((b, a) if len(mixed) % 4 == 2 else (a, b))
    return mixed


def exercise_statements() -> list[ViewStatement]:
    """The statements kept back for the graded exercise: those not in the lesson's sorting set."""
    practised = {s.id for s in sorting_set(10)}
    return _interleave([s for s in _statements() if s.id not in practised])


def exercise_key() -> dict[str, str]:
    """The answer key for the graded sorting exercise: statement id -> view."""
    return {sid: v["label"] for sid, v in exercise_key_with_reasons().items()}


def exercise_key_with_reasons() -> dict[str, dict[str, str]]:
    """The sorting key with each statement's reason: id -> {"label": view, "why": ...}."""
    return {s.id: {"label": s.view.value, "why": s.why} for s in exercise_statements()}


def normalise_view(answer: object) -> str | None:
    """A view from a participant's answer ('Inside-Out', 'outside in'), or None."""
    if isinstance(answer, View):
        return answer.value
    if isinstance(answer, str):
        a = answer.strip().lower().replace(" ", "-")
        if a in VIEWS:
            return a
    return None


@dataclass(frozen=True)
class SortFeedback:
    """Right or not for one sorted statement, with the reason."""

    statement_id: str
    answer: str | None
    correct_view: str
    correct: bool
    message: str


def sort_feedback(statement_id: str, answer: object) -> SortFeedback:
    """Judge one statement's sorting and explain the view in the lesson's words."""
    s = statement(statement_id)
    given = normalise_view(answer)
    right = s.view.value
    label = {"inside-out": "Inside-Out", "outside-in": "Outside-In"}
    if given is None:
        return SortFeedback(s.id, None, right, False, "Choose Inside-Out or Outside-In.")
    if given == right:
        return SortFeedback(s.id, given, right, True, f"Right: {label[right]}. {s.why}")
    return SortFeedback(s.id, given, right, False, f"Not quite: this is {label[right]}. {s.why}")


def score_sorting(answers: dict[str, object], statement_ids: list[str]) -> tuple[int, int]:
    """(right, answered) for these statements; blanks and unknown answers are not counted as answered."""
    right = answered = 0
    for sid in statement_ids:
        fb = sort_feedback(sid, (answers or {}).get(sid))
        if fb.answer is not None:
            answered += 1
            right += fb.correct
    return right, answered


# --------------------------------------------------------------------------
# The customer's journey as lived (seed 004: lives are messy, most of it happens between contacts)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class JourneyStep:
    """One thing that happened in the customer's claim, and whether Kestrel was part of it."""

    day: int
    what: str
    with_kestrel: bool
    kestrel_step: str  # the step in Kestrel's own process map, or "" if it has none


@lru_cache(maxsize=1)
def claim_journey() -> tuple[JourneyStep, ...]:
    """Sam's motor claim, day by day, as Sam lived it (the case company's worked example)."""
    return tuple(
        JourneyStep(int(r["day"]), r["what"], r["with_kestrel"] == "yes", r["kestrel_step"])
        for r in read_package_csv("claim_journey.csv")
    )


def kestrel_process() -> list[str]:
    """Kestrel's claim process as its own process map draws it: five neat steps."""
    return [s.kestrel_step for s in claim_journey() if s.kestrel_step]


def share_outside_contacts(journey: tuple[JourneyStep, ...] | list[JourneyStep]) -> float:
    """The share of the customer's steps that happen with no contact with the firm."""
    steps = list(journey)
    return sum(not s.with_kestrel for s in steps) / len(steps) if steps else 0.0


def unplanned_contacts(journey: tuple[JourneyStep, ...] | list[JourneyStep]) -> list[JourneyStep]:
    """Contacts with the firm that are not a step in its process map: chasing, repeats, confusion."""
    return [s for s in journey if s.with_kestrel and not s.kestrel_step]


# --------------------------------------------------------------------------
# The inside-out rewrite (exercise 01): does it start from the customer's outcome?
# --------------------------------------------------------------------------


def rewrite_choices() -> list[ViewStatement]:
    """The Inside-Out initiatives exercise 01 offers to rewrite (from the lesson's practice set)."""
    return [s for s in sorting_set(10) if s.view is View.INSIDE_OUT]


@dataclass(frozen=True)
class RewriteCheck:
    """What the language core finds in an outside-in rewrite; every quote is the writer's own words."""

    text: str
    words: int
    outcome: (
        str | None
    )  # a sentence that states the customer's result (an outcome statement or need)
    firm_first: str | None  # the firm's activity, when the rewrite opens with it
    measure: str | None  # something countable or timed
    weasels: tuple[str, ...]
    messages: tuple[str, ...]
    initiative: str | None = None  # the Inside-Out initiative the writer names (not judged)


_CONTENT_RE = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    {"the", "a", "an", "and", "or", "of", "to", "for", "in", "on", "by", "with", "our", "we"}
    | {"will", "every", "each", "its", "it", "is", "are", "be", "this", "that", "from", "as", "at"}
)
# Words that introduce the initiative being rewritten: "I chose", "Initiative:", "Original:" …
_LEAD_IN_MAX_WORDS = 8
# Labels before the rewrite itself ("Outside in:", "Rewritten from the outside in,"): not content.
_LABEL_RE = re.compile(
    r"^\s*(?:(?:my\s+|the\s+)?(?:outside[- ]in|rewrite|rewritten|new)(?:\s+(?:version|rewrite|"
    r"view|from the outside[- ]in))?|from the outside[- ]in|instead|after)\s*[:,–—-]\s*",
    re.I,
)
_QUOTES = "\"'“”‘’«»"
# A first sentence that announces the initiative in the writer's words ("Inside-out: our new app
# lets customers …", "I chose the new app …") names it; the rewrite is what follows.
_NAMING_RE = re.compile(
    r"^\s*(?:inside[- ]out(?:\s+(?:version|initiative))?|before|original|(?:the\s+|my\s+)?"
    r"(?:chosen\s+)?initiative(?:\s+i\s+(?:chose|picked))?(?:\s+is)?|i\s+(?:chose|picked|took))"
    r"\b\s*[:,–—-]?",
    re.I,
)


def _content_words(text: str) -> list[str]:
    return [w for w in _CONTENT_RE.findall(text.lower()) if w not in _STOP]


def _named_initiative(text: str, choices) -> tuple[str | None, tuple[int, int] | None]:
    """The initiative the text names (quoted or nearly word for word) and where, or (None, None)."""
    for c in choices:
        words = _CONTENT_RE.findall(c.text.lower())
        m = re.search(r"\W+".join(map(re.escape, words)), text, re.I)
        if m:
            return c.text, (m.start(), m.end())
    # Named in part or paraphrased: a short sentence made mostly of an initiative's words (a
    # long sentence that shares them is the writer's own argument, and is judged).
    for sm in re.finditer(r"[^.!?\n]+[.!?]?", text):
        said = _content_words(sm.group(0))
        for c in choices:
            want = set(_content_words(c.text))
            shared = set(said) & want
            short = len(said) <= len(want) + 3
            if short and len(shared) >= 3 and len(shared) >= 0.6 * len(want):
                return c.text, (sm.start(), sm.end())
    first = re.match(r"[^.!?\n]+[.!?]?", text)
    if first and _NAMING_RE.match(first.group(0)) and text[first.end() :].strip():
        named = _NAMING_RE.sub("", first.group(0), count=1).strip(_QUOTES + " .")
        return named or None, (first.start(), first.end())
    return None, None


def _without_initiative(text: str, span: tuple[int, int]) -> str:
    """The text with the named initiative taken out, with its quotes and a short lead-in."""
    a, b = span
    while b < len(text) and (text[b] in _QUOTES or text[b] in ".!?"):
        b += 1
    while a > 0 and text[a - 1] in _QUOTES + " ":
        a -= 1
    head = text[:a]
    cut = max(head.rfind(ch) for ch in ".!?\n") + 1
    lead = head[cut:]
    if len(lead.split()) <= _LEAD_IN_MAX_WORDS:  # "I chose", "The initiative I picked is"
        head = head[:cut]
    rest = text[b:].lstrip(" ,;:–—-")
    if rest[:1].islower() and head.strip() == "":  # "… becomes: I want" → a sentence
        rest = rest[:1].upper() + rest[1:]
    return f"{head.rstrip()} {rest}".strip()


def _quote(words: str) -> str:
    """The writer's words in curly quotes, without their own closing full stop ('“… hour”')."""
    return f"“{words.strip().rstrip('.!?;:,').rstrip()}”"


def check_rewrite(text: object, min_words: int = 30, initiatives=None) -> RewriteCheck:
    """Read an outside-in rewrite: customer's outcome first, the firm's change after, something measurable.

    The exercise asks the writer to name the Inside-Out initiative they rewrite, so naming it
    (quoted, after "I chose …", or nearly word for word) is recognised and left out before the
    rewrite is judged: only the writer's own framing counts for "starts from the outcome", and
    a number inside the initiative (e.g. "30 seconds") is not their measure.
    """
    from cxkit.concepts.outcomes import language as lang

    t = lang.prepare(text)
    n = len(t.split())
    if not t:
        return RewriteCheck("", 0, None, None, None, (), ("Not answered yet.",))
    choices = rewrite_choices() if initiatives is None else list(initiatives)
    named, span = _named_initiative(t, choices)
    own = _without_initiative(t, span) if span else t
    sentences = [m.group(0).strip() for m in re.finditer(r"[^.!?\n]+[.!?]?", own)]
    sentences = [_LABEL_RE.sub("", s).strip(_QUOTES + " ") for s in sentences]
    sentences = [s for s in sentences if s and re.search(r"\w", s)]
    outcome = firm_first = measure = None
    for i, s in enumerate(sentences):
        o = lang.analyse_outcome(s)
        need = lang.analyse_need(s)
        customer = bool(
            re.search(r"\b(?:i|my|me|customers?|policyholders?|drivers?|they|their)\b", s, re.I)
        )
        if (
            outcome is None
            and not o.firm
            and not o.outputs
            and customer
            and (o.verdict != "bad" or need.letters["measurable"] or o.metric is not None)
        ):
            outcome = s
        if i == 0 and (o.firm or o.outputs):
            firm_first = (o.firm or o.outputs)[0].text
        if measure is None:
            mt = lang.find_metric(s)
            nums = lang.find_numbers(s)
            bounds = lang.find_time_bounds(s)
            hit = mt or (nums[0] if nums else None) or (bounds[0] if bounds else None)
            if hit is not None:
                measure = hit.text
    weasels = tuple(dict.fromkeys(w.text.lower() for w in lang.find_weasels(own)))
    msgs: list[str] = []
    if n < min_words:
        msgs.append(f"{n} words so far; a few sentences ({min_words}+ words) are expected.")
    else:
        msgs.append(f"Answered ({n} words).")
    if named:
        msgs.append(f"The initiative you rewrite: {_quote(named)}.")
    elif choices:
        msgs.append("Suggestion: say which of Kestrel's Inside-Out initiatives you rewrote.")
    if outcome:
        msgs.append(f"Starts from the customer's outcome: {_quote(outcome)} ✓")
    else:
        msgs.append(
            "Suggestion: say first what the customer wants to get done, in their words "
            "(“I …”, “my …”), then what Kestrel would change."
        )
    if firm_first:
        msgs.append(
            f"Your rewrite opens with the firm's activity ({_quote(firm_first)}); "
            "lead with the customer's result."
        )
    if measure:
        msgs.append(f"Measurable: {_quote(measure)} ✓")
    else:
        msgs.append(
            "Suggestion: name how Kestrel would know the outcome improved (a time, a count or a likelihood)."
        )
    if weasels:
        msgs.append(f"Weasel words to replace: {', '.join(weasels)}.")
    return RewriteCheck(t, n, outcome, firm_first, measure, weasels, tuple(msgs), named)
