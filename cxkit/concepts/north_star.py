"""The North Star metric: score candidates against weighted criteria, rank them, test the weights.

Pure model: plain Python, pandas and NumPy; no widget imports. The criteria are
Amplitude's North Star checklist plus the two Outside-In tests (is it an outcome,
not an output? can it be gamed without creating value?). Candidates come from
the case company's customer categories (one per SMART need), following the
seed's five steps. A seeded weekly event log lets a lesson test which candidates
lead retention and revenue.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cxkit import data
from cxkit.concepts.case_company import CATEGORIES
from cxkit.concepts.outcomes.measures import MeasureKind

SCORE_MIN, SCORE_MAX = 0, 5
WEIGHT_MAX = 5.0


class NorthStarError(ValueError):
    """A candidate, a score or a weight is unusable; the message says which and what to do."""


@dataclass(frozen=True)
class Criterion:
    """One test a North Star candidate is scored on (0 = fails it, 5 = passes it fully)."""

    id: str
    name: str
    question: str
    source: str  # "amplitude" checklist or "outside-in" test


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "customer-value", "Customer value", "Does it express value the customer gets?", "amplitude"
    ),
    Criterion(
        "vision", "Vision & strategy", "Does it represent our vision and strategy?", "amplitude"
    ),
    Criterion(
        "leading", "Leading indicator", "Does it move before revenue and retention do?", "amplitude"
    ),
    Criterion(
        "actionable", "Actionable", "Can teams change it through their own work?", "amplitude"
    ),
    Criterion(
        "understandable", "Understandable", "Would a non-specialist get it at once?", "amplitude"
    ),
    Criterion(
        "measurable", "Measurable", "Can we measure it reliably, as it happens?", "amplitude"
    ),
    Criterion(
        "not-vanity",
        "Not a vanity metric",
        "Does a rise mean something real got better?",
        "amplitude",
    ),
    Criterion(
        "outcome",
        "Outcome, not output",
        "Is it the customer's result, not what we produce?",
        "outside-in",
    ),
    Criterion(
        "ungameable", "Hard to game", "Is it hard to push up without creating value?", "outside-in"
    ),
)
CRITERION_IDS: tuple[str, ...] = tuple(c.id for c in CRITERIA)
DEFAULT_WEIGHTS: dict[str, float] = {c: 1.0 for c in CRITERION_IDS}

# The seed's five steps for finding a North Star, in the kit's words.
FIVE_STEPS: tuple[str, ...] = (
    "Book time with the key stakeholders, from the front line to the top team.",
    "Name the customer categories (by need, not circumstance).",
    "Agree each category's SMART needs.",
    "Choose the most important need.",
    "Brainstorm, across the whole organisation, the one metric that tracks it.",
)

# The seed's named North Stars (and what each one counts).
NAMED_NORTH_STARS: tuple[tuple[str, str], ...] = (
    ("Facebook", "daily active users"),
    ("Airbnb", "nights booked"),
    ("The course provider (BP Group)", "monthly organisation upskilling"),
)


def criterion(criterion_id: str) -> Criterion:
    """The criterion with this id."""
    for c in CRITERIA:
        if c.id == criterion_id:
            return c
    raise NorthStarError(
        f"There is no criterion “{criterion_id}”; use one of: {', '.join(CRITERION_IDS)}."
    )


@dataclass(frozen=True)
class NorthStarCandidate:
    """A candidate North Star metric, where it came from, and its 0–5 score on each criterion."""

    id: str
    name: str
    kind: MeasureKind
    scores: dict[str, int]
    category_id: str = ""  # the customer category whose SMART need it tracks
    need: str = ""  # that SMART need, in short
    note: str = ""

    def __post_init__(self) -> None:
        if not str(self.id).strip() or not str(self.name).strip():
            raise NorthStarError("A candidate needs an id and a name; type a short name.")
        object.__setattr__(self, "kind", MeasureKind(self.kind))
        object.__setattr__(self, "scores", validate_scores(self.scores, self.name))

    def to_dict(self) -> dict:
        """Plain JSON-ready form (for workbooks and package data)."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind.value,
            "scores": dict(self.scores),
            "category_id": self.category_id,
            "need": self.need,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, d: dict) -> NorthStarCandidate:
        """Build a candidate from its plain form, with a clear message on a missing field."""
        if not isinstance(d, dict):
            raise NorthStarError("A candidate must be a set of named fields (a dict).")
        for key in ("id", "name", "kind", "scores"):
            if key not in d:
                raise NorthStarError(f"The candidate “{d.get('name', '?')}” has no “{key}”.")
        try:
            kind = MeasureKind(d["kind"])
        except ValueError:
            raise NorthStarError(
                f"The candidate “{d['name']}” has kind “{d['kind']}”; use output, outcome or impact."
            ) from None
        return cls(
            id=str(d["id"]),
            name=str(d["name"]),
            kind=kind,
            scores=d["scores"],
            category_id=str(d.get("category_id", "")),
            need=str(d.get("need", "")),
            note=str(d.get("note", "")),
        )


