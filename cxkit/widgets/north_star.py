"""The North Star scoring matrix: weights as sliders, scores per candidate, live ranking and chart.

In an exercise the matrix carries the whole answer: the weights, every score and the chosen
candidate are saved together as the participant works, and a re-run shows them again.
"""

from __future__ import annotations

import html
import re

import ipywidgets as w
import traitlets

from cxkit.concepts import north_star as ns
from cxkit.concepts.case_company import CATEGORIES
from cxkit.concepts.north_star import CRITERIA, NorthStarCandidate, NorthStarError
from cxkit.concepts.outcomes.measures import MeasureKind
from cxkit.widgets.base import EXERCISE, LESSON, AnswerSaver, preview_png, status_html
from cxkit.words import plural

NOT_SCORED = -1  # the score boxes' "—": not scored yet
_SCORE_OPTIONS = [("—", NOT_SCORED)] + [(str(v), v) for v in range(ns.SCORE_MIN, ns.SCORE_MAX + 1)]
_N_CRITERIA = len(CRITERIA)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "candidate"


class CandidateChoice(w.HBox):
    """One button per candidate; the chosen one is green with a ✓. Its value is the candidate id."""

    value = traitlets.Unicode("")

    def __init__(self) -> None:
        super().__init__(layout=w.Layout(flex_flow="row wrap"))
        self.add_class("cx-northstar-choice")
        self._buttons: dict[str, w.Button] = {}
        self._names: dict[str, str] = {}

    def set_options(self, names: dict[str, str], enabled: set[str]) -> None:
        """Show a button for each candidate (id → name); only the enabled ones can be chosen."""
        if list(names.items()) != list(self._names.items()):
            self._names = dict(names)
            self._buttons = {}
            for cid in names:
                b = w.Button(layout=w.Layout(width="auto", margin="0 6px 6px 0"))
                b.add_class("cx-northstar-choice-button")
                b.on_click(lambda _b, cid=cid: setattr(self, "value", cid))
                self._buttons[cid] = b
            self.children = list(self._buttons.values())
        for cid, b in self._buttons.items():
            b.disabled = cid not in enabled and cid != self.value
            b.tooltip = "" if cid in enabled else "Score it on every criterion first."
        self._paint()

    @traitlets.observe("value")
    def _on_value(self, _change: dict) -> None:
        self._paint()

    def _paint(self) -> None:
        for cid, b in self._buttons.items():
            chosen = cid == self.value
            b.description = ("✓ " if chosen else "") + self._names[cid]
            b.button_style = "success" if chosen else ""
            b.icon = ""
            if chosen:
                b.add_class("cx-chosen")
            else:
                b.remove_class("cx-chosen")


