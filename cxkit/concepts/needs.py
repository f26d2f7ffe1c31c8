"""Customer categories and needs: Kestrel Mutual's customer table and the SMART checker.

Pure model: plain Python and pandas; no widget imports. Customers are grouped
by the need they state in their own words, not by circumstance (region,
tenure, spend, product); the crosstab shows that needs cut across those
circumstance segments, and the 80/20 view shows where the profit is.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from io import StringIO

import numpy as np
import pandas as pd

from cxkit import data
from cxkit.concepts.case_company import CATEGORIES, category
from cxkit.concepts.outcomes import language as lang
from cxkit.concepts.outcomes.domains import LABELS as DOMAIN_LABELS
from cxkit.concepts.outcomes.measures import describes_firm_activity, find_weasel_words

DATA = "needs"  # under cxkit/data
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

# Exercise 04's customers say their needs in words of their own, none of them used in the
# lesson (its table, its practice or its worked examples), so a lesson answer cannot be copied.
EXERCISE_STATED_NEEDS: dict[str, tuple[str, ...]] = {
    "back-on-the-road": (
        "I'm a care worker; since the accident I can't get to the people I look after without a car.",
        "Since someone drove into the back of me I've taken three buses to work; I need a car.",
        "I don't mind which garage does the repair, as long as I'm driving again by Friday.",
    ),
    "home-made-whole": (
        "The storm took half the roof off; I need it watertight before the next rain.",
        "We've been in a hotel since the fire and the children just want their own beds.",
        "There's been no heating or hot water since the pipe burst, and my mum is 88.",
    ),
    "set-and-forget": (
        "Pay it by direct debit each year and I'm happy; I don't want to think about it.",
        "Send the renewal once, in plain English, and roll it over unless I say otherwise.",
        "No letters, no calls, no app: just keep the cover running in the background.",
    ),
    "price-hunter": (
        "I got a quote £30 cheaper online, so match it or I'm off.",
        "I don't need a courtesy car or legal cover; strip it back and cut the price.",
        "I'll stay if you beat the price I was quoted elsewhere; loyalty doesn't come into it.",
    ),
}
EXERCISE_CUSTOMERS_FILE = "exercise_customers.csv"

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
    # Exactly the case company's share of customers in each category (cxkit.concepts.case_company).
    cats = rng.permutation(np.repeat(np.arange(len(cat_ids)), category_counts(n)))
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
    # Profit is heavy-tailed. A few price hunters cost more to serve than they pay (the case
    # for migrating away); the rest is scaled so each category's share of profit is exactly
    # the case company's, losses included.
    weights = rng.lognormal(0.0, 1.3, size=n)
    profit = np.zeros(n)
    total_profit = round(0.075 * df["annual_premium"].sum() * 4)  # a healthy book: ~30% margin
    losers = (df["_cat"] == "price-hunter").to_numpy() & (rng.random(n) < 0.3)
    profit[losers] = np.round(-rng.uniform(5, 40, size=losers.sum()), 2)
    for c in CATEGORIES:
        mask = (df["_cat"] == c.id).to_numpy()
        earners = mask & ~losers
        target = c.share_of_profit * total_profit - profit[mask & losers].sum()
        profit[earners] = np.round(weights[earners] / weights[earners].sum() * target, 2)
    df["annual_profit"] = np.round(profit, 2)
    return df.drop(columns="_cat")


def category_counts(n: int = N_CUSTOMERS) -> list[int]:
    """Customers per category (in CATEGORIES order) for a table of n: the case company's shares."""
    raw = [c.share_of_customers * n for c in CATEGORIES]
    counts = [int(round(x)) for x in raw]
    counts[int(np.argmax(raw))] += n - sum(counts)  # rounding never changes the total
    return counts


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
    return data.text(f"{DATA}/{CUSTOMERS_FILE}")


def load_customers() -> pd.DataFrame:
    """The shipped customer table (a copy each call, so a lesson can't spoil the next)."""
    return pd.read_csv(StringIO(_customers_csv()))


