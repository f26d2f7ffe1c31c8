"""Lesson 3 models: the contact log, failure-demand analysis, AHT pressure, simulator, triple crown."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cxkit.concepts.case_company import CONTACT_CENTRE
from cxkit.concepts.contact_centre import failure_demand as fd
from cxkit.concepts.contact_centre.aht_pressure import (
    DEFAULT_PRESSURE,
    pressure_outcome,
    pressure_table,
)
from cxkit.concepts.contact_centre.centre import (
    SEVEN_MEASURE_IDS,
    case_settings,
    seven_measures,
    simulate_centre,
    with_changes,
)
from cxkit.concepts.contact_centre.contact_log import (
    CASE_LOG,
    COLUMNS,
    REASONS,
    generate_contact_log,
    load_case_log,
    read_contact_log,
)
from cxkit.concepts.contact_centre.triple_crown import (
    Change,
    CrownBaseline,
    max_target_aht_cut,
    triple_crown,
)


@pytest.fixture(scope="module")
def case_log() -> pd.DataFrame:
    return load_case_log()


@pytest.fixture(scope="module")
def big_log() -> pd.DataFrame:
    return generate_contact_log(60_000, seed=7)


# -- generator -------------------------------------------------------------------------------
def test_same_seed_same_log_different_seed_different_log() -> None:
    a = generate_contact_log(800, seed=11)
    b = generate_contact_log(800, seed=11)
    c = generate_contact_log(800, seed=12)
    pd.testing.assert_frame_equal(a, b)
    assert not a["handle_s"].equals(c["handle_s"])


def test_log_has_documented_columns_and_parts(case_log: pd.DataFrame) -> None:
    assert tuple(case_log.columns) == COLUMNS
    assert (case_log["handle_s"] == case_log[["talk_s", "hold_s", "acw_s"]].sum(axis=1)).all()
    assert case_log["contact_id"].is_unique
    assert case_log["timestamp"].is_monotonic_increasing
    assert set(case_log["demand"].astype(str)) == {"value", "failure"}
    # Every reason is in the customer's words, from the catalogue or a chaser.
    known = {v for r in REASONS for v in r.verbatims}
    firsts = case_log.loc[case_log["reason_code"] != "repeat-chasing", "reason"].astype(str)
    assert set(firsts) <= known


def test_shipped_log_matches_its_stated_parameters(case_log: pd.DataFrame) -> None:
    spec = CASE_LOG
    assert 0.85 * spec.volume < len(case_log) < 1.15 * spec.volume
    assert fd.failure_demand_share(case_log) == pytest.approx(spec.failure_demand_share, abs=0.02)
    assert case_log["handle_s"].mean() == pytest.approx(spec.aht_seconds, rel=0.05)
    days = case_log["timestamp"].dt.normalize()
    assert days.min() >= pd.Timestamp(spec.start)
    assert days.max() < pd.Timestamp(spec.start) + pd.Timedelta(days=spec.days)
    assert (case_log["timestamp"].dt.day_of_week != 6).all()  # closed on Sundays


def test_shipped_log_is_what_the_generator_makes(case_log: pd.DataFrame) -> None:
    fresh = CASE_LOG.generate()
    rebuild = (
        "The shipped log no longer matches the generator (did NumPy change its random streams?). "
        "Rebuild it with `python -m cxkit.concepts.contact_centre.contact_log`, then re-run the lesson's checked outputs."
    )
    assert len(fresh) == len(case_log), rebuild
    assert (fresh["handle_s"].to_numpy() == case_log["handle_s"].to_numpy()).all(), rebuild
    assert (
        fresh["reason"].astype(str).to_numpy() == case_log["reason"].astype(str).to_numpy()
    ).all()


def test_repeats_follow_unresolved_contacts_of_the_same_customer(case_log: pd.DataFrame) -> None:
    rep = case_log[case_log["repeat_of"].notna()]
    assert len(rep) > 100
    first = case_log.set_index("contact_id").loc[rep["repeat_of"].astype(str)]
    assert (first["truly_resolved"] == False).all()  # noqa: E712 - a repeat chases an unresolved contact
    assert (
        first["customer_id"].astype(str).to_numpy() == rep["customer_id"].astype(str).to_numpy()
    ).all()
    assert (rep["timestamp"].to_numpy() > first["timestamp"].to_numpy()).all()
    assert (rep["demand"] == "failure").all()
    assert (rep["reason_code"] == "repeat-chasing").all()


def test_repeats_take_longer_than_first_contacts(big_log: pd.DataFrame) -> None:
    rep = big_log["reason_code"] == "repeat-chasing"
    assert big_log.loc[rep, "handle_s"].mean() > 1.1 * big_log.loc[~rep, "handle_s"].mean()


def test_generator_parameters_have_their_effect() -> None:
    low = generate_contact_log(40_000, failure_demand_share=0.3, seed=3)
    high = generate_contact_log(40_000, failure_demand_share=0.7, seed=3)
    assert fd.failure_demand_share(low) == pytest.approx(0.3, abs=0.02)
    assert fd.failure_demand_share(high) == pytest.approx(0.7, abs=0.02)
    calm = generate_contact_log(40_000, aht_pressure=0.0, seed=3)
    pushed = generate_contact_log(40_000, aht_pressure=1.0, seed=3)
    # The AHT paradox on data: AHT falls, but contacts, failure share and total hours rise.
    assert pushed["handle_s"].mean() < 0.85 * calm["handle_s"].mean()
    assert len(pushed) > 1.3 * len(calm)
    assert fd.failure_demand_share(pushed) > fd.failure_demand_share(calm) + 0.08
    assert pushed["handle_s"].sum() > calm["handle_s"].sum()
    assert pushed["truly_resolved"].mean() < calm["truly_resolved"].mean() - 0.2


def test_generator_agrees_with_the_pressure_model() -> None:
    for p in (0.0, 0.5, 1.0):
        log = generate_contact_log(60_000, aht_pressure=p, seed=5)
        model = pressure_outcome(p, CONTACT_CENTRE.aht_seconds, 0.62, 0.75)
        assert fd.failure_demand_share(log) == pytest.approx(model.failure_demand_share, abs=0.015)
        assert log["handle_s"].mean() == pytest.approx(model.measured_aht_seconds, rel=0.04)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"volume": -1}, "volume"),
        ({"failure_demand_share": 1.5}, "failure_demand_share"),
        ({"aht_pressure": 2}, "aht_pressure"),
        ({"days": 0}, "days"),
        ({"aht_seconds": 0}, "aht_seconds"),
    ],
)
def test_generator_rejects_bad_parameters_clearly(kwargs: dict, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        generate_contact_log(**kwargs)


def test_empty_log_is_handled() -> None:
    log = generate_contact_log(0)
    assert len(log) == 0
    assert fd.failure_demand_share(log) == 0.0
    assert fd.failure_demand_cost(log) == 0.0
    assert fd.repeat_contact_rate(log) == 0.0


def test_csv_round_trip(tmp_path, case_log: pd.DataFrame) -> None:
    path = tmp_path / "log.csv.gz"
    case_log.to_csv(path, index=False)
    back = read_contact_log(path)
    assert fd.failure_demand_share(back) == fd.failure_demand_share(case_log)
    assert back["survey_resolved"].isna().sum() == case_log["survey_resolved"].isna().sum()
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match="not a contact log"):
        read_contact_log(tmp_path / "bad.csv")


# -- failure-demand analysis ------------------------------------------------------------------
def test_share_and_cost_against_a_plain_loop(case_log: pd.DataFrame) -> None:
    rows = case_log.to_dict("records")
    failures = [r for r in rows if r["demand"] == "failure"]
    assert fd.failure_demand_share(case_log) == pytest.approx(len(failures) / len(rows))
    minutes = sum(r["handle_s"] for r in failures) / 60
    assert fd.failure_demand_cost(case_log, 0.75) == pytest.approx(minutes * 0.75)
    monthly = fd.monthly_failure_demand_cost(case_log, 0.75)
    assert monthly == pytest.approx(minutes * 0.75 * (365.25 / 12) / CASE_LOG.days)


def test_demand_summary_adds_up(case_log: pd.DataFrame) -> None:
    s = fd.demand_summary(case_log)
    assert s["contacts"].sum() == len(case_log)
    assert s["share"].sum() == pytest.approx(1.0)
    assert s.loc["failure", "cost"] == pytest.approx(fd.failure_demand_cost(case_log))


def _loop_repeats(log: pd.DataFrame, days: float) -> list[bool]:
    last: dict[str, pd.Timestamp] = {}
    out = [False] * len(log)
    for i in log.sort_values("timestamp", kind="stable").index:
        c, t = log.at[i, "customer_id"], log.at[i, "timestamp"]
        out[log.index.get_loc(i)] = c in last and (t - last[c]) <= pd.Timedelta(days=days)
        last[c] = t
    return out


@pytest.mark.parametrize("days", [1, 7, 14])
def test_repeat_contacts_match_a_plain_loop(case_log: pd.DataFrame, days: int) -> None:
    assert fd.is_repeat_contact(case_log, days).tolist() == _loop_repeats(case_log, days)


def test_followed_and_repeat_counts_agree(case_log: pd.DataFrame) -> None:
    # Each repeat is preceded by exactly one contact that is "followed".
    assert fd.is_repeat_contact(case_log, 7).sum() == fd.is_followed_by_contact(case_log, 7).sum()
    rates = fd.repeats_by_window(case_log)
    assert rates.is_monotonic_increasing
    with pytest.raises(ValueError, match="negative"):
        fd.is_repeat_contact(case_log, -1)


def test_failure_pareto(case_log: pd.DataFrame) -> None:
    p = fd.failure_pareto(case_log)
    assert p["contacts"].sum() == (case_log["demand"] == "failure").sum()
    assert p["contacts"].is_monotonic_decreasing
    assert p["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    assert set(p.index) <= {r.code for r in REASONS if r.demand == "failure"} | {"repeat-chasing"}
    assert p.iloc[0]["label"]  # readable labels, not codes only


def test_fcr_three_ways_and_disagreement(case_log: pd.DataFrame) -> None:
    t = fd.fcr_three_ways(case_log)
    assert list(t.index) == list(fd.FCR_METHODS)
    assert t.loc["agent flag", "fcr"] == pytest.approx(case_log["resolved_flag"].mean())
    answered = case_log["survey_resolved"].dropna()
    assert t.loc["customer survey", "contacts_measured"] == len(answered)
    assert t.loc["customer survey", "fcr"] == pytest.approx(answered.astype(bool).mean())
    followed = fd.is_followed_by_contact(case_log, 7)
    assert t.loc["no repeat within 7 days", "fcr"] == pytest.approx(1 - followed.mean())
    # The agent's tick is the most flattering: it is an output of the agent's own judgement.
    assert t.loc["agent flag", "fcr"] == t["fcr"].max()
    d = fd.fcr_disagreement(case_log)
    assert d.spread == pytest.approx(t["fcr"].max() - t["fcr"].min())
    assert d.spread > 0.05
    assert len(d.pairwise) == 3
    assert (d.pairwise["disagree_share"] > 0).all()
    survey_pairs = d.pairwise[d.pairwise["method_b"] == "customer survey"]
    assert (survey_pairs["contacts_compared"] == len(answered)).all()


def test_analysis_rejects_a_table_that_is_not_a_log() -> None:
    with pytest.raises(ValueError, match="no column 'demand'"):
        fd.failure_demand_share(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="'value' or 'failure'"):
        fd.failure_demand_share(pd.DataFrame({"demand": ["value", "oops"]}))
    with pytest.raises(TypeError, match="DataFrame"):
        fd.failure_demand_share([1, 2])


def test_report_gathers_the_headlines(case_log: pd.DataFrame) -> None:
    r = fd.failure_demand_report(case_log)
    assert r.contacts == len(case_log)
    assert r.failure_demand_share == fd.failure_demand_share(case_log)
    assert r.top_failure_reason == fd.failure_pareto(case_log)["label"].iloc[0]


# -- labelling ---------------------------------------------------------------------------------
def test_label_sets_are_twenty_distinct_and_balanced() -> None:
    for contacts in (fd.practice_contacts(), fd.exercise_contacts()):
        assert len(contacts) == 20
        assert len({c.id for c in contacts}) == 20
        kinds = [c.demand for c in contacts]
        assert 8 <= kinds.count("failure") <= 12
        assert all(c.why for c in contacts)
    practice = {c.reason for c in fd.practice_contacts()}
    assert practice.isdisjoint({c.reason for c in fd.exercise_contacts()})


def test_score_labels() -> None:
    contacts = fd.exercise_contacts()
    key = fd.label_key(contacts)
    perfect = fd.score_labels({k: v.upper() for k, v in key.items()}, contacts)
    assert perfect.fraction == 1.0
    flipped = {k: ("value" if v == "failure" else "failure") for k, v in key.items()}
    flipped["E01"] = key["E01"]
    s = fd.score_labels(flipped | {"E02": "maybe"}, contacts)
    assert s.right == 1 and "E02" in s.unanswered and len(s.missed) == 18
    assert fd.score_labels(None, contacts).unanswered == tuple(key)


def test_exercise_log_key_is_computed_from_its_stated_parameters() -> None:
    key = fd.exercise_log_key()
    log = generate_contact_log(
        volume=2400,
        failure_demand_share=0.48,
        aht_pressure=0.5,
        aht_seconds=480.0,
        start="2026-03-01",
        days=31,
        seed=3103,
    )
    assert key["share"] == pytest.approx((log["demand"] == "failure").mean())
    assert key["monthly_cost"] == pytest.approx(
        log.loc[log["demand"] == "failure", "handle_s"].sum() / 60 * 0.75
    )
    assert key["share"] > 0.48 + 0.03  # the pressure's repeats show up in the answer


# -- AHT pressure -------------------------------------------------------------------------------
def test_aht_pressure_paradox() -> None:
    t = pressure_table(420, 0.62, 0.75)
    assert t.loc[0.0, "measured_aht_seconds"] == pytest.approx(420)
    assert t["measured_aht_seconds"].is_monotonic_decreasing  # the dashboard improves…
    assert t["agent_hours"].is_monotonic_increasing  # …while the work grows
    assert t["cost"].is_monotonic_increasing
    assert t["contacts_per_need"].is_monotonic_increasing
    assert t["first_contact_resolution"].is_monotonic_decreasing
    # The agent's tick barely moves, so the dashboard cannot see the damage.
    assert t["agent_flag_fcr"].max() - t["agent_flag_fcr"].min() < 0.1


def test_pressure_model_pieces() -> None:
    m = DEFAULT_PRESSURE
    assert m.aht_multiplier(0) == 1.0 and m.aht_multiplier(1) == pytest.approx(0.7)
    assert m.unresolved_rate(1, "value") > m.unresolved_rate(0, "value")
    assert m.repeats_per_contact(0.5, "failure") > m.repeats_per_contact(0.5, "value")
    with pytest.raises(ValueError, match="between 0"):
        m.aht_multiplier(1.5)
    with pytest.raises(ValueError, match="'value' or 'failure'"):
        m.unresolved_rate(0, "other")
    # The calibration inverts itself: first-contact share + repeats = the stated share.
    for share in (0.3, 0.62, 0.8):
        o = pressure_outcome(0, 420, share, 0.75)
        assert o.failure_demand_share == pytest.approx(share)


# -- simulator ----------------------------------------------------------------------------------
def test_seven_measures_are_outputs_from_the_bank() -> None:
    ms = seven_measures()
    assert [m.id for m in ms] == list(SEVEN_MEASURE_IDS)
    assert all(m.kind.value == "output" for m in ms)


def test_case_peak_hour_is_overloaded_and_shown_as_such() -> None:
    snap = simulate_centre(case_settings())
    assert snap.contacts_per_hour == pytest.approx(CONTACT_CENTRE.calls_per_hour_peak)
    assert snap.overloaded
    rows = dict(snap.dashboard_rows())
    assert rows["Average queue time"] == "never ends: the queue keeps growing"
    assert 0 < snap.abandonment < 1
    assert snap.contacts_per_need == pytest.approx(1 / (1 - CONTACT_CENTRE.failure_demand_share))


def test_dashboard_and_customer_view_diverge_under_aht_pressure() -> None:
    base = with_changes(case_settings(), agents=60)
    calm, pushed = simulate_centre(base), simulate_centre(with_changes(base, aht_pressure=0.8))
    assert pushed.dashboard()["dash-aht"] < calm.dashboard()["dash-aht"]
    assert abs(pushed.agent_flag_fcr - calm.agent_flag_fcr) < 0.05  # the tick hardly moves
    assert pushed.true_fcr < calm.true_fcr - 0.2
    assert pushed.contacts_per_need > calm.contacts_per_need
    assert pushed.work_cost_per_hour > calm.work_cost_per_hour


def test_less_failure_demand_helps_everything() -> None:
    s = with_changes(case_settings(), agents=56)
    now, fixed = simulate_centre(s), simulate_centre(with_changes(s, failure_demand_share=0.4))
    assert fixed.staffing.service_level > now.staffing.service_level
    assert fixed.staffing.average_speed_of_answer < now.staffing.average_speed_of_answer
    assert fixed.work_cost_per_hour < now.work_cost_per_hour
    assert fixed.contacts_per_need < now.contacts_per_need
    i = list(fixed.curve_agents).index(56)
    assert fixed.curve_service_level[i] == pytest.approx(fixed.staffing.service_level)


def test_simulator_rejects_bad_settings() -> None:
    with pytest.raises(ValueError, match="agents"):
        with_changes(case_settings(), agents=0)
    with pytest.raises(ValueError, match="failure_demand_share"):
        with_changes(case_settings(), failure_demand_share=1.0)
    zero = simulate_centre(with_changes(case_settings(), value_demand_per_hour=0.0))
    assert zero.contacts_per_hour == 0 and zero.staffing.service_level == 1.0


# -- triple crown ------------------------------------------------------------------------------
def test_removing_failure_demand_wins_the_triple_crown() -> None:
    r = triple_crown(Change("remove-failure-demand", 0.3))
    assert r.all_pass and r.customer.passed and r.cost.passed and r.revenue.passed
    assert r.after.contacts_per_month == pytest.approx(
        r.before.contacts_per_month * (1 - 0.3 * CONTACT_CENTRE.failure_demand_share)
    )
    assert r.cost_saved_per_month == pytest.approx(
        (r.before.agent_hours_per_month - r.after.agent_hours_per_month) * 60 * 0.75
    )
    assert r.revenue_gained_per_year > 0
    assert "Triple crown won" in r.summary()


def test_aht_target_loses_all_three() -> None:
    r = triple_crown("cut-aht-by-target", 0.10)
    assert r.after.aht_seconds == pytest.approx(0.9 * r.before.aht_seconds, rel=1e-6)
    assert not r.customer.passed and not r.cost.passed and not r.revenue.passed
    assert "resolved first time" in r.customer.verdict
    with pytest.raises(ValueError, match="cannot cut AHT by 50%"):
        triple_crown("cut-aht-by-target", 0.5)
    assert 0.1 < max_target_aht_cut() < 0.3


def test_efficiency_alone_is_not_the_triple_crown() -> None:
    r = triple_crown("cut-aht-by-fixing-process", 0.1)
    assert r.customer.passed and r.cost.passed and not r.revenue.passed
    more = triple_crown("add-agents", 8)
    assert more.customer.passed and not more.cost.passed
    assert math.isinf(more.before.peak_wait_seconds) and math.isfinite(more.after.peak_wait_seconds)


def test_churn_sensitivity_is_stated_and_used() -> None:
    none = triple_crown("remove-failure-demand", 0.3, CrownBaseline(churn_sensitivity=0.0))
    some = triple_crown("remove-failure-demand", 0.3, CrownBaseline(churn_sensitivity=0.04))
    assert not none.revenue.passed and some.revenue.passed
    assert some.as_dict()["churn_sensitivity"] == 0.04


def test_result_saves_as_plain_json() -> None:
    import json

    d = triple_crown("add-agents", 8).as_dict()
    text = json.dumps(d, allow_nan=False)  # infinite waits must not leak into a workbook
    assert json.loads(text)["before"]["peak_wait_seconds"] is None
    assert d["change"] == {"kind": "add-agents", "amount": 8}


@pytest.mark.parametrize(
    ("kind", "amount", "words"),
    [
        ("sack-everyone", 1, "Unknown change"),
        ("remove-failure-demand", 30, "share from 0 to 1"),
        ("add-agents", 2.5, "whole number"),
        ("cut-aht-by-fixing-process", 0.9, "process fix"),
    ],
)
def test_bad_changes_say_what_to_do(kind: str, amount: float, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        Change(kind, amount)


def test_changes_are_monotone_in_size() -> None:
    saved = [
        triple_crown("remove-failure-demand", x).cost_saved_per_month for x in np.linspace(0, 1, 6)
    ]
    assert all(b > a for a, b in zip(saved, saved[1:], strict=False))


# -- figures: the live redraw draws what a full redraw draws, and only what moved -------------
def _pixels(png: bytes):
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def test_simulator_redraw_matches_a_full_redraw_and_reuses_static_parts() -> None:
    from cxkit.plots.contact_centre import SimulatorFigure
    from cxkit.plots.style import figure_png

    live = SimulatorFigure()
    for agents in (48, 70, 61):  # a few moves, so cached pictures are reused on the way
        live.update(simulate_centre(with_changes(case_settings(), agents=agents)))
        live.png()
    snap = simulate_centre(with_changes(case_settings(), agents=61, failure_demand_share=0.35))
    live.update(snap)
    drawn = live.static_draws
    got = _pixels(live.png())
    full = SimulatorFigure(blit=False)  # laid out from the same first hour, then frozen
    full.update(simulate_centre(with_changes(case_settings(), agents=48)))
    full.figure.set_dpi(80)
    full.figure.canvas.draw()
    full.figure.set_layout_engine("none")
    full.update(snap)
    want = _pixels(figure_png(full.figure, 80))
    assert got.shape == want.shape
    differ = (np.abs(got - want).sum(axis=2) > 60).mean()
    assert differ < 0.002, f"{differ:.2%} of pixels differ from a full redraw"
    assert live.static_draws - drawn < 4  # some axes kept their picture
    live.update(
        simulate_centre(with_changes(case_settings(), agents=62, failure_demand_share=0.35))
    )
    before = live.static_draws
    live.png()
    assert live.static_draws == before  # one agent more: same axes, nothing static redrawn


def test_nice_ceiling_is_round_and_not_below() -> None:
    from cxkit.plots.contact_centre import _nice_ceiling

    for x in (0.7, 3.2, 9.99, 17, 230, 4100, 12345):
        top = _nice_ceiling(x)
        assert x <= top <= 1.5 * x + 1e-9
        assert top / 10 ** math.floor(math.log10(top)) in (1, 1.5, 2, 3, 4, 5, 6, 8, 10)


def test_log_breakdown_adds_up_to_the_log(case_log: pd.DataFrame) -> None:
    from cxkit.concepts.contact_centre.failure_demand import log_breakdown

    for by in ("demand", "reason", "channel"):
        table = log_breakdown(case_log, by)
        total = table.iloc[-1]
        assert total["group"] == "Total" and total["contacts"] == len(case_log)
        assert table["contacts"].iloc[:-1].sum() == len(case_log)
        assert total["agent_minutes"] == pytest.approx(case_log["handle_s"].sum() / 60)
    demand = log_breakdown(case_log, "demand").set_index("group")
    assert demand.loc["Failure demand", "contacts"] == (case_log["demand"] == "failure").sum()
    with pytest.raises(ValueError, match="by must be one of"):
        log_breakdown(case_log, "colour")


def test_crown_table_reads_like_the_results() -> None:
    from cxkit.concepts.contact_centre.triple_crown import crown_table

    won, lost = triple_crown("remove-failure-demand", 0.3), triple_crown("cut-aht-by-target", 0.1)
    table = crown_table([won, lost])
    assert list(table["Triple crown"]) == ["won", "not won"]
    assert table.loc[1, "Cost crown"].startswith("FAIL")
    assert table.loc[0, "Change"] == won.change.describe()


def test_crown_verdicts_say_an_endless_wait_once_and_round_sensibly() -> None:
    import re

    # Both waits infinite: said once, in plain words.
    lost = triple_crown("cut-aht-by-target", 0.1)
    assert "the queue never clears, before or after" in lost.customer.verdict
    assert lost.customer.verdict.count("never") == 1
    won = triple_crown("remove-failure-demand", 0.3)
    for crown in (*lost.crowns, *won.crowns):
        for amount in re.findall(r"£([\d,]+)(?!\.\d*m)", crown.verdict):
            digits = amount.replace(",", "").rstrip("0")
            assert len(digits) <= 2, f"falsely precise: £{amount} in {crown.verdict!r}"
        assert not re.search(r"\d\.\d\d%", crown.verdict), crown.verdict  # no 17.00%
    assert "£1.9m" in won.revenue.verdict or "m of revenue" in won.revenue.verdict
    # A small move is still shown, with the decimals it needs.
    tiny = triple_crown("remove-failure-demand", 0.01)
    before, after = re.search(
        r"resolved first time ([\d.]+)% → ([\d.]+)%", tiny.customer.verdict
    ).groups()
    assert before != after


def test_fcr_is_named_one_way_on_lesson_3s_figures() -> None:
    from cxkit.plots.contact_centre import aht_pressure_figure, fcr_three_ways_figure

    log = load_case_log()
    fig = fcr_three_ways_figure(fd.fcr_three_ways(log), truth=log["truly_resolved"].mean())
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "truth (coach's view)" not in labels and labels[0] == "Agent's tick"
    assert fig.axes[0].get_xlabel() == "First-call resolution (FCR)"
    paradox = pressure_table(
        CONTACT_CENTRE.aht_seconds,
        CONTACT_CENTRE.failure_demand_share,
        CONTACT_CENTRE.cost_per_agent_minute,
    )
    assert aht_pressure_figure(paradox).axes[1].get_ylabel() == "First-call resolution"
    rows = dict(simulate_centre(case_settings()).dashboard_rows())
    assert "First-call resolution (agent's tick)" in rows
