"""Customer categories and needs: Kestrel Mutual's customer table and the SMART checker.

Pure model: plain Python and pandas; no widget imports. Customers are grouped
by the need they state in their own words, not by circumstance (region,
tenure, spend, product); the crosstab shows that needs cut across those
circumstance segments, and the 80/20 view shows where the profit is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from io import StringIO

import numpy as np
import pandas as pd

from cxkit.case_company import CATEGORIES, category
from cxkit.outcomes import find_weasel_words, has_number_or_unit, has_time_bound

DATA = "data/needs"
CUSTOMERS_FILE = "customers.csv"
SMART_EXAMPLES_FILE = "smart_examples.csv"
CUSTOMER_SEED = 4
N_CUSTOMERS = 400

CIRCUMSTANCES = ("region", "tenure_band", "spend_band", "product")
REGIONS = ("Scotland", "North", "Midlands", "Wales", "London", "South West")
PRODUCTS = ("motor", "home", "motor and home")

# Each category's need, as customers actually said it (several phrasings each).
# The phrase id is the answer key for regrouping: it never depends on circumstance.
STATED_NEEDS: dict[str, tuple[str, ...]] = {
    "back-on-the-road": (
        "I need a car again by Monday so I can get to work.",
        "After the crash all I wanted was to be driving again.",
        "Just get me moving again, I have the school run every morning.",
        "I don't care about the paperwork, I care about having wheels this week.",
        "Sort the repair and lend me a car while it's in the garage.",
        "Tell me once when my car will be back, and then keep to it.",
    ),
    "home-made-whole": (
        "The kitchen is under water and I need it dry and safe tonight.",
        "I want somewhere warm for the kids to sleep while the roof is fixed.",
        "Get a builder here before the damp spreads.",
        "I need the house liveable again, the rest can wait.",
        "Send someone who can make the wiring safe today.",
        "I just want my home back the way it was.",
    ),
    "set-and-forget": (
        "Renew it for me and don't bother me unless something changes.",
        "I want to know I'm covered without reading a 40-page booklet.",
        "One email a year is plenty, thanks.",
        "Take the payment, keep me covered, leave me alone.",
        "Only call me if there's something I actually need to do.",
        "I never want to find out I wasn't covered when it mattered.",
    ),
    "price-hunter": (
        "Show me the cheapest price and I'll decide in two minutes.",
        "If someone else is a pound cheaper I'm moving.",
        "I check the comparison sites every renewal.",
        "Just give me the lowest premium, I don't need extras.",
        "Why is my renewal more than a new customer pays?",
        "I'll take the basic cover if it saves me money.",
    ),
}

# How circumstance leans per category: small tilts only, so needs cut across segments.
_PRODUCT_TILT = {
    "back-on-the-road": (0.6, 0.05, 0.35),
    "home-made-whole": (0.05, 0.6, 0.35),
    "set-and-forget": (0.35, 0.25, 0.40),
    "price-hunter": (0.5, 0.25, 0.25),
}
_MEAN_PREMIUM = {"motor": 520.0, "home": 340.0, "motor and home": 790.0}


def _tenure_band(years: int) -> str:
    if years < 2:
        return "under 2 years"
    if years < 5:
        return "2-4 years"
    if years < 10:
        return "5-9 years"
    return "10+ years"


def _spend_band(premium: float) -> str:
    if premium < 400:
        return "under £400"
    if premium < 700:
        return "£400-699"
    return "£700+"


def generate_customers(n: int = N_CUSTOMERS, seed: int = CUSTOMER_SEED) -> pd.DataFrame:
    """Kestrel Mutual's synthetic customer table: circumstance, stated need and annual profit."""
    rng = np.random.default_rng(seed)
    cat_ids = [c.id for c in CATEGORIES]
    shares = np.array([c.share_of_customers for c in CATEGORIES])
    cats = rng.choice(len(cat_ids), size=n, p=shares / shares.sum())
    rows = []
    for i, ci in enumerate(cats):
        cid = cat_ids[ci]
        product = PRODUCTS[rng.choice(3, p=_PRODUCT_TILT[cid])]
        tenure = int(rng.integers(0, 4) if cid == "price-hunter" else rng.integers(0, 20))
        premium = float(round(_MEAN_PREMIUM[product] * rng.lognormal(0, 0.35), 2))
        phrase = int(rng.integers(0, len(STATED_NEEDS[cid])))
        rows.append(
            {
                "customer_id": f"KM{i + 1:04d}",
                "region": REGIONS[int(rng.integers(0, len(REGIONS)))],
                "tenure_years": tenure,
                "tenure_band": _tenure_band(tenure),
                "annual_premium": premium,
                "spend_band": _spend_band(premium),
                "product": product,
                "stated_need": STATED_NEEDS[cid][phrase],
                "need_phrase": f"{cid}:{phrase}",
                "_cat": cid,
            }
        )
    df = _distinct_quotes(pd.DataFrame(rows))
    # Profit is heavy-tailed and scaled so each category's share matches the case company.
    weights = rng.lognormal(0.0, 1.3, size=n)
    profit = np.zeros(n)
    total_profit = 0.075 * df["annual_premium"].sum() * 4  # a healthy book: ~30% margin
    for c in CATEGORIES:
        mask = (df["_cat"] == c.id).to_numpy()
        w = weights[mask] / weights[mask].sum()
        profit[mask] = w * c.share_of_profit * total_profit
    # A few price hunters cost more to serve than they pay: the case for migrating away.
    losers = (df["_cat"] == "price-hunter").to_numpy() & (rng.random(n) < 0.3)
    profit[losers] = -rng.uniform(5, 40, size=losers.sum())
    df["annual_profit"] = np.round(profit, 2)
    return df.drop(columns="_cat")


