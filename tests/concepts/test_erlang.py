"""Erlang C against an independent M/M/N computation, published values and the edge cases."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cxkit.concepts.contact_centre import erlang


def _stationary(agents: int, traffic: float, k_max: int = 2000) -> np.ndarray:
    """M/M/N stationary distribution solved from the balance equations with a linear solver."""
    lam, mu = traffic, 1.0  # time in units of AHT
    q = np.zeros((k_max + 1, k_max + 1))
    for k in range(k_max):
        q[k, k + 1] = lam
        q[k + 1, k] = mu * min(k + 1, agents)
    q -= np.diag(q.sum(axis=1))
    a = np.vstack([q.T, np.ones(k_max + 1)])
    b = np.zeros(k_max + 2)
    b[-1] = 1.0
    return np.linalg.lstsq(a, b, rcond=None)[0]


def _wait_tail(pi: np.ndarray, agents: int, t: float) -> float:
    """P(wait > t) from the chain: an arrival finding k ≥ N waits for k−N+1 service completions."""
    x = agents * t
    # P(Erlang(j, N) > t) = P(Poisson(N·t) < j): cumulative Poisson terms, built iteratively.
    terms = np.empty(pi.size)
    terms[0] = math.exp(-x)
    for i in range(1, pi.size):
        terms[i] = terms[i - 1] * x / i
    cdf = np.cumsum(terms)
    total = 0.0
    for k in range(agents, pi.size):
        total += pi[k] * cdf[k - agents]  # k − N + 1 completions needed: P(Poisson < k−N+1)
    return total


@pytest.mark.parametrize(("agents", "traffic"), [(11, 10.0), (14, 10.0), (5, 2.5), (56, 49.0)])
def test_erlang_c_matches_balance_equations(agents: int, traffic: float) -> None:
    pi = _stationary(agents, traffic, k_max=agents + 400)
    assert erlang.erlang_c(agents, traffic) == pytest.approx(pi[agents:].sum(), rel=1e-6)
    # ASA from Little's law on the queue length, in seconds for AHT 180 s.
    lq = sum((k - agents) * p for k, p in enumerate(pi) if k > agents)
    asa_units = lq / traffic  # Wq = Lq / λ, λ = traffic per AHT
    assert erlang.average_speed_of_answer(agents, traffic, 180) == pytest.approx(
        asa_units * 180, rel=1e-5
    )


def test_service_level_matches_wait_distribution() -> None:
    agents, traffic, aht, target = 12, 10.0, 180.0, 20.0
    pi = _stationary(agents, traffic, k_max=400)
    expected = 1 - _wait_tail(pi, agents, target / aht)
    assert erlang.service_level(agents, traffic, target, aht) == pytest.approx(expected, rel=1e-6)


def test_published_example() -> None:
    # The widely taught example: 100 calls in 30 minutes, AHT 3 minutes, 80% in 20 s.
    a = erlang.traffic_erlangs(200, 180)
    assert a == pytest.approx(10.0)
    assert erlang.erlang_c(11, a) == pytest.approx(0.6821, abs=1e-4)
    assert erlang.agents_needed(a, 180, 20, 0.80) == 14


def test_erlang_b_recursion_equals_direct_formula() -> None:
    a, n = 7.3, 9
    direct = (a**n / math.factorial(n)) / sum(a**k / math.factorial(k) for k in range(n + 1))
    assert erlang.erlang_b(n, a) == pytest.approx(direct, rel=1e-12)


def test_curve_agrees_with_scalar_functions() -> None:
    agents = np.arange(40, 70)
    sl, asa, occ = erlang.service_level_curve(agents, 49.0, 20, 420)
    for n, s, w, o in zip(agents, sl, asa, occ, strict=True):
        assert s == pytest.approx(erlang.service_level(int(n), 49.0, 20, 420))
        assert w == erlang.average_speed_of_answer(int(n), 49.0, 420) or (math.isinf(w) and n <= 49)
        assert o == pytest.approx(erlang.occupancy(int(n), 49.0))
    assert np.all(np.diff(sl) >= 0)  # more agents never lower the service level


def test_agents_needed_is_the_smallest_that_meets_target() -> None:
    a = erlang.traffic_erlangs(420, 420)
    n = erlang.agents_needed(a, 420, 20, 0.8)
    assert erlang.service_level(n, a, 20, 420) >= 0.8
    assert erlang.service_level(n - 1, a, 20, 420) < 0.8


def test_overload_has_defined_values() -> None:
    s = erlang.staffing(420, 420, 48)  # Kestrel's peak: 49 Erlangs on 48 agents
    assert s.overloaded
    assert s.probability_of_waiting == 1.0
    assert s.service_level == 0.0
    assert math.isinf(s.average_speed_of_answer)
    assert s.occupancy == 1.0
    assert erlang.is_overloaded(10, 10.0)


def test_zero_volume_has_defined_values() -> None:
    s = erlang.staffing(0, 420, 5)
    assert (s.probability_of_waiting, s.service_level, s.average_speed_of_answer, s.occupancy) == (
        0.0,
        1.0,
        0.0,
        0.0,
    )
    assert erlang.agents_needed(0.0, 420) == 1
    assert erlang.erlang_a_abandonment(0, 420, 5, 180) == 0.0


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: erlang.erlang_c(0, 1.0), "agents must be at least 1"),
        (lambda: erlang.erlang_c(2.5, 1.0), "whole number"),
        (lambda: erlang.erlang_c(3, -1.0), "cannot be negative"),
        (lambda: erlang.service_level(3, 1.0, 20, 0), "aht_seconds"),
        (lambda: erlang.traffic_erlangs(-5, 300), "calls_per_hour"),
        (lambda: erlang.agents_needed(5.0, 300, 20, 80), "between 0 and 1"),
    ],
)
def test_bad_inputs_say_what_is_wrong(call, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        call()


def test_erlang_a_abandonment() -> None:
    # More patience, fewer hang-ups; overload stays finite and below 1.
    short = erlang.erlang_a_abandonment(420, 420, 50, 60)
    long = erlang.erlang_a_abandonment(420, 420, 50, 600)
    assert 0 < long < short < 1
    over = erlang.erlang_a_abandonment(420, 420, 40, 180)
    assert (49 - 40) / 49 < over < 1  # at least the excess traffic must leave
    # With huge patience and a stable queue, almost nobody abandons.
    assert erlang.erlang_a_abandonment(300, 420, 50, 1e7) < 1e-3
