"""The language core every written-answer checker in the kit shares.

Pure Python (``re`` and ``dataclasses`` only): no widgets, no pandas, no downloads.
Each finder returns :class:`Span` objects, real ``(start, end)`` slices of the text it was
given, so every tick a checker shows quotes exactly what the participant wrote.

The rules follow ``CONCEPTS.md`` (outcome statements after Ulwick: direction, metric,
object of control, context; SMART needs; outputs, outcomes and impact) and the labelling
rules in ``cxkit/data/corpus/RULES.md``. They were developed on the corpus's ``dev`` rows
only; ``tests/benchmarks/checker_eval.py`` reports how they do on the ``test`` rows.

No NLP library is used: the spaCy models on the package index are unofficial re-uploads
and a parser would not meet the 5 ms budget per statement; these measured rules do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cxkit.concepts.outcomes.domains import domains_of, off_category

MAX_CHARS = 2_000  # a statement is one sentence; longer text is cut before checking

# --------------------------------------------------------------------------- spans


@dataclass(frozen=True)
class Span:
    """A slice of the participant's text: ``text[start:end] == span.text`` always holds."""

    start: int
    end: int
    text: str
    kind: str = ""  # e.g. "decrease", "time", "purpose", "weasel"

    def __str__(self) -> str:
        return self.text


def _mk(text: str, start: int, end: int, kind: str = "") -> Span | None:
    """A Span for text[start:end], trimmed of spaces and edge punctuation; None if nothing is left."""
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.!?"):
        end -= 1
    if end <= start:
        return None
    return Span(start, end, text[start:end], kind)


def prepare(text: object) -> str:
    """The text a checker works on: a string, cut to MAX_CHARS, outer spaces, quotes and full stop removed."""
    if not isinstance(text, str):
        return ""
    t = text[:MAX_CHARS].strip()
    t = t.strip("\"'“”‘’").strip()
    while t and t[-1] in ".!;":
        t = t[:-1].rstrip()
    return t


_WORD_RE = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def words(text: str) -> list[Span]:
    """Every word of the text as a Span (letters and digits, with inner apostrophes and hyphens)."""
    return list(_words(text or ""))


# Checkers ask the same text the same question several times per keystroke: answer it once.
@lru_cache(maxsize=256)
def _words(text: str) -> tuple[Span, ...]:
    return tuple(Span(m.start(), m.end(), m.group(0), "word") for m in _WORD_RE.finditer(text))


# --------------------------------------------------------------------------- noise

_PLACEHOLDER = (
    r"(?:n\s*/?\s*a|tbd|tbc|todo|to do|see above|see below|as above|lorem ipsum.*|test(?:ing)?"
    r"|xxx+|none|nothing|idk|dunno|blah(?:\s+blah)*|\?+|-+|\.+)"
)
# One placeholder or a few in a row: "n/a - see above", "TBD, tbc".
_PLACEHOLDER_RE = re.compile(rf"^\W*{_PLACEHOLDER}(?:[\W_]+{_PLACEHOLDER})*\W*$", re.I)
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890")


def _is_mash(word: str) -> bool:
    w = word.lower()
    if len(w) >= 3 and len(set(w)) == 1:
        return True
    if len(w) >= 3 and any(w in row or w in row[::-1] for row in _KEYBOARD_ROWS):
        return True
    return len(w) >= 4 and w.isalpha() and w.isascii() and not re.search(r"[aeiouy]", w)


def is_noise(text: str) -> bool:
    """Blank, punctuation only, digits only, a placeholder (n/a, TBD, see above) or keyboard mash."""
    return _is_noise(text or "")


@lru_cache(maxsize=256)
def _is_noise(text: str) -> bool:
    t = text.strip()
    if not t:
        return True
    ws = [w.text for w in words(t)]
    if not any(any(ch.isalpha() for ch in w) for w in ws):
        return True
    if _PLACEHOLDER_RE.match(t):
        return True
    alpha = [w for w in ws if any(ch.isalpha() for ch in w)]
    return all(_is_mash(w) for w in alpha)


# --------------------------------------------------------------------------- weasel words

# Words that sound like a measure but carry none (CONCEPTS.md §4, corpus RULES.md §1.4).
WEASEL_WORDS: tuple[str, ...] = (
    "fast",
    "faster",
    "quick",
    "quickly",
    "speedy",
    "swift",
    "swiftly",
    "prompt",
    "promptly",
    "timely",
    "efficient",
    "efficiently",
    "effective",
    "effectively",
    "seamless",
    "seamlessly",
    "world-class",
    "world class",
    "best-in-class",
    "best in class",
    "hassle-free",
    "stress-free",
    "frictionless",
    "smooth",
    "smoothly",
    "easy",
    "easier",
    "easily",
    "effortless",
    "convenient",
    "great",
    "excellent",
    "optimal",
    "robust",
    "innovative",
    "customer-centric",
    "delightful",
)
_WEASEL_RE = re.compile(
    r"(?<![^\W_])("
    + "|".join(re.escape(w) for w in sorted(WEASEL_WORDS, key=len, reverse=True))
    + r")(?![^\W_])",
    re.I,
)


def find_weasels(text: str) -> list[Span]:
    """Weasel words (also inside hyphenated words such as 'lightning-fast'), in order."""
    return [
        Span(m.start(1), m.end(1), m.group(1), "weasel") for m in _WEASEL_RE.finditer(text or "")
    ]


# --------------------------------------------------------------------------- numbers and time

_MONEY = r"(?:[£$€₹¥]|\b(?:R|Rs\.?|A\$|C\$|S\$|NZ\$|US\$)(?=\s?\d))"
_NUMWORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"
    r"|forty|fifty|sixty|ninety|hundred|a hundred|a thousand|half an?|a single|single|a couple of)"
)
_NUM = rf"(?:\d+(?:[.,:]\d+)*|{_NUMWORD})"
_TIME_UNIT = (
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|(?:working |business |calendar )?days?|nights?"
    r"|weeks?|fortnights?|months?|years?|quarters?)"
)
_NUMBER_RE = re.compile(
    rf"(?:{_MONEY}\s?\d+(?:[.,]\d+)*(?:\s?(?:k|m|bn))?|\b\d+(?:[.,]\d+)*\s?(?:%|per ?cent\b)"
    rf"|\b{_NUM}\b(?:\s+[^\W\d_][\w'’-]*)?|\b(?:once|twice|never|zero|none|no more than|at most"
    rf"|at least|fewer than|less than|a penny|one)\b)",
    re.I,
)


def find_numbers(text: str) -> list[Span]:
    """Numbers with what they count ('3 days', '80%', '£500', 'one visit', 'twice'), in order."""
    out = []
    for m in _NUMBER_RE.finditer(text or ""):
        s = _mk(text, m.start(), m.end(), "number")
        if s:
            out.append(s)
    return out


_DISTANCE = r"(?:miles?|metres?|meters?|km|kms|m|kilomet(?:re|er)s?|yards?|feet|foot|ft)\b"
# What a bound may count that is no time: "within 3 rows of the door", "within 5 miles".
_NOT_TIME = rf"(?:{_DISTANCE}|(?:rows?|seats?|stops?|places?|doors?|streets?|spaces?|items?|people|points?)\b)"
_DURATION_RE = re.compile(
    rf"\b(?:{_NUM}|an?|(?<!during )(?<!in )the)\s*-?\s*{_TIME_UNIT}\b"
    r"(?!\s+(?:trips?|tickets?|pass|passes|rover|returns?|visitors?|out)\b)",  # "a day trip" is no bound
    re.I,
)
_DEADLINE_RE = re.compile(
    r"\b(?:within|in under|in less than|no later than|by|before|until|till)\s+"
    r"(?:\d{1,2}(?:[:.]\d\d)?\s?(?:am|pm|a\.m\.|p\.m\.)(?!\w)|"
    rf"(?:the\s+|my\s+|our\s+|their\s+|a\s+)?(?:{_NUM}\b(?!\s?(?:%|per\s?cent|{_NOT_TIME}))|next\b|end\b|close\b|first\b|same\b|time\b"
    rf"|start\b|\d(?![\d.,]*\s?(?:%|per\s?cent|{_NOT_TIME}))|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may\b|jun|jul|aug|sep|oct|nov|dec"
    r"|today|tomorrow|tonight|midnight|noon|morning|evening|lunchtime|[a-z]+\s+date\b|[a-z]+day\b))"
    r"|\b(?:same[- ](?:day|week)|next[- ]day|overnight(?!\s+(?:coach|coaches|bus|buses|train|trains|ferry|sailing|flights?"
    r"|stays?|parking|bag|service|crossing|journey|trip|route))|tonight|today|tomorrow|in\s+time\s+(?:for|to)|ahead\s+of)\b"
    r"|\bthe\s+same\s+(?:day|evening|morning|afternoon|night|week)\b"
    r"|\bby\s+the\s+(?:weekend|end|close|time|start|morning|evening|afternoon)\b|\bon\s+(?:my|the|our|their)\s+first(?:\s+(?:full\s+|working\s+)?(?:day|night|morning|evening|week|weekend|visit|call|contact|attempt)|\s+of\s+[a-z]+)?\b"
    r"|\bin\s+(?:my|the|our|their)\s+first\s+\w+|\bthe\s+next\s+(?:day|morning|evening|working\s+day|week)\b"
    r"|\bwithin\s+the\s+(?:hour|day|week|month)\b"
    r"|\b(?:after|by|before|until|from)\s+the\s+end\s+of\s+(?:the|this|my|each|every|that)\s+(?:current\s+)?"
    r"(?:day|week|month|quarter|year|term|billing\s+period|contract|notice\s+period)\b"
    r"|\bon\s+the\s+(?:same\s+|first\s+|next\s+)?(?:day|date|night|morning)\b"
    r"(?!\s+(?:sailing|train|flight|bus|coach|ferry|crossing|service|departure|shift|session|class|run))"
    r"|\bon\s+(?:the|its|my|our|their|his|her)\s+[\w'’-]+(?:\s+[\w'’-]+)?\s+date\b"
    r"|\bbefore\s+(?:i|we|they|he|she|you|the|my|our|their|it|his|her|its)\b"
    r"|\bup\s+to\s+(?:\d{1,2}(?:[:.]\d\d)?\s?(?:am|pm)(?!\w)|midnight|noon)"
    r"|\bas\s+(?:late|early)\s+as\s+\d{1,2}(?:[:.]\d\d)?\s?(?:am|pm)(?!\w)"
    r"|\bfrom\s+the\s+moment\s+(?:i|we|they|you|he|she)\s+\w+"
    r"|\buntil\s+(?:my|the|our|their)\s+(?:[\w-]+\s+){0,3}(?:goes|is|are|arrives?|starts?|opens?|ends?|comes?)\b"
    r"|\bfrom\s+the\s+first\s+(?:month|week|day|bill|visit|payment)\b"
    # tied to an event the customer can see happen ("at the time of booking", "on my birthday")
    r"|\bat\s+the\s+time\s+of\s+[\w'’-]+|\bat\s+(?:the|my|our)\s+(?:first|initial)\s+(?:meeting|visit"
    r"|appointment|call|consultation)\b|\bon\s+the\s+agreed\s+(?:day|date)\b"
    r"|\bbefore\s+[\w'’-]+\s+(?:starts?|begins?|ends?|arrives?|opens?|closes?)\b"
    r"|\b(?:in|by|before|during)\s+(?:the\s+end\s+of\s+)?q[1-4]\b"
    r"|\bin\s+the\s+(?:week|month|day|fortnight|days|weeks|hours?)\s+(?:before|after|of|following)\b"
    r"|\bon\s+(?!(?:a|an|any|one|each|every|which|what|that)\b)(?:the\s+)?[a-z-]+\s+day\b"
    r"|\bby\s+the\s+(?:[\w-]+\s+){0,2}day\b|\bon\s+the\s+same\s+(?:visit|trip|call|appointment|journey)\b"
    r"|\b(?:on|in|by|from)\s+(?:my|the|our|their)\s+next\s+(?:bill|statement|invoice|payslip|renewal|pay\s?day)\b"
    r"|\b(?:by|before|until)\s+(?:the\s+)?(?:year|month|quarter|term|week|financial\s+year)[- ]end\b"
    r"|\bbetween\s+\d{1,2}(?:[:.]\d\d)?\s?(?:am|pm)\s+and\s+\d{1,2}(?:[:.]\d\d)?\s?(?:am|pm)"
    r"|\bno\s+(?:earlier|later)\s+than\s+\d{1,2}(?:[:.]\d\d)?\s?(?:am|pm)"
    r"|\bon\s+(?:my|our|their|his|her|the)\s+(?:birthday|wedding\s+day|moving\s+day|anniversary|arrival"
    r"|departure|first\s+day)\b",
    re.I,
)
_PERIOD_RE = re.compile(
    # "per trip" or "for a single trip" says what a price is for, not when
    r"\b(?:each|every)\s+(?:[\w-]+\s+){1,2}?(?:year|month|week|quarter|term|season)\b"
    r"|\b(?:each|every|per|a|an)\s+(?:full\s+|working\s+|calendar\s+|single\s+)?"
    r"(?:day|week|month|year|quarter|fortnight|night|morning|evening|weekend|term|season|renewal"
    r"|winter|summer|spring|autumn|shift|weekday|weekend\s+day|monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september"
    r"|october|november|december)\b(?!\s+(?:trips?|tickets?|pass|passes|rover|returns?|visitors?|out)\b)"
    r"|\b(?:daily|weekly|monthly|yearly|annually|quarterly|nightly)\b|\ball\s+year(?:\s+round)?\b|\byear-round\b"
    r"|\b(?:at|on)\s+(?:the\s+)?weekends?\b|\bweekends\b"
    r"|\bround\s+the\s+clock\b|\b24/7\b"
    r"|\bfor\s+the\s+(?:whole|entire)\s+(?:[\w-]+\s+)?(?:weekend|day|week|month|year|stay|trip|holiday|night|term|season)\b"
    r"|\bfor\s+the\s+first\s+(?:year|month|week|term|quarter|\d+\s+(?:days|weeks|months|years))\b"
    r"|\bthis\s+(?:week|month|year|quarter|winter|summer)\b"
    r"|\bin\s+any\s+(?:day|week|month|year)\b"
    r"|\bat\s+(?:each\s+|every\s+|my\s+|the\s+)?renewal\b"
    r"|\bduring\s+(?:the\s+)?(?:[\w'’-]+\s+)?(?:holidays?|months?|weeks?|season|winter|summer|term)\b",
    re.I,
)


def find_time_bounds(text: str) -> list[Span]:
    """Deadlines, durations, event-tied bounds and periods ('within 3 days of', 'by 16 April', 'each month')."""
    return list(_time_bounds(text or ""))


@lru_cache(maxsize=256)
def _time_bounds(t: str) -> tuple[Span, ...]:
    out = []
    for kind, rx in (
        ("duration", _DURATION_RE),
        ("deadline", _DEADLINE_RE),
        ("period", _PERIOD_RE),
    ):
        for m in rx.finditer(t):
            s = _mk(t, m.start(), m.end(), kind)
            if s:
                out.append(s)
    merged: list[Span] = []
    for s in sorted(out, key=lambda s: (s.start, -s.end)):
        if merged and s.start <= merged[-1].end:  # "within 3" + "3 days" -> "within 3 days"
            last = merged[-1]
            if s.end > last.end:
                merged[-1] = Span(last.start, s.end, t[last.start : s.end], last.kind)
            continue
        merged.append(s)
    return tuple(merged)


# --------------------------------------------------------------------------- direction

_DIRECTION_RE = re.compile(
    r"\b(?P<down>minimi[sz]e[sd]?|minimi[sz]ing|reduce[sd]?|reducing|lower(?:s|ed|ing)?"
    r"|(?<!power )(?<!price )cut(?:s|ting)?(?!\s+off)|decrease[sd]?|decreasing|shorten(?:s|ed|ing)?"
    r"|lessen|halve)\b"
    r"|\b(?P<up>increase[sd]?|increasing|maximi[sz]e[sd]?|maximi[sz]ing|raise[sd]?|raising)\b"
    r"|\b(?P<fewer>fewer|less)\b(?=\s+(?:[\w-]+\s+)?(?:time|money|minutes|hours|days|trips|calls|visits|clicks"
    r"|steps|forms|documents|emails|letters|contacts|times|journeys|miles|fees|waiting|effort)\b)",
    re.I,
)
_VAGUE_DIRECTION_RE = re.compile(
    r"\b(?:improve[sd]?|improving|enhance[sd]?|optimi[sz]e[sd]?|better|transform|ensure|manage"
    r"|track|measure|monitor|deliver|drive)\b",
    re.I,
)
_TARGET_RE = re.compile(
    rf"\b(?:within|in under|under|in less than|no more than|at most|at least|fewer than|less than)\s+{_NUM}"
    rf"(?:\s*(?:%|{_TIME_UNIT}|[a-z]+))?",
    re.I,
)


def find_direction(text: str) -> Span | None:
    """The first direction word (kind 'decrease' or 'increase'): minimise, reduce, increase, fewer..."""
    m = _DIRECTION_RE.search(text or "")
    if not m:
        return None
    kind = "increase" if m.group("up") else "decrease"
    return Span(m.start(), m.end(), m.group(0), kind)


def find_directions(text: str) -> list[Span]:
    """Every direction word, in order."""
    return [
        Span(m.start(), m.end(), m.group(0), "increase" if m.group("up") else "decrease")
        for m in _DIRECTION_RE.finditer(text or "")
    ]


def find_vague_direction(text: str) -> Span | None:
    """A word that points nowhere in particular ('improve', 'track', 'ensure'), or None."""
    m = _VAGUE_DIRECTION_RE.search(text or "")
    return Span(m.start(), m.end(), m.group(0), "vague") if m else None


def find_target(text: str) -> Span | None:
    """A bare target ('within 20 seconds', 'no more than 2 calls'): a bound, not a direction."""
    m = _TARGET_RE.search(text or "")
    return _mk(text, m.start(), m.end(), "target") if m else None


# --------------------------------------------------------------------------- metric

