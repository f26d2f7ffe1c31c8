"""Figures for NPS: two distributions with one score, the bootstrap interval, and monthly noise."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from cxkit.concepts.nps import bootstrap_ci, bootstrap_nps, nps_from_counts, standard_error
from cxkit.plots.style import ACCENT, BAD, GOOD, NEUTRAL, new_figure, styled

_GROUP = [BAD] * 7 + [NEUTRAL] * 2 + [GOOD] * 2
GROUP_COLOURS = tuple(_GROUP)  # the colour of each answer 0..10: detractor, passive, promoter


@dataclass(frozen=True)
class Frame:
    """A fixed two-panel frame, in inches, so a widget can line its controls up under the bars.

    The first panel's bars 0..10 each fill ``panel / 11`` inches, starting ``left`` inches
    from the figure's left edge.
    """

    width: float = 12.6
    height: float = 4.9
    left: float = 0.85
    panel: float = 6.2
    gap: float = 0.9
    second: float = 4.4
    bottom: float = 0.85
    top: float = 1.0

    def rects(self) -> list[tuple[float, float, float, float]]:
        """The two panels' (left, bottom, width, height) as fractions of the figure."""
        h = (self.height - self.bottom - self.top) / self.height
        b = self.bottom / self.height
        second = self.left + self.panel + self.gap
        return [
            (self.left / self.width, b, self.panel / self.width, h),
            (second / self.width, b, self.second / self.width, h),
        ]


EXPLORER_FRAME = Frame()


def _panel_title(label: str, counts: np.ndarray) -> str:
    ci = bootstrap_ci(counts)
    return f"{label}\nNPS {ci.nps:+.0f} (95% CI {ci.low:+.0f} to {ci.high:+.0f})"


@styled
def distributions(
    *surveys: tuple[str, np.ndarray], fig: Figure | None = None, frame: Frame | None = None
) -> Figure:
    """Side-by-side bar charts of score distributions (label, counts), each titled with its NPS.

    Pass the figure from the last call as ``fig`` to redraw it in place (same number of
    panels): the bars, the titles and the scale change; the laid-out frame is kept. With a
    ``frame`` (two surveys), the panels sit exactly where the frame says.
    """
    state = getattr(fig, "_cx_panels", None) if fig is not None else None
    if state is not None and len(state["bars"]) == len(surveys):
        top = 0.0
        for bars, title, (label, counts) in zip(
            state["bars"], state["titles"], surveys, strict=True
        ):
            c = np.asarray(counts, dtype=float)
            share = 100 * c / c.sum()
            for bar, h in zip(bars, share, strict=True):
                bar.set_height(h)
            title.set_text(_panel_title(label, c))
            top = max(top, float(share.max()))
        state["axes"][0].set_ylim(0, _nice_top(top))
        return fig
    if frame is not None and len(surveys) != 2:
        raise ValueError("A frame has room for two surveys.")
    if fig is None:
        size = (frame.width, frame.height) if frame else (6 * len(surveys), 5)
        fig = new_figure(*size, layout=None)
    else:
        fig.clear()
    if frame is not None:
        first_rect, second_rect = frame.rects()
        first = fig.add_axes(first_rect)
        axes = [first, fig.add_axes(second_rect, sharey=first)]
        axes[1].tick_params(labelleft=False)
    else:
        axes = fig.subplots(1, len(surveys), sharey=True, squeeze=False)[0]
    all_bars, titles, top = [], [], 0.0
    for ax, (label, counts) in zip(axes, surveys, strict=True):
        c = np.asarray(counts, dtype=float)
        share = 100 * c / c.sum()
        all_bars.append(list(ax.bar(range(11), share, color=_GROUP)))
        titles.append(ax.set_title(_panel_title(label, c)))
        top = max(top, float(share.max()))
        ax.set_xticks(range(11))
        ax.set_xlim(-0.5, 10.5)  # each answer's bar fills 1/11 of the panel
        ax.set_xlabel("Answer to 'how likely are you to recommend us?' (0–10)")
    if frame is not None:  # the narrower second panel: a label that fits under it
        axes[1].set_xlabel("Answer (0–10)")
    axes[0].set_ylabel("Share of answers (%)")
    axes[0].set_ylim(0, 100)  # lay out for the widest tick labels a redraw can show
    from matplotlib.patches import Patch

    axes[-1].legend(
        handles=[
            Patch(color=BAD, label="Detractors 0–6"),
            Patch(color=NEUTRAL, label="Passives 7–8"),
            Patch(color=GOOD, label="Promoters 9–10"),
        ],
        loc="upper left",
    )
    if frame is None:
        from matplotlib.layout_engine import ConstrainedLayoutEngine

        ConstrainedLayoutEngine().execute(fig)  # once; a redraw in place keeps the frame
    axes[0].set_ylim(0, _nice_top(top))
    fig._cx_panels = {"axes": list(axes), "bars": all_bars, "titles": titles}
    return fig


