"""Lesson 3 widgets: the contact-centre simulator, 'label the demand', the log calculator,
number answers with units, and the triple-crown calculator.

Thin views: every number comes from cxkit.concepts.contact_centre.centre, cxkit.concepts.contact_centre.failure_demand
and cxkit.concepts.contact_centre.triple_crown. CSS classes ``cx-contact-centre-*``, ``cx-label-demand-*``,
``cx-log-calculator-*``, ``cx-number-answer-*`` and ``cx-triple-crown-*`` let browser
tests find the parts.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w
import pandas as pd
import traitlets

from cxkit import questions
from cxkit.concepts.contact_centre.centre import CentreSettings, case_settings, simulate_centre
from cxkit.concepts.contact_centre.failure_demand import (
    BREAKDOWNS,
    LabelledContact,
    exercise_contacts,
    log_breakdown,
    normalise_label,
    practice_contacts,
    score_labels,
)
from cxkit.concepts.contact_centre.triple_crown import (
    CHANGE_KINDS,
    Change,
    CrownBaseline,
    max_target_aht_cut,
    triple_crown,
)
from cxkit.plots.contact_centre import SimulatorFigure, TripleCrownFigure
from cxkit.plots.style import BAD, GOOD
from cxkit.plots.tables import course_table
from cxkit.widgets.base import EXERCISE, LESSON, AnswerSaver, paint_choice, status_html

_WIDE = {"description_width": "210px"}


def _table_html(title: str, rows: list[tuple[str, str]]) -> str:
    body = "".join(
        f'<tr><td style="padding:2px 10px 2px 0">{html.escape(k)}</td>'
        f'<td style="text-align:right;font-weight:bold" data-measure="{html.escape(k)}">'
        f"{html.escape(v)}</td></tr>"
        for k, v in rows
    )
    return f"<b>{html.escape(title)}</b><table style='font-size:15px'>{body}</table>"


def _table_box(cls: str) -> w.HTML:
    box = w.HTML(layout=w.Layout(margin="0 40px 0 0"))
    box.add_class(cls)
    return box


class ContactCentreSimulator(w.VBox):
    """Sliders for one peak hour; live charts and the seven measures beside the customer's view."""

    def __init__(self, settings: CentreSettings | None = None) -> None:
        s = settings or case_settings()
        self._start = s

        def slider(cls, desc, value, lo, hi, step, fmt, css):
            sl = cls(
                value=value,
                min=lo,
                max=hi,
                step=step,
                description=desc,
                readout_format=fmt,
                continuous_update=False,  # redraw on release: one quick update per move
                style=_WIDE,
                layout=w.Layout(width="520px"),
            )
            sl.add_class(css)
            return sl

        self.volume = slider(
            w.FloatSlider, "Value demand (needs/hour)", round(s.value_demand_per_hour), 0, 400, 5,
            ".0f", "cx-contact-centre-volume",
        )  # fmt: skip
        self.aht = slider(
            w.IntSlider, "AHT, no pressure (s)", int(s.aht_seconds), 120, 900, 10, "d",
            "cx-contact-centre-aht",
        )  # fmt: skip
        self.agents = slider(
            w.IntSlider, "Agents on shift", s.agents, 5, 150, 1, "d", "cx-contact-centre-agents"
        )
        self.failure = slider(
            w.FloatSlider, "Failure-demand share", s.failure_demand_share, 0, 0.9, 0.01, ".0%",
            "cx-contact-centre-failure",
        )  # fmt: skip
        self.pressure = slider(
            w.FloatSlider, "AHT pressure (0 none, 1 hard)", s.aht_pressure, 0, 1, 0.05, ".2f",
            "cx-contact-centre-pressure",
        )  # fmt: skip
        self.reset = w.Button(
            description="Back to Kestrel today", icon="undo", layout=w.Layout(width="220px")
        )
        self.reset.add_class("cx-contact-centre-reset")
        self.reset.on_click(lambda _b: self._reset())
        self.headline = w.HTML()
        self.headline.add_class("cx-contact-centre-headline")
        self.chart = w.Image(format="png", layout=w.Layout(width="100%", max_width="960px"))
        self.chart.add_class("cx-contact-centre-chart")
        self.dashboard = _table_box("cx-contact-centre-dashboard")
        self.customer = _table_box("cx-contact-centre-customer")
        self.message = w.HTML()
        self.tables = w.HBox([self.dashboard, self.customer])
        self._figure = SimulatorFigure()
        for sl in (self.volume, self.aht, self.agents, self.failure, self.pressure):
            sl.observe(lambda _c: self.update(), names="value")
        controls = w.VBox(
            [self.volume, self.aht, self.agents, self.failure, self.pressure, self.reset]
        )
        super().__init__([controls, self.headline, self.tables, self.chart, self.message])
        self.add_class("cx-contact-centre-simulator")
        self.update()

    def settings(self) -> CentreSettings:
        """The settings the sliders show now."""
        return CentreSettings(
            value_demand_per_hour=float(self.volume.value),
            aht_seconds=float(self.aht.value),
            agents=int(self.agents.value),
            failure_demand_share=float(self.failure.value),
            aht_pressure=float(self.pressure.value),
        )

    def _reset(self) -> None:
        s = self._start
        with self.hold_trait_notifications():
            self.volume.value = round(s.value_demand_per_hour)
            self.aht.value = int(s.aht_seconds)
            self.agents.value = s.agents
            self.failure.value = s.failure_demand_share
            self.pressure.value = s.aht_pressure
        self.update()

    def update(self) -> None:
        """Recompute the hour and redraw the numbers and the charts (one figure, reused)."""
        try:
            snap = simulate_centre(self.settings())
        except ValueError as exc:
            self.message.value = status_html(str(exc), "bad")
            return
        self.snapshot = snap
        st = snap.staffing
        asa = "never clears" if snap.overloaded else f"{st.average_speed_of_answer:.0f} s"
        self.headline.value = (
            f"<div style='font-size:16px'>Service level <b class='cx-sl'>{st.service_level:.0%}</b>"
            f" · speed of answer <b class='cx-asa'>{html.escape(asa)}</b>"
            f" · occupancy <b class='cx-occ'>{st.occupancy:.0%}</b>"
            f" · repeats from AHT pressure <b class='cx-repeats'>{max(snap.pressure_repeats, 0):.0f}/h</b>"
            f" · work cost <b class='cx-cost'>£{snap.work_cost_per_hour:,.0f}/h</b></div>"
        )
        # Update the existing views in place: a new widget per move would cost a round trip each.
        self.dashboard.value = _table_html("The dashboard: seven measures", snap.dashboard_rows())
        self.customer.value = _table_html(
            "The customer's view of the same hour", snap.customer_rows()
        )
        self._figure.update(snap)
        self.chart.value = self._figure.png()
        self.message.value = (
            status_html(
                f"Overloaded: {st.traffic:.1f} Erlangs of work for {st.agents} agents, so the queue "
                "grows all hour. Add agents, or remove failure demand.",
                "warn",
            )
            if snap.overloaded
            else ""
        )