_DET = r"(?:the\s+|my\s+|our\s+|their\s+|his\s+|her\s+|a\s+|an\s+|your\s+)?"
_METRIC_RE = re.compile(
    rf"\b(?P<time>{_DET}(?:total\s+|overall\s+|average\s+)?(?:amount\s+of\s+)?time"
    r"(?:\s+it\s+takes(?:\s+(?:me|us|them|him|her|you))?|\s+taken|\s+spent)?"
    r"|how\s+long(?:\s+it\s+takes(?:\s+(?:me|us|them|him|her|you))?)?"
    rf"|{_DET}number\s+of\s+(?:working\s+|calendar\s+)?(?:days|hours|minutes|weeks|months|nights)"
    rf"|{_DET}(?:minutes|hours|days|weeks)(?:\s+it\s+takes(?:\s+(?:me|us|them))?)?"
    rf"|{_DET}(?:wait|waiting\s+time|delay))\b"
    rf"|\b(?P<count>{_DET}number\s+of|how\s+many|how\s+often|{_DET}frequency\s+(?:of|with\s+which)"
    r"|(?:the\s+)?count\s+of)\b"
    rf"|\b(?P<likelihood>{_DET}(?:likelihood|chances?|probability|risk|odds))\b"
    rf"|\b(?P<share>{_DET}(?:percentage|share|proportion|rate)\s+of)\b"
    rf"|\b(?P<distance>{_DET}distance|how\s+far)\b"
    rf"|\b(?P<effort>{_DET}effort\s+in\s+(?:minutes|time|steps))\b"
    r"|\b(?P<money>(?:the|my|our|their|his|her|your)\s+(?:amount(?:\s+of\s+money)?|fees?|money|cost|costs"
    r"|charges?|price|bill|fare|premium|excess|interest)|(?:fees|money|how\s+much))\b(?!\s+payers?\b)",
    re.I,
)
# After "the number of": the counted noun runs until one of these words.
_COUNT_STOP = frozenset(
    [
        "i",
        "i'm",
        "i've",
        "we",
        "you",
        "he",
        "she",
        "they",
        "it",
        "a",
        "an",
        "the",
        "my",
        "our",
        "your",
        "his",
        "her",
        "their",
        "this",
        "that",
        "these",
        "those",
        "to",
        "of",
        "for",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "before",
        "after",
        "when",
        "while",
        "during",
        "without",
        "between",
        "each",
        "every",
        "needed",
        "required",
        "it's",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "can",
        "could",
        "must",
        "should",
        "will",
        "would",
        "who",
        "which",
        "that's",
        "per",
        "and",
        "or",
        "as",
    ]
)
NON_METRIC_WORDS = (
    "hassle",
    "stress",
    "worry",
    "worries",
    "frustration",
    "pain",
    "bother",
    "inconvenience",
    "confusion",
    "anxiety",
    "confidence",
    "trust",
    "understanding",
    "control",
    "ability",
    "effort",
    "satisfaction",
    "happiness",
    "experience",
    "peace of mind",
)
_NON_METRIC_RE = re.compile(
    rf"\b{_DET}(?:{'|'.join(re.escape(w) for w in NON_METRIC_WORDS)})\b(?!\s+in\s+minutes)", re.I
)


# Customers in the plural: the subject of what follows, never a modifier ("forms | parents complete").
_PEOPLE_PLURALS = (
    r"customers|parents|families|patients|passengers|members|residents|tenants|students|pupils|users"
    r"|clients|guests|owners|drivers|people|households|shoppers|travellers|commuters|callers|applicants"
    r"|claimants|borrowers|savers|carers|donors|buyers|sellers|riders|visitors|learners|citizens"
)
_SUBJECT_PLURALS_RE = re.compile(_PEOPLE_PLURALS, re.I)


def find_metric(text: str, start: int = 0) -> Span | None:
    """The first metric at or after start: time, count, likelihood, share, distance, effort or money."""
    t = text or ""
    m = _METRIC_RE.search(t, start)
    if not m:
        return None
    kind = next(
        k
        for k in ("time", "count", "likelihood", "share", "distance", "effort", "money")
        if m.group(k)
    )
    end = m.end()
    if kind == "count" and re.search(r"number\s+of$|how\s+many$", m.group(0), re.I):
        # take the counted noun: "the number of engineer visits", "how many times"
        for taken, w in enumerate(_WORD_RE.finditer(t, end)):
            if taken >= 3 or w.group(0).lower() in _COUNT_STOP or t[end : w.start()].strip():
                break
            if taken and _SUBJECT_PLURALS_RE.fullmatch(w.group(0)):
                break  # "the number of forms | parents complete": who fills them in starts here
            end = w.end()
    return Span(m.start(), end, t[m.start() : end], kind)


def find_comparative_metric(text: str, direction: Span) -> Span | None:
    """For 'fewer clicks' / 'less time': the noun after the comparative is the metric."""
    m = re.compile(r"\s+([^\W\d_][\w'’-]*)").match(text, direction.end)
    if not m:
        return None
    noun = m.group(1).lower()
    kind = "time" if noun in ("time", "minutes", "hours", "days", "waiting") else "count"
    kind = "money" if noun in ("money", "fees") else kind
    return Span(m.start(1), m.end(1), m.group(1), kind)


def find_non_metric(text: str, start: int = 0) -> Span | None:
    """A feeling or quality nobody can count as written ('the hassle', 'trust', 'the stress')."""
    m = _NON_METRIC_RE.search(text or "", start)
    return _mk(text, m.start(), m.end(), "non-metric") if m else None


# --------------------------------------------------------------------------- context

_CONTEXT_RE = re.compile(
    r"(?P<span>\bbetween\b|\bfrom\s+(?:the\s+(?:moment|time|day)|when|[a-z]+ing\b))"
    r"|(?P<condition>\bwithout\b|\bunless\b|\beven\s+if\b|\bif\b|\bwith\s+no\b|\bwith\s+only\b"
    r"|\bin\s+case\b|\bprovided\s+that\b|\bother\s+than\s+by\b|\bbecause\b|\bdue\s+to\b|\bowing\s+to\b)"
    rf"|(?P<bound>\bwithin\s+(?:{_NUM}\s+)?(?:[\w-]+\s+){{0,2}}?(?:of|after|from)\b|\bbefore\b|\bby\s+the\s+time\b"
    r"|\bon\s+the\s+(?:same\s+)?day\b|\buntil\b|\bno\s+later\s+than\b|\bin\s+time\s+for\b)"
    r"|(?P<circumstance>\boutside\s+(?:[\w-]+\s+)?hours\b|\bout\s+of\s+hours\b|\b(?:after|when|whenever|while|whilst|during|once|following|as\s+soon\s+as"
    r"|in\s+the\s+event\s+of|on\s+arrival|on\s+landing|on\s+(?:my|our|their|the)\s+way"
    r"|(?:each|every)\s+time)\b)"
    rf"|(?P<period>{_PERIOD_RE.pattern}|\bfor\s+the\s+(?:day|week|month|year|quarter)\b|\bin\s+a\s+(?:day|week|month|year)\b"
    r"|\bin\s+the\s+first\s+\w+|\bon\s+a\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|weekday|weekend|working\s+day|bank\s+holiday)\b)"
    r"|(?P<purpose>\b(?:in\s+order\s+)?to\s+(?!be\b|me\b|us\b|you\b|them\b|him\b|her\b|it\b|the\b|a\b|an\b"
    r"|my\b|our\b|your\b|their\b|his\b|its\b|this\b|that\b|one\b|\d|under\b|below\b|above\b|over\b|less\b"
    r"|fewer\b|no\b|zero\b|around\b|about\b|just\b|nil\b|none\b|at\s+most\b|at\s+least\b|within\b)[a-z]+\b"
    r"|\bso\s+(?:that\s+)?(?:i|we|they)\b|\bfor\s+(?:collect|get|buy|pick|renew|open|change|book|pay|see|make|apply)\b"
    # what a trip or a visit is for: "for a routine blood test", "for repeat prescriptions"
    r"|(?<!\bwait\s)(?<!\bwaits\s)(?<!\bwaiting\s)(?<!\bwaited\s)(?<!\bqueue\s)(?<!\bask\s)(?<!\bpay\s)(?<!\bpays\s)"
    r"\bfor\s+(?:(?:a|an|my|our|his|her|their|the|its)\s+)?(?:[\w'’-]+\s+){0,2}?(?:blood\s+tests?|tests?|check-?ups?"
    r"|scans?|x-rays?|jabs?|vaccinations?|boosters?|injections?|prescriptions?|medication|operations?|treatments?"
    r"|dental\s+work|fillings?|eye\s+tests?|mots?|servic(?:e|ing)|repairs?|fittings?|viewings?|inspections?"
    r"|interviews?|exams?|driving\s+tests?|lessons?|grooming|vaccines?|worming|flea\s+treatments?)\b(?!\s+(?:to|is|are)\b))"
    r"|(?P<place>\b(?:at|on|in|across|inside|outside|over)\s+(?:the|a|an|my|our|their|his|her|one|any|your|each|every)\s+"
    r"(?!full\b|time\b|phone\b|same\s+time\b)[\w'’-]+"
    r"|\b(?:abroad|overseas|online|in\s+person|at\s+home|at\s+work|at\s+night|on\s+arrival)\b"
    r"|\bnear\s+(?:the|a|an|my|our|their|his|her|your)\s+[\w'’-]+|\bat\s+(?:\d{1,2}(?:[.:]\d\d)?\s?(?:am|pm)|noon|midnight|rush\s+hour|peak\s+times?)\b"
    r"|\b(?:in|at)\s+(?-i:[A-Z])[\w'’-]+|\bon\s+(?:the\s+)?days?\s+(?:when|that|the|my|i|we)\b)",
    re.I,
)
# A "to" after these words belongs to the object ("I have to send", "needed to get").
_NOT_PURPOSE_BEFORE = re.compile(
    r"\b(?:have|has|had|having|need|needs|needed|want|wants|wanted|able|going|used|ought|got|try|tries"
    r"|trying|takes|take|took|it\s+takes\s+(?:me|us|them|him|her|you)|it\s+takes\s+(?:an?|the|my|each|every)\s+[\w'’-]+|required|asked|allowed"
    r"|expected|due|likely|ready|refer|referred|listen|talk|speak)\s*$",
    re.I,
)


def find_contexts(text: str, start: int = 0) -> list[Span]:
    """Every context marker at or after start, each as a Span from the marker to the end of the text."""
    t = text or ""
    out = []
    for m in _CONTEXT_RE.finditer(t, start):
        kind = m.lastgroup or "context"
        if (
            kind == "purpose"
            and m.group(0).lower().startswith("to")
            and _NOT_PURPOSE_BEFORE.search(t[max(0, m.start() - 30) : m.start()])
        ):
            continue
        if kind == "condition" and re.search(
            r"\b(?:is|are|am|was|were|be|been|being|go|goes|went)\s*$",
            t[max(0, m.start() - 12) : m.start()],
            re.I,
        ):
            continue  # "my home is without power": a state, part of the object
        s = _mk(t, m.start(), len(t), kind)
        if s and len(_WORD_RE.findall(s.text)) >= 2:
            out.append(s)
    return out


# --------------------------------------------------------------------------- who is speaking

_FIRM_VERB_START = re.compile(
    r"^\s*(?:(?:we|i)\s+(?:will|shall|must|should|aim\s+to|want\s+to|plan\s+to|are\s+going\s+to)\s+)?"
    r"(?:to\s+)?(?P<verb>process|settle|answer|send|ship|dispatch|restore|review|train|roll\s+out|read"
    r"|discharge|handle|provide|offer|deliver|empty|complete|install|publish|issue|resolve|log|register"
    r"|respond\s+to|reply\s+to|call\s+back|introduce|launch|implement|deploy|hire|recruit|staff"
    r"|contact\s+(?:every|all|each|the|our)|email\s+(?:every|all|each|our)|upsell|cross-sell|automate"
    r"|digiti[sz]e|streamline|route|triage(?!\s+note)|approve|assess|underwrite|schedule|book\s+(?:every|all)"
    r"|load|unload|restock|replenish|redistribute|rebalance|reposition|sell|(?:sign\s+up|recruit|enrol|onboard|win|acquire)(?=\s+\d)"
    r"|pack|print|collect\s+(?:every|all)|fix\s+(?:every|all|\d)|repair\s+(?:every|all|\d)"
    r"|close\s+(?:every|all|\d|tickets?|cases?)|survey|upgrade\s+(?:every|all|our))\b",
    re.I,
)
# The firm's people, beyond the common ones each pattern lists.
_MORE_STAFF = (
    r"carers|coordinators|planners|schedulers|dispatchers|porters|pharmacists|caseworkers|surveyors"
    r"|inspectors|cleaners|crews|technicians|operatives|officers|controllers|moderators|tutors|midwives"
    r"|paramedics|therapists|stewards|wardens|installers|fitters|riders|couriers|cashiers|clerks|vets"
    r"|dentists|opticians|tutors|instructors|teachers|lawyers|solicitors|accountants|brokers|consultants"
)
_FIRM_ACTORS = (
    r"(?:we|our\s+(?:[\w-]+\s+)?(?:staff|team|teams|handlers?|agents?|advisers?|advisors?|engineers?|people|colleagues"
    r"|systems?|process(?:es)?|branch(?:es)?|contact\s+cent(?:re|er)|call\s+cent(?:re|er)|stores?"
    r"|services?|kpis?|targets?|company|business|department|nurses|doctors|clinicians|crew|drivers"
    r"|administrators?|receptionists?"
    r"|warehouse|underwriters|adjusters|assessors|" + _MORE_STAFF + ")"
    r"|(?:the\s+)?(?:council|company|bank|insurer|firm|business|warehouse|airline|hospital|practice|clinic"
    r"|surgery|ward|library|museum|venue|hotel|gym|centre|center|agency|bureau|charity|trust|club"
    r"|school|store|shop|retailer|network|provider|supplier|operator|utility)"
    r"|(?:the\s+)?(?:[\w-]+\s+)?(?:team|department|desk|centre|center|unit|office|helpdesk)"
    r"|(?:the\s+)?(?:reception|receptionists?|administrators?)|(?:the\s+)?[\w-]+\s+staff"
    r"|staff|agents?|handlers?|advisers?|advisors?|clinicians|nurses|doctors|cabin\s+crew|crew"
    r"|underwriters?|engineers?|adjusters?|assessors?|employees|colleagues|managers?|operators?|"
    + _MORE_STAFF
    + ")"
)
_FIRM_SUBJECT_RE = re.compile(
    rf"^\s*(?P<actor>{_FIRM_ACTORS})\s+(?:will|shall|should|must|to|aims?\s+to|are\s+to|is\s+to"
    r"|needs?\s+to|has\s+to|have\s+to|can|could|would|always|never"
    # a verb, not a noun it names ("Company accounts ready for me to sign")
    r"|[a-z]+s\b(?!\s+(?:[a-z]+ed|ready|due|done|sent|back|made|paid|signed|available|and)\b)"
    r"|reduce|increase|minimi[sz]e|maximi[sz]e|cut|lower|raise|improve|shorten|halve|speed\s+up)\b",
    re.I,
)
# The firm's people doing their work, in the plural: "Our vets call back owners within 24 hours".
_STAFF_AT_WORK_RE = re.compile(
    r"^\s*(?:our|the)\s+(?:[\w-]+\s+)?(?:staff|teams?|agents|advisers|advisors|engineers|handlers|nurses|doctors"
    r"|clinicians|receptionists|administrators|drivers|crews|assessors|adjusters|underwriters|"
    + _MORE_STAFF
    + r")\s+(?:call|ring|phone|send|process|answer|review|visit|check|contact|email|text|book|fix|repair|deliver"
    r"|handle|close|resolve|inspect|issue|respond|reply|complete|clear|collect|see|treat|discharge|assess|approve"
    r"|pick\s+up|get\s+back\s+to|aim|try)\b",
    re.I,
)
_OUR_FIRM_RE = re.compile(
    r"\bour\s+(?:staff|team|teams|handlers?|agents?|advisers?|advisors?|engineers?|people|colleagues"
    r"|systems?|process(?:es)?|contact\s+cent(?:re|er)|call\s+cent(?:re|er)|kpis?|targets?|products?"
    r"|crews?|drivers|nurses|volunteers)\b"
    # the firm's own scores and targets, a word or three in ("our UDA target", "our CX scores")
    r"|\bour\s+(?:[\w-]+\s+){0,3}?(?:targets?|kpis?|slas?|scores|nps|csat|gradings?|ratings?|rankings?|volunteers"
    r"|league\s+tables?|reputation|brand|star\s+ratings?|market\s+share|revenue|margins?|budgets?)\b"
    r"|\bbring\s+(?:[\w-]+\s+){1,5}?down\s+to\b|\b(?:dso|aht)\b"
    r"|\bour\s+(?:[\w-]+\s+)?(?:line|helpline|switchboard)\s+(?:answers|handles|picks\s+up|takes|responds)\b"
    r"|\b(?:is|are|get|gets|being)\s+[a-z]+(?:\s+back)?\s+by\s+(?:a|an|the|our)\s+(?:[\w-]+\s+)?(?:officer|adviser|advisor"
    r"|agent|engineer|nurse|team|clinician|handler|caseworker|warden|inspector)\b"
    r"|\bus\s+(?:running|delivering|answering|sending|processing|fixing|handling|issuing)\b"
    r"|\b(?:clinicians|staff|engineers|advisers|agents|officers|nurses|doctors|the\s+team)\s+(?:take|spend|need)\s+to\b"
    r"|\bit\s+takes\s+(?:us\s+)?to\s+(?:dispatch|allocate|triage|send\s+an?\s+(?:engineer|officer|crew))\b"
    r"|\bour\s+[\w-]+\s+(?:team|staff|crews?|officers|engineers|advisers)\b"
    r"|\b(?:it\s+takes|for)\s+us\s+to\s+(?:process|handle|answer|review|assess|issue|resolve|deal\s+with|respond"
    r"|reply|dispatch|send|approve|register|log|triage|schedule|allocate|acknowledge)\b"
    r"|\bwe\s+(?:send|sent|process|handle|answer|issue|close|resolve|deliver|ship|dispatch|provide"
    r"|offer|review|settle|train|hire|publish|install|will|should|must|shall)\b",
    re.I,
)
# One of the firm's people or resources, a rate is counted per ("per payroll clerk", "per lane").
_PER_STAFF = (
    r"(?:[\w-]+\s+)?(?:agent|clerk|handler|adviser|advisor|staff\s+member|member\s+of\s+staff|employee|fte"
    r"|nurse|doctor|engineer|driver|officer|worker|trainer|teacher|surveyor|inspector|courier|picker|operative"
    r"|technician|caseworker|crew|optometrist|optician|dentist|hygienist|vet|pharmacist|locksmith|stylist"
    r"|therapist|physio|roofer|plumber|electrician|cleaner|carer|warden|marshal|steward|attendant|porter"
    r"|salesperson|accountant|bookkeeper|solicitor|lawyer|dispenser|receptionist|administrator|planner"
    r"|dispatcher|controller|underwriter|assessor|adjuster|broker|negotiator|cashier|teller|instructor|tutor"
    r"|lecturer|examiner|midwife|paramedic|surgeon|physician|consultant|gp|lane|counter|till|checkout"
    r"|clinic\s+session|session)"
)
# Output, volume and efficiency measures of the firm (CONCEPTS.md §2-3).
_OUTPUT_RE = re.compile(
    r"\b(?:average\s+)?(?:handl(?:e|ing)\s+time|talk\s+time|wrap(?:-up)?\s+time|after-call\s+work|aht)\b"
    r"|\b(?:agent\s+|staff\s+|bed\s+|seat\s+)?(?:occupancy|utili[sz]ation|throughput|productivity"
    r"|service\s+level|abandon(?:ment|ed\s+calls|\s+rate)|containment|sla)\b"
    r"|(?<!my )(?<!our )(?<!their )(?<!his )(?<!her )\b(?:newsletters?|mailshots?|bulletins?|brochures?|calls?|tickets?|cases?|emails?|letters?|leaflets?|bookings?|appointments?|claims?|parcels?"
    r"|returns?|applications?|forms?|surveys?|messages?|enquir(?:y|ies)|queries|complaints?|orders?"
    r"|chats?|webchats?|chat\s+sessions?|contacts|texts?|e-mails?"
    r"|referrals?|visits?|jobs?|meters?|articles?|posts?|boarding\s+passes|requests|inspections"
    r"|sessions|classes|lessons|courses|workshops|tests|checks|reports|quotes|invoices"
    r"|deliveries|drops|collections|installations|assessments|reviews|interviews)"
    r"\s+(?:(?!(?:i|we|you|my|me)\b)[\w'’-]+\s+){0,4}?(?:answered|closed|handled|handles|handle|processed|processes|sent|delivered"
    r"|opened|booked|packed|registered|typed|published|installed|logged|issued|printed|loaded|emailed|texted"
    r"|completed|dealt\s+with|cleared|resolved\s+by|received|posted|mailed|scheduled|attended|carried\s+out"
    r"|performed|conducted|held|served|shipped|dispatched|picked|scanned|inspected|audited|produced|written"
    r"|released|launched|quoted|reviewed|assessed|visited|offered|acknowledged|run|taught|called\s+back|followed\s+up|keyed\s+in|made(?!\s+(?:safe|good|whole|right|ready|liveable|secure|habitable|watertight))|sold\s+per)\b"
    rf"|\bper\s+(?:(?:{_PER_STAFF})|shift|hour|travel\s+agent|head|desk|team|(?:\d[\d,]*\s+)?lines?)\b"  # per member of staff; "per vehicle" may be a price
    r"|\b(?:claims?|calls?|complaints?|orders?|cases?|applications?)\s+(?:processing|handling)\b"
    r"|\bconsultation\s+length\b|\blength\s+of\s+(?:a|the|each|every|an)\s+(?:[\w-]+\s+){0,2}(?:call|consultation|visit|appointment)\b"
    r"|\bby\s+(?:the|an?|our)\s+(?:(?!member\b|of\b)[\w-]+\s+){0,2}?(?:agents?|advisers?|advisors?|handlers?|staff|team|clerks?|engineers?)\b"
    r"|\bby\s+(?:trainers|teachers|officers|drivers|couriers|nurses|inspectors|technicians|surveyors|crews)\b"
    rf"|\bby\s+(?:each|every)\s+{_PER_STAFF}\b"
    r"|\b(?:time|minutes|hours)\s+(?:an?|the|each|every|our)\s+(?:[\w-]+\s+)?(?:adviser|advisor|agent|handler"
    r"|nurse|doctor|clinician|engineer|clerk|officer|member\s+of\s+staff|staff\s+member|driver)\s+spends\b"
    r"|\b(?:queue|answer)\s+time\b|\btime\s+to\s+answer\b|\bspeed\s+of\s+answer\b|\bturned\s+around\b"
    r"|\bfirst\s+call\s+resolution\b|\bfcr\b|\bkpis?\b|\bwip\b|\bopen\s+(?:[\w-]+\s+)?cases\b|\bbacklog\b"
    r"|\btraining\s+(?:hours|sessions|courses)\b|\bhours\s+of\s+(?:[\w-]+\s+)?training\b"
    r"|\blogged[- ]in\s+(?:time|hours)\b|\bstaff\s+spend\s+(?:on|serving|with|handling|answering)\b",
    re.I,
)


