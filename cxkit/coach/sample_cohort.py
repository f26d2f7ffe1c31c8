"""A synthetic cohort of hand-ins for demos and tests, generated from a seed.

    python -m cxkit.coach.sample_cohort OUT_FOLDER [--seed 8] [--from-solutions solutions]

Answers are made for every registered question from its key, so the cohort
follows the kit's exercises: strong, good, partial, weak and late participants,
one participant who handed in twice, answers holding HTML, and a few broken
files (not JSON, a notebook, a foreign JSON file, an empty file, a bad id).
The shipped copy lives in ``cxkit/data/sample_cohort/`` (see :func:`sample_path`).
"""

from __future__ import annotations

import json
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from cxkit import data
from cxkit.questions import Grading, Kind, Question

DEADLINE = "2026-03-13T17:00:00+00:00"
_START = datetime(2026, 3, 9, 9, 0, tzinfo=timezone.utc)

PROFILES = [  # (participant id, share right, share answered, late)
    ("Amara Okafor", 0.95, 1.0, False),
    ("Ben Clarke", 0.9, 1.0, False),
    ("Chen Wei", 0.8, 1.0, False),
    ("Dorota Nowak", 0.75, 0.9, False),
    ("Eoin Murphy", 0.6, 1.0, True),
    ("Fatima Zahra", 0.55, 0.6, False),
    ("Gareth Jones", 0.4, 1.0, False),
    ("Hana Sato", 0.3, 0.8, False),
    ("Ivan Petrov", 0.2, 0.5, True),
    ("Jo O'Neill", 0.7, 0.35, False),
    ("Kofi Mensah", 0.85, 1.0, False),
    ("Lena Fischer", 0.5, 0.9, False),
    ("Mallory <b>Test</b>", 0.5, 1.0, False),  # hostile id: refused at collect
]

_TEXT = {
    "strong": "Minimise the time it takes to get back on the road after an accident: within 2 working "
    "days for 90% of drivers, said in the customer's words.",
    "mid": "Customers want their claim settled quickly and easily, ideally within a week.",
    "weak": "Deliver a seamless, world-class claims experience.",
    "html": "<script>alert('x')</script> Get my car fixed <b>fast</b> & keep me informed.",
}


