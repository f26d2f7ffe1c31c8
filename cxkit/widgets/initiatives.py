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


class FiveMistakes(w.VBox):
    """Rate yourselves 1–5 against each avoidable mistake; see the radar and what to do next."""

    def __init__(
        self, mode: str = LESSON, question_id: str | None = None, compare: bool = True
    ) -> None:
        self.saver = AnswerSaver(question_id or "initiatives/self-assessment", mode)
        self._saving = mode == EXERCISE and question_id is not None
        self.compare = compare
        self._fig = None
        start = dict.fromkeys((m.id for m in FIVE_MISTAKES), 3)
        saved = self.saver.load() if self._saving else None
        if saved:
            try:
                start = SelfAssessment(saved).ratings
            except AssessmentError as exc:
                self.saver.status.value = status_html(f"Saved ratings not loaded: {exc}", "bad")
        self.sliders: dict[str, w.IntSlider] = {}
        rows = []
        for m in FIVE_MISTAKES:
            s = w.IntSlider(
                value=start[m.id],
                min=1,
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
    def assessment(self) -> SelfAssessment:
        """The current ratings as a model object."""
        return SelfAssessment({k: s.value for k, s in self.sliders.items()})

    def update(self, save: bool = True) -> None:
        """Redraw the radar and the next steps; save in exercise mode."""
        from cxkit.plots.initiatives import radar

        a = self.assessment
        for k, s in self.sliders.items():
            self._labels[k].value = f"{s.value} – {html.escape(RATING_LABELS[s.value])}"
        self._fig = radar(a, KESTREL_ASSESSMENT if self.compare else None, fig=self._fig)
        self.radar.value = preview_png(self._fig)
        items = "".join(f"<li>{html.escape(s)}</li>" for s in a.next_steps())
        self.steps.value = (
            f"<p><b>{html.escape(a.in_words())}</b></p>"
            f"<b>{html.escape(a.next_steps_heading())}</b><ol>{items}</ol>"
        )
        if save and self._saving:
            self.saver.save(dict(a.ratings))
