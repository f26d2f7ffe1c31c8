"""The contact centre as the dashboard sees it and as the customer lives it (CONCEPTS.md §3).

The "seven deadly sins" are the usual contact-centre measures: each is an
output or efficiency figure. :func:`simulate_centre` runs one hour of Kestrel
Mutual's centre (Erlang C for the queue, the AHT-pressure chain for repeats)
and reports both views side by side, so a participant can watch them diverge:
the dashboard can improve while customers make more contacts per need.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from cxkit.concepts.case_company import (  # banked in lesson 2's measures
    CONTACT_CENTRE,
    SEVEN_MEASURE_IDS,
)
from cxkit.concepts.contact_centre import erlang
from cxkit.concepts.contact_centre.aht_pressure import (
    DEFAULT_PRESSURE,
    AhtPressure,
    pressure_outcome,
)
from cxkit.concepts.outcomes.measures import Measure, measure

PATIENCE_SECONDS = 180.0  # how long the average caller will wait before hanging up
TURNOVER_PER_OCCUPANCY_POINT = 3.0  # illustrative: turnover rises as occupancy passes 85%

# What a table says for a wait that has no end: more work arrives than the agents can take.
NEVER_CLEARS = "never ends: the queue keeps growing"


def seven_measures() -> list[Measure]:
    """The seven contact-centre measures (``cxkit.concepts.outcomes.measures.Measure``), each with why it is an output."""
    return [measure(mid) for mid in SEVEN_MEASURE_IDS]


@dataclass(frozen=True)
class CentreSettings:
    """The simulator's sliders: one hour of the contact centre."""

    value_demand_per_hour: float  # customer needs the service exists for
    aht_seconds: float  # AHT with no pressure (repeats included)
    agents: int
    failure_demand_share: float  # share of contacts that are failure demand, with no pressure
    aht_pressure: float = 0.0  # 0 = no AHT target, 1 = managed hard to AHT
    target_answer_seconds: float = CONTACT_CENTRE.target_answer_seconds
    cost_per_agent_minute: float = CONTACT_CENTRE.cost_per_agent_minute

    def __post_init__(self) -> None:
        checks = [
            ("value_demand_per_hour", self.value_demand_per_hour >= 0, "zero or more"),
            ("aht_seconds", self.aht_seconds > 0, "a positive number of seconds"),
            (
                "agents",
                isinstance(self.agents, int) and self.agents >= 1,
                "a whole number, at least 1",
            ),
            ("failure_demand_share", 0 <= self.failure_demand_share < 1, "between 0 and 0.99"),
            ("aht_pressure", 0 <= self.aht_pressure <= 1, "between 0 and 1"),
            ("target_answer_seconds", self.target_answer_seconds >= 0, "zero or more"),
        ]
        for name, ok, what in checks:
            if not ok:
                raise ValueError(f"{name} must be {what}; got {getattr(self, name)!r}.")


def case_settings() -> CentreSettings:
    """Kestrel Mutual's peak hour today, from the case company's figures."""
    c = CONTACT_CENTRE
    return CentreSettings(
        value_demand_per_hour=c.calls_per_hour_peak * (1 - c.failure_demand_share),
        aht_seconds=c.aht_seconds,
        agents=c.agents_on_shift,
        failure_demand_share=c.failure_demand_share,
    )