SHOWN_FIRST = 8  # the lesson shows the table's first rows


def _regroup_index(df: pd.DataFrame, n: int = 12, seed: int = 7) -> pd.Index:
    """Which rows the regrouping sample takes: a few per need group (depends on group only)."""
    groups = df["need_phrase"].str.split(":").str[0]
    return df.groupby(groups).sample(n=n // len(CATEGORIES), random_state=seed).index


def _distinct_quotes(df: pd.DataFrame) -> pd.DataFrame:
    """No two customers a participant sees side by side say the same words; groups unchanged."""
    out = df.copy()
    for shown in (out.index[:SHOWN_FIRST], _regroup_index(out)):
        used: set[str] = set()
        taken = set(out.loc[shown, "stated_need"])
        for i in sorted(shown):
            cid, phrase = out.at[i, "need_phrase"].split(":")
            if out.at[i, "stated_need"] in used:
                free = [k for k, t in enumerate(STATED_NEEDS[cid]) if t not in used | taken]
                phrase = str(free[0])
                out.at[i, "stated_need"] = STATED_NEEDS[cid][int(phrase)]
                out.at[i, "need_phrase"] = f"{cid}:{phrase}"
            used.add(out.at[i, "stated_need"])
    return out


@lru_cache(maxsize=1)
def _customers_csv() -> str:
    return resources.files("cxkit").joinpath(DATA, CUSTOMERS_FILE).read_text(encoding="utf-8")


def load_customers() -> pd.DataFrame:
    """The shipped customer table (a copy each call, so a lesson can't spoil the next)."""
    return pd.read_csv(StringIO(_customers_csv()))


def need_of(stated_need: str) -> str:
    """The need category id a stated need belongs to (the answer key for regrouping)."""
    for cid, phrases in STATED_NEEDS.items():
        if stated_need.strip() in phrases:
            return cid
    raise KeyError(
        f"{stated_need!r} is not one of the stated needs in the customer table; "
        "copy it exactly from the table's stated_need column."
    )


def with_need_groups(customers: pd.DataFrame) -> pd.DataFrame:
    """The customer table with a need_group column (category id) derived from the stated need."""
    out = customers.copy()
    out["need_group"] = out["stated_need"].map(need_of)
    return out


def group_by_need(customers: pd.DataFrame) -> pd.DataFrame:
    """One row per need group: customers, share of customers, profit and share of profit."""
    df = with_need_groups(customers)
    g = df.groupby("need_group").agg(
        customers=("customer_id", "count"), profit=("annual_profit", "sum")
    )
    g["share_of_customers"] = g["customers"] / g["customers"].sum()
    g["share_of_profit"] = g["profit"] / g["profit"].sum()
    g["name"] = [category(c).name for c in g.index]
    return g.sort_values("share_of_profit", ascending=False)[
        ["name", "customers", "share_of_customers", "profit", "share_of_profit"]
    ]


def crosstab_needs(customers: pd.DataFrame, circumstance: str = "region") -> pd.DataFrame:
    """Customers per need group (rows) and circumstance segment (columns)."""
    if circumstance not in CIRCUMSTANCES:
        raise ValueError(
            f"{circumstance!r} is not a circumstance column; use one of {', '.join(CIRCUMSTANCES)}."
        )
    df = with_need_groups(customers)
    return pd.crosstab(df["need_group"], df[circumstance])


def segments_spanned(customers: pd.DataFrame, circumstance: str = "region") -> pd.Series:
    """For each need group, how many segments of a circumstance it appears in."""
    return (crosstab_needs(customers, circumstance) > 0).sum(axis=1)


def profit_pareto(customers: pd.DataFrame) -> pd.DataFrame:
    """Customers sorted by profit with cumulative shares of customers and of profit (the 80/20 view)."""
    df = with_need_groups(customers).sort_values("annual_profit", ascending=False)
    total = df["annual_profit"].sum()
    df["cum_share_customers"] = np.arange(1, len(df) + 1) / len(df)
    df["cum_share_profit"] = df["annual_profit"].cumsum() / total
    return df.reset_index(drop=True)


def top_share_of_profit(customers: pd.DataFrame, top: float = 0.2) -> float:
    """The share of total profit earned from the most profitable `top` share of customers."""
    p = profit_pareto(customers)
    k = max(1, int(round(top * len(p))))
    return float(p["annual_profit"].iloc[:k].sum() / p["annual_profit"].sum())


def regroup_sample(n: int = 12, seed: int = 7) -> pd.DataFrame:
    """A fixed sample of customers (one per line) for the regrouping exercise."""
    df = load_customers()
    # The same number from each need group, so every category appears.
    sample = df.loc[_regroup_index(df, n, seed)]
    cols = ["customer_id", "region", "tenure_band", "spend_band", "product", "stated_need"]
    return sample.sort_values("customer_id")[cols].reset_index(drop=True)


def regroup_key(customer_ids: list[str] | None = None) -> dict[str, str]:
    """The right need group for each customer id (default: the regrouping sample)."""
    df = load_customers().set_index("customer_id")
    ids = customer_ids if customer_ids is not None else list(regroup_sample()["customer_id"])
    return {cid: need_of(df.loc[cid, "stated_need"]) for cid in ids}


@dataclass(frozen=True)
class RegroupResult:
    """How a participant's regrouping compares with the key."""

    right: int
    total: int
    wrong: dict[str, tuple[str, str]]  # customer id -> (given, expected)
    missing: tuple[str, ...]

    @property
    def score(self) -> float:
        """Share of customers placed in the right need group."""
        return self.right / self.total if self.total else 0.0


def grade_regroup(answer: object, key: dict[str, str] | None = None) -> RegroupResult:
    """Compare {customer_id: category_id} with the key; unknown or missing ids count as wrong."""
    key = key if key is not None else regroup_key()
    given = answer if isinstance(answer, dict) else {}
    wrong: dict[str, tuple[str, str]] = {}
    missing = []
    right = 0
    for cid, expected in key.items():
        g = given.get(cid)
        if g is None or (isinstance(g, str) and not g.strip()):
            missing.append(cid)
        elif g == expected:
            right += 1
        else:
            wrong[cid] = (str(g), expected)
    return RegroupResult(right, len(key), wrong, tuple(missing))


# --------------------------------------------------------------------------- SMART checker

SMART = ("specific", "measurable", "achievable", "relevant", "time-bound")
PROBLEM, QUESTION = "problem", "question"
MAX_NEED_CHARS = 300

_WHO = re.compile(
    r"\b(i|i'm|i've|i'd|me|my|mine|we|our|us|customers?|policyholders?|drivers?|"
    r"homeowners?|families|family|owners?|claimants?|renters?|tenants?|members?|"
    r"people|he|she|they|their|them)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"(\d+(?:[.,]\d+)?\s*%?|£\s*\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|half|once|twice|single|"
    r"first|no more than|at most|at least|none|zero)\b)",
    re.IGNORECASE,
)
_UNIT = re.compile(
    r"(%|£|\b(percent|per ?cent|minutes?|mins?|hours?|hrs?|days?|working days?|weeks?|"
    r"months?|years?|calls?|contacts?|visits?|times?|forms?|steps?|letters?|emails?|"
    r"pounds?|pages?|people|customers?|claims?|journeys?|conversations?|questions?|nights?|"
    r"miles?|out of \d+)\b)",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"\b(within|by|before|after|until|in (the )?(first|next|same)|same[- ]day|next[- ]day|"
    r"overnight|tonight|today|tomorrow|this (week|month|year)|per (day|week|month|year)|"
    r"(on|in) the first (night|day|week|call|visit)|"
    r"each (day|week|month|year|renewal)|every (day|week|month|year|renewal)|a (day|week|"
    r"month|year)|annually|monthly|weekly|daily|\d+\s*(minutes?|hours?|days?|working days?|"
    r"weeks?|months?)|(minutes?|hours?|days?|weeks?|months?) of|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|at renewal|(each|every|per|at every) renewal)\b",
    re.IGNORECASE,
)
_ABSOLUTES = re.compile(
    r"\b(always|never|every(one| single)?|all|zero|100 ?%|no (complaints?|errors?|"
    r"delays?|problems?|waiting|one)|guarantee[ds]?|instant(ly)?|immediately|perfect(ly)?|"
    r"nothing|any time)\b",
    re.IGNORECASE,
)
# Firm activity: words that describe what the firm does, not what the customer gets.
_ACTIVITY = re.compile(
    r"\b(process(ed|ing)?|handl(e|ed|es|ing)|aht|handle time|agents?|staff|tickets?|"
    r"sla|service level|throughput|utili[sz]ation|occupancy|queue|workflow|backlog|"
    r"case ?load|kpi|productivity|call centre|contact centre|answer(ed)? (the )?calls?|"
    r"calls? answered|log(ged)? (the )?(claim|call)|close(d)? (the )?(case|ticket)|"
    r"cross-sell|upsell|our (team|process|system|department)|department|internal)\b",
    re.IGNORECASE,
)
# Customer-result words: being back to normal, paid, covered, safe, sure...
_OUTCOME = re.compile(
    r"\b(i|me|my|we|our home|our car|back|again|driving|home|safe|dry|liveable|living|"
    r"covered|paid|settled|fixed|repaired|sure|know|confident|without|able|get|have|"
    r"keep|save[sd]?|cheapest|lowest|price|premium|cover)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SmartFinding:
    """One thing the SMART checker noticed, in plain language, with what to do about it."""

    criterion: str  # one of SMART, or "weasel words" / "length" / "empty"
    severity: str  # PROBLEM, or QUESTION (for the coach to judge, e.g. absolutes)
    message: str
    suggestion: str

    def as_text(self) -> str:
        """One line: message and suggestion."""
        mark = "?" if self.severity == QUESTION else "✗"
        return f"{mark} {self.criterion.capitalize()}: {self.message} {self.suggestion}"


@dataclass(frozen=True)
class SmartReport:
    """The SMART checker's findings for one statement."""

    text: str
    findings: tuple[SmartFinding, ...]

    def problems(self) -> list[SmartFinding]:
        """Findings that are problems (not questions for the coach)."""
        return [f for f in self.findings if f.severity == PROBLEM]

    def fails(self, criterion: str) -> bool:
        """Whether there is a problem (not just a question) against this criterion."""
        return any(f.criterion == criterion for f in self.problems())

    @property
    def is_smart(self) -> bool:
        """True when nothing is a problem (questions for the coach may remain)."""
        return not self.problems()

    @property
    def weasel_words(self) -> list[str]:
        """The weasel words found."""
        return find_weasel_words(self.text)

    def verdicts(self) -> dict[str, bool]:
        """Pass/fail per SMART letter, plus 'weasel-free'."""
        empty = any(f.criterion == "empty" for f in self.findings)
        out = {c: not (empty or self.fails(c)) for c in SMART}
        out["weasel-free"] = not self.fails("weasel words")
        return out

    def summary(self) -> str:
        """One line for the participant."""
        if not self.findings:
            return "SMART ✓ — specific, measurable, achievable, relevant and time-bound."
        n = len(self.problems())
        q = len(self.findings) - n
        parts = []
        if n:
            parts.append(f"{n} thing{'s' if n != 1 else ''} to fix")
        if q:
            parts.append(f"{q} question{'s' if q != 1 else ''} for your coach")
        return "; ".join(parts) + "."


def check_smart(text: object) -> SmartReport:
    """Check a need or measure statement against SMART and the weasel-word list."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    s = text.strip()
    if not s:
        return SmartReport(
            text,
            (
                SmartFinding(
                    "empty",
                    PROBLEM,
                    "There is no statement yet.",
                    "Write the need as the customer would say it, with a number and a time.",
                ),
            ),
        )
    findings: list[SmartFinding] = []
    if len(s) > MAX_NEED_CHARS:
        findings.append(
            SmartFinding(
                "length",
                PROBLEM,
                f"This is {len(s):,} characters long; a need reads best as one sentence.",
                f"Keep the core need under {MAX_NEED_CHARS} characters and move the rest to notes.",
            )
        )
    words = re.findall(r"\w+", s)
    has_who = bool(_WHO.search(s))
    if len(words) < 4 or not has_who:
        missing = []
        if not has_who:
            missing.append("who it is for")
        if len(words) < 4:
            missing.append("what they get")
        findings.append(
            SmartFinding(
                "specific",
                PROBLEM,
                f"It does not say {' and '.join(missing)}.",
                "Name the customer (e.g. 'I', 'the policyholder') and the result they get.",
            )
        )
    has_number = bool(_NUMBER.search(s))
    has_unit = bool(_UNIT.search(s)) or bool(re.search(r"\d", s) and _TIME.search(s))
    # Lesson 2's outcome-statement helpers count too, so both checkers agree on what is measurable.
    if not (has_number and has_unit) and not has_number_or_unit(s):
        findings.append(
            SmartFinding(
                "measurable",
                PROBLEM,
                "There is no number with a unit, or countable result, to measure it by."
                if not has_number
                else "There is a number but no unit says what is counted.",
                "Add how much or how many, e.g. 'in one call', 'within 2 working days', '95% of claims'.",
            )
        )
    absolutes = sorted({m.group(0).lower() for m in _ABSOLUTES.finditer(s)})
    if absolutes:
        findings.append(
            SmartFinding(
                "achievable",
                QUESTION,
                f"It uses an absolute ({', '.join(repr(a) for a in absolutes)}); is that achievable?",
                "Ask your coach; consider a realistic level such as '98%' or 'fewer than 1 in 50'.",
            )
        )
    activity = sorted({m.group(0).lower() for m in _ACTIVITY.finditer(s)})
    if activity:
        findings.append(
            SmartFinding(
                "relevant",
                PROBLEM,
                f"It describes the firm's activity ({', '.join(repr(a) for a in activity)}), "
                "not the customer's outcome.",
                "Say what the customer gets, in their words, e.g. 'I am driving again…'.",
            )
        )
    elif not _OUTCOME.search(s):
        findings.append(
            SmartFinding(
                "relevant",
                PROBLEM,
                "It does not say what result the customer gets.",
                "Describe the customer's outcome, e.g. 'my home is safe and dry…'.",
            )
        )
    if not _TIME.search(s) and not has_time_bound(s):
        findings.append(
            SmartFinding(
                "time-bound",
                PROBLEM,
                "It has no time bound.",
                "Say by when or how often, e.g. 'within 48 hours', 'by the next working day'.",
            )
        )
    weasels = find_weasel_words(s)
    if weasels:
        findings.append(
            SmartFinding(
                "weasel words",
                PROBLEM,
                f"'{', '.join(weasels)}' sound{'s' if len(weasels) == 1 else ''} like a measure "
                "but carr{} none.".format("ies" if len(weasels) == 1 else "y"),
                "Replace each with the number the customer would notice.",
            )
        )
    return SmartReport(text, tuple(findings))


def smart_table(statements: list[str]) -> pd.DataFrame:
    """One row per statement: pass/fail per SMART letter and the findings as text."""
    rows = []
    for s in statements:
        r = check_smart(s)
        row = {"statement": s, **r.verdicts(), "smart": r.is_smart}
        row["findings"] = " ".join(f.as_text() for f in r.findings)
        rows.append(row)
    return pd.DataFrame(rows)


def load_smart_examples() -> pd.DataFrame:
    """The judged table of needs and measures (the checker's test set, also used in lesson 4)."""
    text = resources.files("cxkit").joinpath(DATA, SMART_EXAMPLES_FILE).read_text(encoding="utf-8")
    return pd.read_csv(StringIO(text), keep_default_na=False)


def checker_agreement(examples: pd.DataFrame | None = None) -> dict[str, float]:
    """Agreement between the checker and the human judgement, per criterion and overall."""
    ex = load_smart_examples() if examples is None else examples
    out: dict[str, float] = {}
    cells = 0
    agree = 0
    for col in ("specific", "measurable", "relevant", "time-bound", "weasel-free", "smart"):
        got = []
        for s in ex["statement"]:
            r = check_smart(s)
            got.append(r.is_smart if col == "smart" else r.verdicts()[col])
        want = [str(v).strip().lower() in ("1", "true", "yes", "y") for v in ex[col]]
        hits = sum(g == w for g, w in zip(got, want, strict=True))
        out[col] = hits / len(want)
        cells += len(want)
        agree += hits
    out["overall"] = agree / cells
    return out


_FIRST_PERSON = re.compile(r"\b(i|i'm|i've|i'd|i'll|me|my|mine|we|we're|our|us)\b", re.IGNORECASE)


def firm_activity_words(text: str) -> list[str]:
    """Words in text that describe the firm's own activity (processing, handling, agents...)."""
    return sorted({m.group(0).lower() for m in _ACTIVITY.finditer(text or "")})


def in_customer_words(text: str) -> bool:
    """Whether text is said as the customer would say it: first person, no firm activity words."""
    return bool(_FIRST_PERSON.search(text or "")) and not firm_activity_words(text)


def crosstab_named(customers: pd.DataFrame, circumstance: str = "region") -> pd.DataFrame:
    """The crosstab with need group names in a first column (for a lesson's table)."""
    ct = crosstab_needs(customers, circumstance)
    out = ct.copy()
    out.insert(0, "Need group", [category(c).name for c in ct.index])
    out.columns.name = None
    return out.reset_index(drop=True)


def segments_sentence(customers: pd.DataFrame, circumstance: str = "region") -> str:
    """How widely the need groups spread across a circumstance's segments, as one sentence."""
    spanned = segments_spanned(customers, circumstance)
    n = customers[circumstance].nunique()
    seg = circumstance.replace("_", " ")
    if spanned.min() == n:
        return f"Every need group appears in all {n} {seg} segments."
    return (
        f"Each need group appears in between {spanned.min()} and {spanned.max()} of the "
        f"{n} {seg} segments."
    )


def smart_verdicts(statements: list[str]) -> pd.DataFrame:
    """The SMART checker's verdicts per statement as ✓ / ✗, with plain-word headers."""
    t = smart_table(statements)
    cols = {
        "statement": "Statement",
        "specific": "Specific",
        "measurable": "Measurable",
        "relevant": "Relevant",
        "time-bound": "Time-bound",
        "weasel-free": "No weasel words",
        "smart": "SMART",
    }
    out = t[list(cols)].rename(columns=cols)
    for c in list(cols.values())[1:]:
        out[c] = out[c].map({True: "✓", False: "✗"})
    return out


def regroup_key_table() -> pd.DataFrame:
    """The regrouping key for the coach: each sample customer's words and their need group."""
    s = regroup_sample()
    key = regroup_key()
    return pd.DataFrame(
        {
            "Customer": s["customer_id"],
            "In their words": s["stated_need"],
            "Need group": [category(key[c]).name for c in s["customer_id"]],
        }
    )


CUSTOMER_HEADERS = {
    "customer_id": "Customer",
    "region": "Region",
    "tenure_band": "With us for",
    "spend_band": "Premium a year",
    "product": "Product",
    "stated_need": "What matters to them, in their words",
}


def customers_table(customers: pd.DataFrame, n: int = SHOWN_FIRST) -> pd.DataFrame:
    """The first n customers with plain-word headers (for a lesson's table)."""
    return customers[list(CUSTOMER_HEADERS)].head(n).rename(columns=CUSTOMER_HEADERS)


def need_groups_table(customers: pd.DataFrame) -> pd.DataFrame:
    """group_by_need with plain-word headers and no index (for a lesson's table)."""
    return (
        group_by_need(customers)
        .reset_index(drop=True)
        .rename(
            columns={
                "name": "Need group",
                "customers": "Customers",
                "share_of_customers": "Share of customers",
                "profit": "Profit a year",
                "share_of_profit": "Share of profit",
            }
        )
    )
