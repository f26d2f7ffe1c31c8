"""Shared pieces for every widget: the identity box and the autosave status line."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import ipywidgets as w
import traitlets

from cxkit.plots.style import figure_png
from cxkit.questions import Check
from cxkit.session import Session, current_session, reset_session
from cxkit.words import local_time
from cxkit.workbook import ParticipantIdError, WorkbookError

LESSON = "lesson"
EXERCISE = "exercise"

_STYLE = {
    "ok": "color:#1b7a3a",
    "warn": "color:#9a6700",
    "bad": "color:#b3261e",
    "muted": "color:#666",
}


PREVIEW_DPI = 80  # a chart inside a widget: sharp enough on screen, quick to redraw


def preview_png(fig: Any, dpi: float = PREVIEW_DPI) -> bytes:
    """A matplotlib Figure as PNG bytes at preview size (for an ipywidgets Image).

    Drawn without font hinting: at screen size it looks the same and draws text about a
    third faster, and text is most of a redraw's time.
    """
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not isinstance(fig.canvas, FigureCanvasAgg):
        # A canvas of its own keeps one renderer across redraws, and with it the
        # measured sizes of every label: saving afresh would measure them all again.
        FigureCanvasAgg(fig)
    with mpl.rc_context({"text.hinting": "no_hinting"}):
        return figure_png(fig, dpi)


def status_html(text: str, tone: str = "muted") -> str:
    """A short escaped status line in one of the tones ok/warn/bad/muted."""
    return f'<span class="cx-status cx-{tone}" style="{_STYLE[tone]}">{html.escape(text)}</span>'


NOT_IDENTIFIED = "Type your name in the box at the top of the notebook to save this answer."


class AnswerSaver:
    """Saves one question's answer to the workbook in exercise mode and shows that it did."""

    def __init__(
        self, question_id: str, mode: str = LESSON, session: Session | None = None
    ) -> None:
        self.question_id = question_id
        self.mode = mode
        self._session = session
        self.status = w.HTML(layout=w.Layout(min_height="1.6em"))
        self.status.add_class("cx-save-status")
        if mode == EXERCISE:
            self.status.value = status_html("Not started.", "muted")

    @property
    def session(self) -> Session:
        """The session answers are saved to."""
        return self._session or current_session()

    def load(self, default: Any = None) -> Any:
        """The previously saved answer (exercise mode only), so a re-run shows it again."""
        if self.mode != EXERCISE:
            return default
        answer = self.session.saved(self.question_id)
        if answer is None:
            return default
        self.status.value = status_html(saved_message(answer.saved_at), "ok")
        return answer.value

    def save(self, value: Any, check: Check | None = None) -> bool:
        """Save value if in exercise mode; update the status line; never raise into the UI."""
        if self.mode != EXERCISE:
            return False
        if self.session.workbook is None:  # nobody named yet (or a coach's copy): nothing to lose
            self.status.value = status_html(NOT_IDENTIFIED, "muted")
            return False
        try:
            answer = self.session.save(self.question_id, value)
        except WorkbookError as exc:
            self.status.value = status_html(f"Not saved: {exc}", "bad")
            return False
        except ValueError as exc:
            self.status.value = status_html(f"Not saved: {exc}", "bad")
            return False
        note = f" {check.summary}" if check is not None else ""
        self.status.value = status_html(saved_message(answer.saved_at) + note, "ok")
        return True


def saved_message(saved_at: str) -> str:
    """What a widget says once its answer is in the workbook."""
    when = local_time(saved_at)
    return f"Saved ✓ in your workbook (last saved {when})." if when else "Saved ✓ in your workbook."


class IdentityBox(w.VBox):
    """The 'who are you?' box at the top of each exercise; remembered after the first time."""

    def __init__(self, session: Session | None = None) -> None:
        self.session = session
        self.name = w.Text(placeholder="Your name or participant id", description="Your name:")
        self.name.add_class("cx-identity-name")
        self.button = w.Button(description="Start saving", button_style="primary")
        self.button.add_class("cx-identity-button")
        self.message = w.HTML()
        self.message.add_class("cx-identity-message")
        self.button.on_click(lambda _b: self.submit())
        self.name.on_submit(lambda _t: self.submit())
        super().__init__([w.HBox([self.name, self.button]), self.message])
        self._show_current()

    def _show_current(self) -> None:
        s = self.session
        if s is not None and s.workbook is not None:
            self.name.value = s.participant_id or ""
            path = s.workbook.path.resolve()
            self.message.value = (
                status_html(f"Saving your answers for {s.participant_id}.", "ok")
                + "<br>"
                + status_html(
                    f"Your workbook is the file {path.name} in the folder {path.parent}. "
                    "To hand in, send that one file to your coach.",
                    "muted",
                )
            )
        else:
            self.message.value = status_html(
                "Type your name and press Start saving. You only do this once.", "warn"
            )

    def submit(self) -> None:
        """Identify with the typed name; show a clear message on a bad id or a bad workbook."""
        try:
            if self.session is None:
                self.session = current_session()
            self.session.identify(self.name.value)
        except (ParticipantIdError, WorkbookError) as exc:
            self.message.value = status_html(str(exc), "bad")
            return
        self._show_current()


def start_exercise() -> IdentityBox:
    """Begin an exercise notebook: pick up a remembered participant, or ask who they are."""
    try:
        session = reset_session()
    except WorkbookError as exc:
        box = IdentityBox(session=None)
        box.message.value = status_html(str(exc), "bad")
        return box
    return IdentityBox(session)


def paint_choice(button: w.Button, label: str, chosen: bool) -> None:
    """Show a choice button as chosen (coloured, ticked ✓, class cx-chosen) or not."""
    button.description = f"✓ {label}" if chosen else label
    button.button_style = "info" if chosen else ""
    if chosen:
        button.add_class("cx-chosen")
    else:
        button.remove_class("cx-chosen")


class ChoiceButtons(w.HBox):
    """One button per option; the chosen one is coloured and ticked (✓), so it is unmistakable."""

    value = traitlets.Any(None, allow_none=True)  # observed like any input's value

    def __init__(
        self,
        options: Sequence[tuple[str, str]],
        value: str | None = None,
        width: str | None = None,
    ) -> None:
        self.options = [(label, v) for label, v in options]
        if width is None:  # wide enough for the longest label and its ✓, never cut off
            longest = max((len(label) for label, _v in self.options), default=6)
            width = f"{max(7.5, longest * 0.65 + 3):.1f}em"
        self.choices: dict[str, w.Button] = {}
        for label, v in self.options:
            b = w.Button(description=label, tooltip=label, layout=w.Layout(width=width))
            b.add_class("cx-choice-button")
            b.on_click(lambda _b, v=v: self._pick(v))
            self.choices[v] = b
        super().__init__(list(self.choices.values()))
        self.add_class("cx-choice")
        self.value = value if value in self.choices else None
        self._paint()

    def _pick(self, v: str) -> None:
        self.value = v

    @traitlets.validate("value")
    def _valid(self, proposal: dict) -> str | None:
        v = proposal["value"]
        if v is not None and v not in self.choices:
            raise traitlets.TraitError(f"{v!r} is not one of the options.")
        return v

    @traitlets.observe("value")
    def _paint(self, _change: dict | None = None) -> None:
        for label, v in self.options:
            paint_choice(self.choices[v], label, v == self.value)
