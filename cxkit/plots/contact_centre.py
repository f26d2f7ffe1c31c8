"""Figures for lesson 3: failure demand on the log, the AHT paradox, the simulator, the triple crown."""

from __future__ import annotations

import io
import math
import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from cxkit.concepts.case_company import CURRENCY
from cxkit.concepts.contact_centre.centre import CentreSnapshot
from cxkit.concepts.contact_centre.failure_demand import FCR_METHOD_LABELS, TRULY_RESOLVED_LABEL
from cxkit.concepts.contact_centre.triple_crown import TripleCrownResult
from cxkit.plots.style import (
    ACCENT,
    BAD,
    GOOD,
    NEUTRAL,
    course_style,
    figure_png,
    new_figure,
    styled,
)

VALUE_COLOUR, FAILURE_COLOUR, REPEAT_COLOUR = GOOD, BAD, "#e08a00"
ASA_CAP_SECONDS = 300.0  # the speed-of-answer chart stops here; beyond is "off the chart"


def _pct_axis(ax, axis: str = "y") -> None:
    from matplotlib.ticker import PercentFormatter

    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(PercentFormatter(1.0, decimals=0))


@styled
def demand_split_figure(summary: pd.DataFrame, title: str | None = None) -> Figure:
    """Value versus failure demand: share of contacts and share of cost, side by side."""
    fig = new_figure(10, 4.2)
    ax = fig.subplots()
    rows = ["Contacts", "Agent cost"]
    value = [summary.loc["value", "share"], summary.loc["value", "cost"] / summary["cost"].sum()]
    fail = [1 - value[0], 1 - value[1]]
    y = np.array([1, 0])  # contacts on top
    ax.barh(y, value, color=VALUE_COLOUR, label="Value demand")
    ax.barh(y, fail, left=value, color=FAILURE_COLOUR, label="Failure demand")
    for i in range(2):
        ax.text(
            value[i] / 2,
            y[i],
            f"{value[i]:.0%}",
            ha="center",
            va="center",
            color="white",
            fontsize=14,
        )
        ax.text(
            value[i] + fail[i] / 2,
            y[i],
            f"{fail[i]:.0%}",
            ha="center",
            va="center",
            color="white",
            fontsize=14,
        )
    ax.set_yticks(y, rows)
    ax.set_xlim(0, 1)
    _pct_axis(ax, "x")
    ax.set_xlabel("Share of the log")
    cost = summary.loc["failure", "cost"]
    ax.set_title(
        title
        or f"{fail[0]:.0%} of contacts are failure demand, costing {CURRENCY}{cost:,.0f} in the log"
    )
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=2, frameon=False)
    return fig


@styled
def failure_pareto_figure(pareto: pd.DataFrame, title: str = "Pareto of failure demand") -> Figure:
    """Failure reasons, largest first, with the cumulative share line."""
    fig = new_figure(11, 5.8)
    ax = fig.subplots()
    x = np.arange(len(pareto))
    colours = [REPEAT_COLOUR if c == "repeat-chasing" else FAILURE_COLOUR for c in pareto.index]
    ax.bar(x, pareto["contacts"], color=colours)
    ax.set_xticks(x, pareto["label"], rotation=30, ha="right")
    ax.set_ylabel("Failure-demand contacts")
    ax.set_title(title)
    ax2 = ax.twinx()
    ax2.plot(x, pareto["cumulative_share"], color=ACCENT, marker="o", lw=2)
    ax2.set_ylim(0, 1.05)
    ax2.axhline(0.8, color=NEUTRAL, ls="--", lw=1)
    _pct_axis(ax2)
    ax2.set_ylabel("Cumulative share", color=ACCENT)
    ax2.spines["right"].set_visible(True)
    return fig


@styled
def fcr_three_ways_figure(table: pd.DataFrame, truth: float | None = None) -> Figure:
    """First-call resolution measured three ways (and the truth, if known): they disagree."""
    fig = new_figure(10, 4.5)
    ax = fig.subplots()
    labels = [FCR_METHOD_LABELS.get(m, m) for m in table.index]
    values = list(table["fcr"])
    colours = [NEUTRAL] * len(values)
    if truth is not None:
        labels.append(textwrap.fill(TRULY_RESOLVED_LABEL, 24))
        values.append(truth)
        colours.append(GOOD)
    y = np.arange(len(values))[::-1]
    ax.barh(y, values, color=colours)
    for yi, v in zip(y, values, strict=True):
        ax.text(v + 0.01, yi, f"{v:.1%}", va="center", fontsize=13)
    ax.set_yticks(y, labels)
    ax.set_xlim(0, 1.12)
    _pct_axis(ax, "x")
    ax.set_xlabel("First-call resolution (FCR)")
    spread = max(table["fcr"]) - min(table["fcr"])
    ax.set_title(f"One measure, three answers: {100 * spread:.0f} points apart")
    return fig


