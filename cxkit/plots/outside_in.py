"""Figures for Outside-In: the claim as the firm draws it against the claim as the customer lives it."""

from __future__ import annotations

import textwrap

from cxkit.concepts.outside_in import JourneyStep, share_outside_contacts, unplanned_contacts
from cxkit.plots.style import ACCENT, BAD, NEUTRAL, new_figure, styled


@styled
def journey_two_views(journey: tuple[JourneyStep, ...] | list[JourneyStep], customer: str = "Sam"):
    """Top: the firm's neat five-step process. Bottom: the customer's days, most with no contact at all."""
    steps = list(journey)
    fig = new_figure(14, 8.5)
    top, bottom = fig.subplots(2, 1, height_ratios=[1, 3.2])
    process = [s.kestrel_step for s in steps if s.kestrel_step]
    top.set_axis_off()
    top.set_xlim(-0.5, len(process) - 0.5)
    top.set_ylim(0, 1)
    for i, name in enumerate(process):
        top.text(
            i,
            0.45,
            name,
            ha="center",
            va="center",
            fontsize=15,
            color="white",
            bbox={"boxstyle": "round,pad=0.6", "fc": ACCENT, "ec": "none"},
        )
        if i < len(process) - 1:
            top.annotate(
                "",
                (i + 0.72, 0.45),
                (i + 0.28, 0.45),
                arrowprops={"arrowstyle": "-|>", "color": "#444", "lw": 2},
            )
    top.set_title("How Kestrel's process map draws a motor claim: five neat steps", loc="left")

    last_day = max(s.day for s in steps)
    unplanned = {id(s) for s in unplanned_contacts(steps)}
    for i, s in enumerate(steps):
        y = len(steps) - i
        if s.kestrel_step:
            colour, marker = ACCENT, "s"
        elif id(s) in unplanned:
            colour, marker = BAD, "D"
        else:
            colour, marker = NEUTRAL, "o"
        bottom.plot([s.day], [y], marker=marker, color=colour, markersize=12, linestyle="none")
        bottom.text(s.day + 0.35, y, textwrap.shorten(s.what, 62), va="center", fontsize=11.5,
                    zorder=3, bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0})  # fmt: skip
    for colour, marker, name in (
        (ACCENT, "s", "A step in Kestrel's process"),
        (BAD, "D", "A contact Kestrel never planned (chasing, repeats)"),
        (NEUTRAL, "o", f"{customer}'s life, no contact with Kestrel"),
    ):
        bottom.plot(
            [], [], marker=marker, color=colour, linestyle="none", markersize=11, label=name
        )
    bottom.legend(loc="lower left", frameon=False, fontsize=12)
    bottom.set_xlim(-0.5, last_day + 14)
    bottom.set_ylim(-3.5, len(steps) + 0.8)
    bottom.set_yticks([])
    bottom.spines["left"].set_visible(False)
    bottom.set_xlabel("Days since the accident")
    share = share_outside_contacts(steps)
    bottom.set_title(
        f"How {customer} lives it: {share:.0%} of the steps happen with no contact with Kestrel",
        loc="left",
    )
    back = next((s.day for s in steps if "back on the road" in s.what.lower()), None)
    if back is not None:
        bottom.axvline(back, color="#1b7a3a", linestyle="--", lw=1.5, zorder=1)  # behind the words
        bottom.text(back, -1.2, f" back on the road: day {back}", color="#1b7a3a", fontsize=12)
    return fig
