"""The coach's rubric-scoring widget: walk through rubric items and save each score at once.

A thin view over :class:`cxkit.gradebook.Gradebook`: the task list comes from
``Gradebook.rubric_tasks`` and every Save goes straight to the gradebook with
``set_manual_score``, so nothing is lost if the notebook closes.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import ipywidgets as w

from cxkit.coach_round import answers_by_participant, suggestions_for
from cxkit.gradebook import Gradebook, RubricTask
from cxkit.questions import label_of
from cxkit.widgets.base import status_html

_SHOWN_CHARS = 20_000


def _answer_html(value: Any) -> str:
    """A participant's answer as the coach reads it: text as typed, records as labelled parts."""
    box = (
        "<div class='cx-grader-answer-box' style='white-space:pre-wrap;background:#f5f5f5;"
        "padding:.5em;max-height:22em;overflow:auto'>{}</div>"
    )
    if isinstance(value, dict):
        rows = "".join(
            f"<p style='margin:.2em 0'><b>{html.escape(_part_name(k))}:</b> {_inline(v)}</p>"
            for k, v in value.items()
        )
        return box.format(rows or "<i>(empty)</i>")
    return box.format(_inline(value))


def _part_name(key: Any) -> str:
    text = str(key).replace("_", " ").replace("-", " ")
    return text[:1].upper() + text[1:]


def _inline(value: Any) -> str:
    """One value as escaped text: nested parts joined in words, long text shortened for display."""
    if isinstance(value, dict):
        text = "; ".join(f"{_part_name(k)}: {_plain(v)}" for k, v in value.items())
    elif isinstance(value, list):
        text = "; ".join(_plain(v) for v in value)
    else:
        text = _plain(value)
    if len(text) > _SHOWN_CHARS:
        text = (
            text[:_SHOWN_CHARS] + "\n… (shortened for display; the full answer is in the gradebook)"
        )
    return html.escape(text)


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


