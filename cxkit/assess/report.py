"""What the assessment notebook shows: one participant's grades, figures, feedback and next steps.

The notebook keeps its cells short and calls :func:`build` and the ``Report``
methods. Every participant-supplied string is HTML-escaped before display; the
workbook is parsed as data and nothing in it is ever run. Output is the same
whether the notebook runs in a fresh or a reused kernel: no clock times, no
randomness, figures embedded as PNG by cxkit itself (not by the inline backend).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import io
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cxkit import __version__
from cxkit.assess import RESULT_FORMAT, RESULT_MIME
from cxkit.workbook import Workbook

PASS_SHARE = 0.7  # below this share of a concept's points, next steps suggest revisiting it

CSS = """
<style>
.cx-report{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;max-width:60em;line-height:1.45;color:#1d2327}
.cx-report h3{margin:.2em 0 .4em 0}
.cx-total{font-size:1.6em;font-weight:bold;color:#1f5fa8}
.cx-muted{color:#5c6770}
.cx-note{background:#fff6e0;border-left:4px solid #e0a000;padding:.5em .8em;margin:.6em 0}
.cx-table{border-collapse:collapse;margin:.5em 0 1em 0;min-width:30em}
.cx-table th,.cx-table td{border-bottom:1px solid #d9dee3;padding:.3em .7em;text-align:left!important;vertical-align:top}
.cx-table th{background:#f3f5f7}
.cx-badge{display:inline-block;padding:0 .5em;border-radius:.6em;font-size:.85em;font-weight:bold;color:#fff;white-space:nowrap}
.cx-correct{background:#1b7a3a}.cx-partly{background:#c77700}.cx-wrong{background:#b3261e}
.cx-not-answered{background:#7b8794}.cx-needs-rubric{background:#1f5fa8}
.cx-item{border:1px solid #d9dee3;border-radius:6px;padding:.5em .9em;margin:.5em 0}
.cx-item ul{margin:.3em 0 .2em 1.2em;padding:0}
.cx-comment{background:#eef4fb;border-left:4px solid #1f5fa8;padding:.4em .8em;margin:.4em 0}
</style>
"""

STATUS_WORDS = {
    "correct": "Correct",
    "partly": "Partly right",
    "wrong": "Not yet",
    "not answered": "Not answered",
    "needs rubric": "Awaiting your coach",
}


def esc(value: Any) -> str:
    """HTML-escape any value shown in a report (participant text above all)."""
    return html.escape(str(value), quote=True)


def pts(x: float | None) -> str:
    """Points for people: at most one decimal ('45.1', '18'), a dash when not scored yet."""
    return "–" if x is None else f"{round(float(x), 1):g}"


def short_prompt(prompt: str) -> str:
    """The question as a participant reads it, without the answer-format notes for developers."""
    for marker in (" Saved as", " Answer format"):
        if marker in prompt:
            prompt = prompt[: prompt.index(marker)]
    return prompt.strip()


def concept_title(concept: str) -> str:
    """A readable name for a concept id ('north-star' -> 'North star')."""
    words = concept.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else "General"


@dataclass
class Report:
    """One participant's assessment: the workbook, its grade (if grading ran) and what to show."""

    workbook: Workbook
    workbook_sha256: str
    grade: Any = None  # cxkit.coach.grading.WorkbookGrade, or None when grading is unavailable
    problem: str = ""  # why there is no grade, in words for the coach
    notes: list[str] = field(default_factory=list)

    @property
    def participant_id(self) -> str:
        """The participant the report is for."""
        return self.workbook.participant_id

    # -- sections (each returns HTML) -------------------------------------------------------
    def header(self, course: str = "") -> str:
        """Title block: who, what it is based on, the overall score."""
        g = self.grade
        when = (g.submitted_at if g is not None else "") or _latest_save(self.workbook)
        parts = [CSS, '<div class="cx-report">']
        if course:
            parts.append(f'<div class="cx-muted">{esc(course)}</div>')
        parts.append(f"<h2>Feedback report for {esc(self.participant_id)}</h2>")
        if when:
            parts.append(
                f'<p class="cx-muted">Based on your workbook as last saved on {esc(when[:16].replace("T", " "))} UTC.</p>'
            )
        if g is None:
            parts.append(
                f'<div class="cx-note"><b>Scores are not available yet.</b> {esc(self.problem)}</div>'
            )
        else:
            answered = sum(1 for i in g.items if i.answered)
            pct = f" ({g.total / g.max_total:.0%})" if g.max_total else ""
            parts.append(
                f'<p><span class="cx-total">{pts(g.total)} of {pts(g.max_total)} points{pct}</span></p>'
            )
            parts.append(f"<p>You answered {answered} of {len(g.items)} questions.")
            if g.pending:
                parts.append(
                    f" {g.pending} answer(s) are scored by your coach against a rubric and are not "
                    "counted yet."
                )
            parts.append("</p>")
        for note in self.notes:
            parts.append(f'<div class="cx-note">{esc(note)}</div>')
        parts.append("</div>")
        return "".join(parts)

    def concept_table(self) -> str:
        """Points by concept as a table (the figure's numbers, for screen readers and print)."""
        if self.grade is None or not self.grade.items:
            return '<div class="cx-report"><p class="cx-muted">No graded questions yet.</p></div>'
        rows = []
        for concept, (p, mx) in self.grade.by_concept().items():
            share = f"{p / mx:.0%}" if mx else "–"
            rows.append(
                f"<tr><td>{esc(concept_title(concept))}</td><td>{pts(p)}</td><td>{pts(mx)}</td>"
                f"<td>{share}</td></tr>"
            )
        return (
            '<div class="cx-report"><table class="cx-table"><tr><th>Concept</th><th>Points</th>'
            f"<th>Available</th><th>Share</th></tr>{''.join(rows)}</table></div>"
        )

    def concept_figure(self) -> str:
        """The scores-by-concept bar chart as an embedded PNG with alt text."""
        if self.grade is None or not self.grade.items:
            return ""
        from cxkit.plots.assess import concept_scores

        fig = concept_scores(self.grade.by_concept())
        alt = "Bar chart of your share of points in each concept: " + "; ".join(
            f"{concept_title(c)} {pts(p)} of {pts(m)}"
            for c, (p, m) in self.grade.by_concept().items()
        )
        return _img(fig, alt)

    def feedback(self) -> str:
        """Every question's result, feedback lines, findings and the coach's rubric comments."""
        if self.grade is None:
            return f'<div class="cx-report"><p class="cx-muted">{esc(self.problem)}</p></div>'
        from cxkit import questions

        by_concept: dict[str, list[Any]] = {}
        for item in self.grade.items:
            by_concept.setdefault(item.concept, []).append(item)
        parts = ['<div class="cx-report">']
        for concept in sorted(by_concept):
            parts.append(f"<h3>{esc(concept_title(concept))}</h3>")
            for item in by_concept[concept]:
                q = (
                    questions.get(item.question_id)
                    if questions.is_known(item.question_id)
                    else None
                )
                prompt = short_prompt(q.prompt) if q is not None else item.question_id
                badge = item.status.replace(" ", "-")
                parts.append(
                    f'<div class="cx-item"><span class="cx-badge cx-{esc(badge)}">'
                    f"{esc(STATUS_WORDS.get(item.status, item.status))}</span> "
                    f"<b>{esc(prompt)}</b> "
                    f'<span class="cx-muted">({pts(item.points)} / {pts(item.max_points)} points)</span>'
                )
                lines = [*item.feedback, *item.findings]
                if lines:
                    parts.append("<ul>" + "".join(f"<li>{esc(x)}</li>" for x in lines) + "</ul>")
                if item.levels or item.comment:
                    parts.append(self._rubric_html(q, item))
                parts.append("</div>")
        parts.append("</div>")
        return "".join(parts)

    def _rubric_html(self, q: Any, item: Any) -> str:
        rows = []
        crits = {c.name: c for c in (q.rubric if q is not None else ())}
        for name, level in item.levels.items():
            c = crits.get(name)
            desc = c.levels.get(int(level), "") if c is not None else ""
            top = f" of {c.max_points}" if c is not None else ""
            rows.append(f"<li><b>{esc(name)}</b>: {esc(pts(level))}{top} – {esc(desc)}</li>")
        comment = f"<p><b>Your coach's comment:</b> {esc(item.comment)}</p>" if item.comment else ""
        levels = f"<ul>{''.join(rows)}</ul>" if rows else ""
        return f'<div class="cx-comment">{comment}{levels}</div>'

    def canvas(self) -> str:
        """The participant's Successful Customer Outcome canvas, rendered, or 'not submitted'."""
        return self._answer_section(("canvas",), "Your canvas", _render_canvas)

    def north_star(self) -> str:
        """The participant's North Star choice and scoring, rendered, or 'not submitted'."""
        return self._answer_section(("north-star", "north_star"), "Your North Star", _render_choice)

    def _answer_section(self, concepts: tuple[str, ...], what: str, render: Any) -> str:
        answers = [
            a
            for a in self.workbook.answers()
            if a.question_id.split("/")[0] in concepts and a.value not in (None, "", {}, [])
        ]
        if not answers:
            return (
                f'<div class="cx-report"><p class="cx-muted">{esc(what)}: not submitted. '
                "When you complete that exercise it will appear here.</p></div>"
            )
        parts = ['<div class="cx-report">']
        for a in answers:
            try:  # the concept's own renderer; a malformed answer falls back to a plain listing
                shown = render(a.question_id, a.value)
            except Exception:
                shown = None
            parts.append(shown if shown is not None else _value_html(a.value))
        parts.append("</div>")
        return "".join(parts)

    def next_steps(self) -> str:
        """Concrete next steps from the weakest concepts, blanks and pending rubric items."""
        steps: list[str] = []
        g = self.grade
        if g is None:
            steps.append("Your coach will send your scores once grading is available.")
        else:
            blanks = [i for i in g.items if not i.answered]
            weak = sorted(
                ((p / m, c) for c, (p, m) in g.by_concept().items() if m and p / m < PASS_SHARE),
            )
            for share, concept in weak:
                missed = [
                    i.question_id
                    for i in g.items
                    if i.concept == concept and i.status in ("wrong", "partly")
                ]
                extra = f" Look again at: {', '.join(missed)}." if missed else ""
                steps.append(
                    f"Revisit {concept_title(concept)} ({share:.0%} so far): re-read the lesson, "
                    f"then try the practice items again.{extra}"
                )
            if blanks:
                steps.append(
                    f"Answer the {len(blanks)} question(s) you left blank; your coach can re-run "
                    "this report afterwards."
                )
            if g.pending:
                steps.append(
                    f"Your coach will score {g.pending} rubric answer(s); their comments will "
                    "appear in the next version of this report."
                )
            if not weak and not blanks and g.items:
                steps.append(
                    "Strong work across every concept. Next, take one measure your own team is "
                    "managed by and rewrite it as an outcome in your customers' words."
                )
        items = "".join(f"<li>{esc(s)}</li>" for s in steps)
        return f'<div class="cx-report"><ol>{items}</ol></div>'

    # -- results for the runner --------------------------------------------------------------
    def result(self) -> dict:
        """The JSON-safe record the runner reads back from the executed notebook."""
        g = self.grade
        rec: dict[str, Any] = {
            "format": RESULT_FORMAT,
            "status": "complete" if g is not None else "no-grading",
            "participant_id": self.participant_id,
            "workbook_sha256": self.workbook_sha256,
            "kit_version": __version__,
            "problem": self.problem,
        }
        if g is not None:
            rec.update(
                total=g.total,
                max_total=g.max_total,
                pending=g.pending,
                answered=sum(1 for i in g.items if i.answered),
                questions=len(g.items),
                key_fingerprint=getattr(g, "key_fingerprint", ""),
                by_concept={k: list(v) for k, v in g.by_concept().items()},
                items=[
                    {
                        "question_id": i.question_id,
                        "concept": i.concept,
                        "grading": i.grading,
                        "points": i.points,
                        "max_points": i.max_points,
                        "status": i.status,
                    }
                    for i in g.items
                ],
            )
        return rec

    def record(self) -> None:
        """Display the result under cxkit's MIME type (nbconvert's HTML leaves it out)."""
        from IPython.display import display

        display({RESULT_MIME: self.result()}, raw=True, metadata={RESULT_MIME: {"v": 1}})

    def show(self, section: str, **kwargs: Any) -> None:
        """Display one section's HTML in the notebook."""
        from IPython.display import HTML, display

        with quiet():
            body = getattr(self, section)(**kwargs)
        display(HTML(body))


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Keep library chatter (font fallbacks, deprecations) out of the participant's report.

    Such messages appear once per process, so they would also make a report from a
    reused kernel differ from one made in a fresh kernel.
    """
    import logging
    import warnings

    log = logging.getLogger("matplotlib")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        log.setLevel(level)


_KEYS: dict[str, Any] = {}


def _key(solutions_dir: str) -> Any:
    # The key is the kit's own data, not a participant's: safe and fast to reuse.
    from cxkit.coach import grading

    if solutions_dir not in _KEYS:
        _KEYS[solutions_dir] = grading.load_key(Path(solutions_dir) if solutions_dir else None)
    return _KEYS[solutions_dir]


def warm() -> None:
    """Pay one-off costs before the first participant: the kit's answer key, matplotlib's fonts."""
    with contextlib.suppress(ImportError):
        _key("")
    from cxkit.plots.assess import concept_scores

    _img(concept_scores({"warm-up": (1.0, 2.0)}), "")


def build(workbook_path: str, solutions_dir: str = "", gradebook_path: str = "") -> Report:
    """Read and grade one workbook; raise WorkbookError (naming the file) if it is unusable."""
    if not workbook_path:
        raise ValueError(
            "No workbook given: run the notebook with -p workbook_path PATH/TO/NAME.workbook.json"
        )
    path = Path(workbook_path)
    wb, raw = Workbook.read(path)  # read and parsed once, with the size and schema checks
    rep = Report(wb, hashlib.sha256(raw).hexdigest())
    from cxkit.coach import grading
    from cxkit.coach.gradebook import merge_manual_scores

    with quiet():
        rep.grade = grading.grade_workbook(wb, _key(solutions_dir))
    if gradebook_path:
        gb = Path(gradebook_path)
        if gb.is_file():
            with quiet():
                merge_manual_scores(rep.grade, gb)
        else:
            rep.notes.append(
                f"The coach's gradebook {gb} was not found; rubric scores are pending."
            )
    return rep


def hang_for_test(seconds: float) -> None:
    """Test hook (a runner option, never workbook content): hang like a stuck kernel would."""
    if seconds and seconds > 0:
        import signal
        import time

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # an interrupt must not rescue it
        time.sleep(float(seconds))


def _latest_save(wb: Workbook) -> str:
    return max((a.saved_at for a in wb.answers()), default="")


def _img(fig: Any, alt: str) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (
        f'<div class="cx-report"><img src="data:image/png;base64,{data}" alt="{esc(alt)}" '
        'style="max-width:100%"></div>'
    )


def _text_answer(question_id: str, value: str) -> str:
    last = question_id.rsplit("/", 1)[-1]
    label = {"choice": "You chose", "justification": "Your justification"}.get(
        last, f"Your answer ({concept_title(last).lower()})"
    )
    return f"<p><b>{esc(label)}:</b></p><blockquote>{esc(value)}</blockquote>"


def _render_canvas(question_id: str, value: Any) -> str | None:
    """The canvas module's printable figure for a saved canvas record; text answers as text."""
    if isinstance(value, str):
        return _text_answer(question_id, value)
    if not isinstance(value, dict):
        return None
    from cxkit.concepts.canvas import Canvas
    from cxkit.plots.canvas import render_canvas

    return _img(render_canvas(Canvas.from_record(value)), f"Your canvas ({question_id})")


def _render_choice(question_id: str, value: Any) -> str | None:
    """The North Star ranking chart from the participant's own weights and scores, or their text."""
    if isinstance(value, str):
        return _text_answer(question_id, value)
    from cxkit.concepts.north_star import parse_choice_answer
    from cxkit.plots.north_star import ranking_chart

    cands, weights, choice = parse_choice_answer(value)
    chosen = next((c for c in cands if c.id == choice), None)
    name = chosen.name if chosen is not None else choice
    fig = ranking_chart(cands, weights)
    return f"<p><b>You chose:</b> {esc(name)}</p>" + _img(
        fig, f"Your weighted scores for the North Star candidates; you chose {name}"
    )


def _value_html(value: Any) -> str:
    if isinstance(value, dict):
        rows = "".join(
            f"<tr><th>{esc(concept_title(str(k)))}</th><td>{_value_html(v)}</td></tr>"
            for k, v in value.items()
        )
        return f'<table class="cx-table">{rows}</table>'
    if isinstance(value, list):
        return "<ul>" + "".join(f"<li>{_value_html(v)}</li>" for v in value) + "</ul>"
    if isinstance(value, float) and math.isfinite(value):
        return esc(f"{value:g}")
    if isinstance(value, str):
        return esc(value)
    return esc(json.dumps(value, ensure_ascii=False))
