"""The canvas builder: a form for every SCO canvas field, live checks, a debounced live preview.

Thin view over cxkit.concepts.canvas (model, validation, records) and cxkit.plots.canvas (drawing).
Checks run on every keystroke (they are cheap); the preview is redrawn once typing pauses.
In exercise mode every change is saved to the workbook as it happens.
"""

from __future__ import annotations

import asyncio
import html
from pathlib import Path

import ipywidgets as w

from cxkit import questions
from cxkit.concepts.canvas import (
    QUESTION_ID,
    TEXT_FIELDS,
    Canvas,
    SmartNeed,
    TripleCrown,
    completeness,
    moments_from_text,
    moments_to_text,
    validate,
)
from cxkit.concepts.case_company import CATEGORIES
from cxkit.concepts.outcomes.language import suggest_measure_kind
from cxkit.widgets.base import EXERCISE, LESSON, AnswerSaver, status_html

PREVIEW_DELAY_S = 0.8  # redraw the preview once typing has paused this long
PREVIEW_DPI = 55
N_NEEDS = 3


def _area(value: str, placeholder: str, css: str, rows: float = 3.2) -> w.Textarea:
    t = w.Textarea(
        value=value,
        placeholder=placeholder,
        continuous_update=True,
        layout=w.Layout(width="97%", height=f"{rows * 1.5}em"),  # room for its border
    )
    t.add_class(css)
    return t


