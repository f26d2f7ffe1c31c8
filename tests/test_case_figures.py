"""The case company's figures are stated once (cxkit/concepts/case_company.py) and agree everywhere.

Lessons, exercises, coach notes, question modules and package data may state a category's share
of customers or of profit, the two claims categories' share of profit, and the accident
category's Successful Customer Outcome target ("within 2 working days"). Each stated figure must
be the source's; the synthetic customer table lesson 4 computes from must give the same shares.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from cxkit.concepts import case_company as kestrel
from cxkit.concepts import needs

ROOT = Path(__file__).resolve().parents[1]


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


_PARETO = re.compile(r"most profitable|least profitable", re.I)  # the 80/20 view, not a category


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n", text) if s.strip()]


def stated_figures(text: str) -> dict[str, list[str]]:
    """The case figures a text states: profit shares, customer shares and SCO targets."""
    out: dict[str, list[str]] = {"profit": [], "customers": [], "sco": []}
    text = re.sub(r"[*_]+", "", text)  # "bring **61%** of its profit" says 61% of profit
    for s in _sentences(text):
        if _RULE.search(s) or _PARETO.search(s):
            continue  # "about 80% of profit comes from about 20% of customers" is the rule
        out["profit"] += [f"{m.group(1)}%" for m in _PROFIT.finditer(s)]
        out["customers"] += [f"{m.group(1)}%" for m in _CUSTOMERS.finditer(s)]
    out["sco"] += [f"{m.group('n')} {m.group('unit')}" for m in _SCO.finditer(text)]
    return out


PROFIT_SHARES = {kestrel.pct(c.share_of_profit) for c in kestrel.CATEGORIES} | {
    kestrel.pct(kestrel.claims_share_of_profit())
}
CUSTOMER_SHARES = {kestrel.pct(c.share_of_customers) for c in kestrel.CATEGORIES}
SCO_TARGET = kestrel.SCO_TARGET.removeprefix("within ")


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
    }


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
    said = {"profit": [], "customers": [], "sco": []}
    for text in _texts(path):
        for k, v in stated_figures(text).items():
            said[k] += v
    wrong = (
        [f"{p} of profit" for p in said["profit"] if p not in PROFIT_SHARES]
        + [f"{p} of customers" for p in said["customers"] if p not in CUSTOMER_SHARES]
        + [f"SCO target '{t}'" for t in said["sco"] if t != SCO_TARGET]
    )
    assert not wrong, (
        f"{path.relative_to(ROOT)} states {', '.join(wrong)}; cxkit/concepts/case_company.py says profit "
        f"shares {sorted(PROFIT_SHARES)}, customer shares {sorted(CUSTOMER_SHARES)}, SCO target "
        f"'{kestrel.SCO_TARGET}'."
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
