"""NPS: the formula, equal NPS from different distributions, the bootstrap interval, month changes."""

import numpy as np
import pytest

from cxkit.concepts import nps as N
from cxkit.concepts.nps import NpsError


def test_nps_formula_on_raw_scores() -> None:
    scores = [10, 9, 9, 8, 7, 6, 0, 3, 10, 10]  # 5 promoters, 3 detractors of 10
    assert N.nps(scores) == pytest.approx(20.0)
    assert N.nps([10] * 4) == 100.0 and N.nps([0, 6]) == -100.0 and N.nps([7, 8]) == 0.0


def test_counts_and_scores_agree() -> None:
    rng = np.random.default_rng(0)
    s = rng.integers(0, 11, 500)
    c = N.counts_from_scores(s)
    assert c.sum() == 500
    p, d = np.mean(s >= 9), np.mean(s <= 6)
    assert N.nps_from_counts(c) == pytest.approx(100 * (p - d))


def test_same_nps_pair_differs_a_lot_underneath() -> None:
    a, b = N.same_nps_pair()
    assert N.nps_from_counts(a) == N.nps_from_counts(b)
    da, _, _ = N.shares(a)
    db, _, _ = N.shares(b)
    assert da > 5 * db  # many more detractors hide behind the same score
    assert np.abs(a / a.sum() - b / b.sum()).sum() > 1.0


def test_standard_error_matches_a_large_simulation() -> None:
    c = np.array([30, 10, 10, 10, 10, 20, 30, 60, 70, 80, 80])
    rng = np.random.default_rng(5)
    sims = rng.multinomial(c.sum(), c / c.sum(), size=40_000)
    sim_nps = 100 * (sims[:, 9:].sum(1) - sims[:, :7].sum(1)) / c.sum()
    assert N.standard_error(c) == pytest.approx(sim_nps.std(), rel=0.03)


def test_bootstrap_interval_matches_the_formula_and_covers_the_truth() -> None:
    c = np.array([30, 10, 10, 10, 10, 20, 30, 60, 70, 80, 80])
    ci = N.bootstrap_ci(c, n_boot=20_000)
    half = (ci.high - ci.low) / 2
    assert half == pytest.approx(1.96 * N.standard_error(c), rel=0.06)
    assert ci.low < ci.nps < ci.high
    # Coverage: intervals from many surveys of one population contain its NPS about 95% of the time.
    rng = np.random.default_rng(9)
    truth = N.nps_from_counts(c)
    samples = rng.multinomial(300, c / c.sum(), size=300)
    hits = sum(
        N.bootstrap_ci(s, n_boot=1500, seed=i).low
        <= truth
        <= N.bootstrap_ci(s, n_boot=1500, seed=i).high
        for i, s in enumerate(samples)
    )
    assert 0.90 <= hits / 300 <= 0.99


def test_bootstrap_is_seeded() -> None:
    a, _ = N.same_nps_pair()
    assert N.bootstrap_ci(a, seed=1) == N.bootstrap_ci(a, seed=1)


def test_stable_months_mostly_stay_inside_the_noise() -> None:
    months = N.simulate_months(n_per_month=400, months=60, seed=4)
    changes = [N.month_change(months[i], months[i + 1]) for i in range(59)]
    inside = np.mean([not ch.beyond_noise for ch in changes])
    assert inside > 0.88
    assert (
        "inside the sampling noise"
        in changes[int(np.argmin([abs(c.change) for c in changes]))].in_words()
    )


def test_a_real_shift_is_beyond_the_noise() -> None:
    a, b = N.same_nps_pair()
    worse = a.copy()
    worse[0] += 200  # 200 more detractors
    ch = N.month_change(a, worse)
    assert ch.change < -20 and ch.beyond_noise and "worth looking into" in ch.in_words()


@pytest.mark.parametrize(
    ("bad", "msg"),
    [([], "no survey answers"), ([3, 11], "0 to 10"), ([2.5], "whole numbers")],
)
def test_bad_scores_get_clear_messages(bad, msg) -> None:
    with pytest.raises(NpsError, match=msg):
        N.nps(bad)


def test_bad_counts_get_clear_messages() -> None:
    with pytest.raises(NpsError, match="11 counts"):
        N.nps_from_counts([1, 2])
    with pytest.raises(NpsError, match="All counts are zero"):
        N.nps_from_counts([0] * 11)
    with pytest.raises(NpsError, match="negative"):
        N.nps_from_counts([-1] + [1] * 10)


def test_explorer_reports_nps_and_handles_an_empty_survey() -> None:
    from cxkit.widgets.nps import NpsExplorer, _same_nps_twin

    x = NpsExplorer()
    assert "NPS +35 from 400 answers" in x.result.value
    for s in x.sliders:
        s.value = 0
    assert "All counts are zero" in x.result.value
    x.sliders[10].value = 30
    x.sliders[0].value = 10
    assert "NPS +50 from 40 answers" in x.result.value
    for counts in (N.POLARISED, N.LUKEWARM, x.counts):
        twin = _same_nps_twin(counts)
        assert twin.sum() == counts.sum() and N.nps_from_counts(twin) == N.nps_from_counts(counts)
        assert not np.array_equal(twin, counts)