# Rubric answers in each question's own shape and subject, at three levels of quality,
# so the coach's demo shows what real hand-ins look like.
_RUBRIC_SAMPLES: dict[str, dict[str, Any]] = {
    "outside_in/rewrite-initiative": {
        "strong": "I chose 'cut average handle time by 20 seconds'. From the outside in it starts "
        "with what a driver wants after an accident: to be back on the road with as little hassle "
        "as possible. Working backwards, Kestrel would give the first adviser the authority to book "
        "the repair and a hire car on the first call, so nobody has to ring back. Kestrel would know "
        "it worked when the days from first call to driving again fall, and repeat calls per claim "
        "drop.",
        "mid": "I chose the handle-time target. Customers want their claim sorted on the first "
        "call, so Kestrel should let agents take longer and fix the problem. Fewer repeat calls.",
        "weak": "Improve the claims process so it is more efficient and customer focused.",
    },
    "outcomes/aht-behaviour": {
        "strong": "Agents managed to AHT learn to keep calls short: they transfer, promise a call "
        "back or close the call before the problem is solved. The customer's need is not met, so "
        "they call again, often more than once. Each repeat is failure demand: more calls, more "
        "agent minutes and more cost for Kestrel, while the measured AHT looks better.",
        "mid": "Agents rush calls to hit the target, so customers have to call back. That means more "
        "calls for Kestrel.",
        "weak": "AHT is an output measure and not an outcome.",
    },
    "canvas/canvas-quality": {
        "strong": "The moment of truth I would remove first is the six-day wait to book a loss "
        "adjuster: it leaves a family in a damaged home with no date, and it drives most of the "
        "chasing calls. Second, the repeated requests for the same documents. Kestrel would know "
        "the canvas is working when the days to a safe, dry home fall and calls asking 'what "
        "happens next' drop, which also wins the cost and revenue crowns.",
        "mid": "I would fix the adjuster wait first because customers hate waiting, and then the "
        "paperwork. Fewer complaints would show it works.",
        "weak": "The canvas shows the customer journey and what matters to customers.",
    },
    "north-star/justification": {
        "strong": "I chose 'households in a safe, dry bed on the first night'. It serves the home "
        "division's claimants, 'make my home liveable again', who bring 27% of Kestrel's profit, "
        "and it is their outcome, not a surveyor booked or a claim closed. It is known the next "
        "morning, so it moves before renewals and teams can act the same week. It could be gamed "
        "by counting a hotel the family never reached, so the household confirms it by text. "
        "Weighting vision twice as much would pick 'homes back within 30 days', which lags.",
        "mid": "Homes back within 30 days, because customers care about getting their home back "
        "and it is easy to explain.",
        "weak": "Home claims closed per week, because the team can change it and it is easy to count.",
    },
    "initiatives/next-step": {
        "strong": "Kestrel's weakest area is its measures: the dashboard is all outputs (AHT, "
        "claims closed per week). The next step is to replace the claims dashboard with two "
        "outcome measures from the canvas, days to back on the road and contacts per claim, and "
        "review them weekly with claims and the contact centre. It will know it worked when those "
        "two move and failure demand falls within a quarter.",
        "mid": "Kestrel should measure outcomes instead of outputs and tell the managers.",
        "weak": "Run a culture change programme.",
    },
}
_RECORD_SAMPLES: dict[str, dict[str, dict[str, str]]] = {
    "outcomes/reframe-outputs": {
        "strong": {
            "dash-aht": "Minimise the number of calls it takes to get my claim question answered, "
            "from my first call about the claim.",
            "dash-claims-closed": "Minimise the time it takes to get my car back on the road after "
            "I report an accident.",
            "dash-emails-24h": "Minimise the likelihood that I have to chase a reply to my email "
            "about my policy.",
        },
        "mid": {
            "dash-aht": "Customers want quick calls.",
            "dash-claims-closed": "Settle claims faster for customers.",
            "dash-emails-24h": "Reply to emails within a day.",
        },
        "weak": {"dash-aht": "Reduce AHT.", "dash-claims-closed": "Close more claims."},
    },
    "needs/smart-needs": {
        "strong": {
            "need_1": "Households with water damage want a safe, dry home within 24 hours of "
            "reporting the loss.",
            "need_2": "Households want a date for the repairs to finish within 5 days of the "
            "adjuster's visit.",
            "need_3": "Households want to send each document only once, within the first week.",
        },
        "mid": {
            "need_1": "Customers want their home fixed quickly.",
            "need_2": "Customers want to be kept informed.",
            "need_3": "Less paperwork.",
        },
        "weak": {"need_1": "Excellent service at all times."},
    },
    "landscape/triple-crown-change": {
        "strong": {
            "change": "Give the first adviser authority to book the repair and a hire car on the "
            "first call.",
            "customer": "I am back on the road days sooner and never have to call again to chase.",
            "cost": "Fewer chasing calls: failure demand on the claims line falls, so fewer agent "
            "hours.",
            "revenue": "Drivers whose claim went smoothly renew more often.",
        },
        "mid": {
            "change": "Faster repairs.",
            "customer": "Happier customers.",
            "cost": "Lower costs.",
        },
        "weak": {"change": "Add more staff to the contact centre."},
    },
}


_PROPOSALS = {  # the change a participant of each level would size in the calculator
    "strong": ("remove-failure-demand", 0.3, "Fix claim-progress updates so customers stop chasing: "
               "a text at each step and a named handler who rings back. Contacts per need fall from "
               "2.6 to 2.1, the queue clears, 1,400 agent hours a month are saved and churn falls, "
               "so all three crowns pass. For the customer: I know where my claim is without ringing."),
    "mid": ("remove-failure-demand", 0.15, "Cut chasing calls by sending updates. It saves money "
            "and customers will be happier."),
    "weak": ("cut-aht-by-target", 0.1, "Cut handle time by ten percent so we answer more calls."),
}  # fmt: skip


def _proposal(tone: str, text: str, rng: random.Random) -> dict:
    from cxkit.concepts.contact_centre.triple_crown import triple_crown

    kind, amount, rationale = _PROPOSALS[tone]
    return triple_crown(kind, amount).as_dict() | {"rationale": text if "<" in text else rationale}


def _ratings(tone: str, _text: str, rng: random.Random) -> dict:
    from cxkit.concepts.initiatives import MISTAKE_IDS

    return {m: rng.randint(1, 5) for m in MISTAKE_IDS}


