"""Lesson 8 rows: the NPS explorer and the five-mistakes radar, each interaction with its redraw."""

from __future__ import annotations

import itertools

from bench import Row, median_time


def rows(repeat: int) -> list[Row]:
    """Move one count of the NPS explorer; move one rating of the self-assessment."""
    from cxkit.concepts.initiatives import KESTREL_ASSESSMENT
    from cxkit.plots.initiatives import radar
    from cxkit.plots.nps import distributions
    from cxkit.plots.style import figure_png
    from cxkit.widgets.initiatives import FiveMistakes
    from cxkit.widgets.nps import NpsExplorer

    explorer = NpsExplorer()
    counts = itertools.cycle([150, 200])

    def move_a_count() -> None:
        explorer.sliders[10].value = next(counts)  # NPS, bootstrap interval, twin, redraw

    nps_move = median_time(move_a_count, repeat)

    def fresh_distributions() -> None:
        figure_png(distributions(("Yours", explorer.counts), ("Twin", explorer.counts)), 80)

    nps_fresh = median_time(fresh_distributions, repeat)

    mistakes = FiveMistakes()
    ratings = itertools.cycle([2, 4])

    def move_a_rating() -> None:
        mistakes.sliders["measures"].value = next(ratings)  # radar, overall, next steps

    radar_move = median_time(move_a_rating, repeat)
    radar_fresh = median_time(
        lambda: figure_png(radar(mistakes.assessment, KESTREL_ASSESSMENT), 80), repeat
    )
    return [
        Row(
            "NPS explorer: move one count (NPS + interval + twin + redraw)",
            nps_move,
            "s",
            "a fresh two-panel figure",
            nps_fresh,
            note="bars and titles updated in place, frame laid out once, 80 dpi",
        ),
        Row(
            "five-mistakes radar: move one rating (radar + next steps)",
            radar_move,
            "s",
            "a fresh radar figure",
            radar_fresh,
            note="line and fill updated in place, 80 dpi",
        ),
    ]