_FIRM_OBJECT_STOP = frozenset(
    [
        "within",
        "by",
        "before",
        "after",
        "in",
        "on",
        "to",
        "for",
        "when",
        "while",
        "during",
        "at",
        "from",
        "with",
        "without",
        "so",
        "and",
        "or",
        "than",
        "that",
        "which",
        "who",
        "as",
    ]
)


def find_firm_activity(text: str) -> list[Span]:
    """Where the text states the firm's own work: 'Settle 90% of claims', 'The council will', 'our agents'."""
    t = text or ""
    out: list[Span] = []
    m = _FIRM_SUBJECT_RE.match(t)
    if (
        m
        and m.group("actor").lower() == "we"
        and re.match(
            r"\s+(?:would\s+(?:like|love|hope)|'d\s+like|want|need|hope|wish)\b",
            t[m.end("actor") :],
            re.I,
        )
    ):
        m = None  # "We would like to reduce the likelihood …": a family speaking, not the firm
    if m:
        s = _mk(t, m.start("actor"), m.end("actor"), "firm-subject")
        if s and not re.match(r"(?:i|my)\b", s.text, re.I):
            out.append(s)
    m = _FIRM_VERB_START.match(t)
    if (
        m
        and re.match(
            r"\s+(?:to\s+(?!us\b|our\b)[a-z]+|for\s+(?:my|a|an)|online\b)", t[m.end() :], re.I
        )
        and (m.group("verb").lower() in ("register", "book", "complete", "apply", "collect"))
    ):
        m = None  # "Register to vote in under 10 minutes": what the customer does
    if m:
        end = m.end()
        for _ in range(4):  # the verb and what it acts on: "Settle 90% of home claims"
            w = re.compile(r"\s+([\w'’%£$-]+)").match(t, end)
            if not w or w.group(1).lower() in _FIRM_OBJECT_STOP:
                break
            end = w.end()
        s = _mk(t, m.start("verb"), end, "firm-verb")
        if s:
            out.append(s)
    staff = _STAFF_AT_WORK_RE.match(t)
    if staff and (s := _mk(t, staff.start(), staff.end(), "firm-subject")):
        out.append(s)
    for m in _OUR_FIRM_RE.finditer(t):
        s = _mk(t, m.start(), m.end(), "firm-actor")
        if s and not any(o.start <= s.start < o.end for o in out):
            out.append(s)
    return sorted(out, key=lambda s: s.start)


def find_output_measures(text: str) -> list[Span]:
    """Output, volume and efficiency measures ('average handle time', 'tickets closed', 'per clerk')."""
    return list(_output_measures(text or ""))


@lru_cache(maxsize=256)
def _output_measures(t: str) -> tuple[Span, ...]:
    return tuple(s for m in _OUTPUT_RE.finditer(t) if (s := _mk(t, m.start(), m.end(), "output")))


# --------------------------------------------------------------------------- compound, vague

_JOINER_RE = re.compile(r"\s(?:and|or|as\s+well\s+as|plus|while\s+also)\s+", re.I)
_SECOND_OUTCOME_RE = re.compile(
    rf"(?:(?:also\s+)?(?:{_DIRECTION_RE.pattern})|that\b|(?:{_METRIC_RE.pattern}))",
    re.I,
)


def find_compound(text: str, start: int = 0) -> Span | None:
    """A joiner ('and', 'or', 'as well as') that starts a second direction, metric or outcome clause."""
    t = text or ""
    for m in _JOINER_RE.finditer(t, start):
        before = t[: m.start()].lower()
        b = before.rfind("between")
        if b >= 0 and " and " not in before[b:]:
            continue  # "between A and B" is one span, not two outcomes
        nxt = _SECOND_OUTCOME_RE.match(t, m.end())
        if nxt:
            if nxt.group(0).lower() == "that" and not re.search(
                r"\b(?:likelihood|chance|probability|risk)\s+that\b", before
            ):
                continue
            return _mk(t, m.start(), nxt.end(), "compound")
        # "the chance that my flight is cancelled or my bag is lost": a second event, own subject
        if re.search(r"\b(?:likelihood|chance|probability|risk)\s+that\b", before):
            clause = _SECOND_EVENT_RE.match(t, m.end())
            if clause:
                return _mk(t, m.start(), clause.end(), "compound")
    return None


_SECOND_EVENT_RE = re.compile(
    r"(?:my|the|our|their|a|an)\s+[\w'’-]+(?:\s+[\w'’-]+)?\s+(?:is|are|was|were|gets?|goes|go)\b",
    re.I,
)


_VAGUE_OBJECT_WORDS = (
    r"experience|satisfaction|happiness|journey|service|services|things|stuff|everything|banking"
    r"|travel|insurance|broadband|healthcare|life|relationship|loyalty|delight|wellbeing|quality"
    r"|value|engagement|sentiment|nps|csat|outcomes?|needs|expectations|standards"
)
_VAGUE_RE = re.compile(
    rf"\b(?:customer\s+|client\s+|patient\s+|user\s+)?(?:{_VAGUE_OBJECT_WORDS})\b"
    r"|\bmake\s+[\w'’ -]{1,40}?\s+(?:better|less\s+\w+|more\s+\w+|nicer|simpler|work)\b"
    r"|\bdo\s+(?:right|better|more|good)\b|\bfeel\s+(?:better|good|happy|valued|safe|looked\s+after)\b"
    r"|^\s*(?:better|improved|more|a\s+better|the\s+best)\s+\w+",
    re.I,
)
# An object that is only an abstraction: "my travel goes well", "get service from my network".
_MOD = (
    r"(?:the|my|our|your|their|a|an|customer|client|member|patient|student|resident|passenger|user|guest"
    r"|claims?|overall|whole|online|digital|happy|good|poor|(?!(?:"
    + _PEOPLE_PLURALS
    + r")\b)[\w'’-]+s"
    r"|insurance|banking|travel|energy|memorable|enjoyable|pleasant|nice|lovely|stressful|frustrating"
    r"|negative|bad|positive|great|better|[\w'’-]+ing)"
)
_VAGUE_OBJECT_RE = re.compile(
    # "the service meets my expectations", "sort things out": no job the customer could check
    r"(?:(?:the|my|our)\s+[\w'’-]+|it|things|everything)\s+(?:meets?|matches|exceeds"
    r"|lives?\s+up\s+to)\s+(?:(?:my|our|their)\s+)?(?:expectations|needs|standards)(?:\s+(?:for|of)\s+[\w'’ -]+)?"
    r"|(?:sort|get|have)\s+(?:things|stuff|it|everything)\s+(?:out|sorted|done|fixed|right)(?:\s+(?:with|for|at|on|in)\s+[\w'’ -]+)?"
    rf"|sort\s+out\s+(?:(?:my|the|our|their)\s+)?(?:{_VAGUE_OBJECT_WORDS})"
    r"|(?:the|my|our)\s+(?:[\w-]+\s+)?(?:journey|experience|service|stay|trip|holiday|visit)\s+(?:lets?\s+\w+\s+down|fails?\s*\w*|goes\s+wrong"
    r"|disappoints?\s*\w*|(?:is|was|feels?)\s+(?:disappointing|unpleasant|ruined|spoilt|spoiled|a\s+let-?down))(?:\s+[\w'’ -]+)?"
    r"|(?:things|anything|something|stuff)\s+go(?:es)?\s+wrong(?:\s+(?:for|with)\s+[\w'’ -]+)?"
    r"|(?:(?:any|a|the)\s+)?(?:problems?|issues?|trouble)(?:\s+with\s+(?:things|stuff|anything|everything|it))?"
    r"|(?:(?:(?:an?|the|my|our)\s+)?[\w'’-]+\s+(?:am|are|is|feel|feels)\s+|i'm\s+)?(?:happy|satisfied|pleased|delighted|content)"
    r"\s+(?:with|about)\s+[\w'’ -]+"
    r"|(?:(?:(?:an?|the|my|our)\s+)?[\w'’-]+\s+)?(?:loves?|enjoys?|likes?)\s+(?:the|their|my|our)\s+(?:whole\s+)?"
    r"(?:journey|experience|stay|day|visit)(?:\s+[\w'’ -]+)?"
    r"|(?:(?:(?:an?|the|my|our)\s+)?[\w'’-]+\s+)?(?:feels?|feeling)\s+(?:positive|good|happy|better|valued|satisfied)"
    r"(?:\s+(?:about|with)\s+[\w'’ -]+)?"
    rf"|(?:(?:(?:an?|the|my|our)\s+)?[\w'’-]+\s+)?(?:(?:gets?|has|have|receives?|enjoys?|does|do)\s+(?:{_MOD}\s+){{0,3}}(?:(?!to\b)[\w'’-]+\s+)?"
    rf"|(?:{_MOD}\s+){{1,3}})"
    rf"(?:{_VAGUE_OBJECT_WORDS})(?:\s+(?:goes|go|went|is|are|was)\s+(?:well|right|smoothly|fine|ok|okay"
    r"|(?:a\s+)?positive(?:\s+one)?|good|great)|\s+that\s+go(?:es)?\s+wrong)?"
    r"(?:\s+(?:from|with|for|at|on|in)\s+[\w'’ -]+)?",
    re.I,
)
_VAGUE_TAIL_RE = re.compile(r"\b(?:on|with|about|for)\s+(?:things|stuff|everything)$", re.I)
_THINGS_WRONG_RE = re.compile(
    r"\b(?:things|anything|something|stuff)\s+(?:that\s+)?go(?:es)?\s+wrong\b", re.I
)
_CONCRETE_JOB_RE = re.compile(
    r"\b(?:of|for|when|while|after|to)\s+(?:[a-z]+ing|get|make|have|find|see|pay|open|change|move|report|book"
    r"|buy|renew|claim|order|return|register|apply|cancel|collect|switch)\b",
    re.I,
)


def find_vague(text: str) -> Span | None:
    """A general abstraction standing in for a concrete job ('the claims experience', 'satisfaction')."""
    t = text or ""
    m = _VAGUE_RE.search(t)
    return _mk(t, m.start(), m.end(), "vague") if m else None


def has_concrete_job(text: str) -> bool:
    """Whether the text names something the customer does ('of returning an item', 'to open an account')."""
    return bool(_CONCRETE_JOB_RE.search(text or ""))


# --------------------------------------------------------------------------- object of control

_LEAD_CONNECTOR_RE = re.compile(
    r"^(?:\s*(?:it\s+takes(?:\s+(?:me|us|them|him|her|you))?|it\s+took|taken|spent|needed|required"
    r"|that|of|to|for|in\s+which|with\s+which|(?:i|we)\s+(?:have|need)\s+to(?=\s+\w+\s+\w))\b)+",
    re.I,
)


def find_object(text: str, start: int, end: int) -> Span | None:
    """The object of control: what lies between the metric (start) and the context (end), minus connectors."""
    t = text or ""
    if end <= start:
        return None
    seg = t[start:end]
    m = _LEAD_CONNECTOR_RE.match(seg)
    off = m.end() if m else 0
    s = _mk(t, start + off, end, "object")
    if not s or _PERIOD_RE.fullmatch(s.text):
        return None
    content = [w for w in _WORD_RE.findall(s.text) if w.lower() not in _COUNT_STOP]
    if re.match(r"(?:at|on|in|during|per|across|by|with|over|around)\s", s.text, re.I):
        return None  # "at the branch": a place, not something the customer gets done
    return s if content else None


# --------------------------------------------------------------------------- measures

