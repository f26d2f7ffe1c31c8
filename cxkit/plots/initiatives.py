"""The five-mistakes self-assessment as a radar chart."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from cxkit.initiatives import FIVE_MISTAKES, RATING_MAX, SelfAssessment
from cxkit.plots.style import ACCENT, NEUTRAL, new_figure, styled


def _title(assessment: SelfAssessment, label: str) -> str:
    return f"Five avoidable mistakes\n{label}: overall {assessment.overall:.1f} of 5 (5 = avoided)"


@styled
def radar(
    assessment: SelfAssessment,
    compare: SelfAssessment | None = None,
    labels: tuple[str, str] = ("You", "Kestrel Mutual"),
    fig: Figure | None = None,
) -> Figure:
    """A radar of the five ratings (5 = mistake avoided), optionally against a second assessment.

    Pass the figure from the last call as ``fig`` to redraw it in place (same comparison):
    only the ratings' line, fill and title change, so a slider move stays quick.
    """
    angles = np.linspace(0, 2 * np.pi, len(FIVE_MISTAKES), endpoint=False)
    closed = np.r_[angles, angles[:1]]
    state = getattr(fig, "_cx_radar", None) if fig is not None else None
    if state is not None and state["compare"] is compare:
        vals = [assessment.ratings[m.id] for m in FIVE_MISTAKES]
        state["line"].set_data(closed, vals + vals[:1])
        state["fill"].set_xy(np.column_stack([closed, vals + vals[:1]]))
        state["title"].set_text(_title(assessment, labels[0]))
        return fig
    if fig is None:
        fig = new_figure(9, 8.5, layout=None)
    else:
        fig.clear()
    ax = fig.add_subplot(projection="polar")
    # First mistake at the top, then clockwise, as the list reads.
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)

    def draw(a: SelfAssessment, colour: str, label: str, fill: float):
        vals = [a.ratings[m.id] for m in FIVE_MISTAKES]
        (line,) = ax.plot(closed, vals + vals[:1], color=colour, lw=2.5, marker="o", label=label)
        (patch,) = ax.fill(closed, vals + vals[:1], color=colour, alpha=fill)
        return line, patch

    if compare is not None:
        draw(compare, NEUTRAL, labels[1], 0.1)
    line, patch = draw(assessment, ACCENT, labels[0], 0.25)
    ax.set_xticks(angles, [m.short for m in FIVE_MISTAKES], fontsize=13)
    ax.tick_params(axis="x", pad=18)
    for angle, label in zip(angles, ax.get_xticklabels(), strict=True):
        across = np.sin(angle)  # clockwise from the top: > 0 is the right-hand side
        label.set_horizontalalignment(
            "center" if abs(across) < 0.2 else "left" if across > 0 else "right"
        )
    ax.set_ylim(0, RATING_MAX)
    ax.set_yticks(
        range(1, RATING_MAX + 1),
        ["1 this is us", "2", "3", "4", "5 avoided"],
        fontsize=11,
        color="#555",
    )
    # Ring labels between the first two spokes, clear of the mistakes' names, on a light backing.
    ax.set_rlabel_position(float(np.degrees(angles[1] / 2)))
    for t in ax.get_yticklabels():
        t.set_bbox({"fc": "white", "ec": "none", "alpha": 0.7, "pad": 1})
    title = ax.set_title(_title(assessment, labels[0]), pad=42)
    handles = [h for h in ax.get_legend_handles_labels()[0] if h.get_label()]
    ax.legend(
        handles=handles, loc="lower center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False
    )
    # Laid out once; a redraw in place keeps the frame.
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    ConstrainedLayoutEngine().execute(fig)
    fig._cx_radar = {"compare": compare, "line": line, "fill": patch, "title": title}
    return fig
