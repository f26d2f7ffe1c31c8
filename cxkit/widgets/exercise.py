"""What an exercise notebook calls: identify, ask a registered question, save a computed answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as w
import traitlets
from IPython.display import display

from cxkit import questions
from cxkit.questions import Kind
from cxkit.session import current_session
from cxkit.widgets.base import (
    EXERCISE,
    AnswerSaver,
    IdentityBox,
    start_exercise,
    status_html,
)
from cxkit.words import local_time, plural

__all__ = ["start", "ask", "pick_many", "save_answer", "hand_in", "AskWidget", "PickMany", "HandIn"]


def start() -> IdentityBox:
    """Show the identity box at the top of an exercise (remembered after the first time)."""
    return start_exercise()


class AskWidget(w.VBox):
    """A registered question as a widget: prompt, input, instant check, autosave.

    Each thing is said once: the instant check's findings under the box, and the save line
    below them says only whether (and when) the answer is in the workbook. Untouched, the box
    shows no finding and the save line its one untouched state, "Not started." The notebook's
    heading states the question, so the box is labelled "Your answer"; ``header`` (HTML) replaces
    that label where the box needs more (e.g. the list to choose from).
    """

    def __init__(
        self, question_id: str, mode: str = EXERCISE, rows: int = 6, header: str | None = None
    ) -> None:
        self.question = questions.get(question_id)
        self.saver = AnswerSaver(question_id, mode)
        q = self.question
        # The notebook's heading states the question and its points; the box says what goes in it.
        label = "Your choice" if q.kind is Kind.SINGLE_CHOICE else "Your answer"
        prompt = w.HTML(header if header is not None else f"<b>{label}</b>")
        saved = self.saver.load()
        if q.kind is Kind.SINGLE_CHOICE:
            self.input = w.RadioButtons(
                options=list(q.choices), value=saved if saved in q.choices else None
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
        if not check.messages or (_blank(value) and not self._touched):
            # Nothing to add: untouched (the save line says "Not started."), or complete with
            # no finding to report (the save line says "Saved ✓").
            self.feedback.value = ""
            return
        self.feedback.value = status_html(check.summary, "ok" if check.complete else "warn")

    _touched = False

    def _changed(self, _change: dict) -> None:
        self._touched = True
        value = self._value()
        self._show_check(value)
        self.saver.save(value)  # the findings are shown once, above the save line


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


class PickMany(w.VBox):
    """A question's choices as toggle buttons, every one visible: a click picks or unpicks it.

    A picked choice is blue with a ✓; the answer (the picked choices, in the question's order)
    saves on every click, and a re-run shows the saved picks again.
    """

    def __init__(
        self, question_id: str, mode: str = EXERCISE, noun: str = "choice", many: str | None = None
    ) -> None:
        from cxkit import questions

        self.noun, self.many = noun, many
        self.question = questions.get(question_id)
        self.saver = AnswerSaver(question_id, mode)
        q = self.question
        saved = self.saver.load()
        picked = set(saved) if isinstance(saved, list) else set()
        self.buttons: dict[str, w.ToggleButton] = {}
        for choice in q.choices:
            b = w.ToggleButton(
                value=choice in picked,
                layout=w.Layout(width="auto", min_width="320px", margin="3px 6px 3px 0"),
            )
            b.add_class("cx-pick")
            b.observe(self._clicked, names="value")
            self.buttons[choice] = b
            self._style(choice)
        hint = w.HTML(
            "<b>Your choices</b> <span style='color:#555'>— click each one you choose "
            "(click again to unchoose).</span>"
        )
        self.feedback = w.HTML()
        self.feedback.add_class("cx-feedback")
        self.input = w.Box(
            list(self.buttons.values()),
            layout=w.Layout(display="flex", flex_flow="row wrap", align_items="flex-start"),
        )
        self.input.add_class("cx-ask-input")
        self.input.add_class("cx-pick-many")
        super().__init__([hint, self.input, self.feedback, self.saver.status])
        self._show_check()

    @property
    def value(self) -> list[str]:
        """The picked choices, in the question's order."""
        return [c for c, b in self.buttons.items() if b.value]

    def _style(self, choice: str) -> None:
        b = self.buttons[choice]
        b.description = f"✓ {choice}" if b.value else choice
        b.button_style = "info" if b.value else ""
        b.icon = ""
        b.tooltip = "Chosen: click to unchoose" if b.value else "Click to choose"

    def _show_check(self):
        value = self.value
        if not value:  # untouched, the save line alone says "Not started."
            self.feedback.value = (
                status_html("Nothing chosen yet.", "muted") if self._touched else ""
            )
            return self.question.check(value)
        check = self.question.check(value)
        self.feedback.value = status_html(
            f"{plural(len(value), self.noun, self.many)} chosen."
            if check.complete
            else check.summary,
            "ok" if check.complete else "warn",
        )
        return check

    _touched = False

    def _clicked(self, change: dict) -> None:
        self._touched = True
        owner = change["owner"]
        choice = next(c for c, b in self.buttons.items() if b is owner)
        self._style(choice)
        self._show_check()
        self.saver.save(self.value)  # what is chosen is said once, above the save line


def pick_many(question_id: str, noun: str = "choice", many: str | None = None) -> PickMany:
    """An exercise's pick-several question as toggle buttons (saved as you click).

    ``noun`` (and ``many`` for an irregular plural) names what is picked: "2 activities chosen".
    """
    return PickMany(question_id, noun=noun, many=many)


def ask(question_id: str, mode: str = EXERCISE) -> AskWidget | PickMany:
    """A widget for a registered question that saves to the workbook as it changes."""
    if questions.get(question_id).kind is Kind.MULTIPLE_CHOICE:
        return PickMany(question_id, mode)  # every choice visible, picked ones ticked
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


class HandIn(w.VBox):
    """The last cell of an exercise: what the workbook holds, where it is, and a download link."""

    def __init__(self, exercise: str) -> None:
        self.exercise = exercise
        self.button = w.Button(
            description="Check my hand-in", icon="check", layout=w.Layout(width="auto")
        )
        self.button.add_class("cx-hand-in-button")
        self.report = w.HTML()
        self.report.add_class("cx-hand-in")
        self.button.on_click(lambda _b: self.refresh())
        super().__init__([self.report, self.button])
        self.refresh()

    def refresh(self) -> None:
        """Re-read the workbook and say how much of this exercise it holds."""
        session = current_session()
        wb = session.workbook
        if wb is None:
            self.report.value = status_html(
                "Type your name in the box at the top first; then your answers are saved.", "warn"
            )
            return
        qs = questions.all_questions(self.exercise)
        saved = [a for q in qs if (a := session.saved(q.id)) is not None]
        path = wb.path.resolve()
        last = max((a.saved_at for a in saved), default="")
        done = f"{len(saved)} of {len(qs)} questions answered"
        if last:
            done += f", last saved {local_time(last)}"
        tone = "ok" if len(saved) == len(qs) else "warn"
        link = _download_link(path)
        self.report.value = (
            f"<p>{status_html(done + '.', tone)}</p>"
            f"<p>Your workbook is the file <b>{_esc(path.name)}</b> in the folder "
            f"<code>{_esc(str(path.parent))}</code>. Hand in that one file to your coach.</p>"
            f"<p>{link}</p>"
        )


def _download_link(path: Path) -> str:
    import base64

    try:
        data = path.read_bytes()
    except OSError:
        return ""
    b64 = base64.b64encode(data).decode("ascii")
    return (
        f'<a class="cx-hand-in-download" download="{_esc(path.name)}" '
        f'href="data:application/json;base64,{b64}">⬇ Download {_esc(path.name)}</a>'
    )


def hand_in(exercise: str) -> HandIn:
    """The hand-in box at the end of an exercise."""
    return HandIn(exercise)


def _blank(value: Any) -> bool:
    """Nothing given yet: no choice, an empty box, an empty form."""
    return value is None or value == "" or value == [] or value == {}


def _esc(text: str) -> str:
    import html

    return html.escape(text)