class ScoringMatrix(w.VBox):
    """Candidates × criteria: weight sliders, 0–5 scores, live ranking, chart and sensitivity."""

    def __init__(
        self,
        candidates: list[NorthStarCandidate] | None = None,
        weights: dict[str, float] | None = None,
        mode: str = LESSON,
        question_id: str | None = None,
        choice: str | None = None,
        scores: dict[str, dict[str, int]] | None = None,
    ) -> None:
        self.mode = mode
        self.saver = AnswerSaver(question_id or "north-star/choice", mode)
        self._saving = mode == EXERCISE and question_id is not None
        cands = list(candidates) if candidates is not None else ns.case_candidates()
        # What the boxes start with: the given scores, unless `scores` says otherwise.
        rows = [_row(c, c.scores if scores is None else scores.get(c.id, {})) for c in cands]
        wts = dict(ns.DEFAULT_WEIGHTS if weights is None else weights)
        saved = self.saver.load() if self._saving else None
        if saved is not None:
            try:  # a re-run shows what was saved, never a blank matrix
                draft = ns.read_draft(saved)
            except NorthStarError as exc:
                self.saver.status.value = status_html(f"Saved answer not loaded: {exc}", "bad")
            else:
                rows, wts, choice = _merge(rows, draft), draft.weights, draft.choice
        self.rows: list[dict] = rows
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
                layout=w.Layout(width="400px"),
                tooltip=c.question,
            )
            s.add_class("cx-northstar-weight")
            s.add_class(f"cx-northstar-weight-{c.id}")
            s.observe(self._changed, names="value")
            self.sliders[c.id] = s

        self.grid = w.VBox()
        self.grid.add_class("cx-northstar-scores")
        self.score_inputs: dict[str, dict[str, w.Dropdown]] = {}
        self.row_status: dict[str, w.HTML] = {}
        self.ranking = w.HTML()
        self.ranking.add_class("cx-northstar-ranking")
        self.sensitivity = w.HTML()
        self.sensitivity.add_class("cx-northstar-sensitivity")
        self.chart = w.Image(format="png", layout=w.Layout(max_width="760px"))
        self.chart.add_class("cx-northstar-chart")
        self.chart_note = w.HTML()
        self.chart_note.add_class("cx-northstar-chart-note")
        self.choice = CandidateChoice()
        self.choice.observe(self._choice_changed, names="value")
        self.feedback = w.HTML()
        self.feedback.add_class("cx-feedback")

        self.new_name = w.Text(placeholder="e.g. Claims paid within 10 days", description="Name:")
        self.new_name.add_class("cx-northstar-new-name")
        # One line under the name: does it read as an output, an outcome or an impact, and why.
        self.kind_hint = w.HTML()
        self.kind_hint.add_class("cx-northstar-kind-hint")
        self.new_name.observe(lambda _c: self._hint_kind(), names="value")
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
        self.choice.value = choice or ""
        weights_box = w.VBox(
            layout=w.Layout(width="420px"),
            children=[
                w.HTML(
                    "<b>Weights</b> (0 = ignore, 5 = matters most). They start equal, at 1: "
                    "raise the criteria that matter most to you."
                ),
                *self.sliders.values(),
            ],
        )
        add_box = w.VBox(
            [
                w.HTML("<b>Add a candidate of your own</b> (then score it in the table)"),
                w.HBox([self.new_name, self.new_kind]),
                self.kind_hint,
                w.HBox([self.new_category, self.add_button]),
                self.add_message,
            ]
        )
        super().__init__(
            [
                w.HTML(
                    "<b>Scores</b>: pick 0–5 for each candidate on each criterion (0 = fails "
                    "the test, 5 = passes it fully; hover a column title for its question). "
                    "“—” means not scored yet."
                ),
                self.grid,
                add_box,
                w.HBox(
                    [
                        weights_box,
                        w.VBox(
                            [self.ranking, self.sensitivity],
                            layout=w.Layout(width="540px", margin="0 0 0 16px"),
                        ),
                    ],
                    layout=w.Layout(flex_flow="row wrap"),
                ),
                self.chart_note,
                self.chart,
                w.HTML("<b>Your North Star</b>: press the candidate you choose."),
                self.choice,
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

    def _read_scores(self) -> None:
        for row in self.rows:
            boxes = self.score_inputs.get(row["id"], {})
            row["scores"] = {k: int(b.value) for k, b in boxes.items() if b.value != NOT_SCORED}

    @property
    def candidates(self) -> list[NorthStarCandidate]:
        """The candidates scored on every criterion (the ones that can be ranked and chosen)."""
        return [_candidate(r) for r in self.rows if len(r["scores"]) == _N_CRITERIA]

    def answer(self) -> dict:
        """The workbook form of the current weights, scores and choice."""
        self._read_scores()
        partly = [dict(r) for r in self.rows if 0 < len(r["scores"]) < _N_CRITERIA]
        return ns.choice_answer(self.candidates, self.weights, self.choice.value or "", partly)

    def fill(
        self,
        weights: dict[str, float] | None = None,
        scores: dict[str, dict[str, int]] | None = None,
        choice: str | None = None,
    ) -> None:
        """Set weights, scores and choice at once (as if typed in), then update and save."""
        self._quiet = True
        try:
            for k, v in (weights or {}).items():
                self.sliders[k].value = float(v)
            for cid, crits in (scores or {}).items():
                for k, v in crits.items():
                    self.score_inputs[cid][k].value = int(v)
            self._read_scores()
            self._refresh_row_status()
            if choice is not None:
                self.choice.value = choice
        finally:
            self._quiet = False
        self.update()

    # -- building --------------------------------------------------------------
    def _rebuild_grid(self) -> None:
        cell = "font-size:12px;line-height:1.2;text-align:center;hyphens:manual"
        head = w.HBox(
            [w.HTML("<b>Candidate</b>", layout=w.Layout(width="300px"))]
            + [
                w.HTML(
                    f"<div style='{cell}' title='{html.escape(c.question)}'>"
                    f"<b>{_breakable(c.name)}</b></div>",
                    layout=w.Layout(width="66px"),
                )
                for c in CRITERIA
            ]
            + [w.HTML("<b>Scored?</b>", layout=w.Layout(width="130px"))],
            layout=w.Layout(align_items="flex-end"),
        )
        lines = [head]
        self.score_inputs, self.row_status = {}, {}
        for row in self.rows:
            boxes = {}
            for c in CRITERIA:
                b = w.Dropdown(
                    options=_SCORE_OPTIONS,
                    value=row["scores"].get(c.id, NOT_SCORED),
                    layout=w.Layout(width="62px"),
                )
                b.add_class("cx-northstar-score")
                b.add_class(f"cx-northstar-score-{c.id}")
                b.observe(self._changed, names="value")
                boxes[c.id] = b
            self.score_inputs[row["id"]] = boxes
            label = w.HTML(
                f"<span style='line-height:1.2'>{html.escape(row['name'])} "
                f"<i style='color:#666;font-size:12px'>({row['kind']})</i></span>",
                layout=w.Layout(width="300px"),
            )
            status = w.HTML(layout=w.Layout(width="130px"))
            status.add_class("cx-northstar-row-status")
            self.row_status[row["id"]] = status
            line = w.HBox([label, *boxes.values(), status])
            line.add_class("cx-northstar-row")
            line.add_class(f"cx-northstar-row-{row['id']}")
            lines.append(line)
        self.grid.children = lines
        self._refresh_row_status()

    def _refresh_row_status(self) -> None:
        for row in self.rows:
            n = len(row["scores"])
            if n == _N_CRITERIA:
                text = status_html("✓ Scored", "ok")
            elif n == 0:
                text = status_html("Not scored yet", "muted")
            else:
                text = status_html(f"{n} of {_N_CRITERIA} scored", "warn")
            if self.row_status[row["id"]].value != text:
                self.row_status[row["id"]].value = text

    def add_candidate(self, name: str, kind: str = "outcome", category_id: str = "") -> None:
        """Add a participant's own candidate (not scored until they score it)."""
        name = (name or "").strip()
        if not name:
            raise NorthStarError("Type a name for the new candidate first.")
        if len(name) > 120:
            raise NorthStarError("Keep the candidate's name under 120 characters.")
        cid, n = _slug(name), 2
        base = cid
        while cid in {r["id"] for r in self.rows}:
            cid, n = f"{base}-{n}", n + 1
        self._read_scores()
        self.rows.append(
            {
                "id": cid,
                "name": name,
                "kind": MeasureKind(kind).value,
                "category_id": category_id,
                "need": "",
                "scores": {},
            }
        )
        self._rebuild_grid()
        self.update()

    def _hint_kind(self) -> None:
        from cxkit.concepts.outcomes.language import suggest_measure_kind

        kind, why = suggest_measure_kind(self.new_name.value)
        self.kind_hint.value = f"<small>{html.escape(why)}</small>" if kind else ""

    def add_from_form(self) -> None:
        """Add the candidate typed into the form, with a clear message if it cannot be added."""
        try:
            self.add_candidate(self.new_name.value, self.new_kind.value, self.new_category.value)
        except NorthStarError as exc:
            self.add_message.value = status_html(str(exc), "bad")
            return
        self.add_message.value = status_html(
            f"Added “{self.new_name.value.strip()}”: now score it in the table.", "ok"
        )
        self.new_name.value = ""

    # -- updating --------------------------------------------------------------
    def _changed(self, _change: dict) -> None:
        if not self._quiet:
            self.update()

    def _choice_changed(self, _change: dict) -> None:
        if self._quiet:
            return
        self._show_choice()
        self._save()

    def update(self, save: bool = True) -> None:
        """Re-rank, redraw the chart, restate the sensitivity, and save in exercise mode."""
        from cxkit.plots.north_star import ranking_chart

        self._read_scores()
        self._refresh_row_status()
        cands = self.candidates
        self._quiet, was = True, self._quiet
        try:
            self.choice.set_options({r["id"]: r["name"] for r in self.rows}, {c.id for c in cands})
        finally:
            self._quiet = was
        try:
            ranking = ns.rank(cands, self.weights) if cands else None
        except NorthStarError as exc:
            self.ranking.value = status_html(str(exc), "bad")
            self.sensitivity.value = ""
            self._hide_chart("No chart while every weight is 0: give a criterion some weight.")
            ranking = None
        else:
            self.ranking.value = _ranking_html(ranking, self.rows)
            self.sensitivity.value = _sensitivity_html(cands, self.weights, ranking)
            if ranking is None:
                self._hide_chart(
                    "No chart yet: it appears once a candidate is scored on all "
                    f"{_N_CRITERIA} criteria."
                )
            else:
                self._fig = ranking_chart(cands, self.weights, fig=self._fig)
                self.chart.value = preview_png(self._fig)
                self.chart.layout.display = None
                self.chart_note.value = ""
        self._show_choice(ranking)
        if save:
            self._save()

    def _hide_chart(self, note: str) -> None:
        self.chart.layout.display = "none"
        self.chart_note.value = status_html(note, "muted")

    def _save(self) -> None:
        if not self._saving:
            return
        from cxkit import questions

        value = self.answer()
        check = questions.get(self.saver.question_id).check(value)
        self.saver.save(value, check)

    def _show_choice(self, ranking=None) -> None:
        choice = self.choice.value
        names = {r["id"]: r["name"] for r in self.rows}
        if (
            not choice
        ):  # the line above the buttons says what to do; the save line says "Not started."
            self.feedback.value = ""
            return
        if choice not in {c.id for c in self.candidates}:
            self.feedback.value = status_html(
                f"You chose “{names.get(choice, choice)}”: score it on all {_N_CRITERIA} "
                "criteria so your choice can be checked against your ranking.",
                "warn",
            )
            return
        if self.mode == EXERCISE:  # exercises check completeness only; the coach grades
            self.feedback.value = status_html(
                f"Your North Star: “{names.get(choice, choice)}”.", "ok"
            )
            return
        ok, why = ns.choice_consistency(self.answer())
        self.feedback.value = status_html(why, "ok" if ok else "warn")


# Long single words in the narrow score columns break here (with a hyphen), never overlap.
_BREAKS = {
    "Understandable": "Under&shy;standable",
    "Measurable": "Measur&shy;able",
    "Actionable": "Action&shy;able",
}


def _breakable(name: str) -> str:
    text = html.escape(name)
    for word, soft in _BREAKS.items():
        text = text.replace(word, soft)
    return text


def _row(c: NorthStarCandidate, scores: dict[str, int]) -> dict:
    return {
        "id": c.id,
        "name": c.name,
        "kind": c.kind.value,
        "category_id": c.category_id,
        "need": c.need,
        "scores": {k: int(v) for k, v in scores.items() if k in ns.CRITERION_IDS},
    }


def _merge(rows: list[dict], draft: ns.Draft) -> list[dict]:
    """The given candidates with their saved scores, then the participant's own candidates."""
    saved = {d["id"]: d for d in draft.candidates}
    out = [dict(r, scores=dict(saved[r["id"]]["scores"])) if r["id"] in saved else r for r in rows]
    given = {r["id"] for r in rows}
    return out + [dict(d) for d in draft.candidates if d["id"] not in given]


def _candidate(row: dict) -> NorthStarCandidate:
    return NorthStarCandidate(
        row["id"], row["name"], row["kind"], row["scores"], row["category_id"], row["need"]
    )


_PAD = " style='text-align:left;padding:2px 8px'"


def _ranking_html(ranking, rows: list[dict]) -> str:
    body = []
    if ranking is not None:
        places = ns.rank_labels(ranking)
        for place, (_, r) in zip(places, ranking.iterrows(), strict=True):
            body.append(
                f"<tr><td{_PAD}>{html.escape(place)}</td>"
                f"<td{_PAD}>{html.escape(str(r['candidate']))}</td>"
                f"<td{_PAD}>{html.escape(str(r['kind']))}</td>"
                f"<td style='text-align:right;padding:2px 8px'>{r['score']:.2f}</td></tr>"
            )
    for row in rows:
        n = len(row["scores"])
        if n == _N_CRITERIA:
            continue
        todo = "Not scored yet" if n == 0 else f"{n} of {_N_CRITERIA} scored"
        body.append(
            f"<tr style='color:#666'><td{_PAD}>—</td><td{_PAD}>{html.escape(row['name'])}</td>"
            f"<td{_PAD}>{html.escape(row['kind'])}</td>"
            f"<td style='text-align:right;padding:2px 8px'>{todo}</td></tr>"
        )
    head = (
        f"<tr><th{_PAD}>Place</th><th{_PAD}>Candidate</th><th{_PAD}>Kind</th>"
        "<th style='text-align:right;padding:2px 8px'>Score (0–5)</th></tr>"
    )
    return (
        "<table class='cx-northstar-table' style='border-collapse:collapse;font-size:14px'>"
        f"{head}{''.join(body)}</table>"
    )


def _sensitivity_html(cands, weights, ranking) -> str:
    if ranking is None or len(cands) < 2:
        done = len(cands)
        text = (
            "Score at least two candidates on every criterion to see how sure the winner is"
            f" ({plural(done, 'candidate')} fully scored so far)."
        )
    else:
        text = ns.sensitivity_in_words(cands, weights)
    ties = ns.ties_in_words(ranking) if ranking is not None else ""
    tie_line = f"<p><b>Level scores:</b> {html.escape(ties)}</p>" if ties else ""
    return (
        "<div style='max-width:530px'><b>How sure is the winner?</b> "
        f"{html.escape(text)}{tie_line}</div>"
    )


def exercise_matrix(
    weights: dict[str, float] | None = None,
    scores: dict[str, dict[str, int]] | None = None,
    choice: str | None = None,
) -> ScoringMatrix:
    """Exercise 06's matrix: the five given candidates, not yet scored, saved as you work."""
    given = ns.exercise_candidates()
    # Participants score the candidates themselves: every box starts at "—" (not scored).
    return ScoringMatrix(given, weights, EXERCISE, "north-star/choice", choice, scores or {})
