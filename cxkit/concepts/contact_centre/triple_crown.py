"""The triple-crown calculator: does a change improve the customer's experience, cut cost and grow revenue?

CONCEPTS.md §7: a change wins the triple crown only if all three move the right
way at once. Removing work that does not serve the customer's outcome (failure
demand) tends to; squeezing handle time with a target tends not to.

Public API (reused by later lessons)::

    from cxkit.concepts.contact_centre.triple_crown import Change, triple_crown
    result = triple_crown(Change("remove-failure-demand", 0.30))
    result.all_pass, result.customer.passed, result.summary()

The model, with its stated assumptions in :class:`CrownBaseline`:
- customer: effort = contacts per real need; wait = peak-hour average speed of
  answer (Erlang C); resolution = share of contacts resolved first time.
- cost: agent hours a month = contacts × AHT (+ paid hours of added agents) × cost per minute.
- revenue: yearly churn moves by ``churn_sensitivity`` for each extra (or
  avoided) failure contact per customer per year; revenue = retained customers × premium.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from cxkit.concepts.case_company import CONTACT_CENTRE, CUSTOMERS
from cxkit.concepts.contact_centre import erlang
from cxkit.concepts.contact_centre.aht_pressure import (
    DEFAULT_PRESSURE,
    AhtPressure,
    pressure_outcome,
)

CHANGE_KINDS: dict[str, str] = {
    "remove-failure-demand": "Remove {pct} of failure demand (fix its causes)",
    "cut-aht-by-target": "Cut AHT by {pct} with a tougher AHT target",
    "cut-aht-by-fixing-process": "Cut AHT by {pct} by fixing systems and knowledge",
    "add-agents": "Add {n} agents at peak",
}
MAX_PROCESS_AHT_CUT = 0.6
_EPS = 1e-9


@dataclass(frozen=True)
class Change:
    """A proposed change: one of CHANGE_KINDS and its size (a share 0–1, or a number of agents)."""

    kind: str
    amount: float

    def __post_init__(self) -> None:
        if self.kind not in CHANGE_KINDS:
            raise ValueError(
                f"Unknown change {self.kind!r}; choose one of: {', '.join(CHANGE_KINDS)}."
            )
        a = self.amount
        if isinstance(a, bool) or not isinstance(a, int | float) or not math.isfinite(a):
            raise ValueError(f"The size of the change must be a number, not {a!r}.")
        if self.kind == "add-agents":
            if a < 0 or a != int(a) or a > 1000:
                raise ValueError(
                    f"add-agents needs a whole number of agents from 0 to 1000, not {a!r}."
                )
        elif self.kind == "cut-aht-by-fixing-process":
            if not 0 <= a <= MAX_PROCESS_AHT_CUT:
                raise ValueError(
                    f"A process fix can cut AHT by a share from 0 to {MAX_PROCESS_AHT_CUT:g} "
                    f"(e.g. 0.1 for 10%), not {a!r}."
                )
        elif not 0 <= a <= 1:
            raise ValueError(
                f"{self.kind} needs a share from 0 to 1 (e.g. 0.3 for 30%), not {a!r}."
            )

    def describe(self) -> str:
        """The change in words, e.g. 'Remove 30% of failure demand (fix its causes)'."""
        return CHANGE_KINDS[self.kind].format(pct=f"{100 * self.amount:g}%", n=int(self.amount))


@dataclass(frozen=True)
class CrownBaseline:
    """Today's contact centre and the stated assumptions the calculator uses."""

    contacts_per_month: float = CONTACT_CENTRE.contacts_per_month
    failure_demand_share: float = CONTACT_CENTRE.failure_demand_share
    aht_seconds: float = CONTACT_CENTRE.aht_seconds
    agents: int = CONTACT_CENTRE.agents_on_shift
    calls_per_hour_peak: float = CONTACT_CENTRE.calls_per_hour_peak
    target_answer_seconds: float = CONTACT_CENTRE.target_answer_seconds
    cost_per_agent_minute: float = CONTACT_CENTRE.cost_per_agent_minute
    customers: int = CUSTOMERS
    annual_premium: float = CONTACT_CENTRE.annual_premium
    annual_churn: float = CONTACT_CENTRE.annual_churn
    # Extra yearly churn (as a share of customers) per extra failure contact per customer per year.
    churn_sensitivity: float = 0.02
    paid_hours_per_agent_month: float = 160.0

    def __post_init__(self) -> None:
        if not 0 <= self.failure_demand_share < 1:
            raise ValueError("failure_demand_share must be between 0 and 0.99.")
        if self.contacts_per_month < 0 or self.aht_seconds <= 0 or self.agents < 1:
            raise ValueError("contacts_per_month ≥ 0, aht_seconds > 0 and agents ≥ 1 are needed.")
        if not 0 <= self.churn_sensitivity <= 1:
            raise ValueError(
                f"churn_sensitivity must be between 0 and 1 (e.g. 0.02), not {self.churn_sensitivity!r}."
            )


