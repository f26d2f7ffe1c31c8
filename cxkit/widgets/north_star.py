"""The North Star scoring matrix: weights as sliders, scores per candidate, live ranking and chart."""

from __future__ import annotations

import html
import io
import re
from typing import Any

import ipywidgets as w

from cxkit import north_star as ns
from cxkit.case_company import CATEGORIES
from cxkit.north_star import CRITERIA, NorthStarCandidate, NorthStarError
from cxkit.outcomes import MeasureKind
from cxkit.widgets.base import EXERCISE, LESSON, AnswerSaver, status_html


def figure_png(fig: Any) -> bytes:
    """A matplotlib Figure as PNG bytes (for an ipywidgets Image)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80)
    return buf.getvalue()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "candidate"


class ScoringMatrix(w.VBox):
    """Candidates × criteria: weight sliders, editable 0–5 scores, live ranking, chart and sensitivity."""

    def __init__(
        self,
        candidates: list[NorthStarCandidate] | None = None,
        weights: dict[str, float] | None = None,
        mode: str = LESSON,
        question_id: str | None = None,
        choice: str | None = None,
    ) -> None:
        self.mode = mode
        self.saver = AnswerSaver(question_id or "north-star/choice", mode)
        self._saving = mode == EXERCISE and question_id is not None
        cands = list(candidates) if candidates is not None else ns.case_candidates()
        wts = dict(ns.DEFAULT_WEIGHTS if weights is None else weights)
        saved = self.saver.load() if self._saving else None
        if saved is not None:
            try:  # a re-run shows what was saved, never a blank matrix
                cands, wts, choice = ns.parse_choice_answer(saved)
            except NorthStarError as exc:
                self.saver.status.value = status_html(f"Saved answer not loaded: {exc}", "bad")
        self.candidates: list[NorthStarCandidate] = cands
        self._fig = None
        self._quiet = True

        self.sliders: dict[str, w.FloatSlider] = {}
        for c in CRITERIA:
            s = w.FloatSlider(
                value=float(wts.get(c.id, 0.0)),
                min=0,
                max=ns.WEIGHT_MAX,
                step=0.5,
                description=c.name,
                continuous_update=False,
                style={"description_width": "150px"},
                layout=w.Layout(width="420px"),
                tooltip=c.question,
            )
            s.add_class("cx-northstar-weight")
            s.add_class(f"cx-northstar-weight-{c.id}")
            s.observe(self._changed, names="value")
            self.sliders[c.id] = s

        self.grid = w.VBox()
        self.grid.add_class("cx-northstar-scores")
        self.score_inputs: dict[str, dict[str, w.BoundedIntText]] = {}
        self.ranking = w.HTML()
        self.ranking.add_class("cx-northstar-ranking")
        self.sensitivity = w.HTML()
        self.sensitivity.add_class("cx-northstar-sensitivity")
        self.chart = w.Image(format="png", layout=w.Layout(max_width="760px"))
        self.chart.add_class("cx-northstar-chart")
        self.choice = w.Dropdown(description="Your choice:", style={"description_width": "100px"})
        self.choice.add_class("cx-northstar-choice")
        self.choice.observe(self._changed, names="value")
        self.feedback = w.HTML()
        self.feedback.add_class("cx-feedback")

        self.new_name = w.Text(placeholder="e.g. Claims paid within 10 days", description="Name:")
        self.new_name.add_class("cx-northstar-new-name")
        self.new_kind = w.Dropdown(
            options=[k.value for k in MeasureKind], value="outcome", description="Kind:"
        )
        self.new_category = w.Dropdown(
            options=[("(whole firm)", "")] + [(c.name, c.id) for c in CATEGORIES],
            description="Category:",
        )
        self.add_button = w.Button(description="Add candidate", icon="plus")
        self.add_button.add_class("cx-northstar-add")
        self.add_button.on_click(lambda _b: self.add_from_form())
        self.add_message = w.HTML()
        self.add_message.add_class("cx-northstar-add-message")

        self._rebuild_grid()
        self._refresh_choices(choice)
        weights_box = w.VBox(
            [w.HTML("<b>Weights</b> (0 = ignore, 5 = matters most)"), *self.sliders.values()]
        )
        add_box = w.VBox(
            [
                w.HTML("<b>Add a candidate</b> (scored 0 everywhere until you score it)"),
                w.HBox([self.new_name, self.new_kind]),
                w.HBox([self.new_category, self.add_button]),
                self.add_message,
            ]
        )
        super().__init__(
            [
                w.HBox([weights_box, w.VBox([self.ranking, self.sensitivity])]),
                self.chart,
                w.HTML("<b>Scores</b> (0 = fails the test, 5 = passes it fully)"),
                self.grid,
                add_box,
                w.HBox([self.choice]),
                self.feedback,
                self.saver.status,
            ]
        )
        self.add_class("cx-northstar")
        self._quiet = False
        self.update(save=False)

    # -- state -----------------------------------------------------------------
    @property
    def weights(self) -> dict[str, float]:
        """The weights the sliders show."""
        return {k: float(s.value) for k, s in self.sliders.items()}

    def _read_scores(self) -> list[NorthStarCandidate]:
        out = []
        for c in self.candidates:
            inputs = self.score_inputs.get(c.id)
            if inputs is None:
                out.append(c)
                continue
            scores = {k: int(box.value) for k, box in inputs.items()}
            out.append(
                NorthStarCandidate(c.id, c.name, c.kind, scores, c.category_id, c.need, c.note)
            )
        self.candidates = out
        return out

    def answer(self) -> dict:
        """The workbook form of the current weights, scores and choice."""
        return ns.choice_answer(self._read_scores(), self.weights, self.choice.value or "")

    # -- building --------------------------------------------------------------
    def _rebuild_grid(self) -> None:
        head = w.HBox(
            [w.HTML("<b>Candidate</b>", layout=w.Layout(width="260px"))]
            + [
                w.HTML(
                    f"<b title='{html.escape(c.question)}'>{html.escape(c.name)}</b>",
                    layout=w.Layout(width="92px"),
                )
                for c in CRITERIA
            ]
        )
        rows = [head]
        self.score_inputs = {}
        for cand in self.candidates:
            boxes = {}
            for c in CRITERIA:
                b = w.BoundedIntText(
                    value=cand.scores[c.id], min=0, max=5, layout=w.Layout(width="88px")
                )
                b.add_class("cx-northstar-score")
                b.add_class(f"cx-northstar-score-{c.id}")
                b.observe(self._changed, names="value")
                boxes[c.id] = b
            self.score_inputs[cand.id] = boxes
            label = w.HTML(
                f"{html.escape(cand.name)} <i style='color:#666'>({cand.kind.value})</i>",
                layout=w.Layout(width="260px"),
            )
            rows.append(w.HBox([label, *boxes.values()]))
        self.grid.children = rows

    def _refresh_choices(self, keep: str | None = None) -> None:
        keep = keep if keep is not None else self.choice.value
        self._quiet, was = True, self._quiet
        self.choice.options = [("(not chosen yet)", "")] + [(c.name, c.id) for c in self.candidates]
        self.choice.value = keep if keep in {c.id for c in self.candidates} else ""
        self._quiet = was

    def add_candidate(self, name: str, kind: str = "outcome", category_id: str = "") -> None:
        """Add a participant's own candidate (scored 0 until they score it)."""
        name = (name or "").strip()
        if not name:
            raise NorthStarError("Type a name for the new candidate first.")
        if len(name) > 120:
            raise NorthStarError("Keep the candidate's name under 120 characters.")
        cid, n = _slug(name), 2
        base = cid
        while cid in {c.id for c in self.candidates}:
            cid, n = f"{base}-{n}", n + 1
        self._read_scores()
        self.candidates.append(
            NorthStarCandidate(cid, name, kind, dict.fromkeys(ns.CRITERION_IDS, 0), category_id)
        )
        self._rebuild_grid()
        self._refresh_choices()
        self.update()

    def add_from_form(self) -> None:
        """Add the candidate typed into the form, with a clear message if it cannot be added."""
        try:
            self.add_candidate(self.new_name.value, self.new_kind.value, self.new_category.value)
        except NorthStarError as exc:
            self.add_message.value = status_html(str(exc), "bad")
            return
        self.add_message.value = status_html(
            f"Added {self.new_name.value.strip()!r}: now score it below.", "ok"
        )
        self.new_name.value = ""

    # -- updating --------------------------------------------------------------
    def _changed(self, _change: dict) -> None:
        if not self._quiet:
            self.update()

    def update(self, save: bool = True) -> None:
        """Re-rank, redraw the chart, restate the sensitivity, and save in exercise mode."""
        from cxkit.plots.north_star import ranking_chart

        cands = self._read_scores()
        try:
            ranking = ns.rank(cands, self.weights)
        except NorthStarError as exc:
            self.ranking.value = status_html(str(exc), "bad")
            self.sensitivity.value = ""
            return
        self.ranking.value = _ranking_html(ranking)
        self.sensitivity.value = (
            "<div style='max-width:520px'><b>How sure is the winner?</b> "
            f"{html.escape(ns.sensitivity_in_words(cands, self.weights))}</div>"
        )
        self._fig = ranking_chart(cands, self.weights, fig=self._fig)
        self.chart.value = figure_png(self._fig)
        self._show_choice(ranking)
        if save and self._saving:
            from cxkit import questions

            value = self.answer()
            check = questions.get(self.saver.question_id).check(value)
            self.saver.save(value, check)

    def _show_choice(self, ranking) -> None:
        choice = self.choice.value
        if not choice:
            self.feedback.value = status_html("Choose your North Star below the scores.", "warn")
            return
        if self.mode == EXERCISE:  # exercises check completeness only; the coach grades
            self.feedback.value = status_html("Choice recorded.", "ok")
            return
        ok, why = ns.choice_consistency(self.answer())
        self.feedback.value = status_html(why, "ok" if ok else "warn")