def validate_scores(scores: object, name: str = "this candidate") -> dict[str, int]:
    """Return a full criterion -> score mapping, or raise NorthStarError naming the bad score."""
    if not isinstance(scores, dict):
        raise NorthStarError(f"The scores of “{name}” must map each criterion to 0–5.")
    out: dict[str, int] = {}
    for cid in CRITERION_IDS:
        if cid not in scores:
            raise NorthStarError(
                f"“{name}” has no score for “{criterion(cid).name}”; give it a score from 0 to 5."
            )
        v = scores[cid]
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or float(v) != int(v):
            raise NorthStarError(
                f"“{name}”: the score for “{criterion(cid).name}” is “{v}”; use a whole number 0–5."
            )
        if not SCORE_MIN <= int(v) <= SCORE_MAX:
            raise NorthStarError(
                f"“{name}”: the score for “{criterion(cid).name}” is {v}; it must be 0–5."
            )
        out[cid] = int(v)
    extra = set(scores) - set(CRITERION_IDS)
    if extra:
        raise NorthStarError(f"“{name}” scores unknown criteria: {', '.join(sorted(extra))}.")
    return out


def validate_weights(weights: object) -> dict[str, float]:
    """Return a full criterion -> weight mapping (missing ones are 0), or raise NorthStarError."""
    if not isinstance(weights, dict):
        raise NorthStarError("Weights must map each criterion to a number from 0 to 5.")
    unknown = set(weights) - set(CRITERION_IDS)
    if unknown:
        raise NorthStarError(f"Unknown criteria in the weights: {', '.join(sorted(unknown))}.")
    out = {}
    for cid in CRITERION_IDS:
        v = weights.get(cid, 0.0)
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or not np.isfinite(v):
            raise NorthStarError(f"The weight for “{criterion(cid).name}” is “{v}”; use a number.")
        if v < 0:
            raise NorthStarError(f"The weight for “{criterion(cid).name}” is negative; use 0–5.")
        out[cid] = float(v)
    if sum(out.values()) <= 0:
        raise NorthStarError("All weights are zero; give at least one criterion some weight.")
    return out


def weighted_score(candidate: NorthStarCandidate, weights: dict[str, float]) -> float:
    """The candidate's weighted average score on the 0–5 scale."""
    w = validate_weights(weights)
    return sum(w[c] * candidate.scores[c] for c in CRITERION_IDS) / sum(w.values())


def _totals(candidates: list[NorthStarCandidate], weights: dict[str, float]) -> np.ndarray:
    w = validate_weights(weights)
    s = np.array([[c.scores[k] for k in CRITERION_IDS] for c in candidates], dtype=float)
    wv = np.array([w[k] for k in CRITERION_IDS])
    return s @ wv / wv.sum()


def rank(candidates: list[NorthStarCandidate], weights: dict[str, float]) -> pd.DataFrame:
    """Candidates ranked by weighted score (1 = best); ties share a rank, kept in given order."""
    if not candidates:
        raise NorthStarError("There are no candidates to rank yet; add at least one.")
    _unique(candidates)
    totals = _totals(candidates, weights)
    df = pd.DataFrame(
        {
            "id": [c.id for c in candidates],
            "candidate": [c.name for c in candidates],
            "kind": [c.kind.value for c in candidates],
            "category": [c.category_id for c in candidates],
            "score": totals.round(3),
        }
    )
    df["rank"] = df["score"].rank(method="min", ascending=False).astype(int)
    return df.sort_values(["rank"], kind="stable").reset_index(drop=True)


