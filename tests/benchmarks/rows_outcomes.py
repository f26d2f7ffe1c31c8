"""Outcomes rows: how long a participant waits for feedback after a click or a keystroke.

Each figure is a widget callback run in-process (no browser round trip), against the obvious
alternative of rebuilding the whole widget on every change.
"""

from __future__ import annotations

import itertools
import statistics
import tempfile
import time
from pathlib import Path

from bench import Row, median_time

from cxkit.concepts.needs import check_smart
from cxkit.concepts.outcomes.measures import check_outcome_statement
from cxkit.session import reset_session
from cxkit.widgets.outcomes import LESSON_QUIZ_IDS, ClassificationQuiz, OutcomeStatementBuilder

STATEMENTS = (
    "Minimise the time it takes to get my claim settled after an accident",
    "Answer 80% of calls within 20 seconds",
    "Deliver a fast, seamless, world-class claims experience",
)


def rows(repeat: int) -> list[Row]:
    """Quiz click feedback, the quiz's last click (with chart), and a builder keystroke."""
    with tempfile.TemporaryDirectory() as d:
        reset_session(Path(d))  # lesson mode: nothing is saved, but keep any session out of cwd
        quiz = ClassificationQuiz()
        first = quiz.buttons[LESSON_QUIZ_IDS[0]]
        answers = itertools.cycle(["outcome", "output"])

        def click() -> None:
            first.value = next(answers)

        def rebuild() -> None:
            fresh = ClassificationQuiz()
            fresh.buttons[LESSON_QUIZ_IDS[0]].value = next(answers)

        click_t = median_time(click, repeat * 20)
        rebuild_t = median_time(rebuild, repeat)

        # The last answer also draws the summary chart; only that click is timed.
        last_times = []
        for _ in range(repeat + 1):
            q = ClassificationQuiz()
            for mid in LESSON_QUIZ_IDS[:-1]:
                q.buttons[mid].value = "output"
            t0 = time.perf_counter()
            q.buttons[LESSON_QUIZ_IDS[-1]].value = "impact"
            last_times.append(time.perf_counter() - t0)
        last_t = statistics.median(last_times[1:])  # the first run warms matplotlib up

        builder = OutcomeStatementBuilder()
        texts = itertools.cycle(STATEMENTS)

        def keystroke() -> None:
            builder.text.value = next(texts)

        def rebuild_builder() -> None:
            OutcomeStatementBuilder(value=next(texts))

        key_t = median_time(keystroke, repeat * 20)

        # The language core on a 300-character statement, against the obvious alternative:
        # the same check with the regex cache emptied first (inline patterns recompiled).
        long = (STATEMENTS[0] + ", between reporting it and my car being back, without calling "
                "an adviser, each time I have a crash on my commute or in a car park abroad "
                "when I am travelling with my family and cannot get home")[:300]  # fmt: skip

        # Each call gets a text it has not seen (as typing does), so no per-text cache helps.
        longs = itertools.cycle([f"{long[:296]} {i:03d}" for i in range(600)])

        def core() -> None:
            check_outcome_statement(next(longs))

        def naive() -> None:
            import re

            re.purge()  # no pattern cache: what a hand-rolled checker compiling per call pays
            check_outcome_statement(next(longs))

        core_t = median_time(core, repeat * 50)
        naive_t = median_time(naive, repeat * 10)

        # The SMART checker on a 300-character need with its category (canvas, lesson 4).
        need = ("A named plumber at my door within 4 hours of reporting a burst pipe at night, "
                "with the water made safe on the same visit and a written report by the next "
                "working day, every time it happens in the first year of my tenancy, without "
                "my having to chase the landlord or the letting agent by phone or by email")[:300]  # fmt: skip
        category = "Tenants reporting a leak at night"

        needs = itertools.cycle([f"{need[:296]} {i:03d}" for i in range(600)])

        def smart() -> None:
            check_smart(next(needs), category)

        def smart_naive() -> None:
            import re

            re.purge()
            check_smart(next(needs), category)

        smart_t = median_time(smart, repeat * 50)
        smart_naive_t = median_time(smart_naive, repeat * 10)
        rebuild_b = median_time(rebuild_builder, repeat * 5)
        reset_session(Path(d))
    return [
        Row(
            "outcome checker: one 300-character statement (target < 5 ms)",
            core_t,
            "s",
            "same check with a cold regex cache",
            naive_t,
        ),
        Row(
            "SMART checker: one 300-character need (target < 5 ms)",
            smart_t,
            "s",
            "same check with a cold regex cache",
            smart_naive_t,
        ),
        Row(
            "lesson quiz: feedback after a click", click_t, "s", "rebuild the whole quiz", rebuild_t
        ),
        Row(
            "lesson quiz: last click (feedback + summary chart)",
            last_t,
            "s",
            "rebuild the whole quiz",
            rebuild_t,
            note="ratio < 1: the chart is drawn once, at the end",
        ),
        Row(
            "statement builder: checker + render per keystroke",
            key_t,
            "s",
            "rebuild the builder",
            rebuild_b,
        ),
    ]
