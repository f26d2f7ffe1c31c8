"""Figures for NPS: two distributions with one score, the bootstrap interval, and monthly noise."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from cxkit.nps import bootstrap_ci, bootstrap_nps, nps_from_counts, standard_error
from cxkit.plots.style import ACCENT, BAD, GOOD, NEUTRAL, new_figure, styled

_GROUP = [BAD] * 7 + [NEUTRAL] * 2 + [GOOD] * 2


@styled
def distributions(*surveys: tuple[str, np.ndarray]) -> Figure:
    """Side-by-side bar charts of score distributions (label, counts), each titled with its NPS."""
    fig = new_figure(6 * len(surveys), 5)
    axes = fig.subplots(1, len(surveys), sharey=True, squeeze=False)[0]
    for ax, (label, counts) in zip(axes, surveys, strict=True):
        c = np.asarray(counts, dtype=float)
        ax.bar(range(11), 100 * c / c.sum(), color=_GROUP)
        ci = bootstrap_ci(c)
        ax.set_title(f"{label}\nNPS {ci.nps:+.0f} (95% CI {ci.low:+.0f} to {ci.high:+.0f})")
        ax.set_xticks(range(11))
        ax.set_xlabel("Answer to 'how likely are you to recommend us?' (0–10)")
    axes[0].set_ylabel("Share of answers (%)")
    from matplotlib.patches import Patch

    axes[-1].legend(
        handles=[
            Patch(color=BAD, label="Detractors 0–6"),
            Patch(color=NEUTRAL, label="Passives 7–8"),
            Patch(color=GOOD, label="Promoters 9–10"),
        ],
        loc="upper left",
    )
    return fig


@styled
def bootstrap_chart(counts: np.ndarray, n_boot: int = 10_000, seed: int = 0) -> Figure:
    """Histogram of bootstrapped NPS with the 95% interval marked."""
    boot = bootstrap_nps(counts, n_boot, seed)
    ci = bootstrap_ci(counts, n_boot=n_boot, seed=seed)
    fig = new_figure(10, 5)
    ax = fig.add_subplot()
    step = 100 / ci.n  # NPS moves in steps of 100/n: align the bins to them
    width = step * max(1, round((boot.max() - boot.min()) / 40 / step))
    bins = np.arange(boot.min() - width / 2, boot.max() + width, width)
    ax.hist(boot, bins=bins, color=ACCENT, alpha=0.8)
    for x in (ci.low, ci.high):
        ax.axvline(x, color=BAD, ls="--", lw=2)
    ax.axvline(ci.nps, color="black", lw=2.5, label=f"Survey NPS {ci.nps:+.0f}")
    ax.axvspan(
        ci.low, ci.high, color=BAD, alpha=0.08, label=f"95% interval ±{(ci.high - ci.low) / 2:.0f}"
    )
    ax.set_xlabel("NPS of a resampled survey")
    ax.set_ylabel("Number of resamples")
    ax.set_title(f"The same survey, resampled {n_boot:,} times ({ci.n:,} answers)")
    ax.legend()
    return fig


@styled
def monthly_chart(monthly_counts: np.ndarray, true_nps: float | None = None) -> Figure:
    """Monthly NPS with a 95% error bar each: how much of the month-to-month wobble is noise."""
    m = np.asarray(monthly_counts)
    scores = [nps_from_counts(c) for c in m]
    errs = [1.96 * standard_error(c) for c in m]
    fig = new_figure(11, 5)
    ax = fig.add_subplot()
    months = np.arange(1, len(m) + 1)
    ax.errorbar(
        months,
        scores,
        yerr=errs,
        fmt="o-",
        color=ACCENT,
        lw=2,
        capsize=5,
        ms=8,
        label="Monthly NPS with 95% interval",
    )
    if true_nps is not None:
        ax.axhline(
            true_nps, color=GOOD, ls="--", lw=2, label=f"True NPS (unchanged): {true_nps:+.0f}"
        )
    ax.set_xticks(months)
    ax.set_xlabel("Month")
    ax.set_ylabel("NPS (points)")
    ax.set_title(f"Nothing changed, yet NPS moved every month ({int(m[0].sum())} answers a month)")
    ax.legend(loc="lower right")
    return fig
