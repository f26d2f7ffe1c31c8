"""How well the kit's checkers agree with the labelled corpus (a benchmark, not a test).

    .venv/bin/python tests/benchmarks/checker_eval.py [--misses-dev] [--dev-only]

Prints, for the corpus TEST part (cxkit/data/corpus/, split by SPLIT.md), the FRESH test part
(``fresh_needs.csv`` / ``fresh_measures.csv``, written later by a separate writer and split by
their own seed), the newest fresh set (``HELD_OUT``, held out whole) and the dev figures
(the sets in ``DEV_SETS`` count as dev: each was held out, measured once or twice, then tuned
on; see SPLIT.md):

- outcome statements: share of good statements accepted (not told they are wrong; a
  suggestion counts as accepted), share of bad ones rejected, share of bad ones whose main
  defect is named right, and a confusion table per defect;
- SMART needs: the same three figures and a confusion table per main defect;
- measures: agreement of ``suggest_measure_kind`` with the labelled kind.

The targets (issue 14) are shown beside each figure; nothing here fails at any value.
``--misses-dev`` lists the dev rows the checkers get wrong (never the test rows' texts).
``--dev-only`` prints the dev figures alone (for tuning, so the test part is not looked at).

The dev figures also count the dev-only extra files: ``dev_extra.csv`` (``file,id,text,label,
defect,note``, with no category) and ``dev_extra_needs.csv`` / ``dev_extra_measures.csv`` (the
columns of ``smart_needs.csv`` / ``measures.csv``), and ``dev3_needs.csv`` / ``dev3_measures.csv``.
None of them has test rows.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from cxkit.concepts.outcomes.language import (  # noqa: E402
    BAD,
    OUTCOME_DEFECTS,
    analyse_need,
    analyse_outcome,
    suggest_measure_kind,
)

CORPUS = ROOT / "cxkit" / "data" / "corpus"
DEV_SETS = (
    "fresh2",
    "fresh3",
    "fresh4",
    "fresh5",
    "fresh6",
    "fresh7",
    "fresh8",
    "fresh9",
    "fresh10",
    "fresh11",
    "fresh12",
    "fresh13",
    "fresh14",
    "fresh15",
    "fresh16",
)
HELD_OUT = "fresh17"
NEED_DEFECTS = (
    "empty_or_noise",
    "firm_activity",
    "weasel_words",
    "specific",
    "measurable",
    "achievable",
    "relevant",
    "time_bound",
)


def _read(name: str) -> list[dict[str, str]]:
    path = CORPUS / name
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


# dev_extra.csv's "file" column -> the corpus file its rows extend
_EXTRA_OF = {
    "outcome_statements.csv": "outcome",
    "smart_needs.csv": "needs",
    "measures.csv": "measures",
}
_LABEL_COLUMNS = {
    "outcome_statements.csv": ("verdict", "defect"),
    "smart_needs.csv": ("verdict", "main_defect"),
    "measures.csv": ("kind", None),
}


def _rows(name: str) -> list[dict[str, str]]:
    """The corpus file's rows, then its dev-only extras (all with part 'dev')."""
    rows = _read(name)
    label, defect = _LABEL_COLUMNS[name]
    for r in _read("dev_extra.csv"):
        if r["file"] != _EXTRA_OF[name]:
            continue
        row = {"id": r["id"], "text": r["text"], "category": "", "part": "dev", label: r["label"]}
        if defect:
            row[defect] = r["defect"]
        rows.append(row)
    siblings = {
        "smart_needs.csv": ("dev_extra_needs.csv", "dev3_needs.csv"),
        "measures.csv": ("dev_extra_measures.csv", "dev3_measures.csv"),
    }
    for sibling in siblings.get(name, ()):
        rows += [dict(r, part="dev") for r in _read(sibling)]
    # Fresh material, split by its own seed: its dev rows join dev, its test rows are "fresh".
    fresh = {"smart_needs.csv": "fresh_needs.csv", "measures.csv": "fresh_measures.csv"}
    if name in fresh:
        rows += [dict(r, part="dev" if r["part"] == "dev" else "fresh") for r in _read(fresh[name])]
    # Earlier fresh sets were held out, measured, then tuned on: now dev (SPLIT.md).
    # The newest is held out whole and never tuned on: the "held out" column.
    for stem, part in [(s, "dev") for s in DEV_SETS] + [(HELD_OUT, "held")]:
        held = {
            "outcome_statements.csv": f"{stem}_outcomes.csv",
            "smart_needs.csv": f"{stem}_needs.csv",
            "measures.csv": f"{stem}_measures.csv",
        }
        rows += [dict(r, part=part, category=r.get("category", "")) for r in _read(held[name])]
        # (fresh4 has no outcome statements: _read gives [] for a file that is not there)
    return rows


