"""Failure-demand analysis on any contact log (CONCEPTS.md §3), vectorised with pandas.

Failure demand (John Seddon, Vanguard) is demand caused by a failure to do
something, or to do something right, for the customer; value demand is what the
service exists for. Every function here takes a log shaped like
:func:`cxkit.concepts.contact_centre.contact_log.generate_contact_log`'s and works on a million contacts
in well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxkit.concepts.case_company import CONTACT_CENTRE
from cxkit.concepts.contact_centre.contact_log import LogSpec, reason_labels

DAYS_PER_MONTH = 365.25 / 12


def _need(log: pd.DataFrame, *columns: str) -> None:
    if not isinstance(log, pd.DataFrame):
        raise TypeError(f"Expected a contact log (a pandas DataFrame), not {type(log).__name__}.")
    missing = [c for c in columns if c not in log.columns]
    if missing:
        raise ValueError(
            f"The contact log has no column {', '.join(repr(c) for c in missing)}; "
            f"it has {', '.join(map(str, log.columns))}. Use a log from cxkit.concepts.contact_centre.contact_log."
        )


def _is_failure(log: pd.DataFrame) -> np.ndarray:
    _need(log, "demand")
    col = log["demand"]
    if isinstance(col.dtype, pd.CategoricalDtype):  # the generator's logs: check the few categories
        values = {str(v) for v in col.cat.categories[np.unique(col.cat.codes[col.cat.codes >= 0])]}
    else:
        values = {str(v) for v in pd.unique(col.dropna())}
    unknown = values - {"value", "failure"}
    if unknown:
        raise ValueError(
            f"The 'demand' column must hold 'value' or 'failure'; it also holds {sorted(unknown)}."
        )
    return (log["demand"] == "failure").to_numpy(dtype=bool)


def failure_demand_share(log: pd.DataFrame) -> float:
    """Share of contacts that are failure demand (0–1); 0.0 for an empty log."""
    failure = _is_failure(log)
    return float(failure.mean()) if failure.size else 0.0


def failure_demand_cost(
    log: pd.DataFrame, cost_per_agent_minute: float = CONTACT_CENTRE.cost_per_agent_minute
) -> float:
    """What failure demand cost: its handle minutes × cost per agent minute."""
    _need(log, "handle_s")
    if cost_per_agent_minute < 0:
        raise ValueError("cost_per_agent_minute cannot be negative.")
    seconds = log["handle_s"].to_numpy()[_is_failure(log)].sum()
    return float(seconds) / 60.0 * cost_per_agent_minute


def log_days(log: pd.DataFrame) -> int:
    """Calendar days the log covers, first to last contact inclusive (or its stated days)."""
    spec = log.attrs.get("spec") or {}
    if "days" in spec:
        return int(spec["days"])
    _need(log, "timestamp")
    if log.empty:
        return 0
    ts = log["timestamp"]
    return int((ts.max().normalize() - ts.min().normalize()).days) + 1


def monthly_failure_demand_cost(
    log: pd.DataFrame,
    cost_per_agent_minute: float = CONTACT_CENTRE.cost_per_agent_minute,
    days: int | None = None,
) -> float:
    """Failure-demand cost scaled to an average month (365.25/12 days) from the days the log covers."""
    days = days or log_days(log)
    if days <= 0:
        return 0.0
    return failure_demand_cost(log, cost_per_agent_minute) * DAYS_PER_MONTH / days


def demand_summary(
    log: pd.DataFrame, cost_per_agent_minute: float = CONTACT_CENTRE.cost_per_agent_minute
) -> pd.DataFrame:
    """Contacts, share, AHT, agent hours and cost for value and failure demand."""
    _need(log, "demand", "handle_s")
    _is_failure(log)
    g = log.groupby(log["demand"].astype(str), observed=True)["handle_s"].agg(["size", "sum"])
    g = g.reindex(["value", "failure"], fill_value=0)
    total = max(int(g["size"].sum()), 1)
    out = pd.DataFrame(
        {
            "contacts": g["size"].astype(int),
            "share": g["size"] / total,
            "aht_seconds": (g["sum"] / g["size"].where(g["size"] > 0)).fillna(0.0),
            "agent_hours": g["sum"] / 3600.0,
            "cost": g["sum"] / 60.0 * cost_per_agent_minute,
        }
    )
    out.index.name = "demand"
    return out


def _sorted_by_customer(log: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    _need(log, "customer_id", "timestamp")
    col = log["customer_id"]
    cust = (
        col.cat.codes.to_numpy()
        if isinstance(col.dtype, pd.CategoricalDtype)
        else pd.factorize(col)[0]
    )
    ts = log["timestamp"].to_numpy(dtype="datetime64[s]").astype(np.int64)
    order = np.lexsort((ts, cust))
    return order, cust[order], ts[order]


def is_repeat_contact(log: pd.DataFrame, within_days: float = 7) -> pd.Series:
    """True for a contact that comes within N days of the same customer's previous contact."""
    if within_days < 0:
        raise ValueError("within_days cannot be negative.")
    order, cust, ts = _sorted_by_customer(log)
    same = np.zeros(len(log), bool)
    gap = np.diff(ts)
    same[1:] = (cust[1:] == cust[:-1]) & (gap <= within_days * 86400)
    out = np.empty(len(log), bool)
    out[order] = same
    return pd.Series(out, index=log.index, name=f"repeat_within_{within_days:g}d")


