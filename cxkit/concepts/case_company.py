"""The course's fictional case company, used by every lesson so that all charts tell one story.

Kestrel Mutual is a mid-sized UK motor and home insurer with a contact centre.
It is inside-out today: its dashboard is full of outputs, a large share of its
calls are failure demand, and its customers judge it on one thing above all —
getting their lives back to normal after something went wrong.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

NAME = "Kestrel Mutual"
SECTOR = "motor and home insurance"
CUSTOMERS = 240_000
CURRENCY = "£"


@dataclass(frozen=True)
class ContactCentre:
    """The contact centre's standing facts (the lessons' default parameters)."""

    agents_on_shift: int = 48
    calls_per_hour_peak: float = 420.0
    aht_seconds: float = 420.0  # talk + hold + after-call work
    target_answer_seconds: float = 20.0
    target_service_level: float = 0.80
    cost_per_agent_minute: float = 0.75  # fully loaded, in pounds
    failure_demand_share: float = 0.62  # what the synthetic log is calibrated to
    # First-call resolution (FCR), one figure per meaning; the synthetic contact log gives both
    # (tests/test_case_figures.py checks it): the agent's "resolved" tick, which is what the
    # dashboard reports, and the calls truly resolved first time, the customer's view.
    fcr_agent_tick: float = 0.90
    fcr_resolved_first_time: float = 0.81
    fcr_target: float = 0.85  # the dashboard's target for the agent's tick
    agent_turnover_per_year: float = 0.38
    contacts_per_month: int = 66_000  # all channels, all hours (lesson 3's triple crown)
    annual_premium: float = 640.0  # average per customer, in pounds
    annual_churn: float = 0.17  # share of customers who leave each year


CONTACT_CENTRE = ContactCentre()


@dataclass(frozen=True)
class CustomerCategory:
    """A needs-based customer category, with its need in the customer's own words."""

    id: str
    name: str
    need: str  # said the way the customer says it
    share_of_customers: float
    share_of_profit: float
    sco_target: str = (
        ""  # the Successful Customer Outcome's SMART target, where the course sets one
    )


# The accident category's Successful Customer Outcome target: every lesson, canvas and
# exercise that states it says exactly this (tests/test_case_figures.py checks them all).
SCO_TARGET_DAYS = 2
SCO_TARGET = f"within {SCO_TARGET_DAYS} working days"
SCO_TARGET_EVENT = "of reporting the accident"

CATEGORIES: tuple[CustomerCategory, ...] = (
    CustomerCategory(
        "back-on-the-road",
        "Get me back on the road",
        "After an accident I just want to be driving again, with as little hassle as possible.",
        0.18,
        0.34,
        SCO_TARGET,
    ),
    CustomerCategory(
        "home-made-whole",
        "Make my home liveable again",
        "When the house is damaged I need it safe and dry again before anything else.",
        0.12,
        0.27,
    ),
    CustomerCategory(
        "set-and-forget",
        "Cover I never have to think about",
        "I want to know I'm covered and hear from you only when it matters.",
        0.41,
        0.29,
    ),
    CustomerCategory(
        "price-hunter",
        "The cheapest quote this year",
        "I compare every renewal and go wherever is cheapest.",
        0.29,
        0.10,
    ),
)


def category(category_id: str) -> CustomerCategory:
    """The case company's customer category with this id."""
    for c in CATEGORIES:
        if c.id == category_id:
            return c
    raise KeyError(f"{NAME} has no customer category {category_id!r}.")


def situation(category_id: str) -> str:
    """The category's name and need in one line (what its needs are judged against), or ""."""
    try:
        c = category(category_id)
    except KeyError:  # a canvas with no category chosen yet, or one the course does not have
        return ""
    return f"{c.name}. {c.need}"


# Kestrel's Net Promoter Score, from its monthly relationship survey: this month's result (the
# survey exercise 8 hands out, which works out at +30) and Marketing's target. Lesson 2's
# dashboard shows these; other NPS figures in the course are labelled as made-up surveys.
NPS_THIS_MONTH = 30
NPS_TARGET = 40


# The monthly dashboard the top team reviews today: ids in cxkit/data/outcomes/measures.csv,
# values and targets in cxkit/data/outcomes/dashboard.csv (see cxkit.concepts.outcomes.measures.dashboard()).
# The contact centre's seven measures lead it (the seeds' "seven deadly sins").
SEVEN_MEASURE_IDS: tuple[str, ...] = (
    "dash-service-level",
    "dash-aht",
    "dash-queue-time",
    "dash-abandonment",
    "dash-fcr",
    "dash-occupancy",
    "dash-turnover",
)
DASHBOARD: tuple[str, ...] = SEVEN_MEASURE_IDS + (
    "dash-claims-closed",
    "dash-emails-24h",
    "dash-complaints-closed",
    "dash-nps",
    "dash-retention",
    "dash-cost-per-claim",
    "dash-gwp",
)


def claims_categories() -> tuple[CustomerCategory, ...]:
    """The two categories whose need is a claim put right (car, home): the lessons' priority."""
    return tuple(c for c in CATEGORIES if c.id in ("back-on-the-road", "home-made-whole"))


def claims_share_of_profit() -> float:
    """The share of Kestrel's profit the two claims categories bring together."""
    return sum(c.share_of_profit for c in claims_categories())


def pct(share: float) -> str:
    """A share as the lessons write it, halves rounded up: 0.34 -> '34%', 5 of 8 -> '63%'."""
    return f"{math.floor(share * 100 + 0.5 + 1e-9):.0f}%"


def categories_frame() -> pd.DataFrame:
    """One row per needs-based category, in plain-word columns (for a lesson's table)."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "Need group": c.name,
                "Their need, in their own words": c.need,
                "Share of customers": c.share_of_customers,
                "Share of profit": c.share_of_profit,
            }
            for c in CATEGORIES
        ]
    )
