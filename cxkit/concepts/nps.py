"""Net Promoter Score: the computation, its sampling noise, and why one number hides a lot.

Pure model (NumPy/pandas); no widget imports. NPS = % promoters (9–10) minus
% detractors (0–6), from −100 to +100. Very different distributions share one
NPS, and month-to-month moves often sit inside the sampling noise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

SCALE = tuple(range(11))  # the 0–10 "how likely are you to recommend us?" scale


def signed(points: float, decimals: int = 0) -> str:
    """Points with their sign and a true minus: +35, −6.2, 0 (NPS and its changes)."""
    text = f"{points:+.{decimals}f}"
    if float(text) == 0:
        return f"{0:.{decimals}f}"
    return text.replace("-", "−")


class NpsError(ValueError):
    """Scores or counts that cannot give an NPS; the message says what to fix."""


def counts_from_scores(scores: Sequence[int] | np.ndarray) -> np.ndarray:
    """How many answers gave each score 0..10 (validates that every score is a whole 0–10)."""
    a = np.asarray(scores)
    if a.size == 0:
        raise NpsError("There are no survey answers yet; NPS needs at least one.")
    if not np.issubdtype(a.dtype, np.number) or np.any(a != np.round(a)):
        raise NpsError("NPS answers must be whole numbers from 0 to 10.")
    if a.min() < 0 or a.max() > 10:
        raise NpsError(f"NPS answers run from 0 to 10; found {a.min():g} to {a.max():g}.")
    return np.bincount(a.astype(int), minlength=11)


def _check_counts(counts: Sequence[float] | np.ndarray) -> np.ndarray:
    c = np.asarray(counts, dtype=float)
    if c.shape != (11,):
        raise NpsError(f"Give 11 counts, one for each score 0..10 (got {c.size}).")
    if np.any(c < 0) or not np.all(np.isfinite(c)):
        raise NpsError("Counts cannot be negative or missing.")
    if c.sum() <= 0:
        raise NpsError("All counts are zero; NPS needs at least one answer.")
    return c


def shares(counts: Sequence[float] | np.ndarray) -> tuple[float, float, float]:
    """(detractors 0–6, passives 7–8, promoters 9–10) as shares of all answers."""
    c = _check_counts(counts)
    n = c.sum()
    return float(c[:7].sum() / n), float(c[7:9].sum() / n), float(c[9:].sum() / n)


def nps_from_counts(counts: Sequence[float] | np.ndarray) -> float:
    """NPS (−100..+100) from the 11 counts of scores 0..10."""
    c = _check_counts(counts)
    return 100.0 * float(c[9:].sum() - c[:7].sum()) / float(c.sum())


def nps(scores: Sequence[int] | np.ndarray) -> float:
    """NPS (−100..+100) from raw 0–10 answers."""
    return nps_from_counts(counts_from_scores(scores))


def standard_error(counts: Sequence[float] | np.ndarray) -> float:
    """The textbook standard error of NPS, in points: 100·sqrt((p + d − (p − d)²)/n)."""
    c = _check_counts(counts)
    d, _, p = shares(c)
    return 100.0 * float(np.sqrt((p + d - (p - d) ** 2) / c.sum()))


@dataclass(frozen=True)
class Interval:
    """An NPS with its confidence interval."""

    nps: float
    low: float
    high: float
    level: float
    n: int

    def in_words(self) -> str:
        """One line for the lesson."""
        return (
            f"NPS {signed(self.nps)} from {self.n:,} answers; {self.level:.0%} interval "
            f"{signed(self.low)} to {signed(self.high)} (±{(self.high - self.low) / 2:.0f} points)."
        )


def bootstrap_nps(
    counts: Sequence[float] | np.ndarray, n_boot: int = 10_000, seed: int = 0
) -> np.ndarray:
    """NPS of n_boot resamples (with replacement) of the same survey."""
    c = _check_counts(counts)
    n = int(round(c.sum()))
    d, pa, p = shares(c)
    rng = np.random.default_rng(seed)
    # Resampling answers only matters through the three groups, so draw those directly.
    draws = rng.multinomial(n, [d, pa, p], size=n_boot)
    return 100.0 * (draws[:, 2] - draws[:, 0]) / n


def bootstrap_ci(
    counts: Sequence[float] | np.ndarray, level: float = 0.95, n_boot: int = 10_000, seed: int = 0
) -> Interval:
    """A percentile bootstrap confidence interval for NPS."""
    if not 0 < level < 1:
        raise NpsError(f"The confidence level must be between 0 and 1 (got {level}).")
    boot = bootstrap_nps(counts, n_boot, seed)
    lo, hi = np.quantile(boot, [(1 - level) / 2, 1 - (1 - level) / 2])
    c = _check_counts(counts)
    return Interval(nps_from_counts(c), float(lo), float(hi), level, int(round(c.sum())))


# Two made-up survey months with the same NPS (+35) and very different customers; lesson 8 says
# they are not Kestrel's own results (those are in cxkit.concepts.case_company: NPS_THIS_MONTH).
POLARISED = np.array([60, 20, 15, 10, 5, 5, 5, 10, 10, 60, 200])  # love it or hate it
LUKEWARM = np.array([0, 0, 0, 0, 0, 0, 10, 100, 140, 130, 20])  # nearly everyone "fine"


def same_nps_pair() -> tuple[np.ndarray, np.ndarray]:
    """Two very different score distributions (counts 0..10) with exactly the same NPS."""
    return POLARISED.copy(), LUKEWARM.copy()


@dataclass(frozen=True)
class MonthChange:
    """A month-to-month NPS change and the noise it has to beat."""

    before: float
    after: float
    noise: float  # half-width of the 95% interval of the difference

    @property
    def change(self) -> float:
        """After minus before, in points."""
        return self.after - self.before

    @property
    def beyond_noise(self) -> bool:
        """Whether the change is bigger than sampling noise alone would give (95%)."""
        return abs(self.change) > self.noise

    def in_words(self) -> str:
        """One line a manager can act on."""
        verdict = (
            "bigger than sampling noise: worth looking into"
            if self.beyond_noise
            else "inside the sampling noise: no evidence anything changed"
        )
        return (
            f"NPS moved {signed(self.change, 1)} points ({signed(self.before)} → {signed(self.after)}); "
            f"noise is ±{self.noise:.1f} points, so this is {verdict}."
        )


def month_change(before_counts: Sequence[float], after_counts: Sequence[float]) -> MonthChange:
    """Compare two months: the change and ±1.96 standard errors of a difference of independent samples."""
    se = float(np.hypot(standard_error(before_counts), standard_error(after_counts)))
    return MonthChange(nps_from_counts(before_counts), nps_from_counts(after_counts), 1.96 * se)


def simulate_months(
    true_counts: Sequence[float] = LUKEWARM, n_per_month: int = 400, months: int = 12, seed: int = 3
) -> np.ndarray:
    """Monthly survey counts (months × 11) drawn from one unchanging customer base."""
    c = _check_counts(true_counts)
    if n_per_month < 1 or months < 1:
        raise NpsError("Use at least one month and one answer per month.")
    rng = np.random.default_rng(seed)
    return rng.multinomial(n_per_month, c / c.sum(), size=months)


# --------------------------------------------------------------------------
# Exercise 8's data: one seeded survey month and a stated month-to-month change
# --------------------------------------------------------------------------
EXERCISE_SEED = 808
EXERCISE_N = 320
NOISE_CHOICES = ("inside the noise", "beyond the noise")
MONTHS_SEED = 804  # a rise of about five points: tempting to celebrate, yet inside the noise


def exercise_scores(n: int = EXERCISE_N, seed: int = EXERCISE_SEED) -> np.ndarray:
    """One month of Kestrel survey answers (0–10 scores), drawn from the polarised month; seeded."""
    rng = np.random.default_rng(seed)
    return rng.choice(np.array(SCALE), size=n, p=POLARISED / POLARISED.sum())


def exercise_nps() -> float:
    """The answer key for the exercise's NPS question: the NPS of exercise_scores()."""
    return nps(exercise_scores())