def winner(candidates: list[NorthStarCandidate], weights: dict[str, float]) -> NorthStarCandidate:
    """The top-scoring candidate (the first listed wins a tie)."""
    totals = _totals(candidates, weights)
    return candidates[int(np.argmax(totals))]


def _unique(candidates: list[NorthStarCandidate]) -> None:
    seen: set[str] = set()
    for c in candidates:
        if c.id in seen:
            raise NorthStarError(f"Two candidates share the id “{c.id}”; give each its own name.")
        seen.add(c.id)


@dataclass(frozen=True)
class Flip:
    """A weight change on one criterion that hands first place to another candidate."""

    criterion_id: str
    from_weight: float
    to_weight: float  # where the two tie; just past it the challenger leads
    new_winner: str

    @property
    def change(self) -> float:
        """The signed weight change needed (negative: lower the weight)."""
        return self.to_weight - self.from_weight

    def in_words(self, old_winner: str) -> str:
        """One sentence a manager can read."""
        verb = "Raising" if self.change > 0 else "Lowering"
        text = (
            f"{verb} the weight of “{criterion(self.criterion_id).name}” from "
            f"{self.from_weight:g} to {round(self.to_weight, 2):g} "
            f"(a change of {round(abs(self.change), 2):g}) "
            f"brings “{self.new_winner}” level with “{old_winner}”"
        )
        if 0 < self.to_weight < WEIGHT_MAX:
            return text + f"; any further and “{self.new_winner}” comes first."
        return text + "."


def sensitivity(
    candidates: list[NorthStarCandidate],
    weights: dict[str, float],
    max_weight: float = WEIGHT_MAX,
) -> dict[str, Flip | None]:
    """For each criterion, the smallest change of its weight (within 0..max_weight) that flips the winner."""
    w = validate_weights(weights)
    _unique(candidates)
    if len(candidates) < 2:
        return {k: None for k in CRITERION_IDS}
    top = winner(candidates, w)
    wv = np.array([w[k] for k in CRITERION_IDS])
    s_top = np.array([top.scores[k] for k in CRITERION_IDS], dtype=float)
    out: dict[str, Flip | None] = {}
    for j, cid in enumerate(CRITERION_IDS):
        best: Flip | None = None
        for other in candidates:
            if other.id == top.id:
                continue
            d = s_top - np.array([other.scores[k] for k in CRITERION_IDS], dtype=float)
            # The winner leads by D = sum_k w_k d_k (the shared denominator cancels);
            # moving w_j by delta changes the lead by delta * d_j, so they tie at -D / d_j.
            lead = float(wv @ d)
            if d[j] == 0:
                continue
            delta = -lead / d[j]
            target = w[cid] + delta
            if not 0.0 <= target <= max_weight:
                continue
            # All weights zero is not a ranking; skip a tie that needs it.
            if target == 0 and wv.sum() - w[cid] == 0:
                continue
            if best is None or abs(delta) < abs(best.change):
                best = Flip(cid, w[cid], round(float(target), 6), other.name)
        out[cid] = best
    return out


def sensitivity_in_words(
    candidates: list[NorthStarCandidate],
    weights: dict[str, float],
    max_weight: float = WEIGHT_MAX,
) -> str:
    """The sensitivity finding as a short paragraph: how robust the winner is, and what flips it."""
    if len(candidates) < 2:
        return "Add at least two candidates to see how the weights could change the winner."
    top = winner(candidates, weights)
    ranking = rank(candidates, weights)
    level = list(ranking.loc[ranking["rank"] == 1, "candidate"])
    if len(level) > 1:
        return (
            f"{_and(level)} are level on top: the weights do not "
            "decide between them. Use the justification (and the criteria you care most about) "
            "to choose, or change a weight."
        )
    flips = [f for f in sensitivity(candidates, weights, max_weight).values() if f is not None]
    if not flips:
        return (
            f"“{top.name}” stays first whatever single weight you change (between 0 and "
            f"{max_weight:g}): the choice is robust to the weights."
        )
    flips.sort(key=lambda f: abs(f.change))
    first = flips[0]
    lines = [
        f"“{top.name}” leads. The closest call: {first.in_words(top.name)}",
    ]
    if len(flips) > 1:
        others = ", ".join(criterion(f.criterion_id).name for f in flips[1:])
        lines.append(f"Other weights that can flip it within 0–{max_weight:g}: {others}.")
    robust = [criterion(k).name for k in CRITERION_IDS if k not in {f.criterion_id for f in flips}]
    if robust:
        lines.append(f"No change to these alone flips it: {', '.join(robust)}.")
    return " ".join(lines)