_IMPACT_RE = re.compile(
    r"\b(?:revenue|turnover|sales\s+(?:revenue|value|per)|margin|profit|profits|earnings|income"
    r"|cost\s+to\s+serve|cost\s+per|costs?\b(?!\s+(?:i|we|they|a\s+customer|the\s+customer)\s+pay)"
    r"|losses|written\s+off|write-offs?|penalt(?:y|ies)|fines?\b|compensation\s+paid|spend\s+on"
    r"|retention(?!\s+(?:team|department|desk|unit|specialists?|agents?|advisers?|calls?|offers?))|retained|churn|attrition|lapse\s+rate|who\s+(?:renew(?:ed|s)?(?!\s+(?:a|an|their|the|his|her)\s+(?:[\w-]+\s+)?(?:permit|licen[cs]e|passport|prescription|badge|card|registration))|stay(?:ed)?|lapse[ds]?|re-?book(?:ed)?|re-?enrol+(?:ed)?|re-?order(?:ed)?|repurchase[ds]?|come\s+back|came\s+back|(?:buy|bought|book|booked|shop|shopped|order|ordered|fly|flew|travel(?:led)?|sail(?:ed)?)\s+(?:with\s+(?:us|the\s+\w+)\s+)?again|buy\s+(?:a\s+second|another|more)|take\s+(?:a\s+second|another))\b|\bsecond\s+product|(?:the|our)\s+(?:council|firm|company|bank|trust|business|insurer|airline|hospital|retailer|operator|utility|network|supplier|provider|shop|store)\s+(?:spends|pays\s+out|loses|earns|makes)\b|who\s+leave(?!\s+(?:(?:the\s+)?(?:store|shop|branch|hospital|airport|station|site|ward|clinic|school|office|desk|building|car\s+park|premises)|with\b))|switch(?:ing|es)?\s+to\s+(?:another|a\s+(?:rival|competitor|different))"
    r"|share\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?market|repeat\s+(?:[\w-]+\s+)?(?:purchases?|bookings?|business|custom|orders?|sales)|repeat\s+purchase|buy\s+again|book\s+again|renew(?:al)?\s+rate|market\s+share|share\s+of\s+wallet"
    r"|lifetime\s+value|clv|ltv|premium\s+income|written\s+premium|arpu|revenue\s+per|cross-sell\s+rate"
    r"|conversion\s+rate|basket\s+(?:size|value)|average\s+order\s+value|gift\s+aid|cancellation\s+rate|(?:average\s+)?spend\s+per|average\s+spend"
    r"|(?:money|budget|pounds)\s+(?:spent|paid\s+out|lost)|(?:council|firm|company|bank|trust|business)(?:'s)?\s+(?:money|spend|spending)"
    r"|paid\s+out|budget|cancellations|cancelled\s+policies|lapsed|lapses|customers\s+lost|lost\s+customers|bad\s+debt|(?<!in\s)arrears"
    r"|(?:staffing|agency|marketing|advertising|media|contractor|consultancy|outsourcing|recruitment|training)"
    r"\s+(?:spend|costs?|bill)|(?:grant\s+)?funding|'s\s+share\s+of"
    r"|fundraising|donations?\s+income|(?:donations?|funds|money)\s+raised|account\s+closures|re-?enrol+ment|laps(?:ing|ed)|(?:operating\s+)?surplus|deficit|(?:overtime|wage|staff|payroll)\s+(?:bill|costs?|spend)|(?:fee|interest|premium)\s+income|claims?\s+costs?|compensation|refunds\s+paid|overtime\s+cost|ebitda|savings?\s+to\s+(?:the\s+)?(?:firm|council|business|partners?))\b"
    # customers leaving: closing the account, taking their business to a rival; money lost
    r"|\bwho\s+(?:close|closes|closed|cancel|cancels|end|ends)\s+(?:their|an?|the)\b|\bwho\s+cancel(?:led)?\b"
    r"|\b(?:move|moves|take|takes|switch|switches|transfer|transfers)\s+(?:their|its)\s+[\w'’ -]{0,30}?"
    r"\bto\s+(?:a|an|another|other)\s+(?:[\w-]+\s+)?(?:rival|competitor|provider|supplier|practice|bank"
    r"|firm|courier|insurer|network|gym|company|operator|lender|landlord|school)\b"
    r"|\b(?:rent|revenue|income|fees?|sales|money)\s+lost\b|\b(?:void|revenue|income|rent)\s+loss(?:es)?\b"
    # still a customer some time later: retention
    r"|\bstill\s+(?:registered|subscribed|enrolled|insured|banking|members?|customers?|with\s+(?:us|the))\b"
    r"|\bwho\s+(?:hire|use|choose|pick|visit)\s+(?:me|us|the\s+\w+)\s+again\b|\bwho\s+return\s+to\s+(?:the\s+same|us)\b"
    r"|\brenewing\s+(?:their|a|the)\s+(?:[\w-]+\s+)?(?:contract|policy|membership|subscription|agreement)\b"
    r"|\bleaving\s+the\s+(?:[\w-]+\s+)?(?:list|register|scheme|club)\b",
    re.I,
)
_CUSTOMER_SIDE_RE = re.compile(
    r"\b(?:who|whose)\s+(?!(?:we|our|the\s+team|staff)\b)"
    r"|\b(?:an?|the|each|every|one)\s+(?:[\w-]+\s+){0,2}?(?:customer|passenger|patient|household|resident|policyholder|member"
    r"|shopper|driver|claimant|tenant|parent|caller|victim|traveller|user|applicant|buyer|family|home"
    r"|owner|client|student|pupil|borrower|guest|subscriber|visitor|learner|citizen|taxpayer|sender"
    r"|recipient|homeowner|cardholder|commuter|saver|investor|employer|leaseholder|account\s+holder)\b"
    r"\s+(?:is|are|has|have|gets?|keeps?|receives?|chose|choose|waits?|spends?|makes?|needs?|was|being"
    r"|must|fills?|sends?|calls?|visits?|repeats?|phones?|chases?|travels?|walks?|uploads?)\b"
    r"|\b(?:needed|required|it\s+takes(?:\s+(?:a|the)\s+\w+)?)\s+to\s+(?:get|close|open|make|fix|change|move|claim"
    r"|report|book|find|reach|register|renew|cancel|switch|sort|settle|replace|transfer|apply)\b"
    r"|\bthe\s+customer\s+(?:chose|keeps|asked|wanted|needed)\b|\bpromised\s+to\s+the\s+customer\b"
    r"|\b(?:received|arrived|delivered)\s+(?:undamaged|intact|complete|in\s+one\s+piece)\b|\bwith\s+no\s+(?:repeat|second|further|missed|items?|returns?|complaints?|faults?|rejected|missing|damaged)\b|\bwithout\s+(?:a\s+)?(?:repeat|second|power|water|heating"
    r"|broadband|a\s+car|gas|a\s+phone|signal|internet)\b|\bfirst\s+time\b|\bright\s+first\b"
    r"|\b(?:on|at)\s+(?:the|their|my|(?:the\s+)?[\w-]+'s)\s+first\s+(?:attempt|try|go|visit|call|contact|trip)\b"
    r"|\bfrom\s+(?:a|the)\s+[\w'’ -]{0,30}?(?:reporting|ordering|applying|booking|asking|calling)\b"
    r"|\bfrom\s+(?:reporting|ordering|applying|booking|asking|calling)\b"
    r"|\b(?:reach|reaches|arrive|arrives|receive|receives)\s+(?:the|their|a)\b"
    r"|\b(?:share|percentage|proportion)\s+of\s+(?:[\w-]+\s+){0,3}?(?:customers|passengers|patients"
    r"|households|residents|policyholders|members|shoppers|drivers|claimants|tenants|parents|callers"
    r"|victims|travellers|users|applicants|buyers|families|homes|properties|people|pupils|students"
    r"|owners|clients|borrowers|guests|subscribers|visitors|learners|citizens|taxpayers|senders"
    r"|recipients|homeowners|cardholders|commuters|savers|investors|employers|leaseholders|businesses)\b"
    r"|\b(?:hours|days|minutes|weeks|time)\s+(?:from|between)\b[^.]*\b(?:to|and)\s+(?:the|a|their)\s+[\w'’ -]+"
    r"\s+(?:being|is|was)\s+\w+|\b(?:that|which)\s+(?:arrive|arrives|reach|reaches|work|works)\b"
    r"|\bon\s+the\s+(?:date|day)\s+(?:promised|agreed|chosen|they|the\s+customer)\b"
    r"|\bcomplete\s+on\s+the\s+day\b"
    r"|\b(?:received|collected|used|understood|opened)\s+by\s+(?:the|a|an|each|every)\s+(?:customer|client|patient"
    r"|member|tenant|resident|passenger|owner|student|buyer|user)\b"
    r"|\bwith\s+nothing\s+(?:missing|broken|wrong|damaged|lost)\b",
    re.I,
)
_HARM_WORDS = r"evicted|readmitted|harmed|injured|injur(?:y|ies)|defrauded|stranded|flooded"  # done to the customer
# The customer's own effort or receipt, counted ("contacts an admin needs to get …", "calls a patient
# made before …", "orders the customer received complete"): an outcome, though it counts contacts.
_EFFORT_RE = re.compile(
    r"\b(?:contacts|calls|changes|channels|transfers|trips|visits|forms|steps|times)\s+(?:[\w-]+\s+)?(?:customers|passengers"
    r"|residents|patients|tenants|users|members|people|families)\s+(?:make|made|need|needed|have\s+to|had\s+to|take|took|used)\b"
    r"|\b(?:contacts|calls|phone\s+calls|times|visits|trips|forms|emails|letters|steps|chasers?|attempts|minutes|hours"
    r"|channels|websites|apps|numbers)\s+"
    r"(?:an?|the|each|every|one)\s+(?:[\w-]+\s+){0,2}?[\w-]+\s+"
    r"(?:needs?|needed|has\s+to|had\s+to|have\s+to|made|makes|must|sent|sends|spent|spends|contacts|calls|phones|reports|used"
    r"|chases|writes|emails|visits|returns)\b"
    r"|\b(?:the|a|an|each)\s+(?:customer|client|patient|member|passenger|tenant|buyer)\s+(?:received|got|had|needed)\b"
    r"|\b(?:customers|households|homes|properties|patients|people|passengers|members|residents|tenants)"
    r"\s+(?:[\w-]+\s+){1,4}?again\b"
    # harm the customer suffered, counted: an outcome to drive down
    r"|\bbec(?:ame|ome|omes)\s+a\s+completed\b"
    rf"|\b(?:{_HARM_WORDS}|(?:left\s+)?out\s+of\s+pocket|overcharged"
    r"|(?:reported|found|arrived)\s+(?:broken|missing|damaged|lost)|still\s+(?:without|unresolved|outstanding|waiting|broken)"
    r"|charged\s+twice|double-charged"
    r"|billed\s+(?:twice|wrongly|incorrectly)|in\s+(?:temporary|bed-and-breakfast|b&b|emergency)\s+accommodation)\b"
    # a result the customer completed ("activated by the customer"), a sale completed
    r"|\b[a-z]+ed\s+by\s+(?:the|a|each)\s+(?:customer|client|patient|member|buyer|user)\b"
    r"|\bsales?\s+completed\b|\bfunds\s+released\b",
    re.I,
)
_HARM_RE = re.compile(rf"\b(?:{_HARM_WORDS})\b", re.I)
_STAFF_WORD_RE = re.compile(
    r"\b(?:handlers?|agents?|advisers?|advisors?|staff|engineers?|clerks?|officers?|nurses?|doctors?|drivers?"
    r"|crews?|technicians?|caseworkers?|assessors?|operatives?)\b",
    re.I,
)
# What the firm records of its own work: agent-set flags, surveys of the contact, response and
# turnaround times, how full it runs, delivery against its contract, its own audits.
_FIRM_RECORD_RE = re.compile(
    r"\b(?:agent|adviser|advisor|crew|driver|engineer|staff|handler)[- ](?:recorded|flagged|ticked|marked|selected|entered|coded"
    r"|logged|reported)\b|\b(?:ticked|flagged|marked|logged|recorded)(?:\s+[\w-]+)?\s+by\s+(?:the\s+)?(?:[\w-]+\s+)?"
    r"(?:agent|adviser|advisor|crew|driver|engineer|staff|handler|team|operative|technician)\b"
    r"|\bcall\s+length\b|\blength\s+of\s+calls?\b|\bleaving\s+the\s+depot\b|\b(?:depart(?:ing|ures)?|left)\s+on\s+time\b"
    r"|\bfor\s+(?:the|our)\s+(?:[\w-]+\s+){1,3}?to\s+(?:log|process|assess|handle|triage|register|review"
    r"|answer|respond|acknowledge|dispatch|allocate)\b"
    r"|\b(?:days|hours|minutes|time)\s+to\s+(?:process|log|assess|handle|triage|register|review)\b"
    r"|\b(?:post-call|post-chat|post-visit|after-call|transactional)\b"
    r"|\b(?:csat|survey|ratings?|rated|rating)\b[^.]{0,60}?\b(?:agent|adviser|advisor|politeness|helpfulness"
    r"|courtesy|friendliness)\b"
    r"|\bwaits?\s+on\s+hold\b|\bhold\s+time\b|\btime\s+on\s+hold\b|\b(?:first\s+)?(?:response|reply)\s+time|\bturnaround\s+time|\btransaction\s+time|\bfill\s+rate"
    r"|\bcapacity\s+used|\brecorded\s+by\s+the\s+[\w-]+\s+system\b"
    r"|\bagainst\s+(?:the\s+)?(?:[\w-]+\s+)?(?:contract|target|plan|quota)\b"
    r"|\b(?:sampled|audited|checked|inspected|tested)\s+by\b|\bto\s+(?:the\s+)?checklist\b",
    re.I,
)
# Work done per worker, route or period ("Meters read per reader per day", "Releases shipped per sprint").
_THROUGHPUT_RE = re.compile(
    r"\b(?:[a-z-]+ed|[a-z-]+en|read|held|made|done|sent|seen|run|built|taught|fitted|cut|mown|swept|dug)"
    r"(?:\s+(?:and|&)\s+[a-z-]+ed)?(?:\s+(?!within\b|in\b|under\b|after\b|before\b)[a-z-]+){0,2}"
    r"\s+per\s+(?:[\w-]+\s+)?(?:day|week|weekend|month|shift|hour|sprint|quarter|year|term|session|route|show"
    r"|performance|event|match|flight|sailing"
    r"|property|site|branch|store|depot|reader|negotiator|manager|worker|officer|picker|packer|cleaner"
    r"|driver|adviser|advisor|agent|engineer|nurse|doctor|dentist|earner|crew|team|van|vehicle|truck"
    r"|bookkeeper|accountant|caseworker|clerk|assessor|handler|operative|volunteer|technician|pharmacist|optician"
    r"|chef|barista)\b",
    re.I,
)
# Things the firm produced or did, counted ("Newsletters issued each term", "Cards dispatched …").
_MADE_RE = re.compile(
    r"(?!\s*(?:hours|days|minutes|weeks|time|average\s+\w+)\s+(?:from|between)\b)"
    r"\s*(?:(?!who\b|whose\b|that\b|which\b)[\w'’-]+\s+){1,4}?(?:submitted|generated|filed|dispatched|issued|uploaded|recorded|relined|deployed|published|installed"
    r"|pushed\s+back|carried\s+out|performed|booked|sent|processed|produced|printed|posted|mailed|emailed"
    r"|shipped|packed|laid|serviced|cleaned|inspected|logged|rolled\s+out|launched|run|held|written|drafted|keyed(?:\s+in)?|added"
    r"|handed\s+out|given\s+out|distributed|raised|listed"
    r"|made(?!\s+(?:safe|good|whole|right|ready|on\s+time|by\s+(?:the\s+)?customers?)))\b",
    re.I,
)
# Money the firm (or the public purse) pays out, loses or collects.
_IMPACT_MORE_RE = re.compile(
    r"\bpayouts?\b|\bclaw-?back\b|\bfees?\s+paid\b|\bsubsid(?:y|ies)\b|\bloss\s+ratio\b|\bleakage\b"
    r"|\bdays\s+sales\s+outstanding\b|\bdso\b|\bcollection\s+rate\b|\bamount\s+due\b"
    r"|\b(?:tax|rent|fees?|money|income|payments?|debt|cash)\s+collected\b|[£$€]\s*(?:lost|paid|spent|written)\b"
    r"|\blost\s+(?:to|through)\s+(?:card\s+)?(?:fraud|transfers?|rivals?|competitors?)\b"
    r"|\b(?:assets|funds)\s+under\s+(?:administration|management)\b|\b(?:combined|loss|expense)\s+ratio\b"
    r"|\btax\s+gap\b|\b(?:not|un)\s?collected\b"
    r"|\bcost\s+to\s+the\s+(?:nhs|council|taxpayer|public|state|business|firm|trust)\b"
    r"|\brenewed\s+as\s+a\s+(?:share|percentage|proportion)\b|\bshare\s+of\s+those\s+(?:due|expiring)\b"
    r"|\bwho\s+withdraw\b|\bleaving\s+at\s+the\s+end\s+of\b|\bwho\s+move\s+to\s+another\b|\bcontracts?\s+lost\b"
    r"|\bbook\s+(?:directly\s+)?again\b|\bwon\s+from\s+(?:other|rival)\b|\b(?:contracts?|renewals?|accounts?|tenders?)\s+won\b"
    r"|\bsales\s+growth\b|\blike-for-like\b|\bgrowth\s+in\s+sales\b|\bredress\s+paid\b|\bchargebacks?\b"
    r"|\bcharges\s+levied\b|\breimbursement\s+received\b|\bnet\s+new\b"
    r"|\b(?:refunds?|discounts?|credits?|goodwill(?:\s+payments?)?)\s+(?:and\s+\w+\s+)?(?:given|paid|issued|granted)\b"
    r"|\blost\s+to\s+(?:rivals?|competitors?|other\s+\w+)\b|\bswitch-away\b|\(\s?[£$€]\s?\)"
    r"|\b(?:moving|move|moves|switching|taking)\s+(?:their|his|her|its)\s+[\w-]+\s+to\s+(?:another|a\s+rival|a\s+competitor)\b"
    r"|\b(?:customers|clients|members|tenants|landlords|owners|patients|students|users)\s+(?:leaving|lost)\b"
    r"|\bbook\s+another\b|\bdrop-?out\s+rate\b|\b(?:repayments?|debts?|arrears|money|sums?)\s+recovered\b"
    r"|\bwho\s+(?:move|moves|switch|switches|go|goes|leave|leaves|defect)\s+to\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?"
    r"(?:rivals?|competitors?)\b",
    re.I,
)
_OUTCOME_RESULT_RE = re.compile(
    r"\b(?:settled|resolved|fixed|repaired|working(?!\s+(?:days?|hours?|weeks?))|restored|back"
    r"|paid\s+in\s+full|keeps?|kept|without"
    r"|no\s+repeat|within\s+(?:their|the)\s+target|actual\s+reading|got|get|gets|have|has|offered|approved"
    r"|made\s+safe|holds|kept)\b",
    re.I,
)


_PAPERWORK = r"\s+(?:[\w-]+\s+)?(?:letters|notices|reminders|emails|texts|calls|statements|reports|leaflets)\b"
_SALE_RE = re.compile(
    r"\b(?:sold|bought|purchased)\b|\b(?:mortgages?|remortgages?|purchases?|sales?|house\s+sales?)\s+completed\b",
    re.I,
)
# Sales counted per seller are the sellers' activity ("Policies sold per adviser per day").
_PER_STAFF_RE = re.compile(
    r"\bper\s+(?:agent|adviser|advisor|salesperson|rep|seller|member\s+of\s+staff|employee|fte)\b",
    re.I,
)


