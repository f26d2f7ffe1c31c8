"""The report layer's HTML: one stylesheet, one escaper, one page wrapper, one way to show points.

Every page the kit writes for people (feedback pages, the cohort page, the
assessment report, item analysis) is made from these, so they look alike and
every participant string is escaped the same way.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

CSS = (
    "body{margin:2em auto;padding:0 1em;max-width:62em}"
    ".cx-report{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;line-height:1.45;"
    "color:#1d2327;max-width:62em}"
    ".cx-report h1{font-size:1.7em;margin:.2em 0 .3em 0}"
    ".cx-report h2{font-size:1.3em;margin:1.2em 0 .4em 0}"
    ".cx-report h3{margin:.9em 0 .4em 0}"
    ".cx-total{font-size:1.6em;font-weight:bold;color:#1f5fa8}"
    ".cx-muted{color:#5c6770}"
    ".cx-note{background:#fff6e0;border-left:4px solid #e0a000;padding:.5em .8em;margin:.6em 0}"
    ".cx-table{border-collapse:collapse;margin:.5em 0 1em 0;min-width:30em}"
    ".cx-table th,.cx-table td{border-bottom:1px solid #d9dee3;padding:.3em .7em;"
    "text-align:left!important;vertical-align:top}"
    ".cx-table th{background:#f3f5f7}"
    ".cx-badge{display:inline-block;padding:0 .5em;border-radius:.6em;font-size:.85em;"
    "font-weight:bold;color:#fff;white-space:nowrap}"
    ".cx-correct{background:#1b7a3a}.cx-partly{background:#c77700}.cx-wrong{background:#b3261e}"
    ".cx-not-answered{background:#7b8794}.cx-needs-rubric{background:#1f5fa8}"
    ".cx-item{border:1px solid #d9dee3;border-radius:6px;padding:.5em .9em;margin:.5em 0}"
    ".cx-item ul{margin:.3em 0 .2em 1.2em;padding:0}"
    ".cx-answer{background:#f5f6f7;padding:.4em .6em;margin:.4em 0;white-space:pre-wrap;"
    "border-radius:4px}"
    ".cx-comment{background:#eef4fb;border-left:4px solid #1f5fa8;padding:.4em .8em;margin:.4em 0}"
    ".cx-report img{max-width:100%}"
    ".cx-answer .cx-table td{min-width:7em}.cx-table td{overflow-wrap:normal}"
)

STYLE = f"<style>{CSS}</style>"

#: An item's grading status in the words a participant reads.
STATUS_WORDS = {
    "correct": "Correct",
    "partly": "Partly right",
    "wrong": "Not yet",
    "not answered": "Not answered",
    "needs rubric": "Awaiting your coach",
}

_ESC: dict[str, str] = {}  # escaped text by text: a cohort repeats prompts and feedback
_MEMO_MAX, _MEMO_TEXT = 5_000, 1000  # a cohort repeats a few thousand texts


def esc(value: Any) -> str:
    """HTML-escape any value shown on a page (participant text above all), quotes included."""
    if type(value) is not str:
        return html.escape(str(value), quote=True)
    hit = _ESC.get(value)
    if hit is None:
        hit = html.escape(value, quote=True)
        if len(value) <= _MEMO_TEXT and len(_ESC) < _MEMO_MAX:
            _ESC[value] = hit
    return hit


def forget() -> None:
    """Drop the escaper's memo (after a big export)."""
    _ESC.clear()


def pts(x: float | None) -> str:
    """Points for people: at most one decimal ('45.1', '18'), a dash when not scored yet."""
    return "–" if x is None else f"{round(float(x), 1):g}"


def short_prompt(prompt: str) -> str:
    """The question as a participant reads it, without the answer-format notes for developers."""
    for marker in (" Saved as", " Answer format"):
        if marker in prompt:
            prompt = prompt[: prompt.index(marker)]
    return prompt.strip()


def exercise_title(exercise: str) -> str:
    """'Exercise 2 · Outputs vs outcomes' from '02_outputs_vs_outcomes'."""
    num, _, rest = exercise.partition("_")
    words = rest.replace("_", " ")
    return f"Exercise {int(num)} · {words[:1].upper() + words[1:]}" if num.isdigit() else exercise


def badge(status: str) -> str:
    """A coloured status label ('Correct', 'Not yet', …)."""
    return (
        f'<span class="cx-badge cx-{esc(status.replace(" ", "-"))}">'
        f"{esc(STATUS_WORDS.get(status, status))}</span>"
    )


def table(header: Sequence[str], rows: Iterable[Sequence[Any]], raw: bool = False) -> str:
    """An HTML table; cells are escaped unless raw (cells the caller built from escaped parts)."""
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    cell = (lambda v: str(v)) if raw else esc
    body = "".join("<tr>" + "".join(f"<td>{cell(v)}</td>" for v in r) + "</tr>" for r in rows)
    return f'<table class="cx-table"><tr>{head}</tr>{body}</table>'


def page(title: str, body: str) -> str:
    """A standalone page: the one stylesheet, a title, and the body inside the report frame."""
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{esc(title)}</title>{STYLE}</head><body><div class='cx-report'>\n"
        f"{body}\n</div></body></html>\n"
    )


def section(body: str) -> str:
    """A fragment shown inside a notebook: the stylesheet and the report frame."""
    return f'{STYLE}<div class="cx-report">{body}</div>'