def _pct(a: int, b: int) -> str:
    return f"{a / b:6.1%} ({a}/{b})" if b else "   n/a"


def outcome_figures(part: str, misses: list[str]) -> dict[str, object]:
    good = acc = bad = rej = named = unsure = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for r in _rows("outcome_statements.csv"):
        if r["part"] != part:
            continue
        p = analyse_outcome(r["text"])
        unsure += p.verdict == "unsure"
        if r["verdict"] == "good":
            good += 1
            acc += p.verdict != BAD
            confusion[("good", "accepted")] += p.verdict != BAD
            if p.verdict == BAD:
                confusion[("good", p.defect or "")] += 1
                if part == "dev":
                    misses.append(f"{r['id']} good -> {p.defect}: {r['text']}")
        else:
            bad += 1
            rej += p.verdict == BAD
            got = p.defect if p.verdict == BAD else "accepted"
            named += got == r["defect"]
            confusion[(r["defect"], got or "")] += 1
            if got != r["defect"] and part == "dev":
                misses.append(f"{r['id']} {r['defect']} -> {got}: {r['text']}")
    return {
        "good accepted": (acc, good),
        "bad rejected": (rej, bad),
        "defect named": (named, bad),
        "unsure": unsure,
        "confusion": confusion,
    }


def need_figures(part: str, misses: list[str]) -> dict[str, object]:
    good = acc = bad = rej = named = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for r in _rows("smart_needs.csv"):
        if r["part"] != part:
            continue
        p = analyse_need(r["text"], r["category"])
        if r["verdict"] == "smart":
            good += 1
            acc += p.smart
            confusion[("smart", "accepted")] += p.smart
            if not p.smart:
                confusion[("smart", p.main_defect or "")] += 1
                if part == "dev":
                    misses.append(f"{r['id']} smart -> {p.main_defect}: {r['text']}")
        else:
            bad += 1
            rej += not p.smart
            got = p.main_defect if not p.smart else "accepted"
            named += got == r["main_defect"]
            confusion[(r["main_defect"], got or "")] += 1
            if got != r["main_defect"] and part == "dev":
                misses.append(f"{r['id']} {r['main_defect']} -> {got}: {r['text']}")
    return {
        "good accepted": (acc, good),
        "bad rejected": (rej, bad),
        "defect named": (named, bad),
        "confusion": confusion,
    }


def measure_figures(part: str, misses: list[str]) -> dict[str, object]:
    right = n = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for r in _rows("measures.csv"):
        if r["part"] != part:
            continue
        kind, _why = suggest_measure_kind(r["text"])
        n += 1
        right += kind == r["kind"]
        confusion[(r["kind"], kind)] += 1
        if kind != r["kind"] and part == "dev":
            misses.append(f"{r['id']} {r['kind']} -> {kind}: {r['text']}")
    return {"kinds agree": (right, n), "confusion": confusion}


def _blank(figures: dict[str, object]) -> dict[str, object]:
    """Empty test figures (for --dev-only)."""
    return {
        k: (0, 0) if isinstance(v, tuple) else Counter() if isinstance(v, Counter) else 0
        for k, v in figures.items()
    }