def suggest_measure_kind(text: object) -> tuple[str, str]:
    """Whether a measure reads as an output, an outcome or an impact, and why, in one line.

    Returns ``(kind, reason)``; kind is "output", "outcome" or "impact", or "" for empty text.
    The reason quotes the participant's own words that decided it.
    """
    t = prepare(text)
    if is_noise(t):
        return "", "Type a measure to see whether it reads as an output, an outcome or an impact."
    more = _IMPACT_MORE_RE.search(t)
    imp = more or _IMPACT_RE.search(t)
    money_first = bool(
        re.match(r"\s*(?:the\s+)?(?:cost|costs|[£$€]|spend|money|revenue|income)\b", t, re.I)
    )
    side = _CUSTOMER_SIDE_RE.search(t)
    out = find_output_measures(t)
    if imp and out and re.match(r"(?:staff\s+)?spend\b", imp.group(0), re.I):
        imp = None  # "time agents spend on contacts": staff time, not money
    effort = _EFFORT_RE.search(t)
    if imp and re.search(
        r"\b(?:with\s+no\s+|without\s+(?:getting\s+|receiving\s+|paying\s+)?(?:an?\s+)?)(?:[\w-]+\s+)?(?:penalty|penalties"
        r"|fine|fines|charge|fee)\b",
        t,
        re.I,
    ):
        imp = None  # "returns in on time with no HMRC penalty": what the customer avoided
    staffing = re.search(
        r"\b(?:staff|agent|employee|adviser|advisor|nurse|driver|crew)\s+(?:turnover|absence|sickness)\b",
        t,
        re.I,
    )
    if staffing and (not imp or staffing.start() <= imp.start() < staffing.end()):
        return (
            "output",
            f"Reads as an output: “{staffing.group(0)}” is how the firm runs its teams, not what the "
            "customer ends up with.",
        )
    if imp and re.search(r"\bwho\s+(?:received|got|were\s+(?:paid|given|offered))\b", t, re.I):
        imp = None  # "claimants who received compensation": what the customer got
    if (
        imp
        and not money_first
        and re.match(
            r"\s*(?:the\s+)?(?:time|days|weeks|hours|minutes|months)\b[^.]{0,40}?\b(?:from|between)\b",
            t,
            re.I,
        )
    ):
        imp = None  # "Weeks from a death to the estate being paid out": the customer's wait
    if imp and not more and re.match(_PAPERWORK, t[imp.end() :], re.I):
        imp = None  # "arrears letters sent": paperwork about money, still the firm's activity
    if effort and _STAFF_WORD_RE.search(effort.group(0)):
        effort = None  # "minutes a case handler spends": the firm's time, not the customer's
    if effort and (
        not imp
        or effort.end() <= imp.start()  # "Minutes a passenger spends claiming compensation"
        or (_HARM_RE.search(t) and not money_first)
    ):
        return (
            "outcome",
            f"Reads as an outcome: “{effort.group(0)}” counts what the customer went through to "
            "get the result, from their side.",
        )
    record = _FIRM_RECORD_RE.search(t)
    if record and not imp:
        return (
            "output",
            f"Reads as an output: “{record.group(0)}” is the firm's own record of its work, not "
            "what the customer ends up with.",
        )
    made = _MADE_RE.match(t)
    if made and not imp and not effort:
        return (
            "output",
            f"Reads as an output: “{out[0].text if out else made.group(0).strip()}” counts things "
            "the firm produced or did, "
            "not what the customer ends up with.",
        )
    if imp and (money_first or more):
        side = None  # a money result, whoever it is counted over
    if imp and not (
        side
        and re.match(r"cost|costs", imp.group(0), re.I)
        and not re.search(r"\bper\b|\bto\s+serve\b", t, re.I)
    ):
        return (
            "impact",
            f"Reads as an impact: “{imp.group(0)}” is a business result (money, retention or "
            "growth), not what the customer gets.",
        )
    sale = _SALE_RE.search(t)
    if sale and not _PER_STAFF_RE.search(t):  # CONCEPTS.md §2: "sold" is the outcome of "made"
        return (
            "outcome",
            f"Reads as an outcome: “{sale.group(0)}” is a completed sale, the result of what was made.",
        )
    if side and not (
        out
        and out[0].kind == "output"
        and re.search(r"\bper\b|handl|occupancy|utili", out[0].text, re.I)
    ):
        return (
            "outcome",
            f"Reads as an outcome: “{side.group(0).strip()}” measures it from the customer's side, "
            "by the result they get.",
        )
    if out:
        return (
            "output",
            f"Reads as an output: “{out[0].text}” counts what the firm does or how busy it is, "
            "not what the customer ends up with.",
        )
    fa = find_firm_activity(t)
    if fa:
        return ("output", f"Reads as an output: “{fa[0].text}” is the firm's own activity.")
    tp = _THROUGHPUT_RE.search(t)
    if tp:
        return (
            "output",
            f"Reads as an output: “{tp.group(0)}” counts work done per worker or period, how busy "
            "the firm is.",
        )
    effort_m = re.match(
        rf"\s*(?:the\s+)?(?:number|count)\s+of\s+[\w-]+\s+(?P<who>(?:a|an|each|the)\s+(?!{_PER_STAFF}\b)[\w-]+)"
        r"\s+(?:has\s+to\s+|must\s+|needs\s+to\s+)?[a-z]+s\b(?:\s+in)?",
        t,
        re.I,
    )
    if effort_m:  # "Number of viewings a renter attends …": what the customer has to do
        return (
            "outcome",
            f"Reads as an outcome: it counts what “{effort_m.group('who')}” has to do to get it done, "
            "from the customer's side.",
        )
    if re.match(r"\s*(?:(?:the\s+)?(?:number|count|total|volume)\s+of|how\s+many)\b", t, re.I):
        return (
            "output",
            "Reads as an output: a count of things produced says what the firm did; say whose "
            "result it is to make it an outcome.",
        )
    res = _OUTCOME_RESULT_RE.search(t)
    if res:
        return (
            "outcome",
            f"Reads as an outcome: “{res.group(0)}” is a result, not an activity.",
        )
    return (
        "outcome",
        "Probably an outcome: it names no activity of the firm and no money result; check that it "
        "is counted from the customer's side, from their trigger to their result.",
    )


# --------------------------------------------------------------------------- outcome statements

OUTCOME_DEFECTS: tuple[str, ...] = (
    "empty_or_noise",
    "weasel_words",
    "firm_activity",
    "output_not_outcome",
    "compound",
    "too_vague",
    "no_direction",
    "no_metric",
    "no_object",
    "no_context",
)
GOOD, UNSURE, BAD = "good", "unsure", "bad"

# A trailing phrase that may be a context the rules do not know ("by text message", "for a repair").
_MAYBE_CONTEXT_RE = re.compile(
    r"\b(?:for|with|by|via|through|using|across|over|around|under|as|at|on|in|into|from|to)\s+"
    r"(?:the|a|an|my|our|their|his|her|every|each|any|your|this|that|one|some|[\w'’-]+ing\b)"
    r"(?:\s+[\w'’-]+)+$",
    re.I,
)
# After these words a preposition belongs to the verb ("waits for", "pay for", "asked for").
_GOVERNING_VERB_RE = re.compile(
    r"\b(?:waits?|waiting|waited|pay|pays|paid|ask|asks|asked|look|looks|looking|apply|applies|applying"
    r"|call|calls|called|charged|search|searching|queue|queues|queuing|hunt|hunting|chase|chasing"
    r"|send|sends|sent|spell|spells|speak|speaks|talk|talks|write|writes|listen|reply|get\s+through"
    r"|make|makes|made|charged\s+\w+)\s*$",
    re.I,
)
_BARE_TARGET_END_RE = re.compile(
    rf"\s+(?:in\s+under|in\s+less\s+than|within|in|under|inside)\s+(?:{_NUM}|an?)\s+{_TIME_UNIT}\s*$",
    re.I,
)


@dataclass(frozen=True)
class OutcomeParse:
    """Where each part of an outcome statement is, and the main defect by the corpus's precedence."""

    text: str
    direction: Span | None
    metric: Span | None
    object: Span | None
    context: Span | None
    weasels: tuple[Span, ...]
    firm: tuple[Span, ...]
    outputs: tuple[Span, ...]
    compound: Span | None
    vague: Span | None
    vague_direction: Span | None
    target: Span | None
    non_metric: Span | None
    maybe_context: Span | None  # the phrase to suggest as context when none was found
    defect: str | None
    verdict: str  # GOOD, UNSURE or BAD

    def parts(self) -> dict[str, Span | None]:
        """The four parts by name."""
        return {
            "direction": self.direction,
            "metric": self.metric,
            "object of control": self.object,
            "context": self.context,
        }


_LEADING_CONTEXT_RE = re.compile(
    r"^\s*(?:after|when|whenever|while|during|before|if|once|following|in\s+the\s+event\s+of|at\s+renewal"
    r"|each|every|without|between)\b[^,]{2,120}?,",
    re.I,
)


_STATES = r"lost|late|damaged|broken|missing|delayed|cancelled|stolen|left|wrong|faulty|incomplete|refused|rejected"
_STATE_PAIR_RE = re.compile(
    rf"\b(?:is|are|was|were|gets?|got|arrives?|being)\s+(?:{_STATES})(\s+(?:or|and)\s+)(?:{_STATES}|[a-z]+ed|arrives?\s+\w+)\b",
    re.I,
)
_PEOPLE_RE = re.compile(
    r"(?:for\s+)?(?:the\s+|a\s+|an\s+|my\s+|our\s+|all\s+)?(?:[\w-]+\s+){0,2}?(?:customers?|buyers?|tenants?|residents?"
    r"|patients?|passengers?|members?|families|parents|students|pupils|users?|clients?|guests?|owners?"
    r"|drivers?|people|households?|shoppers?|travellers?|callers?|applicants?|claimants?|borrowers?|savers?)",
    re.I,
)
_ACTION_RE = re.compile(
    r"\b(?:i|we|they|you|he|she)\b|(?<!\ba\s)(?<!\ban\s)(?<!\bthe\s)\b[a-z]+(?:ing|ed)\b"
    r"|(?:^|\b(?:to|and|can|must)\s+)(?:get|make|fill|send|pay|see|take|go|do|have|find|open|close|move|book|buy"
    r"|sell|change|claim|renew|switch)\b",
    re.I,
)


def _span_metric_parts(t: str, metric: Span) -> tuple[Span | None, Span | None] | None:
    """'the time between A and B' / 'the time from A to B': object B, context 'between A'."""
    m = re.compile(r"\s+(between|from)\s+(.+?)\s+(and|to|until)\s+(.+)$", re.I).match(t, metric.end)
    if not m:
        return None
    ctx = _mk(t, m.start(1), m.end(2), "span")
    obj = _mk(t, m.start(4), m.end(4), "object")
    return obj, ctx


def analyse_outcome(text: object) -> OutcomeParse:
    """Find direction, metric, object of control and context as spans, and name the main defect."""
    t = prepare(text)
    weasels = tuple(find_weasels(t))
    firm = tuple(find_firm_activity(t))
    ensure = _ENSURE_RE.match(t)
    if (
        ensure
        and not firm
        and re.search(
            r"\b(?:is|are|be|get|gets)\s+(?:[a-z]+ed|told|sent|given|seen|shown)\b", t, re.I
        )
    ):
        firm = tuple(
            s for s in [_mk(t, ensure.start(), ensure.end(), "firm-verb")] if s
        )  # "Ensure residents are contacted"
    outputs = tuple(find_output_measures(t))
    direction = find_direction(t)
    vague_direction = find_vague_direction(t)
    target = find_target(t)
    metric = None
    if direction is not None and direction.text.lower() in ("fewer", "less"):
        metric = find_comparative_metric(t, direction)
    if metric is None:
        metric = find_metric(t, direction.end if direction else 0)
    non_metric = find_non_metric(t, direction.end if direction else 0)
    if metric is not None and non_metric is not None and non_metric.start < metric.start:
        metric = None  # "the hassle of ... " : the quantity named first is not countable
    obj = ctx = None
    if metric is not None:
        special = _span_metric_parts(t, metric) if metric.kind == "time" else None
        if special is not None:
            obj, ctx = special
        else:
            for c in find_contexts(t, metric.end):
                o = find_object(t, metric.end, c.start)
                if o is not None:
                    obj, ctx = o, c
                    break
            if obj is None:
                cs = find_contexts(t, metric.end)
                first = next(iter(cs), None)
                obj = find_object(t, metric.end, first.start if first else len(t))
                ctx = None
                later = [c for c in cs if first is not None and c.start > first.start]
                if (
                    obj is None
                    and first is not None
                    and first.kind == "purpose"
                    and not t[metric.end : first.start].strip()
                    and later
                ):  # "the number of clicks | to cancel a fitness class | on my phone"
                    obj = find_object(t, first.start, later[0].start)
                    ctx = later[0] if obj is not None else None
    if (
        obj is not None
        and _PEOPLE_RE.fullmatch(obj.text)
        and (ctx is None or ctx.kind != "purpose")
    ):
        obj = None  # "the risk for first-time buyers": who, not what the risk is of
    if (
        obj is not None
        and metric is not None
        and metric.kind == "count"
        and re.fullmatch(r"\s+for\s+", t[metric.end : obj.start])
        and not _ACTION_RE.search(obj.text)
    ):
        obj = None  # "the number of documents for a pension transfer": no action on the unit
    if ctx is None and direction is not None:
        lead = _LEADING_CONTEXT_RE.match(t)
        if lead and lead.end() <= direction.start:  # "After a flood, minimise ..."
            ctx = _mk(t, lead.start(), lead.end(), "circumstance")
    maybe = None
    if obj is not None and ctx is None:
        core = _BARE_TARGET_END_RE.sub("", obj.text)  # a bare target is never context (RULES §1.1)
        mm = _MAYBE_CONTEXT_RE.search(core)
        if mm and not _GOVERNING_VERB_RE.search(core[: mm.start()]):
            cand = _mk(t, obj.start + mm.start(), obj.end, "maybe")
            rest = find_object(t, obj.start, obj.start + mm.start())
            if cand is not None and rest is not None:
                maybe = cand
    compound = find_compound(t, direction.end if direction else 0)
    if compound is None and obj is not None:
        cm = re.compile(
            r"\sas\s+well\s+as\s+(?:to\s+)?[a-z]+\b"  # "book a service as well as collect my car"
            r"|\sand\s+to\s+[a-z]+\b"  # "for a roofer to quote and to start work"
            r"|\s(?:and|or)\s+for\s+(?:the|a|an|my|their)\s+[a-z]+\b"  # "for a scan and for the results"
            r"|\s(?:and|or|as\s+well\s+as)\s+(?:then\s+|also\s+)?(?:to\s+)?(?:get|gets|be|have|has|know|receive|pay|keep"
            r"|see|find|avoid|make|hear)\b",
            re.I,
        ).search(t, obj.start, ctx.start if ctx else len(t))
        if cm:
            compound = _mk(t, cm.start(), cm.end(), "compound")
    if compound is None and obj is not None:
        # A joiner left dangling ("get my car serviced and | to get its MOT done"), or two
        # things joined ("a refund or a replacement", "emails I send and the offices I visit").
        jm = re.search(r"\s(?:and|or)\s*$", obj.text) or re.search(
            r"\s(?:and|or)\s+(?:(?:a|an|the|my|its|their|our|your)\s+[\w'’-]+"
            r"|[a-z]+ing\s+(?:my|the|a|an|their|our|your)\b)",
            obj.text,
        )
        if jm and "between" not in obj.text.lower()[: jm.start()]:
            compound = _mk(t, obj.start + jm.start(), obj.start + jm.end(), "compound")
    if compound is None and metric is not None and metric.kind == "count":
        two = re.match(r"\s+(?:and|or)\s+(?:the\s+)?[a-z]+s\b", t[metric.end :], re.I)
        if two:  # "the number of forms and offices": two things counted
            compound = _mk(t, metric.end, metric.end + two.end(), "compound")
    if compound is None and obj is not None:
        pair = _STATE_PAIR_RE.search(obj.text)
        if pair:  # "my parcel is late or damaged": two things that could each go wrong
            compound = _mk(t, obj.start + pair.start(1), obj.start + pair.end(1), "compound")
    if compound is None and metric is not None:
        tm = re.compile(r"\bto\s+[a-z]+\b[^,]*?\s(and\s+to\s+[a-z]+)\b", re.I).search(t, metric.end)
        if tm:  # "for a roofer to quote and to start work": two jobs, however they are read
            compound = _mk(t, tm.start(1), tm.end(1), "compound")
    vague = find_vague(t)

    if is_noise(t):
        defect = "empty_or_noise"
    elif weasels:
        defect = "weasel_words"
    elif firm:
        defect = "firm_activity"
    elif outputs and direction is not None:
        defect = "output_not_outcome"
    elif compound is not None:
        defect = "compound"
    elif (
        metric is None
        and vague is not None
        and vague.start
        < next(
            (
                c.start
                for c in find_contexts(t, direction.end if direction else 0)
                if c.kind != "place"
            ),
            len(t),
        )
        and not has_concrete_job(t)
        or (metric is not None and obj is not None and _VAGUE_OBJECT_RE.fullmatch(obj.text))
        or _THINGS_WRONG_RE.search(t)
        or (  # "calls I make to get a better service": the job itself is an abstraction
            ctx is not None
            and ctx.kind == "purpose"
            and re.match(
                r"to\s+(?:get|have|receive|find)\s+(?:a\s+|some\s+)?(?:better\s+|good\s+|great\s+|proper\s+)?"
                r"(?:service|satisfaction|experience|help|support)\b",
                ctx.text,
                re.I,
            )
        )
        or (  # "the number of bad experiences": what is counted is an abstraction
            metric is not None
            and metric.kind == "count"
            and re.search(r"\b(?:experiences|things|issues|problems|moments)$", metric.text, re.I)
        )
        or (obj is not None and _VAGUE_TAIL_RE.search(obj.text))
        or (  # "the time spent on things when moving house": time on no job at all
            metric is not None
            and re.match(
                r"\s*(?:it\s+takes\s+(?:me\s+)?|i\s+spend\s+|spent\s+)?(?:on|with|about|doing|sorting)\s+"
                r"(?:things|stuff|everything|it\s+all)\b",
                t[metric.end :],
                re.I,
            )
        )
        or (  # "the time I spend | on my whole insurance experience": what the time is spent on
            obj is not None
            and ctx is not None
            and re.search(r"\b(?:spend|spends|spent|deal|deals)$", obj.text, re.I)
            and re.match(
                rf"(?:on|with)\s+(?:[\w'’-]+\s+){{0,3}}(?:{_VAGUE_OBJECT_WORDS})\b", ctx.text, re.I
            )
        )
        or (
            metric is not None
            and obj is None
            and vague is not None
            # in what is measured, not in the context ("when my broadband fails")
            and (
                vague.start < next((c.start for c in find_contexts(t, metric.end)), len(t))
                # "the time spent on the overall customer journey": what is measured, after "on"
                or re.match(r"\s*(?:on|with|of|for)\s+", t[metric.end :])
                and vague.start - metric.end < 40
            )
            and not has_concrete_job(t)
        )
    ):
        defect = "too_vague"
    elif direction is None:
        defect = "no_direction"
    elif metric is None:
        defect = "no_metric"
    elif obj is None:
        defect = "no_object"
    elif ctx is None:
        defect = "no_context"
    else:
        defect = None
    if defect is None:
        verdict = GOOD
    elif defect == "no_context" and maybe is not None:
        verdict = UNSURE
    else:
        verdict = BAD
    return OutcomeParse(
        t,
        direction,
        metric,
        obj,
        ctx,
        weasels,
        firm,
        outputs,
        compound,
        vague,
        vague_direction,
        target,
        non_metric,
        maybe,
        defect,
        verdict,
    )


