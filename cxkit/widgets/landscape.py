"""The landscape builder: add elements and links through a form, see the figure and the checks update."""

from __future__ import annotations

import html
import re

import ipywidgets as w

from cxkit.concepts import landscape as cpl
from cxkit.concepts.landscape import LEVEL_NAMES, LEVELS, Landscape, LandscapeError
from cxkit.widgets.base import EXERCISE, LESSON, AnswerSaver, preview_png, status_html
from cxkit.words import plural

# 15 inches at 64 dpi is the notebook's width: a larger picture would only be scaled down.
_DPI = 64
_ICON = {"ok": "✓", "bad": "✗", "warn": "!"}
_TONE = {"ok": "ok", "bad": "bad", "warn": "warn"}


class LandscapeBuilder(w.VBox):
    """Build a Customer Performance Landscape, or load the case company's, and watch the checks."""

    def __init__(
        self,
        landscape: Landscape | None = None,
        mode: str = LESSON,
        question_id: str | None = None,
        highlight: bool = True,
    ) -> None:
        self.mode = mode
        self.highlight = highlight
        self.saver = AnswerSaver(question_id or "landscape/own-landscape", mode)
        self._saving = mode == EXERCISE and question_id is not None
        land = landscape if landscape is not None else cpl.case_landscape()
        saved = self.saver.load() if self._saving else None
        if saved:
            try:
                land = Landscape.from_dict(saved)
            except LandscapeError as exc:
                self.saver.status.value = status_html(f"Saved landscape not loaded: {exc}", "bad")
        self.landscape = land
        self._fig = None
        self._labels: dict = {}  # element labels drawn once, reused by every redraw

        self.load_button = w.Button(
            description="Load Kestrel Mutual's landscape",
            icon="download",
            layout=w.Layout(width="auto"),
        )
        self.load_button.add_class("cx-landscape-load")
        self.load_button.on_click(lambda _b: self.load(cpl.case_landscape()))
        self.clear_button = w.Button(
            description="Start empty", icon="eraser", layout=w.Layout(width="auto")
        )
        self.clear_button.add_class("cx-landscape-clear")
        self.clear_button.on_click(lambda _b: self.load(Landscape("my landscape")))

        self.kind = w.Dropdown(
            options=[(LEVEL_NAMES[k], k) for k in LEVELS],
            value="activity",
            description="Level:",
            layout=w.Layout(width="250px"),
        )
        self.kind.add_class("cx-landscape-kind")
        self.label = w.Text(
            placeholder="e.g. Text the repair date",
            description="Name:",
            layout=w.Layout(width="300px"),
        )
        self.label.add_class("cx-landscape-label")
        # For a measure: one line saying whether it reads as an output, an outcome or an impact.
        self.kind_hint = w.HTML()
        self.kind_hint.add_class("cx-landscape-kind-hint")
        self.label.observe(lambda _c: self._hint_kind(), names="value")
        self.kind.observe(lambda _c: self._hint_kind(), names="value")
        self.measure_kind = w.Dropdown(
            options=["output", "outcome", "impact"],
            value="outcome",
            description="Measure is:",
            layout=w.Layout(width="250px"),
        )
        self.add_node_button = w.Button(
            description="Add element", icon="plus", layout=w.Layout(width="auto")
        )
        self.add_node_button.add_class("cx-landscape-add-node")
        self.add_node_button.on_click(lambda _b: self.add_node_from_form())

        self.source = w.Dropdown(description="From:", layout=w.Layout(width="540px"))
        self.source.add_class("cx-landscape-from")
        self.target = w.Dropdown(description="To:", layout=w.Layout(width="540px"))
        self.target.add_class("cx-landscape-to")
        self.add_link_button = w.Button(
            description="Add link", icon="link", layout=w.Layout(width="auto")
        )
        self.add_link_button.add_class("cx-landscape-add-link")
        self.add_link_button.on_click(lambda _b: self.link_from_form())
        self.remove_link_button = w.Button(
            description="Remove link", icon="unlink", layout=w.Layout(width="auto")
        )
        self.remove_link_button.add_class("cx-landscape-remove-link")
        self.remove_link_button.on_click(lambda _b: self.link_from_form(remove=True))

        self.message = w.HTML()
        self.message.add_class("cx-landscape-message")
        self.checks = w.HTML()
        self.checks.add_class("cx-landscape-checks")
        self.figure = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.figure.add_class("cx-landscape-figure")

        form = w.VBox(
            [
                w.HBox([self.load_button, self.clear_button]),
                w.HTML("<b>Add an element</b>"),
                w.HBox([self.kind, self.label]),
                w.HBox([self.measure_kind, self.add_node_button]),
                self.kind_hint,
                w.HTML(
                    "<b>Link two elements</b> (downwards: SCO → moment → process → activity → "
                    "role; any element → a measure of it)"
                ),
                self.source,
                self.target,
                w.HBox([self.add_link_button, self.remove_link_button]),
                self.message,
            ]
        )
        form.layout = w.Layout(width="560px")
        self.checks.layout = w.Layout(max_width="440px", margin="0 0 0 12px")
        super().__init__(
            [
                w.HBox([form, self.checks], layout=w.Layout(flex_flow="row wrap")),
                self.figure,
                self.saver.status,
            ]
        )
        self.add_class("cx-landscape")
        self.refresh(save=False)

    # -- actions ---------------------------------------------------------------
    def load(self, land: Landscape) -> None:
        """Replace the landscape (the case company's, or an empty one)."""
        self.landscape = land
        self.message.value = status_html(f"Loaded {land.name or 'the landscape'}.", "ok")
        self.refresh()

    def _hint_kind(self) -> None:
        from cxkit.concepts.outcomes.language import suggest_measure_kind

        kind, why = (
            suggest_measure_kind(self.label.value) if self.kind.value == "measure" else ("", "")
        )
        self.kind_hint.value = f"<small>{html.escape(why)}</small>" if kind else ""

    def add_node_from_form(self) -> None:
        """Add the element typed into the form; say clearly what is wrong if it cannot be added."""
        label = self.label.value.strip()
        if not label:
            self.message.value = status_html("Type a name for the new element first.", "bad")
            return
        base = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:40] or "element"
        nid, n = f"{self.kind.value}-{base}", 2
        while nid in self.landscape.graph:
            nid, n = f"{self.kind.value}-{base}-{n}", n + 1
        mk = self.measure_kind.value if self.kind.value == "measure" else None
        try:
            self.landscape.add_node(nid, self.kind.value, label, mk)
        except LandscapeError as exc:
            self.message.value = status_html(str(exc), "bad")
            return
        self.label.value = ""
        self.message.value = status_html(
            f"Added {LEVEL_NAMES[self.kind.value].lower()} “{label}”. Now link it.", "ok"
        )
        self.refresh()

    def link_from_form(self, remove: bool = False) -> None:
        """Add (or remove) the link chosen in the form."""
        src, dst = self.source.value, self.target.value
        if not src or not dst:
            self.message.value = status_html("Choose both ends of the link.", "bad")
            return
        try:
            if remove:
                self.landscape.remove_link(src, dst)
            else:
                self.landscape.add_link(src, dst)
        except LandscapeError as exc:
            self.message.value = status_html(str(exc), "bad")
            return
        a, b = self.landscape.node(src).label, self.landscape.node(dst).label
        verb = "Removed" if remove else "Linked"
        self.message.value = status_html(f"{verb} “{a}” → “{b}”.", "ok")
        self.refresh()

    # -- view ------------------------------------------------------------------
    def refresh(self, save: bool = True) -> None:
        """Redraw the figure, rerun the checks, refresh the link choices, save in exercise mode."""
        from cxkit.plots.landscape import landscape_figure

        land = self.landscape
        opts = [("(choose)", "")] + [
            (f"{n.label} ({LEVEL_NAMES[n.kind].lower()})", n.id) for n in land.nodes()
        ]
        for dd in (self.source, self.target):
            if list(dd.options) == opts:  # a new link leaves the elements as they were
                continue
            keep = dd.value
            dd.options = opts
            dd.value = keep if keep in land.graph else ""
        checks = land.check()
        if self.highlight:
            self.checks.value = _checks_html(checks, land)
        else:
            self.checks.value = status_html(
                f"{plural(len(land.nodes('activity')), 'activity', 'activities')}, "
                f"{plural(len(land.nodes('sco')), 'SCO')}.",
                "muted",
            )
        self._fig = landscape_figure(
            land,
            checks,
            highlight=self.highlight,
            fig=self._fig,
            label_cache=self._labels,
            label_dpi=_DPI,
        )
        self.figure.value = preview_png(self._fig, dpi=_DPI)
        if save and self._saving:
            self.saver.save(land.to_dict())


def _checks_html(checks, land: Landscape) -> str:
    rows = []
    for title, tone, names in checks.findings(land):
        listed = ", ".join(html.escape(n) for n in names) if names else "none"
        rows.append(
            f"<li class='cx-landscape-check cx-check-{tone}' style='{_row_style(tone)}'>"
            f"{_ICON[tone]} <b>{html.escape(title)}</b>: {listed}</li>"
        )
    return (
        "<div style='max-width:440px'>"
        f"<p><b>{html.escape(checks.summary())}</b></p>"
        f"<ul style='list-style:none;padding-left:0'>{''.join(rows)}</ul></div>"
    )


def _row_style(tone: str) -> str:
    return {"ok": "color:#1b7a3a", "bad": "color:#b3261e", "warn": "color:#9a6700"}[tone]