def _nice_top(top: float) -> float:
    """A y-axis top a little above the tallest bar, on a round 10%."""
    return float(min(100.0, 10 * np.ceil((top * 1.08 + 1e-9) / 10)))


@styled
def survey_counts(counts: np.ndarray, title: str = "This month's survey answers") -> Figure:
    """How many customers gave each answer 0–10, coloured by group, with each count written on."""
    c = np.asarray(counts, dtype=int)
    fig = new_figure(11, 4.8)
    ax = fig.add_subplot()
    bars = ax.bar(range(11), c, color=_GROUP)
    for bar, n in zip(bars, c, strict=True):
        ax.text(bar.get_x() + bar.get_width() / 2, n, f"{n}", ha="center", va="bottom", fontsize=12)
    ax.set_xticks(range(11))
    ax.set_xlabel(
        "Answer to 'how likely are you to recommend us?' (0 = not at all, 10 = extremely)"
    )
    ax.set_ylabel("Number of customers")
    ax.set_ylim(0, max(1, c.max()) * 1.15)
    ax.set_title(f"{title}: {int(c.sum()):,} answers")
    from matplotlib.patches import Patch

    ax.legend(
        handles=[
            Patch(color=BAD, label="Detractors 0–6"),
            Patch(color=NEUTRAL, label="Passives 7–8"),
            Patch(color=GOOD, label="Promoters 9–10"),
        ],
        loc="upper left",
    )
    return fig


@styled
def bootstrap_chart(counts: np.ndarray, n_boot: int = 10_000, seed: int = 0) -> Figure:
    """Histogram of bootstrapped NPS with the 95% interval marked."""
    boot = bootstrap_nps(counts, n_boot, seed)
    ci = bootstrap_ci(counts, n_boot=n_boot, seed=seed)
    fig = new_figure(10, 5)
    ax = fig.add_subplot()
    step = 100 / ci.n  # NPS moves in steps of 100/n: align the bins to them
    width = step * max(1, round((boot.max() - boot.min()) / 40 / step))
    bins = np.arange(boot.min() - width / 2, boot.max() + width, width)
    ax.hist(boot, bins=bins, color=ACCENT, alpha=0.8)
    for x in (ci.low, ci.high):
        ax.axvline(x, color=BAD, ls="--", lw=2)
    ax.axvline(ci.nps, color="black", lw=2.5, label=f"Survey NPS {ci.nps:+.0f}")
    ax.axvspan(
        ci.low, ci.high, color=BAD, alpha=0.08, label=f"95% interval ±{(ci.high - ci.low) / 2:.0f}"
    )
    ax.set_xlabel("NPS of a resampled survey")
    ax.set_ylabel("Number of resamples")
    ax.set_title(f"The same survey, resampled {n_boot:,} times ({ci.n:,} answers)")
    ax.legend()
    return fig


@styled
def monthly_chart(monthly_counts: np.ndarray, true_nps: float | None = None) -> Figure:
    """Monthly NPS with a 95% error bar each: how much of the month-to-month wobble is noise."""
    m = np.asarray(monthly_counts)
    scores = [nps_from_counts(c) for c in m]
    errs = [1.96 * standard_error(c) for c in m]
    fig = new_figure(11, 5)
    ax = fig.add_subplot()
    months = np.arange(1, len(m) + 1)
    ax.errorbar(
        months,
        scores,
        yerr=errs,
        fmt="o-",
        color=ACCENT,
        lw=2,
        capsize=5,
        ms=8,
        label="Monthly NPS with 95% interval",
    )
    if true_nps is not None:
        ax.axhline(
            true_nps, color=GOOD, ls="--", lw=2, label=f"True NPS (unchanged): {true_nps:+.0f}"
        )
    ax.set_xticks(months)
    ax.set_xlabel("Month")
    ax.set_ylabel("NPS (points)")
    ax.set_title(f"Nothing changed, yet NPS moved every month ({int(m[0].sum())} answers a month)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, frameon=False)
    return fig