@styled
def repeats_by_window_figure(rates: pd.Series) -> Figure:
    """Repeat-contact rate for several windows of N days."""
    fig = new_figure(9, 4.5)
    ax = fig.subplots()
    ax.plot(rates.index, rates.values, marker="o", color=FAILURE_COLOUR, lw=2.5)
    for x, v in rates.items():
        ax.annotate(f"{v:.0%}", (x, v), textcoords="offset points", xytext=(0, 8), ha="center")
    ax.set_xlabel("Window N (days after the previous contact)")
    ax.set_ylabel("Contacts that are repeats")
    ax.set_ylim(0, max(rates.max() * 1.25, 0.05))
    _pct_axis(ax)
    ax.set_title("Repeat contacts within N days: the answer depends on N")
    return fig


@styled
def aht_pressure_figure(table: pd.DataFrame) -> Figure:
    """The AHT paradox: measured AHT falls while workload and customer effort rise."""
    fig = new_figure(12, 5)
    ax1, ax2 = fig.subplots(1, 2)
    p = table.index.to_numpy()
    for col, label, colour in (
        ("measured_aht_seconds", "Measured AHT (dashboard)", NEUTRAL),
        ("agent_hours", "Total agent hours", BAD),
        ("contacts_per_need", "Contacts per customer need", REPEAT_COLOUR),
    ):
        ax1.plot(
            p, 100 * table[col] / table[col].iloc[0], marker="o", lw=2.5, color=colour, label=label
        )
    ax1.axhline(100, color="#cccccc", lw=1)
    ax1.set_xlabel("AHT pressure (0 = none, 1 = managed hard)")
    ax1.set_ylabel("Index (no pressure = 100)")
    ax1.set_title("AHT 'improves', the work grows")
    ax1.legend(loc="upper left", frameon=False)
    ax2.plot(p, table["agent_flag_fcr"], marker="o", lw=2.5, color=NEUTRAL, label="Agent's tick")
    ax2.plot(
        p,
        table["first_contact_resolution"],
        marker="o",
        lw=2.5,
        color=GOOD,
        label="Truly resolved first time",
    )
    ax2.set_ylim(0, 1)
    _pct_axis(ax2)
    ax2.set_xlabel("AHT pressure (0 = none, 1 = managed hard)")
    ax2.set_ylabel("First-call resolution")
    ax2.set_title("The dashboard cannot see it")
    ax2.legend(loc="lower left", frameon=False)
    return fig


def _nice_ceiling(x: float) -> float:
    """The next 'round' number at or above x (1, 1.5, 2, 3, 4, 5, 6, 8 × 10^k): axes stay put while values wobble."""
    if not math.isfinite(x) or x <= 0:
        return 1.0
    k = 10 ** math.floor(math.log10(x))
    return next(m * k for m in (1, 1.5, 2, 3, 4, 5, 6, 8, 10) if m * k >= x * (1 - 1e-12))