def need_of(stated_need: str) -> str:
    """The need category id a stated need belongs to (the answer key for regrouping)."""
    for bank in (STATED_NEEDS, EXERCISE_STATED_NEEDS):
        for cid, phrases in bank.items():
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
    return sample.sort_values("customer_id")[REGROUP_COLUMNS].reset_index(drop=True)


def regroup_key(customer_ids: list[str] | None = None) -> dict[str, str]:
    """The right need group for each customer id (default: the regrouping sample)."""
    df = load_customers().set_index("customer_id")
    ids = customer_ids if customer_ids is not None else list(regroup_sample()["customer_id"])
    return {cid: need_of(df.loc[cid, "stated_need"]) for cid in ids}


REGROUP_COLUMNS = ["customer_id", "region", "tenure_band", "spend_band", "product", "stated_need"]


def exercise_customers() -> pd.DataFrame:
    """Exercise 04's twelve customers (not the lesson's): circumstance, words and a coach's note."""
    return pd.read_csv(
        StringIO(data.text(f"{DATA}/{EXERCISE_CUSTOMERS_FILE}")), keep_default_na=False
    )


def exercise_sample() -> pd.DataFrame:
    """The customers exercise 04 asks participants to regroup, in the order shown."""
    return exercise_customers()[REGROUP_COLUMNS].sort_values("customer_id").reset_index(drop=True)


def exercise_key() -> dict[str, str]:
    """The right need group for each of exercise 04's customers (from their words only)."""
    s = exercise_sample()
    return {cid: need_of(t) for cid, t in zip(s["customer_id"], s["stated_need"], strict=True)}


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
    letters: dict[str, bool] | None = None  # specific, measurable, achievable, relevant, time-bound
    main_defect: str | None = None  # corpus names: firm_activity, weasel_words, specific, ...
    spans: tuple[
        tuple[str, int, int], ...
    ] = ()  # (what, start, end) in text: who, number, time bound

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

    def ticks(self) -> list[str]:
        """What the checker found, quoting the participant's own words."""
        names = {"who": "Who", "number": "Measure", "time bound": "Time bound"}
        out = []
        for k, a, b in self.spans:
            if k == "deadline measure":
                out.append(f"Measure: the deadline “{self.text[a:b]}” (it holds or it does not).")
            else:
                out.append(f"{names[k]}: “{self.text[a:b]}”.")
        return out


def _q(s: lang.Span | str) -> str:
    return f"'{s}'"


