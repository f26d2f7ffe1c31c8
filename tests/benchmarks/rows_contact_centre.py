"""Lesson 3 rows: the simulator's and the triple-crown calculator's redraws, and failure-demand
analysis on a million contacts."""

from __future__ import annotations

import random
import tracemalloc
from collections import Counter

from bench import Row, median_time

from cxkit.concepts.contact_centre import failure_demand as fd
from cxkit.concepts.contact_centre.centre import case_settings, simulate_centre, with_changes
from cxkit.concepts.contact_centre.contact_log import generate_contact_log
from cxkit.concepts.contact_centre.triple_crown import Change, triple_crown
from cxkit.plots.contact_centre import SimulatorFigure, triple_crown_figure
from cxkit.plots.style import figure_png

N_CONTACTS = 1_000_000


def _analyse(log) -> tuple:
    """The lesson's whole analysis, as cxkit does it (vectorised pandas/NumPy)."""
    return (
        fd.failure_demand_share(log),
        fd.failure_demand_cost(log, 0.75),
        int(fd.is_repeat_contact(log, 7).sum()),
        fd.failure_pareto(log)["contacts"].to_dict(),
        fd.fcr_three_ways(log)["fcr"].round(12).to_list(),
    )


def _columns(log) -> dict[str, list]:
    """The log as plain Python lists (prepared outside the timing, to be fair to the loop)."""
    return {
        "failure": (log["demand"] == "failure").tolist(),
        "handle": log["handle_s"].tolist(),
        "customer": log["customer_id"].astype(str).tolist(),
        "ts": log["timestamp"]
        .to_numpy(dtype="datetime64[s]")
        .astype("int64")
        .tolist(),  # in time order
        "code": log["reason_code"].astype(str).tolist(),
        "flag": log["resolved_flag"].tolist(),
        "survey": log["survey_resolved"]
        .astype(object)
        .where(log["survey_resolved"].notna(), None)
        .tolist(),
    }


def _loop(cols: dict[str, list]) -> tuple:
    """The same analysis as a plain-Python loop over the rows."""
    n = len(cols["failure"])
    fails = minutes = repeats = 0
    pareto: Counter = Counter()
    last_seen: dict[str, int] = {}
    last_row: dict[str, int] = {}
    followed = [False] * n
    week = 7 * 86400
    for i in range(n):
        c, t = cols["customer"][i], cols["ts"][i]
        if cols["failure"][i]:
            fails += 1
            minutes += cols["handle"][i] / 60
            pareto[cols["code"][i]] += 1
        if c in last_seen and t - last_seen[c] <= week:
            repeats += 1
            followed[last_row[c]] = True
        last_seen[c], last_row[c] = t, i
    answered = [s for s in cols["survey"] if s is not None]
    fcr = [
        sum(cols["flag"]) / n,
        1 - sum(followed) / n,
        sum(answered) / len(answered),
    ]
    return fails / n, minutes * 0.75, repeats, dict(pareto), [round(x, 12) for x in fcr]


def _peak_mb(fn) -> float:
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def _slider_moves(n: int, seed: int = 3) -> list[tuple[str, float]]:
    """A participant's session: n moves spread over all five sliders, to fresh values."""
    rng = random.Random(seed)
    ranges = {
        "agents": lambda: rng.randint(30, 90),
        "volume": lambda: rng.randrange(100, 300, 5),
        "failure": lambda: round(rng.uniform(0.1, 0.8), 2),
        "pressure": lambda: round(rng.uniform(0, 1) * 20) / 20,
        "aht": lambda: rng.randrange(200, 700, 10),
    }
    return [(name, ranges[name]()) for name in (rng.choice(list(ranges)) for _ in range(n))]


_SETTING = {
    "agents": "agents",
    "volume": "value_demand_per_hour",
    "failure": "failure_demand_share",
    "pressure": "aht_pressure",
    "aht": "aht_seconds",
}


