"""Outputs versus outcomes: the measure model and the language checks shared by later lessons.

Pure model: plain Python (and pandas where a table helps); no widget imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


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
