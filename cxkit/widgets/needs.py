"""Widgets for lesson 4 and the moments of truth: SMART checker, regrouping, journey editor.

Thin views: every judgement comes from cxkit.concepts.needs and cxkit.concepts.moments.
"""

from __future__ import annotations

import html

import ipywidgets as w

from cxkit import questions
from cxkit.concepts.case_company import CATEGORIES
from cxkit.concepts.moments import Feeling, InteractionType, Journey, MomentOfTruth
from cxkit.concepts.needs import (
    QUESTION,
    SmartReport,
    check_smart,
    exercise_sample,
    need_of,
    regroup_sample,
)
from cxkit.widgets.base import EXERCISE, LESSON, AnswerSaver, ChoiceButtons, status_html

CATEGORY_OPTIONS = [("(choose a need group)", "")] + [(c.name, c.id) for c in CATEGORIES]


def figure_image(fig, css: str = "") -> w.Image:
    """A matplotlib Figure as an Image widget (no inline backend needed)."""
    img = w.Image(format="png", layout=w.Layout(width="100%", max_width="900px"))
    set_figure(img, fig)
    if css:
        img.add_class(css)
    return img


def set_figure(img: w.Image, fig, dpi: int = 80) -> None:
    """Show a Figure in an Image widget."""
    from cxkit.plots.style import figure_png

    img.value = figure_png(fig, dpi)


def findings_html(report: SmartReport) -> str:
    """The checker's findings as an escaped HTML list (neutral while nothing is typed)."""
    if not report.text.strip():
        return status_html("Type a need to see what the checker finds.", "muted")
    ticks = "".join(f'<li style="color:#1b7a3a">✓ {html.escape(t)}</li>' for t in report.ticks())
    if not report.findings:
        return f"{status_html(report.summary(), 'ok')}<ul style='margin:4px 0'>{ticks}</ul>"
    items = ticks + "".join(
        f'<li style="color:{"#9a6700" if f.severity == QUESTION else "#b3261e"}">'
        f"<b>{html.escape(f.criterion.capitalize())}</b>: {html.escape(f.message)} "
        f'<span style="color:#333">{html.escape(f.suggestion)}</span></li>'
        for f in report.findings
    )
    return f"{status_html(report.summary(), 'warn')}<ul style='margin:4px 0'>{items}</ul>"


class SmartNeedChecker(w.VBox):
    """Type a need or measure; the SMART checker's findings update as you type."""

    def __init__(
        self,
        value: str = "",
        placeholder: str = "e.g. I am driving again within 2 days",
        label: str = "Type a need or a measure:",
        category: str = "",
    ):
        self.category = category  # the situation a need must fit, when the page names one
        self.text = w.Textarea(
            value=value,
            placeholder=placeholder,
            continuous_update=True,
            layout=w.Layout(width="100%", height="4.5em"),
        )
        self.text.add_class("cx-needs-smart-input")
        self.findings = w.HTML()
        self.findings.add_class("cx-needs-smart-findings")
        self.text.observe(lambda _c: self._show(), names="value")
        super().__init__([w.HTML(f"<b>{html.escape(label)}</b>"), self.text, self.findings])
        self._show()

    def _show(self) -> None:
        self.findings.value = findings_html(check_smart(self.text.value, self.category or None))


def smart_checker(value: str = "") -> SmartNeedChecker:
    """The live SMART need checker."""
    return SmartNeedChecker(value)


class SmartNeedsExercise(w.VBox):
    """Three needs for a category, each with live SMART findings; saves all three in exercise mode."""

    def __init__(self, question_id: str = "needs/smart-needs", mode: str = EXERCISE) -> None:
        from cxkit.questions.ex04_needs import NEED_KEYS, SMART_SITUATION

        self.question = questions.get(question_id)
        self.saver = AnswerSaver(question_id, mode)
        saved = self.saver.load({}) or {}
        self.need_keys = NEED_KEYS
        self.checkers = []
        for k in NEED_KEYS:
            c = SmartNeedChecker(
                saved.get(k, "") if isinstance(saved, dict) else "",
                placeholder="e.g. My kitchen usable again within 5 days of my claim.",
                label=f"Need {len(self.checkers) + 1}",
                category=SMART_SITUATION,
            )
            c.text.observe(lambda _c: self._changed(), names="value")
            self.checkers.append(c)
        super().__init__([*self.checkers, self.saver.status])
        self.add_class("cx-needs-smart-exercise")

    def answers(self) -> dict[str, str]:
        """The three needs exactly as typed."""
        return {k: c.text.value for k, c in zip(self.need_keys, self.checkers, strict=True)}

    def _changed(self) -> None:
        value = self.answers()
        self.saver.save(value, self.question.check(value))


