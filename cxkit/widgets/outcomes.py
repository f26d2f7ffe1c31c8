"""Widgets for outputs versus outcomes: the classification quiz, the statement builder, the reframer.

Thin views: every judgement comes from cxkit.concepts.outcomes.measures; these only show it and save answers.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import ipywidgets as w

from cxkit import questions
from cxkit.concepts.outcomes.measures import (
    KINDS,
    OutcomeCheck,
    OutcomeStatement,
    check_outcome_statement,
    classify_feedback,
    measure,
    score_classification,
)
from cxkit.widgets.base import EXERCISE, LESSON, AnswerSaver, ChoiceButtons, status_html

KIND_LABELS = [("Output", "output"), ("Outcome", "outcome"), ("Impact", "impact")]
# The lesson quiz: the dashboard, the seed pairs, and a few customer-words measures.
LESSON_QUIZ_IDS: tuple[str, ...] = (
    "seed-answered-query",
    "seed-solved-problem",
    "seed-made-cars",
    "seed-sold-cars",
    "dash-aht",
    "dash-fcr",
    "case-no-repeat",
    "cust-back-on-road",
    "dash-nps",
    "dash-retention",
    "case-letters-sent",
    "case-failure-cost",
)


def figure_image(fig, width: str = "100%") -> w.Image:
    """A matplotlib Figure as an Image widget (works without any inline backend set up)."""
    from cxkit.plots.style import figure_png

    # Screen resolution: half the time of the print dpi.
    return w.Image(
        value=figure_png(fig, 72), format="png", layout=w.Layout(width=width, max_width="900px")
    )


class LabelGrid(w.VBox):
    """Items in rows, each with label buttons. Lesson mode explains each choice; exercise mode saves.

    ``judge(item_id, label) -> (correct, message)`` supplies the feedback in lesson mode.
    """

    def __init__(
        self,
        items: Sequence[tuple[str, str]],
        labels: Sequence[tuple[str, str]],
        judge: Callable[[str, str], tuple[bool, str]],
        css: str,
        mode: str = LESSON,
        question_id: str | None = None,
        noun: str = "items",
        on_complete: Callable[[dict[str, str]], w.Widget | None] | None = None,
    ) -> None:
        if mode == EXERCISE and not question_id:
            raise ValueError("In exercise mode a question_id is needed to save the answers.")
        self.items = list(items)
        self.mode = mode
        self.judge = judge
        self.noun = noun
        self.on_complete = on_complete
        self.saver = AnswerSaver(question_id or "lesson/none", mode)
        saved = self.saver.load({}) or {}
        valid = {v for _l, v in labels}
        self.buttons: dict[str, ChoiceButtons] = {}
        self.feedback: dict[str, w.HTML] = {}
        rows = []
        for item_id, text in self.items:
            start = saved.get(item_id) if isinstance(saved, dict) else None
            tb = ChoiceButtons(labels, start if start in valid else None)
            tb.add_class(f"{css}-choice")
            fb = w.HTML()
            fb.add_class(f"{css}-feedback")
            label = w.HTML(f"<b>{html.escape(text)}</b>", layout=w.Layout(width="100%"))
            row = w.VBox([label, tb, fb], layout=w.Layout(margin="0 0 0.6em 0"))
            row.add_class(f"{css}-row")
            self.buttons[item_id], self.feedback[item_id] = tb, fb
            rows.append(row)
        self.score = w.HTML()
        self.score.add_class(f"{css}-score")
        self.summary = w.VBox()
        self.summary.add_class(f"{css}-summary")
        for item_id, tb in self.buttons.items():
            tb.observe(lambda change, i=item_id: self._picked(i, change["new"]), names="value")
            if self.mode == LESSON and tb.value is not None:
                self._show_feedback(item_id, tb.value)
        super().__init__([self.score, *rows, self.summary, self.saver.status])
        self.add_class(css)
        self._update_score()

    def answers(self) -> dict[str, str]:
        """The labels chosen so far: item id -> label value."""
        return {i: tb.value for i, tb in self.buttons.items() if tb.value is not None}

    def _show_feedback(self, item_id: str, value: str) -> None:
        correct, message = self.judge(item_id, value)
        self.feedback[item_id].value = status_html(
            ("✓ " if correct else "✗ ") + message, "ok" if correct else "bad"
        )

    def _picked(self, item_id: str, value: str | None) -> None:
        if value is None:
            return
        if self.mode == LESSON:
            self._show_feedback(item_id, value)
        else:
            answers = self.answers()
            q = (
                questions.get(self.saver.question_id)
                if questions.is_known(self.saver.question_id)
                else None
            )
            self.saver.save(answers, q.check(answers) if q else None)
        self._update_score()

    def _update_score(self) -> None:
        answers = self.answers()
        n, total = len(answers), len(self.items)
        if self.mode == EXERCISE:
            self.score.value = status_html(f"{n} of {total} {self.noun} answered.", "muted")
            return
        right = sum(self.judge(i, v)[0] for i, v in answers.items())
        if not n:
            text = f"{total} {self.noun} to go: pick a button for each."
        elif n < total:
            text = f"{right} of {n} right so far; {total - n} still to go."
        else:
            text = f"{right} of {total} right."
        self.score.value = status_html(text, "ok" if n and right == n else "muted")
        if n == total and self.on_complete is not None:
            extra = self.on_complete(answers)
            self.summary.children = (extra,) if extra is not None else ()


def _measure_judge(measure_id: str, answer: str) -> tuple[bool, str]:
    fb = classify_feedback(measure_id, answer)
    return fb.correct, fb.message


class ClassificationQuiz(LabelGrid):
    """Output, outcome or impact? One row per measure, feedback with the reason, a summary chart."""

    def __init__(
        self,
        measure_ids: Sequence[str] | None = None,
        mode: str = LESSON,
        question_id: str | None = None,
    ) -> None:
        if measure_ids is None and question_id and questions.is_known(question_id):
            measure_ids = questions.get(question_id).items
        ids = list(measure_ids or LESSON_QUIZ_IDS)
        items = [(mid, measure(mid).name) for mid in ids]
        super().__init__(
            items,
            KIND_LABELS,
            _measure_judge,
            "cx-outcomes-quiz",
            mode,
            question_id,
            noun="measures",
            on_complete=self._summary_chart,
        )

    def _summary_chart(self, answers: dict[str, str]) -> w.Widget:
        from cxkit.plots.outcomes import classification_results

        score = score_classification(answers, [i for i, _t in self.items])
        missed = {k: score.by_kind[k]["wrong"] for k in KINDS}
        worst = max(missed, key=missed.get)
        tip = (
            f"Most of your misses were {worst}s: re-read their reasons above."
            if missed[worst]
            else "All right. Now try the same on your own team's dashboard."
        )
        return w.VBox(
            [figure_image(classification_results(score)), w.HTML(status_html(tip, "muted"))]
        )


def classification_quiz(
    measure_ids: Sequence[str] | None = None, mode: str = LESSON, question_id: str | None = None
) -> ClassificationQuiz:
    """The output/outcome/impact quiz: lesson mode explains each answer; exercise mode saves them."""
    return ClassificationQuiz(measure_ids, mode, question_id)


# --------------------------------------------------------------------------
# The outcome statement builder
# --------------------------------------------------------------------------

_PART_COLOURS = {
    "direction": "#dbe8f7",
    "metric": "#fde7c8",
    "object of control": "#d8f0df",
    "context": "#eadcf5",
}


def highlight_parts(check: OutcomeCheck) -> str:
    """The statement as escaped HTML with each part the checker found shaded and labelled."""
    text = check.text
    spans = sorted((start, end, name) for name, start, end in check.spans)
    out, pos = [], 0
    for start, end, name in spans:
        if start < pos:
            continue  # overlapping parts: show the first
        out.append(html.escape(text[pos:start]))
        out.append(
            f'<span title="{name}" style="background:{_PART_COLOURS[name]};padding:1px 3px;'
            f'border-radius:3px">{html.escape(text[start:end])}'
            f'<sub style="color:#555;font-size:70%"> {name}</sub></span>'
        )
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def findings_html(check: OutcomeCheck) -> str:
    """The checker's findings as an escaped checklist: ✓ what is there, ✗ what to fix."""
    if not check.text:
        return status_html(check.summary, "muted")
    colour = {"maybe": "#9a6700", "fix": "#b3261e"}
    items = "".join(
        f'<li style="color:{colour.get(f.tone, "#1b7a3a" if f.ok else "#b3261e")}">{f.mark} '
        f"{html.escape(f.message)}</li>"
        for f in check.findings
    )
    tone = "ok" if check.well_formed else "warn"
    return f'{status_html(check.summary, tone)}<ul style="margin:0.3em 0;padding-left:1.2em">{items}</ul>'