class _BlitFigure:
    """A figure whose slow parts are drawn once per set of axis limits; updates draw what moves.

    Each axes' static parts (frame, ticks, labels, legend) are rendered once per distinct set of
    its limits and cached as a picture of its part of the figure; an update puts those pictures
    back and draws only the animated artists (lines, bars, numbers, titles) on top. Text layout
    is most of a full draw, so this keeps a slider's redraw well under 100 ms.
    """

    _CACHE = 12  # pictures kept per axes (one per distinct set of its limits)

    def __init__(self, figure: Figure, dpi: int, blit: bool) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        self.figure, self.dpi, self.blit = figure, dpi, blit
        FigureCanvasAgg(figure)
        if blit:
            figure.set_dpi(dpi)  # the live picture is drawn at its own (lower) resolution
        self._dynamic: list = []
        self._cache: list[dict[tuple, object]] = []
        self._regions: list = []
        self._blank: list = []
        self.static_draws = 0  # how many axes had their static parts drawn (tests and benches)

    def _animate(self, *artists) -> None:
        for a in artists:
            if self.blit:
                a.set_animated(True)
            self._dynamic.append(a)

    def _lay_out(self) -> None:
        """Lay out once (constrained layout), then fix the axes and cut the figure into regions."""
        from matplotlib.transforms import Bbox

        canvas = self.figure.canvas
        canvas.draw()
        self.figure.set_layout_engine("none")
        renderer = canvas.get_renderer()
        axes = self.figure.axes
        tight = [ax.get_tightbbox(renderer) for ax in axes]
        spans = [ax.get_subplotspec() for ax in axes]
        width, height = self.figure.bbox.width, self.figure.bbox.height

        nrows, ncols = spans[0].get_gridspec().get_geometry()
        xs = [0.0]
        for k in range(1, ncols):
            left = [t.x1 for t, sp in zip(tight, spans, strict=True) if sp.colspan.stop == k]
            right = [t.x0 for t, sp in zip(tight, spans, strict=True) if sp.colspan.start == k]
            xs.append((max(left) + min(right)) / 2)
        xs.append(width)
        ys = [height]  # rows run top to bottom; display y runs bottom to top
        for k in range(1, nrows):
            above = [t.y0 for t, sp in zip(tight, spans, strict=True) if sp.rowspan.stop == k]
            below = [t.y1 for t, sp in zip(tight, spans, strict=True) if sp.rowspan.start == k]
            ys.append((min(above) + max(below)) / 2)
        ys.append(0.0)
        self._regions = [
            Bbox.from_extents(
                round(xs[sp.colspan.start]),
                round(ys[sp.rowspan.stop]),
                round(xs[sp.colspan.stop]),
                round(ys[sp.rowspan.start]),
            )
            for sp in spans
        ]
        renderer.clear()
        self.figure.patch.draw(renderer)
        self._blank = [canvas.copy_from_bbox(r) for r in self._regions]
        self._cache = [{} for _ in axes]

    def png(self) -> bytes:
        """The figure as PNG bytes (for an ipywidgets Image): static parts cached, moving parts drawn."""
        if not self.blit:
            return figure_png(self.figure, self.dpi)
        if not self._regions:
            self._lay_out()
        canvas = self.figure.canvas
        renderer = canvas.get_renderer()
        for ax, region, blank, cache in zip(
            self.figure.axes, self._regions, self._blank, self._cache, strict=True
        ):
            key = (ax.get_xlim(), ax.get_ylim())
            picture = cache.get(key)
            if picture is None:
                canvas.restore_region(blank)
                ax.draw(renderer)  # an axes leaves its animated artists out
                self.static_draws += 1
                picture = canvas.copy_from_bbox(region)
                if len(cache) >= self._CACHE:
                    cache.pop(next(iter(cache)))
                cache[key] = picture
        # Put every region back after drawing any of them: an axes' ink may cross its region.
        for ax, cache in zip(self.figure.axes, self._cache, strict=True):
            canvas.restore_region(cache[(ax.get_xlim(), ax.get_ylim())])
        for artist in self._dynamic:
            if artist.get_visible():
                self.figure.draw_artist(artist)
        return _encode_png(canvas)


def _encode_png(canvas) -> bytes:
    """The canvas's current pixels as PNG (a quick zlib level: the picture is redrawn often)."""
    from PIL import Image

    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="png", compress_level=1)
    return buf.getvalue()


