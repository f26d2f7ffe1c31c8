"""The five-mistakes self-assessment as a radar chart."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from cxkit.initiatives import FIVE_MISTAKES, RATING_MAX, SelfAssessment
from cxkit.plots.style import ACCENT, NEUTRAL, new_figure, styled


@styled
def radar(
    assessment: SelfAssessment,
    compare: SelfAssessment | None = None,
    labels: tuple[str, str] = ("You", "Kestrel Mutual"),
) -> Figure:
    """A radar of the five ratings (5 = mistake avoided), optionally against a second assessment."""
    fig = new_figure(9, 8.5)
    ax = fig.add_subplot(projection="polar")
    angles = np.linspace(0, 2 * np.pi, len(FIVE_MISTAKES), endpoint=False)
    closed = np.r_[angles, angles[:1]]

    def draw(a: SelfAssessment, colour: str, label: str, fill: float) -> None:
        vals = [a.ratings[m.id] for m in FIVE_MISTAKES]
        ax.plot(closed, vals + vals[:1], color=colour, lw=2.5, marker="o", label=label)
        ax.fill(closed, vals + vals[:1], color=colour, alpha=fill)

    if compare is not None:
        draw(compare, NEUTRAL, labels[1], 0.1)
    draw(assessment, ACCENT, labels[0], 0.25)
    ax.set_xticks(angles, [m.short for m in FIVE_MISTAKES], fontsize=12)
    ax.set_ylim(0, RATING_MAX)
    ax.set_yticks(
        range(1, RATING_MAX + 1),
        ["1 this is us", "2", "3", "4", "5 avoided"],
        fontsize=10,
        color="#555",
    )
    ax.set_rlabel_position(90)
    ax.set_title(
        f"Five avoidable mistakes\n{labels[0]}: overall {assessment.overall:.1f} of 5 (5 = avoided)",
        pad=30,
    )
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, -0.22), ncol=2, frameon=False)
    return fig