class RegroupWidget(w.VBox):
    """Each sample customer with a need-group dropdown; lesson mode says right/wrong, exercise mode saves.

    The lesson's practice and the graded exercise show different customers (the exercise's own
    twelve, saying things in words the lesson never uses), so a lesson answer cannot be copied.
    """

    def __init__(self, mode: str = LESSON, question_id: str = "needs/regroup") -> None:
        self.mode = mode
        self.sample = exercise_sample() if mode == EXERCISE else regroup_sample()
        self.saver = AnswerSaver(question_id, mode)
        self.question = questions.get(question_id) if mode == EXERCISE else None
        saved = self.saver.load({}) or {}
        self.pickers: dict[str, w.Dropdown] = {}
        self.marks: dict[str, w.HTML] = {}
        rows = []
        valid = {c.id for c in CATEGORIES}
        for _, r in self.sample.iterrows():
            cid = r["customer_id"]
            v = saved.get(cid, "") if isinstance(saved, dict) else ""
            dd = w.Dropdown(options=CATEGORY_OPTIONS, value=v if v in valid else "")
            dd.add_class("cx-needs-regroup-pick")
            dd.observe(lambda _c: self._changed(), names="value")
            self.pickers[cid] = dd
            self.marks[cid] = w.HTML()
            who = html.escape(
                f"{cid} · {r['region']} · {r['product']} · with us {r['tenure_band']} · "
                f"premium {r['spend_band']}"
            )
            rows.append(
                w.HBox(
                    [
                        w.HTML(
                            f"<div style='width:430px'><small>{who}</small><br>"
                            f"“{html.escape(r['stated_need'])}”</div>"
                        ),
                        dd,
                        self.marks[cid],
                    ]
                )
            )
        self.summary = w.HTML()
        self.summary.add_class("cx-needs-regroup-summary")
        super().__init__([*rows, self.summary, self.saver.status])
        self.add_class("cx-needs-regroup")
        self._changed(save=False)

    def answers(self) -> dict[str, str]:
        """{customer id: category id} for the customers placed so far."""
        return {cid: dd.value for cid, dd in self.pickers.items() if dd.value}

    def _changed(self, save: bool = True) -> None:
        ans = self.answers()
        if self.mode == LESSON:
            right = 0
            for cid, dd in self.pickers.items():
                if not dd.value:
                    self.marks[cid].value = ""
                    continue
                ok = dd.value == need_of(
                    self.sample.set_index("customer_id").loc[cid, "stated_need"]
                )
                right += ok
                self.marks[cid].value = status_html(
                    "✓" if ok else "✗ look at the words", "ok" if ok else "bad"
                )
            self.summary.value = status_html(
                f"{right} of {len(self.pickers)} right so far.",
                "ok" if right == len(self.pickers) else "muted",
            )
        else:
            self.summary.value = status_html(f"{len(ans)} of {len(self.pickers)} placed.", "muted")
            if save:
                self.saver.save(ans, self.question.check(ans))


def regroup(mode: str = LESSON) -> RegroupWidget:
    """The regrouping widget (lesson: instant feedback; exercise: saves to the workbook)."""
    return RegroupWidget(mode)


