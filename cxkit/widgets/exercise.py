"""What an exercise notebook calls: identify, ask a registered question, save a computed answer."""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import traitlets
from IPython.display import display

from cxkit import questions
from cxkit.questions import Kind
from cxkit.session import current_session
from cxkit.widgets.base import EXERCISE, AnswerSaver, IdentityBox, start_exercise, status_html

__all__ = ["start", "ask", "save_answer", "AskWidget"]


def start() -> IdentityBox:
    """Show the identity box at the top of an exercise (remembered after the first time)."""
    return start_exercise()


class AskWidget(w.VBox):
    """A registered question as a widget: prompt, input, instant check, autosave."""

    def __init__(self, question_id: str, mode: str = EXERCISE, rows: int = 6) -> None:
        self.question = questions.get(question_id)
        self.saver = AnswerSaver(question_id, mode)
        q = self.question
        prompt = w.HTML(f"<b>{_esc(q.prompt)}</b> <i>({q.points:g} points)</i>")
        saved = self.saver.load()
        if q.kind is Kind.SINGLE_CHOICE:
            self.input = w.RadioButtons(
                options=list(q.choices), value=saved if saved in q.choices else None
            )
        elif q.kind is Kind.MULTIPLE_CHOICE:
            self.input = w.SelectMultiple(
                options=list(q.choices), value=tuple(v for v in (saved or []) if v in q.choices)
            )
        elif q.kind is Kind.NUMBER:
            self.input = w.FloatText(value=saved if isinstance(saved, int | float) else 0.0)
        elif q.kind is Kind.RECORD and q.items:
            self.input = RecordForm(
                q.items, q.item_labels, saved if isinstance(saved, dict) else {}
            )
        else:
            self.input = w.Textarea(
                value=saved if isinstance(saved, str) else "",
                placeholder="Type your answer here…",
                layout=w.Layout(width="100%", height=f"{rows * 1.6}em"),
            )
        self.input.add_class("cx-ask-input")
        self.feedback = w.HTML()
        self.feedback.add_class("cx-feedback")
        self.input.observe(self._changed, names="value")
        super().__init__([prompt, self.input, self.feedback, self.saver.status])
        self._show_check(self._value())

    def _value(self) -> Any:
        v = self.input.value
        return list(v) if isinstance(v, tuple) else v

    def _show_check(self, value: Any) -> None:
        check = self.question.check(value)
        self.feedback.value = status_html(check.summary, "ok" if check.complete else "warn")

    def _changed(self, _change: dict) -> None:
        value = self._value()
        self._show_check(value)
        self.saver.save(value, self.question.check(value))


class RecordForm(w.VBox):
    """One text box per named part of a record answer; its value is the dict of what is typed."""

    value = traitlets.Dict()  # observed by AskWidget like any input's value

    def __init__(
        self, parts: tuple[str, ...], labels: tuple[str, ...] = (), saved: dict | None = None
    ) -> None:
        saved = saved or {}
        # A part without a label of its own is named after its id, so no box is ever left out.
        labels = tuple(labels) + tuple(
            p.replace("_", " ").capitalize() for p in parts[len(labels) :]
        )
        self.boxes = {
            part: w.Textarea(
                value=saved[part] if isinstance(saved.get(part), str) else "",
                placeholder="Type here…",
                layout=w.Layout(width="100%", height="4.2em"),
            )
            for part in parts
        }
        rows = []
        for (part, box), label in zip(self.boxes.items(), labels[: len(parts)], strict=True):
            box.add_class(f"cx-record-{part}")
            box.observe(self._changed, names="value")
            rows.append(w.VBox([w.HTML(f"<b>{_esc(label)}</b>"), box]))
        super().__init__(rows)
        self.value = self._current()

    def _current(self) -> dict[str, str]:
        # Keep exactly what was typed; only wholly blank parts are left out.
        return {part: box.value for part, box in self.boxes.items() if box.value.strip()}

    def _changed(self, _change: dict) -> None:
        self.value = self._current()


def ask(question_id: str, mode: str = EXERCISE) -> AskWidget:
    """A widget for a registered question that saves to the workbook as it changes."""
    return AskWidget(question_id, mode)


def save_answer(question_id: str, value: Any) -> None:
    """Save a computed answer (from a code cell) and show its instant check and save status."""
    q = questions.get(question_id)
    if getattr(value, "shape", None) == () and hasattr(value, "item"):
        value = value.item()  # a NumPy scalar from pandas (e.g. a .mean()) becomes plain Python
    check = q.check(value)
    saver = AnswerSaver(question_id, EXERCISE, current_session())
    if check.complete:
        saver.save(value, check)
        display(saver.status)
    else:
        display(w.HTML(status_html(f"{q.id}: {check.summary}", "warn")))


def _esc(text: str) -> str:
    import html

    return html.escape(text)