def is_followed_by_contact(log: pd.DataFrame, within_days: float = 7) -> pd.Series:
    """True for a contact after which the same customer got in touch again within N days."""
    if within_days < 0:
        raise ValueError("within_days cannot be negative.")
    order, cust, ts = _sorted_by_customer(log)
    followed = np.zeros(len(log), bool)
    followed[:-1] = (cust[1:] == cust[:-1]) & (np.diff(ts) <= within_days * 86400)
    out = np.empty(len(log), bool)
    out[order] = followed
    return pd.Series(out, index=log.index, name=f"followed_within_{within_days:g}d")


def repeat_contact_rate(log: pd.DataFrame, within_days: float = 7) -> float:
    """Share of contacts that repeat the same customer's contact within N days."""
    return float(is_repeat_contact(log, within_days).mean()) if len(log) else 0.0


def repeats_by_window(
    log: pd.DataFrame, windows: tuple[float, ...] = (1, 3, 7, 14, 28)
) -> pd.Series:
    """Repeat-contact rate for several windows of N days (how the answer depends on N)."""
    return pd.Series(
        [repeat_contact_rate(log, d) for d in windows],
        index=pd.Index(windows, name="within_days"),
        name="repeat_rate",
    )


def failure_pareto(log: pd.DataFrame) -> pd.DataFrame:
    """Failure-demand reasons, largest first, with share and cumulative share of failure demand."""
    _need(log, "reason_code")
    fail = log.loc[_is_failure(log), "reason_code"].astype(str)
    counts = fail.value_counts()
    counts = counts[counts > 0]
    labels = reason_labels()
    out = pd.DataFrame(
        {
            "label": [labels.get(c, c) for c in counts.index],
            "contacts": counts.to_numpy(),
        },
        index=pd.Index(counts.index, name="reason_code"),
    )
    total = max(int(out["contacts"].sum()), 1)
    out["share"] = out["contacts"] / total
    out["cumulative_share"] = out["share"].cumsum()
    return out


FCR_METHODS = ("agent flag", "no repeat within 7 days", "customer survey")
# How a lesson names each way of measuring first-call resolution (FCR).
FCR_METHOD_LABELS = {
    "agent flag": "Agent's tick",
    "no repeat within 7 days": "No repeat within 7 days",
    "customer survey": "Customer survey",
}
TRULY_RESOLVED_LABEL = "Truly resolved (known only in this synthetic log)"


def fcr_three_ways(log: pd.DataFrame, within_days: float = 7) -> pd.DataFrame:
    """First-call resolution (FCR) measured three ways: the agent's tick, no repeat, and the survey."""
    _need(log, "resolved_flag")
    flag = log["resolved_flag"].to_numpy(dtype=bool)
    no_repeat = ~is_followed_by_contact(log, within_days).to_numpy()
    rows = {
        "agent flag": (flag.mean() if flag.size else np.nan, flag.size),
        f"no repeat within {within_days:g} days": (
            no_repeat.mean() if no_repeat.size else np.nan,
            no_repeat.size,
        ),
    }
    if "survey_resolved" in log.columns:
        survey = log["survey_resolved"].astype("boolean")
        answered = survey.notna().to_numpy()
        said_yes = survey.fillna(False).to_numpy(dtype=bool)[answered]
        rows["customer survey"] = (
            said_yes.mean() if said_yes.size else np.nan,
            int(answered.sum()),
        )
    out = pd.DataFrame(rows, index=["fcr", "contacts_measured"]).T
    out["contacts_measured"] = out["contacts_measured"].astype(int)
    out.index.name = "method"
    return out