@dataclass(frozen=True)
class CrownState:
    """The centre's figures a month (and at the peak hour), before or after a change."""

    contacts_per_month: float
    failure_contacts_per_month: float
    aht_seconds: float
    first_contact_resolution: float
    contacts_per_need: float  # customer effort
    peak_wait_seconds: float  # average speed of answer at peak (inf if the queue never clears)
    peak_service_level: float
    agent_hours_per_month: float
    cost_per_month: float
    annual_churn: float
    revenue_per_year: float


@dataclass(frozen=True)
class Crown:
    """One crown's verdict, with the figures behind it."""

    name: str  # "customer", "cost" or "revenue"
    passed: bool
    verdict: str
    figures: dict[str, tuple[float, float]] = field(default_factory=dict)  # name -> (before, after)


@dataclass(frozen=True)
class TripleCrownResult:
    """A change's effect on all three crowns, and whether it wins them all."""

    change: Change
    baseline: CrownBaseline
    before: CrownState
    after: CrownState
    customer: Crown
    cost: Crown
    revenue: Crown

    @property
    def crowns(self) -> tuple[Crown, Crown, Crown]:
        """The three crowns in order: customer, cost, revenue."""
        return (self.customer, self.cost, self.revenue)

    @property
    def all_pass(self) -> bool:
        """True only if the customer, cost and revenue crowns all pass."""
        return all(c.passed for c in self.crowns)

    @property
    def cost_saved_per_month(self) -> float:
        """Money saved a month (negative if the change costs more)."""
        return self.before.cost_per_month - self.after.cost_per_month

    @property
    def revenue_gained_per_year(self) -> float:
        """Revenue kept a year through retention (negative if lost)."""
        return self.after.revenue_per_year - self.before.revenue_per_year

    def summary(self) -> str:
        """A few lines a participant can read: the change, each crown, the overall verdict."""
        lines = [self.change.describe() + ":"]
        for c in self.crowns:
            lines.append(f"  {c.name.capitalize():<9}{'PASS' if c.passed else 'FAIL'}  {c.verdict}")
        lines.append("Triple crown won." if self.all_pass else "Triple crown NOT won.")
        return "\n".join(lines)

    def as_dict(self) -> dict:
        """Plain JSON-able figures (infinite waits become None) for saving in a workbook."""

        def clean(v):
            return None if isinstance(v, float) and not math.isfinite(v) else v

        return {
            "change": {"kind": self.change.kind, "amount": self.change.amount},
            "description": self.change.describe(),
            "churn_sensitivity": self.baseline.churn_sensitivity,
            "before": {k: clean(v) for k, v in asdict(self.before).items()},
            "after": {k: clean(v) for k, v in asdict(self.after).items()},
            "customer_pass": self.customer.passed,
            "cost_pass": self.cost.passed,
            "revenue_pass": self.revenue.passed,
            "all_pass": self.all_pass,
        }


