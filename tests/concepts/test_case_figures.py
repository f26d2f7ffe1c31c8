"""The case company's figures are stated once (cxkit/concepts/case_company.py) and agree everywhere.

Lessons, exercises, coach notes, question modules and package data may state a category's share
of customers or of profit, the two claims categories' share of profit, the accident category's
Successful Customer Outcome target ("within 2 working days"), Kestrel's NPS (this month and its
target) and its first-call resolution (the agent's tick, the calls truly resolved first time, the
target). Each stated figure must be the source's; the synthetic customer table lesson 4 computes
from, the contact log lesson 3 computes from and the survey exercise 8 hands out must give the
same figures.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from cxkit.concepts import case_company as kestrel
from cxkit.concepts import needs

ROOT = Path(__file__).resolve().parents[2]


def _texts(path: Path) -> list[str]:
    """The readable text of a file: every cell of a notebook (with stored outputs), else the file."""
    if path.suffix == ".ipynb":
        nb = nbformat.read(path, as_version=4)
        out = []
        for c in nb.cells:
            out.append(c.source)
            for o in c.get("outputs", []):
                out.extend(str(v) for k, v in o.get("data", {}).items() if k.startswith("text/"))
                out.append(str(o.get("text", "")))
        return out
    return [path.read_text(encoding="utf-8")]


def _files() -> list[Path]:
    files = [
        *sorted((ROOT / "notebooks").rglob("*.ipynb")),
        *sorted((ROOT / "solutions").glob("*.ipynb")),
        *sorted((ROOT / "exercises").glob("*.ipynb")),
        *sorted((ROOT / "cxkit" / "questions").glob("*.py")),
        *sorted((ROOT / "cxkit" / "plots").glob("*.py")),
        ROOT / "cxkit" / "concepts" / "contact_centre" / "centre.py",
        ROOT / "cxkit" / "concepts" / "contact_centre" / "failure_demand.py",
        ROOT / "cxkit" / "concepts" / "landscape.py",
        ROOT / "cxkit" / "concepts" / "nps.py",
        ROOT / "cxkit" / "widgets" / "contact_centre.py",
        ROOT / "cxkit" / "concepts" / "case_company.py",
        ROOT / "cxkit" / "concepts" / "canvas.py",
        ROOT / "cxkit" / "concepts" / "north_star.py",
        ROOT / "cxkit" / "coach" / "sample_cohort.py",
    ]
    data = ROOT / "cxkit" / "data"
    skip = ("corpus", "sample_cohort")  # general SMART examples and participants' own words
    files += [
        p
        for p in sorted(data.rglob("*"))
        if p.suffix in (".json", ".csv") and not any(s in p.parts for s in skip)
    ]
    missing = [p for p in files if not p.exists()]
    assert not missing, f"files to scan are gone (moved?): {missing}"
    return [p for p in files if ".ipynb_checkpoints" not in p.parts]


FILES = _files()

# "34% of profit", "27% of Kestrel's profit", "the 27%-of-profit category", "61% of its profit"
_PROFIT = re.compile(r"(\d{1,3})\s?%(?:-of-|\s+of\s+)(?:(?:Kestrel's|its|the|our)\s+)?profit", re.I)
_CUSTOMERS = re.compile(
    r"(\d{1,3})\s?%(?:-of-|\s+of\s+)(?:(?:Kestrel's|its|the|our)\s+)?customers", re.I
)
_RULE = re.compile(r"\b80\s?%.*\b20\s?%|\b20\s?%.*\b80\s?%|80/20", re.I | re.S)  # the 80/20 rule
# The accident category's SCO target: "driving again within 2 working days", "back on the road
# in two days", "on the road again in 5 days".
_SCO = re.compile(
    r"(?:back on (?:the )?road|driving again|on the road again)\b[^.\n]{0,60}?\b(?:in|within)\s+"
    r"(?P<n>\d+|one|two|three|four|five|six|seven|ten)\s+(?P<unit>(?:working\s+)?days?)\b",
    re.I,
)


# The 80/20 view, not a category: "the most profitable 20%", "top 20% of customers".
_PARETO = re.compile(r"most profitable|least profitable|\btop \d{1,2}\s?% of customers", re.I)
# A vague target ("Back on the road within days") is a wrong target too.
_SCO_VAGUE = re.compile(
    r"(?:back on (?:the )?road|driving again|on the road again)\b[^.\n]{0,60}?\bwithin\s+days\b",
    re.I,
)

# Kestrel's NPS: a sentence about NPS or the survey that says it is Kestrel's (or this month's,
# or the dashboard's) and gives a score ("+30", "12 points"); made-up surveys say so.
_NPS_TOPIC = re.compile(r"\bNPS\b|Net Promoter|\bsurvey\b", re.I)
_NPS_WHOSE = re.compile(r"Kestrel|this month|dashboard", re.I)
# "(3 points, auto-graded)" is marks, not NPS points.
_NPS_SCORE = re.compile(r"(?<![±\d.])(?:[+−-](\d{1,2})|(?<!\()(\d{1,2})\s+points)\b")
_MADE_UP = re.compile(r"made-up|simulated|illustrat|not Kestrel's", re.I)
_SURVEY_MONTHS = re.compile(r"survey months?|months of surveys", re.I)
# First-call resolution: a sentence naming it (or the agent's tick, or "truly resolved") with a
# percentage. Sentences about a change ("81% → 44%", "fall from 81% to 44%") are the models'.
_FCR_TOPIC = re.compile(
    r"first[- ]call resolution|\bFCR\b|agent's tick|truly resolved|resolved first time", re.I
)
_PERCENT = re.compile(r"(?<![±\d.])(\d{1,3}(?:\.\d+)?)\s?%")
_CHANGE = re.compile(r"→|\bfalls? from\b|\brises? from\b|\bpressure\b", re.I)
# One term: the course says first-call resolution (FCR), not first-contact resolution.
_OTHER_TERM = re.compile(r"first[- ]contact resolution|first call resolution", re.I)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n", text) if s.strip()]


KEYS = ("profit", "customers", "sco", "nps", "fcr", "kestrel_survey", "term")


def stated_figures(text: str) -> dict[str, list[str]]:
    """The case figures a text states: profit and customer shares, SCO targets, NPS and FCR.

    "kestrel_survey" lists sentences that call a survey month Kestrel's without saying it is
    made up; "term" lists the other names for first-call resolution.
    """
    out: dict[str, list[str]] = {k: [] for k in KEYS}
    text = re.sub(r"[*_]+", "", text)  # "bring **61%** of its profit" says 61% of profit
    for s in _sentences(text):
        if _NPS_TOPIC.search(s) and _NPS_WHOSE.search(s) and not _MADE_UP.search(s):
            out["nps"] += [m.group(1) or m.group(2) for m in _NPS_SCORE.finditer(s)]
        if _SURVEY_MONTHS.search(s) and "Kestrel" in s and not _MADE_UP.search(s):
            out["kestrel_survey"].append(s.strip())
        if _FCR_TOPIC.search(s) and not _CHANGE.search(s):
            out["fcr"] += [f"{m.group(1)}%" for m in _PERCENT.finditer(s)]
        out["term"] += [m.group(0) for m in _OTHER_TERM.finditer(s)]
        if _RULE.search(s) or _PARETO.search(s):
            continue  # "about 80% of profit comes from about 20% of customers" is the rule
        out["profit"] += [f"{m.group(1)}%" for m in _PROFIT.finditer(s)]
        out["customers"] += [f"{m.group(1)}%" for m in _CUSTOMERS.finditer(s)]
    out["sco"] += [f"{m.group('n')} {m.group('unit')}" for m in _SCO.finditer(text)]
    out["sco"] += ["days" for _ in _SCO_VAGUE.finditer(text)]
    return out


PROFIT_SHARES = {kestrel.pct(c.share_of_profit) for c in kestrel.CATEGORIES} | {
    kestrel.pct(kestrel.claims_share_of_profit())
}
CUSTOMER_SHARES = {kestrel.pct(c.share_of_customers) for c in kestrel.CATEGORIES}
SCO_TARGET = kestrel.SCO_TARGET.removeprefix("within ")
NPS_FIGURES = {kestrel.NPS_THIS_MONTH, kestrel.NPS_TARGET}
_CC = kestrel.CONTACT_CENTRE
FCR_FIGURES = {
    kestrel.pct(x) for x in (_CC.fcr_agent_tick, _CC.fcr_resolved_first_time, _CC.fcr_target)
}


def _fcr_ok(stated: str) -> bool:
    """A stated FCR is the source's when it rounds to it ("89.6%" is the 90% agent's tick)."""
    return kestrel.pct(float(stated.rstrip("%")) / 100) in FCR_FIGURES


def test_the_finder_finds_what_a_lesson_would_say() -> None:
    """The scanner must see the figures, or the test below proves nothing."""
    said = stated_figures(
        "The two claims categories bring **55%** of Kestrel's profit. They are 20% of customers. "
        "A 27%-of-profit category. I'm back on the road within two days; driving again in "
        "5 working days. It is often observed that about 80% of profit comes from 20% of "
        "customers. The most profitable 20% of customers earn 74% of the profit."
    )
    assert said == {
        "profit": ["55%", "27%"],
        "customers": ["20%"],
        "sco": ["two days", "5 working days"],
        "nps": [],
        "fcr": [],
        "kestrel_survey": [],
        "term": [],
    }


def test_the_finder_finds_nps_fcr_and_vague_targets() -> None:
    """What the old lessons said must be found: a vague SCO, a Kestrel survey month, 'first-contact'."""
    said = stated_figures(
        "Back on the road within days. Kestrel's NPS today is 12 points, target +20. "
        "Two survey months at Kestrel, 400 answers each. Two made-up survey months at Kestrel "
        "score +35. On the dashboard, first-call resolution is 81%. Truly resolved 81% → 44%. "
        "The table's header says First-contact resolution."
    )
    assert said["sco"] == ["days"]
    assert said["nps"] == ["12", "20"]
    assert said["kestrel_survey"] == ["Two survey months at Kestrel, 400 answers each."]
    assert said["fcr"] == ["81%"]
    assert said["term"] == ["First-contact resolution"]
    assert _fcr_ok("89.6%") and _fcr_ok("81%") and not _fcr_ok("81.6%") and not _fcr_ok("78%")


def test_the_dashboard_and_the_data_give_the_case_nps_and_fcr() -> None:
    """Lesson 2's dashboard, lesson 3's contact log and models, and exercise 8's survey agree."""
    import csv

    from cxkit.concepts import nps
    from cxkit.concepts.contact_centre.aht_pressure import pressure_outcome
    from cxkit.concepts.contact_centre.centre import case_settings, simulate_centre
    from cxkit.concepts.contact_centre.contact_log import load_case_log
    from cxkit.concepts.outcomes.measures import dashboard

    with (ROOT / "cxkit/data/outcomes/dashboard.csv").open(encoding="utf-8") as f:
        rows = {r["measure_id"]: r for r in csv.DictReader(f)}
    shown = dashboard().set_index("measure_id")
    c = kestrel.CONTACT_CENTRE
    for mid, value, target in (
        ("dash-nps", kestrel.NPS_THIS_MONTH, kestrel.NPS_TARGET),
        ("dash-fcr", round(100 * c.fcr_agent_tick), round(100 * c.fcr_target)),
    ):
        assert (float(rows[mid]["value"]), float(rows[mid]["target"])) == (value, target), mid
        assert (shown.loc[mid, "value"], shown.loc[mid, "target"]) == (value, target), mid
    # Exercise 8's month is Kestrel's survey this month.
    assert round(nps.exercise_nps()) == kestrel.NPS_THIS_MONTH
    # Lesson 3's log: the agent's tick and the calls truly resolved round to the source.
    log = load_case_log()
    assert kestrel.pct(log["resolved_flag"].mean()) == kestrel.pct(c.fcr_agent_tick)
    assert kestrel.pct(log["truly_resolved"].mean()) == kestrel.pct(c.fcr_resolved_first_time)
    # The AHT-pressure model and the simulator, with no pressure, say the same.
    calm = pressure_outcome(0.0, c.aht_seconds, c.failure_demand_share, c.cost_per_agent_minute)
    hour = simulate_centre(case_settings())
    for tick, truly in ((calm.agent_flag_fcr, calm.first_contact_resolution),
                        (hour.agent_flag_fcr, hour.true_fcr)):  # fmt: skip
        assert kestrel.pct(tick) == kestrel.pct(c.fcr_agent_tick)
        assert kestrel.pct(truly) == kestrel.pct(c.fcr_resolved_first_time)


