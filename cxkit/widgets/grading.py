"""The coach's rubric-scoring widget: walk through rubric items and save each score at once.

A thin view over :class:`cxkit.coach.gradebook.Gradebook`: the task list comes from
``Gradebook.rubric_tasks`` and every Save goes straight to the gradebook with
``set_manual_score``, so nothing is lost if the notebook closes.
"""

from __future__ import annotations

import base64
import contextlib
import html
import json
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as w

from cxkit.coach.gradebook import Gradebook, RubricTask
from cxkit.coach.rounds import answers_by_participant, suggestions_for
from cxkit.questions import label_of
from cxkit.widgets.base import status_html

_SHOWN_CHARS = 20_000


_BOX = (
    "<div class='cx-grader-answer-box' style='white-space:pre-wrap;background:#f5f5f5;"
    "padding:.5em;max-height:22em;overflow:auto'>{}</div>"
)
_TABLE = "<table class='cx-grader-table' style='border-collapse:collapse;margin:.3em 0'>{}</table>"
_TH = "<th style='text-align:left;padding:3px 10px;border-bottom:1px solid #ccc'>{}</th>"
_TD = "<td style='padding:3px 10px;vertical-align:top;white-space:pre-wrap'>{}</td>"
_HEAD = "<p style='margin:.6em 0 .2em 0'><b>{}</b></p>"


def _answer_html(value: Any) -> str:
    """A participant's answer as the coach reads it: text as typed, records as labelled parts."""
    if isinstance(value, dict):
        rows = "".join(
            f"<p style='margin:.2em 0'><b>{html.escape(_part_name(k))}:</b> {_inline(v)}</p>"
            for k, v in value.items()
        )
        return _BOX.format(rows or "<i>(empty)</i>")
    if isinstance(value, list):
        items = "".join(f"<li>{_inline(v)}</li>" for v in value)
        return _BOX.format(f"<ul style='margin:0'>{items}</ul>" if items else "<i>(empty)</i>")
    return _BOX.format(_inline(value))


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
    """A value in words: nested records as 'Part: value' pairs, never JSON."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):
        return ", ".join(f"{_part_name(k)} {_plain(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)
    return "" if value is None else str(value)


def _rows(head: list[str], rows: list[list[str]]) -> str:
    """An HTML table; every cell is escaped here."""
    th = "".join(_TH.format(html.escape(h)) for h in head)
    body = "".join("<tr>" + "".join(_TD.format(html.escape(c)) for c in r) + "</tr>" for r in rows)
    return _TABLE.format(f"<tr>{th}</tr>{body}")


def _text(value: Any, title: str = "Their answer") -> str:
    return _HEAD.format(html.escape(title)) + _BOX.format(_inline(value))


# -- the canvas (exercise 5) ---------------------------------------------------------------
_PREVIEWS: dict[str, str] = {}  # canvas record as JSON -> base64 PNG, so going back is instant


def _canvas_png(canvas: Any, key: str) -> str:
    if key not in _PREVIEWS:
        from cxkit.plots.canvas import render_canvas_preview

        if len(_PREVIEWS) > 64:
            _PREVIEWS.clear()
        _PREVIEWS[key] = base64.b64encode(render_canvas_preview(canvas, dpi=100)).decode("ascii")
    return _PREVIEWS[key]


def canvas_html(record: Any) -> str:
    """A canvas as the coach scores it: the kit's canvas picture, then every field as typed."""
    from cxkit.concepts.canvas import LABELS, TEXT_FIELDS, TRIPLE_CROWN_PARTS, Canvas

    if record is None:
        return status_html("This participant handed in no canvas.", "warn")
    try:
        canvas = Canvas.from_record(record)
    except ValueError as exc:
        return status_html(f"The canvas could not be read: {exc}", "bad") + _answer_html(record)
    rows = [[LABELS["category"], canvas.category_name or "(none chosen)"]]
    rows += [[label, getattr(canvas, f).strip() or "(empty)"] for f, label, _ in TEXT_FIELDS]
    moments = "\n".join(
        f"{i}. {m.step.strip()} ({m.feeling.value}; "
        f"{'serves the SCO' if m.serves_sco else 'does not serve the SCO: remove'})"
        for i, m in enumerate(canvas.moments, 1)
    )
    rows.append([LABELS["moments"], moments or "(none)"])
    needs = "\n".join(
        f"{i}. {n.need.strip()}\n   Measure: {n.measure.strip() or '(none)'}"
        for i, n in enumerate(canvas.needs, 1)
    )
    rows.append([LABELS["needs"], needs or "(none)"])
    rows += [
        [f"Triple crown: {label.lower()}", getattr(canvas.triple_crown, k).strip() or "(empty)"]
        for k, label in TRIPLE_CROWN_PARTS
    ]
    table = _rows(["Canvas field", "What they wrote"], rows)
    try:
        key = json.dumps(record, sort_keys=True, ensure_ascii=False)
        picture = (
            f"<img class='cx-grader-canvas' alt='Their canvas' style='max-width:100%;"
            f"border:1px solid #ddd' src='data:image/png;base64,{_canvas_png(canvas, key)}'>"
        )
    except Exception:  # the picture is a courtesy: the table below has every field
        return table
    return (
        picture
        + "<details><summary style='cursor:pointer'>Every field as typed</summary>"
        + table
        + "</details>"
    )


