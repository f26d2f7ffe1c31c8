"""Why CX initiatives fail: a self-assessment against the five avoidable mistakes.

Pure model; no widget imports. Each mistake is rated 1–5, where 1 means "this is
us: we make this mistake" and 5 means "we have avoided it". The weakest areas
come first in the suggested next steps.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

RATING_MIN, RATING_MAX = 1, 5
RATING_LABELS = {
    1: "This is us",
    2: "Mostly true of us",
    3: "Partly",
    4: "Mostly avoided",
    5: "Avoided",
}


class AssessmentError(ValueError):
    """A self-assessment rating is missing or out of range; the message names it."""


@dataclass(frozen=True)
class Mistake:
    """One of the five avoidable mistakes, a question to ask yourself, and what to do next."""

    id: str
    short: str  # the radar's axis label
    title: str
    ask_yourself: str
    next_step: str


FIVE_MISTAKES: tuple[Mistake, ...] = (
    Mistake(
        "expectations",
        "Top-team\nexpectations",
        "The top team expects CX success from an enterprise never designed for it",
        "Have structure, rewards and technology been changed, or only the slogans?",
        "Pick one reward or target that pays for an output (e.g. AHT) and replace it with an "
        "SCO measure; ask the top team to sponsor the change, not just the message.",
    ),
    Mistake(
        "needs",
        "Needs defined\noutside-in",
        "Customer needs are not defined from the outside in",
        "Are your categories built on needs (not circumstance), with SMART needs per category?",
        "Build an SCO canvas for your most profitable category and write its SMART needs "
        "in the customer's words; drop every weasel word.",
    ),
    Mistake(
        "transformation",
        "Run as\ntransformation",
        "Initiatives are not run as transformation",
        "Is CX a project bolted onto today's ways of working, or a change to how work is done?",
        "Name the processes that must be redesigned backwards from the SCO, with an owner "
        "and a date for each, instead of adding CX tasks to existing ones.",
    ),
    Mistake(
        "measures",
        "Right\nmeasures",
        "The focus is on the wrong measures instead of SCOs",
        "Could everyone answer 'yes, 100%' to: is what you do aligned to a successful customer outcome?",
        "Map your Customer Performance Landscape: find orphan activities and SCOs with no "
        "measure, and choose a North Star that is an outcome, not an output.",
    ),
    Mistake(
        "complexity",
        "Cut through\nfunctions",
        "Initiatives sink into functional complexity",
        "Does every department show its triple-crown contribution, or is CX 'not my job'?",
        "Ask each department for one change that improves experience, cuts cost and grows "
        "revenue together, and report the three numbers side by side.",
    ),
)
MISTAKE_IDS: tuple[str, ...] = tuple(m.id for m in FIVE_MISTAKES)


def mistake(mistake_id: str) -> Mistake:
    """The mistake with this id."""
    for m in FIVE_MISTAKES:
        if m.id == mistake_id:
            return m
    raise AssessmentError(f"No mistake {mistake_id!r}; use one of: {', '.join(MISTAKE_IDS)}.")


@dataclass(frozen=True)
class SelfAssessment:
    """Ratings 1–5 against each of the five mistakes (5 = avoided)."""

    ratings: dict[str, int]

    def __post_init__(self) -> None:
        object.__setattr__(self, "ratings", validate_ratings(self.ratings))

    @property
    def overall(self) -> float:
        """Average rating, 1–5."""
        return sum(self.ratings.values()) / len(self.ratings)

    def weakest(self, n: int = 2) -> list[Mistake]:
        """The n mistakes rated lowest (ties in the order of the five)."""
        order = sorted(MISTAKE_IDS, key=lambda k: (self.ratings[k], MISTAKE_IDS.index(k)))
        return [mistake(k) for k in order[:n]]

    @property
    def all_same(self) -> bool:
        """True when every area has the same rating, so no area is weaker than another."""
        return len(set(self.ratings.values())) == 1

    def lowest(self) -> list[Mistake]:
        """Every mistake that shares the lowest rating, in the order of the five."""
        low = min(self.ratings.values())
        return [m for m in FIVE_MISTAKES if self.ratings[m.id] == low]

    def next_steps(self, n: int = 3) -> list[str]:
        """Suggested next steps for the weakest areas rated below 4, weakest first.

        When every area is rated the same (below 4), none is weakest: all five steps are
        given, in the order of the five, and :meth:`next_steps_heading` says to pick one.
        """
        weak = [m for m in self.weakest(len(MISTAKE_IDS)) if self.ratings[m.id] < 4][:n]
        if not weak:
            return [
                "You rate yourselves strong on all five. Test that with evidence: "
                "check the landscape for orphan activities and the North Star for gaming."
            ]
        if self.all_same:
            return [m.next_step for m in FIVE_MISTAKES]
        return [m.next_step for m in weak]

    def next_steps_heading(self) -> str:
        """The words above :meth:`next_steps`: weakest first, or pick one when all are the same."""
        if min(self.ratings.values()) >= 4:
            return "Next step"
        if self.all_same:
            return (
                "Every area is rated the same, so none comes first: "
                "start with the one where you have the clearest evidence"
            )
        return "Next steps, weakest area first"

    def in_words(self) -> str:
        """One line: the overall score and the weakest area (or that all areas are rated alike)."""
        rating = next(iter(self.ratings.values())) if self.all_same else None
        if rating is not None:
            same = f"Every area is rated the same ({rating} – {RATING_LABELS[rating].lower()})"
            tail = "." if rating >= 4 else ", so none stands out as weakest."
            return f"Overall {self.overall:.1f} out of 5. {same}{tail}"
        low = self.lowest()
        r = self.ratings[low[0].id]
        said = f"({r} – {RATING_LABELS[r].lower()})"
        if len(low) == 1:
            m = low[0]
            return f"Overall {self.overall:.1f} out of 5. Weakest: {_lower_first(m.title)} {said}."
        names = "; ".join(_lower_first(m.title) for m in low)
        return f"Overall {self.overall:.1f} out of 5. Weakest, tied {said}: {names}."


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def validate_ratings(ratings: object) -> dict[str, int]:
    """Return the five ratings as whole numbers 1–5, or raise AssessmentError naming the bad one."""
    if not isinstance(ratings, dict):
        raise AssessmentError("Ratings must map each of the five mistakes to a number 1–5.")
    out = {}
    for k in MISTAKE_IDS:
        if k not in ratings:
            raise AssessmentError(f"No rating for {mistake(k).title!r}; rate it from 1 to 5.")
        v = ratings[k]
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or float(v) != int(v):
            raise AssessmentError(f"The rating for {mistake(k).title!r} is {v!r}; use 1–5.")
        if not RATING_MIN <= int(v) <= RATING_MAX:
            raise AssessmentError(f"The rating for {mistake(k).title!r} is {v}; it must be 1–5.")
        out[k] = int(v)
    return out


# Kestrel Mutual's leadership team, rating themselves honestly (used in lesson 8).
KESTREL_ASSESSMENT = SelfAssessment(
    {"expectations": 2, "needs": 3, "transformation": 2, "measures": 1, "complexity": 3}
)