# --------------------------------------------------------------------------- SMART needs

SMART_LETTERS: tuple[str, ...] = ("specific", "measurable", "achievable", "relevant", "time_bound")

_WHO_RE = re.compile(
    r"\b(?:i|i'm|i've|i'd|me|my|mine|we|our|us)\b"
    r"|\b(?:an?|the|each|every|our|older|new|first-time|young)?\s*(?:customers?|policyholders?|drivers?"
    r"|homeowners?|households?|famil(?:y|ies)|owners?|claimants?|renters?|tenants?|members?|patients?"
    r"|passengers?|travellers?|commuters?|residents?|parents?|buyers?|shoppers?|jobseekers?|traders?"
    r"|businesses|callers?|users?|applicants?|students?|pupils?|victims?|people|he|she|they|their|them)\b",
    re.I,
)
_ASPIRATION_RE = re.compile(
    r"\b(?:feel(?:s|ing)?|peace\s+of\s+mind|looked\s+after|better|nicer|cleaner|happier|happy|healthy|good|nice"
    r"|the\s+right|remember|cheaper|nicer|life|on\s+track|just\s+work|relationship|valued|cared\s+for|a\s+better\s+deal"
    r"|(?:a\s+)?(?:fair|decent|square|good|great)\s+(?:deal|price|treatment)|value\s+for\s+money"
    r"|pay\s+less|more\s+cover|get\s+more|less\s+hassle|sorted|whenever\s+i\s+want|best"
    r"|confiden(?:ce|t)|reassur\w*|worr(?:y|ies|ied|ying)|justice|secure|in\s+control|trust|more\s+value|proud"
    r"|(?:more|less)\s+(?:reliable|comfortable|pleasant|personal|friendly|flexible|stress\w*|anxiety|hassle)"
    r"|anxiety|stress|warm\s+welcome|breathing\s+space|go(?:es|ing)?\s+well|went\s+well|enjoyable|pleasant"
    r"|relaxing|memorable|lovely|fairer|fair\s+(?:price|deal|share|treatment|say))\b",
    re.I,
)
# A feeling is never one concrete result, however soon it is promised ("feel listened to within 2 weeks").
_FEELING_RE = re.compile(
    r"\b(?:is|are)\s+(?:happy|content|settled|calm|relaxed)\b|"
    r"\b(?:to\s+)?feel(?:s|ing)?\s+(?!(?:the|a|an|my|any|it)\b)\w+|\bpeace\s+of\s+mind\b|\breassurance\b|\b(?:be|being|feel)\s+listened\s+to\b"
    r"|\b(?:be|being)\s+treated\s+(?:fairly|with\s+(?:dignity|respect|kindness|care|compassion))|\bdignity\b"
    r"|\b(?:be|being|feel)\s+(?:respected|valued|cared\s+for|looked\s+after|heard|understood)\b"
    r"|\bto\s+remember\b|\bof\s+a\s+lifetime\b|\b(?:we|i)\s+(?:love|adore)\b|\b(?:a|an)\s+(?:happy|calm|comfortable"
    r"|relaxed|stress-free|lovely|pleasant|nice|good|great)\s+(?:[\w-]+\s+)?(?:dog|cat|pet|visit|journey|stay|day"
    r"|trip|holiday|time|experience|evening|night|weekend|wedding|move|child|baby)\b"
    r"|^\s*(?:trust|clarity|certainty|confidence|reassurance|something)\b|\bfits?\s+(?:[\w'’-]+\s+)?needs\b"
    r"|\bhappy\s+(?:at|in|with|about)\b|\b(?:who|that)\s+(?:actually\s+|really\s+)?cares?\b"
    r"|\bmakes?\s+(?:me|us)\s+(?:want|feel)\b|\bworth\s+(?:watching|reading|visiting|the\s+money|it)\b"
    r"|^\s*reliable\b|\bcomfortable\s+commute\b|\bback\s+to\s+normal\b|\bsense\s+of\s+(?:belonging|security|community)\b"
    r"|^\s*(?:some\s+)?(?:support|help)\s+for\b|\bthat\s+knows\s+me\b|\bjoined-up\b|^\s*fairness\b|\ba\s+positive\s+\w+"
    r"|\b(?:less|more)\s+disruption\b|\bwarm\s+welcome\b|\bstay\s+healthy\b|\bon\s+good\s+terms\b|\btreated\s+like\s+an?\s+\w+"
    r"|\bhave\s+a\s+say\b|\b(?:less|more)\s+pressure\b|^\s*support\s+(?:as|when|whenever)\b",
    re.I,
)
# A comparative with no number says no result, however soon ("a nicer crossing by Friday").
_COMPARATIVE_ONLY_RE = re.compile(
    r"(?:an?\s+)?(?:better|nicer|cleaner|happier|cheaper|fairer|healthier|safer)(?:\s+(?:deal|price|treatment))?$"
    r"|value\s+for\s+money$",
    re.I,
)
# An amount nobody can check ("plenty of notice"): not measurable, whatever date follows it.
_VAGUE_AMOUNT_RE = re.compile(
    r"\b(?:plenty\s+of|enough|adequate|sufficient|reasonable)\s+(?:notice|warning|time|support|help)\b",
    re.I,
)
_VAGUE_WHEN_RE = re.compile(
    r"\b(?:in\s+good\s+time|in\s+due\s+course|as\s+soon\s+as\s+(?:possible|practicable|they\s+can)|asap|soon"
    r"|shortly|without\s+(?:undue\s+)?delay|at\s+the\s+earliest\s+opportunity|in\s+a\s+reasonable\s+time"
    r"|before\s+long|in\s+the\s+near\s+future|at\s+some\s+point|eventually|sooner\s+rather\s+than\s+later)\b",
    re.I,
)
_SECOND_NEED_RE = re.compile(
    r"\band\s+to\s+[a-z]+\b|\band\s+(?:lower|cheaper|better|faster|fewer|more)\s+[a-z]+"
    r"|\b(?:and|or|as\s+well\s+as|plus|while)\s+(?:also\s+)?(?:to\s+)?(?:pay|get|getting|have|having|receive|receiving|be|know|see|keep"
    r"|find|save|feel|speak|hear|avoid|never|always|swap|switch|change|open|close|move|collect|book|use"
    r"|talk|return|exchange)\b",
    re.I,
)
_HARD_ABSOLUTE_RE = re.compile(
    r"\bzero\s+(?:late|lost|missed|failed|cancelled|delayed|dropped|broken|[a-z]+ed)\s+[\w-]+"
    r"|\bzero\s+(?:[\w-]+\s+)?(?:arrivals|bags|complaints|faults|errors|delays|problems|failures|cancellations"
    r"|incidents|breakdowns|outages|defects|mistakes|issues|scratches|dents|marks|breakages|damage|leaks|stains"
    r"|late\s+\w+|lost\s+\w+)\b|\b0\s?%\s+(?:chance|risk"
    r"|likelihood)\b|\bguaranteed\s+(?:[\w-]+\s+)?(?:place|pass|win|approval|acceptance|offer)\b"
    r"|\b(?:place|pass|approval|acceptance|offer|win)\s+guaranteed\b|\bwhatever\s+(?:grades?|happens"
    r"|the\s+weather)\b|\bnot\s+once\b|\bin\s+under\s+(?:\d+|a|a\s+few|ten|five)\s+seconds?\b"
    r"|\b(?:at\s+my\s+door|on\s+(?:the|my)\s+doorstep|delivered|redelivery|redelivered|pain-free|cured|healed)\b[^.]{0,60}?\bwithin\s+(?:1|2|3|5|10|15|one"
    r"|two|three|five|ten|a\s+few)\s+(?:minutes?|mins?)\b|\b(?:funeral\s+(?:held|arranged|organised|organized|done)|cremation|burial)\b[^.]{0,30}?\bwithin\s+(?:[1-6]|one|two|three|a|an"
    r"|a\s+few)\s+hours?\b"
    r"|\bevery\s+single\s+time\b|(?<!\bat\s)(?<!\bfrom\s)\bthe\s+(?:moment|instant|second)\s+(?:i|we|they|you)\b|\bwith\s+no\s+risk\b"
    r"|\brisk-free\b|\bguaranteed\s+(?:returns?|growth)\b|"
    r"\bany\s+[\w'’-]+\b[^.]{0,60}?\bwithin\s+(?:\d+|one|two|five|ten|a|an)\s+(?:seconds?|secs?|minutes?|mins?)\b"
    r"|\bwithin\s+(?:\d+|one|two|five|ten|a|an)\s+(?:seconds?|secs?|minutes?|mins?)\s+of\s+any\b"
    # not one, not even, never a single second, for the rest of my life, every case on the day
    r"|\bnot\s+(?:one|a\s+single)\b|\bnot\s+even\b|\bnever\s+a\s+(?:single\s+)?(?:second|minute|moment|day)\b"
    r"|\bfor\s+the\s+rest\s+of\s+my\s+life\b|\bnever\b[^.]*\bfor\s+(?:the\s+(?:next\s+|whole\s+)?)?(?:\d+\s+|\w+\s+)?years?\b"
    r"|\bnever\b[^.]*\bfor\s+the\s+rest\s+of\b|\bevery\s+(?:single\s+)?day\s+of\s+the\s+year\b"
    r"|\b(?:no|zero|never)\b[^.]*\b(?:(?:for|in)\s+the\s+next\s+\d+\s+years|for\s+the\s+whole\s+of|at\s+any\s+hour|365\s+days)\b"
    r"|\bno\s+[\w-]+\s+at\s+all\b"
    r"|\b(?:offered|allocated|given)\s+a\s+(?:new\s+)?(?:[\w-]+\s+)?(?:home|house|flat|property)\b[^.]{0,30}?"
    r"\bwithin\s+(?:(?:\d+|an?|one)\s+hours?|(?:1|one|a)\s+day)\b"
    r"|\b24\s+hours\s+a\s+day,?\s+365\s+days\b|\b24/7/365\b|\bin\s+the\s+same\s+(?:minute|second)\b"
    r"|\b(?:every|each)\s+(?:home|house|household|street|town)\s+in\s+the\s+(?:country|uk|world|region)\b"
    r"|\bany\s+(?:centre|branch|location|station|store|day|time)\s+(?:i|we)\s+(?:pick|choose|want|like)\b"
    r"|\b(?:all|whole|entire)\b(?:\s+of)?\s+(?:my|our|the)\s+[\w-]+\s+written\s+off\b"
    r"|\bwithin\s+(?:1|2|one|two|an|a)\s+hours?\s+of\s+(?:my|the|a)\s+(?:gp\s+)?referral\b"
    r"|\b(?:sale\s+(?:agreed|completed)|sold|buyer\s+found)\b[^.]{0,60}?\bwithin\s+(?:(?:\d+|one|two|an|a)\s+hours?"
    r"|(?:1|one|a)\s+day)\b"
    r"|\b(?:full\s+)?recovery\b[^.]{0,40}?\bwithin\s+(?:(?:1|2|3|one|two|three|a|an)\s+days?|(?:\d+|an?)\s+hours?)\b"
    r"|\b(?:from|to)\s+(?:abroad|overseas)\b[^.]{0,40}?\bwithin\s+(?:1|2|one|two|an|a)\s+hours?\b"
    r"|\bwithin\s+(?:1|2|one|two|an|a)\s+hours?\b[^.]{0,60}?\b(?:from|to)\s+(?:abroad|overseas)\b"
    r"|\bin\s+(?:any|all)\s+weathers?\b|\b0\s+(?:minutes?|mins?|seconds?|hours?|days?|waiting|wait|queu\w*|delays?|errors?)\b|\b(?:zero|no|never)\b[^.]*,\s*ever\b|\b(?:every|all)\b[^.]{0,60}?\bon\s+the\s+(?:same\s+)?day\s+(?:it|they)"
    r"\s+(?:appears?|happens?|occurs?|breaks?|(?:is|are)\s+reported)\b"
    r"|\bnever\b[^.]*\b(?:again|for\s+ever|forever|anywhere|any\s+\w+)\b|\bfor\s+ever\b|\bforever\b"
    r"|\b100\s?%|\ba\s+hundred\s+per\s?cent\b|\banywhere\s+in\s+(?:the\s+)?(?:country|world|uk|town|city|county|region|state|nation|area)\b"
    r"|\bany\s+(?:[\w-]+\s+)?(?:amount|sum|size|value|time\s+of\s+(?:day|night))\b"
    r"|\bwhatever\s+(?:the\s+)?(?:balance|amount|cost|size|value|price|sum|circumstances|damage)\b"
    r"|\bwithin\s+(?:[1-9]|1\d|2\d|a|a\s+few|one|two|three|five|ten|fifteen|twenty)\s+(?:seconds?|secs?)\b"
    r"|\binstant(?:ly)?\b(?!-)|\bimmediately\b"
    r"|\bzero\s+(?:waiting|wait|delays?|errors?|problems?|faults?|downtime|queues?|queuing|seconds?|minutes?"
    r"|hours?|days?)\b|\bnever\b[^.]*\b(?:whatever|no\s+matter|even\s+(?:a|one|for|once))\b"
    r"|\b(?:specialist|consultant|surgeon|psychiatrist|psychologist|operation|operated\s+on|surgery|scan|mri|x-ray|biopsy|diagnos\w*|treatment"
    r"|passport|visa|planning\s+permission|probate|citizenship|certificate|blood\s+tests?|test\s+results?|lab\s+results?)\b"
    r"(?:(?!\bwants?\b|\bneeds?\b)[^.]){0,60}?"
    r"\b(?:within|in\s+under|in\s+less\s+than|in)\s+(?:\d+|one|two|three|five|ten|a|a\s+few)\s+(?:seconds?|secs?|minutes?|mins?)\b"
    # "seen within 30 minutes of my appointment time", "a call within 30 minutes of it finishing"
    r"(?!\s+of\s+(?:(?:my|the|its?)\s+)?(?:appointment|booked|slot|finishing|ending))"
    r"|\b(?:passport|visa|licen[cs]e|planning\s+permission|probate|citizenship|(?:re-?)?mortgage)\b[^.]{0,60}?"
    r"\b(?:within|in\s+under|in)\s+(?:1|2|one|two|an|a|half\s+an)\s+hours?\b"
    r"|\b(?:whole|entire)\b(?!\s+(?:family|group|party|team|class|household)\b)[^.]{0,60}?\b(?:within|in)\s+(?:(?:\d+|one|two|three|ten|a|an)\s+(?:minutes?|mins?)"
    r"|(?:1|2|3|one|two|three|a|an)\s+hours?)\b"
    r"|\b(?:whole|entire)\b[^.]{0,60}?\b(?:repaired|rebuilt|rewired|replumbed|dried\s+out|redecorated|refitted"
    r"|renovated|replaced)\b[^.]{0,30}?\bwithin\s+(?:\d+|one|two|a|an)\s+(?:minutes?|mins?|hours?)\b"
    r"|\b(?:every|all)\b(?!\s+\d)[^.]{0,60}?\bwithin\s+(?:\d+|one|two|three|ten|a|an)\s+(?:minutes?|mins?)\b"
    r"|\b(?:fix|fixed|fixes|repair|repaired|mend|mended|fill|filled|build|built|rebuild|rebuilt|dry|dried|drained|fitted|replace"
    r"|replaced|renovate|renovated)\b[^.]{0,60}?\bwithin\s+(?:\d+|one|two|five|ten|fifteen|twenty|thirty)"
    r"\s+(?:minutes?|mins?)\b"
    r"|\b(?:fix|fixed|repair|repaired|replace|replaced|rebuild|rebuilt|renovate|renovated)\b(?!\s+(?:a|my|the)\s+puncture)"
    r"(?:(?!puncture|screen|battery|tyre|lock|key)[^.]){0,60}?\bwithin\s+(?:1|one|an|a|half\s+an)\s+hours?\b"
    # under a minute for what people or machines must do: "through security within 30 seconds"
    r"|(?<!\bspeak\s)(?<!\btalk\s)(?<!\banswered\s)\bwithin\s+(?:[3-5]\d|thirty|forty|fifty)\s+(?:seconds?|secs?)\b"
    r"(?<=\w)(?!\s+of\s+(?:pulling|pressing|dialling|calling|ringing))"
    # a few minutes to a person or an appointment, whatever the hour
    r"|\bwithin\s+(?:\d+|one|two|five|ten|a|a\s+few)\s+minutes?\b[^.]{0,40}?\bany\s+(?:hour|time)\s+of\b"
    r"|\bany\s+(?:hour|time)\s+of\b[^.]{0,40}?\bwithin\s+(?:\d+|one|two|five|ten|a|a\s+few)\s+minutes?\b"
    # for ever: "no mould ever again", "every move we ever make"
    r"|\bever\s+again\b|\b(?:every|any|all)\b[^.]{0,40}?\b(?:we|i|they)\s+ever\b"
    # protection from everything: "full protection from every travel illness"
    r"|\b(?:full|total|complete|100\s?%)\s+protection\b"
    r"|\bevery\s+(?:[\w-]+\s+)?(?:illness|illnesses|disease|diseases|virus|viruses|infection|infections|bug|germ)\b",
    re.I,
)
# A minute is enough for a code by text or a card frozen, not for work people or machines must do.
_ONE_MINUTE_RE = re.compile(
    r"\b(?:within|in\s+under|in\s+less\s+than|in)\s+(?:1|one|a|a\s+single)\s+minute\b", re.I
)
_DIGITAL_RE = re.compile(
    r"\b(?:text|texts|sms|emails?|e-mails?|codes?|pac|frozen|freeze|blocked|block|notifications?|alerts?"
    r"|confirm\w*|receipts?|apps?|online|answer\w*|messages?|pings?|links?|log\s+in|login|password|pin)\b",
    re.I,
)
_SOFT_ABSOLUTE_RE = re.compile(
    r"\b(?:always|never|every\s+time|all\s+the\s+time|guarantee[ds]?|perfect(?:ly)?|no\s+(?:errors?|problems?"
    r"|complaints?))\b",
    re.I,
)
# Sweeteners the firm hands out: gifts, points, discounts on other things, sales offers. A remedy
# that happens to be free ("a free replacement router", "return it for free") is not one, nor is
# the customer's own discount ("my no-claims discount", "a discount on my bill").
_REMEDY_NOUNS = (
    r"replacement|repair|repairs|return|returns|delivery|collection|cancellation|transfer|callback"
    r"|call-back|change|changes|exchange|swap|fix|visit|check|check-up|advice|help|support|guidance|parking|courtesy|removal"
    r"|reconnection|installation|survey|assessment|copy|copies|cash|withdrawals?|switching|upgrade"
    r"|space|spaces|seat|seats|slot|slots|table|tables|appointment|appointments|desks?|bays?|rooms?|lockers?"
    r"|chargers?|computers?|pcs?|spots?|pitch(?:es)?|beds?|courts?|lanes?|dock|docks|booths?"
)
_PERK_RE = re.compile(
    rf"(?<!\bfor\s)(?<!-)\bfree\s+(?!of\b|to\b|at\b|from\b|on\b|in\b|with\b|when\b|if\b|for\b|and\b|or\b|up\b|within\b|by\b|before\b|after\b|until\b|again\b|now\b|today\b)(?!(?:cars?|bikes?|scooters?|vans?)\s+(?:within|near|nearby|available|at|on|to|outside)\b)"
    rf"(?!(?:{_REMEDY_NOUNS})\b)(?!(?:[\w'’-]+\s+)(?:{_REMEDY_NOUNS})\b)[\w'’-]+"
    r"|(?<!\bmy\s)(?<!\bour\s)(?<!\bthe\s)(?<!no-claims\s)(?<!no\s)(?<!claims\s)(?<!person\s)(?<!student\s)\bdiscounts?\b(?!\s+(?:on|off)\s+(?:my|our|the\s+next|my\s+next)\b)"
    r"|\b\d+(?:[.,]\d+)?\s?%\s+off\b(?!\s+(?:my|our)\b)|[£$€]\s?\d+(?:[.,]\d+)?\s+off\s+(?!(?:my|our)\b)"
    r"|\b\d+\s+(?:pounds|dollars|euros)\s+off\s+(?!(?:my|our)\b)|\b(?:\d+|one|two|three|six)\s+(?:months?|weeks?)\s+free\b"
    r"|\b(?:loyalty|bonus|reward|rewards|extra)\s+points?\b|\bpoints\s+(?:for|on)\b|\bair\s+miles\b"
    r"|(?<!referral\s)(?<!food\s)(?<!my\s)(?<!\bof\s)\bvouchers?|\bcoupons?\b|\b(?:2|two)-for-(?:1|one)\b|\bhalf[- ]price\b|\bcashback\b|\bprize(?:\s+draw)?s?\b|\braffle\b|\bcompetition\b"
    r"|\b(?:tickets?|seats?)\s+(?:to|for)\s+(?:a|an|the)\s+(?:football\s+|rugby\s+|cricket\s+|tennis\s+)?"
    r"(?:match|game|show|concert|gig|film|cinema|theatre|festival|play|musical)\b"
    r"|\b(?:cinema|theatre|concert|restaurant|spa|gym)\s+(?:tickets?|vouchers?|meals?|days?|memberships?|passes?)\b"
    r"|\b(?:free|discounted|cheap)\s+(?:[\w-]+\s+)?(?:cinema|theatre|restaurant|concert|spa|gym)\b"
    r"|\b(?:a\s+)?(?:trip|night|day|evening)\s+(?:out\s+)?(?:to|at)\s+(?:a|an|the)\s+(?:cinema|theatre|restaurant|concert|spa)\b"
    r"|\b(?:bottles?|box|boxes|hampers?)\s+of\s+\w+|\b(?:wine|chocolates|flowers|hampers?|umbrellas?|mugs?"
    r"|calendars?|tote\s+bags?|goodie\s+bags?|t-shirts?|merchandise|gadgets?|smart\s+speakers?|phone\s+cases?"
    r"|gifts?(?!\s+(?:amount|aid|value))|rentals?(?!\s+(?:desk|counter|car|cars|van|agency|company|office|property|home|flat|house|bike|payments?))"
    r"|magazines?|newsletters?|marketing|cruises?)\b"
    r"|\b(?:an?\s+)?offers?\s+(?:for|of)\s+(?:an?\s+)?(?:\d+\s?%\s+|new\s+|free\s+)*(?:credit\s+cards?|cards?|loans?"
    r"|policy|policies|products?|accounts?|contracts?|subscriptions?|memberships?|bundles?|packages?|phones?)\b"
    r"|\bupgrade\s+offer|\bpre-approved\s+(?:credit\s+cards?|loans?|overdrafts?)|\bbranded\s+[\w-]+|\b(?:hoodies?|stickers?|keyrings?|key\s+rings?|baseball\s+caps?)\b",
    re.I,
)
# Money off or something free, and what it is on: a sweetener when that is outside the category.
_SWEETENER_RE = re.compile(
    r"(?:\b\d+(?:[.,]\d+)?\s?%|[£$€]\s?\d+(?:[.,]\d+)?)\s+(?:discount\s+on|off)\s+(?P<on>(?:[\w'’-]+\s+){0,3}[\w'’-]+)"
    r"|(?<!-)\bfree\s+(?P<on2>(?:[\w'’-]+\s+){0,4}[\w'’-]+)",
    re.I,
)
_FIRM_TARGET_RE = re.compile(
    r"\b(?:reduce|increase|cut|improve|raise|lower|grow|boost|drive)\b[^.]*\bby\s+\d+(?:[.,]\d+)?\s?%"
    r"|\b(?:grow|boost|increase|raise|drive)\b[^.]*\bby\s+[£$€]\s?\d+(?:[.,]\d+)?\s?(?:k|m|bn|million|billion)\b"
    r"|\b(?:reduce|increase|cut|keep|raise|lower)\b[^.]*\b(?:to\s+)?(?:under|below|above|over)\s+\d+(?:[.,]\d+)?\s?%"
    r"|\b(?:reduce|increase|cut|improve|raise|lower|halve)\b[^.]*\bby\s+(?:half|a\s+(?:third|quarter))\b"
    r"|\b(?:achieve|hit|meet|reach|maintain|sustain)\s+(?:an?\s+|the\s+|our\s+)?[^.]{0,40}?\b(?:rates?|targets?|scores?"
    r"|levels?|%|per\s?cent)\b"
    r"|\b(?!(?:great|good|low|lower|better|competitive|fair|best|cheap|cheaper|decent|interest|exchange|mortgage"
    r"|savings|loan|fixed|variable|tax|hourly|day|night|room|bank|base|the|a|an|my|our)\s)[\w-]+\s+rates?\b"
    r"|\b(?:nps|net\s+promoter|csat|satisfaction\s+scores?|first\s+contact\s+resolution|cost\s+per"
    r"|handle\s+time|volumes?|targets?|kpis?|sla|service\s+level|leakage|utili[sz]ation|call-outs?\s+per|per\s+1,?000|throughput|headcount|backlog|case\s?load"
    r"|productivity|conversion|upsell|cross-sell|market\s+share|revenue|margin|cost\s+to\s+serve"
    r"|(?:savings|deposit|loan|lending|mortgage)\s+balances|footfall|sign-ups|take-up|uptake)\b",
    re.I,
)
_TOLD_BEFORE = (
    r"\b(?:told|tell|know|knowing|see|seeing|shown|given|offered|get|getting|lock|fix|keep|pay|paying"
    r"|find\s+out|learn|check|compare"
    r"|charged|quoted?)\s+(?:(?:the|my|our|a|an|their)\s+)?(?:[\w-]+\s+)?$"
)
_STOPS = r"(?:of|to|and|or|in|on|at|the|a|an|for|by|with|from|than|as|is|are)"
# A count or amount the customer can check ("one visit", "no more than 2 forms", "twice a year").
_COUNTED_RE = re.compile(
    rf"(?:{_MONEY}\s?\d+(?:[.,]\d+)*|\b\d+(?:[.,]\d+)*\s?(?:%|per ?cent\b)"
    rf"|\b{_NUM}\s+(?:(?!{_STOPS}\b)[\w'’-]+\s+)?(?!{_STOPS}\b)[^\W\d_][\w'’-]*"
    r"|\b(?:(?<!\bat\s)once|twice|never|ever\s+again|a\s+penny|no\s+more\s+than\s+\w+|at\s+least\s+\w+|at\s+most\s+\w+|zero\s+\w+)\b"
    r"|\bfor\s+(?:every|each)\s+(?:full\s+)?(?:day|hour|week|month)\b"
    rf"|\b{_NUM}-(?:person|man|woman|seat|bed|room|page|step|day|hour|minute|week|month|year)\b|\b(?:double|triple)\b|\b\d+(?:[.,]\d+)?\s?°\s?[CF]?"
    rf"|\b{_NUM}\s+(?:in|out\s+of)\s+(?:{_NUM}|a\s+(?:hundred|thousand))\b)",
    re.I,
)
_CIRCUMSTANCE_ONLY_RE = re.compile(r"^\s*(?:when|whenever|while|at\s+night|if)\b", re.I)
_FIRST_PERSON_RE = re.compile(r"\b(?:i|i'm|i've|i'd|me|my|mine|we|our|us)\b", re.I)
# Verbs a customer says of what they get or do; a need that opens with another verb and sets a
# quota over many cases ("Rebook 90% of affected passengers", "Load every bag") is the firm's work.
_CUSTOMER_VERBS = frozenset(
    [
        "get",
        "gets",
        "have",
        "has",
        "receive",
        "know",
        "see",
        "be",
        "pay",
        "find",
        "keep",
        "speak",
        "talk",
        "hear",
        "sit",
        "clear",
        "take",
        "use",
        "return",
        "swap",
        "switch",
        "change",
        "move",
        "check",
        "fill",
        "wait",
        "spend",
        "stay",
        "feel",
        "avoid",
        "reach",
        "travel",
        "arrive",
        "board",
        "report",
        "apply",
        "claim",
        "buy",
        "choose",
    ]
)
_QUOTA_RE = re.compile(
    r"\b\d+(?:[.,]\d+)?\s?(?:%|per ?cent)\s+of\s+(?!(?:my|our|the\s+time|the\s+days?)\b)"
    r"|\b(?:every|all|each)\s+(?!(?:time|times|day|week|month|year|morning|evening|night|weekend|of|summer"
    r"|winter|spring|autumn|season|term|quarter|fortnight|renewal|bill|full)\b)"
    r"(?![\d]|one\b|two\b|three\b|four\b)[\w'’-]+"
    rf"|\bper\s+(?:shift|branch|store|shop|clinic|site|depot|ward|office|region|team|desk|{_PER_STAFF})\b",
    re.I,
)
_ENSURE_RE = re.compile(r"^\s*(?:ensure|make\s+sure|guarantee|see\s+to\s+it)\b(?:\s+that)?", re.I)
# Verbs a customer may do too ("Send money to my family", "Complete a meter reading"): the firm's
# work only when they act on many cases at once.
_SHARED_FIRM_VERBS = frozenset(
    [
        "send",
        "complete",
        "register",
        "log",
        "print",
        "install",
        "schedule",
        "book",
        "issue",
        "close",
        "collect",
        "train",
        "sell",
    ]
)
# ...and read as the customer's own action only with a cue from their side: "to the bank",
# "online", "by text", "in the app", "at a shop".
_CUSTOMER_ACTION_CUE_RE = re.compile(
    r"\bto\s+(?:the|my|our|your|a)\s+(?:bank|insurer|council|surgery|practice|hospital|airline|shop|store"
    r"|company|provider|supplier|network|landlord|school|office|family|friend|gp|agent)\b|\bto\s+(?:you|us)\b"
    r"|\b(?:online|by\s+(?:text|phone|email|post|app)|in\s+the\s+app|on\s+(?:my|the)\s+(?:phone|app|website)"
    r"|at\s+(?:a|the|my)\s+(?:shop|store|branch|post\s+office|counter|kiosk|machine)|abroad|overseas"
    r"|to\s+any\s+(?:country|account|bank)|to\s+(?:join|apply|register|claim|open|renew|enrol|qualify)"
    r"|at\s+(?:a|the|my)\s+gym|at\s+home)\b",
    re.I,
)
_MEASURE_START = frozenset(
    [
        "share",
        "percentage",
        "proportion",
        "number",
        "rate",
        "count",
        "average",
        "median",
        "total",
        "time",
        "days",
        "hours",
        "minutes",
        "weeks",
        "months",
        "cost",
        "amount",
        "value",
    ]
)
# How a need opens ("I want", "Customers need", "As a tenant, I'd like"), set aside before its result.
_NEED_LEAD_RE = re.compile(
    r"^\s*(?:as\s+an?\s+[\w'’ -]+?,\s*)?(?:i|we|[\w-]+s)\s+(?:want|need|would\s+like|'d\s+like|expect)\s+(?:to\s+)?",
    re.I,
)
# Three results listed at the head of a need; not a list after one verb ("Register for tax, bins and
# parking") or a list of who or how ("by a named doctor or nurse", "day or night").
_LIST_NEED_RE = re.compile(
    r"(?!(?:register|sign\s+up|apply|pay|choose|compare)\b)(?!(?:a|an|the)\s+[\w-]+,)[^,]{2,60},\s*(?!\s)"
    r"(?!(?:by|including|with|for|such\s+as|like|day|night|in|on|at|from|to|via|within|before|after|without"
    r"|when|if|whether|either|preferably|ideally|between|during|except|apart|around|about)\b)[^,]{2,60}?(?P<join>,?\s+(?:and|or)\s+)"
    r"(?!(?:night|day|evening|weekend)\b)\S",
    re.I,
)
# Two results, each with its own determiner: "A seat on my morning train and a refund within 7 days".
_PAIR_NEED_RE = re.compile(
    r"(?:a|an|my|the|one)\s+[\w'’-]+[^,]*?(?P<join>,?\s+and\s+)(?:a|an|my|the)\s+[\w'’-]+", re.I
)
_JOIN_RE = re.compile(r",?\s+(?:and|or|plus|as\s+well\s+as)\s+", re.I)
_SECOND_START_RE = re.compile(
    r"(?:also\s+|then\s+)?(?:to\s+)?(?:a|an|the|my|our|their|his|her|your|some|any|all|help|advice|support|free"
    r"|get|have|receive|be|know|see|pay|keep|find|speak|hear|swap|switch|change|open|close|move"
    r"|collect|book|use|talk|return|exchange)\b"
    r"|(?:[\w'’-]+\s+){0,2}?(?:[a-z]+ed|sold|sent|done|paid|made|held|fitted|seen|built|put|set)\b",
    re.I,
)


