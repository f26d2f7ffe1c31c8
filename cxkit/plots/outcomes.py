"""Figures for outputs versus outcomes: the case dashboard by kind, the logic model, quiz results."""

from __future__ import annotations

import textwrap

from matplotlib.ticker import MaxNLocator

from cxkit.concepts.case_company import SCO_TARGET
from cxkit.concepts.outcomes.measures import KINDS, ClassifyScore, Measure, count_by_kind
from cxkit.plots.style import BAD, GOOD, KIND_COLOURS, NEUTRAL, new_figure, styled

_LABEL = {"output": "Output", "outcome": "Outcome", "impact": "Impact"}


@styled
def dashboard_by_kind(measures: list[Measure], title: str = "Kestrel Mutual's dashboard, by kind"):
    """Bar of how many measures are outputs, outcomes and impacts, beside the measures themselves."""
    from matplotlib.patches import Rectangle

    counts = count_by_kind(measures)
    fig = new_figure(13, 7.5)
    left, right = fig.subplots(1, 2, width_ratios=[1, 1.7])
    bars = left.bar(
        [_LABEL[k] for k in KINDS],
        [counts[k] for k in KINDS],
        color=[KIND_COLOURS[k] for k in KINDS],
    )
    left.bar_label(bars, fontsize=15, fontweight="bold", padding=3)
    left.set_ylabel("Number of measures")
    left.set_xlabel("Kind of measure")
    left.set_ylim(0, max(counts.values()) * 1.25 + 0.5)
    share = counts["output"] / len(measures) if measures else 0.0
    left.set_title(f"{share:.0%} of the measures are outputs", fontsize=14)

    right.set_axis_off()
    right.set_xlim(0, 1)
    right.set_ylim(0, 1)
    ordered = sorted(measures, key=lambda m: KINDS.index(m.kind.value))
    step = 1 / max(len(ordered), 1)
    for i, m in enumerate(ordered):
        y = 1 - (i + 0.5) * step
        right.add_patch(
            Rectangle((0, y - step * 0.4), 0.025, step * 0.8, color=KIND_COLOURS[m.kind.value])
        )
        right.text(
            0.04,
            y,
            textwrap.shorten(m.name, 58),
            va="center",
            fontsize=12,
            color="#222",
        )
    right.set_title("What is on it (colour = kind, as in the bars)", fontsize=14, loc="left")
    fig.suptitle(title, fontsize=17, fontweight="bold")
    return fig


@styled
def logic_model(examples: dict[str, str] | None = None):
    """The logic model as a chain: inputs, then outputs, then outcomes, then impact, with case examples."""
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    examples = examples or {
        "Inputs": "Agents, phones,\nclaims system,\ngarage network",
        "Outputs": "Calls answered,\nrepairs booked,\nclaim files closed",
        "Outcomes": f"Sam is back on\nthe road {SCO_TARGET.replace(' working', chr(10) + 'working')},\nafter one call",
        "Impact": "Sam renews;\nfewer repeat calls\ncut the cost per claim",
    }
    colours = {
        "Inputs": "#d9dee3",
        "Outputs": KIND_COLOURS["output"],
        "Outcomes": KIND_COLOURS["outcome"],
        "Impact": KIND_COLOURS["impact"],
    }
    asks = {
        "Inputs": "What we put in",
        "Outputs": "What we produce",
        "Outcomes": "What the customer gets",
        "Impact": "What the business gets",
    }
    fig = new_figure(13, 4.8)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_xlim(0, 4)
    ax.set_ylim(0, 1)
    for i, (stage, text) in enumerate(examples.items()):
        x = i + 0.06
        ax.add_patch(
            FancyBboxPatch(
                (x, 0.12), 0.82, 0.62, boxstyle="round,pad=0.02", color=colours[stage], alpha=0.9
            )
        )
        dark = stage not in ("Inputs", "Outputs")  # white text only on the dark boxes
        ax.text(
            x + 0.41,
            0.64,
            stage,
            ha="center",
            fontsize=16,
            fontweight="bold",
            color="white" if dark else "#222",
        )
        ax.text(
            x + 0.41,
            0.36,
            text,
            ha="center",
            va="center",
            fontsize=12,
            color="white" if dark else "#222",
        )
        ax.text(x + 0.41, 0.84, asks[stage], ha="center", fontsize=13, style="italic")
        if i < 3:
            ax.add_patch(
                FancyArrowPatch(  # from the gap after this box to the edge of the next one
                    (x + 0.85, 0.43),
                    (x + 0.975, 0.43),
                    arrowstyle="-|>",
                    mutation_scale=22,
                    shrinkA=0,
                    shrinkB=0,
                    color="#444",
                    zorder=5,
                )
            )
    ax.set_title("The logic model: outputs only matter through the outcomes they cause")
    return fig


@styled
def classification_results(score: ClassifyScore, title: str = "Your answers, by the right kind"):
    """Stacked bars per kind: how many you got right, wrong and left blank."""
    # Fixed margins, not a layout engine: this chart answers a click, so it must draw fast.
    fig = new_figure(10, 5.5, layout=None)
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.12, top=0.9)
    ax = fig.add_subplot()
    labels = [_LABEL[k] for k in KINDS]
    bottom = [0] * len(KINDS)
    for part, colour, name in (
        ("right", GOOD, "Right"),
        ("wrong", BAD, "Not right"),
        ("blank", NEUTRAL, "Not answered"),
    ):
        vals = [score.by_kind[k][part] for k in KINDS]
        bars = ax.bar(labels, vals, bottom=bottom, color=colour, label=name)
        ax.bar_label(
            bars,
            labels=[str(v) if v else "" for v in vals],
            label_type="center",
            color="white",
            fontsize=13,
            fontweight="bold",
        )
        bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
    ax.set_ylabel("Number of measures")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))  # whole measures only
    ax.set_xlabel("The measure's right kind")
    ax.legend(loc="upper right", frameon=False)
    ax.set_ylim(0, max(bottom + [1]) * 1.2)
    ax.set_title(f"{title}: {score.right} of {score.total} right")
    return fig