def _canvas_quality(answer: Any, related: dict[str, Any]) -> str:
    from cxkit.concepts.canvas import QUESTION_ID

    return (
        _text(answer, "Their explanation")
        + _HEAD.format("The canvas you are scoring")
        + canvas_html(related.get(QUESTION_ID))
    )


def _canvas(answer: Any, related: dict[str, Any]) -> str:
    return _HEAD.format("Their canvas") + canvas_html(answer)


# -- the triple-crown proposal (exercise 3) ----------------------------------------------------
_MEASURES: tuple[tuple[str, str, str], ...] = (
    ("contacts_per_month", "Contacts a month", "{:,.0f}"),
    ("failure_contacts_per_month", "Failure-demand contacts a month", "{:,.0f}"),
    ("contacts_per_need", "Contacts per customer need", "{:.1f}"),
    ("first_contact_resolution", "Resolved at first contact", "{:.0%}"),
    ("aht_seconds", "Average handle time", "{:.0f} s"),
    ("peak_wait_seconds", "Wait at the peak hour", "{:.0f} s"),
    ("peak_service_level", "Peak service level", "{:.0%}"),
    ("agent_hours_per_month", "Agent hours a month", "{:,.0f}"),
    ("cost_per_month", "Cost a month", "£{:,.0f}"),
    ("annual_churn", "Customers leaving a year", "{:.1%}"),
    ("revenue_per_year", "Revenue a year", "£{:,.0f}"),
)


def _measure(fmt: str, value: Any, key: str) -> str:
    if value is None:
        return "the queue never clears" if key == "peak_wait_seconds" else "not shown"
    try:
        return fmt.format(float(value))
    except (TypeError, ValueError):
        return _plain(value)


def _proposal(answer: Any, related: dict[str, Any]) -> str:
    if not isinstance(answer, dict):
        return _text(answer)
    out = []
    change = answer.get("description")
    if not change and isinstance(answer.get("change"), dict):
        from cxkit.concepts.contact_centre.triple_crown import Change

        try:
            change = Change(**answer["change"]).describe()
        except Exception:
            change = _plain(answer["change"])
    out.append(_HEAD.format("The change") + _BOX.format(html.escape(str(change or "(none)"))))
    crowns = [
        [name, "won ✓" if answer.get(f"{key}_pass") else "not won ✗"]
        for key, name in (
            ("customer", "Customer crown"),
            ("cost", "Cost crown"),
            ("revenue", "Revenue crown"),
            ("all", "Triple crown"),
        )
        if f"{key}_pass" in answer
    ]
    if crowns:
        out.append(_HEAD.format("The calculator's verdict") + _rows(["Crown", "Result"], crowns))
    before, after = answer.get("before"), answer.get("after")
    if isinstance(before, dict) and isinstance(after, dict):
        rows = [
            [label, _measure(fmt, before.get(k), k), _measure(fmt, after.get(k), k)]
            for k, label, fmt in _MEASURES
            if k in before or k in after
        ]
        out.append(
            _HEAD.format("Before and after the change")
            + _rows(["Measure", "Before", "After"], rows)
        )
    out.append(_text(answer.get("rationale", ""), "Their explanation"))
    return "".join(out)


# -- other records ------------------------------------------------------------------------------
def _reframes(answer: Any, related: dict[str, Any]) -> str:
    from cxkit.concepts.outcomes.measures import measure

    if not isinstance(answer, dict):
        return _text(answer)

    def name(mid: str) -> str:
        try:
            return measure(mid).name
        except KeyError:
            return _part_name(mid)

    rows = [[name(k), _plain(v) or "(empty)"] for k, v in answer.items()]
    return _HEAD.format("Their answer") + _rows(
        ["Dashboard output", "Their outcome statement"], rows
    )