# A need whose subject is the firm's staff, told what to do ("Drivers to complete 120 drops a day").
# The firm (a ward, a branch, a depot) doing something to its customer: "Ward discharges the patient".
_FIRM_ACTOR_RE = re.compile(
    r"^\s*(?:the\s+|our\s+)?(?:ward|practice|surgery|clinic|council|branch|depot|team|crews?|store|warehouse"
    r"|call\s+centre|contact\s+centre|hospital|insurer|bank|airline|courier|landlord)\s+[a-z]+s\s+"
    r"(?:the|a|an|our|all|every|each)\s+(?:[\w-]+\s+)?(?:customers?|patients?|passengers?|tenants?|members?"
    r"|callers?|clients?|residents?)\b",
    re.I,
)
# The firm's people asked to hit a quota, in a customer's mouth: "Patients want our reception team
# to pick up 90% of calls", "Tenants need our operatives completing 6 jobs a day".
_WANT_STAFF_QUOTA_RE = re.compile(
    r"\b(?:want|wants|need|needs|expect|expects)\s+(?:(?:our|the|my|their|your)\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:(?!(?:customers|members|users|passengers|patients|tenants|residents|callers|clients|buyers|drivers"
    r"|owners|travellers|parents|students|shoppers|borrowers|savers)\b)[a-z]+(?:ors|ers|ists|ives|ians)|team|staff"
    r"|warehouse|officers?|handlers?|operatives|volunteers?|advisers?|advisors?|depot|reception|agents?"
    r"|engineers?|crews?|drivers?|nurses?|clerks?)\s+(?:to\s+[a-z]+|[a-z]+ing)\b"
    r"(?=[^.]*(?:\b\d+(?:[.,]\d+)?\s?%\s+of\b|\bon\s+\d+\s?%|\b\d+\s+[\w-]+\s+(?:a|per)\s+day\b|\bon\s+average\b"
    r"|\baverage\s+of\b|\btarget\b|\bindicator\b|\bper\s+(?:day|week|month|shift|hour)\b))",
    re.I,
)
# The firm's own business measures: no customer asks for these ("cost per application", "churn").
_BUSINESS_METRIC_RE = re.compile(
    r"\b(?:cost\s+per\s+\w+|cost\s+to\s+serve|(?:gross\s+|net\s+)?churn|retention\s+(?:rate|offers?|desk|team|of|to)|no-shows|save\s+team"
    r"|average\s+(?:monthly\s+|annual\s+)?(?:gift|spend|order\s+value|basket|revenue)|arpu|upsell|cross-sell"
    r"|market\s+share|conversion\s+rate|revenue|profit\s+margin|ppm|kpis?|slas?"
    r"|(?:field|department|team|our)\s+budgets?"
    r"|(?:the\s+)?(?:company|firm|council|partnership|provider|operator|trust|practice)\s+to\s+(?:reach|hit|achieve|meet|keep)"
    r"|(?:the\s+)?(?:store|firm|company|bank|club|scheme|business|shop|brand)\s+(?:reaches|hits|gets\s+to)"
    r"|(?:hit|meet|reach|achieve|keep)\s+(?:its|their)\s+(?:[\w%-]+\s+){0,3}?(?:targets?|figures?|kpis?|slas?|scores?)"
    r"|target\s+of\s+\d+|for\s+the\s+regulator|occupancy|utili[sz]ation"
    r"|to\s+(?:answer|close|process|resolve|handle|complete|clear)\s+\d+(?:[.,]\d+)?\s?%\s+of|raise\s+[£$€]\s?\d)\b",
    re.I,
)
_STAFF_SUBJECT_RE = re.compile(
    r"^\s*(?:(?:our|all|every|each|the)\s+)?(?:[\w-]+\s+){0,2}?(?:team|managers|wardens|consultants|brokers|negotiators|drivers|couriers|staff|agents|advisers|advisors|engineers"
    r"|technicians|officers|nurses|doctors|teachers|trainers|cashiers|clerks|handlers|operatives|employees"
    r"|colleagues|reps|representatives|the\s+team|team\s+members|call\s+handlers|"
    + _MORE_STAFF
    + r")\s+"
    r"(?:to|must|should|will|shall|need\s+to|have\s+to|are\s+to|[a-z]+\s+(?:at\s+least\s+)?(?:\d+|two|three|four|five|six|ten))\b"
    # one of them, each told what to do: "Each driver to complete 120 drops per day"
    r"|^\s*(?:each|every|our|the)\s+(?:[\w-]+\s+)?(?:driver|courier|agent|adviser|advisor|engineer|technician|officer"
    r"|nurse|doctor|handler|negotiator|broker|consultant|clerk|cashier|operative|installer|fitter|carer|planner"
    r"|caseworker|surveyor|inspector|rep|representative|salesperson|picker|packer|cleaner|crew)\s+"
    r"(?:to|must|should|will|shall|needs?\s+to|has\s+to|is\s+to)\b",
    re.I,
)