class OutcomeStatementBuilder(w.VBox):
    """Type an outcome statement (or build it from four parts) and see the checker's feedback live."""

    def __init__(
        self,
        mode: str = LESSON,
        question_id: str | None = None,
        measure_id: str | None = None,
        on_change: Callable[[str], None] | None = None,
        value: str = "",
    ) -> None:
        self.on_change = on_change
        self.saver = AnswerSaver(question_id or "lesson/none", mode if question_id else LESSON)
        saved = self.saver.load(None)
        header = []
        if measure_id:
            m = measure(measure_id)
            header.append(
                w.HTML(
                    f"<b>Reframe:</b> {html.escape(m.name)} <i>({m.kind.value})</i> — say the "
                    "result the customer wants, the way they would say it."
                )
            )
        self.text = w.Textarea(
            value=saved if isinstance(saved, str) else value,
            placeholder="e.g. Minimise the time it takes to get my claim settled after an accident",
            continuous_update=True,
            layout=w.Layout(width="100%", height="4.5em"),
        )
        self.text.add_class("cx-outcomes-builder-text")
        # Optional helpers: four boxes that assemble a sentence the participant can take over.
        self.direction = w.Dropdown(options=["", "Minimise", "Increase"], description="Direction")
        self.metric = w.Combobox(
            options=["the time it takes", "the number of times", "the likelihood that"],
            placeholder="the time it takes",
            description="Metric",
        )
        self.object = w.Text(placeholder="to get my claim settled", description="Object")
        self.context = w.Text(placeholder="after an accident", description="Context")
        self.assembled = w.HTML()
        self.use = w.Button(description="Use these parts", icon="arrow-up")
        self.use.add_class("cx-outcomes-builder-use")
        helpers = w.VBox(
            [self.direction, self.metric, self.object, self.context, self.assembled, self.use]
        )
        self.helpers = w.Accordion(children=[helpers], selected_index=None)
        self.helpers.set_title(0, "Need a start? Build it from the four parts")
        self.statement = w.HTML()
        self.statement.add_class("cx-outcomes-builder-statement")
        self.feedback = w.HTML()
        self.feedback.add_class("cx-outcomes-builder-feedback")
        self.note = w.HTML()
        for part in (self.direction, self.metric, self.object, self.context):
            part.observe(self._parts_changed, names="value")
        self.use.on_click(self._use_parts)
        self.text.observe(self._text_changed, names="value")
        super().__init__(
            [
                *header,
                self.text,
                self.helpers,
                self.statement,
                self.feedback,
                self.note,
                self.saver.status,
            ]
        )
        self.add_class("cx-outcomes-builder")
        self._render(self.text.value)
        self._parts_changed()

    def parts_statement(self) -> OutcomeStatement:
        """The statement the four helper boxes assemble."""
        return OutcomeStatement(
            self.direction.value, self.metric.value, self.object.value, self.context.value
        )

    def _parts_changed(self, _change: dict | None = None) -> None:
        text = self.parts_statement().text
        self.assembled.value = (
            f"<i>Assembled:</i> {html.escape(text)}" if text else "<i>Fill in the parts above.</i>"
        )

    def _use_parts(self, _button: w.Button) -> None:
        new = self.parts_statement().text
        old = self.text.value.strip()
        if not new:
            return
        if old and old != new:  # never lose what the participant typed
            self.note.value = status_html(f"Your earlier text was: {old}", "muted")
        self.text.value = new

    def _render(self, text: str) -> OutcomeCheck:
        check = check_outcome_statement(text)
        self.statement.value = (
            f'<div style="font-size:115%;margin:0.3em 0"><b>Your statement:</b> '
            f"{highlight_parts(check)}</div>"
            if check.text
            else ""
        )
        self.feedback.value = findings_html(check)
        return check

    def _text_changed(self, change: dict) -> None:
        text = change["new"]
        self._render(text)
        if self.on_change is not None:
            self.on_change(text)
        q = self.saver.question_id
        self.saver.save(text, questions.get(q).check(text) if questions.is_known(q) else None)