# Answers whose saved shape a model builds (the same shape the participant's widget saves).
_SHAPED = {
    "contact-centre/triple-crown-proposal": _proposal,
    "initiatives/kestrel-ratings": _ratings,
}


def sample_path() -> Path:
    """The sample hand-ins shipped with cxkit."""
    return data.path("sample_cohort")


def model_answers(solutions: Path | str) -> dict[str, Any]:
    """Model answers saved by the coach's own solution notebooks when run (slow: starts kernels)."""
    import os
    import tempfile

    import nbformat
    from nbclient import NotebookClient

    from cxkit.workbook import Workbook

    saved = {k: os.environ.get(k) for k in ("CXKIT_WORKBOOK_DIR", "CXKIT_PARTICIPANT")}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(CXKIT_WORKBOOK_DIR=tmp, CXKIT_PARTICIPANT="Model Answer")
        try:
            for path in sorted(Path(solutions).glob("*.ipynb")):
                nb = nbformat.read(path, as_version=4)
                client = NotebookClient(nb, timeout=300, kernel_name="python3")
                client.execute(cwd=tmp)
            files = list(Path(tmp).glob("*.workbook.json"))
            return (
                {a.question_id: a.value for a in Workbook.open(files[0]).answers()} if files else {}
            )
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v


def _spoil(value: Any, rng: random.Random) -> Any:
    """A weaker version of a model answer: half a record, a number off, a list cut short."""
    if isinstance(value, dict) and value:
        nums = [
            k for k, v in value.items() if isinstance(v, int | float) and not isinstance(v, bool)
        ]
        if nums and len(nums) < len(value):  # a number with its working (NPS and counts): off
            return {**value, nums[0]: _spoil(value[nums[0]], rng)}
        keep = sorted(value)[: max(1, len(value) // 2)]
        return {k: value[k] for k in keep}
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return round(value * rng.choice([0.5, 0.8, 1.3]), 2)
    if isinstance(value, list) and value:
        return value[: max(1, len(value) // 2)]
    return value


def _answer(
    q: Question, key: Any, right: float, rng: random.Random, who: int, model: dict | None = None
) -> Any:
    ok = rng.random() < right
    if model and q.id in model:
        return model[q.id] if ok else _spoil(model[q.id], rng)
    if q.example is not None:  # the key is not an answer (e.g. a North Star choice record)
        return q.example() if ok else _spoil(q.example(), rng)
    if q.grading is Grading.RUBRIC or key is None:
        tone = "strong" if right > 0.75 else "mid" if right > 0.45 else "weak"
        # One participant's answers hold markup: it must show as text everywhere.
        sample = _RUBRIC_SAMPLES.get(q.id, {}).get(tone, _TEXT[tone])
        text = _TEXT["html"] if who == 4 else sample
        if q.id in _SHAPED:
            return _SHAPED[q.id](tone, text, rng)
        if q.kind is Kind.RECORD:
            if q.id in _RECORD_SAMPLES and who != 4:
                return dict(_RECORD_SAMPLES[q.id][tone])
            return {item: text for item in q.items} if q.items else {"statement": text}
        if q.kind is Kind.SINGLE_CHOICE and q.choices:
            return rng.choice(q.choices)
        if q.kind is Kind.NUMBER:
            return rng.randint(1, 10)
        return text
    from cxkit.coach.grading import model_answer

    mk = model_answer(key)
    if isinstance(mk, dict):
        labels = sorted({json.dumps(v) for v in mk.values()})
        out = {}
        for item, v in mk.items():
            others = [json.loads(x) for x in labels if x != json.dumps(v)]
            out[item] = v if rng.random() < right or not others else rng.choice(others)
        return out
    if q.kind is Kind.NUMBER and isinstance(mk, int | float):
        return mk if ok else round(mk * rng.choice([0.5, 0.8, 1.3, 2.0]) + 1, 2)
    if isinstance(mk, list):
        if q.kind is Kind.MULTIPLE_CHOICE:
            return (
                mk if ok else rng.sample(list(q.choices) or mk, k=max(1, len(q.choices or mk) // 2))
            )
        mk = mk[0] if mk else ""
    if ok:
        return mk
    others = [c for c in q.choices if c != mk]
    return rng.choice(others) if others else f"not {mk}"


def _workbook(pid: str, answers: dict, start: datetime) -> dict:
    entries = {}
    for n, (qid, value) in enumerate(sorted(answers.items())):
        t = start + timedelta(minutes=7 * n)
        entries[qid] = {
            "value": value,
            "saved_at": t.isoformat(timespec="milliseconds"),
            "revision": 1 + n % 3,
        }
    return {
        "format": "cxkit-workbook",
        "schema_version": 2,
        "participant_id": pid,
        "kit_version": "0.1.0",
        "created_at": start.isoformat(timespec="milliseconds"),
        "answers": entries,
    }


def _dump(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def make_sample_cohort(
    out: Path | str,
    seed: int = 8,
    question_list: list[Question] | None = None,
    model: dict[str, Any] | None = None,
) -> list[Path]:
    """Write the sample hand-ins to out (a folder); return the files written."""
    from cxkit.coach.grading import load_key
    from cxkit.workbook import safe_file_stem

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    key = load_key(question_list=question_list)
    written: list[Path] = []

    def write(name: str, text: str | bytes) -> None:
        p = out / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        written.append(p)

    for who, (pid, right, answered, late) in enumerate(PROFILES):
        answers = {
            k.question_id: _answer(k.question, k.key, right, rng, who, model)
            for k in key
            if rng.random() < answered
        }
        day = 5 if late else rng.randint(0, 3)
        start = _START + timedelta(days=day, hours=rng.randint(0, 6))
        folder = f"{pid.split()[0].lower()}_{1000 + who}"
        name = f"{folder}/{safe_file_stem(pid) if '<' not in pid else 'mallory'}.workbook.json"
        write(name, _dump(_workbook(pid, answers, start)))
        if who == 2:  # Chen hands in twice: an early partial copy, then the full one above
            early = dict(list(answers.items())[: max(1, len(answers) // 3)])
            write(
                f"{folder}/early/chen-wei.workbook.json",
                _dump(_workbook(pid, early, start - timedelta(days=2))),
            )
            write(
                f"{folder}/02_exercise.ipynb",
                json.dumps({"cells": [], "nbformat": 4, "nbformat_minor": 5, "metadata": {}}),
            )
    # Broken hand-ins: each gets its own status line at collect time.
    good = _dump(_workbook("Noor Haddad", {}, _START))
    write("noor_2001/noor-haddad.workbook.json", good[: len(good) // 2])  # cut off while copying
    write(
        "oscar_2002/03_metrics.ipynb",
        json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
    )
    write("priya_2003/priya.workbook.json", json.dumps({"name": "Priya", "score": 10}))
    write("quinn_2004/quinn.workbook.json", b"")
    write("rosa_2005/notes.txt", "I could not find the workbook file, sorry!\n")
    return written


def make_many(out: Path | str, n: int, seed: int = 8) -> list[Path]:
    """Write n valid synthetic workbooks (mixed quality) to out, e.g. for benchmarks."""
    from cxkit.coach.grading import load_key

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    key = load_key()
    paths = []
    for i in range(n):
        right, answered = rng.random(), 0.5 + rng.random() / 2
        answers = {
            k.question_id: _answer(k.question, k.key, right, rng, i)
            for k in key
            if rng.random() < answered
        }
        start = _START + timedelta(minutes=rng.randint(0, 6000))
        p = out / f"p{i:05d}.workbook.json"
        p.write_text(_dump(_workbook(f"Participant {i:05d}", answers, start)), encoding="utf-8")
        paths.append(p)
    return paths


def demo_cohort(folder: Path | str | None = None) -> Path:
    """Collect and grade the shipped sample hand-ins into folder (default: a new temp folder)."""
    import tempfile

    from cxkit.coach.collect import collect
    from cxkit.coach.grade_run import grade_cohort

    cohort = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="cxkit-sample-")) / "cohort"
    collect(sample_path(), cohort, deadline=DEADLINE)
    grade_cohort(cohort)
    return cohort


def main(argv: list[str] | None = None) -> None:
    """Command-line entry: write the sample hand-ins to a folder."""
    import argparse

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument(
        "--from-solutions",
        type=Path,
        default=None,
        help="run these solution notebooks first and use the model answers they save",
    )
    args = ap.parse_args(argv)
    model = model_answers(args.from_solutions) if args.from_solutions else None
    files = make_sample_cohort(args.out, args.seed, model=model)
    print(f"wrote {len(files)} file(s) to {args.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
