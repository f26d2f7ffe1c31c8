"""Erlang C: how many agents a queue of calls needs, and what callers wait.

The classic M/M/N model the contact-centre dashboard is built on (CONCEPTS.md §3):
- traffic A = calls per second × AHT, in Erlangs (busy agents needed on average)
- P(wait) is Erlang C with N agents
- service level = 1 − P(wait)·e^(−(N−A)·T/AHT)
- average speed of answer = P(wait)·AHT/(N−A)
- occupancy = A/N

Defined values at the edges, so a slider can never crash a chart:
- zero traffic: nobody waits (P(wait) 0, service level 1, ASA 0, occupancy 0)
- traffic ≥ agents: the queue grows without limit (P(wait) 1, service level 0,
  ASA infinite, occupancy 1); :func:`is_overloaded` says so.
Impossible inputs (negative traffic, no agents, a non-whole number of agents)
raise ValueError naming the input and what to do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


def _check_agents(agents: int) -> int:
    if isinstance(agents, bool) or not isinstance(agents, int | np.integer):
        if isinstance(agents, float) and agents.is_integer():
            return int(agents)
        raise ValueError(f"agents must be a whole number of agents, not {agents!r}.")
    if agents < 1:
        raise ValueError(
            f"agents must be at least 1 (got {agents}); a queue needs someone to answer it."
        )
    return int(agents)


def _check_traffic(traffic: float) -> float:
    if not isinstance(traffic, int | float | np.number) or not math.isfinite(traffic):
        raise ValueError(f"traffic must be a finite number of Erlangs, not {traffic!r}.")
    if traffic < 0:
        raise ValueError(f"traffic cannot be negative (got {traffic}); use 0 for no calls.")
    return float(traffic)


def _check_positive(name: str, value: float) -> float:
    if not isinstance(value, int | float | np.number) or not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive number of seconds, not {value!r}.")
    return float(value)


def traffic_erlangs(calls_per_hour: float, aht_seconds: float) -> float:
    """Offered traffic in Erlangs: calls per hour × average handle time (s) / 3600."""
    if not isinstance(calls_per_hour, int | float | np.number) or calls_per_hour < 0:
        raise ValueError(f"calls_per_hour must be zero or more, not {calls_per_hour!r}.")
    return float(calls_per_hour) * _check_positive("aht_seconds", aht_seconds) / 3600.0


def is_overloaded(agents: int, traffic: float) -> bool:
    """Whether traffic ≥ agents, so the queue grows without limit."""
    return _check_traffic(traffic) >= _check_agents(agents)


def erlang_b(agents: int, traffic: float) -> float:
    """Erlang B blocking probability, by the stable recursion B(n) = A·B(n−1)/(n + A·B(n−1))."""
    n_max = _check_agents(agents)
    a = _check_traffic(traffic)
    b = 1.0
    for n in range(1, n_max + 1):
        b = a * b / (n + a * b)
    return b


def erlang_c(agents: int, traffic: float) -> float:
    """Probability that a caller has to wait (Erlang C); 1.0 when traffic ≥ agents, 0.0 with no traffic."""
    n = _check_agents(agents)
    a = _check_traffic(traffic)
    if a == 0:
        return 0.0
    if a >= n:
        return 1.0
    b = erlang_b(n, a)
    return n * b / (n - a * (1.0 - b))


def service_level(
    agents: int, traffic: float, target_answer_seconds: float, aht_seconds: float
) -> float:
    """Share of calls answered within the target time: 1 − P(wait)·e^(−(N−A)·T/AHT)."""
    n, a = _check_agents(agents), _check_traffic(traffic)
    aht = _check_positive("aht_seconds", aht_seconds)
    if target_answer_seconds < 0:
        raise ValueError("target_answer_seconds cannot be negative.")
    if a >= n:
        return 0.0
    return 1.0 - erlang_c(n, a) * math.exp(-(n - a) * target_answer_seconds / aht)


def average_speed_of_answer(agents: int, traffic: float, aht_seconds: float) -> float:
    """Mean wait in seconds over all calls, P(wait)·AHT/(N−A); infinite when traffic ≥ agents."""
    n, a = _check_agents(agents), _check_traffic(traffic)
    aht = _check_positive("aht_seconds", aht_seconds)
    if a >= n:
        return math.inf
    return erlang_c(n, a) * aht / (n - a)


def occupancy(agents: int, traffic: float) -> float:
    """Share of agents' logged-in time spent on contacts, A/N (at most 1)."""
    n, a = _check_agents(agents), _check_traffic(traffic)
    return min(1.0, a / n)


