"""Lessons 6–7 rows: the scoring matrix and the landscape builder (each with its redraw), checks."""

from __future__ import annotations

import itertools

from bench import Row, median_time

from cxkit.concepts import landscape as cpl


def rows(repeat: int) -> list[Row]:
    """Matrix weight move vs a full rebuild; builder link vs a fresh figure; one sweep vs search."""
    from cxkit.plots.landscape import landscape_figure
    from cxkit.plots.style import figure_png
    from cxkit.widgets.landscape import LandscapeBuilder
    from cxkit.widgets.north_star import ScoringMatrix

    matrix = ScoringMatrix()
    weights = itertools.cycle([2.0, 1.0])

    def move_a_weight() -> None:
        matrix.sliders["vision"].value = next(weights)  # observer re-ranks and redraws

    update = median_time(move_a_weight, repeat)
    rebuild = median_time(ScoringMatrix, repeat)

    builder = LandscapeBuilder()
    builder.source.value, builder.target.value = "sco-home", "m-home-48h"
    remove = itertools.cycle([False, True])

    def toggle_a_link() -> None:
        builder.link_from_form(remove=next(remove))  # checks, options, redraw, message

    link = median_time(toggle_a_link, repeat)
    land = cpl.case_landscape()

    def fresh_figure() -> None:  # what the builder did before: a new figure, text and all
        figure_png(landscape_figure(land, land.check()), 80)

    fresh = median_time(fresh_figure, repeat)

    big = cpl.synthetic_landscape(10_000)
    checks = median_time(big.check, repeat)
    naive = median_time(lambda: cpl.orphan_activities_naive(big), repeat)
    n_act = len(big.nodes("activity"))
    return [
        Row(
            "North Star matrix: move a weight (re-rank + sensitivity + redraw)",
            update,
            "s",
            "rebuild the whole matrix",
            rebuild,
            note="9 candidates × 9 criteria; bars updated in place, frame laid out once, 80 dpi",
        ),
        Row(
            "landscape builder: add or remove a link (checks + redraw)",
            link,
            "s",
            "a fresh figure with text labels, 80 dpi",
            fresh,
            note="Kestrel's 40 elements; one figure reused, labels drawn once and reused, 64 dpi",
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