class SimulatorFigure(_BlitFigure):
    """The simulator's four charts, built once and updated in place (so a slider redraw is quick)."""

    def __init__(
        self, width: float = 12.0, height: float = 7.5, dpi: int = 80, blit: bool = True
    ) -> None:
        with course_style():
            figure = new_figure(width, height)
            super().__init__(figure, dpi, blit)
            (a1, a2), (a3, a4) = figure.subplots(2, 2)
            self.axes = (a1, a2, a3, a4)
            (self.sl_line,) = a1.plot([], [], color=GOOD, lw=2.5, label="Service level")
            (self.occ_line,) = a1.plot([], [], color=ACCENT, lw=2.5, label="Occupancy")
            self.sl_target = a1.axhline(0.8, color=NEUTRAL, ls="--", lw=1)
            self.agents_line1 = a1.axvline(0, color="black", lw=1.5)
            (self.sl_dot,) = a1.plot([], [], "o", color=GOOD, ms=10)
            a1.set_ylim(0, 1.02)
            _pct_axis(a1)
            a1.set_xlabel("Agents on shift")
            a1.set_ylabel("Share of calls / of agents' time")
            a1.legend(loc="lower right", frameon=False)
            (self.asa_line,) = a2.plot([], [], color=BAD, lw=2.5)
            self.agents_line2 = a2.axvline(0, color="black", lw=1.5)
            (self.asa_dot,) = a2.plot([], [], "o", color=BAD, ms=10)
            self.asa_note = a2.text(0.5, 0.9, "", transform=a2.transAxes, ha="center", color=BAD)
            a2.set_ylim(0, ASA_CAP_SECONDS)
            a2.set_xlabel("Agents on shift")
            a2.set_ylabel("Seconds before an agent answers")
            self.contact_bars = a3.barh(
                [2, 1, 0], [0, 0, 0], color=[VALUE_COLOUR, FAILURE_COLOUR, REPEAT_COLOUR]
            )
            a3.set_yticks(
                [2, 1, 0], ["Value demand", "Failure demand", "Repeats from\nAHT pressure"]
            )
            a3.set_xlabel("Contacts per hour")
            self.contact_labels = [a3.text(0, y, "", va="center") for y in (2, 1, 0)]
            self.cost_bars = a4.bar(
                [0, 1, 2], [0, 0, 0], color=[VALUE_COLOUR, FAILURE_COLOUR, NEUTRAL]
            )
            a4.set_xticks(
                [0, 1, 2], ["Work on\nvalue demand", "Work on\nfailure demand", "Paid agents"]
            )
            a4.set_ylabel("Cost per hour")
            a4.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{CURRENCY}{v:,.0f}"))
            self.cost_labels = [a4.text(x, 0, "", ha="center", va="bottom") for x in (0, 1, 2)]
            self._animate(
                self.sl_line, self.occ_line, self.agents_line1, self.sl_dot,
                self.asa_line, self.agents_line2, self.asa_dot, self.asa_note,
                *self.contact_bars, *self.contact_labels, *self.cost_bars, *self.cost_labels,
                *(ax.title for ax in self.axes),
            )  # fmt: skip

    def update(self, snap: CentreSnapshot) -> None:
        """Redraw every chart from a CentreSnapshot (artists are reused, nothing is rebuilt)."""
        with course_style():  # titles set now must get the course's sizes
            self._update(snap)

    def _update(self, snap) -> None:
        a1, a2, a3, a4 = self.axes
        x = snap.curve_agents
        n = snap.settings.agents
        s = snap.staffing
        self.sl_line.set_data(x, snap.curve_service_level)
        self.occ_line.set_data(x, snap.curve_occupancy)
        for line in (self.agents_line1, self.agents_line2):
            line.set_xdata([n, n])
        self.sl_dot.set_data([n], [s.service_level])
        a1.set_xlim(x[0], x[-1])
        a1.set_title(
            f"Service level {s.service_level:.0%} in {s.target_answer_seconds:g} s, "
            f"occupancy {s.occupancy:.0%}"
        )
        asa = np.where(np.isfinite(snap.curve_asa), snap.curve_asa, np.nan)
        self.asa_line.set_data(x, np.minimum(asa, ASA_CAP_SECONDS * 2))
        shown = min(s.average_speed_of_answer, ASA_CAP_SECONDS)
        self.asa_dot.set_data([n], [shown])
        a2.set_xlim(x[0], x[-1])
        if math.isinf(s.average_speed_of_answer):
            a2.set_title("Speed of answer: the queue never clears")
            self.asa_note.set_text(f"{s.traffic:.1f} Erlangs of work for {n} agents")
        else:
            a2.set_title(f"Average speed of answer {s.average_speed_of_answer:.0f} s")
            self.asa_note.set_text(
                "off the chart" if s.average_speed_of_answer > ASA_CAP_SECONDS else ""
            )
        counts = [snap.value_contacts, snap.failure_contacts, max(snap.pressure_repeats, 0.0)]
        top = _nice_ceiling(max(max(counts), 1.0) * 1.2)
        for bar, label, v in zip(self.contact_bars, self.contact_labels, counts, strict=True):
            bar.set_width(v)
            label.set_position((v + top * 0.015, bar.get_y() + bar.get_height() / 2))
            label.set_text(f"{v:.0f}")
        a3.set_xlim(0, top)
        a3.set_title(
            f"{snap.contacts_per_hour:.0f} contacts this hour, {snap.failure_demand_share:.0%} failure"
        )
        value_cost = snap.work_cost_per_hour - snap.failure_cost_per_hour
        costs = [value_cost, snap.failure_cost_per_hour, snap.paid_cost_per_hour]
        ctop = _nice_ceiling(max(max(costs), 1.0) * 1.15)
        for bar, label, v in zip(self.cost_bars, self.cost_labels, costs, strict=True):
            bar.set_height(v)
            label.set_position((bar.get_x() + bar.get_width() / 2, v + ctop * 0.015))
            label.set_text(f"{CURRENCY}{v:,.0f}")
        a4.set_ylim(0, ctop)
        a4.set_title(f"Cost per need met {CURRENCY}{snap.cost_per_need:.2f}")