# Any of the firm's people set a rate of work: "Dispensers to label and check 40 items an hour".
_STAFF_RATE_RE = re.compile(
    rf"^\s*(?:our\s+|the\s+)?(?!(?:{_PEOPLE_PLURALS}|others|employers|sellers|members)\b)"
    r"[a-z]+(?:ers|ors|ists|ants|ians)\s+to\s+[a-z]+\b"
    r"(?=[^.]*\b\d+\s+(?:[\w-]+\s+){0,2}(?:an?|per|each)\s+(?:hour|day|shift|week|month)\b)",
    re.I,
)


_OUR_SITES_RE = re.compile(
    r"\b(?:at|in|across)\s+(?:all\s+)?our\s+(?:branches|stores|shops|sites|offices|clinics|practices|depots"
    r"|surgeries)\b",
    re.I,
)


def _firm_in_need(t: str) -> list[Span]:
    """Where a need states the firm's own work or target (corpus RULES.md §2, 'relevant')."""
    first_person = bool(_FIRST_PERSON_RE.search(t))
    out: list[Span] = []
    staff = _STAFF_SUBJECT_RE.search(t) or _FIRM_ACTOR_RE.search(t) or _STAFF_RATE_RE.match(t)
    if staff and (span := _mk(t, staff.start(), staff.end(), "firm-verb")):
        out.append(span)
    for f in find_firm_activity(t):  # (a household's "We need …" is left out there)
        if f.start == 0 and re.match(r"\s+(?:to|from)\s+(?:a|an|the|my|our)\b", t[f.end :], re.I):
            continue  # "Answer to a billing query", "Reply from a named person": a noun
        verb = f.text.split()[0].lower() if f.kind == "firm-verb" else ""
        if (
            verb in _SHARED_FIRM_VERBS
            and (first_person or _CUSTOMER_ACTION_CUE_RE.search(t))
            and not (_QUOTA_RE.search(t, f.start) or re.match(r"\w+\s+out\b", f.text, re.I))
        ):
            continue  # "Send money to my family abroad": the customer's own action
        out.append(f)
    biz = (
        _BUSINESS_METRIC_RE.search(t)
        or _WANT_STAFF_QUOTA_RE.search(t)
        or _OUR_SITES_RE.search(t)  # "Cut no-shows at our branches": the firm's own sites
    )
    if biz and (span := _mk(t, biz.start(), biz.end(), "firm-target")):
        out.append(span)
    # "appointment letter received": what the customer receives, not the firm's count of it
    # An output counted ("90% of calls answered", "every letter sent", "claims handled per
    # adviser") is the firm's; one thing done for me ("a follow-up visit booked") is my result.
    out += [
        o
        for o in find_output_measures(t)
        if not o.text.lower().endswith("received")
        and not re.match(r"\s+(?:to|for)\s+(?:me|us|my|our)\b", t[o.end :], re.I)
        and (
            re.match(
                r"(?:per|average|by|time|minutes|hours|queue|answer|speed|first|fcr|kpi)\b",
                o.text,
                re.I,
            )
            or re.search(
                r"(?:\bnumber\s+of|\d\s?%\s+of|\bevery|\ball|\beach|\d[\d,]*|\bmore|\bfewer)\s+(?:[\w'’-]+\s+){0,2}$",
                t[max(0, o.start - 40) : o.start],
                re.I,
            )
            or re.search(r"\bper\s+\w+", t[o.end : o.end + 30], re.I)
            or re.search(r"\b(?:processing|handling)\b", o.text, re.I)  # "claims processing"
        )
    ]
    if first_person:
        return out
    ft = _FIRM_TARGET_RE.search(t)
    if ft and re.search(_TOLD_BEFORE, t[: ft.start()], re.I):
        ft = None  # "to be told the new rate": a rate the customer is given, not the firm's
    if ft and (s := _mk(t, ft.start(), ft.end(), "firm-target")):
        out.append(s)
    m = _ENSURE_RE.match(t)
    if m and (s := _mk(t, m.start(), m.end(), "firm-verb")):
        out.append(s)  # "Ensure engineers complete …", "Make sure each agent …": the firm's check
    first = _WORD_RE.match(t.lstrip())
    q = _QUOTA_RE.search(t)
    if (
        first
        and q
        and first.group(0).isalpha()
        and first.group(0).lower() not in _CUSTOMER_VERBS
        and first.group(0).lower() not in _MEASURE_START
        and first.group(0).lower()
        not in ("a", "an", "the", "every", "each", "all", "no", "any", "some", "one", "most")
        and not re.match(r"\s*\w+\s+\w+ing\b", t)
        and not _WHO_RE.match(t.lstrip())
        and len(between := t.lstrip()[first.end() : q.start() - (len(t) - len(t.lstrip()))].split())
        <= 3
        and not {w.lower() for w in between}
        & {"that", "which", "who", "with", "where", "from", "on", "in", "at", "for", "of", "by"}
        and not _PERIOD_RE.match(t, q.start())  # "every Thursday" is when, not a quota of cases
    ):
        off = len(t) - len(t.lstrip())
        if s := _mk(t, off + first.start(), q.end(), "firm-quota"):
            out.append(s)  # "Rebook 90% of affected passengers": a quota over the firm's cases
    return out


_DONE = r"(?:[a-z]+ed|given|done|fitted|kept|seen|paid|sent|made|taken)"
# Two things, each done: "Vaccinations done and a microchip fitted", "His tablets given … and his food kept …".
_DONE_PAIR_RE = re.compile(
    rf"^\s*(?:(?:a|an|the|my|our|his|her|their)\s+)?(?:[\w'’-]+\s+){{0,2}}?[\w'’-]+\s+{_DONE}\b[^,]*?"
    rf"(?P<join>\s+and\s+)(?:a|an|the|my|his|her|their|our)\s+(?:[\w'’-]+\s+){{0,2}}?{_DONE}\b",
    re.I,
)


def _two_needs(t: str) -> Span | None:
    """A joiner that starts a second result with its own measure, after a first one already bounded."""
    rest = _NEED_LEAD_RE.sub("", t)
    listed = _LIST_NEED_RE.match(rest) or (
        _PAIR_NEED_RE.match(rest) if "between" not in rest.lower() else None
    )
    listed = listed or _DONE_PAIR_RE.match(rest)
    if listed:  # "Better signal, cheaper data and a bill I can understand": three needs in a list
        off = len(t) - len(rest)
        return _mk(t, off + listed.start("join"), off + listed.end("join"), "second-need")
    bounds = find_time_bounds(t)
    for j in _JOIN_RE.finditer(t):
        left, right_start = t[: j.start()], j.end()
        b = left.lower().rfind("between")
        if b >= 0 and " and " not in left.lower()[b:]:
            continue  # "between A and B" is one span
        if not _SECOND_START_RE.match(t, right_start):
            continue
        joiner = j.group(0).strip(" ,").lower()
        left_bounded = any(x.end <= j.start() for x in bounds)
        closes_left = any(0 <= j.start() - x.end <= 1 for x in bounds)
        right = t[right_start:]
        right_measured = bool(
            _COUNTED_RE.search(right) or _DEADLINE_RE.search(right) or _DURATION_RE.search(right)
        )
        if closes_left or (left_bounded and right_measured) or joiner in ("plus", "as well as"):
            return _mk(t, j.start(), j.end(), "second-need")
    return None


@dataclass(frozen=True)
class NeedParse:
    """The parts of a need the SMART checker found, its letters, and its main defect."""

    text: str
    who: Span | None
    numbers: tuple[Span, ...]
    time_bounds: tuple[Span, ...]
    weasels: tuple[Span, ...]
    firm: tuple[Span, ...]
    hard_absolutes: tuple[Span, ...]
    soft_absolutes: tuple[Span, ...]
    aspiration: Span | None
    second_need: Span | None
    perk: Span | None
    letters: dict[str, bool]
    main_defect: str | None
    # the need's word naming another part of life than its category's: (word, its domain, category's)
    off_topic: tuple[Span, str, str] | None = None

    @property
    def smart(self) -> bool:
        """All five letters hold."""
        return all(self.letters.values())


def analyse_need(text: object, category: str | None = None) -> NeedParse:
    """Score a need on the five SMART letters (corpus RULES.md §2) and name the main defect."""
    t = prepare(text)
    noise = is_noise(t)
    who_m = _WHO_RE.search(t)
    who = _mk(t, who_m.start(), who_m.end(), "who") if who_m else None
    weasels = tuple(find_weasels(t))
    firm_t = tuple(sorted(_firm_in_need(t), key=lambda s: s.start))
    numbers = tuple(
        s for m in _COUNTED_RE.finditer(t) if (s := _mk(t, m.start(), m.end(), "number"))
    )
    bounds = tuple(
        b
        for b in find_time_bounds(t)
        if b.kind != "period" or not _CIRCUMSTANCE_ONLY_RE.match(b.text)
    )
    hard = tuple(
        s for m in _HARD_ABSOLUTE_RE.finditer(t) if (s := _mk(t, m.start(), m.end(), "absolute"))
    )
    # a small job in an hour is possible: "a puncture repaired within 1 hour"
    hard = tuple(
        h
        for h in hard
        if not re.search(
            r"\b(?:puncture|screen|battery|tyre|lock|key|washer|fuse)\b",
            t[max(0, h.start - 30) : h.start],
            re.I,
        )
        or not re.search(r"\bhours?\b", h.text, re.I)
    )
    minute = _ONE_MINUTE_RE.search(t)
    if minute and not hard and not _DIGITAL_RE.search(t):
        hard = tuple(s for s in [_mk(t, minute.start(), minute.end(), "absolute")] if s)
    soft = tuple(
        s
        for m in _SOFT_ABSOLUTE_RE.finditer(t)
        if (s := _mk(t, m.start(), m.end(), "absolute"))
        and not any(h.start <= s.start < h.end for h in hard)
    )
    asp_m = _ASPIRATION_RE.search(t)
    aspiration = _mk(t, asp_m.start(), asp_m.end(), "aspiration") if asp_m else None
    vague_m = _VAGUE_WHEN_RE.search(t)
    if aspiration is not None and vague_m and vague_m.start() <= aspiration.start < vague_m.end():
        aspiration = None  # "in good time": a deadline too vague to check (measurable), no wish
    feel_m = _FEELING_RE.search(t)
    feeling = _mk(t, feel_m.start(), feel_m.end(), "aspiration") if feel_m else None
    if feeling is not None:
        aspiration = feeling
    sec_m = _SECOND_NEED_RE.search(t)
    if sec_m and re.search(r"\bonce\s*,?\s*$", t[: sec_m.start()], re.I):
        sec_m = None  # "Tell you once and have every account closed": one job, asked once
    second = _mk(t, sec_m.start(), sec_m.end(), "second-need") if sec_m else None
    perk_m = _PERK_RE.search(t)
    perk = _mk(t, perk_m.start(), perk_m.end(), "perk") if perk_m else None
    if perk is not None and category and perk.text.lower() in category.lower():
        perk = None  # the category itself names it ("gym members", "cruise passengers")
    if perk is not None and re.search(r"\b(?:my|our)\s+$", t[: perk.start], re.I):
        perk = None  # the customer's own ("cancel my gym membership"), not a sweetener
    if perk is None and category:
        for m in _SWEETENER_RE.finditer(t):
            own, got = domains_of(category), domains_of(m.group("on") or m.group("on2"))
            if own and got and not set(own) & set(got):  # "£30 off my next MOT" for hotel guests
                perk = _mk(t, m.start(), m.end(), "perk")
                break

    off_topic = None
    if perk is None and not noise:
        off = off_category(t, category)
        if off is not None and (w := _mk(t, off[0].start(), off[0].end(), "off-topic")):
            off_topic = (w, off[1], off[2])
    deadline = any(b.kind in ("deadline", "duration") for b in bounds)
    measurable = bool(numbers or deadline) and not weasels
    if not numbers and _VAGUE_AMOUNT_RE.search(t):
        measurable = False
    n_words = len(words(t))
    split = _two_needs(t)
    two_needs = split is not None
    if split is not None and second is None:
        second = split
    if second is not None and re.match(
        r"and\s+(?:to\s|(?:lower|cheaper|better|faster|fewer|more)\s)", second.text, re.I
    ):
        two_needs = True  # "to get fitter and to lose 5 kg": two aims, however measured
    if (
        not two_needs and second is not None
    ):  # "pay less and get more cover": two needs, unless one result is measured once
        left, right = t[: second.start], t[second.start :]
        two_needs = (
            left.rstrip().endswith(",")
            or not (numbers or deadline)
            or (
                bool(
                    _COUNTED_RE.search(left)
                    or _DEADLINE_RE.search(left)
                    or _DURATION_RE.search(left)
                )
                and bool(
                    _COUNTED_RE.search(right)
                    or _DEADLINE_RE.search(right)
                    or _DURATION_RE.search(right)
                )
            )
        )
    if not two_needs:
        # "the bill to match the estimate and a check booked within 10 days": a result with its
        # own predicate on the left, a new thing on the right; two needs, however many numbers
        for j in _JOIN_RE.finditer(t):
            right = t[j.end() :]
            lead = _NEED_LEAD_RE.sub("", t[: j.start()])
            if re.match(r"(?:a|an|my|the|some)\s+[\w'’-]+", right, re.I) and (
                # "our bags back within 20 minutes | and the car seat returned at the gate"
                (
                    re.match(
                        r"(?:a|an|my|the|our)\s+(?:[\w'’-]+\s+){0,2}?(?:[a-z]+ed|sent|done|paid|fitted|seen|brought)\b",
                        right,
                        re.I,
                    )
                    and any(b.end <= j.start() for b in bounds)
                )
                or re.search(
                    r"\bto\s+[a-z]+\b|\b[a-z]+ed\b|\bmade\s+up\b|^\s*someone\b|^\s*(?:get|book|find|have)\s+\w+",
                    lead,
                    re.I,
                )
            ):
                two_needs = True
                second = second or _mk(t, j.start(), j.end(), "second-need")
                break
    covered = [*numbers, *bounds]
    # numbers that are not the time bound: what a comparative needs ("£10 cheaper", not "by May")
    amounts = [n for n in numbers if not any(b.start < n.end and n.start < b.end for b in bounds)]
    # a comparative heading the need ("A better deal on my mortgage by May") names no result
    comparative_head = bool(
        aspiration is not None
        and _COMPARATIVE_ONLY_RE.match(aspiration.text)
        and aspiration.start - (len(t) - len(_NEED_LEAD_RE.sub("", t))) <= 12
    )
    names_a_result = any(
        w.text.lower() not in _COUNT_STOP
        and w.text.lower() not in ("within", "under", "than", "less", "more", "no", "until", "by")
        and not any(c.start <= w.start < c.end for c in covered)
        for w in words(t)
    )
    specific = (
        not noise
        and n_words >= 3
        and names_a_result
        and not two_needs
        and not (
            aspiration
            and not (
                (amounts if comparative_head else numbers)
                or deadline
                and not _COMPARATIVE_ONLY_RE.match(aspiration.text)
            )
        )
        and not feeling
    )
    achievable = not hard
    # A need about another part of life than its category's is only a question: people in a
    # situation need things from elsewhere (groceries for someone ill), so it is never a verdict.
    relevant = not noise and not firm_t and perk is None
    time_bound = bool(bounds)
    letters = {
        "specific": specific,
        "measurable": measurable and not noise,
        "achievable": achievable,
        "relevant": relevant,
        "time_bound": time_bound and not noise,
    }
    if noise:
        main = "empty_or_noise"
    elif firm_t:
        main = "firm_activity"
    elif weasels:
        main = "weasel_words"
    else:
        main = next((k for k in SMART_LETTERS if not letters[k]), None)
    return NeedParse(
        t,
        who,
        numbers,
        bounds,
        weasels,
        firm_t,
        hard,
        soft,
        aspiration,
        second,
        perk,
        letters,
        main,
        off_topic,
    )