def _and(names: list[str]) -> str:
    """“A”, “B” and “C”: names quoted and joined as a sentence lists them."""
    quoted = [f"“{n}”" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, …, 11th, 12th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rank_labels(ranking: pd.DataFrame) -> list[str]:
    """Each row's place in words: "1st", or "joint 2nd" when it shares the place."""
    counts = ranking["rank"].value_counts()
    return [
        f"joint {ordinal(int(r))}" if counts[r] > 1 else ordinal(int(r)) for r in ranking["rank"]
    ]


def ties_in_words(ranking: pd.DataFrame) -> str:
    """Every shared place as a sentence (empty when no two candidates share a score)."""
    parts = []
    for r, group in ranking.groupby("rank", sort=True):
        if len(group) > 1:
            names = list(group["candidate"])
            parts.append(
                f"{_and(names)} share {ordinal(int(r))} place on {group['score'].iloc[0]:.2f}."
            )
    return " ".join(parts)


_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _number_word(n: int) -> str:
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def ranking_in_words(candidates: list[NorthStarCandidate], weights: dict[str, float]) -> str:
    """Where the outcome and output candidates land in the ranking, worked out from the ranking."""
    ranking = rank(candidates, weights).reset_index(drop=True)
    place = {row.candidate: i + 1 for i, row in ranking.iterrows()}
    outcomes = [c for c in ranking["candidate"][ranking["kind"] == "outcome"]]
    outputs = [c for c in ranking["candidate"][ranking["kind"] == "output"]]
    parts = []
    if outcomes:
        top = next((i for i, c in enumerate(outcomes) if place[c] != i + 1), len(outcomes))
        many = _number_word(len(outcomes))
        if top == len(outcomes) == 1:
            parts.append("the one outcome candidate (green) comes first")
        elif top == len(outcomes):
            parts.append(f"all {many} outcome candidates (green) take the top {many} places")
        elif top:
            rest = outcomes[top:]
            where = [ordinal(place[c]) for c in rest]
            where = where[0] if len(where) == 1 else ", ".join(where[:-1]) + " and " + where[-1]
            parts.append(
                f"{_number_word(top)} of the {many} outcome candidates (green) take the top "
                f"{_number_word(top)} places, while {_and(rest)} "
                f"{'comes' if len(rest) == 1 else 'come'} {where}"
            )
        else:
            parts.append(f"none of the {many} outcome candidates (green) comes first")
    n = len(ranking)
    if outputs and sorted(place[c] for c in outputs) == list(range(n - len(outputs) + 1, n + 1)):
        by_name = {c.name: c for c in candidates}
        fail = all(
            by_name[c].scores["outcome"] <= 1 and by_name[c].scores["ungameable"] <= 2
            for c in outputs
        )
        parts.append(
            f"the outputs (grey) — {', '.join(c.lower() for c in outputs)} — take the last "
            f"{_number_word(len(outputs))} places"
            + (", because they fail *outcome, not output* and *hard to game*" if fail else "")
        )
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "." if text else ""


def is_choice_consistent(
    choice: str, candidates: list[NorthStarCandidate], weights: dict[str, float]
) -> bool:
    """Whether the chosen candidate (id or name) is top-ranked under the participant's own scores."""
    ranking = rank(candidates, weights)
    top = ranking[ranking["rank"] == 1]
    return choice in set(top["id"]) or choice in set(top["candidate"])


# -- the case company's candidates ------------------------------------------------


def _candidates_data() -> dict:
    return data.json_data("north_star/candidates.json")


def _read_candidates(rows: list[dict]) -> list[NorthStarCandidate]:
    cands = [NorthStarCandidate.from_dict(d) for d in rows]
    known = {c.id for c in CATEGORIES}
    for c in cands:
        if c.category_id and c.category_id not in known:
            raise NorthStarError(f"Candidate “{c.name}” names unknown category “{c.category_id}”.")
    return cands


def case_candidates() -> list[NorthStarCandidate]:
    """Kestrel Mutual's candidate North Stars, one or two per customer category (package data)."""
    return _read_candidates(_candidates_data()["candidates"])


def candidates_by_category(candidates: list[NorthStarCandidate]) -> pd.DataFrame:
    """Aggregate the candidates across categories (step 5 of the seed's process), with profit share.

    The categories come first, in the case company's order; whole-firm candidates follow.
    """
    shares = {c.id: c.share_of_profit for c in CATEGORIES}
    names = {c.id: c.name for c in CATEGORIES}
    order = {c.id: i for i, c in enumerate(CATEGORIES)}
    candidates = sorted(candidates, key=lambda c: order.get(c.category_id, len(order)))
    return pd.DataFrame(
        {
            "category": [names.get(c.category_id, "(whole firm)") for c in candidates],
            "share of profit": [shares.get(c.category_id, float("nan")) for c in candidates],
            "SMART need": [c.need for c in candidates],
            "candidate": [c.name for c in candidates],
            "kind": [c.kind.value for c in candidates],
        }
    )


def claims_sentence() -> str:
    """Why a whole-firm candidate joins the list: the claims categories' profit, from the source."""
    from cxkit.concepts.case_company import claims_categories, claims_share_of_profit

    a, b = (c.name for c in claims_categories())
    whole = next(c for c in case_candidates() if c.id == "back-to-normal-7d")
    return (
        f"The two claims categories, *{a}* and *{b}*, together bring "
        f"**{claims_share_of_profit():.0%}** of Kestrel's profit, and both need the same thing: "
        f"life back to normal, fast. That is why a whole-firm candidate, *{whole.name}*, joins "
        "the list beside each category's own."
    )


# -- the weekly event log ---------------------------------------------------------

# Columns of the log that are North Star candidates, and the business outcomes.
LOG_CANDIDATES: dict[str, str] = {
    "back_to_normal_7d": "Claims back to normal within 7 days (%)",
    "first_contact_fix": "Problems fixed on the first call (%)",
    "app_logins": "App log-ins (thousands)",
    "calls_answered": "Calls answered (thousands)",
}
LOG_OUTCOMES: dict[str, str] = {
    "retention": "Renewal retention (%)",
    "revenue": "Premium retained (£k)",
}
TRUE_LEAD_WEEKS = 6  # how far the outcome-led candidates lead retention in the synthetic log


def event_log(weeks: int = 156, seed: int = 7) -> pd.DataFrame:
    """A seeded synthetic weekly log for Kestrel Mutual: candidates and later retention/revenue.

    Claims settled quickly and problems fixed first time drive renewals six weeks
    later; app log-ins (a vanity count) only trend upwards; calls answered (an
    output) follow staffing. Revenue also trends upwards with premium inflation.
    """
    if weeks < 30:
        raise NorthStarError("The event log needs at least 30 weeks to show a lead of 6 weeks.")
    rng = np.random.default_rng(seed)
    n = weeks + TRUE_LEAD_WEEKS
    # A slowly wandering "how well do we restore customers' lives" driver.
    drive = np.zeros(n)
    for t in range(1, n):
        drive[t] = 0.8 * drive[t - 1] + rng.normal(0, 1)
    t = np.arange(weeks)
    now = drive[TRUE_LEAD_WEEKS:]
    before = drive[:weeks]  # the driver six weeks earlier
    back_to_normal = 62 + 4.0 * now + rng.normal(0, 1.5, weeks)
    fcf = 55 + 2.5 * now + rng.normal(0, 2.5, weeks)
    app_logins = 18 + 0.06 * t + rng.normal(0, 1.2, weeks)
    staffing = np.sin(2 * np.pi * t / 52)
    calls = 40 + 3 * staffing + rng.normal(0, 1.5, weeks)
    retention = 84 + 1.2 * before + rng.normal(0, 0.8, weeks)
    premium_index = 1 + 0.0015 * t  # premium inflation: a trend unrelated to customers
    revenue = 4_600 * premium_index * retention / 84 + rng.normal(0, 25, weeks)
    return pd.DataFrame(
        {
            "week": pd.date_range("2023-01-02", periods=weeks, freq="W-MON"),
            "back_to_normal_7d": back_to_normal.round(1),
            "first_contact_fix": fcf.round(1),
            "app_logins": app_logins.round(2),
            "calls_answered": calls.round(2),
            "retention": retention.round(2),
            "revenue": revenue.round(0),
        }
    )


def _detrend(x: np.ndarray) -> np.ndarray:
    t = np.arange(len(x), dtype=float)
    slope, intercept = np.polyfit(t, x, 1)
    return x - (slope * t + intercept)


def lagged_correlation(
    leader: pd.Series | np.ndarray,
    outcome: pd.Series | np.ndarray,
    max_lag: int = 12,
    detrend: bool = True,
) -> pd.Series:
    """Pearson r of leader at week t with outcome at week t+lag, for lag 0..max_lag."""
    x = np.asarray(leader, dtype=float)
    y = np.asarray(outcome, dtype=float)
    if len(x) != len(y):
        raise NorthStarError("The candidate and the outcome must cover the same weeks.")
    if max_lag < 0 or len(x) - max_lag < 10:
        raise NorthStarError(f"max_lag={max_lag} leaves fewer than 10 weeks to correlate.")
    if detrend:  # a shared trend alone would make any two rising series look related
        x, y = _detrend(x), _detrend(y)
    out = {}
    for lag in range(max_lag + 1):
        a, b = x[: len(x) - lag], y[lag:]
        out[lag] = float(np.corrcoef(a, b)[0, 1])
    return pd.Series(out, name="r").rename_axis("lag (weeks)")


def lagged_correlations(
    log: pd.DataFrame, outcome: str = "retention", max_lag: int = 12, detrend: bool = True
) -> pd.DataFrame:
    """Lagged correlation of every candidate column in the log against one outcome column."""
    if outcome not in log.columns:
        raise NorthStarError(f"The log has no column “{outcome}”; use one of {list(LOG_OUTCOMES)}.")
    cols = [c for c in LOG_CANDIDATES if c in log.columns]
    return pd.DataFrame(
        {c: lagged_correlation(log[c], log[outcome], max_lag, detrend) for c in cols}
    )


@dataclass(frozen=True)
class LeadVerdict:
    """Does a candidate lead the outcome? The best lag, its r, and the noise threshold."""

    candidate: str
    best_lag: int
    r: float
    threshold: float
    leads: bool = field(default=False)

    def in_words(self) -> str:
        """One sentence for the lesson."""
        name = LOG_CANDIDATES.get(self.candidate, self.candidate)
        if self.leads:
            return (
                f"{name}: moves about {self.best_lag} weeks before the outcome "
                f"(r = {self.r:.2f}, noise level ±{self.threshold:.2f})."
            )
        return (
            f"{name}: no lead above the noise (best r = {self.r:.2f} at {self.best_lag} "
            f"week{'s' if self.best_lag != 1 else ''}, "
            f"noise level ±{self.threshold:.2f})."
        )


def lead_verdicts(
    log: pd.DataFrame, outcome: str = "retention", max_lag: int = 12, min_r: float = 0.3
) -> list[LeadVerdict]:
    """For each candidate: the lag with the strongest positive r and whether it beats the noise."""
    corr = lagged_correlations(log, outcome, max_lag)
    out = []
    for col in corr.columns:
        lags = corr[col].iloc[1:]  # a lead needs at least one week
        lag = int(lags.idxmax())
        r = float(lags.max())
        # Roughly two standard errors of r when there is no relation at all.
        thr = 2 / np.sqrt(len(log) - lag)
        out.append(LeadVerdict(col, lag, r, float(thr), bool(r > max(thr, min_r))))
    return out


def noise_band(log: pd.DataFrame) -> float:
    """Half-width of the chart's grey noise band: about two standard errors of r with no relation."""
    return float(2 / np.sqrt(len(log)))


def _r(x: float) -> str:
    return f"{x:.2f}".replace("-", "−")


def _weeks(lags: list[int]) -> str:
    """'5 to 12 weeks' for a run of leads, '3, 5 and 7 weeks' otherwise."""
    if len(lags) > 2 and lags == list(range(lags[0], lags[-1] + 1)):
        return f"{lags[0]} to {lags[-1]} weeks"
    text = ", ".join(map(str, lags[:-1])) + (" and " if len(lags) > 1 else "") + str(lags[-1])
    return f"{text} week{'s' if lags != [1] else ''}"


def lead_findings(log: pd.DataFrame, outcome: str = "retention", max_lag: int = 12) -> list[str]:
    """What the lagged-correlation chart shows for each candidate, worked out from the same numbers."""
    corr = lagged_correlations(log, outcome, max_lag)
    band = noise_band(log)
    what = LOG_OUTCOMES[outcome].split(" (")[0].lower()
    out = []
    for v in lead_verdicts(log, outcome, max_lag):
        name = LOG_CANDIDATES[v.candidate].split(" (")[0]
        r = corr[v.candidate]
        below = [int(lag) for lag in r.index if r[lag] < -band]
        above = [int(lag) for lag in r.index if r[lag] > band]
        if v.leads:
            out.append(
                f"*{name}* peaks about **{v.best_lag} weeks** ahead of {what} (r = {_r(v.r)})."
            )
        elif not below and not above:
            out.append(f"*{name}* stays inside the noise band at every lead.")
        elif not below:
            out.append(
                f"*{name}* rises above the noise band only weakly (best r = {_r(r.max())}), "
                "too little to call a lead."
            )
        else:
            out.append(
                f"*{name}* never leads: at leads of {_weeks(below)} it falls *below* the band "
                f"(r down to {_r(r.min())}), so weeks with more of it are followed by lower "
                f"{what}. Pushing it up would not help."
            )
    return out


CORRELATION_CAVEAT = (
    "A lagged correlation is evidence, not proof. A candidate that moves before "
    "retention may share a cause with it rather than drive it; a shared trend "
    "(premium inflation, a growing customer base) makes unrelated series look "
    "linked, which is why the trends are removed first; and a metric that "
    "led in the past can stop leading once people are paid to push it. Test the "
    "lead on a later period, and ask how it could be gamed."
)


# -- exercise 06 ------------------------------------------------------------------

# Exercise 06 has a situation of its own: Kestrel's home division chooses the North Star for
# its part of the firm. Its five candidates (two outcomes, two outputs, one impact) are none
# of lesson 6's, so the lesson's scores cannot be copied. Package data: the "exercise" part of
# cxkit/data/north_star/candidates.json.
EXERCISE_CANDIDATE_IDS: tuple[str, ...] = (
    "first-night-safe",
    "home-restored-30d",
    "surveyor-24h",
    "home-claims-closed",
    "home-renewals",
)


def exercise_candidates() -> list[NorthStarCandidate]:
    """The five candidates given in exercise 06, with the kit's own scores (the coach's reference)."""
    by_id = {c.id: c for c in _read_candidates(_candidates_data()["exercise"]["candidates"])}
    return [by_id[i] for i in EXERCISE_CANDIDATE_IDS]


def exercise_situation() -> str:
    """Exercise 06's situation in two sentences, its figures from the case company."""
    from cxkit.concepts.case_company import category

    home = category(_candidates_data()["exercise"]["category_id"])
    return (
        "Kestrel's top team has asked its **home division**, the people who insure and repair "
        "homes, to choose the North Star for their part of the firm. Customers whose home has "
        f"been damaged (the need group *{home.name}*) are **{home.share_of_customers:.0%}** of "
        f"Kestrel's customers and bring **{home.share_of_profit:.0%}** of its profit. The "
        "division's stakeholders followed the five steps and brought these five candidates, "
        "none of them from lesson 6:"
    )


def exercise_candidates_table() -> pd.DataFrame:
    """Exercise 06's candidates for the participant: who each serves, the need, the kind."""
    rows = _candidates_data()["exercise"]["candidates"]
    by_id = {d["id"]: d for d in rows}
    return pd.DataFrame(
        [
            {
                "Candidate North Star": by_id[i]["name"],
                "Who it serves": by_id[i].get("serves", ""),
                "The need it tracks, in the customer's words": by_id[i].get("need") or "—",
                "Kind of measure": by_id[i]["kind"],
            }
            for i in EXERCISE_CANDIDATE_IDS
        ]
    )


def choice_answer(
    candidates: list[NorthStarCandidate],
    weights: dict[str, float],
    choice: str,
    partly_scored: list[dict] | None = None,
) -> dict:
    """The workbook form of a scored choice: {"weights", "candidates", "choice"} (plain JSON).

    ``candidates`` are the fully scored ones (all nine criteria). Candidates scored on
    some criteria only are kept under ``"partly_scored"`` (each like a candidate, with only
    the scores given so far), so unfinished work comes back after a restart; the grader
    reads the scored candidates only.
    """
    out = {
        "weights": validate_weights(weights),
        "candidates": [c.to_dict() for c in candidates],
        "choice": choice,
    }
    if partly_scored:
        out["partly_scored"] = [dict(d) for d in partly_scored]
    return out


@dataclass
class Draft:
    """What a saved answer holds, read leniently so a re-run can show unfinished work again."""

    weights: dict[str, float]
    candidates: list[dict]  # {"id", "name", "kind", "category_id", "need", "scores": partial}
    choice: str


def read_draft(value: object) -> Draft:
    """A saved (possibly unfinished) choice answer; NorthStarError if it is not one at all."""
    if not isinstance(value, dict):
        raise NorthStarError("The saved answer is not a North Star scoring.")
    try:
        weights = validate_weights(value.get("weights", DEFAULT_WEIGHTS))
    except NorthStarError:
        weights = dict(DEFAULT_WEIGHTS)
    rows: list[dict] = []
    seen: set[str] = set()
    for d in list(value.get("candidates") or []) + list(value.get("partly_scored") or []):
        if not isinstance(d, dict) or not str(d.get("id", "")).strip() or d["id"] in seen:
            continue
        raw = d.get("scores") if isinstance(d.get("scores"), dict) else {}
        scores = {
            k: int(v)
            for k, v in raw.items()
            if k in CRITERION_IDS
            and isinstance(v, numbers.Real)
            and not isinstance(v, bool)
            and SCORE_MIN <= v <= SCORE_MAX
        }
        kind = d.get("kind") if d.get("kind") in {k.value for k in MeasureKind} else "outcome"
        rows.append(
            {
                "id": str(d["id"]),
                "name": str(d.get("name") or d["id"]),
                "kind": kind,
                "category_id": str(d.get("category_id", "")),
                "need": str(d.get("need", "")),
                "scores": scores,
            }
        )
        seen.add(str(d["id"]))
    choice = value.get("choice") if isinstance(value.get("choice"), str) else ""
    return Draft(weights, rows, choice)


def parse_choice_answer(
    value: object,
) -> tuple[list[NorthStarCandidate], dict[str, float], str]:
    """Read a saved choice answer back; NorthStarError says which part is missing or wrong."""
    if not isinstance(value, dict):
        raise NorthStarError('Expected {"weights": ..., "candidates": [...], "choice": "<id>"}.')
    for part in ("weights", "candidates", "choice"):
        if part not in value:
            raise NorthStarError(f"The answer has no “{part}” part.")
    if not isinstance(value["candidates"], list) or not value["candidates"]:
        raise NorthStarError("The answer lists no scored candidates.")
    cands = [NorthStarCandidate.from_dict(d) for d in value["candidates"]]
    _unique(cands)
    weights = validate_weights(value["weights"])
    choice = value["choice"]
    if not isinstance(choice, str) or not choice.strip():
        raise NorthStarError("No North Star chosen yet: pick one candidate as your choice.")
    if choice not in {c.id for c in cands}:
        raise NorthStarError(f"The choice “{choice}” is not one of the scored candidates.")
    return cands, weights, choice


def choice_consistency(value: object) -> tuple[bool, str]:
    """Whether the chosen North Star is top-ranked under the participant's own weights and scores."""
    cands, weights, choice = parse_choice_answer(value)
    ranking = rank(cands, weights)
    names = dict(zip(ranking["id"], ranking["candidate"], strict=True))
    top = list(ranking.loc[ranking["rank"] == 1, "id"])
    if choice in top:
        return True, f"Your choice, “{names[choice]}”, is top of your own ranking."
    mine = int(ranking.loc[ranking["id"] == choice, "rank"].iloc[0])
    return False, (
        f"Your choice, “{names[choice]}”, comes {ordinal(mine)} by your own weights and scores; "
        f"“{names[top[0]]}” scores higher. Change the choice, or the weights that explain it."
    )
