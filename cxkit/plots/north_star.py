"""Figures for lesson 6: the ranked candidates, the score matrix, and the lagged-correlation test."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from cxkit.concepts.north_star import (
    CRITERIA,
    LOG_CANDIDATES,
    LOG_OUTCOMES,
    NorthStarCandidate,
    lagged_correlations,
    noise_band,
    rank,
)
from cxkit.plots.style import ACCENT, BAD, GOOD, KIND_COLOURS, NEUTRAL, new_figure, styled


def _wrap(text: str, width: int = 28) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


@styled
def ranking_chart(
    candidates: list[NorthStarCandidate], weights: dict[str, float], fig: Figure | None = None
) -> Figure:
    """Horizontal bars of each candidate's weighted score, best on top, coloured by measure kind.

    Pass the figure from the last call as ``fig`` to redraw it: when the same candidates are
    ranked again (only weights or scores changed) the bars, labels and numbers are updated in
    place and the laid-out frame is kept, which is what keeps a slider move quick.
    """
    r = rank(candidates, weights).iloc[::-1]
    names = [_wrap(n, 34) for n in r["candidate"]]
    state = getattr(fig, "_cx_ranking", None) if fig is not None else None
    if state is not None and sorted(state["names"]) == sorted(names):
        _update_bars(state, r, names)
        return fig
    if fig is None:
        # No layout engine of its own: the frame is laid out once below, not on every save.
        fig = new_figure(10, max(3.5, 0.55 * len(r) + 1.5), layout=None)
    else:
        fig.clear()
    ax = fig.add_subplot()
    bars = ax.barh(range(len(r)), r["score"], color=ACCENT)
    texts = [ax.text(0, y, "", va="center", fontsize=12) for y in range(len(r))]
    ax.set_xlim(0, 5.6)
    ax.set_xlabel("Weighted score (0 = fails every test, 5 = passes every test)")
    ax.set_title("North Star candidates, ranked by your weights")
    from matplotlib.patches import Patch

    ax.legend(
        handles=[Patch(color=c, label=k) for k, c in KIND_COLOURS.items()],
        title="Measure kind",
        loc="lower right",
    )
    state = {"ax": ax, "bars": list(bars), "texts": texts, "names": names}
    _update_bars(state, r, names)
    # Lay the frame out once for these names, then keep it: redraws skip the layout.
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    ConstrainedLayoutEngine().execute(fig)
    fig._cx_ranking = state
    return fig


def _update_bars(state: dict, r: pd.DataFrame, names: list[str]) -> None:
    ax = state["ax"]
    ax.set_yticks(range(len(r)), names)
    for y, (bar, text, score, kind, place) in enumerate(
        zip(state["bars"], state["texts"], r["score"], r["kind"], r["rank"], strict=True)
    ):
        bar.set_width(score)
        bar.set_color(KIND_COLOURS.get(kind, ACCENT))
        top = place == 1
        bar.set_edgecolor("black" if top else KIND_COLOURS.get(kind, ACCENT))
        bar.set_linewidth(2.5 if top else 0)
        text.set_position((score + 0.05, y))
        text.set_text(f"{score:.2f}")
    state["names"] = names


@styled
def score_heatmap(candidates: list[NorthStarCandidate]) -> Figure:
    """The candidates × criteria matrix of 0–5 scores, with the numbers written in."""
    m = np.array([[c.scores[k.id] for k in CRITERIA] for c in candidates])
    fig = new_figure(13, max(4.5, 0.6 * len(candidates) + 3.2))
    ax = fig.add_subplot()
    im = ax.imshow(m, cmap="RdYlGn", vmin=0, vmax=5, aspect="auto")
    # Criterion names on top, tilted, so long ones never run into their neighbours.
    ax.set_xticks(range(len(CRITERIA)), [k.name for k in CRITERIA], fontsize=12)
    ax.tick_params(axis="x", top=True, bottom=False, labeltop=True, labelbottom=False)
    for label in ax.get_xticklabels():
        label.set_rotation(40)
        label.set_ha("left")
        label.set_rotation_mode("anchor")
    ax.set_yticks(range(len(candidates)), [_wrap(c.name, 34) for c in candidates])
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            ax.text(j, i, str(m[i, j]), ha="center", va="center", fontsize=12)
    ax.set_xlabel("Criterion: Amplitude's checklist, then the two Outside-In tests")
    ax.set_title("How each candidate scores on each test (0 = fails it, 5 = passes it fully)")
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
    noise = noise_band(log)
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
    before = LOG_OUTCOMES[outcome].split(" (")[0].lower()
    ax.set_xlabel(f"Lead (weeks the candidate is measured before {before})")
    ax.set_ylabel("Correlation r")
    how = "trends removed" if detrend else "raw series, trends left in"
    ax.set_title(f"Which candidates lead {LOG_OUTCOMES[outcome].split(' (')[0].lower()}? ({how})")
    ax.legend(loc="lower left", fontsize=11)
    return fig


def event_log_table(log: pd.DataFrame, weeks: int = 5):
    """The first weeks of the event log as a table a manager reads: plain headers, units, dates."""
    from cxkit.plots.tables import course_table

    formats = {c: "{:.1f}" for c in LOG_CANDIDATES} | {"retention": "{:.1f}", "revenue": "{:,.0f}"}
    return course_table(
        log.head(weeks),
        formats={"week": "{:%d %b %Y}", **formats},
        columns={"week": "Week starting", **LOG_CANDIDATES, **LOG_OUTCOMES},
        caption=f"The first {weeks} weeks of the log ({len(log)} weeks in all)",
    )