def _landscape_change(answer: Any, related: dict[str, Any]) -> str:
    if not isinstance(answer, dict):
        return _text(answer)
    parts = (
        ("change", "The change"),
        ("customer", "Customer experience"),
        ("cost", "Cost to serve"),
        ("revenue", "Revenue"),
    )
    rows = [[label, _plain(answer.get(k)) or "(empty)"] for k, label in parts]
    rows += [[_part_name(k), _plain(v)] for k, v in answer.items() if k not in dict(parts)]
    return _HEAD.format("Their answer") + _rows(["Part", "What they wrote"], rows)


def _ratings_rows(ratings: Any) -> list[list[str]]:
    from cxkit.concepts.initiatives import FIVE_MISTAKES

    if not isinstance(ratings, dict):
        return []
    titles = {m.id: m.title for m in FIVE_MISTAKES}
    order = [m.id for m in FIVE_MISTAKES if m.id in ratings]
    order += [k for k in ratings if k not in titles]
    return [[titles.get(k, _part_name(k)), f"{_plain(ratings[k])} of 5"] for k in order]


def _ratings(answer: Any, related: dict[str, Any]) -> str:
    rows = _ratings_rows(answer)
    if not rows:
        return _text(answer)
    return _HEAD.format("Their ratings of Kestrel (1 = weak, 5 = strong)") + _rows(
        ["Mistake", "Their rating"], rows
    )


def _next_step(answer: Any, related: dict[str, Any]) -> str:
    rows = _ratings_rows(related.get("initiatives/kestrel-ratings"))
    context = (
        _HEAD.format("Their ratings of Kestrel, for context (1 = weak, 5 = strong)")
        + _rows(["Mistake", "Their rating"], rows)
        if rows
        else ""
    )
    return _text(answer) + context


def _justification(answer: Any, related: dict[str, Any]) -> str:
    choice = related.get("north-star/choice")
    context = ""
    if isinstance(choice, dict) and choice.get("choice"):
        names = {
            c.get("id"): c.get("name") for c in choice.get("candidates", []) if isinstance(c, dict)
        }
        chosen = names.get(choice["choice"]) or _part_name(choice["choice"])
        context = _HEAD.format("Their chosen North Star") + _BOX.format(html.escape(str(chosen)))
    return context + _text(answer, "Their justification")


_VIEWS = {
    "canvas/canvas-quality": _canvas_quality,
    "canvas/complete-canvas": _canvas,
    "contact-centre/triple-crown-proposal": _proposal,
    "outcomes/reframe-outputs": _reframes,
    "landscape/triple-crown-change": _landscape_change,
    "initiatives/kestrel-ratings": _ratings,
    "initiatives/next-step": _next_step,
    "north-star/justification": _justification,
}


def answer_view(question_id: str, answer: Any, related: dict[str, Any] | None = None) -> str:
    """What the coach reads for one rubric item: the participant's answer in a readable form,
    with what it is about (exercise 5's explanation comes with the canvas it explains).
    Every participant string is escaped."""
    view = _VIEWS.get(question_id)
    if view is not None:
        try:
            return view(answer, related or {})
        except Exception:  # a view is a courtesy: fall back to the plain answer
            pass
    if isinstance(answer, str):
        return _text(answer)
    return _HEAD.format("Their answer") + _answer_html(answer)


_OPEN: weakref.WeakSet[RubricGrader] = weakref.WeakSet()  # every grader shown, to keep counts true