def _state(
    b: CrownBaseline,
    model: AhtPressure,
    removed: float = 0.0,
    pressure: float = 0.0,
    aht_factor: float = 1.0,
    extra_agents: int = 0,
) -> CrownState:
    f = b.failure_demand_share
    base = pressure_outcome(0.0, b.aht_seconds, f, b.cost_per_agent_minute, model)
    now = pressure_outcome(pressure, b.aht_seconds, f, b.cost_per_agent_minute, model)
    scale = b.contacts_per_month / base.contacts
    value = b.contacts_per_month * (1 - f)
    failure = b.contacts_per_month * f + (now.repeat_contacts - base.repeat_contacts) * scale
    failure *= 1 - removed
    contacts = value + failure
    aht = now.measured_aht_seconds * aht_factor
    unresolved = value * model.unresolved_rate(pressure, "value") + failure * model.unresolved_rate(
        pressure, "failure"
    )
    fcr = 1 - unresolved / contacts if contacts else 1.0
    peak_calls = (
        b.calls_per_hour_peak * contacts / b.contacts_per_month if b.contacts_per_month else 0
    )
    peak = erlang.staffing(peak_calls, aht, b.agents + extra_agents, b.target_answer_seconds)
    hours = contacts * aht / 3600 + extra_agents * b.paid_hours_per_agent_month
    per_customer = 12 * b.contacts_per_month * f / b.customers  # failure contacts a year, today
    churn = b.annual_churn + b.churn_sensitivity * (12 * failure / b.customers - per_customer)
    churn = min(1.0, max(0.0, churn))
    return CrownState(
        contacts_per_month=contacts,
        failure_contacts_per_month=failure,
        aht_seconds=aht,
        first_contact_resolution=fcr,
        contacts_per_need=contacts / value if value else 0.0,
        peak_wait_seconds=peak.average_speed_of_answer,
        peak_service_level=peak.service_level,
        agent_hours_per_month=hours,
        cost_per_month=hours * 60 * b.cost_per_agent_minute,
        annual_churn=churn,
        revenue_per_year=b.customers * (1 - churn) * b.annual_premium,
    )


def max_target_aht_cut(
    baseline: CrownBaseline | None = None, model: AhtPressure = DEFAULT_PRESSURE
) -> float:
    """The largest measured-AHT cut an AHT target can force (at full pressure)."""
    b = baseline or CrownBaseline()
    return 1 - _state(b, model, pressure=1.0).aht_seconds / _state(b, model).aht_seconds


def _pressure_for_cut(b: CrownBaseline, model: AhtPressure, cut: float) -> float:
    """Bisection: the AHT pressure at which measured AHT falls by `cut`."""
    top = max_target_aht_cut(b, model)
    if cut > top + _EPS:
        raise ValueError(
            f"An AHT target alone cannot cut AHT by {100 * cut:g}%: repeats pull the average back "
            f"up, so the most it can force is {100 * top:.1f}%. Choose a smaller cut."
        )
    start = _state(b, model).aht_seconds
    lo, hi = 0.0, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if 1 - _state(b, model, pressure=mid).aht_seconds / start < cut:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _better(before: float, after: float, lower_is_better: bool) -> int:
    """+1 better, 0 the same, −1 worse (infinite waits compare as worst)."""
    if before == after or (math.isinf(before) and math.isinf(after)):
        return 0
    if math.isinf(before) or math.isinf(after):  # a queue that never clears is the worst wait
        improved = math.isinf(before) if lower_is_better else math.isinf(after)
        return 1 if improved else -1
    if abs(after - before) <= _EPS * max(1.0, abs(before)):
        return 0
    improved = after < before if lower_is_better else after > before
    return 1 if improved else -1


def _about_gbp(x: float) -> str:
    """Money as a manager reads it, to two significant figures: £1,885,594 -> '£1.9m', £64,449 -> '£64,000'."""
    x = abs(x)
    if x >= 1e6:
        return f"£{x / 1e6:.1f}m"
    if x < 10:
        return f"£{x:.0f}"
    digits = math.floor(math.log10(x)) - 1  # keep two significant figures
    return f"£{round(x, -digits):,.0f}"


def _money(x: float, gain: str, loss: str, same: str) -> str:
    if abs(x) < 0.5:
        return same
    return gain.format(_about_gbp(x)) if x > 0 else loss.format(_about_gbp(x))


def _shares(before: float, after: float, decimals: int = 0) -> str:
    """'81% → 83%': as few decimals as show the move (up to two more) without exaggerating it."""
    move = after - before
    for d in range(decimals, decimals + 3):
        shown = round(after * 10 ** (d + 2)) - round(before * 10 ** (d + 2))
        if abs(shown / 10 ** (d + 2) - move) <= 0.5 * abs(move):
            break
    return f"{before:.{d}%} → {after:.{d}%}"


def _wait(before: float, after: float) -> str:
    """The peak wait before and after; a wait with no end is said once."""
    never = "the queue never clears"
    if math.isinf(before) and math.isinf(after):
        return f"at peak {never}, before or after"
    if math.isinf(before):
        return f"wait at peak: {never} → {after:.0f} s"
    if math.isinf(after):
        return f"wait at peak {before:.0f} s → {never}"
    return f"wait at peak {before:.0f} s → {after:.0f} s"


