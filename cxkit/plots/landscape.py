"""The Customer Performance Landscape as a layered figure, with the problems the checks found."""

from __future__ import annotations

import textwrap

import networkx as nx
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from cxkit.landscape import LEVEL_NAMES, LEVELS, Landscape, LandscapeChecks
from cxkit.plots.style import BAD, KIND_COLOURS, new_figure, styled

_LEVEL_COLOURS = {
    "sco": "#4a2c7a",
    "moment": "#b9a6db",
    "process": "#2b6f77",
    "activity": "#a9d6db",
    "role": "#e0c15a",
}


def _wrap(text: str, width: int = 16) -> str:
    return "\n".join(textwrap.wrap(text, width)[:3])


def positions(land: Landscape) -> dict[str, tuple[float, float]]:
    """One column per level (SCOs left, measures right); each column ordered by its parents' rows."""
    g = land.graph
    pos: dict[str, tuple[float, float]] = {}
    for x, kind in enumerate(LEVELS):
        col = land.nodes(kind)

        def key(n, col=col) -> float:
            # Barycentre of the parents already placed keeps lines short; orphans sink.
            ys = [pos[p][1] for p in g.predecessors(n.id) if p in pos]
            return -sum(ys) / len(ys) if ys else float("inf")

        col = sorted(col, key=key)
        for i, n in enumerate(col):
            pos[n.id] = (float(x), (len(col) - 1) / 2 - i)
    return pos


@styled
def landscape_figure(
    land: Landscape, checks: LandscapeChecks | None = None, title: str = "", highlight: bool = True
) -> Figure:
    """The landscape drawn left to right by level; orphans and problem SCOs ringed in red."""
    checks = checks or land.check()
    per_level = max((len(land.nodes(k)) for k in LEVELS), default=1)
    fig = new_figure(15, max(6.5, 0.85 * per_level + 2))
    ax = fig.add_subplot()
    if len(land) == 0:
        ax.text(0.5, 0.5, "No elements yet: add an SCO to start.", ha="center", fontsize=14)
        ax.axis("off")
        ax.set_title(title or "Customer Performance Landscape")
        return fig
    pos = positions(land)
    problems = set(checks.orphan_activities) | set(checks.unaligned_processes)
    problems |= set(checks.unaligned_roles) | set(checks.scos_without_measure)
    problems |= set(checks.scos_measured_only_by_outputs)
    if not highlight:  # an exercise asks participants to find these themselves
        problems = set()
    chain = [(a, b) for a, b in land.links() if land.node(b).kind != "measure"]
    measured = [(a, b) for a, b in land.links() if land.node(b).kind == "measure"]
    nx.draw_networkx_edges(
        land.graph,
        pos,
        edgelist=chain,
        ax=ax,
        arrows=True,
        arrowsize=14,
        edge_color="#777777",
        width=1.4,
        node_size=3000,
    )
    # Measures hang off what they measure: drawn dashed and curved so they read as a side link.
    nx.draw_networkx_edges(
        land.graph,
        pos,
        edgelist=measured,
        ax=ax,
        arrows=True,
        arrowsize=12,
        edge_color="#9a9a9a",
        width=1.2,
        style="dashed",
        node_size=3000,
        connectionstyle="arc3,rad=0.12",
    )
    for n in land.nodes():
        x, y = pos[n.id]
        colour = (
            KIND_COLOURS[n.measure_kind.value] if n.kind == "measure" else _LEVEL_COLOURS[n.kind]
        )
        ax.text(
            x,
            y,
            _wrap(n.label),
            ha="center",
            va="center",
            fontsize=10.5,
            color="white"
            if n.kind in ("sco", "process")
            or n.measure_kind is not None
            and n.measure_kind.value != "output"
            else "black",
            bbox={
                "boxstyle": "round,pad=0.35",
                "fc": colour,
                "ec": BAD if n.id in problems else "white",
                "lw": 3 if n.id in problems else 1,
                "ls": "--" if n.id in problems else "-",
            },
            zorder=3,
        )
    top = max(p[1] for p in pos.values())
    for x, kind in enumerate(LEVELS):
        ax.text(
            x,
            top + 0.9,
            _wrap(LEVEL_NAMES[kind], 18),
            ha="center",
            va="bottom",
            fontsize=12,
            fontweight="bold",
        )
    ax.set_ylim(-top - 0.7, top + 1.7)
    ax.set_xlim(-0.6, len(LEVELS) - 0.4)
    ax.axis("off")
    share = f"\n{checks.aligned_share:.0%} of activities have a line of sight to an SCO"
    ax.set_title(
        title
        or f"Customer Performance Landscape: {land.name}".rstrip(": ")
        + (share if highlight else "")
    )
    ax.legend(
        handles=[
            Line2D(
                [],
                [],
                marker="s",
                ls="",
                ms=12,
                mfc="white",
                mec=BAD,
                mew=2.5,
                label="Problem: no line of sight / no outcome measure",
            ),
            Line2D(
                [],
                [],
                marker="s",
                ls="",
                ms=12,
                color=KIND_COLOURS["output"],
                label="Output measure",
            ),
            Line2D(
                [],
                [],
                marker="s",
                ls="",
                ms=12,
                color=KIND_COLOURS["outcome"],
                label="Outcome measure",
            ),
            Line2D(
                [],
                [],
                marker="s",
                ls="",
                ms=12,
                color=KIND_COLOURS["impact"],
                label="Impact measure",
            ),
        ],
        loc="lower center",
        bbox_to_anchor=(0.5, -0.08),
        ncol=4,
        frameon=False,
        fontsize=11,
    )
    return fig