def check_statement(text: str | None) -> w.HTML:
    """The checker's verdict on one statement: the parts shaded, then what to fix."""
    c = check_outcome_statement(text)
    shaded = f"<div style='font-size:115%'>{highlight_parts(c)}</div>" if c.text else ""
    out = w.HTML(shaded + findings_html(c))
    out.add_class("cx-outcomes-check")
    return out


def outcome_builder(mode: str = LESSON, question_id: str | None = None) -> OutcomeStatementBuilder:
    """The outcome statement builder: free text, optional four-part helpers, live checker feedback."""
    return OutcomeStatementBuilder(mode, question_id)


class ReframeExercise(w.VBox):
    """One builder per output measure; all statements saved together as {measure id: statement}."""

    def __init__(self, question_id: str, mode: str = EXERCISE) -> None:
        self.question = questions.get(question_id)
        self.saver = AnswerSaver(question_id, mode)
        saved = self.saver.load({}) or {}
        self.builders: dict[str, OutcomeStatementBuilder] = {}
        for mid in self.question.items:
            start = saved.get(mid, "") if isinstance(saved, dict) else ""
            self.builders[mid] = OutcomeStatementBuilder(
                LESSON,
                None,
                mid,
                on_change=self._changed,
                value=start if isinstance(start, str) else "",
            )
        boxes = []
        for i, b in enumerate(self.builders.values(), start=1):
            boxes.append(w.HTML(f"<h4 style='margin:0.8em 0 0.2em'>Statement {i}</h4>"))
            boxes.append(b)
        super().__init__([*boxes, self.saver.status])
        self.add_class("cx-outcomes-reframe")

    def answers(self) -> dict[str, str]:
        """The statements typed so far: measure id -> text (empty ones left out)."""
        return {mid: b.text.value for mid, b in self.builders.items() if b.text.value.strip()}

    def _changed(self, _text: str) -> None:
        value = self.answers()
        self.saver.save(value, self.question.check(value))


def reframe_exercise(question_id: str, mode: str = EXERCISE) -> ReframeExercise:
    """The graded reframing question: three builders saved under one question id."""
    return ReframeExercise(question_id, mode)


def measure_reasons(measure_ids: Sequence[str]) -> w.HTML:
    """A small escaped table of measures with their kind and why (for lessons and coaches)."""
    rows = "".join(
        f"<tr><td>{html.escape(measure(i).name)}</td><td><b>{measure(i).kind.value}</b></td>"
        f"<td>{html.escape(measure(i).why)}</td></tr>"
        for i in measure_ids
    )
    return w.HTML("<table><tr><th>Measure</th><th>Kind</th><th>Why</th></tr>" + rows + "</table>")


__all__ = [
    "ClassificationQuiz",
    "LabelGrid",
    "OutcomeStatementBuilder",
    "ReframeExercise",
    "check_statement",
    "classification_quiz",
    "figure_image",
    "findings_html",
    "highlight_parts",
    "measure_reasons",
    "outcome_builder",
    "reframe_exercise",
]