def _hours(h: float) -> str:
    return f"{round(h, -1):,.0f}"


def triple_crown(
    change: Change | str,
    amount: float | None = None,
    baseline: CrownBaseline | None = None,
    model: AhtPressure = DEFAULT_PRESSURE,
) -> TripleCrownResult:
    """The effect of a change on customer, cost and revenue, and whether it wins all three crowns."""
    if isinstance(change, str):
        if amount is None:
            raise ValueError(
                "Give the size of the change, e.g. triple_crown('remove-failure-demand', 0.3)."
            )
        change = Change(change, amount)
    b = baseline or CrownBaseline()
    before = _state(b, model)
    if change.kind == "remove-failure-demand":
        after = _state(b, model, removed=change.amount)
    elif change.kind == "cut-aht-by-target":
        after = _state(b, model, pressure=_pressure_for_cut(b, model, change.amount))
    elif change.kind == "cut-aht-by-fixing-process":
        after = _state(b, model, aht_factor=1 - change.amount)
    else:
        after = _state(b, model, extra_agents=int(change.amount))

    cust = {
        "contacts per need": (before.contacts_per_need, after.contacts_per_need, True),
        "peak wait (s)": (before.peak_wait_seconds, after.peak_wait_seconds, True),
        "resolved first time": (
            before.first_contact_resolution,
            after.first_contact_resolution,
            False,
        ),
    }
    moves = {k: _better(x, y, low) for k, (x, y, low) in cust.items()}
    worse = [k for k, m in moves.items() if m < 0]
    better = [k for k, m in moves.items() if m > 0]
    c_pass = not worse and bool(better)
    c_verdict = (
        f"effort {before.contacts_per_need:.2f} → {after.contacts_per_need:.2f} contacts per need; "
        f"{_wait(before.peak_wait_seconds, after.peak_wait_seconds)}; resolved first time "
        f"{_shares(before.first_contact_resolution, after.first_contact_resolution)}"
        + (
            f". Worse: {', '.join(worse)}."
            if worse
            else "."
            if better
            else ". Nothing changes for the customer."
        )
    )
    saved = before.cost_per_month - after.cost_per_month
    cost_pass = _better(before.cost_per_month, after.cost_per_month, True) > 0
    cost_verdict = (
        f"{_hours(before.agent_hours_per_month)} → {_hours(after.agent_hours_per_month)} agent "
        "hours a month; "
        + _money(
            saved, "saves about {} a month.", "costs about {} a month more.", "cost unchanged."
        )
    )
    gained = after.revenue_per_year - before.revenue_per_year
    rev_pass = _better(before.revenue_per_year, after.revenue_per_year, False) > 0
    rev_verdict = (
        f"churn {_shares(before.annual_churn, after.annual_churn, 1)} a year "
        f"(sensitivity {b.churn_sensitivity:g} per failure contact per customer-year); "
        + _money(
            gained,
            "keeps about {} of revenue a year.",
            "loses about {} of revenue a year.",
            "revenue unchanged.",
        )
    )
    return TripleCrownResult(
        change=change,
        baseline=b,
        before=before,
        after=after,
        customer=Crown("customer", c_pass, c_verdict, {k: (x, y) for k, (x, y, _) in cust.items()}),
        cost=Crown(
            "cost",
            cost_pass,
            cost_verdict,
            {"cost a month (£)": (before.cost_per_month, after.cost_per_month)},
        ),
        revenue=Crown(
            "revenue",
            rev_pass,
            rev_verdict,
            {"revenue a year (£)": (before.revenue_per_year, after.revenue_per_year)},
        ),
    )


def crown_table(results: list[TripleCrownResult]):
    """One row per change: each crown's PASS/FAIL with its reason, and the overall verdict."""
    import pandas as pd

    return pd.DataFrame(
        {
            "Change": [r.change.describe() for r in results],
            **{
                f"{name.capitalize()} crown": [
                    f"{'PASS' if c.passed else 'FAIL'}: {c.verdict}"
                    for c in (getattr(r, name) for r in results)
                ]
                for name in ("customer", "cost", "revenue")
            },
            "Triple crown": ["won" if r.all_pass else "not won" for r in results],
        }
    )
