"""The Customer Performance Landscape as a layered figure, with the problems the checks found."""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.offsetbox import AnnotationBbox, OffsetImage
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Text

from cxkit.concepts.case_company import pct
from cxkit.concepts.landscape import LEVEL_NAMES, LEVELS, Landscape, LandscapeChecks
from cxkit.plots.style import BAD, KIND_COLOURS, course_style, new_figure, styled

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
    land: Landscape,
    checks: LandscapeChecks | None = None,
    title: str = "",
    highlight: bool = True,
    fig: Figure | None = None,
    label_cache: dict | None = None,
    label_dpi: float = 64,
) -> Figure:
    """The landscape drawn left to right by level; orphans and problem SCOs ringed in red.

    Pass the figure from the last call as ``fig`` to redraw into it: its frame and legend
    are kept and only the elements and links are drawn again (a builder's quick redraw).
    With ``label_cache`` (a dict kept between calls) each element's label is drawn once, as
    a picture for saving at ``label_dpi``, and reused: text is most of a redraw's time.
    """
    checks = checks or land.check()
    per_level = max((len(land.nodes(k)) for k in LEVELS), default=1)
    height = max(6.5, 0.85 * per_level + 2)
    state = getattr(fig, "_cx_landscape", None) if fig is not None else None
    if state is not None and state["height"] == height:
        ax = state["ax"]
        for artist in [*ax.texts, *ax.patches, *state["drawn"]]:
            artist.remove()
        state["drawn"] = []
    else:
        if fig is None:
            # A fixed frame (the axes are hidden), so saving it needs no layout pass.
            fig = new_figure(15, height, layout=None)
        else:
            fig.clear()
        fig.subplots_adjust(left=0.01, right=0.99, top=1 - 1.0 / height, bottom=0.6 / height)
        ax = fig.add_subplot()
        ax.axis("off")
        _legend(ax)
        fig._cx_landscape = state = {"ax": ax, "height": height, "drawn": []}
    if len(land) == 0:
        ax.text(0.5, 0.5, "No elements yet: add an SCO to start.", ha="center", fontsize=14)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_title(title or "Customer Performance Landscape")
        return fig
    pos = positions(land)
    problems = set(checks.orphan_activities) | set(checks.unaligned_processes)
    problems |= set(checks.unaligned_roles) | set(checks.scos_without_measure)
    problems |= set(checks.scos_measured_only_by_outputs)
    if not highlight:  # an exercise asks participants to find these themselves
        problems = set()
    for a, b in land.links():
        measure = land.node(b).kind == "measure"
        # Measures hang off what they measure: dashed and curved, so they read as a side link.
        # Links and labels go on the figure, in the axes' data coordinates: added there they
        # skip the axes' clip-path set-up, which is a large share of a quick redraw.
        state["drawn"].append(
            FancyArrowPatch(
                pos[a],
                pos[b],
                arrowstyle="-|>",
                mutation_scale=12 if measure else 14,
                color="#9a9a9a" if measure else "#777777",
                linewidth=1.2 if measure else 1.4,
                linestyle="--" if measure else "-",
                connectionstyle="arc3,rad=0.12" if measure else "arc3",
                shrinkA=_SHRINK,
                shrinkB=_SHRINK,
                zorder=1,
                transform=ax.transData,
            )
        )
    for n in land.nodes():
        x, y = pos[n.id]
        colour = (
            KIND_COLOURS[n.measure_kind.value] if n.kind == "measure" else _LEVEL_COLOURS[n.kind]
        )
        style = {
            "fontsize": 10.5,
            "color": "white"
            if n.kind in ("sco", "process")
            or n.measure_kind is not None
            and n.measure_kind.value != "output"
            else "black",
            "bbox": {
                "boxstyle": "round,pad=0.35",
                "fc": colour,
                "ec": BAD if n.id in problems else "white",
                "lw": 3 if n.id in problems else 1,
                "ls": "--" if n.id in problems else "-",
            },
        }
        if label_cache is None:
            state["drawn"].append(
                Text(
                    x,
                    y,
                    _wrap(n.label),
                    ha="center",
                    va="center",
                    zorder=3,
                    transform=ax.transData,
                    **style,
                )
            )
        else:
            picture = _label_picture(_wrap(n.label), style, label_dpi, label_cache)
            state["drawn"].append(
                AnnotationBbox(
                    # One picture pixel is one pixel: nothing to smooth, so copy it as it is.
                    OffsetImage(picture, dpi_cor=False, interpolation="nearest"),
                    (x, y),
                    xycoords=ax.transData,
                    frameon=False,
                    pad=0,
                    zorder=3,
                )
            )
    for artist in state["drawn"]:
        fig.add_artist(artist)
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
    share = f"\n{pct(checks.aligned_share)} of activities have a line of sight to an SCO"
    ax.set_title(
        title
        or f"Customer Performance Landscape: {land.name}".rstrip(": ")
        + (share if highlight else "")
    )
    return fig


def _label_picture(text: str, style: dict, dpi: float, cache: dict) -> np.ndarray:
    """An element's label box drawn once as an RGBA picture (cached by text, style and dpi)."""
    key = (text, repr(sorted((k, repr(v)) for k, v in style.items())), dpi)
    if key not in cache:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        with course_style():
            scratch = Figure(figsize=(4, 2), dpi=dpi)
            canvas = FigureCanvasAgg(scratch)
            scratch.patch.set_alpha(0)
            label = scratch.text(0.5, 0.5, text, ha="center", va="center", **style)
            canvas.draw()
            box = label.get_bbox_patch().get_window_extent(canvas.get_renderer()).padded(2)
        rgba = np.asarray(canvas.buffer_rgba())
        h = rgba.shape[0]
        x0, x1 = max(0, int(box.x0)), min(rgba.shape[1], int(np.ceil(box.x1)))
        y0, y1 = max(0, int(h - box.y1)), min(h, int(np.ceil(h - box.y0)))
        cache[key] = rgba[y0:y1, x0:x1].copy()
    return cache[key]


# How far an arrow stops short of an element's centre, in points (about half a label box).
_SHRINK = 27.0


def _legend(ax) -> None:
    def key(label: str, **style) -> Line2D:
        return Line2D([], [], marker="s", ls="", ms=12, label=label, **style)

    ax.legend(
        handles=[
            key("Problem: no line of sight / no outcome measure", mfc="white", mec=BAD, mew=2.5),
            key("Output measure", color=KIND_COLOURS["output"]),
            key("Outcome measure", color=KIND_COLOURS["outcome"]),
            key("Impact measure", color=KIND_COLOURS["impact"]),
        ],
        loc="lower center",
        bbox_to_anchor=(0.5, -0.08),
        ncol=4,
        frameon=False,
        fontsize=11,
    )


def findings_table(checks: LandscapeChecks, land: Landscape):
    """The checks as a table a manager reads: each check, its result, and what it found."""
    import pandas as pd

    from cxkit.plots.tables import course_table

    mark = {"ok": "✓ clear", "bad": "✗ problem", "warn": "! look at it"}
    rows = [
        {"Check": title, "Result": mark[tone], "Found": ", ".join(names) if names else "none"}
        for title, tone, names in checks.findings(land)
    ]
    return course_table(pd.DataFrame(rows), caption=checks.summary())