def check_smart(text: object, category: str | None = None) -> SmartReport:
    """Check a need (or a measure) against SMART and the weasel-word list, in the writer's words.

    ``category`` (the customer category in plain words) is optional; when given, an extra that
    the category itself names is not taken as off-topic.
    """
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
            dict.fromkeys(SMART, False),
            "empty_or_noise",
        )
    p = lang.analyse_need(text, category)
    t = p.text
    base = len(text) - len(text.lstrip())  # spans are offsets into text as given
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
    if p.main_defect == "empty_or_noise":
        findings.append(
            SmartFinding(
                "empty",
                PROBLEM,
                "I can't read this as a need yet.",
                "Write one sentence: what the customer gets, with a number and a time.",
            )
        )
        return SmartReport(text, tuple(findings), dict.fromkeys(SMART, False), "empty_or_noise")
    letters = dict(p.letters)
    perk = p.perk
    if p.firm:
        shown = ", ".join(_q(f) for f in p.firm[:3])
        findings.append(
            SmartFinding(
                "relevant",
                PROBLEM,
                f"It states the firm's own work or target ({shown}), not what the customer gets.",
                "Say the result the customer wants, in their words, e.g. 'I get … within …'.",
            )
        )
    elif perk is not None:
        findings.append(
            SmartFinding(
                "relevant",
                PROBLEM,
                f"{_q(perk)} is an extra the firm offers, not what this customer is trying to get done.",
                "Name the result the category needs from its situation.",
            )
        )
    elif p.off_topic is not None:
        word, need_domain, category_domain = p.off_topic
        findings.append(
            SmartFinding(
                "relevant",
                QUESTION,
                f"{_q(word)} is about {DOMAIN_LABELS[need_domain]}, while this category's situation "
                f"is about {DOMAIN_LABELS[category_domain]}: does it help them get their outcome?",
                "If it does, say how in the need; if not, name what they are trying to get done.",
            )
        )
    if not letters["specific"]:
        if p.second_need is not None:
            msg = f"It joins two needs ({_q(p.second_need)})."
            sug = "Keep one result per need and write the other as a need of its own."
        elif p.aspiration is not None:
            msg = f"{_q(p.aspiration)} is a general wish, not one concrete result."
            sug = "Name the one thing the customer gets done, e.g. 'my boiler working again'."
        else:
            msg = "It does not name one concrete result."
            sug = "Say what the customer gets, and for what."
        findings.append(SmartFinding("specific", PROBLEM, msg, sug))
    if p.weasels:
        ws = find_weasel_words(t)
        findings.append(
            SmartFinding(
                "weasel words",
                PROBLEM,
                f"'{', '.join(ws)}' sound{'s' if len(ws) == 1 else ''} like a measure "
                "but carr{} none.".format("ies" if len(ws) == 1 else "y"),
                "Replace each with the number the customer would notice.",
            )
        )
    if not letters["measurable"] and not p.weasels:
        findings.append(
            SmartFinding(
                "measurable",
                PROBLEM,
                "There is no number with a unit, count or checkable deadline to measure it by.",
                "Add how much or how many, e.g. 'in one call', 'within 2 working days', "
                "'no more than 2 forms'.",
            )
        )
    elif not letters["measurable"]:
        findings.append(
            SmartFinding(
                "measurable",
                PROBLEM,
                "With a weasel word in it, it cannot be measured as written.",
                "Say the number instead of the weasel word.",
            )
        )
    if p.hard_absolutes:
        shown = ", ".join(_q(a) for a in p.hard_absolutes[:2])
        findings.append(
            SmartFinding(
                "achievable",
                PROBLEM,
                f"It asks for the impossible ({shown}).",
                "Set a level the firm could reach, e.g. '98% of the time' or 'within 2 hours'.",
            )
        )
    elif p.soft_absolutes:
        shown = ", ".join(sorted({repr(a.text.lower()) for a in p.soft_absolutes}))
        findings.append(
            SmartFinding(
                "achievable",
                QUESTION,
                f"It uses an absolute ({shown}); is that achievable?",
                "Ask your coach; consider a realistic level such as '98%' or 'fewer than 1 in 50'.",
            )
        )
    if not letters["time_bound"]:
        findings.append(
            SmartFinding(
                "time-bound",
                PROBLEM,
                "It has no time bound: nothing says by when, how long or how often.",
                "Add one, e.g. 'within 48 hours of my call', 'by the next working day', "
                "'each month'.",
            )
        )
    spans: list[tuple[str, int, int]] = []
    if p.who is not None:
        spans.append(("who", base + p.who.start, base + p.who.end))
    for n in p.numbers[:2]:
        spans.append(("number", base + n.start, base + n.end))
    if not p.numbers and letters["measurable"]:
        # Measurable by a checkable deadline alone ("on the first night"): name that as the measure.
        b = next(b for b in p.time_bounds if b.kind in ("deadline", "duration"))
        spans.append(("deadline measure", base + b.start, base + b.end))
    for b in p.time_bounds[:2]:
        spans.append(("time bound", base + b.start, base + b.end))
    main = p.main_defect
    if perk is None and main == "relevant" and not p.firm:
        main = next((k for k in lang.SMART_LETTERS if not letters[k]), None)
    letters_out = {
        "specific": letters["specific"],
        "measurable": letters["measurable"],
        "achievable": letters["achievable"],
        "relevant": letters["relevant"],
        "time-bound": letters["time_bound"],
    }
    return SmartReport(text, tuple(findings), letters_out, main, tuple(spans))


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
    return pd.read_csv(StringIO(data.text(f"{DATA}/{SMART_EXAMPLES_FILE}")), keep_default_na=False)


