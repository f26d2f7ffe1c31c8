"""Canvas rows: rendering the SCO canvas, and the canvas builder's cost per keystroke."""

from __future__ import annotations

import dataclasses
import io
import tempfile
from pathlib import Path

from bench import Row, median_time

from cxkit.concepts.canvas import kestrel_back_on_the_road
from cxkit.plots import canvas as pc
from cxkit.plots.canvas import layout_canvas, render_canvas, render_canvas_preview
from cxkit.widgets.canvas import PREVIEW_DPI, CanvasBuilder


def _png(fig, dpi: int) -> None:
    fig.savefig(io.BytesIO(), format="png", dpi=dpi)


def rows(repeat: int) -> list[Row]:
    """Render vs Markdown export; cached vs uncached text measuring; debounced vs undebounced typing."""
    c = kestrel_back_on_the_road()
    render = median_time(lambda: _png(render_canvas(c), 150), repeat)
    preview = median_time(lambda: _png(render_canvas(c), PREVIEW_DPI), repeat)
    markdown = median_time(c.to_markdown, repeat * 10)
    edits = iter(range(10**9))

    def tiled_after_edit() -> None:
        # What the participant waits for when typing pauses: one box changed, the rest reused.
        render_canvas_preview(dataclasses.replace(c, who=f"{c.who} {next(edits)}"), PREVIEW_DPI)

    tiled = median_time(tiled_after_edit, repeat * 3)

    cached = median_time(lambda: layout_canvas(c), repeat * 5)

    def uncached() -> None:
        pc._advance.cache_clear()  # measure every letter again, as a naive layout would
        layout_canvas(c)

    naive = median_time(uncached, repeat * 5)

    b = CanvasBuilder(c)  # lesson mode: no workbook writes, so only the UI work is timed
    text = "Households whose home is damaged by water, fire or storm"
    keys = iter(range(10**9))

    def keystroke_debounced() -> None:
        i = next(keys) % len(text)
        b.fields["who"].value = text[: i + 1]  # live checks; preview waits for the pause

    def keystroke_undebounced() -> None:
        keystroke_debounced()
        b.flush()  # redraw the preview on every key

    deb = median_time(keystroke_debounced, repeat * 5)
    undeb = median_time(keystroke_undebounced, repeat)

    # Exercise mode also autosaves the whole canvas to the workbook on every key.
    with tempfile.TemporaryDirectory() as d:
        from cxkit.session import reset_session

        reset_session(Path(d)).identify("Bench Participant")
        ex = CanvasBuilder(c, mode="exercise")

        def keystroke_saving() -> None:
            i = next(keys) % len(text)
            ex.fields["who"].value = text[: i + 1]

        saving = median_time(keystroke_saving, repeat * 5)
        reset_session(Path(d) / "none")
    return [
        Row("canvas render + PNG 150 dpi (A4)", render, "s", "Markdown export of the same canvas",
            markdown, "the figure costs this much more than text"),
        Row("canvas preview render + PNG 55 dpi", preview, "s", "print-quality render", render),
        Row("canvas preview when typing pauses (tiles, one box redrawn)", tiled, "s",
            "whole canvas redrawn at preview size", preview),
        Row("canvas layout, cached glyph widths", cached, "s", "layout measuring every letter anew",
            naive),
        Row("builder keystroke, debounced preview", deb, "s", "redraw preview on every keystroke",
            undeb, "plus one redraw when typing pauses"),
        Row("builder keystroke, exercise mode (autosave)", saving, "s",
            "same keystroke in lesson mode (no save)", deb, "cost of never losing a key"),
    ]  # fmt: skip