class PickOne(w.HBox):
    """One button per option; the chosen one is coloured and ticked (✓). Nothing is chosen at first."""

    value = traitlets.Unicode(None, allow_none=True)

    def __init__(self, options: list[str], value: str | None = None, width: str = "100px") -> None:
        self.options = list(options)
        self.buttons = {
            o: w.Button(description=o, tooltip=f"Choose {o}", layout=w.Layout(width=width))
            for o in self.options
        }
        for o, b in self.buttons.items():
            b.add_class("cx-pick-one-option")
            b.on_click(lambda _b, o=o: setattr(self, "value", o))
        super().__init__(list(self.buttons.values()))
        self.add_class("cx-pick-one")
        self.value = value if value in self.buttons else None
        self._restyle()

    @traitlets.observe("value")
    def _value_changed(self, _change: dict) -> None:
        self._restyle()

    def _restyle(self) -> None:
        for o, b in self.buttons.items():
            paint_choice(b, o, o == self.value)


class LabelDemand(w.VBox):
    """Label twenty contact reasons as value or failure demand: feedback (lesson) or autosave (exercise)."""

    def __init__(
        self,
        mode: str = LESSON,
        question_id: str | None = None,
        contacts: list[LabelledContact] | None = None,
    ) -> None:
        if mode not in (LESSON, EXERCISE):
            raise ValueError(f"mode must be 'lesson' or 'exercise', not {mode!r}.")
        if mode == EXERCISE and not question_id:
            raise ValueError(
                "In exercise mode give question_id, e.g. 'contact-centre/label-demand'."
            )
        self.mode = mode
        self.contacts = contacts or (
            exercise_contacts() if mode == EXERCISE else practice_contacts()
        )
        self.question = questions.get(question_id) if question_id else None
        self.saver = AnswerSaver(question_id or "contact-centre/practice", mode)
        saved = self.saver.load({}) if mode == EXERCISE else {}
        saved = saved if isinstance(saved, dict) else {}
        self.toggles: dict[str, PickOne] = {}
        self.feedback: dict[str, w.HTML] = {}
        rows = []
        for c in self.contacts:
            reason = w.HTML(
                f"<span style='font-size:15px'><b>{html.escape(c.id)}</b> "
                f"“{html.escape(c.reason)}”</span>",
                layout=w.Layout(width="560px"),
            )
            reason.add_class("cx-label-demand-reason")
            start = normalise_label(saved.get(c.id))
            tb = PickOne(["value", "failure"], start)
            tb.add_class("cx-label-demand-toggle")
            tb.add_class(f"cx-label-demand-{c.id}")
            tb.observe(lambda ch, cid=c.id: self._changed(cid), names="value")
            fb = w.HTML(layout=w.Layout(width="420px"))
            fb.add_class("cx-label-demand-feedback")
            self.toggles[c.id], self.feedback[c.id] = tb, fb
            row = w.HBox([reason, tb, fb])
            row.add_class("cx-label-demand-row")
            rows.append(row)
        self.summary = w.HTML()
        self.summary.add_class("cx-label-demand-summary")
        super().__init__([*rows, self.summary, self.saver.status])
        self.add_class("cx-label-demand")
        for cid in self.toggles:
            self._show(cid)
        self._show_summary()

    def value(self) -> dict[str, str]:
        """The labels given so far: {contact id: "value" | "failure"}."""
        return {cid: tb.value for cid, tb in self.toggles.items() if tb.value}

    def _changed(self, cid: str) -> None:
        self._show(cid)
        self._show_summary()
        if self.mode == EXERCISE:
            value = self.value()
            check = self.question.check(value) if self.question else None
            self.saver.save(value, check)

    def _show(self, cid: str) -> None:
        if self.mode != LESSON:
            return
        c = next(c for c in self.contacts if c.id == cid)
        given = self.toggles[cid].value
        if given is None:
            self.feedback[cid].value = ""
        elif given == c.demand:
            self.feedback[
                cid
            ].value = f"<span style='color:{GOOD}'>✓ {html.escape(c.demand)} demand. {html.escape(c.why)}</span>"
        else:
            self.feedback[cid].value = (
                f"<span style='color:{BAD}'>✗ It is {html.escape(c.demand)} demand. "
                f"{html.escape(c.why)}</span>"
            )

    def _show_summary(self) -> None:
        value = self.value()
        if self.mode == LESSON:
            s = score_labels(value, self.contacts)
            done = s.total - len(s.unanswered)
            self.summary.value = status_html(
                f"{s.right} of {done} labelled right so far ({done} of {s.total} labelled).",
                "ok" if done and s.right == done else "muted",
            )
        else:
            check = self.question.check(value) if self.question else None
            self.summary.value = status_html(
                check.summary if check else f"{len(value)} of {len(self.contacts)} labelled.",
                "ok" if check and check.complete else "muted",  # unfinished is not an error
            )


