"""What the assessment notebook shows: one participant's grades, figures, feedback and next steps.

The notebook keeps its cells short and calls :func:`build` and the ``Report``
methods. Every participant-supplied string is HTML-escaped before display; the
workbook is parsed as data and nothing in it is ever run. Output is the same
whether the notebook runs in a fresh or a reused kernel: no clock times, no
randomness, figures embedded as PNG by cxkit itself (not by the inline backend).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cxkit import __version__
from cxkit.assess import RESULT_FORMAT, RESULT_MIME
from cxkit.reports import participant as doc
from cxkit.reports.html import esc, section
from cxkit.workbook import Workbook


@dataclass
class Report:
    """One participant's assessment: the workbook, its grade (if grading ran) and what to show.

    Every section is the report layer's (:mod:`cxkit.reports.participant`), drawn from
    the grade's result: the same document ``cxkit export`` writes.
    """

    workbook: Workbook
    workbook_sha256: str
    grade: Any = None  # cxkit.coach.grading.WorkbookGrade, or None when grading is unavailable
    problem: str = ""  # why there is no grade, in words for the coach
    notes: list[str] = field(default_factory=list)

    @property
    def participant_id(self) -> str:
        """The participant the report is for."""
        return self.workbook.participant_id

    def _result(self) -> dict | None:
        if self.grade is None:
            return None
        p = self.grade.result()
        p["submitted_at"] = p["submitted_at"] or _latest_save(self.workbook)
        return p

    # -- sections (each returns HTML) -------------------------------------------------------
    def header(self, course: str = "") -> str:
        """Title block: who, what it is based on, the overall score."""
        p = self._result()
        if p is None:
            return section(
                f"<h1>Feedback for {esc(self.participant_id)}</h1>"
                f'<div class="cx-note"><b>Scores are not available yet.</b> {esc(self.problem)}</div>'
            )
        return section(doc.header(p, course, self.notes))

    def concept_table(self) -> str:
        """Points by concept as a table (the figure's numbers, for screen readers and print)."""
        p = self._result()
        return section(
            doc.concept_table(p) if p else '<p class="cx-muted">No graded questions yet.</p>'
        )

    def concept_figure(self) -> str:
        """The scores-by-concept bar chart as an embedded PNG with alt text."""
        p = self._result()
        return section(doc.concept_figure(p)) if p else ""

    def feedback(self) -> str:
        """Every question's result, feedback lines, findings and the coach's rubric comments."""
        p = self._result()
        return section(doc.items(p) if p else f'<p class="cx-muted">{esc(self.problem)}</p>')

    def canvas(self) -> str:
        """The participant's Successful Customer Outcome canvas, rendered, or 'not submitted'."""
        return section(doc.canvas(self._answers()))

    def north_star(self) -> str:
        """The participant's North Star choice and scoring, rendered, or 'not submitted'."""
        return section(doc.north_star(self._answers()))

    def next_steps(self) -> str:
        """Concrete next steps from the weakest concepts, blanks and pending rubric items."""
        p = self._result()
        if p is None:
            return section(
                "<ol><li>Your coach will send your scores once grading is available.</li></ol>"
            )
        return section(doc.next_steps(p))

    def _answers(self) -> dict:
        """The saved answers as result items, graded or not (a canvas is shown either way)."""
        items = [
            {"question_id": a.question_id, "answered": True, "answer": a.value}
            for a in self.workbook.answers()
        ]
        return {"items": items}

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
                # The cohort page reads these as it reads the gradebook's results.
                items=[
                    {
                        "question_id": i.question_id,
                        "concept": i.concept,
                        "exercise": i.exercise,
                        "grading": i.grading,
                        "points": i.points,
                        "final": i.points,
                        "max_points": i.max_points,
                        "status": i.status,
                        "answered": i.answered,
                        "levels": dict(i.levels),
                        "detail": _label_detail(i.detail),
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
    from cxkit.plots.reports import concept_scores
    from cxkit.plots.style import figure_png

    figure_png(concept_scores({"warm-up": (1.0, 2.0)}))


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


def _label_detail(detail: dict) -> dict:
    """Only what the cohort page counts (labels given per item), so the record stays small."""
    items = detail.get("items") if isinstance(detail, dict) else None
    if not isinstance(items, dict):
        return {}
    return {"items": {str(k): v for k, v in items.items() if isinstance(v, dict) and "key" in v}}
