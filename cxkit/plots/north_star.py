"""Figures for lesson 6: the ranked candidates, the score matrix, and the lagged-correlation test."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from cxkit.north_star import (
    CRITERIA,
    LOG_CANDIDATES,
    LOG_OUTCOMES,
    NorthStarCandidate,
    lagged_correlations,
    rank,
)
from cxkit.plots.style import ACCENT, BAD, GOOD, KIND_COLOURS, NEUTRAL, new_figure, styled


def _wrap(text: str, width: int = 28) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


@styled
def ranking_chart(
    candidates: list[NorthStarCandidate], weights: dict[str, float], fig: Figure | None = None
) -> Figure:
    """Horizontal bars of each candidate's weighted score, best on top, coloured by measure kind."""
    r = rank(candidates, weights).iloc[::-1]
    if fig is None:
        fig = new_figure(10, max(3.5, 0.55 * len(r) + 1.5))
    else:
        fig.clear()
    ax = fig.add_subplot()
    colours = [KIND_COLOURS.get(k, ACCENT) for k in r["kind"]]
    bars = ax.barh([_wrap(n, 34) for n in r["candidate"]], r["score"], color=colours)
    top = r["rank"] == 1
    for bar, is_top in zip(bars, top, strict=True):
        if is_top:
            bar.set_edgecolor("black")
            bar.set_linewidth(2.5)
    for y, v in enumerate(r["score"]):
        ax.text(v + 0.05, y, f"{v:.2f}", va="center", fontsize=12)
    ax.set_xlim(0, 5.6)
    ax.set_xlabel("Weighted score (0 = fails every test, 5 = passes every test)")
    ax.set_title("North Star candidates, ranked by your weights")
    from matplotlib.patches import Patch

    ax.legend(
        handles=[Patch(color=c, label=k) for k, c in KIND_COLOURS.items()],
        title="Measure kind",
        loc="lower right",
    )
    return fig


@styled
def score_heatmap(candidates: list[NorthStarCandidate]) -> Figure:
    """The candidates × criteria matrix of 0–5 scores, with the numbers written in."""
    m = np.array([[c.scores[k.id] for k in CRITERIA] for c in candidates])
    fig = new_figure(12, max(4, 0.6 * len(candidates) + 2.5))
    ax = fig.add_subplot()
    im = ax.imshow(m, cmap="RdYlGn", vmin=0, vmax=5, aspect="auto")
    ax.set_xticks(range(len(CRITERIA)), [_wrap(k.name, 12) for k in CRITERIA], fontsize=11)
    ax.set_yticks(range(len(candidates)), [_wrap(c.name, 34) for c in candidates])
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            ax.text(j, i, str(m[i, j]), ha="center", va="center", fontsize=12)
    ax.set_xlabel("Criterion (Amplitude's checklist, then the two Outside-In tests)")
    ax.set_title("How each candidate scores on each test")
    ax.spines[:].set_visible(False)
    fig.colorbar(im, ax=ax, label="Score (0–5)", shrink=0.8)
    return fig


@styled
def lagged_correlation_chart(
    log: pd.DataFrame, outcome: str = "retention", max_lag: int = 12, detrend: bool = True
) -> Figure:
    """Correlation of each candidate with the later outcome, by lead in weeks, with the noise band."""
    corr = lagged_correlations(log, outcome, max_lag, detrend)
    fig = new_figure(10, 5.5)
    ax = fig.add_subplot()
    noise = 2 / np.sqrt(len(log))
    ax.axhspan(-noise, noise, color=NEUTRAL, alpha=0.25, label="Noise band (±2 s.e.)")
    styles = {
        "back_to_normal_7d": (GOOD, "-", "o"),
        "first_contact_fix": (ACCENT, "-", "s"),
        "app_logins": (BAD, "--", "^"),
        "calls_answered": ("#6b6b6b", ":", "v"),
    }
    for col in corr.columns:
        c, ls, mk = styles.get(col, (ACCENT, "-", "o"))
        ax.plot(corr.index, corr[col], color=c, ls=ls, marker=mk, lw=2.5, label=LOG_CANDIDATES[col])
    ax.axhline(0, color="black", lw=0.8)
    ax.set_ylim(-1, 1)
    ax.set_xlabel(f"Lead (weeks the candidate is measured before {LOG_OUTCOMES[outcome].lower()})")
    ax.set_ylabel("Correlation r")
    how = "trends removed" if detrend else "raw series, trends left in"
    ax.set_title(f"Which candidates lead {LOG_OUTCOMES[outcome].split(' (')[0].lower()}? ({how})")
    ax.legend(loc="lower left", fontsize=11)
    return fig