class CanvasBuilder(w.VBox):
    """Fill in one category's SCO canvas; see findings at once and the canvas as it will print."""

    def __init__(
        self,
        canvas: Canvas | None = None,
        mode: str = LESSON,
        question_id: str = QUESTION_ID,
        preview_delay: float = PREVIEW_DELAY_S,
        export_dir: Path | None = None,
    ) -> None:
        self.mode = mode
        self.delay = preview_delay
        self.export_dir = Path(export_dir) if export_dir else None
        self.saver = AnswerSaver(question_id, mode)
        self.question = questions.get(question_id) if mode == EXERCISE else None
        saved = self.saver.load()
        start = canvas or Canvas()
        self.load_problem = ""
        if saved is not None:
            try:
                start = Canvas.from_record(saved)
            except ValueError as exc:  # keep the saved record untouched; start blank
                self.load_problem = str(exc)
        self._known_moments = start.moments
        self._handle = None
        self._shown: Canvas | None = None
        self.pending = False
        self.renders = 0

        self.category = w.Dropdown(
            options=[("(choose a category)", "")] + [(c.name, c.id) for c in CATEGORIES],
            value=start.category if start.category in {c.id for c in CATEGORIES} else "",
            description="Category:",
            style={"description_width": "initial"},
            layout=w.Layout(width="26em"),  # the longest category name, never cut off
        )
        self.category.add_class("cx-canvas-category")
        self.fields: dict[str, w.Textarea] = {}
        form: list[w.Widget] = [self.category]
        for f, label, hint in TEXT_FIELDS:
            rows = 2.2 if f == "statement" else 3.2
            self.fields[f] = _area(
                getattr(start, f), hint, f"cx-canvas-{f.replace('_', '-')}", rows
            )
            form += [w.HTML(f"<b>{html.escape(label)}</b>"), self.fields[f]]
        self.moments = _area(
            moments_to_text(start.moments),
            "One moment per line. Start with - for misery, + for magic; "
            "end with (remove) if it does not serve the SCO.",
            "cx-canvas-moments",
            6,
        )
        form += [w.HTML("<b>Moments of truth</b> <small>(one per line: - misery, + magic, "
                        "(remove) at the end if it does not serve the SCO)</small>"), self.moments]  # fmt: skip
        self.need_boxes: list[tuple[w.Textarea, w.Textarea]] = []
        self.measure_hints: list[
            w.HTML
        ] = []  # one line under each measure: output, outcome or impact
        needs = list(start.needs) + [SmartNeed()] * max(0, N_NEEDS - len(start.needs))
        form.append(w.HTML("<b>SMART needs, each with its outcome measure</b>"))
        # Each need over its measure, both the form's full width, so a measure of a sentence or
        # two shows whole; labels above the boxes, as a placeholder vanishes once typed in.
        for i, n in enumerate(needs):
            need = _area(n.need, f"Need {i + 1}, in the customer's words", "cx-canvas-need", 2.4)
            meas = _area(
                n.measure, "The outcome measure that shows it is met", "cx-canvas-measure", 3.2
            )
            self.need_boxes.append((need, meas))
            hint = w.HTML()
            hint.add_class("cx-canvas-measure-kind")
            self.measure_hints.append(hint)
            form += [
                w.HTML(f"<small>Need {i + 1}, in the customer's words</small>"),
                need,
                w.HTML(f"<small>Need {i + 1}'s outcome measure</small>"),
                meas,
                hint,
            ]
        self.tc = {
            k: _area(getattr(start.triple_crown, k), label, f"cx-canvas-tc-{k}", 2.2)
            for k, label in (("customer", "Customer experience"), ("cost", "Cost to serve"),
                             ("revenue", "Revenue"))
        }  # fmt: skip
        form.append(w.HTML("<b>Triple-crown effect</b>"))
        for k, label in (("customer", "Better for the customer"), ("cost", "Cheaper to serve"),
                         ("revenue", "More revenue")):  # fmt: skip
            form += [w.HTML(f"<small>{label}</small>"), self.tc[k]]

        self.findings = w.HTML()
        self.findings.add_class("cx-canvas-findings")
        self.preview = w.Image(format="png", layout=w.Layout(width="100%", max_width="900px"))
        self.preview.add_class("cx-canvas-preview")
        self.preview_note = w.HTML()
        self.preview_note.add_class("cx-canvas-preview-note")
        self.save_button = w.Button(description="Save canvas now", icon="save", layout=w.Layout(width="auto"),
                                    disabled=mode != EXERCISE)  # fmt: skip
        self.save_button.add_class("cx-canvas-save")
        if mode != EXERCISE:  # a lesson saves nothing: no greyed-out button to puzzle over
            self.save_button.layout.display = "none"
        self.save_button.on_click(lambda _b: self.save())
        self.png_button = w.Button(description="Export PNG", icon="image")
        self.png_button.add_class("cx-canvas-export-png")
        self.pdf_button = w.Button(description="Export PDF", icon="file-pdf-o")
        self.pdf_button.add_class("cx-canvas-export-pdf")
        self.png_button.on_click(lambda _b: self.export("png"))
        self.pdf_button.on_click(lambda _b: self.export("pdf"))
        self.export_status = w.HTML()
        self.export_status.add_class("cx-canvas-export-status")

        for t in self._inputs():
            t.observe(self._changed, names="value")
        form_box = w.VBox(form, layout=w.Layout(width="48%"))
        side = w.VBox(
            [self.findings, self.preview, self.preview_note,
             w.HBox([self.save_button, self.png_button, self.pdf_button]),
             self.export_status, self.saver.status],
            layout=w.Layout(width="52%"),
        )  # fmt: skip
        super().__init__([w.HBox([form_box, side])])
        self.add_class("cx-canvas-builder")
        if self.load_problem:
            self.saver.status.value = status_html(
                f"Your saved canvas could not be shown ({self.load_problem}); it is still in "
                "the workbook, untouched until you type here.",
                "bad",
            )
        self._check()
        self.flush()

    def _inputs(self) -> list[w.Widget]:
        return [
            self.category, *self.fields.values(), self.moments,
            *(b for pair in self.need_boxes for b in pair), *self.tc.values(),
        ]  # fmt: skip

    # -- the model, exactly as typed ------------------------------------------
    def canvas(self) -> Canvas:
        """The canvas as typed so far (text kept exactly, blank needs left out)."""
        return Canvas(
            category=self.category.value,
            **{f: t.value for f, t in self.fields.items()},
            moments=moments_from_text(self.moments.value, self._known_moments),
            needs=tuple(
                SmartNeed(n.value, m.value) for n, m in self.need_boxes if n.value or m.value
            ),
            triple_crown=TripleCrown(**{k: t.value for k, t in self.tc.items()}),
        )

    def _hint_measures(self) -> None:
        for (_need, meas), hint in zip(self.need_boxes, self.measure_hints, strict=True):
            kind, why = suggest_measure_kind(meas.value)
            hint.value = (
                f'<div style="color:{"#1b7a3a" if kind == "outcome" else "#9a6700"};'
                f'font-size:85%;line-height:1.35;margin:0 0 6px 0">{html.escape(why)}</div>'
                if kind
                else ""
            )

    def _check(self) -> Canvas:
        self._hint_measures()
        c = self.canvas()
        filled = completeness(c)
        if not self._typed(c):
            # Nothing typed yet: a neutral start, not a list of everything missing.
            self.findings.value = status_html(
                "Not started. Fill in the boxes on the left; the checks show here as you type.",
                "muted",
            )
            return c
        found = validate(c)
        head = f"{sum(filled.values())} of {len(filled)} fields filled in."
        tone = "ok" if all(filled.values()) and not found else "warn"
        items = "".join(f"<li>{html.escape(f.as_text())}</li>" for f in found[:12])
        more = f"<li>… and {len(found) - 12} more</li>" if len(found) > 12 else ""
        self.findings.value = status_html(head, tone) + (
            f"<ul style='margin:4px 0'>{items}{more}</ul>" if found else ""
        )
        return c

    @staticmethod
    def _typed(c: Canvas) -> bool:
        """Whether anything at all has been typed (a partly filled field counts)."""
        texts = [getattr(c, f) for f, _, _ in TEXT_FIELDS]
        texts += [m.step for m in c.moments] + [x for n in c.needs for x in (n.need, n.measure)]
        texts += [c.triple_crown.customer, c.triple_crown.cost, c.triple_crown.revenue]
        return any(t.strip() for t in texts)

    def _changed(self, _change: dict | None = None) -> None:
        c = self._check()
        if self.mode == EXERCISE:
            self.saver.save(c.to_record(), self.question.check(c.to_record()))
        self._schedule()

    # -- debounced preview --------------------------------------------------------
    def _schedule(self) -> None:
        self.pending = True
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (plain Python, tests): flush() draws it
            return
        if self._handle is not None:
            self._handle.cancel()
        self._handle = loop.call_later(self.delay, self.flush)

    def flush(self) -> None:
        """Redraw the preview now (called once typing pauses)."""
        from cxkit.plots.canvas import render_canvas

        self._handle = None
        self.pending = False
        c = self.canvas()
        if c == self._shown:  # typed and deleted again: the preview is still right
            return
        self._shown = c
        from cxkit.plots.style import figure_png

        fig = render_canvas(c)
        self.preview.value = figure_png(fig, PREVIEW_DPI)
        self.renders += 1
        notes = fig.cx_layout.notes
        self.preview_note.value = (
            status_html("On the printed canvas: " + " ".join(notes), "warn")
            if notes
            else status_html("Preview of the printed canvas (A4 landscape).", "muted")
        )

    # -- save and export -------------------------------------------------------------
    def save(self) -> bool:
        """Save the canvas to the workbook now (exercise mode)."""
        c = self.canvas()
        return self.saver.save(
            c.to_record(), self.question.check(c.to_record()) if self.question else None
        )

    def export(self, fmt: str) -> Path | None:
        """Write the canvas as PNG or PDF next to the notebook and say where."""
        from cxkit.plots.canvas import render_canvas, save_canvas_figure

        c = self.canvas()
        folder = self.export_dir or Path.cwd()
        name = f"sco-canvas-{c.category or 'draft'}.{fmt}"
        try:
            path = save_canvas_figure(render_canvas(c), folder / name)
        except OSError as exc:
            self.export_status.value = status_html(f"Could not write {name}: {exc}", "bad")
            return None
        self.export_status.value = status_html(f"Written: {path.resolve()}", "ok")
        return path


def canvas_builder(
    canvas: Canvas | None = None, mode: str = LESSON, question_id: str = QUESTION_ID
) -> CanvasBuilder:
    """The SCO canvas builder (lesson: nothing saved; exercise: autosaves to the workbook)."""
    return CanvasBuilder(canvas, mode, question_id)
