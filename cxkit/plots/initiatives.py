"""The five-mistakes self-assessment as a radar chart."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from cxkit.concepts.initiatives import FIVE_MISTAKES, RATING_MAX, SelfAssessment
from cxkit.plots.style import ACCENT, NEUTRAL, new_figure, styled

# The mistakes' names sit outside the outer ring, so no line or fill can cover them; the
# rings carry no numbers (they would sit under the lines): each name says its rating(s).
_NAME_RADIUS = RATING_MAX * 1.18
_WIDTH, _HEIGHT, _CIRCLE, _BOTTOM = 10.0, 9.6, 5.0, 2.0  # inches
SCALE_NOTE = "Centre = 1 (this is us) · outer ring = 5 (avoided)"


def _title(assessment: SelfAssessment, label: str) -> str:
    return f"Five avoidable mistakes\n{label}: overall {assessment.overall:.1f} of 5 (5 = avoided)"


def _name(mistake, assessment, compare, labels) -> str:
    mine = assessment.ratings[mistake.id]
    if compare is None:
        return f"{mistake.short}\nrated {mine} of 5"
    theirs = compare.ratings[mistake.id]
    return f"{mistake.short}\n{labels[0]}: {mine}\n{labels[1]}: {theirs}"


@styled
def radar(
    assessment: SelfAssessment,
    compare: SelfAssessment | None = None,
    labels: tuple[str, str] = ("You", "Kestrel Mutual"),
    fig: Figure | None = None,
) -> Figure:
    """A radar of the five ratings (5 = mistake avoided), optionally against a second assessment.

    Each spoke's name, outside the outer ring, gives its rating (and the comparison's). Pass
    the figure from the last call as ``fig`` to redraw it in place (same comparison): only the
    ratings' line, fill, names and title change, so a slider move stays quick.
    """
    angles = np.linspace(0, 2 * np.pi, len(FIVE_MISTAKES), endpoint=False)
    closed = np.r_[angles, angles[:1]]
    state = getattr(fig, "_cx_radar", None) if fig is not None else None
    if state is not None and state["compare"] is compare:
        vals = [assessment.ratings[m.id] for m in FIVE_MISTAKES]
        state["line"].set_data(closed, vals + vals[:1])
        state["fill"].set_xy(np.column_stack([closed, vals + vals[:1]]))
        state["title"].set_text(_title(assessment, labels[0]))
        for m, text in zip(FIVE_MISTAKES, state["names"], strict=True):
            text.set_text(_name(m, assessment, compare, labels))
        return fig
    if fig is None:
        fig = new_figure(_WIDTH, _HEIGHT, layout=None)
    else:
        fig.clear()
    # A fixed frame, in inches: room for the names beside the circle, the title above it and
    # the legend below it (a layout engine would not see the names, which sit outside the axes).
    ax = fig.add_axes(
        (
            (_WIDTH - _CIRCLE) / 2 / _WIDTH,
            _BOTTOM / _HEIGHT,
            _CIRCLE / _WIDTH,
            _CIRCLE / _HEIGHT,
        ),
        projection="polar",
    )
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
    ax.set_xticks(angles, [""] * len(angles))
    names = []
    for angle, m in zip(angles, FIVE_MISTAKES, strict=True):
        across = np.sin(angle)  # clockwise from the top: > 0 is the right-hand side
        down = np.cos(angle)  # > 0 is the top half
        names.append(
            ax.text(
                angle,
                _NAME_RADIUS,
                _name(m, assessment, compare, labels),
                fontsize=14,
                ha="center" if abs(across) < 0.2 else "left" if across > 0 else "right",
                va="bottom" if down > 0.9 else "top" if down < -0.5 else "center",
                linespacing=1.25,
                clip_on=False,
            )
        )
    ax.set_ylim(0, RATING_MAX)
    ax.set_yticks(range(1, RATING_MAX + 1), [""] * RATING_MAX)
    title = fig.suptitle(
        _title(assessment, labels[0]), y=0.975, va="top", fontsize=16, fontweight="bold"
    )
    handles = [h for h in ax.get_legend_handles_labels()[0] if h.get_label()]
    legend = fig.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 0.015),
        ncol=2,
        frameon=False,
        fontsize=14,
        title=SCALE_NOTE,
        title_fontsize=14,
    )
    legend.get_title().set_color("#444")
    fig._cx_radar = {
        "compare": compare,
        "line": line,
        "fill": patch,
        "title": title,
        "names": names,
    }
    return fig