class TripleCrownCalculator(w.VBox):
    """Choose a change; see customer, cost and revenue move, with PASS/FAIL for each crown."""

    def __init__(
        self,
        mode: str = LESSON,
        question_id: str | None = None,
        baseline: CrownBaseline | None = None,
    ) -> None:
        if mode == EXERCISE and not question_id:
            raise ValueError(
                "In exercise mode give question_id, e.g. 'contact-centre/triple-crown-proposal'."
            )
        self.mode = mode
        self.baseline = baseline or CrownBaseline()
        self.question = questions.get(question_id) if question_id else None
        self.saver = AnswerSaver(question_id or "contact-centre/practice-crown", mode)
        saved = self.saver.load({}) if mode == EXERCISE else {}
        saved = saved if isinstance(saved, dict) else {}
        change = saved.get("change") if isinstance(saved.get("change"), dict) else {}
        labels = [(CHANGE_KINDS[k].format(pct="X%", n="N"), k) for k in CHANGE_KINDS]
        kind = change.get("kind") if change.get("kind") in CHANGE_KINDS else "remove-failure-demand"
        self.kind = w.Dropdown(options=labels, value=kind, description="Change", style=_WIDE,
                               layout=w.Layout(width="620px"))  # fmt: skip
        self.kind.add_class("cx-triple-crown-kind")
        self.amount = w.FloatSlider(description="Size", style=_WIDE, continuous_update=False,
                                    layout=w.Layout(width="520px"))  # fmt: skip
        self.amount.add_class("cx-triple-crown-amount")
        self.sensitivity = w.FloatSlider(
            value=float(saved.get("churn_sensitivity", self.baseline.churn_sensitivity)),
            min=0,
            max=0.06,
            step=0.005,
            readout_format=".3f",
            description="Churn per failure contact",
            style=_WIDE,
            continuous_update=False,
            layout=w.Layout(width="520px"),
        )
        self.sensitivity.add_class("cx-triple-crown-sensitivity")
        self.verdict = w.HTML()
        self.verdict.add_class("cx-triple-crown-verdict")
        self.chart = w.Image(format="png", layout=w.Layout(width="100%", max_width="900px"))
        self.chart.add_class("cx-triple-crown-chart")
        self.rationale = w.Textarea(
            value=str(saved.get("rationale") or ""),
            placeholder="Why this change? What does it do for the customer's outcome?",
            layout=w.Layout(width="100%", height="7em"),
        )
        self.rationale.add_class("cx-triple-crown-rationale")
        self.message = w.HTML()
        self._figure = TripleCrownFigure()
        self._set_range(kind, change.get("amount"))
        self.kind.observe(
            lambda _c: (self._set_range(self.kind.value, None), self.update()), "value"
        )
        self.amount.observe(lambda _c: self.update(), "value")
        self.sensitivity.observe(lambda _c: self.update(), "value")
        self.rationale.observe(lambda _c: self._save(), "value")
        parts = [self.kind, self.amount, self.sensitivity, self.verdict, self.chart, self.message]
        if mode == EXERCISE:
            parts += [w.HTML("<b>Your rationale</b>"), self.rationale, self.saver.status]
        super().__init__(parts)
        self.add_class("cx-triple-crown")
        self.result = None
        self.update(save=False)

    def _set_range(self, kind: str, amount: Any) -> None:
        if kind == "add-agents":
            lo, hi, step, fmt, default = 0, 30, 1, ".0f", 8
        elif kind == "cut-aht-by-target":
            hi = round(max_target_aht_cut(self.baseline) - 0.005, 2)
            lo, step, fmt, default = 0, 0.01, ".0%", 0.1
        elif kind == "cut-aht-by-fixing-process":
            lo, hi, step, fmt, default = 0, 0.5, 0.01, ".0%", 0.1
        else:
            lo, hi, step, fmt, default = 0, 1, 0.05, ".0%", 0.3
        value = amount if isinstance(amount, int | float) and lo <= amount <= hi else default
        with self.amount.hold_trait_notifications():
            self.amount.min, self.amount.max = lo, hi
            self.amount.step, self.amount.readout_format = step, fmt
            self.amount.value = value

    def update(self, save: bool = True) -> None:
        """Recompute the three crowns, redraw, and (in exercise mode) save."""
        from dataclasses import replace

        try:
            amount = self.amount.value
            amount = int(round(amount)) if self.kind.value == "add-agents" else float(amount)
            base = replace(self.baseline, churn_sensitivity=float(self.sensitivity.value))
            self.result = triple_crown(Change(self.kind.value, amount), baseline=base)
        except ValueError as exc:
            self.message.value = status_html(str(exc), "bad")
            return
        self.message.value = ""
        cards = []
        for c in self.result.crowns:
            colour = GOOD if c.passed else BAD
            cards.append(
                f"<div class='cx-crown cx-crown-{c.name}' style='border:2px solid {colour};"
                f"border-radius:6px;padding:6px 10px;margin:4px 0'>"
                f"<b style='color:{colour}'>{html.escape(c.name.capitalize())}: "
                f"{'PASS' if c.passed else 'FAIL'}</b> — {html.escape(c.verdict)}</div>"
            )
        won = self.result.all_pass
        cards.append(
            f"<div class='cx-crown-overall' style='font-size:17px;color:{GOOD if won else BAD}'>"
            f"<b>{'Triple crown won' if won else 'Triple crown not won'}</b></div>"
        )
        self.verdict.value = "".join(cards)
        self._figure.update(self.result)
        self.chart.value = self._figure.png()
        if save:
            self._save()

    def value(self) -> dict | None:
        """What is saved: the result's figures plus the rationale."""
        if self.result is None:
            return None
        return self.result.as_dict() | {"rationale": self.rationale.value}

    def _save(self) -> None:
        if self.mode != EXERCISE:
            return
        value = self.value()
        if value is not None:
            self.saver.save(value, self.question.check(value) if self.question else None)


