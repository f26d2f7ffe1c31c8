"""Plots for lesson 4 (customer categories and needs) and the moments of truth of lesson 5."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from cxkit.concepts.case_company import category
from cxkit.concepts.moments import InteractionType, Journey
from cxkit.concepts.needs import crosstab_needs, group_by_need, profit_pareto, top_share_of_profit
from cxkit.plots.style import ACCENT, BAD, GOOD, NEUTRAL, new_figure, styled

FEELING_COLOURS = {"misery": BAD, "neutral": NEUTRAL, "magic": GOOD}


@styled
def profit_pareto_chart(customers: pd.DataFrame) -> Figure:
    """The 80/20 view: cumulative share of profit against share of customers, most profitable first."""
    p = profit_pareto(customers)
    top = top_share_of_profit(customers, 0.2)
    fig = new_figure(10, 5.5)
    ax = fig.add_subplot()
    ax.plot(p["cum_share_customers"] * 100, p["cum_share_profit"] * 100, color=ACCENT, lw=3)
    ax.plot([0, 100], [0, 100], color=NEUTRAL, ls="--", lw=1.5, label="every customer equal")
    ax.axvline(20, color=GOOD, lw=1.5, ls=":")
    ax.annotate(
        f"top 20% of customers\nearn {top:.0%} of profit",
        xy=(20, top * 100),
        xytext=(24, top * 100 - 14),  # between the curve and the diagonal, clear of both
        va="top",
        arrowprops={"arrowstyle": "->", "color": GOOD},
        color=GOOD,
        fontsize=13,
        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.9},
        zorder=5,
    )
    peak = p["cum_share_profit"].max()
    if peak > 1.0:  # the least profitable customers cost more than they bring
        losers = (p["annual_profit"] < 0).mean()
        ax.annotate(
            f"the last {losers:.0%} lose money:\nthe curve falls back to 100%",
            xy=(100 - losers * 50, peak * 100),
            xytext=(62, 30),
            arrowprops={"arrowstyle": "->", "color": BAD},
            color=BAD,
            fontsize=12,
        )
    ax.set_xlabel("Customers, most profitable first (% of all)")
    ax.set_ylabel("Cumulative share of profit (%)")
    ax.set_title("About 80% of profit comes from about 20% of customers")
    ax.set_xlim(0, 100)
    ax.legend(loc="lower right")
    return fig


@styled
def category_share_chart(customers: pd.DataFrame) -> Figure:
    """Share of customers against share of profit, per need group."""
    g = group_by_need(customers)
    fig = new_figure(10, 5.5)
    ax = fig.add_subplot()
    y = np.arange(len(g))
    profit = ax.barh(y - 0.2, g["share_of_profit"] * 100, 0.4, color=GOOD, label="share of profit")
    people = ax.barh(
        y + 0.2, g["share_of_customers"] * 100, 0.4, color=NEUTRAL, label="share of customers"
    )
    for bars in (profit, people):
        ax.bar_label(bars, fmt="%.0f%%", padding=4, fontsize=12)
    ax.set_yticks(y, g["name"])
    ax.invert_yaxis()
    top = float(max(g["share_of_customers"].max(), g["share_of_profit"].max()) * 100)
    ax.set_xlim(0, top * 1.15)  # room for the value labels
    ax.set_xlabel("% of Kestrel Mutual's customers / profit")
    ax.set_title("Prioritise need groups by the profit they bring")
    # Below the axes, so the legend never covers a bar.
    fig.legend(handles=[profit, people], loc="outside lower center", ncols=2, frameon=False)
    return fig


@styled
def needs_crosstab_chart(customers: pd.DataFrame, circumstance: str = "region") -> Figure:
    """Heat map of customers per need group and circumstance segment: needs cut across segments."""
    ct = crosstab_needs(customers, circumstance)
    fig = new_figure(11, 5.5)
    ax = fig.add_subplot()
    im = ax.imshow(ct.to_numpy(), cmap="Greens", aspect="auto")
    ax.set_xticks(range(ct.shape[1]), ct.columns, rotation=20, ha="right")
    ax.set_yticks(range(ct.shape[0]), [category(c).name for c in ct.index])
    vmax = ct.to_numpy().max()
    for i in range(ct.shape[0]):
        for j in range(ct.shape[1]):
            v = ct.iat[i, j]
            ax.text(j, i, str(v), ha="center", va="center", fontsize=13,
                    color="white" if v > vmax * 0.6 else "#222")  # fmt: skip
    ax.set_xlabel(f"Circumstance segment: {circumstance.replace('_', ' ')}")
    ax.set_ylabel("Need group")
    seg = circumstance.replace("_", " ")
    everywhere = bool((ct > 0).all(axis=None))
    ax.set_title(
        f"Every need shows up in every {seg} segment"
        if everywhere
        else f"Needs cut across {seg} segments"
    )
    fig.colorbar(im, ax=ax, label="customers")
    return fig


@styled
def moments_chart(journey: Journey) -> Figure:
    """Moments of truth per interaction type, before and after removing what does not serve the SCO."""
    after = journey.after_removal()
    fig = new_figure(11, 5.5)
    ax1, ax2 = fig.subplots(1, 2, width_ratios=[2, 1])
    labels = [t.label for t in InteractionType]
    b = list(journey.counts_by_type().values())
    a = list(after.counts_by_type().values())
    y = np.arange(len(labels))
    ax1.barh(y - 0.2, b, 0.4, color=NEUTRAL, label=f"today ({len(journey.moments)})")
    ax1.barh(y + 0.2, a, 0.4, color=GOOD, label=f"serving the SCO ({len(after.moments)})")
    ax1.set_yticks(y, labels)
    ax1.invert_yaxis()
    ax1.set_xlabel("Moments of truth")
    ax1.set_title("Moments by type")
    ax1.legend(loc="lower right")
    ax1.xaxis.get_major_locator().set_params(integer=True)
    fb, fa = journey.counts_by_feeling(), after.counts_by_feeling()
    x = np.arange(2)
    bottom = np.zeros(2)
    for feeling, colour in FEELING_COLOURS.items():
        vals = np.array([fb[feeling], fa[feeling]])
        ax2.bar(x, vals, 0.6, bottom=bottom, color=colour, label=feeling)
        bottom += vals
    ax2.set_xticks(x, ["today", "after removal"])
    ax2.set_ylabel("Moments of truth")
    ax2.set_title("Misery and magic")
    ax2.legend(loc="upper right")
    share = journey.removable_share()
    fig.suptitle(
        f"{journey.name} — {share:.0%} of the moments could be removed",
        fontsize=16,
        fontweight="bold",
    )
    return fig