def _crown_moves(n: int, seed: int = 4) -> list[tuple[str, float]]:
    """Calculator moves: change kind, size and churn sensitivity, in a random order."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        what = rng.choice(("kind", "amount", "sensitivity"))
        if what == "kind":
            out.append((what, rng.choice(["remove-failure-demand", "cut-aht-by-fixing-process"])))
        elif what == "amount":
            out.append((what, round(rng.uniform(0.05, 0.5), 2)))
        else:
            out.append((what, round(rng.uniform(0, 0.06) / 0.005) * 0.005))
    return out


def rows(repeat: int) -> list[Row]:
    """Widget interactions against a full redraw; analysis of 1M contacts against a loop."""
    from cxkit.widgets.contact_centre import ContactCentreSimulator, TripleCrownCalculator

    n_moves = max(20, 8 * repeat)  # one sample per move; medians over a whole session
    # Simulator: the widget as a participant moves it (model + both tables + redraw to PNG),
    # against the same moves drawn the old way (model + the whole figure redrawn to PNG).
    moves = _slider_moves(n_moves)
    widget = ContactCentreSimulator()
    sliders = {"agents": widget.agents, "volume": widget.volume, "failure": widget.failure,
               "pressure": widget.pressure, "aht": widget.aht}  # fmt: skip
    it = iter(range(10**9))

    def move_widget() -> None:
        name, value = moves[next(it) % len(moves)]
        sliders[name].value = value

    # The old way, as it was: laid out once and then frozen, the whole figure saved each move.
    full = SimulatorFigure(blit=False)
    full.update(simulate_centre(case_settings()))
    full.figure.canvas.draw()
    full.figure.set_layout_engine("none")
    state = {"settings": case_settings()}

    def full_redraw() -> None:
        name, value = moves[next(it) % len(moves)]
        state["settings"] = with_changes(state["settings"], **{_SETTING[name]: value})
        full.update(simulate_centre(state["settings"]))
        figure_png(full.figure, 80)

    upd = median_time(move_widget, n_moves, warmup=0)
    reb = median_time(full_redraw, n_moves)

    # Triple-crown calculator: the widget (model + verdict cards + redraw) against building a
    # new figure for each result (what it did before).
    crown_moves = _crown_moves(n_moves)
    calc = TripleCrownCalculator()
    parts = {"kind": calc.kind, "amount": calc.amount, "sensitivity": calc.sensitivity}

    def move_crown() -> None:
        what, value = crown_moves[next(it) % len(crown_moves)]
        parts[what].value = value

    def crown_rebuild() -> None:
        what, value = crown_moves[next(it) % len(crown_moves)]
        amount = value if what == "amount" else 0.3
        figure_png(triple_crown_figure(triple_crown(Change("remove-failure-demand", amount))), 80)

    crown = median_time(move_crown, n_moves, warmup=0)
    crown_base = median_time(crown_rebuild, n_moves)

    log = generate_contact_log(N_CONTACTS, seed=1)
    cols = _columns(log)
    fast, slow = _analyse(log), _loop(cols)
    assert fast[2] == slow[2] and fast[3] == slow[3], "vectorised and loop disagree"
    assert abs(fast[0] - slow[0]) < 1e-12 and abs(fast[1] - slow[1]) < 1e-6
    vec = median_time(lambda: _analyse(log), repeat)
    loop = median_time(lambda: _loop(cols), max(1, min(repeat, 3)), warmup=0)
    vec_mb, loop_mb = _peak_mb(lambda: _analyse(log)), _peak_mb(lambda: _loop(cols))
    n = f"{len(log):,} contacts"
    return [
        Row(
            "simulator slider move (model + tables + redraw to PNG)",
            upd,
            "s",
            "same moves, whole figure redrawn (before)",
            reb,
            note=f"median of {n_moves} moves over all five sliders",
        ),
        Row(
            "triple-crown calculator move (model + verdict + redraw)",
            crown,
            "s",
            "new figure per result",
            crown_base,
            note=f"median of {n_moves} moves: kind, size, churn sensitivity",
        ),
        Row(
            f"failure-demand analysis, {n} (share, cost, repeats, Pareto, FCR x3)",
            vec,
            "s",
            "plain-Python loop over rows",
            loop,
            note="loop gets its input as ready-made lists",
        ),
        Row(
            f"failure-demand analysis peak memory, {n}",
            vec_mb,
            "MB",
            "plain-Python loop",
            loop_mb,
            note="tracemalloc peak during the analysis; log itself excluded",
        ),
    ]