_SAMPLE = "sample"
_VIEWS = {
    "demand": "Demand type: value or failure",
    "reason": "Reason for the contact (grouped)",
    "channel": "Channel: phone, webchat or email",
    _SAMPLE: "Ten contacts from the log, as recorded",
}


def breakdown_table(log: pd.DataFrame, by: str = "demand", caption: str | None = None) -> Any:
    """A log's contacts and agent minutes per group, as a formatted table (no index, plain headers)."""
    table = log_breakdown(log, by)
    columns = {
        "group": BREAKDOWNS[by],
        "demand": "Demand type",
        "contacts": "Contacts",
        "agent_minutes": "Agent minutes (talk + hold + after-call work)",
        "aht_seconds": "Average handle time (seconds)",
    }
    if by != "reason":
        table = table.drop(columns="demand")
    styler = course_table(
        table,
        formats={"contacts": "{:,.0f}", "agent_minutes": "{:,.0f}", "aht_seconds": "{:,.0f}"},
        caption=caption,
        columns=columns,
    )
    last = len(table) - 1  # the Total row stands out
    return styler.apply(
        lambda row: ["font-weight:bold" if row.name == last else "" for _ in row], axis=1
    )


def sample_table(log: pd.DataFrame, n: int = 10, caption: str | None = None) -> Any:
    """The first n contacts of a log, as a participant would read them (no ids, no index)."""
    rows = log.head(n)
    table = pd.DataFrame(
        {
            "When": rows["timestamp"].dt.strftime("%a %d %b, %H:%M"),
            "Channel": rows["channel"].astype(str),
            "What the customer said": rows["reason"].astype(str),
            "Demand type": rows["demand"].astype(str),
            "Handle time (seconds)": rows["handle_s"].round().astype(int),
        }
    )
    return course_table(table, caption=caption)