class JourneyEditor(w.VBox):
    """Add, remove and reorder moments of truth; counts and the chart update live."""

    def __init__(
        self, journey: Journey | None = None, chart: bool = True, chart_delay: float = 0.3
    ) -> None:
        self.journey = journey or Journey("My journey")
        self.show_chart = chart
        self.delay = chart_delay
        self._handle = None
        self._drawn: Journey | None = None
        self.rows = w.VBox()
        self.rows.add_class("cx-moments-rows")
        self.new_step = w.Text(placeholder="A new moment of truth, in the customer's words")
        self.new_step.add_class("cx-moments-new")
        self.add_button = w.Button(description="Add moment", icon="plus")
        self.add_button.add_class("cx-moments-add")
        self.add_button.on_click(lambda _b: self.add(self.new_step.value))
        self.counts = w.HTML()
        self.counts.add_class("cx-moments-counts")
        self.chart = w.Image(format="png", layout=w.Layout(width="100%", max_width="900px"))
        self.chart.add_class("cx-moments-chart")
        super().__init__(
            [self.rows, w.HBox([self.new_step, self.add_button]), self.counts]
            + ([self.chart] if chart else [])
        )
        self.add_class("cx-moments-editor")
        self._rebuild()
        self.flush()

    # -- model edits ---------------------------------------------------------
    def add(self, step: str) -> None:
        """Add a moment at the end (ignores an empty step)."""
        if not step.strip():
            self.counts.value = status_html("Type the moment first, then press Add.", "warn")
            return
        self.journey = self.journey.add(MomentOfTruth(step))
        self.new_step.value = ""
        self._rebuild()

    def remove(self, i: int) -> None:
        """Remove moment i."""
        self.journey = self.journey.remove(i)
        self._rebuild()

    def move(self, i: int, to: int) -> None:
        """Move moment i to position `to`."""
        self.journey = self.journey.move(i, to)
        self._rebuild()

    def _set(self, i: int, **changes) -> None:
        self.journey = self.journey.update(i, **changes)
        self._refresh()

    # -- view ----------------------------------------------------------------
    def _row(self, i: int, m: MomentOfTruth) -> w.HBox:
        step = w.Text(value=m.step, continuous_update=False,
                      layout=w.Layout(flex="1 1 auto", min_width="14em"))  # fmt: skip
        step.observe(lambda c, i=i: self._set(i, step=c["new"]), names="value")
        kind = w.Dropdown(
            options=[(t.label, t.value) for t in InteractionType], value=m.kind.value,
            layout=w.Layout(width="11em", flex="0 0 auto"),
        )  # fmt: skip
        kind.observe(lambda c, i=i: self._set(i, kind=InteractionType(c["new"])), names="value")
        serves = w.Checkbox(value=m.serves_sco, description="serves SCO", indent=False,
                            layout=w.Layout(width="8.5em", flex="0 0 auto"))  # fmt: skip
        serves.observe(lambda c, i=i: self._set(i, serves_sco=c["new"]), names="value")
        feel = ChoiceButtons([(f.value, f.value) for f in Feeling], m.feeling.value, width="6.4em")
        feel.add_class("cx-moments-feeling")
        feel.layout.flex = "0 0 auto"
        feel.observe(lambda c, i=i: self._set(i, feeling=Feeling(c["new"])), names="value")
        up = w.Button(
            icon="arrow-up", tooltip="Move up", layout=w.Layout(width="36px", flex="0 0 auto")
        )
        up.on_click(lambda _b, i=i: self.move(i, i - 1) if i > 0 else None)
        down = w.Button(
            icon="arrow-down", tooltip="Move down", layout=w.Layout(width="36px", flex="0 0 auto")
        )
        down.on_click(lambda _b, i=i: self.move(i, i + 1))
        rm = w.Button(
            icon="trash", tooltip="Remove", layout=w.Layout(width="36px", flex="0 0 auto")
        )
        rm.add_class("cx-moments-remove")
        rm.on_click(lambda _b, i=i: self.remove(i))
        number = w.HTML(f"<b>{i + 1}.</b>", layout=w.Layout(width="2.2em", flex="0 0 auto"))
        row = w.HBox([number, step, kind, serves, feel, up, down, rm],
                     layout=w.Layout(align_items="center", width="100%"))  # fmt: skip
        row.add_class("cx-moments-row")
        return row

    def _rebuild(self) -> None:
        self.rows.children = [self._row(i, m) for i, m in enumerate(self.journey.moments)]
        self._refresh()

    def _refresh(self) -> None:
        j = self.journey
        f = j.counts_by_feeling()
        self.counts.value = status_html(
            f"{len(j.moments)} moments: {f['misery']} misery, {f['neutral']} neutral, "
            f"{f['magic']} magic. {len(j.removable())} do not serve the SCO "
            f"({j.removable_share():.0%} could be removed).",
            "muted",
        )
        if self.show_chart:
            self._schedule()

    # -- the chart follows once clicking pauses (the counts are immediate) ---------------
    def _schedule(self) -> None:
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (plain Python, tests): draw now
            self.flush()
            return
        if self._handle is not None:
            self._handle.cancel()
        self._handle = loop.call_later(self.delay, self.flush)

    def flush(self) -> None:
        """Redraw the chart now, if the journey changed since it was last drawn."""
        from cxkit.plots.needs import moments_chart

        self._handle = None
        if not self.show_chart or self.journey == self._drawn:
            return
        self._drawn = self.journey
        set_figure(self.chart, moments_chart(self.journey), dpi=60)


def journey_editor(journey: Journey | None = None) -> JourneyEditor:
    """The moments-of-truth editor (starts from the given journey)."""
    return JourneyEditor(journey)


class CrosstabExplorer(w.VBox):
    """Pick a circumstance (region, tenure, spend, product); the need-group heat map redraws."""

    def __init__(self, customers=None, circumstance: str = "spend_band") -> None:
        from cxkit.concepts.needs import CIRCUMSTANCES, load_customers

        self.customers = customers if customers is not None else load_customers()
        self.pick = w.Dropdown(
            options=[
                (c.replace("_", " ").replace(" band", "").capitalize(), c) for c in CIRCUMSTANCES
            ],
            value=circumstance,
            description="Segment by:",
            style={"description_width": "initial"},  # the whole label, never "Segment …"
        )
        self.pick.add_class("cx-needs-crosstab-pick")
        self.chart = w.Image(format="png", layout=w.Layout(width="100%", max_width="900px"))
        self.chart.add_class("cx-needs-crosstab-chart")
        self._png: dict[str, bytes] = {}
        self.pick.observe(lambda _c: self._draw(), names="value")
        super().__init__([self.pick, self.chart])
        self.add_class("cx-needs-crosstab")
        self._draw()

    def _draw(self) -> None:
        from cxkit.plots.needs import needs_crosstab_chart
        from cxkit.plots.style import figure_png

        c = self.pick.value
        if c not in self._png:  # each chart is drawn once; switching back is instant
            self._png[c] = figure_png(needs_crosstab_chart(self.customers, c), 72)
        self.chart.value = self._png[c]


def crosstab_explorer(circumstance: str = "spend_band") -> CrosstabExplorer:
    """The need groups against any circumstance segment, chosen from a menu."""
    return CrosstabExplorer(circumstance=circumstance)
