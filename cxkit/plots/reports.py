"""Figures for the report pages: a participant's scores by concept; the cohort's scores,
weakest concepts, most-missed questions, label confusions and rubric levels."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from matplotlib.ticker import MaxNLocator

from cxkit.plots.style import ACCENT, BAD, GOOD, NEUTRAL, new_figure, styled
from cxkit.words import concept_title, plural

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@styled
def concept_scores(
    by_concept: Mapping[str, tuple[float, float]], pass_share: float = 0.7
) -> Figure:
    """Horizontal bars: one participant's share of points in each concept, with the points."""
    names = list(by_concept)
    fig = new_figure(10, max(2.8, 0.75 * len(names) + 1.6))
    ax = fig.add_subplot()
    shares = [(p / m if m else 0.0) for p, m in by_concept.values()]
    colours = [GOOD if s >= pass_share else BAD if s < 0.4 else "#c77700" for s in shares]
    y = range(len(names))
    ax.barh(y, [1.0] * len(names), color="#eef1f4", height=0.6)
    ax.barh(y, shares, color=colours, height=0.6)
    for i, (p, m) in enumerate(by_concept.values()):
        ax.text(1.01, i, f"{round(p, 1):g} / {round(m, 1):g}", va="center", fontsize=12)
    ax.axvline(pass_share, color=NEUTRAL, linestyle="--", linewidth=1)
    ax.set_yticks(list(y), [concept_title(n) for n in names])
    ax.invert_yaxis()
    ax.set_xlim(0, 1.15)
    ax.set_xticks(*_PERCENT_TICKS)
    ax.set_xlabel("Share of the points scored so far (dashed line: where to aim)")
    ax.set_title("Your scores by concept")
    return fig


_PERCENT_TICKS = ([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%"])


@styled
def score_distribution(percents: Sequence[float]) -> Figure:
    """Histogram of participants' total scores as a share of the points available (0-100)."""
    fig = new_figure(9, 4.8)
    ax = fig.add_subplot()
    shares = list(percents)
    counts, _, _ = ax.hist(
        shares, bins=[i * 10 for i in range(11)], color=ACCENT, edgecolor="white"
    )
    if shares:
        mean = sum(shares) / len(shares)
        ax.axvline(mean, color=BAD, linestyle="--", label=f"mean {mean:.0f}%")
        # Headroom above the tallest bar, so the legend never covers one.
        ax.set_ylim(0, max(1.0, float(max(counts))) * 1.3)
        ax.legend(loc="upper left")
    ax.set_title(f"Score distribution ({plural(len(shares), 'participant')})")
    ax.set_xlabel("Total score (% of points available)")
    ax.set_ylabel("Participants")
    ax.set_xlim(0, 100)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # people come whole
    return fig


@styled
def concept_means(means: Mapping[str, float]) -> Figure:
    """Bars: the cohort's mean share of points per concept, weakest first."""
    items = sorted(means.items(), key=lambda kv: kv[1])
    fig = new_figure(9, max(2.8, 0.6 * len(items) + 1.6))
    ax = fig.add_subplot()
    ax.barh([concept_title(k) for k, _ in items], [v for _, v in items], color=ACCENT)
    ax.invert_yaxis()  # weakest on top
    ax.set_xlim(0, 1)
    ax.set_xticks(*_PERCENT_TICKS)
    ax.set_xlabel("Mean share of the points scored so far (weakest on top)")
    ax.set_ylabel("Concept")
    ax.set_title("Where the cohort struggles")
    return fig


@styled
def most_missed(items: list[tuple[str, float]], top: int = 10) -> Figure:
    """Horizontal bars: the items with the most points missed, on average over the cohort."""
    items = sorted(items, key=lambda x: x[1], reverse=True)[:top]
    fig = new_figure(10, max(3.0, 0.5 * len(items) + 1.5))
    ax = fig.add_subplot()
    names = [i[0] for i in items][::-1]
    vals = [100 * i[1] for i in items][::-1]
    ax.barh(names, vals, color=[BAD if v >= 50 else NEUTRAL for v in vals])
    ax.set_title("Most-missed items")
    ax.set_xlabel("Points missed, cohort average (%)")
    ax.set_ylabel("Question")
    ax.set_xlim(0, 100)
    return fig


@styled
def confusion_table(
    counts: dict[tuple[str, str], int],
    labels: Sequence[str],
    title: str,
    right: str = "Right label",
) -> Figure:
    """A confusion table of right label (rows) against the label participants gave (columns)."""
    labels = list(labels)
    fig = new_figure(7.5, 6)
    ax = fig.add_subplot()
    grid = [[counts.get((r, c), 0) for c in labels] for r in labels]
    top = max((v for row in grid for v in row), default=0) or 1
    ax.imshow(grid, cmap="Blues", vmin=0, vmax=top)
    for i, row in enumerate(grid):
        for j, v in enumerate(row):
            colour = "white" if v > top / 2 else "black"
            ax.text(j, i, str(v), ha="center", va="center", color=colour, fontsize=14)
    ax.set_xticks(range(len(labels)), labels)
    ax.set_yticks(range(len(labels)), labels)
    ax.set_title("\n".join(textwrap.wrap(title, 40)))  # a long title wraps, never runs off
    ax.set_xlabel("Participants said")
    ax.set_ylabel(right)
    return fig


@styled
def rubric_levels(levels: dict[str, dict[int, int]]) -> Figure:
    """Stacked bars: how many participants reached each level of each rubric criterion."""
    names = list(levels)
    shown = ["\n".join(textwrap.wrap(n, 42)) for n in names]  # long criteria on two lines
    fig = new_figure(11, max(3.0, 0.75 * len(names) + 1.8))
    ax = fig.add_subplot()
    all_levels = sorted({lv for d in levels.values() for lv in d})
    top = max(all_levels, default=0) or 1
    left = [0] * len(names)
    for lv in all_levels:
        vals = [levels[c].get(lv, 0) for c in names]
        # lowest level red, highest green, whatever the scale of the criterion
        colour = BAD if lv == 0 else GOOD if lv == top else "#d08c00"
        ax.barh(shown, vals, left=left, label=f"level {lv}", color=colour, edgecolor="white")
        left = [a + b for a, b in zip(left, vals, strict=True)]
    scored = max(left, default=0)
    ax.set_title("Rubric levels reached")
    ax.set_xlabel(f"Participants scored (up to {scored} on a criterion)")
    ax.invert_yaxis()  # in question order, top down
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("Criterion")
    if all_levels:
        ax.legend(loc="lower right")
    return fig