@dataclass(frozen=True)
class FcrDisagreement:
    """How far the three FCR measures disagree, overall and contact by contact."""

    spread: float  # highest FCR minus lowest, in share points
    pairwise: pd.DataFrame  # method_a, method_b, contacts_compared, disagree_share


def fcr_disagreement(log: pd.DataFrame, within_days: float = 7) -> FcrDisagreement:
    """The spread between the three FCR figures and how often each pair disagrees on one contact."""
    table = fcr_three_ways(log, within_days)
    everyone = np.ones(len(log), bool)
    # Each method's verdict per contact, with a mask of the contacts it measured.
    verdicts = {
        "agent flag": (log["resolved_flag"].to_numpy(dtype=bool), everyone),
        table.index[1]: (~is_followed_by_contact(log, within_days).to_numpy(), everyone),
    }
    if "survey_resolved" in log.columns:
        survey = log["survey_resolved"].astype("boolean")
        verdicts["customer survey"] = (
            survey.fillna(False).to_numpy(dtype=bool),
            survey.notna().to_numpy(dtype=bool),
        )
    names = list(verdicts)
    rows = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            both = verdicts[a][1] & verdicts[b][1]
            n = int(both.sum())
            differ = verdicts[a][0][both] != verdicts[b][0][both]
            rows.append((a, b, n, float(differ.mean()) if n else np.nan))
    pairwise = pd.DataFrame(
        rows, columns=["method_a", "method_b", "contacts_compared", "disagree_share"]
    )
    fcr = table["fcr"].dropna()
    spread = float(fcr.max() - fcr.min()) if len(fcr) else 0.0
    return FcrDisagreement(spread=spread, pairwise=pairwise)


@dataclass(frozen=True)
class FailureDemandReport:
    """The headline figures of a failure-demand analysis, for a notebook or a coach."""

    contacts: int
    failure_demand_share: float
    failure_demand_cost: float
    monthly_failure_demand_cost: float
    repeat_rate_7d: float
    top_failure_reason: str
    fcr_spread: float


def failure_demand_report(
    log: pd.DataFrame, cost_per_agent_minute: float = CONTACT_CENTRE.cost_per_agent_minute
) -> FailureDemandReport:
    """All the headline failure-demand figures of a log in one call."""
    pareto = failure_pareto(log)
    return FailureDemandReport(
        contacts=len(log),
        failure_demand_share=failure_demand_share(log),
        failure_demand_cost=failure_demand_cost(log, cost_per_agent_minute),
        monthly_failure_demand_cost=monthly_failure_demand_cost(log, cost_per_agent_minute),
        repeat_rate_7d=repeat_contact_rate(log, 7),
        top_failure_reason=str(pareto["label"].iloc[0]) if len(pareto) else "",
        fcr_spread=fcr_disagreement(log).spread,
    )


# --- Labelling demand in the customer's words -------------------------------------------


@dataclass(frozen=True)
class LabelledContact:
    """A contact reason in the customer's words, with its demand type and why (the key)."""

    id: str
    reason: str
    demand: str  # "value" or "failure"
    why: str


def _contacts(prefix: str, rows: tuple[tuple[str, str, str], ...]) -> list[LabelledContact]:
    return [LabelledContact(f"{prefix}{i:02d}", r, d, w) for i, (r, d, w) in enumerate(rows, 1)]


