"""Figures for the feedback reports: a participant's scores by concept, and the cohort's view."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cxkit.plots.style import ACCENT, BAD, GOOD, NEUTRAL, new_figure, styled


def _title(concept: str) -> str:
    words = concept.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else "General"


@styled
def concept_scores(by_concept: Mapping[str, tuple[float, float]], pass_share: float = 0.7):
    """Horizontal bars: the share of points earned in each concept, labelled with the points."""
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
    ax.set_yticks(list(y), [_title(n) for n in names])
    ax.invert_yaxis()
    ax.set_xlim(0, 1.15)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_xlabel("Share of the concept's points earned (dashed line: where to aim)")
    ax.set_title("Your scores by concept")
    return fig


@styled
def score_distribution(percents: Sequence[float]):
    """Histogram of the cohort's overall scores (percent of available points)."""
    fig = new_figure(9, 4.5)
    ax = fig.add_subplot()
    ax.hist(list(percents), bins=[i * 10 for i in range(11)], color=ACCENT, edgecolor="white")
    ax.set_xlim(0, 100)
    ax.set_xlabel("Overall score (% of available points)")
    ax.set_ylabel("Participants")
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # people come whole
    ax.set_title(f"Score distribution ({len(percents)} participants)")
    return fig


@styled
def concept_means(means: Mapping[str, float]):
    """Bars: the cohort's mean share of points per concept, weakest first."""
    items = sorted(means.items(), key=lambda kv: kv[1])
    fig = new_figure(9, max(2.8, 0.6 * len(items) + 1.6))
    ax = fig.add_subplot()
    ax.barh([_title(k) for k, _ in items], [v for _, v in items], color=ACCENT)
    ax.invert_yaxis()  # weakest on top
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_xlabel("Mean share of points earned")
    ax.set_title("Where the cohort struggles: concepts, weakest first")
    return fig


@styled
def most_missed(missed: Mapping[str, float], top: int = 10):
    """Bars: the questions most participants did not get right (share of participants)."""
    items = sorted(missed.items(), key=lambda kv: -kv[1])[:top][::-1]
    fig = new_figure(9, max(2.8, 0.5 * len(items) + 1.6))
    ax = fig.add_subplot()
    ax.barh([k for k, _ in items], [v for _, v in items], color=BAD)
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_xlabel("Share of participants not fully right")
    ax.set_title("Most-missed auto-scored questions")
    return fig