class LogCalculator(w.VBox):
    """Count a contact log by demand type, reason or channel: contacts and agent minutes, with totals.

    The lesson's own tool for a log, without code: it shows the counts a share and a cost are
    worked out from, not the share or the cost themselves.
    """

    def __init__(self, log: pd.DataFrame, title: str = "The contact log") -> None:
        self.contacts = log
        self.title = title
        days = log["timestamp"].dt.normalize()
        self.heading = w.HTML(
            f"<b style='font-size:16px'>{html.escape(title)}</b><br>"
            f"{len(log):,} contacts from {days.min().day} {days.min():%B} "
            f"to {days.max().day} {days.max():%B %Y}."
        )
        self.view = w.Dropdown(
            options=[(label, key) for key, label in _VIEWS.items()],
            value="demand",
            description="Show",
            layout=w.Layout(width="460px"),
        )
        self.view.add_class("cx-log-calculator-view")
        self.table = w.HTML()
        self.table.add_class("cx-log-calculator-table")
        self.view.observe(lambda _c: self.refresh(), names="value")
        super().__init__([self.heading, self.view, self.table])
        self.add_class("cx-log-calculator")
        self.refresh()

    def refresh(self) -> None:
        """Show the chosen view of the log."""
        if self.view.value == _SAMPLE:
            styler = sample_table(self.contacts)
        else:
            styler = breakdown_table(self.contacts, self.view.value)
        self.table.value = styler.to_html()


