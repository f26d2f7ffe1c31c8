"""The five-mistakes self-assessment: a slider per mistake, the radar, and suggested next steps."""

from __future__ import annotations

import html

import ipywidgets as w

from cxkit.concepts.initiatives import (
    FIVE_MISTAKES,
    KESTREL_ASSESSMENT,
    RATING_LABELS,
    AssessmentError,
    SelfAssessment,
)
from cxkit.widgets.base import EXERCISE, LESSON, AnswerSaver, preview_png, status_html

NOT_RATED = 0  # an exercise's slider position before a rating is chosen
_GREY, _RATED = "#9aa0a6", "#2b6f77"


class FiveMistakes(w.VBox):
    """Rate yourselves 1–5 against each avoidable mistake; see the radar and what to do next.

    In a lesson every slider starts at 3 and the radar shows at once (an explorer). In an
    exercise each slider starts at "not rated yet" (its left end, grey), so an untouched widget
    looks untouched and a 3 is chosen like any other rating; the radar and the next steps appear
    once all five are rated. Only rated mistakes are saved: ``{"<mistake id>": 1..5}``.
    """

    def __init__(
        self, mode: str = LESSON, question_id: str | None = None, compare: bool = True
    ) -> None:
        self.saver = AnswerSaver(question_id or "initiatives/self-assessment", mode)
        self._saving = mode == EXERCISE and question_id is not None
        self.compare = compare
        self._fig = None
        self.unrated_start = mode == EXERCISE
        low = NOT_RATED if self.unrated_start else 1
        start = dict.fromkeys((m.id for m in FIVE_MISTAKES), low if self.unrated_start else 3)
        saved = self.saver.load() if self._saving else None
        if saved:
            if not isinstance(saved, dict):
                self.saver.status.value = status_html(
                    "Saved ratings not loaded: they are not five ratings 1–5.", "bad"
                )
            elif self.unrated_start:  # some may be rated and some not yet
                start.update(_valid_ratings(saved))
            else:
                try:
                    start = SelfAssessment(saved).ratings
                except AssessmentError as exc:
                    self.saver.status.value = status_html(f"Saved ratings not loaded: {exc}", "bad")
        self.sliders: dict[str, w.IntSlider] = {}
        rows = []
        for m in FIVE_MISTAKES:
            s = w.IntSlider(
                value=start[m.id],
                min=low,
                max=5,
                continuous_update=False,
                readout=False,
                layout=w.Layout(width="220px"),
            )
            s.add_class("cx-mistakes-rating")
            s.add_class(f"cx-mistakes-rating-{m.id}")
            label = w.HTML(layout=w.Layout(width="150px"))
            s.observe(lambda _c: self.update(), names="value")
            self.sliders[m.id] = s
            self._labels = getattr(self, "_labels", {})
            self._labels[m.id] = label
            rows.append(
                w.VBox(
                    [
                        w.HTML(
                            f"<b>{html.escape(m.title)}</b><br>"
                            f"<i style='color:#555'>{html.escape(m.ask_yourself)}</i>"
                        ),
                        w.HBox([s, label]),
                    ]
                )
            )
        self.radar = w.Image(format="png", layout=w.Layout(max_width="620px"))
        self.radar.add_class("cx-mistakes-radar")
        self.steps = w.HTML()
        self.steps.add_class("cx-mistakes-steps")
        super().__init__([w.HBox([w.VBox(rows), self.radar]), self.steps, self.saver.status])
        self.add_class("cx-mistakes")
        self.update(save=False)

    @property
    def ratings(self) -> dict[str, int]:
        """The mistakes rated so far (all five in a lesson), 1–5 each."""
        return {k: s.value for k, s in self.sliders.items() if s.value != NOT_RATED}

    @property
    def assessment(self) -> SelfAssessment:
        """The current ratings as a model object (all five must be rated)."""
        return SelfAssessment(self.ratings)

    def update(self, save: bool = True) -> None:
        """Redraw the radar and the next steps; save in exercise mode."""
        from cxkit.plots.initiatives import radar

        for k, s in self.sliders.items():
            rated = s.value != NOT_RATED
            self._labels[k].value = (
                f"{s.value} – {html.escape(RATING_LABELS[s.value])}"
                if rated
                else "<span style='color:#666'>not rated yet</span>"
            )
            s.style.handle_color = _RATED if rated else _GREY
        ratings = self.ratings
        if save and self._saving:
            self.saver.save(dict(ratings))
        if len(ratings) < len(self.sliders):
            left = len(self.sliders) - len(ratings)
            self.radar.layout.display = "none"
            self.steps.value = status_html(
                "Move each slider to your rating (1 = this is us, 5 = avoided); "
                f"the chart and the suggested next steps appear once all five are rated "
                f"({left} still to rate).",
                "muted",
            )
            return
        self.radar.layout.display = None
        a = SelfAssessment(ratings)
        self._fig = radar(a, KESTREL_ASSESSMENT if self.compare else None, fig=self._fig)
        self.radar.value = preview_png(self._fig)
        items = "".join(f"<li>{html.escape(s)}</li>" for s in a.next_steps())
        self.steps.value = (
            f"<p><b>{html.escape(a.in_words())}</b></p>"
            f"<b>{html.escape(a.next_steps_heading())}</b><ol>{items}</ol>"
        )


def _valid_ratings(saved: dict) -> dict[str, int]:
    """The saved ratings that are whole numbers 1–5 for one of the five mistakes."""
    ids = {m.id for m in FIVE_MISTAKES}
    return {
        k: int(v)
        for k, v in saved.items()
        if k in ids
        and isinstance(v, int | float)
        and not isinstance(v, bool)
        and float(v) == int(v)
        and 1 <= int(v) <= 5
    }
