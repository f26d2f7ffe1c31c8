"""Lessons 6–7 rows: scoring-matrix update with redraw, landscape checks on a 10,000-node graph."""

from __future__ import annotations

import itertools

from bench import Row, median_time

from cxkit import landscape as cpl


def rows(repeat: int) -> list[Row]:
    """Matrix update (re-rank, sensitivity, redraw) vs a full rebuild; one sweep vs per-activity search."""
    from cxkit.widgets.north_star import ScoringMatrix

    matrix = ScoringMatrix()
    weights = itertools.cycle([2.0, 1.0])

    def move_a_weight() -> None:
        matrix.sliders["vision"].value = next(weights)  # observer re-ranks and redraws

    update = median_time(move_a_weight, repeat)
    rebuild = median_time(ScoringMatrix, repeat)

    land = cpl.synthetic_landscape(10_000)
    checks = median_time(land.check, repeat)
    naive = median_time(lambda: cpl.orphan_activities_naive(land), repeat)
    n_act = len(land.nodes("activity"))
    return [
        Row(
            "North Star matrix: move a weight (re-rank + sensitivity + redraw)",
            update,
            "s",
            "rebuild the whole matrix",
            rebuild,
            note="9 candidates × 9 criteria; chart rendered to PNG both ways",
        ),
        Row(
            "landscape checks, 10,000 nodes (one sweep from all SCOs, all checks)",
            checks,
            "s",
            "orphans only, ancestors searched per activity",
            naive,
            note=f"{n_act:,} activities",
        ),
    ]
