"""AHT pressure: why pushing handle time down can raise workload, cost and customer effort.

A deliberately small causal chain (CONCEPTS.md §2–3), one number per link:

1. Pressure p (0 = no AHT target, 1 = agents managed hard to AHT) trims every
   contact's handle time: AHT × (1 − ``aht_cut_at_full`` · p). The dashboard improves.
2. Rushed contacts are resolved less often: the chance a contact is left
   unresolved rises from its base rate towards 1 by ``unresolved_added_at_full`` · p.
3. An unresolved customer rings back (``callback_probability``); that repeat is
   failure demand, takes longer than the first contact (``repeat_handle_factor``)
   and can itself go unresolved, so repeats form a geometric chain.

So contacts per need = 1 + expected repeats, and total handle time per need =
AHT·(1 − cut·p)·(1 + repeats·factor): past a small pressure the second term wins
and total workload rises while measured AHT falls.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd


def _check_pressure(pressure: float) -> float:
    if not isinstance(pressure, int | float) or not 0 <= pressure <= 1:
        raise ValueError(
            f"AHT pressure must be between 0 (no AHT target) and 1 (managed hard to AHT), "
            f"not {pressure!r}."
        )
    return float(pressure)


def _check_share(name: str, share: float) -> float:
    if not isinstance(share, int | float) or not 0 <= share <= 1:
        raise ValueError(f"{name} must be a share between 0 and 1 (e.g. 0.62), not {share!r}.")
    return float(share)


@dataclass(frozen=True)
class AhtPressure:
    """The parameters of the AHT-pressure chain; the defaults are the course's stated assumptions."""

    aht_cut_at_full: float = 0.30  # full pressure trims 30% off every contact
    unresolved_value: float = 0.08  # value demand left unresolved with no pressure
    unresolved_failure: float = 0.25  # failure demand (and repeats) is harder to close
    unresolved_added_at_full: float = 0.45  # share of the gap to 1 that full pressure adds
    callback_probability: float = 0.80  # an unresolved customer rings back
    repeat_handle_factor: float = 1.30  # a repeat takes longer than the first contact
    # How often agents tick "resolved" on a contact that was not: rises with pressure.
    false_resolved_at_zero: float = 0.55
    false_resolved_added_at_full: float = 0.35
    # ...and now and then misses a contact that was resolved.
    resolved_left_unticked: float = 0.02

    def aht_multiplier(self, pressure: float) -> float:
        """What pressure does to every contact's handle time (1 = unchanged)."""
        return 1.0 - self.aht_cut_at_full * _check_pressure(pressure)

    def unresolved_rate(self, pressure: float, demand: str = "value") -> float:
        """Chance a contact is left unresolved, for "value" or "failure" demand (repeats count as failure)."""
        if demand not in ("value", "failure"):
            raise ValueError(f"demand must be 'value' or 'failure', not {demand!r}.")
        base = self.unresolved_value if demand == "value" else self.unresolved_failure
        return base + (1.0 - base) * self.unresolved_added_at_full * _check_pressure(pressure)

    def repeats_per_contact(self, pressure: float, demand: str = "value") -> float:
        """Expected repeat contacts that follow one first contact of this demand type."""
        first = self.unresolved_rate(pressure, demand) * self.callback_probability
        again = self.unresolved_rate(pressure, "failure") * self.callback_probability
        return first / (1.0 - again)

    def agent_marks_resolved(self, pressure: float) -> float:
        """Chance an agent ticks 'resolved' on a contact that was not (the flag's optimism)."""
        return self.false_resolved_at_zero + self.false_resolved_added_at_full * _check_pressure(
            pressure
        )

    def first_contact_failure_share(self, overall_share: float) -> float:
        """Share of first contacts that are failure demand so that, with repeats, the whole log is overall_share.

        Solved from share = (f + (1−f)·r_v + f·r_f) / (1 + (1−f)·r_v + f·r_f) at no pressure;
        clipped to [0, 1] (repeats alone give a floor on the share).
        """
        share = _check_share("failure_demand_share", overall_share)
        rv, rf = self.repeats_per_contact(0, "value"), self.repeats_per_contact(0, "failure")
        f = (share * (1 + rv) - rv) / (1 + (1 - share) * (rf - rv))
        return min(1.0, max(0.0, f))


DEFAULT_PRESSURE = AhtPressure()


@dataclass(frozen=True)
class PressureOutcome:
    """What one AHT-pressure level does, per 1,000 customer needs (first contacts)."""

    pressure: float
    measured_aht_seconds: float  # what the dashboard shows
    contacts: float  # first contacts + repeats
    repeat_contacts: float
    agent_hours: float
    cost: float
    first_contact_resolution: float  # resolved first time, truly (the customer's view)
    agent_flag_fcr: float  # first-call resolution by the agent's tick: what the dashboard shows
    contacts_per_need: float  # customer effort
    failure_demand_share: float


def pressure_outcome(
    pressure: float,
    aht_seconds: float,
    failure_demand_share: float,
    cost_per_agent_minute: float,
    model: AhtPressure = DEFAULT_PRESSURE,
    needs: float = 1000.0,
) -> PressureOutcome:
    """The expected workload, cost and customer effort at one AHT-pressure level."""
    p = _check_pressure(pressure)
    if aht_seconds <= 0:
        raise ValueError(f"aht_seconds must be positive, not {aht_seconds!r}.")
    f0 = model.first_contact_failure_share(failure_demand_share)
    rv, rf = model.repeats_per_contact(p, "value"), model.repeats_per_contact(p, "failure")
    repeats = needs * ((1 - f0) * rv + f0 * rf)
    contacts = needs + repeats
    # Unresolved contacts: first contacts by type, repeats at the failure rate.
    unresolved = needs * (
        (1 - f0) * model.unresolved_rate(p, "value") + f0 * model.unresolved_rate(p, "failure")
    ) + repeats * model.unresolved_rate(p, "failure")
    fcr = 1.0 - unresolved / contacts
    flag = fcr * (1.0 - model.resolved_left_unticked) + (1.0 - fcr) * model.agent_marks_resolved(p)
    # aht_seconds is the AHT measured with no pressure (repeats included), as on the dashboard.
    r0 = (1 - f0) * model.repeats_per_contact(0, "value") + f0 * model.repeats_per_contact(
        0, "failure"
    )
    first_aht = aht_seconds * (1 + r0) / (1 + r0 * model.repeat_handle_factor)
    base_aht = first_aht * model.aht_multiplier(p)
    seconds = base_aht * (needs + repeats * model.repeat_handle_factor)
    hours = seconds / 3600.0
    return PressureOutcome(
        pressure=p,
        measured_aht_seconds=seconds / contacts,
        contacts=contacts,
        repeat_contacts=repeats,
        agent_hours=hours,
        cost=hours * 60.0 * cost_per_agent_minute,
        first_contact_resolution=fcr,
        agent_flag_fcr=min(1.0, flag),
        contacts_per_need=contacts / needs,
        failure_demand_share=(needs * f0 + repeats) / contacts,
    )


def pressure_table(
    aht_seconds: float,
    failure_demand_share: float,
    cost_per_agent_minute: float,
    pressures: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75, 1.0),
    model: AhtPressure = DEFAULT_PRESSURE,
) -> pd.DataFrame:
    """A table of pressure_outcome over several pressure levels (one row each)."""
    rows = [
        asdict(pressure_outcome(p, aht_seconds, failure_demand_share, cost_per_agent_minute, model))
        for p in pressures
    ]
    return pd.DataFrame(rows).set_index("pressure")
