"""Kestrel Mutual's synthetic contact log: seeded, so the same seed always gives the same data.

Each row is one contact: when, which customer, which channel, the reason in the
customer's own words, talk/hold/after-call-work seconds and the agent's
"resolved" tick. Repeat contacts are not sprinkled at random: they follow from
contacts that were really left unresolved (the AHT-pressure chain in
:mod:`cxkit.concepts.contact_centre.aht_pressure`), by the same customer, a few days later.

Two columns are the truth, for the coach and for checking the lesson:
``demand`` (value or failure) and ``truly_resolved``; ``repeat_of`` names the
contact a repeat chases. A participant's own classification uses ``reason``.

The teaching log ships as package data (``kestrel_contact_log.csv.gz``, built
by :func:`write_case_log`) so every participant sees the same rows.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from cxkit import data
from cxkit.concepts.case_company import CONTACT_CENTRE
from cxkit.concepts.contact_centre.aht_pressure import DEFAULT_PRESSURE, AhtPressure


@dataclass(frozen=True)
class DemandReason:
    """A reason customers contact Kestrel, with examples in their own words."""

    code: str
    label: str
    demand: str  # "value" or "failure"
    weight: float  # relative frequency among first contacts of its demand type
    talk_seconds: float  # relative talk time (scaled so the log's AHT meets its target)
    topic: str  # how a customer names it when chasing ("my claim")
    verbatims: tuple[str, ...]


REASONS: tuple[DemandReason, ...] = (
    # Value demand: what an insurer exists to handle.
    DemandReason(
        "new-claim",
        "Report a new claim",
        "value",
        0.26,
        540,
        "my claim",
        (
            "Someone drove into the back of me at the lights this morning and I need to claim",
            "A pipe burst upstairs and the kitchen ceiling has come down",
            "My car was broken into last night and they took the sat nav",
            "A tree fell on the garage roof in the storm",
        ),
    ),
    DemandReason(
        "change-cover",
        "Change my cover",
        "value",
        0.20,
        360,
        "changing my cover",
        (
            "I've bought a new car and need it on my policy from Saturday",
            "We're moving house next month, can my home cover move with us?",
            "I'd like to add my son as a named driver",
            "We've had an extension built, does my cover need updating?",
        ),
    ),
    DemandReason(
        "quote-buy",
        "Get a quote or buy cover",
        "value",
        0.20,
        420,
        "my quote",
        (
            "I'd like a quote for home insurance, my current one ends next week",
            "Can you quote for a second car on the same policy?",
            "I want to take out contents cover for my new flat",
            "Is it cheaper to put both our cars with you?",
        ),
    ),
    DemandReason(
        "renew-pay",
        "Renew or arrange payment",
        "value",
        0.18,
        300,
        "my renewal",
        (
            "I'd like to renew and pay for the year up front",
            "Can I switch to paying monthly?",
            "I want to renew but take the breakdown cover off",
            "My bank card has changed, can I give you the new details?",
        ),
    ),
    DemandReason(
        "cover-question",
        "Ask what I'm covered for",
        "value",
        0.16,
        330,
        "what I'm covered for",
        (
            "Am I covered to drive my partner's car?",
            "Does my policy cover accidental damage to the TV?",
            "Am I insured to drive in France this summer?",
            "Is my bike covered if it's stolen from the shed?",
        ),
    ),
    # Failure demand: caused by not doing something, or not doing it right, for the customer.
    DemandReason(
        "claim-progress",
        "Chasing claim progress",
        "failure",
        0.22,
        420,
        "my claim",
        (
            "Where's my claim up to? Nobody has told me anything for two weeks",
            "The garage says they're still waiting for you to approve the repair",
            "The assessor was meant to ring me on Tuesday and never did",
            "How much longer until the money comes through for my ceiling?",
        ),
    ),
    DemandReason(
        "callback-missed",
        "Promised call-back not made",
        "failure",
        0.14,
        360,
        "the call-back I was promised",
        (
            "I was promised a call back yesterday and nobody rang",
            "I left a message on Friday and I'm still waiting to hear",
            "Your colleague said a manager would phone me today",
            "I've waited in all morning for your call",
        ),
    ),
    DemandReason(
        "documents-wrong",
        "Documents missing or wrong",
        "failure",
        0.14,
        390,
        "my documents",
        (
            "My new policy documents show the wrong registration",
            "I still haven't had my certificate and I need it for Monday",
            "You've spelt my name wrong on the schedule",
            "The letter says the extension isn't covered but I told you about it",
        ),
    ),
    DemandReason(
        "billing-error",
        "Payment taken wrongly",
        "failure",
        0.12,
        450,
        "a payment",
        (
            "You've taken the payment twice this month",
            "I cancelled the old policy but you've still taken money",
            "Why has my direct debit gone up without any letter?",
            "You charged me for breakdown cover I never asked for",
        ),
    ),
    DemandReason(
        "renewal-price",
        "Renewal price not explained",
        "failure",
        0.12,
        480,
        "my renewal price",
        (
            "My renewal has gone up by £300 and nobody has said why",
            "Why is my renewal dearer than your price for new customers?",
            "I haven't claimed and the price still went up, can you explain?",
            "The renewal letter doesn't make sense, what am I paying for?",
        ),
    ),
    DemandReason(
        "online-failed",
        "Website or app didn't work",
        "failure",
        0.12,
        330,
        "the website",
        (
            "I tried to make the change online and the website kept crashing",
            "The app won't let me upload the photos of the damage",
            "I can't log in to my account, it keeps saying my details are wrong",
            "I filled in the online claim form but never got a reference number",
        ),
    ),
    DemandReason(
        "letter-confusing",
        "Letter or message not understood",
        "failure",
        0.14,
        360,
        "your letter",
        (
            "I've had a letter about an excess and I don't know what it means",
            "You emailed to say my policy is lapsing, is that right?",
            "Your text said to call you but didn't say why",
            "What is this 'mid-term adjustment' letter about?",
        ),
    ),
)

REPEAT_CODE = "repeat-chasing"
REPEAT_LABEL = "Chasing an unresolved contact"
_CHASERS = (
    "I rang {when} about {topic} and it still isn't sorted",
    "This is the third time I've called about {topic}",
    "I was told {topic} would be sorted {when}, and it hasn't been",
    "I'm calling back about {topic}, nothing has happened since {when}",
)
_WHEN = ("yesterday", "a few days ago", "last week")  # by lag: 1 day, 2–4 days, 5+ days

CHANNELS = ("phone", "webchat", "email")
_CHANNEL_WEIGHTS = (0.70, 0.20, 0.10)
_HOUR_WEIGHTS = {
    8: 4,
    9: 10,
    10: 11,
    11: 10,
    12: 8,
    13: 8,
    14: 9,
    15: 8,
    16: 7,
    17: 5,
    18: 3,
    19: 2,
}
_DAY_WEIGHTS = (1.0, 0.95, 0.9, 0.9, 0.85, 0.4, 0.0)  # Monday … Sunday (closed on Sunday)
_HOLD_SHARE = 0.12  # hold time as a share of talk time, on average
_ACW_SECONDS = 60.0  # after-call work, on average
_SURVEY_SHARE = 0.15  # contacts whose customer answered "was it resolved?"
_WARM_UP = 21  # days simulated before the log starts (then dropped)

COLUMNS = (
    "contact_id", "timestamp", "customer_id", "channel", "reason", "reason_code", "demand",
    "talk_s", "hold_s", "acw_s", "handle_s", "resolved_flag", "survey_resolved",
    "truly_resolved", "repeat_of",
)  # fmt: skip


def reason_labels() -> dict[str, str]:
    """Readable label for every reason code, including repeats."""
    return {r.code: r.label for r in REASONS} | {REPEAT_CODE: REPEAT_LABEL}


@dataclass(frozen=True)
class LogSpec:
    """The stated parameters of a synthetic log; ``generate()`` makes it."""

    volume: int = 3000  # contacts expected with no AHT pressure
    failure_demand_share: float = CONTACT_CENTRE.failure_demand_share  # at no pressure
    aht_pressure: float = 0.0
    aht_seconds: float = CONTACT_CENTRE.aht_seconds  # first contacts, no pressure
    start: str = "2026-02-02"  # a Monday
    days: int = 28
    seed: int = 2026

    def generate(self, model: AhtPressure = DEFAULT_PRESSURE) -> pd.DataFrame:
        """The log these parameters describe."""
        return generate_contact_log(**asdict(self), model=model)


CASE_LOG = LogSpec(
    seed=2037
)  # the shipped teaching log: four weeks of Kestrel's motor and home line
CASE_LOG_FILE = "kestrel_contact_log.csv.gz"


def _check_spec(volume: int, share: float, pressure: float, aht: float, days: int) -> None:
    if isinstance(volume, bool) or not isinstance(volume, int | np.integer) or volume < 0:
        raise ValueError(f"volume must be a whole number of contacts (0 or more), not {volume!r}.")
    if not 0 <= share <= 1:
        raise ValueError(
            f"failure_demand_share must be between 0 and 1 (e.g. 0.62), not {share!r}."
        )
    if not 0 <= pressure <= 1:
        raise ValueError(f"aht_pressure must be between 0 and 1, not {pressure!r}.")
    if not aht > 0:
        raise ValueError(f"aht_seconds must be positive, not {aht!r}.")
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise ValueError(f"days must be a whole number of days, at least 1, not {days!r}.")


def generate_contact_log(
    volume: int = 3000,
    failure_demand_share: float = CONTACT_CENTRE.failure_demand_share,
    aht_pressure: float = 0.0,
    aht_seconds: float = CONTACT_CENTRE.aht_seconds,
    start: str = "2026-02-02",
    days: int = 28,
    seed: int = 2026,
    model: AhtPressure = DEFAULT_PRESSURE,
) -> pd.DataFrame:
    """A seeded synthetic contact log; the same arguments always give the same rows.

    ``volume`` and ``failure_demand_share`` describe the log with no AHT pressure;
    pressure shortens contacts but leaves more unresolved, so it adds repeat
    contacts (failure demand) on top. Repeats that would fall after the last day
    are not in the log, as in a real extract.
    """
    _check_spec(volume, failure_demand_share, aht_pressure, aht_seconds, days)
    rng = np.random.default_rng(seed)
    p = float(aht_pressure)
    f0 = model.first_contact_failure_share(failure_demand_share)
    rv, rf = model.repeats_per_contact(0, "value"), model.repeats_per_contact(0, "failure")
    n_first = int(round(volume / (1 + (1 - f0) * rv + f0 * rf)))

    # Reason catalogue as arrays, so every step below is vectorised.
    n_reasons = len(REASONS)
    is_failure_reason = np.array([r.demand == "failure" for r in REASONS])
    weights = np.array([r.weight for r in REASONS])
    talk = np.array([r.talk_seconds for r in REASONS])
    value_idx, failure_idx = np.flatnonzero(~is_failure_reason), np.flatnonzero(is_failure_reason)
    pv = weights[value_idx] / weights[value_idx].sum()
    pf = weights[failure_idx] / weights[failure_idx].sum()
    # Scale talk time so that, with no pressure, the log's mean handle time (AHT) is aht_seconds;
    # repeats count, and they take repeat_handle_factor times as long.
    rho = model.repeat_handle_factor
    share_k = np.zeros(n_reasons)
    share_k[value_idx], share_k[failure_idx] = (1 - f0) * pv, f0 * pf
    r_k = np.where(is_failure_reason, rf, rv)
    mean_talk = (share_k * talk * (1 + r_k * rho)).sum() / (share_k * (1 + r_k)).sum()
    talk_scale = max(aht_seconds - _ACW_SECONDS, 1.0) / (1 + _HOLD_SHARE) / mean_talk

    start_day = np.datetime64(date.fromisoformat(start), "D")
    weekday0 = date.fromisoformat(start).weekday()
    # Start the story _WARM_UP days early so repeats of earlier contacts are already in the log.
    span = np.arange(-_WARM_UP, days)
    day_w = np.array([_DAY_WEIGHTS[(weekday0 + d) % 7] for d in span])
    n_first = int(round(n_first * day_w.sum() / day_w[_WARM_UP:].sum()))
    if n_first == 0:  # an empty log, with the same columns and types as a full one
        return generate_contact_log(
            1, failure_demand_share, p, aht_seconds, start, days, seed, model
        ).iloc[:0]
    day = span[rng.choice(span.size, n_first, p=day_w / day_w.sum())]
    # First contacts: demand type and reason.
    first_failure = rng.random(n_first) < f0
    reason = np.where(
        first_failure,
        failure_idx[rng.choice(len(failure_idx), n_first, p=pf)],
        value_idx[rng.choice(len(value_idx), n_first, p=pv)],
    )
    pool = max(1, int(n_first * 2.5))  # a few customers make unrelated contacts close together
    customer = rng.integers(0, pool, n_first)

    # Repeat chains: each unresolved contact may bring the same customer back a few days later.
    parts_reason, parts_day, parts_customer = [reason], [day], [customer]
    parts_parent, parts_repeat, parts_unresolved = (
        [np.full(n_first, -1)],
        [np.zeros(n_first, bool)],
        [],
    )
    u_value, u_failure = model.unresolved_rate(p, "value"), model.unresolved_rate(p, "failure")
    cur_idx = np.arange(n_first)
    cur_failure, cur_day, offset = first_failure, day, 0
    total = n_first
    for _ in range(50):  # chains die out geometrically; 50 is far beyond any real chain
        unresolved = rng.random(cur_idx.size) < np.where(cur_failure, u_failure, u_value)
        parts_unresolved.append(unresolved)
        calls_back = unresolved & (rng.random(cur_idx.size) < model.callback_probability)
        lag = rng.geometric(0.35, cur_idx.size)  # days until they ring back; mean ≈ 3
        new_day = cur_day + lag
        new_day = np.where((weekday0 + new_day) % 7 == 6, new_day + 1, new_day)  # closed Sundays
        keep = calls_back & (new_day < days)
        if not keep.any():
            break
        parent = cur_idx[keep]
        parts_parent.append(parent)
        parts_day.append(new_day[keep])
        parts_reason.append(np.concatenate(parts_reason)[parent])
        parts_customer.append(np.concatenate(parts_customer)[parent])
        parts_repeat.append(np.ones(parent.size, bool))
        offset = total
        total += parent.size
        cur_idx = np.arange(offset, total)
        cur_failure = np.ones(parent.size, bool)
        cur_day = new_day[keep]
    parts_unresolved.append(np.zeros(total - sum(u.size for u in parts_unresolved), bool))

    reason = np.concatenate(parts_reason)
    day = np.concatenate(parts_day)
    customer = np.concatenate(parts_customer)
    parent = np.concatenate(parts_parent)
    repeat = np.concatenate(parts_repeat)
    unresolved = np.concatenate(parts_unresolved)
    n = total

    # Time of day and timestamp.
    hours = np.array(list(_HOUR_WEIGHTS))
    hw = np.array(list(_HOUR_WEIGHTS.values()), dtype=float)
    hour = hours[rng.choice(hours.size, n, p=hw / hw.sum())]
    second = rng.integers(0, 3600, n)
    ts = start_day + day.astype("timedelta64[D]")
    ts = ts.astype("datetime64[s]") + (hour * 3600 + second).astype("timedelta64[s]")

    # Handle time: talk (lognormal around the reason's time), hold, after-call work.
    shrink = model.aht_multiplier(p)
    factor = np.where(repeat, model.repeat_handle_factor, 1.0) * shrink
    sigma = 0.45
    talk_s = talk[reason] * talk_scale * factor * rng.lognormal(-(sigma**2) / 2, sigma, n)
    hold_s = talk_s * _HOLD_SHARE * rng.exponential(1.0, n)
    acw_s = _ACW_SECONDS * shrink * rng.gamma(4.0, 0.25, n)
    talk_s, hold_s, acw_s = (np.rint(x).astype(np.int64) for x in (talk_s, hold_s, acw_s))
    talk_s = np.maximum(talk_s, 20)

    # The agent's tick is optimistic about unresolved contacts, more so under pressure.
    flag = ~unresolved | (rng.random(n) < model.agent_marks_resolved(p))
    flag &= ~(~unresolved & (rng.random(n) < model.resolved_left_unticked))  # misses a few
    surveyed = rng.random(n) < _SURVEY_SHARE
    says_yes = np.where(~unresolved, rng.random(n) < 0.93, rng.random(n) < 0.20)
    channel = rng.choice(len(CHANNELS), n, p=_CHANNEL_WEIGHTS)

    # The reason in the customer's words: a first contact's verbatim, or a chaser for a repeat.
    verb_pick = rng.integers(0, 4, n)
    chaser_pick = rng.integers(0, len(_CHASERS), n)
    lag_days = np.where(repeat, day - day[np.maximum(parent, 0)], 0)
    when = np.select([lag_days <= 1, lag_days <= 4], [0, 1], 2)
    texts: list[str] = [v for r in REASONS for v in r.verbatims]
    first_text = reason * 4 + verb_pick
    chaser_base = len(texts)
    texts += [c.format(topic=r.topic, when=w) for r in REASONS for c in _CHASERS for w in _WHEN]
    chaser_text = chaser_base + (reason * len(_CHASERS) + chaser_pick) * len(_WHEN) + when
    # Two reasons can share a topic ("my claim"), so map the texts to unique categories.
    unique_texts, text_map = np.unique(np.array(texts, dtype=object), return_inverse=True)
    text_code = text_map[np.where(repeat, chaser_text, first_text)]

    in_log = day >= 0
    order = np.flatnonzero(in_log)[np.argsort(ts[in_log], kind="stable")]
    n = order.size
    rank = np.full(total, -1, dtype=np.int64)
    rank[order] = np.arange(n)
    codes = [r.code for r in REASONS]
    reason_code = np.where(repeat, n_reasons, reason)
    demand = np.where(repeat | is_failure_reason[reason], 1, 0)
    contact_ids = np.char.add("C", np.char.zfill(np.arange(1, n + 1).astype(str), 7))
    # A repeat of a contact from before the extract keeps no link (that contact is not in the log).
    parent_rank = np.where(repeat, rank[np.maximum(parent, 0)], -1)[order]
    repeat_of = np.where(parent_rank >= 0, contact_ids[np.maximum(parent_rank, 0)], None)
    cust_used, cust_code = np.unique(customer[order], return_inverse=True)
    survey = pd.array(says_yes[order], dtype="boolean")
    survey[~surveyed[order]] = pd.NA

    log = pd.DataFrame(
        {
            "contact_id": pd.array(contact_ids, dtype="string"),
            "timestamp": ts[order],
            "customer_id": pd.Categorical.from_codes(cust_code, [f"KM{i:07d}" for i in cust_used]),
            "channel": pd.Categorical.from_codes(channel[order], list(CHANNELS)),
            "reason": pd.Categorical.from_codes(text_code[order], list(unique_texts)),
            "reason_code": pd.Categorical.from_codes(reason_code[order], codes + [REPEAT_CODE]),
            "demand": pd.Categorical.from_codes(demand[order], ["value", "failure"]),
            "talk_s": talk_s[order],
            "hold_s": hold_s[order],
            "acw_s": acw_s[order],
            "handle_s": (talk_s + hold_s + acw_s)[order],
            "resolved_flag": flag[order],
            "survey_resolved": survey,
            "truly_resolved": ~unresolved[order],
            "repeat_of": pd.array(repeat_of, dtype="string"),
        }
    )
    log.attrs["spec"] = {
        "volume": volume,
        "failure_demand_share": failure_demand_share,
        "aht_pressure": p,
        "start": start,
        "days": days,
        "seed": seed,
    }
    return log


def write_case_log(path: Path | str | None = None) -> Path:
    """Write the shipped teaching log (CASE_LOG) as compressed CSV; returns the path."""
    path = Path(path) if path else data.path(f"contact_centre/{CASE_LOG_FILE}")
    path.parent.mkdir(parents=True, exist_ok=True)
    CASE_LOG.generate().to_csv(path, index=False, compression={"method": "gzip", "mtime": 0})
    return path


def read_contact_log(path, compression: str = "infer") -> pd.DataFrame:
    """Read a contact log written as CSV (a path or open binary file; .gz is fine) with its column types."""
    log = pd.read_csv(
        path,
        compression=compression,
        dtype={
            "contact_id": "string",
            "customer_id": "category",
            "channel": "category",
            "reason": "category",
            "reason_code": "category",
            "demand": "category",
            "resolved_flag": "bool",
            "survey_resolved": "boolean",
            "truly_resolved": "bool",
            "repeat_of": "string",
        },
    )
    missing = [c for c in COLUMNS if c not in log.columns]
    if missing:
        raise ValueError(
            f"{getattr(path, 'name', path)} is not a contact log: it lacks the column(s) "
            f"{', '.join(missing)}. Use a file written from cxkit.concepts.contact_centre.contact_log."
        )
    log["timestamp"] = pd.to_datetime(log["timestamp"])
    return log


def load_case_log() -> pd.DataFrame:
    """Kestrel Mutual's teaching contact log (four weeks, a few thousand contacts)."""
    with data.path(f"contact_centre/{CASE_LOG_FILE}").open("rb") as fh:
        log = read_contact_log(fh, compression="gzip")
    log.attrs["spec"] = asdict(CASE_LOG)
    return log


if (
    __name__ == "__main__"
):  # python -m cxkit.concepts.contact_centre.contact_log  rebuilds the shipped log
    print(write_case_log())
