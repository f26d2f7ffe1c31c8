"""One look for every figure in the course: large type for workshop screens, a calm palette."""

from __future__ import annotations

from contextlib import contextmanager

# Colour per measure kind and per verdict, used consistently across lessons.
KIND_COLOURS = {"output": "#9aa5b1", "outcome": "#1b7a3a", "impact": "#1f5fa8"}
GOOD, BAD, NEUTRAL, ACCENT = "#1b7a3a", "#b3261e", "#9aa5b1", "#1f5fa8"

RC = {
    "font.size": 13,
    "axes.titlesize": 16,
    "axes.titleweight": "bold",
    "axes.labelsize": 13,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 12,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "font.family": ["DejaVu Sans", "sans-serif"],
}


@contextmanager
def course_style():
    """Apply the course's rc settings for the figures made inside the block."""
    import matplotlib as mpl

    with mpl.rc_context(RC):
        yield


def new_figure(width: float = 10, height: float = 5.5, **kwargs):
    """A Figure (not registered with pyplot, so nothing leaks between cells) in the course style."""
    from matplotlib.figure import Figure

    with course_style():
        fig = Figure(figsize=(width, height), layout="constrained", **kwargs)
    return fig


def styled(fn):
    """Decorator: build the figure inside the course style."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with course_style():
            return fn(*args, **kwargs)

    return wrapper
