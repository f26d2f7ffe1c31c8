"""Lesson 3 rows: the simulator's redraw, and failure-demand analysis on a million contacts."""

from __future__ import annotations

import io
import tracemalloc
from collections import Counter

from bench import Row, median_time

from cxkit import failure_demand as fd
from cxkit.contact_centre import case_settings, simulate_centre, with_changes
from cxkit.contact_log import generate_contact_log
from cxkit.plots.contact_centre import SimulatorFigure, simulator_figure

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


def rows(repeat: int) -> list[Row]:
    """Simulator update against rebuilding the figure; analysis of 1M contacts against a loop."""
    # Simulator: move the agents slider back and forth (model + redraw to PNG).
    base = case_settings()
    sim = SimulatorFigure()
    sim.update(simulate_centre(base))
    sim.png()
    agents = iter(range(10**9))

    def update_in_place() -> None:
        snap = simulate_centre(with_changes(base, agents=50 + next(agents) % 20))
        sim.update(snap)
        sim.png()

    def rebuild() -> None:
        snap = simulate_centre(with_changes(base, agents=50 + next(agents) % 20))
        simulator_figure(snap).savefig(io.BytesIO(), format="png", dpi=80)

    upd = median_time(update_in_place, repeat)
    reb = median_time(rebuild, repeat)

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
            "simulator update (model + redraw to PNG)",
            upd,
            "s",
            "rebuild the figure each time",
            reb,
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