def test_exercise_scores_are_seeded_and_the_key_is_their_nps() -> None:
    from cxkit.concepts.nps import EXERCISE_N, exercise_nps, exercise_scores

    s = exercise_scores()
    assert len(s) == EXERCISE_N and s.min() >= 0 and s.max() <= 10
    assert (s == exercise_scores()).all()  # same data every run
    by_hand = 100 * ((s >= 9).mean() - (s <= 6).mean())
    assert exercise_nps() == pytest.approx(by_hand)


def test_exercise_change_is_tempting_but_inside_the_noise() -> None:
    from cxkit.concepts.nps import (
        NOISE_CHOICES,
        change_within_bootstrap_noise,
        exercise_change,
        exercise_change_key,
        exercise_months,
    )

    before, after = exercise_months()
    assert before.sum() == after.sum() == 400
    c = exercise_change()
    assert 4 <= c.change <= 6 and not c.beyond_noise  # the formula agrees with the bootstrap
    assert change_within_bootstrap_noise(before, after)
    assert exercise_change_key() == NOISE_CHOICES[0]
    big = after.copy()
    big[10] += 150  # a real jump in promoters
    assert not change_within_bootstrap_noise(before, big)


def test_distributions_redraw_in_place_with_new_titles() -> None:
    from cxkit.plots.nps import distributions

    fig = distributions(("A", N.POLARISED), ("B", N.LUKEWARM))
    again = distributions(("A", N.LUKEWARM), ("B", N.POLARISED), fig=fig)
    assert again is fig and len(fig.axes) == 2
    first = fig._cx_panels["bars"][0]
    share = 100 * N.LUKEWARM / N.LUKEWARM.sum()
    assert [b.get_height() for b in first] == pytest.approx(list(share))
    assert f"NPS {N.nps_from_counts(N.LUKEWARM):+.0f}" in fig.axes[0].get_title()
    single = distributions(("Only", N.LUKEWARM), fig=fig)  # fewer panels: drawn afresh
    assert len(single.axes) == 1


def test_explorer_redraws_when_a_count_moves() -> None:
    from cxkit.widgets.nps import NpsExplorer

    e = NpsExplorer()
    before, text = e.chart.value, e.result.value
    e.sliders[10].value = 10
    assert e.chart.value != before and e.result.value != text


def test_shares_table_matches_the_shares() -> None:
    table = N.shares_table({"P": N.POLARISED, "L": N.LUKEWARM})
    assert list(table["Survey"]) == ["P", "L"]
    d, pa, p = N.shares(N.LUKEWARM)
    row = table.iloc[1]
    assert (row["Detractors (0–6)"], row["Passives (7–8)"], row["Promoters (9–10)"]) == (d, pa, p)
    assert set(N.SHARES_FORMATS) <= set(table.columns)


def test_explorer_sliders_sit_under_their_bars_with_room_to_move() -> None:
    from cxkit.plots.nps import EXPLORER_FRAME, GROUP_COLOURS
    from cxkit.widgets.nps import _DPI, NpsExplorer

    e = NpsExplorer()
    fig = e._fig
    # The chart is shown at its own size, and its first panel starts where the sliders do,
    # with one slider's width per bar.
    assert e.chart.layout.width == f"{round(EXPLORER_FRAME.width * _DPI)}px"
    assert (fig.get_figwidth(), fig.get_figheight()) == (
        EXPLORER_FRAME.width,
        EXPLORER_FRAME.height,
    )
    panel = fig.axes[0].get_position()
    assert panel.x0 * EXPLORER_FRAME.width == pytest.approx(EXPLORER_FRAME.left)
    slot = panel.width * EXPLORER_FRAME.width * _DPI / 11
    assert fig.axes[0].get_xlim() == (-0.5, 10.5)
    for s in e.sliders:
        assert float(s.layout.width.removesuffix("px")) == pytest.approx(slot, abs=0.01)
    row = next(c for c in e.children[-1].children[0].children if "cx-nps-sliders" in c._dom_classes)
    assert row.layout.padding == f"0 0 0 {EXPLORER_FRAME.left * _DPI:.2f}px"
    assert [s.style.handle_color for s in e.sliders] == list(GROUP_COLOURS)
    # Handles sit mid-track, not squashed at the bottom: the range follows the survey's size.
    for preset in ("Small survey (40 answers)", "Polarised (love it or hate it)"):
        e.preset.value = preset
        tallest = int(e.counts.max())
        assert 1.2 * tallest <= e.sliders[0].max <= 2.5 * tallest + 20
    e.sliders[10].value = e.sliders[10].max  # dragged to the top: room is made above it
    assert e.sliders[10].max > e.sliders[10].value


def test_falls_are_written_with_a_true_minus() -> None:
    up, down = N.LUKEWARM, N.POLARISED.copy()
    down[0] += 200  # many more detractors: a big fall
    words = N.month_change(up, down).in_words()
    assert "NPS moved −" in words and not any(f"-{d}" in words for d in "0123456789")
    assert N.signed(-6.24, 1) == "−6.2" and N.signed(35) == "+35" and N.signed(0.2) == "0"
    assert "−" in N.bootstrap_ci(np.array([50, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10])).in_words()