def _ranking_html(ranking) -> str:
    rows = "".join(
        f"<tr><td>{int(r['rank'])}</td><td>{html.escape(str(r['candidate']))}</td>"
        f"<td>{html.escape(str(r['kind']))}</td><td style='text-align:right'>{r['score']:.2f}</td></tr>"
        for _, r in ranking.iterrows()
    )
    return (
        "<table class='cx-northstar-table' style='border-collapse:collapse;font-size:14px'>"
        "<tr><th>Rank</th><th style='text-align:left'>Candidate</th><th>Kind</th><th>Score</th></tr>"
        f"{rows}</table>"
    )


def exercise_matrix(
    weights: dict[str, float] | None = None,
    scores: dict[str, dict[str, int]] | None = None,
    choice: str | None = None,
) -> ScoringMatrix:
    """Exercise 06's matrix: the five given candidates, saved to 'north-star/choice' as you work."""
    given = ns.exercise_candidates()
    scores = scores or {}
    # Participants score the candidates themselves: start from 0, or from the given scores.
    cands = [
        NorthStarCandidate(
            c.id,
            c.name,
            c.kind,
            scores.get(c.id, dict.fromkeys(ns.CRITERION_IDS, 0)),
            c.category_id,
            c.need,
        )
        for c in given
    ]
    return ScoringMatrix(cands, weights, EXERCISE, "north-star/choice", choice)