def agents_needed(
    traffic: float,
    aht_seconds: float,
    target_answer_seconds: float = 20.0,
    target_service_level: float = 0.80,
    max_agents: int = 100_000,
) -> int:
    """The fewest agents that answer target_service_level of calls within target_answer_seconds."""
    a = _check_traffic(traffic)
    if not 0 < target_service_level < 1:
        raise ValueError(
            f"target_service_level must be a share between 0 and 1 (e.g. 0.8), not {target_service_level!r}."
        )
    if a == 0:
        return 1  # someone must be logged in to answer the odd call
    n = max(1, math.floor(a) + 1)
    while n <= max_agents:
        if service_level(n, a, target_answer_seconds, aht_seconds) >= target_service_level:
            return n
        n += 1
    raise ValueError(f"No staffing up to {max_agents} agents meets the target; check the inputs.")


def service_level_curve(
    agents: np.ndarray, traffic: float, target_answer_seconds: float, aht_seconds: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Service level, ASA (s) and occupancy for each agent count, with one Erlang B pass."""
    agents = np.asarray(agents, dtype=int)
    a = _check_traffic(traffic)
    aht = _check_positive("aht_seconds", aht_seconds)
    if agents.size == 0:
        empty = np.array([], dtype=float)
        return empty, empty, empty
    if agents.min() < 1:
        raise ValueError("every agent count must be at least 1.")
    n_max = int(agents.max())
    b = np.empty(n_max + 1)
    b[0] = 1.0
    for n in range(1, n_max + 1):  # one recursion serves every N up to n_max
        b[n] = a * b[n - 1] / (n + a * b[n - 1])
    bn = b[agents]
    stable = agents > a
    with np.errstate(divide="ignore", invalid="ignore"):
        pw = np.where(stable, agents * bn / (agents - a * (1 - bn)), 1.0)
        if a == 0:
            pw = np.zeros_like(bn)
        sl = np.where(stable, 1 - pw * np.exp(-(agents - a) * target_answer_seconds / aht), 0.0)
        asa = np.where(stable, pw * aht / np.where(stable, agents - a, 1.0), np.inf)
    occ = np.minimum(1.0, a / agents)
    return sl, asa, occ


@dataclass(frozen=True)
class Staffing:
    """Erlang C figures for one interval: what the queue does with this many agents."""

    calls_per_hour: float
    aht_seconds: float
    agents: int
    target_answer_seconds: float
    traffic: float
    probability_of_waiting: float
    service_level: float
    average_speed_of_answer: float
    occupancy: float

    @property
    def overloaded(self) -> bool:
        """Whether the queue grows without limit (traffic ≥ agents)."""
        return self.traffic >= self.agents


def staffing(
    calls_per_hour: float, aht_seconds: float, agents: int, target_answer_seconds: float = 20.0
) -> Staffing:
    """All the Erlang C figures for calls per hour, AHT and agents."""
    a = traffic_erlangs(calls_per_hour, aht_seconds)
    n = _check_agents(agents)
    return Staffing(
        calls_per_hour=float(calls_per_hour),
        aht_seconds=float(aht_seconds),
        agents=n,
        target_answer_seconds=float(target_answer_seconds),
        traffic=a,
        probability_of_waiting=erlang_c(n, a),
        service_level=service_level(n, a, target_answer_seconds, aht_seconds),
        average_speed_of_answer=average_speed_of_answer(n, a, aht_seconds),
        occupancy=occupancy(n, a),
    )


def erlang_a_abandonment(
    calls_per_hour: float, aht_seconds: float, agents: int, patience_seconds: float
) -> float:
    """Share of callers who hang up before answer, in the Erlang A (M/M/N+M) model.

    Callers leave after an exponential patience with the given mean. Unlike
    Erlang C this stays defined when traffic ≥ agents: the queue is held in
    check by the callers who give up.
    """
    n = _check_agents(agents)
    aht = _check_positive("aht_seconds", aht_seconds)
    patience = _check_positive("patience_seconds", patience_seconds)
    lam = traffic_erlangs(calls_per_hour, aht) / aht  # calls per second
    if lam == 0:
        return 0.0
    # Birth-death chain: state k callers in the system; truncate far into the tail.
    k_max = n + int(50 + 20 * lam * patience)
    k = np.arange(1, k_max + 1)
    death = np.minimum(k, n) / aht + np.maximum(k - n, 0) / patience
    log_pi = np.concatenate([[0.0], np.cumsum(np.log(lam) - np.log(death))])
    pi = np.exp(log_pi - log_pi.max())
    pi /= pi.sum()
    waiting = np.maximum(np.arange(k_max + 1) - n, 0)
    return float((waiting * pi).sum() / patience / lam)
