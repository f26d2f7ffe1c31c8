"""The NPS explorer: shape a score distribution, see its NPS, its interval and a same-NPS twin."""

from __future__ import annotations

import html

import ipywidgets as w
import numpy as np

from cxkit.concepts import nps as N
from cxkit.widgets.base import EXERCISE, LESSON, AnswerSaver, preview_png, status_html

PRESETS = {
    "Polarised (love it or hate it)": N.POLARISED,
    "Lukewarm (nearly everyone 'fine')": N.LUKEWARM,
    "Small survey (40 answers)": np.array([2, 0, 1, 1, 1, 2, 3, 6, 8, 9, 7]),
}


_DPI = 80  # the explorer's chart is shown at exactly this many pixels per inch
_GROUP_STRIP = (
    ("Detractors (answered 0–6)", 7, "#b3261e"),
    ("Passives", 2, "#6b7280"),
    ("Promoters", 2, "#1b7a3a"),
)


def _slider_top(counts: np.ndarray) -> int:
    """A slider range with room above the tallest count, so the handles sit mid-track."""
    tallest = int(max(counts.max(), 1))
    step = 10 if tallest < 100 else 50
    return int(max(20, step * np.ceil(tallest * 1.6 / step)))


class NpsExplorer(w.VBox):
    """Eleven sliders, one under each bar 0–10: NPS, its bootstrap interval, and a same-NPS twin.

    The chart's first panel is drawn in a fixed frame (:data:`cxkit.plots.nps.EXPLORER_FRAME`)
    and shown at its own size, so each answer's slider sits directly under that answer's bar,
    coloured as its group. The sliders' range follows the survey's size, so the handles sit
    where they can be dragged both ways.
    """

    def __init__(self, counts: np.ndarray | None = None, mode: str = LESSON) -> None:
        from cxkit.plots.nps import EXPLORER_FRAME, GROUP_COLOURS

        self.mode = mode
        start = np.asarray(N.POLARISED if counts is None else counts, dtype=int)
        frame = EXPLORER_FRAME
        slot = frame.panel * _DPI / 11
        self.preset = w.Dropdown(
            options=["(your own)", *PRESETS], value="(your own)", description="Start from:"
        )
        self.preset.add_class("cx-nps-preset")
        self.preset.observe(self._load_preset, names="value")
        top = _slider_top(start)
        self.sliders = []
        for score in range(11):
            s = w.IntSlider(
                value=int(start[score]),
                min=0,
                max=top,
                orientation="vertical",
                description="",
                continuous_update=False,
                style={"handle_color": GROUP_COLOURS[score]},
                layout=w.Layout(width=f"{slot:.2f}px", height="170px", margin="0"),
            )
            s.add_class("cx-nps-count")
            s.add_class(f"cx-nps-count-{score}")
            s.observe(self._moved, names="value")
            self.sliders.append(s)
        self.result = w.HTML()
        self.result.add_class("cx-nps-result")
        width = round(frame.width * _DPI)
        self.chart = w.Image(
            format="png", layout=w.Layout(width=f"{width}px", min_width=f"{width}px")
        )
        self.chart.add_class("cx-nps-chart")
        under = w.Layout(padding=f"0 0 0 {frame.left * _DPI:.2f}px", margin="0")
        row = w.HBox(self.sliders, layout=under)
        row.add_class("cx-nps-sliders")
        strip = w.HBox(
            [
                w.HTML(
                    f"<div style='border-top:4px solid {colour};color:{colour};"
                    f"font-weight:bold;text-align:center;font-size:14px;white-space:nowrap'>"
                    f"{html.escape(name)}</div>",
                    layout=w.Layout(width=f"{n * slot - 4:.2f}px", margin="0 2px"),
                )
                for name, n, colour in _GROUP_STRIP
            ],
            layout=w.Layout(padding=f"0 0 0 {frame.left * _DPI:.2f}px", margin="0"),
        )
        side = w.HTML(
            "<div style='font-size:14px;color:#444;padding-left:24px;max-width:330px'>"
            "Each slider is <b>how many customers</b> gave the answer on the bar above it "
            "(0 = not at all likely to recommend, 10 = extremely likely). The chart on the "
            "right has the same NPS but very different customers.</div>"
        )
        self._busy = False
        self._fig = None
        super().__init__(
            [
                self.preset,
                self.result,
                self.chart,
                w.HBox([w.VBox([row, strip]), side], layout=w.Layout(align_items="center")),
            ]
        )
        self.add_class("cx-nps")
        self.update()

    @property
    def counts(self) -> np.ndarray:
        """The current counts for answers 0..10."""
        return np.array([s.value for s in self.sliders])

    def _fit_range(self, counts: np.ndarray) -> None:
        top = _slider_top(counts)
        for s in self.sliders:
            if s.max != top:
                s.max = top

    def _moved(self, _change: dict) -> None:
        if self._busy:
            return
        c = self.counts
        if c.max() >= 0.95 * self.sliders[0].max:  # dragged to the top: make room above
            self._busy = True
            self._fit_range(c)
            self._busy = False
        self.update()

    def _load_preset(self, change: dict) -> None:
        if change["new"] in PRESETS:
            self._busy = True
            counts = np.asarray(PRESETS[change["new"]], dtype=int)
            for s in self.sliders:  # widen first, so no value is clipped to the old range
                s.max = max(s.max, int(counts.max()))
            for s, v in zip(self.sliders, counts, strict=True):
                s.value = int(v)
            self._fit_range(counts)
            self._busy = False
            self.update()

    def update(self) -> None:
        """Recompute NPS and its interval and redraw (a clear message when every count is 0)."""
        if self._busy:
            return
        from cxkit.plots.nps import EXPLORER_FRAME, distributions

        c = self.counts
        try:
            ci = N.bootstrap_ci(c, n_boot=4000)
        except N.NpsError as exc:
            self.result.value = status_html(str(exc), "bad")
            return
        d, pa, p = N.shares(c)
        self.result.value = (
            f"<p style='font-size:17px;margin:4px 0'><b>{html.escape(ci.in_words())}</b><br>"
            f"Detractors {d:.0%}, passives {pa:.0%}, promoters {p:.0%}.</p>"
        )
        twin = _same_nps_twin(c)
        if twin is None:  # no same-NPS twin of this size: the right panel repeats yours
            twin = c
        surveys = [("Your distribution", c), ("Same NPS, different customers", twin)]
        self._fig = distributions(*surveys, fig=self._fig, frame=EXPLORER_FRAME)
        self.chart.value = preview_png(self._fig, _DPI)


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


