"""Figures for item analysis: which questions work, and the wrong answers the cohort gives most."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxkit.plots.style import BAD, GOOD, NEUTRAL, new_figure, styled

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from cxkit.coach.item_analysis import ItemAnalysis


@styled
def difficulty_discrimination(a: ItemAnalysis) -> Figure:
    """Each scored part by share right (x) and discrimination (y); flagged parts in red."""
    fig = new_figure(10, 6)
    ax = fig.add_subplot()
    pts = [s for s in a.items if s.point_biserial is not None]
    xs = [s.difficulty for s in pts]
    ys = [s.point_biserial for s in pts]
    colours = [BAD if s.flags else GOOD for s in pts]
    ax.scatter(xs, ys, c=colours, s=60, alpha=0.8, edgecolors="white")
    ax.axhline(0, color=NEUTRAL, linewidth=1)
    ax.axhline(0.2, color=NEUTRAL, linewidth=1, linestyle="--")
    ax.axvspan(0, 0.2, color=BAD, alpha=0.06)
    ax.axvspan(0.9, 1.0, color=BAD, alpha=0.06)
    worst = sorted(pts, key=lambda s: s.point_biserial)[:3]
    for s in worst:
        ax.annotate(s.part.label[:38], (s.difficulty, s.point_biserial), fontsize=10,
                    xytext=(6, -4), textcoords="offset points")  # fmt: skip
    ax.set_xlim(0, 1)
    ax.set_ylim(min([-0.5, *ys]) - 0.05, 1)
    ax.set_title(f"Which questions work ({a.participants} participants)")
    ax.set_xlabel("Share who got it right")
    ax.set_ylabel("Discrimination (corrected point-biserial)")
    return fig


@styled
def common_wrong_answers(a: ItemAnalysis, top: int = 10) -> Figure:
    """The parts most often answered with one particular wrong label."""
    rows = sorted(
        ((s.part.label, *next(iter(s.distractors.items()))) for s in a.items if s.distractors),
        key=lambda r: -r[2][0],
    )[:top][::-1]
    fig = new_figure(10, max(3.0, 0.5 * len(rows) + 1.6))
    ax = fig.add_subplot()
    names = [f"{label[:45]} → {wrong}" for label, wrong, _ in rows]
    ax.barh(names, [c[0] for _, _, c in rows], color=BAD)
    ax.set_title("The wrong answers given most often")
    ax.set_xlabel("Participants who gave it")
    ax.set_ylabel("")
    return fig