_V, _F = "value", "failure"
_PRACTICE = (
    (
        "A van reversed into my car in the supermarket car park, I need to claim",
        _V,
        "Reporting a new claim is what an insurer exists for.",
    ),
    (
        "I've been waiting three weeks for the cheque you said was in the post",
        _F,
        "Chasing a promised payment: something was not done for the customer.",
    ),
    ("I'd like to add my wife to the car insurance", _V, "A change the customer wants to make."),
    (
        "Your website logged me out halfway through changing my address",
        _F,
        "The online route failed, so the customer had to call.",
    ),
    ("Can I get a quote for a campervan?", _V, "Buying cover: value demand."),
    (
        "I'm calling again because nobody rang me back on Thursday",
        _F,
        "A missed call-back creates this contact.",
    ),
    (
        "What's the excess if my windscreen needs replacing?",
        _V,
        "A genuine question about cover, asked before anything went wrong.",
    ),
    (
        "You've sent my renewal to my old address even though I told you I'd moved",
        _F,
        "A change was not done right the first time.",
    ),
    ("I want to pay for next year in one go", _V, "Paying is value demand."),
    (
        "The repairer says they can't start until you send the authorisation",
        _F,
        "Kestrel's own step is holding the customer up.",
    ),
    ("My son has passed his test, can he drive my car?", _V, "A new need: adding a driver."),
    (
        "Why have I had two different renewal letters with two different prices?",
        _F,
        "Confusing communication from Kestrel caused the call.",
    ),
    ("There's been a break-in at the house and they took the laptop", _V, "A new claim."),
    (
        "I was charged a cancellation fee nobody mentioned",
        _F,
        "A charge not explained up front: a failure to do something right.",
    ),
    ("Am I covered if my friend borrows the car for the weekend?", _V, "A question about cover."),
    (
        "I sent the photos you asked for twice and you still say you haven't got them",
        _F,
        "Lost paperwork makes the customer repeat themselves.",
    ),
    ("We're buying a house, can you quote for buildings cover?", _V, "Buying cover."),
    ("The courtesy car you promised hasn't turned up", _F, "A promise not kept."),
    (
        "I'd like to switch my direct debit date to the 1st",
        _V,
        "A payment change the customer wants.",
    ),
    (
        "I don't understand the email about my 'policy adjustment'",
        _F,
        "An unclear message made the customer call to decode it.",
    ),
)
_EXERCISE = (
    ("Water is coming through the bathroom ceiling from the flat upstairs", _V, "A new home claim."),
    ("I was told my claim would be settled this week and I've heard nothing", _F,
     "Progress chasing: a promise not kept."),
    ("I'm changing my car next week, can you swap the cover over?", _V, "A change the customer needs."),
    ("Your app says my policy has expired but I renewed last month", _F,
     "Kestrel's records or app are wrong."),
    ("How much would it cost to add legal cover?", _V, "Buying extra cover."),
    ("I rang yesterday about my claim and it still isn't sorted", _F,
     "A repeat contact: the first one did not resolve it."),
    ("Does my home insurance cover my garden shed?", _V, "A question about cover."),
    ("You've taken two payments this month", _F, "A billing error."),
    ("I'd like a quote to insure my new motorbike", _V, "Buying cover."),
    ("Nobody has phoned to arrange the loss adjuster's visit like you said", _F,
     "A promised step was not done."),
    ("Someone has keyed the side of my car, I want to claim", _V, "A new claim."),
    ("My certificate still has my maiden name after I asked you to change it", _F,
     "A change not done right."),
    ("Can I pay monthly instead of annually?", _V, "A payment choice."),
    ("I filled in the online form three times and it keeps timing out", _F,
     "The online route failed."),
    ("I'm going to Spain for a month, am I covered to drive there?", _V, "A question about cover."),
    ("Why does my renewal say I have no no-claims discount? I've never claimed", _F,
     "Kestrel got the customer's record wrong."),
    ("We've moved in together, can we put both cars on one policy?", _V, "A change the customer wants."),
    ("The garage says you're refusing to pay for parts that you already approved", _F,
     "Inconsistent decisions make the customer chase."),
    ("My car was stolen from outside the house last night", _V, "A new claim."),
    ("I got a text asking me to call but it didn't say what about", _F,
     "An unclear message caused the contact."),
)  # fmt: skip


def practice_contacts() -> list[LabelledContact]:
    """The 20 reasons to label in the lesson (feedback shown at once)."""
    return _contacts("P", _PRACTICE)


def exercise_contacts() -> list[LabelledContact]:
    """The 20 reasons to label in the graded exercise; the key for auto-grading."""
    return _contacts("E", _EXERCISE)


def label_key(contacts: list[LabelledContact]) -> dict[str, str]:
    """{contact id: "value" | "failure"} for a list of labelled contacts."""
    return {c.id: c.demand for c in contacts}


@dataclass(frozen=True)
class LabelScore:
    """How many labels were right, and which contacts were missed."""

    right: int
    total: int
    missed: tuple[str, ...]
    unanswered: tuple[str, ...]

    @property
    def fraction(self) -> float:
        """Share right (0–1)."""
        return self.right / self.total if self.total else 0.0