def _parse_number(text: str) -> float | None:
    """A typed number, forgiving £, %, commas and spaces ('£9,279', '57.7 %'); None if not a number."""
    cleaned = text.replace("£", "").replace("%", "").replace(",", "").replace(" ", "").strip()
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


_UNITS = {"%": ("", "% of contacts"), "£": ("£", "for the month")}


class NumberAnswer(w.VBox):
    """A number box with its unit shown, for one registered question; saves to the workbook.

    ``unit="%"``: the participant types a percentage (57.7) or a fraction (0.577); either is
    saved as the fraction, the question's documented shape. ``unit="£"``: a number of pounds.
    """

    def __init__(self, question_id: str, unit: str, mode: str = EXERCISE) -> None:
        if unit not in _UNITS:
            raise ValueError(f"unit must be one of {', '.join(_UNITS)}, not {unit!r}.")
        self.question = questions.get(question_id)
        self.unit = unit
        self.saver = AnswerSaver(question_id, mode)
        saved = self.saver.load()
        before, after = _UNITS[unit]
        self.box = w.Text(
            value=self._shown(saved),
            placeholder="e.g. 45" if unit == "%" else "e.g. 1,250",
            layout=w.Layout(width="140px"),
            continuous_update=True,
        )
        self.box.add_class("cx-number-answer-input")
        self.feedback = w.HTML()
        self.feedback.add_class("cx-number-answer-feedback")
        row = w.HBox(
            [w.HTML(f"<b style='font-size:16px'>{before}</b>"), self.box, w.HTML(after)],
            layout=w.Layout(align_items="center", grid_gap="6px"),
        )
        super().__init__([row, self.feedback, self.saver.status])
        self.add_class("cx-number-answer")
        self.add_class(f"cx-number-answer-{question_id.rsplit('/', 1)[-1]}")
        self.box.observe(lambda _c: self._changed(), names="value")
        if isinstance(saved, int | float):
            self.feedback.value = status_html(self._read_as(saved), "muted")

    def _shown(self, saved: Any) -> str:
        if isinstance(saved, bool) or not isinstance(saved, int | float):
            return ""
        if self.unit == "%":
            return f"{100 * saved:.4g}"
        return f"{saved:,.2f}".removesuffix(".00")

    def value(self) -> float | None:
        """The answer as it is saved: a fraction for a share, pounds for a cost (None if blank)."""
        typed = _parse_number(self.box.value)
        if typed is None or self.unit != "%":
            return typed
        return round(typed / 100, 10) if typed > 1 else typed

    def _read_as(self, value: float) -> str:
        if self.unit == "%":
            return f"Read as {value:.1%} of contacts."
        return f"Read as £{value:,.2f}."

    def _changed(self) -> None:
        if not self.box.value.strip():
            self.feedback.value = status_html("Type a number.", "muted")
            return
        value = self.value()
        if value is None:
            self.feedback.value = status_html(
                "That is not a number: type digits only, e.g. 45 or 1250.", "warn"
            )
            return
        check = self.question.check(value)
        if not check.complete:
            self.feedback.value = status_html(check.summary, "warn")
            return
        self.feedback.value = status_html(self._read_as(value), "muted")
        self.saver.save(value)


def contact_centre_simulator(settings: CentreSettings | None = None) -> ContactCentreSimulator:
    """The contact-centre simulator, starting from Kestrel Mutual's peak hour."""
    return ContactCentreSimulator(settings)


def label_demand(mode: str = LESSON, question_id: str | None = None) -> LabelDemand:
    """'Label the demand': twenty reasons, value or failure."""
    return LabelDemand(mode, question_id)


def triple_crown_calculator(
    mode: str = LESSON, question_id: str | None = None
) -> TripleCrownCalculator:
    """The triple-crown calculator (exercise mode saves the result and rationale)."""
    return TripleCrownCalculator(mode, question_id)


def log_calculator(log: pd.DataFrame, title: str = "The contact log") -> LogCalculator:
    """The log calculator: contacts and agent minutes by demand type, reason or channel."""
    return LogCalculator(log, title)


def number_answer(question_id: str, unit: str) -> NumberAnswer:
    """A number box with its unit ('%' or '£') that saves one exercise answer to the workbook."""
    return NumberAnswer(question_id, unit)
