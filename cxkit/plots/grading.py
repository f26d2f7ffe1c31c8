"""Figures for the cohort summary: scores, most-missed items, misclassifications, rubric levels."""

from __future__ import annotations

from typing import TYPE_CHECKING

from matplotlib.ticker import MaxNLocator

from cxkit.plots.style import ACCENT, BAD, GOOD, NEUTRAL, new_figure, styled

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@styled
def score_distribution(totals: list[float], max_total: float) -> Figure:
    """Histogram of participants' total scores as a share of the points available."""
    fig = new_figure(9, 4.8)
    ax = fig.add_subplot()
    shares = [100 * t / max_total for t in totals] if max_total else []
    counts, _, _ = ax.hist(
        shares, bins=[i * 10 for i in range(11)], color=ACCENT, edgecolor="white"
    )
    if shares:
        mean = sum(shares) / len(shares)
        ax.axvline(mean, color=BAD, linestyle="--", label=f"mean {mean:.0f}%")
        # Headroom above the tallest bar, so the legend never covers one.
        ax.set_ylim(0, max(1.0, float(max(counts))) * 1.3)
        ax.legend(loc="upper left")
    ax.set_title(f"Score distribution ({len(totals)} participants)")
    ax.set_xlabel("Total score (% of points available)")
    ax.set_ylabel("Participants")
    ax.set_xlim(0, 100)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
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
def confusion_table(counts: dict[tuple[str, str], int], labels: list[str]) -> Figure:
    """A confusion table of right label (rows) against the label participants gave (columns)."""
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
    ax.set_title("Measures classified: right kind vs given")
    ax.set_xlabel("Participants said")
    ax.set_ylabel("Right kind")
    return fig


@styled
def rubric_levels(levels: dict[str, dict[int, int]]) -> Figure:
    """Stacked bars: how many participants reached each level of each rubric criterion."""
    names = list(levels)
    fig = new_figure(10, max(3.0, 0.55 * len(names) + 1.8))
    ax = fig.add_subplot()
    all_levels = sorted({lv for d in levels.values() for lv in d})
    palette = [BAD, "#d08c00", NEUTRAL, GOOD, ACCENT]
    left = [0] * len(names)
    for n, lv in enumerate(all_levels):
        vals = [levels[c].get(lv, 0) for c in names]
        ax.barh(names, vals, left=left, label=f"level {lv}", color=palette[n % len(palette)])
        left = [a + b for a, b in zip(left, vals, strict=True)]
    ax.set_title("Rubric levels reached")
    ax.set_xlabel("Participants scored")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("Criterion")
    if all_levels:
        ax.legend(loc="lower right")
    return fig