def _confusion_table(
    title: str, labels: tuple[str, ...], test: Counter, dev: Counter, part: str = "test part"
) -> None:
    print(f"\n{title} ({part}; dev in brackets): labelled -> what the checker said")
    for lab in labels:
        t_row = {g: c for (w, g), c in test.items() if w == lab}
        d_row = {g: c for (w, g), c in dev.items() if w == lab}
        if not t_row and not d_row:
            continue
        t_n, d_n = sum(t_row.values()), sum(d_row.values())
        cells = ", ".join(
            f"{g or '-'} {t_row.get(g, 0)} [{d_row.get(g, 0)}]"
            for g in sorted(
                set(t_row) | set(d_row),
                key=lambda g: (
                    g not in (lab, "accepted") or lab in ("good", "smart") and g != "accepted",
                    g,
                ),
            )
        )
        print(f"  {lab:<20} n={t_n:<3}[{d_n:<3}] {cells}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses-dev", action="store_true", help="list the dev rows the checkers miss")
    ap.add_argument(
        "--dev-only", action="store_true", help="dev figures only (the test part is not read)"
    )
    args = ap.parse_args()
    misses: list[str] = []
    o_d, n_d, m_d = (
        outcome_figures("dev", misses),
        need_figures("dev", misses),
        measure_figures("dev", misses),
    )
    if args.dev_only:
        o_t, n_t, m_t = (_blank(o_d), _blank(n_d), _blank(m_d))
        n_f, m_f = _blank(n_d), _blank(m_d)
    else:
        o_t, n_t, m_t = (
            outcome_figures("test", []),
            need_figures("test", []),
            measure_figures("test", []),
        )
        n_f, m_f = need_figures("fresh", []), measure_figures("fresh", [])
    o_f = _blank(o_d)  # the first fresh material has no outcome statements
    if args.dev_only:
        o_2, n_2, m_2 = _blank(o_d), _blank(n_d), _blank(m_d)
    else:
        o_2 = outcome_figures("held", [])
        n_2, m_2 = need_figures("held", []), measure_figures("held", [])

    print(
        f"{'figure':<40} {'test':>16}  {'fresh test':>16}  {HELD_OUT + ' (held out)':>17}  "
        f"{'dev':>18}   target"
    )
    for title, t, f, f2, d, keys in (
        (
            "Outcome statements",
            o_t,
            o_f,
            o_2,
            o_d,
            ("good accepted", "bad rejected", "defect named"),
        ),
        ("SMART needs", n_t, n_f, n_2, n_d, ("good accepted", "bad rejected", "defect named")),
        ("Measures", m_t, m_f, m_2, m_d, ("kinds agree",)),
    ):
        for k in keys:
            target = {"defect named": ">= 85%", "kinds agree": ">= 90%"}.get(k, ">= 95%")
            print(
                f"{title + ': ' + k:<40} {_pct(*t[k]):>16}  {_pct(*f[k]):>16}  "
                f"{_pct(*f2[k]):>17}  {_pct(*d[k]):>18}   {target}"
            )
    print(
        f"Outcome statements answered with a suggestion (unsure): test {o_t['unsure']}, "
        f"dev {o_d['unsure']}"
    )
    _confusion_table(
        "Outcome statements",
        ("good", *OUTCOME_DEFECTS),
        o_t["confusion"],
        o_d["confusion"],
    )
    _confusion_table("SMART needs", ("smart", *NEED_DEFECTS), n_t["confusion"], n_d["confusion"])
    _confusion_table(
        "Measures", ("output", "outcome", "impact"), m_t["confusion"], m_d["confusion"]
    )
    if not args.dev_only:
        for title, labels, f2, d in (
            ("Outcome statements", ("good", *OUTCOME_DEFECTS), o_2, o_d),
            ("SMART needs", ("smart", *NEED_DEFECTS), n_2, n_d),
            ("Measures", ("output", "outcome", "impact"), m_2, m_d),
        ):
            _confusion_table(
                title, labels, f2["confusion"], d["confusion"], f"{HELD_OUT}, held out"
            )
    if args.misses_dev:
        print("\nDev rows missed:")
        for line in misses:
            print("  " + line)


if __name__ == "__main__":
    main()