def simulator_figure(snap: CentreSnapshot) -> Figure:
    """The simulator's four charts for one snapshot, as a Figure (drawn whole, not blitted)."""
    sim = SimulatorFigure(blit=False)
    sim.update(snap)
    return sim.figure


def _improvement(before: float, after: float, lower_is_better: bool) -> float:
    """Relative change in the good direction (+ better); a cleared queue counts as +100%."""
    if math.isinf(before) and math.isinf(after):
        return 0.0
    if math.isinf(before):
        return 1.0 if lower_is_better else -1.0
    if math.isinf(after):
        return -1.0 if lower_is_better else 1.0
    if before == 0:
        return 0.0
    change = (after - before) / abs(before)
    return -change if lower_is_better else change


def _wait_note(before: float, after: float) -> str:
    if math.isinf(before) and math.isinf(after):
        return "queue never clears, before or after"
    if math.isinf(before):
        return f"queue cleared: {after:.0f} s"
    if math.isinf(after):
        return "queue no longer clears"
    return ""


_CROWN_ROWS = (  # (crown, what the customer/firm sees, CrownState field, lower is better)
    ("customer", "Contacts per need", "contacts_per_need", True),
    ("customer", "Peak wait", "peak_wait_seconds", True),
    ("customer", "Resolved first time", "first_contact_resolution", False),
    ("cost", "Cost a month", "cost_per_month", True),
    ("revenue", "Revenue a year", "revenue_per_year", False),
)


class TripleCrownFigure(_BlitFigure):
    """Each crown's figures as % better (green) or worse (red); built once, updated in place."""

    def __init__(self, dpi: int = 80, blit: bool = True) -> None:
        with course_style():
            figure = new_figure(11, 5.2)
            super().__init__(figure, dpi, blit)
            ax = self.ax = figure.subplots()
            y = np.arange(len(_CROWN_ROWS))[::-1]
            self.bars = ax.barh(y, np.zeros(len(y)), color=NEUTRAL)
            ax.set_yticks(y, [f"{name}\n({crown} crown)" for crown, name, _f, _l in _CROWN_ROWS])
            ax.axvline(0, color="black", lw=1)
            ax.set_xlabel("Change in the right direction (%; right = better)")
            self.labels = [ax.text(0, yi, "", va="center") for yi in y]
            ax.set_title("Change\nverdicts")  # two lines: the layout keeps room for both
            self._animate(*self.bars, *self.labels, ax.title)

    def update(self, result: TripleCrownResult) -> None:
        """Show one calculator result."""
        with course_style():
            self._update(result)

    def _update(self, result: TripleCrownResult) -> None:
        b, a = result.before, result.after
        vals = np.array(
            [_improvement(getattr(b, f), getattr(a, f), low) for _c, _n, f, low in _CROWN_ROWS]
        )
        lim = _nice_ceiling(max(10.0, 100 * np.abs(vals).max() * 1.3))
        self.ax.set_xlim(-lim, lim)
        wait_note = _wait_note(b.peak_wait_seconds, a.peak_wait_seconds)
        for i, (bar, label, v) in enumerate(zip(self.bars, self.labels, vals, strict=True)):
            bar.set_width(100 * v)
            bar.set_color(GOOD if v > 1e-9 else BAD if v < -1e-9 else NEUTRAL)
            y = bar.get_y() + bar.get_height() / 2
            inside = abs(v) * 100 > lim * 0.55  # a long bar carries its label inside, in white
            step = lim * 0.02 * (1 if v >= 0 else -1) * (-1 if inside else 1)
            label.set_position((100 * v + step, y))
            label.set_horizontalalignment(("left" if v >= 0 else "right") if not inside else
                                          ("right" if v >= 0 else "left"))  # fmt: skip
            label.set_color("white" if inside else "black")
            text = "no change" if abs(v) < 5e-4 else f"{100 * v:+.1f}%"
            label.set_text(wait_note if i == 1 and wait_note else text)
        verdicts = "   ".join(
            f"{c.name.capitalize()}: {'PASS' if c.passed else 'FAIL'}" for c in result.crowns
        )
        won = "triple crown WON" if result.all_pass else "triple crown not won"
        self.ax.set_title(f"{result.change.describe()}\n{verdicts}  →  {won}")


def triple_crown_figure(result: TripleCrownResult) -> Figure:
    """Each crown's figures as % better (green) or worse (red), with PASS/FAIL per crown."""
    fig = TripleCrownFigure(blit=False)
    fig.update(result)
    return fig.figure
