"""The NPS explorer: shape a score distribution, see its NPS, its interval and a same-NPS twin."""

from __future__ import annotations

import html

import ipywidgets as w
import numpy as np

from cxkit import nps as N
from cxkit.widgets.base import LESSON, status_html
from cxkit.widgets.north_star import figure_png

PRESETS = {
    "Polarised (love it or hate it)": N.POLARISED,
    "Lukewarm (nearly everyone 'fine')": N.LUKEWARM,
    "Small survey (40 answers)": np.array([2, 0, 1, 1, 1, 2, 3, 6, 8, 9, 7]),
}


class NpsExplorer(w.VBox):
    """Eleven sliders, one per answer 0–10: NPS, its bootstrap interval, and the comparison chart."""

    def __init__(self, counts: np.ndarray | None = None, mode: str = LESSON) -> None:
        self.mode = mode
        start = np.asarray(N.POLARISED if counts is None else counts, dtype=int)
        self.preset = w.Dropdown(
            options=["(your own)", *PRESETS], value="(your own)", description="Start from:"
        )
        self.preset.add_class("cx-nps-preset")
        self.preset.observe(self._load_preset, names="value")
        self.sliders = []
        for score in range(11):
            s = w.IntSlider(
                value=int(start[score]),
                min=0,
                max=400,
                orientation="vertical",
                description=str(score),
                continuous_update=False,
                layout=w.Layout(width="54px", height="200px"),
            )
            s.add_class("cx-nps-count")
            s.observe(lambda _c: self.update(), names="value")
            self.sliders.append(s)
        self.result = w.HTML()
        self.result.add_class("cx-nps-result")
        self.chart = w.Image(format="png", layout=w.Layout(max_width="900px"))
        self.chart.add_class("cx-nps-chart")
        self._busy = False
        super().__init__(
            [
                self.preset,
                w.HTML(
                    "Drag each bar: how many customers gave that answer (0 = not at all "
                    "likely to recommend, 10 = extremely likely)."
                ),
                w.HBox(self.sliders),
                self.result,
                self.chart,
            ]
        )
        self.add_class("cx-nps")
        self.update()

    @property
    def counts(self) -> np.ndarray:
        """The current counts for answers 0..10."""
        return np.array([s.value for s in self.sliders])

    def _load_preset(self, change: dict) -> None:
        if change["new"] in PRESETS:
            self._busy = True
            for s, v in zip(self.sliders, PRESETS[change["new"]], strict=True):
                s.value = int(v)
            self._busy = False
            self.update()

    def update(self) -> None:
        """Recompute NPS and its interval and redraw (a clear message when every count is 0)."""
        if self._busy:
            return
        from cxkit.plots.nps import distributions

        c = self.counts
        try:
            ci = N.bootstrap_ci(c, n_boot=4000)
        except N.NpsError as exc:
            self.result.value = status_html(str(exc), "bad")
            return
        d, pa, p = N.shares(c)
        self.result.value = (
            f"<p style='font-size:16px'><b>{html.escape(ci.in_words())}</b><br>"
            f"Detractors {d:.0%}, passives {pa:.0%}, promoters {p:.0%}.</p>"
        )
        twin = _same_nps_twin(c)
        surveys = [("Your distribution", c)]
        if twin is not None:
            surveys.append(("Same NPS, different customers", twin))
        self.chart.value = figure_png(distributions(*surveys))


def _same_nps_twin(c: np.ndarray) -> np.ndarray | None:
    """A lukewarm or polarised distribution of the same size with the same NPS (None if none fits)."""
    n = int(c.sum())
    d, _, p = N.shares(c)
    net = round((p - d) * n)  # promoters minus detractors in the twin
    twin = np.zeros(11, dtype=int)
    polarised = (d + p) < 0.6  # a calm survey gets a polarised twin, and vice versa
    spare = n - abs(net)
    extremes = spare // 2 if polarised else 0
    pro = max(net, 0) + extremes
    det = max(-net, 0) + extremes
    if pro + det > n:
        return None
    twin[10], twin[0] = pro, det
    if not polarised:
        twin[9], twin[10] = pro, 0
        twin[6], twin[0] = det, 0
    twin[8] = n - pro - det
    return twin