def test_source_shares_add_up_and_the_target_is_stated_once() -> None:
    assert sum(c.share_of_customers for c in kestrel.CATEGORIES) == pytest.approx(1.0)
    assert sum(c.share_of_profit for c in kestrel.CATEGORIES) == pytest.approx(1.0)
    assert kestrel.category("back-on-the-road").sco_target == kestrel.SCO_TARGET
    assert f"within {kestrel.SCO_TARGET_DAYS} working days" == kestrel.SCO_TARGET


def test_lesson_4_customer_table_gives_the_case_company_shares() -> None:
    """Lesson 4 computes its shares from the customer table; they must be the source's."""
    g = needs.group_by_need(needs.load_customers())
    for c in kestrel.CATEGORIES:
        assert g.loc[c.id, "share_of_customers"] == pytest.approx(c.share_of_customers, abs=5e-4)
        assert g.loc[c.id, "share_of_profit"] == pytest.approx(c.share_of_profit, abs=5e-4)


def test_lesson_6_table_and_sentences_use_the_source() -> None:
    from cxkit.concepts import north_star as ns

    t = ns.candidates_by_category(ns.case_candidates())
    by_name = {c.name: c.share_of_profit for c in kestrel.CATEGORIES}
    for name, share in zip(t["category"], t["share of profit"], strict=True):
        if name in by_name:
            assert share == by_name[name]
    home = kestrel.category("home-made-whole")
    assert f"**{kestrel.pct(home.share_of_profit)}** of its profit" in ns.exercise_situation()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_stated_case_figure_is_the_source_figure(path: Path) -> None:
    said: dict[str, list[str]] = {k: [] for k in KEYS}
    for text in _texts(path):
        for k, v in stated_figures(text).items():
            said[k] += v
    wrong = (
        [f"{p} of profit" for p in said["profit"] if p not in PROFIT_SHARES]
        + [f"{p} of customers" for p in said["customers"] if p not in CUSTOMER_SHARES]
        + [f"SCO target '{t}'" for t in said["sco"] if t != SCO_TARGET]
        + [f"Kestrel's NPS {n}" for n in said["nps"] if int(n) not in NPS_FIGURES]
        + [f"first-call resolution {p}" for p in said["fcr"] if not _fcr_ok(p)]
        + [f"a Kestrel survey month not labelled made-up: '{s}'" for s in said["kestrel_survey"]]
        + [f"'{t}' (the course says first-call resolution)" for t in said["term"]]
    )
    assert not wrong, (
        f"{path.relative_to(ROOT)} states {', '.join(wrong)}; cxkit/concepts/case_company.py says profit "
        f"shares {sorted(PROFIT_SHARES)}, customer shares {sorted(CUSTOMER_SHARES)}, SCO target "
        f"'{kestrel.SCO_TARGET}', NPS {sorted(NPS_FIGURES)}, first-call resolution "
        f"{sorted(FCR_FIGURES)}."
    )


def test_the_scan_covers_the_lessons_and_the_case_data() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in FILES}
    assert {
        "notebooks/01_outside_in.ipynb",
        "notebooks/04_customer_categories_and_needs.ipynb",
        "notebooks/06_north_star.ipynb",
        "solutions/06_north_star.ipynb",
        "cxkit/questions/ex04_needs.py",
        "cxkit/data/north_star/candidates.json",
    } <= names
    json.loads((ROOT / "cxkit/data/north_star/candidates.json").read_text(encoding="utf-8"))


def test_shares_round_halves_up_as_people_do() -> None:
    """5 of 8 is 62.5%, which people read as 63% (Python's format would give 62%)."""
    assert kestrel.pct(5 / 8) == "63%" and f"{5 / 8:.0%}" == "62%"
    assert kestrel.pct(0.34) == "34%" and kestrel.pct(0.125) == "13%" and kestrel.pct(1) == "100%"
    from cxkit.concepts import landscape as cpl

    checks = cpl.case_landscape().check()
    share = checks.aligned_activities / checks.activities
    assert checks.summary().startswith(f"{kestrel.pct(share)} of activities")