class RubricGrader(w.VBox):
    """Score rubric items one by one, by participant or by item, saving each to the gradebook.

    Every save updates this grader's counts, every other grader open on the same gradebook
    (e.g. the notebook's two orders), and calls each function in ``on_save`` (the coach app
    uses it to refresh its step summaries)."""

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
        self.on_save: list[Callable[[RubricTask], None]] = []
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
        _OPEN.add(self)

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
                "<b>No rubric answers to score.</b> Grade the cohort first "
                "(the coach app's Grade button, or <code>cxkit grade</code>)."
            )
            for b in (self.prev_button, self.save_button, self.next_button, self.skip_button):
                b.disabled = True
            return False
        self.index = max(0, min(index, len(self.tasks) - 1))
        t = self.tasks[self.index]
        self.show_header()
        findings = "".join(f"<li>{html.escape(f)}</li>" for f in t.findings) or "<li>none</li>"
        related = self._answers.get(t.participant_id)
        self.body.value = (
            answer_view(t.question_id, t.answer, related)
            + f"<b>Checker's findings</b><ul>{findings}</ul>"
        )
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
                    f"Suggested by the checker: <b>level {level}</b>. {html.escape(why)} "
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

    def show_header(self) -> None:
        """Where the coach is in the list, how many items are scored, and the item's title."""
        t = self.task
        if t is None:
            return
        done = sum(1 for x in self.tasks if x.scored)
        left = len(self.tasks) - done
        review = (
            f" <span style='color:#b3261e'>⚠ review: {html.escape(t.review_reason)}</span>"
            if t.needs_review
            else ""
        )
        self.header.value = (
            f"<b>{self.index + 1} of {len(self.tasks)}</b> ({done} scored, {left} to go) — "
            f"<b>{html.escape(t.participant_id)}</b> — {html.escape(label_of(t.question_id))}"
            f"{review}<br><i>{html.escape(t.prompt)}</i>"
        )

    def saved_elsewhere(self, task: RubricTask) -> None:
        """Another grader on this gradebook saved a score: take it into this one's counts."""
        for t in self.tasks:
            if (t.participant_id, t.question_id) == (task.participant_id, task.question_id):
                t.levels.update(task.levels)
                t.comment, t.needs_review = task.comment, False
                self.show_header()
                if t is self.task:  # on screen here too: show the saved levels, keep any typing
                    for name, rb in self.level_widgets.items():
                        level = task.levels.get(name)
                        if level is not None and int(level) in {v for _, v in rb.options}:
                            rb.value = int(level)
                    if not self.comment.value.strip():
                        self.comment.value = task.comment
                    self.status.value = status_html("Scored (saved in the other list).", "ok")
                return

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
        self.show_header()
        self.status.value = status_html(
            f"Saved ✓ {t.participant_id}: {label_of(t.question_id)}, in the cohort's gradebook.",
            "ok",
        )
        for other in list(_OPEN):
            if other is not self and other.gradebook.resolve() == self.gradebook.resolve():
                other.saved_elsewhere(t)
        for callback in self.on_save:
            # A summary that fails to refresh must not undo or hide a saved score.
            with contextlib.suppress(Exception):
                callback(t)
        return True


def rubric_grader(
    gradebook: Path | str, order: str = "participant", grader: str = "coach"
) -> RubricGrader:
    """The rubric-scoring widget for a gradebook ('participant' or 'item' order)."""
    return RubricGrader(gradebook, order, grader)


def _points(x: float) -> str:
    """Points as a coach reads them: whole numbers plain, anything else to one decimal."""
    x = round(float(x), 1)
    return f"{x:,.0f}" if x == int(x) else f"{x:,.1f}"


def cohort_table(gradebook: Path | str) -> Any:
    """Where the cohort stands, as a table a coach reads: one row per participant, each
    exercise's points with its maximum in the header ("Exercise 1 (of 10)"), the total as
    points of the maximum ("81 of 138"), and what is left to do. Plain headers, no index."""
    import pandas as pd

    from cxkit.plots.tables import course_table

    with Gradebook(gradebook, readonly=True) as gb:
        results = gb.results()
        flags = gb.open_flags()
    exercises = sorted({i["exercise"] for p in results for i in p["items"]})

    def title(ex: str) -> str:
        head = ex.split("_", 1)[0]
        return f"Exercise {int(head)}" if head.isdigit() else _part_name(ex)

    rows, maxima = [], {}
    for p in results:
        got: dict[str, list[float]] = {}
        for i in p["items"]:
            acc = got.setdefault(i["exercise"], [0.0, 0.0])
            acc[0] += i["final"] or 0.0
            acc[1] += i["max_points"] or 0.0
        for ex in exercises:
            maxima.setdefault(ex, set()).add(round(got.get(ex, [0, 0])[1], 1))
        rows.append((p, got))
    same = {ex: len(m) == 1 for ex, m in maxima.items()}
    head = {
        ex: f"{title(ex)} (of {_points(next(iter(maxima[ex])))})" if same[ex] else title(ex)
        for ex in exercises
    }
    table = []
    for p, got in rows:
        row: dict[str, Any] = {"Participant": p["participant_id"]}
        for ex in exercises:
            points, top = got.get(ex, [0.0, 0.0])
            row[head[ex]] = _points(points) if same[ex] else f"{_points(points)} of {_points(top)}"
        total, top = p["total"], p["max_total"]
        row["Total points"] = f"{_points(total)} of {_points(top)}"
        row["Rubric items to score"] = p["pending"]
        row["Flagged for review"] = sum(1 for k in flags if k[0] == p["participant_id"])
        row["Notes when handed in"] = p.get("notes") or ""
        table.append(row)
    df = pd.DataFrame(table, columns=["Participant", *head.values(), "Total points",
                                      "Rubric items to score", "Flagged for review",
                                      "Notes when handed in"])  # fmt: skip
    return (
        course_table(
            df,
            caption=(
                "Points per exercise, out of the maximum in each header. A rubric item you have "
                "not scored yet counts as 0 points until you score it."
            ),
        )
        .set_properties(subset=["Notes when handed in"], **{"min-width": "9em"})
        .set_properties(subset=["Total points"], **{"white-space": "nowrap !important"})
    )