@dataclass(frozen=True)
class CentreSnapshot:
    """One simulated hour: the dashboard's seven measures and the customer's view of the same hour."""

    settings: CentreSettings
    contacts_per_hour: float
    value_contacts: float
    failure_contacts: float  # excluding the repeats AHT pressure adds
    pressure_repeats: float  # extra repeats caused by AHT pressure
    measured_aht_seconds: float
    staffing: erlang.Staffing
    abandonment: float
    agent_flag_fcr: float
    true_fcr: float
    turnover_per_year: float
    work_cost_per_hour: float  # handle minutes × cost
    failure_cost_per_hour: float  # the part spent on failure demand (and repeats)
    paid_cost_per_hour: float  # agents on shift × 60 × cost
    curve_agents: np.ndarray = field(repr=False)
    curve_service_level: np.ndarray = field(repr=False)
    curve_asa: np.ndarray = field(repr=False)
    curve_occupancy: np.ndarray = field(repr=False)

    @property
    def overloaded(self) -> bool:
        """Whether traffic ≥ agents: the queue grows without limit this hour."""
        return self.staffing.overloaded

    @property
    def failure_demand_share(self) -> float:
        """Share of this hour's contacts that are failure demand (repeats included)."""
        c = self.contacts_per_hour
        return (self.failure_contacts + self.pressure_repeats) / c if c else 0.0

    @property
    def contacts_per_need(self) -> float:
        """Customer effort: contacts made per real need (value demand)."""
        v = self.settings.value_demand_per_hour
        return self.contacts_per_hour / v if v else 0.0

    @property
    def customer_minutes_per_need(self) -> float:
        """Minutes a customer spends waiting and talking, per need (infinite if the queue never clears)."""
        asa = self.staffing.average_speed_of_answer
        return self.contacts_per_need * (asa + self.measured_aht_seconds) / 60.0

    @property
    def cost_per_need(self) -> float:
        """What the hour's contact work costs per real need met."""
        v = self.settings.value_demand_per_hour
        return self.work_cost_per_hour / v if v else 0.0

    def dashboard(self) -> dict[str, float]:
        """The seven measures, keyed by their measure-bank ids (shares 0–1, times in seconds)."""
        return {
            "dash-service-level": self.staffing.service_level,
            "dash-aht": self.measured_aht_seconds,
            "dash-queue-time": self.staffing.average_speed_of_answer,
            "dash-abandonment": self.abandonment,
            "dash-fcr": self.agent_flag_fcr,
            "dash-occupancy": self.staffing.occupancy,
            "dash-turnover": self.turnover_per_year,
        }

    def customer_view(self) -> dict[str, float]:
        """The same hour from the customer's side."""
        return {
            "needs met at the first contact": self.true_fcr,
            "contacts per need": self.contacts_per_need,
            "minutes per need (waiting + talking)": self.customer_minutes_per_need,
            "failure-demand share": self.failure_demand_share,
            "cost per need met": self.cost_per_need,
        }

    def dashboard_rows(self) -> list[tuple[str, str]]:
        """(measure, value as text) for the seven measures, ready for a table."""
        d, s = self.dashboard(), self.settings
        asa = d["dash-queue-time"]
        return [
            (f"Service level ({s.target_answer_seconds:g} s)", _pct(d["dash-service-level"])),
            ("Average handle time", f"{d['dash-aht']:.0f} s"),
            ("Average queue time", NEVER_CLEARS if math.isinf(asa) else f"{asa:.0f} s"),
            ("Abandonment", _pct(d["dash-abandonment"])),
            ("First-call resolution (agent's tick)", _pct(d["dash-fcr"])),
            ("Occupancy", _pct(d["dash-occupancy"])),
            ("Agent turnover (a year)", _pct(d["dash-turnover"])),
        ]

    def customer_rows(self) -> list[tuple[str, str]]:
        """(what the customer gets, value as text), ready for a table."""
        mins = self.customer_minutes_per_need
        return [
            ("Resolved first time (customer's view)", _pct(self.true_fcr)),
            ("Contacts per need", f"{self.contacts_per_need:.2f}"),
            (
                "Minutes per need (waiting + talking)",
                NEVER_CLEARS if math.isinf(mins) else f"{mins:.1f}",
            ),
            ("Failure-demand share", _pct(self.failure_demand_share)),
            ("Cost per need met", f"£{self.cost_per_need:.2f}"),
        ]


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def abandonment_rate(staff: erlang.Staffing, patience_seconds: float = PATIENCE_SECONDS) -> float:
    """Share of callers who hang up before answer (Erlang A, patience ~3 minutes; defined when overloaded)."""
    return erlang.erlang_a_abandonment(
        staff.calls_per_hour, staff.aht_seconds, staff.agents, patience_seconds
    )


def simulate_centre(
    settings: CentreSettings,
    model: AhtPressure = DEFAULT_PRESSURE,
    curve_span: int = 25,
) -> CentreSnapshot:
    """Simulate one hour: contacts (with repeats from AHT pressure), the queue, the costs, both views."""
    s = settings
    needs = s.value_demand_per_hour
    contacts_no_pressure = needs / (1 - s.failure_demand_share)
    base = pressure_outcome(
        0.0, s.aht_seconds, s.failure_demand_share, s.cost_per_agent_minute, model
    )
    now = pressure_outcome(
        s.aht_pressure, s.aht_seconds, s.failure_demand_share, s.cost_per_agent_minute, model
    )
    scale = contacts_no_pressure / base.contacts  # pressure_outcome works per 1,000 first contacts
    contacts = now.contacts * scale
    extra_repeats = (now.repeat_contacts - base.repeat_contacts) * scale
    staff = erlang.staffing(contacts, now.measured_aht_seconds, s.agents, s.target_answer_seconds)
    # The curve's range moves in steps of 10 agents, so the chart's axis stays put while a slider
    # moves a little (the simulator's redraw reuses its picture of the axes).
    lo = max(1, (s.agents - curve_span) // 10 * 10)
    hi = -(-max(s.agents + curve_span, math.ceil(staff.traffic) + 10) // 10) * 10
    agents = np.arange(lo, hi + 1)
    sl, asa, occ = erlang.service_level_curve(
        agents, staff.traffic, s.target_answer_seconds, now.measured_aht_seconds
    )
    work_cost = now.cost * scale
    value_share_of_work = needs * base.measured_aht_seconds * model.aht_multiplier(s.aht_pressure)
    failure_cost = max(work_cost - value_share_of_work / 60 * s.cost_per_agent_minute, 0.0)
    turnover = CONTACT_CENTRE.agent_turnover_per_year * (
        1 + 0.5 * s.aht_pressure + TURNOVER_PER_OCCUPANCY_POINT * max(0.0, staff.occupancy - 0.85)
    )
    return CentreSnapshot(
        settings=s,
        contacts_per_hour=contacts,
        value_contacts=needs,
        failure_contacts=contacts_no_pressure - needs,
        pressure_repeats=extra_repeats,
        measured_aht_seconds=now.measured_aht_seconds,
        staffing=staff,
        abandonment=abandonment_rate(staff),
        agent_flag_fcr=now.agent_flag_fcr,
        true_fcr=now.first_contact_resolution,
        turnover_per_year=turnover,
        work_cost_per_hour=work_cost,
        failure_cost_per_hour=failure_cost,
        paid_cost_per_hour=s.agents * 60 * s.cost_per_agent_minute,
        curve_agents=agents,
        curve_service_level=sl,
        curve_asa=asa,
        curve_occupancy=occ,
    )


def with_changes(settings: CentreSettings, **changes) -> CentreSettings:
    """A copy of the settings with some sliders moved (validated again)."""
    return replace(settings, **changes)
