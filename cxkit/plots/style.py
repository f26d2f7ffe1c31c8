"""One look for every figure in the course: large type for workshop screens, a calm palette."""

from __future__ import annotations

import io
from contextlib import contextmanager
from typing import Any

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


def figure_png(fig: Any, dpi: float | None = None) -> bytes:
    """The figure as PNG bytes: the one way the kit turns a figure into a picture."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi or fig.dpi, metadata={"Software": None})
    return buf.getvalue()


def figure_img(fig: Any, alt: str, dpi: float | None = 100) -> str:
    """The figure as an HTML <img> with the PNG inline, for report pages (alt text escaped)."""
    import base64
    import html

    data = base64.b64encode(figure_png(fig, dpi)).decode("ascii")
    return (
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
        'style="max-width:100%">'
    )


def _course_figure_class() -> type:
    """Figure that draws itself as a PNG wherever IPython shows it, with or without pyplot."""
    global _COURSE_FIGURE
    if _COURSE_FIGURE is None:
        from matplotlib.figure import Figure

        class CourseFigure(Figure):
            """A course figure: shown as a picture in JupyterLab, Voilà, nbconvert and papermill."""

            def _repr_png_(self) -> bytes:
                return figure_png(self)

        _COURSE_FIGURE = CourseFigure
    _register_formatter(_COURSE_FIGURE)
    return _COURSE_FIGURE


_COURSE_FIGURE: type | None = None


def _register_formatter(cls: type) -> None:
    # The inline backend registers a printer for Figure that skips figures without axes and
    # exists only once pyplot is imported; a printer for our subclass wins over both.
    try:
        from IPython import get_ipython
    except ImportError:
        return
    ip = get_ipython()
    if ip is None:
        return
    fmt = ip.display_formatter.formatters["image/png"]
    if fmt.type_printers.get(cls) is None:
        fmt.for_type(cls, figure_png)


def new_figure(width: float = 10, height: float = 5.5, **kwargs):
    """A Figure (not registered with pyplot, so nothing leaks between cells) in the course style."""
    kwargs.setdefault("layout", "constrained")
    with course_style():
        fig = _course_figure_class()(figsize=(width, height), **kwargs)
    return fig


def styled(fn):
    """Decorator: build the figure inside the course style."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with course_style():
            return fn(*args, **kwargs)

    return wrapper
