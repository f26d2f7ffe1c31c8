"""Lesson 3 widgets: the contact-centre simulator, 'label the demand' and the triple-crown calculator.

Thin views: every number comes from cxkit.contact_centre, cxkit.failure_demand
and cxkit.triple_crown. CSS classes ``cx-contact-centre-*``, ``cx-label-demand-*``
and ``cx-triple-crown-*`` let browser tests find the parts.
"""

from __future__ import annotations

import html
import io
from typing import Any

import ipywidgets as w

from cxkit import questions
from cxkit.contact_centre import CentreSettings, case_settings, simulate_centre
from cxkit.failure_demand import (
    LabelledContact,
    exercise_contacts,
    normalise_label,
    practice_contacts,
    score_labels,
)
from cxkit.plots.contact_centre import SimulatorFigure, triple_crown_figure
from cxkit.plots.style import BAD, GOOD
from cxkit.triple_crown import CHANGE_KINDS, Change, CrownBaseline, max_target_aht_cut, triple_crown
from cxkit.widgets.base import EXERCISE, LESSON, AnswerSaver, status_html

_WIDE = {"description_width": "210px"}


def _table(title: str, rows: list[tuple[str, str]], cls: str) -> w.HTML:
    body = "".join(
        f'<tr><td style="padding:2px 10px 2px 0">{html.escape(k)}</td>'
        f'<td style="text-align:right;font-weight:bold" data-measure="{html.escape(k)}">'
        f"{html.escape(v)}</td></tr>"
        for k, v in rows
    )
    box = w.HTML(
        f"<b>{html.escape(title)}</b><table style='font-size:15px'>{body}</table>",
        layout=w.Layout(margin="0 40px 0 0"),
    )
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
        self.dashboard = w.HTML()
        self.customer = w.HTML()
        self.message = w.HTML()
        self.tables = w.HBox([])
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
        self.dashboard = _table(
            "The dashboard: seven measures", snap.dashboard_rows(), "cx-contact-centre-dashboard"
        )
        self.customer = _table(
            "The customer's view of the same hour",
            snap.customer_rows(),
            "cx-contact-centre-customer",
        )
        self.tables.children = [self.dashboard, self.customer]
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
        self.toggles: dict[str, w.ToggleButtons] = {}
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
            tb = w.ToggleButtons(
                options=["value", "failure"], value=start, style={"button_width": "90px"}
            )
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
                check.summary if check else f"{len(value)} labelled.",
                "ok" if check and check.complete else "warn",
            )


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80)
    return buf.getvalue()


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
        self.chart.value = _png(triple_crown_figure(self.result))
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