def normalise_label(answer: object) -> str | None:
    """'value' or 'failure' from a participant's label (case and spaces ignored), else None."""
    if not isinstance(answer, str):
        return None
    text = answer.strip().lower().replace(" demand", "")
    return text if text in ("value", "failure") else None


def score_labels(answers: object, contacts: list[LabelledContact]) -> LabelScore:
    """Score a participant's {id: label} against the key; unknown ids are ignored."""
    answers = answers if isinstance(answers, dict) else {}
    right, missed, blank = 0, [], []
    for c in contacts:
        label = normalise_label(answers.get(c.id))
        if label is None:
            blank.append(c.id)
        elif label == c.demand:
            right += 1
        else:
            missed.append(c.id)
    return LabelScore(right, len(contacts), tuple(missed), tuple(blank))


# --- The exercise's second log ----------------------------------------------------------


def exercise_log_spec() -> LogSpec:
    """The stated parameters of the exercise's second log: Kestrel's home-claims line, March 2026."""
    return LogSpec(
        volume=2400,
        failure_demand_share=0.48,
        aht_pressure=0.5,
        aht_seconds=480.0,
        start="2026-03-01",
        days=31,
        seed=3103,
    )


EXERCISE_COST_PER_AGENT_MINUTE = 0.75


def exercise_log_key() -> dict[str, float]:
    """The expected answers for the second log: failure-demand share and its cost for the month."""
    log = exercise_log_spec().generate()
    return {
        "share": failure_demand_share(log),
        "monthly_cost": failure_demand_cost(log, EXERCISE_COST_PER_AGENT_MINUTE),
    }


def exercise_log() -> pd.DataFrame:
    """The exercise's second log itself: Kestrel's home-claims line, March 2026 (2,931 contacts)."""
    return exercise_log_spec().generate()


# --- The log calculator: what a manager needs to read off a log, without code ---------------

BREAKDOWNS: dict[str, str] = {
    "demand": "Demand type",
    "reason": "Reason (grouped)",
    "channel": "Channel",
}


def log_breakdown(log: pd.DataFrame, by: str = "demand") -> pd.DataFrame:
    """Contacts and agent minutes per group of a log, largest first, with a Total row last.

    ``by`` is one of :data:`BREAKDOWNS`: ``"demand"`` (value or failure), ``"reason"`` (the
    reason codes, labelled, with their demand type) or ``"channel"``. Columns: ``group``,
    ``demand`` (for reasons, else empty), ``contacts``, ``agent_minutes`` (talk + hold +
    after-call work) and ``aht_seconds``. Shares and costs are left for the reader to work out.
    """
    if by not in BREAKDOWNS:
        raise ValueError(f"by must be one of {', '.join(BREAKDOWNS)}, not {by!r}.")
    _need(log, "demand", "handle_s")
    column = {"demand": "demand", "reason": "reason_code", "channel": "channel"}[by]
    _need(log, column)
    keys = log[column].astype(str)
    g = log.groupby(keys, observed=True)["handle_s"].agg(["size", "sum"])
    if by == "demand":
        g = g.reindex(["value", "failure"], fill_value=0)
        names = [f"{k.capitalize()} demand" for k in g.index]
    else:
        g = g.sort_values("size", ascending=False, kind="stable")
        names = [reason_labels().get(k, k) for k in g.index] if by == "reason" else list(g.index)
    kind = ""
    if by == "reason":
        demand = log.groupby(keys, observed=True)["demand"].first().astype(str)
        kind = [demand.get(k, "") for k in g.index]
    out = pd.DataFrame(
        {
            "group": [str(n) for n in names],
            "demand": kind if by == "reason" else "",
            "contacts": g["size"].astype(int).to_numpy(),
            "agent_minutes": (g["sum"] / 60.0).to_numpy(),
        }
    )
    total = pd.DataFrame(
        {
            "group": ["Total"],
            "demand": [""],
            "contacts": [int(out["contacts"].sum())],
            "agent_minutes": [float(out["agent_minutes"].sum())],
        }
    )
    out = pd.concat([out, total], ignore_index=True)
    out["aht_seconds"] = 60 * out["agent_minutes"] / out["contacts"].where(out["contacts"] > 0)
    return out