class NpsCalculator(w.VBox):
    """Count the three groups, see the NPS worked out, and type this month's NPS (saved).

    The calculator is the lesson's own formula over counts the participant reads off the
    survey: detractors answered 0–6, passives 7–8, promoters 9–10. The answer box takes the
    NPS in points (−100 to +100) and, in an exercise, saves it to ``question_id`` together
    with the three counts typed beside it (``{"nps": …, "counts": {…}}``), so a re-run shows
    the counts and the working again; only the NPS is graded.
    """

    def __init__(
        self,
        mode: str = LESSON,
        question_id: str | None = None,
        expected_total: int | None = None,
        works_it_out: bool = True,
    ) -> None:
        from cxkit.questions.ex08_initiatives import saved_counts, typed_nps

        self.mode = mode
        self.expected_total = expected_total
        # In a lesson the calculator works the NPS out; in the exercise that is the answer, so
        # it only checks the counts and shows the formula with them in it.
        self.works_it_out = works_it_out
        self.saver = AnswerSaver(question_id or "initiatives/exercise-nps", mode)
        self._saving = mode == EXERCISE and question_id is not None
        saved = self.saver.load() if self._saving else None
        restored = saved_counts(saved)
        self.counts: dict[str, w.BoundedIntText] = {}
        rows = []
        for key, label in _GROUPS:
            box = w.BoundedIntText(
                value=restored.get(key, 0),
                min=0,
                max=1_000_000,
                description=label,
                style={"description_width": "230px"},
                layout=w.Layout(width="360px"),
            )
            box.add_class(f"cx-nps-calc-{key}")
            box.observe(self._count_changed, names="value")
            self.counts[key] = box
            rows.append(box)
        self.working = w.HTML()
        self.working.add_class("cx-nps-calc-working")
        self.answer = w.Text(
            placeholder="e.g. 12 or -8",
            description="This month's NPS:",
            style={"description_width": "140px"},
            layout=w.Layout(width="280px"),
        )
        self.answer.add_class("cx-nps-answer")
        unit = w.HTML("<b>points</b> (from −100 to +100)")
        self.feedback = w.HTML()
        self.feedback.add_class("cx-feedback")
        points = typed_nps(saved)
        if isinstance(points, int | float) and not isinstance(points, bool):
            self.answer.value = f"{points:g}"
        self.answer.observe(self._answer_changed, names="value")
        super().__init__(
            [
                w.HTML(
                    "<b>NPS calculator</b>: count the answers in each group from the survey "
                    "above and type the three counts."
                ),
                *rows,
                self.working,
                w.HTML("<b>Your answer</b>"),
                w.HBox([self.answer, unit], layout=w.Layout(align_items="center")),
                self.feedback,
                self.saver.status,
            ]
        )
        self.add_class("cx-nps-calculator")
        self.calculate()
        if saved is not None:
            self._show_check(self.value)

    @property
    def value(self) -> float | None:
        """The typed NPS in points, or None while the box is empty or not a number."""
        return _parse_points(self.answer.value)

    @property
    def record(self) -> dict:
        """What the exercise saves: the typed NPS and the three counts beside it."""
        return {"nps": self.value, "counts": {k: int(b.value) for k, b in self.counts.items()}}

    def calculate(self) -> None:
        """Show the shares of the three groups and the NPS they give, step by step."""
        det, pas, pro = (int(self.counts[k].value) for k, _ in _GROUPS)
        n = det + pas + pro
        if n == 0:
            self.working.value = status_html(
                "Type the three counts to see the NPS worked out."
                if self.works_it_out
                else "Type the three counts to see the formula with your counts in it.",
                "muted",
            )
            return
        score = 100 * (pro - det) / n
        total = f"{n:,} answers counted"
        if self.expected_total is not None and n != self.expected_total:
            total += f" — the survey has {self.expected_total:,}: check your counts"
        if not self.works_it_out:
            self.working.value = (
                "<div style='font-size:15px;line-height:1.6'>"
                f"{html.escape(total)}: {pro:,} promoters, {pas:,} passives and "
                f"{det:,} detractors.<br>"
                "NPS = share of promoters − share of detractors, in points:<br>"
                f"NPS = {pro:,} ÷ {n:,} × 100 − {det:,} ÷ {n:,} × 100 = <b>?</b> "
                "(passives count only in the total). Work it out and type it below.</div>"
            )
            return
        self.working.value = (
            "<div style='font-size:15px;line-height:1.6'>"
            f"{html.escape(total)}.<br>"
            f"Promoters {pro:,} of {n:,} = <b>{pro / n:.1%}</b>; "
            f"detractors {det:,} of {n:,} = <b>{det / n:.1%}</b>; "
            f"passives {pas:,} ({pas / n:.1%}) do not count.<br>"
            f"NPS = {pro / n:.1%} − {det / n:.1%} = <b>{score:+.1f} points</b></div>"
        )

    def _count_changed(self, _change: dict) -> None:
        self.calculate()
        value = self.value
        if value is not None:  # keep the saved counts in step with the answer beside them
            check = self._show_check(value)
            if check.complete:
                self._save(check)

    def _answer_changed(self, _change: dict) -> None:
        text = self.answer.value.strip()
        value = self.value
        if not text:
            self.feedback.value = status_html("Type the NPS in points, e.g. 12 or -8.", "muted")
            return
        if value is None:
            self.feedback.value = status_html(
                "Type the NPS as a number of points, e.g. 12 or -8 (no % sign needed).", "bad"
            )
            return
        check = self._show_check(value)
        if check.complete:
            self._save(check)

    def _save(self, check) -> None:
        if not self._saving:
            return
        self.saver.save(self.record, check)

    def _show_check(self, value):
        from cxkit import questions

        if value is None:
            return None
        try:
            check = questions.get(self.saver.question_id).check(value)
        except KeyError:
            check = None
        if check is not None:  # the save line says it is in; only a problem is said here
            self.feedback.value = "" if check.complete else status_html(check.summary, "bad")
        return check or _AlwaysComplete()


class _AlwaysComplete:
    complete = True
    summary = ""


_GROUPS = (
    ("detractors", "Detractors (answered 0–6):"),
    ("passives", "Passives (answered 7–8):"),
    ("promoters", "Promoters (answered 9–10):"),
)


def _parse_points(text: str) -> float | None:
    """'12', '+12.5', '−8', '-8 points', '12%' → a number of points; None if not a number."""
    t = (text or "").strip().lower().replace("−", "-").replace(",", ".")
    for tail in ("points", "point", "pts", "%"):
        t = t.removesuffix(tail).strip()
    try:
        value = float(t)
    except ValueError:
        return None
    return value if np.isfinite(value) else None


def exercise_calculator(question_id: str = "initiatives/exercise-nps") -> NpsCalculator:
    """Exercise 08's NPS calculator and answer box, for this month's survey (saved as you type)."""
    return NpsCalculator(EXERCISE, question_id, expected_total=N.EXERCISE_N, works_it_out=False)