GROUPS: tuple[str, ...] = ("detractors", "passives", "promoters")


def group_counts(counts: Sequence[int] | np.ndarray) -> dict[str, int]:
    """How many detractors (0–6), passives (7–8) and promoters (9–10) these counts 0..10 hold."""
    c = np.asarray(counts, dtype=int)
    return {
        "detractors": int(c[:7].sum()),
        "passives": int(c[7:9].sum()),
        "promoters": int(c[9:].sum()),
    }


def exercise_group_counts() -> dict[str, int]:
    """The three group counts of this month's exercise survey (the calculator's model input)."""
    return group_counts(counts_from_scores(exercise_scores()))


def exercise_months(n_per_month: int = 400, seed: int = MONTHS_SEED) -> tuple[np.ndarray, ...]:
    """Two survey months (counts 0..10) from one unchanging customer base, for the noise question."""
    return tuple(simulate_months(LUKEWARM, n_per_month=n_per_month, months=2, seed=seed))


def exercise_change() -> MonthChange:
    """The stated month-to-month change of the exercise and the noise it has to beat."""
    return month_change(*exercise_months())


def exercise_change_key() -> str:
    """The answer key for the noise question, from the bootstrap: 'inside the noise' or 'beyond the noise'."""
    inside = change_within_bootstrap_noise(*exercise_months())
    return NOISE_CHOICES[0] if inside else NOISE_CHOICES[1]


def change_within_bootstrap_noise(
    before_counts: Sequence[float], after_counts: Sequence[float], level: float = 0.95
) -> bool:
    """Whether a month-to-month change is inside the noise: the bootstrap spread of the difference."""
    change = nps_from_counts(after_counts) - nps_from_counts(before_counts)
    # Resample both months; centred on zero, the differences show what noise alone would give.
    noise = (bootstrap_nps(after_counts, seed=2) - bootstrap_nps(before_counts, seed=1)) - change
    lo, hi = np.quantile(noise, [(1 - level) / 2, 1 - (1 - level) / 2])
    return bool(lo <= change <= hi)


def counts_table(months: dict[str, Sequence[float]]):
    """One row per survey (label → counts 0..10): how many gave each answer, the total, the NPS."""
    import pandas as pd

    rows = []
    for label, counts in months.items():
        c = _check_counts(counts).astype(int)
        row = {"Survey": label}
        row.update({str(score): int(n) for score, n in zip(SCALE, c, strict=True)})
        row["Answers"] = int(c.sum())
        row["NPS (points)"] = nps_from_counts(c)
        rows.append(row)
    return pd.DataFrame(rows)


def shares_table(months: dict[str, Sequence[float]]):
    """One row per survey (label → counts 0..10): its NPS and the share of each group."""
    import pandas as pd

    rows = []
    for label, counts in months.items():
        d, pa, p = shares(counts)
        rows.append(
            {
                "Survey": label,
                "NPS (points)": nps_from_counts(counts),
                "Detractors (0–6)": d,
                "Passives (7–8)": pa,
                "Promoters (9–10)": p,
            }
        )
    return pd.DataFrame(rows)


SHARES_FORMATS = {
    "NPS (points)": "{:+.0f}",
    "Detractors (0–6)": "{:.0%}",
    "Passives (7–8)": "{:.0%}",
    "Promoters (9–10)": "{:.0%}",
}