class RubricGrader(w.VBox):
    """Score rubric items one by one, by participant or by item, saving each to the gradebook."""

    def __init__(
        self, gradebook: Path | str, order: str = "participant", grader: str = "coach"
    ) -> None:
        self.gradebook = Path(gradebook)
        self.order = order
        self.grader = w.Text(value=grader, description="Grader:")
        with Gradebook(self.gradebook) as gb:
            self.tasks: list[RubricTask] = gb.rubric_tasks(order)
            self._answers = answers_by_participant(gb.results())
        self.index = 0
        self.header = w.HTML()
        self.header.add_class("cx-grader-header")
        self.body = w.HTML()
        self.body.add_class("cx-grader-answer")
        self.criteria_box = w.VBox()
        self.comment = w.Textarea(
            placeholder="Comment for the participant", layout=w.Layout(width="100%", height="5em")
        )
        self.comment.add_class("cx-grader-comment")
        self.status = w.HTML()
        self.status.add_class("cx-grading-status")
        self.prev_button = w.Button(description="◀ Previous")
        self.save_button = w.Button(description="Save", button_style="primary")
        self.next_button = w.Button(description="Save and next ▶", button_style="success")
        self.skip_button = w.Button(description="Next unscored")
        self.prev_button.on_click(lambda _b: self.go(self.index - 1))
        self.save_button.on_click(lambda _b: self.save())
        self.next_button.on_click(lambda _b: self.save_and_next())
        self.skip_button.on_click(lambda _b: self.go(self.next_unscored()))
        for b, cls in (
            (self.prev_button, "prev"),
            (self.save_button, "save"),
            (self.next_button, "save-next"),
            (self.skip_button, "next-unscored"),
        ):
            b.add_class(f"cx-grader-{cls}")
        self.level_widgets: dict[str, w.RadioButtons] = {}
        buttons = w.HBox([self.prev_button, self.save_button, self.next_button, self.skip_button])
        super().__init__(
            [
                self.grader,
                self.header,
                self.body,
                self.criteria_box,
                self.comment,
                buttons,
                self.status,
            ]
        )
        self.add_class("cx-grader")
        self.go(0)

    @property
    def task(self) -> RubricTask | None:
        """The rubric item on screen, if any."""
        return self.tasks[self.index] if self.tasks else None

    def next_unscored(self) -> int:
        """Index of the next item without a complete score (or needing review), else the current."""
        n = len(self.tasks)
        for step in range(1, n + 1):
            t = self.tasks[(self.index + step) % n]
            if not t.scored or t.needs_review:
                return (self.index + step) % n
        return self.index

    def go(self, index: int) -> bool:
        """Show the item at index (clamped to the list)."""
        if not self.tasks:
            self.header.value = (
                "<b>No rubric answers to score.</b> Run <code>cxkit grade</code> first."
            )
            for b in (self.prev_button, self.save_button, self.next_button, self.skip_button):
                b.disabled = True
            return False
        self.index = max(0, min(index, len(self.tasks) - 1))
        t = self.tasks[self.index]
        done = sum(1 for x in self.tasks if x.scored)
        review = (
            f" <span style='color:#b3261e'>⚠ review: {html.escape(t.review_reason)}</span>"
            if t.needs_review
            else ""
        )
        self.header.value = (
            f"<b>{self.index + 1} of {len(self.tasks)}</b> ({done} scored) — "
            f"<b>{html.escape(t.participant_id)}</b> — {html.escape(label_of(t.question_id))}"
            f"{review}<br><i>{html.escape(t.prompt)}</i>"
        )
        findings = "".join(f"<li>{html.escape(f)}</li>" for f in t.findings) or "<li>none</li>"
        self.body.value = _answer_html(t.answer) + f"<b>Checker's findings</b><ul>{findings}</ul>"
        self.level_widgets = {}
        rows = []
        suggested = suggestions_for(t.question_id, t.answer, self._answers.get(t.participant_id))
        for name, levels in t.criteria:
            options = [(f"{lv}: {desc}", lv) for lv, desc in sorted(levels.items())]
            current = t.levels.get(name)
            rb = w.RadioButtons(
                options=options,
                value=int(current) if current is not None and int(current) in levels else None,
                description=name,
                style={"description_width": "initial"},
                layout=w.Layout(width="100%"),
            )
            rb.add_class("cx-grader-criterion")
            self.level_widgets[name] = rb
            rows.append(rb)
            if name in suggested:
                level, why = suggested[name]
                hint = w.HTML(
                    "<div style='margin:0 0 .6em 1.2em;color:#1f5fa8'>"
                    f"Suggested by the checker: <b>{level}</b>: {html.escape(why)} "
                    "<i>(a suggestion only: your choice is what counts)</i></div>"
                )
                hint.add_class("cx-grader-suggestion")
                rows.append(hint)
        self.criteria_box.children = rows
        self.comment.value = t.comment
        self.status.value = status_html(
            "Scored." if t.scored else "Not scored yet.", "ok" if t.scored else "warn"
        )
        self.prev_button.disabled = self.index == 0
        return True

    def save_and_next(self) -> bool:
        """Save the item on screen, move to the next one, and keep saying what was saved."""
        if not self.save():
            return False
        saved = self.status.value
        self.go(self.index + 1)
        self.status.value = saved
        return True

    def save(self) -> bool:
        """Save the levels chosen and the comment for the item on screen; say so."""
        t = self.task
        if t is None:
            return False
        levels = {n: rb.value for n, rb in self.level_widgets.items() if rb.value is not None}
        if not levels and not self.comment.value.strip():
            self.status.value = status_html("Choose a level or write a comment first.", "warn")
            return False
        try:
            with Gradebook(self.gradebook) as gb:
                gb.set_manual_score(
                    t.participant_id, t.question_id, levels, self.comment.value, self.grader.value
                )
        except Exception as exc:  # show any gradebook problem to the coach, never a traceback
            self.status.value = status_html(f"Not saved: {exc}", "bad")
            return False
        t.levels.update(levels)
        t.comment = self.comment.value
        t.needs_review = False
        self.status.value = status_html(
            f"Saved ✓ {t.participant_id}: {label_of(t.question_id)}, in {self.gradebook.name}.",
            "ok",
        )
        return True


def rubric_grader(
    gradebook: Path | str, order: str = "participant", grader: str = "coach"
) -> RubricGrader:
    """The rubric-scoring widget for a gradebook ('participant' or 'item' order)."""
    return RubricGrader(gradebook, order, grader)


def cohort_table(gradebook: Path | str) -> Any:
    """Where the cohort stands, as a table a coach reads: one row per participant, plain headers."""
    from cxkit.feedback import results_table
    from cxkit.plots.tables import course_table

    df = results_table(gradebook).reset_index()
    names = {"participant_id": "Participant", "total": "Total points"}
    for col in df.columns:
        head = str(col).split("_", 1)[0]
        if head.isdigit():
            names[col] = f"Exercise {int(head)}"
    names.update(
        {
            "rubric items to score": "Rubric items to score",
            "flagged for review": "Flagged for review",
            "collect notes": "Notes from collect",
        }
    )
    points = {
        c: "{:g}" for c in df.columns if c in names and names[c].startswith(("Exercise", "Total"))
    }
    return course_table(df, formats=points, columns=names)