def load_corpus_needs() -> pd.DataFrame:
    """The project's labelled SMART needs (cxkit/data/corpus/smart_needs.csv, both parts)."""
    return pd.read_csv(StringIO(data.text("corpus/smart_needs.csv")), keep_default_na=False)


def checker_agreement(examples: pd.DataFrame | None = None) -> dict[str, float]:
    """Agreement between the checker and hand-made verdicts, per criterion and overall.

    By default the hand-labelled corpus (written independently of the checker, both its dev and
    test parts); pass ``load_smart_examples()`` for the older table kept as development material.
    """
    if examples is None:
        ex = load_corpus_needs()
        out: dict[str, float] = {}
        cells = agree = 0
        reports = [check_smart(t, c) for t, c in zip(ex["text"], ex["category"], strict=True)]
        for col, key in (("specific", "specific"), ("measurable", "measurable"),
                         ("achievable", "achievable"), ("relevant", "relevant"),
                         ("time_bound", "time-bound")):  # fmt: skip
            want = [str(v) == "1" for v in ex[col]]
            got = [bool(r.letters and r.letters[key]) for r in reports]
            hits = sum(g == w for g, w in zip(got, want, strict=True))
            out[key] = hits / len(want)
            cells += len(want)
            agree += hits
        want = [v == "smart" for v in ex["verdict"]]
        hits = sum(r.is_smart == w for r, w in zip(reports, want, strict=True))
        out["smart"] = hits / len(want)
        out["overall"] = (agree + hits) / (cells + len(want))
        return out
    ex = examples
    out = {}
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


def firm_activity_words(text: str) -> list[str]:
    """Phrases in text that state the firm's own work or output ('Claims processed', 'handle time')."""
    return describes_firm_activity(text or "")


def in_customer_words(text: str) -> bool:
    """Whether text is said by or about the customer (I, my, a policyholder), not the firm's activity."""
    t = text or ""
    return bool(lang._WHO_RE.search(t)) and not firm_activity_words(t)


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


YES, NO, ASK = "✓ yes", "✗ no", "? ask your coach"


def smart_verdicts(statements: list[str]) -> pd.DataFrame:
    """The SMART checker's verdict on each of the five letters, per statement, in plain words.

    Each letter is "✓ yes" or "✗ no"; an absolute the checker only questions ('always',
    'never') shows "? ask your coach" under Achievable, as the checker itself says it.
    """
    cols = {
        "statement": "Statement",
        "specific": "Specific",
        "measurable": "Measurable",
        "achievable": "Achievable",
        "relevant": "Relevant",
        "time-bound": "Time-bound",
        "weasel-free": "No weasel words",
        "smart": "SMART overall",
    }
    rows = []
    for text in statements:
        r = check_smart(text)
        v = r.verdicts() | {"statement": text, "smart": r.is_smart}
        row = {h: v[k] if k == "statement" else (YES if v[k] else NO) for k, h in cols.items()}
        asks = [f for f in r.findings if f.criterion == "achievable" and f.severity == QUESTION]
        if asks and v["achievable"]:
            row["Achievable"] = ASK
        rows.append(row)
    return pd.DataFrame(rows, columns=list(cols.values()))


def profit_focus_sentence(customers: pd.DataFrame) -> str:
    """Where the profit is, in one sentence: the most and the least profitable need group."""
    g = group_by_need(customers)
    top, low = g.index[0], g.index[-1]

    def part(cid: str) -> str:
        r = g.loc[cid]
        return (
            f"*{r['name']}* is **{r['share_of_customers']:.0%}** of the customers and brings "
            f"**{r['share_of_profit']:.0%}** of the profit"
        )

    return f"{part(top)}; {part(low)}."


def regroup_key_table() -> pd.DataFrame:
    """Exercise 04's regrouping key for the coach: each customer's words, need group and why."""
    s = exercise_customers().sort_values("customer_id")
    key = exercise_key()
    return pd.DataFrame(
        {
            "Customer": s["customer_id"],
            "In their words": s["stated_need"],
            "Need group": [category(key[c]).name for c in s["customer_id"]],
            "What gives it away": s["coach_note"],
        }
    ).reset_index(drop=True)


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
