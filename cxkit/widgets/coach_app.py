"""The coach's round as an app: collect, grade, review, score rubric items, export and assess.

A thin view: every button calls the same library function as the `cxkit` command
(``collect``, ``grade_cohort``, ``review_cohort``, ``export_cohort``, ``assess_cohort``).
"""

from __future__ import annotations

import base64
import html
import shutil
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import ipywidgets as w

from cxkit.questions import label_of
from cxkit.widgets.base import status_html
from cxkit.words import plural


def _auto() -> w.Layout:
    return w.Layout(width="auto")


def _download(name: str, data: bytes, mime: str) -> str:
    b64 = base64.b64encode(data).decode("ascii")
    return (
        f'<a class="cx-coach-download" download="{html.escape(name)}" '
        f'href="data:{mime};base64,{b64}">⬇ {html.escape(name)}</a>'
    )


def _table(head: list[str], rows: list[list[str]]) -> str:
    th = "".join(
        f"<th style='text-align:left;padding:3px 10px'>{html.escape(h)}</th>" for h in head
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td style='padding:3px 10px;vertical-align:top'>{html.escape(c)}</td>" for c in r
        )
        + "</tr>"
        for r in rows
    )
    return f"<table style='border-collapse:collapse'><tr>{th}</tr>{body}</table>"


def collect_summary(report: Any) -> str:
    """The collect step's summary in the right tone: green only when every hand-in was fine;
    amber naming each file that had a problem (and what to do) or that needs a look."""
    from cxkit.coach.collect import ACCEPTED, DUPLICATE, FLAGGED, IGNORED

    problems = [s for s in report.lines if s.status not in (ACCEPTED, FLAGGED, DUPLICATE, IGNORED)]
    notes = [s for s in report.lines if s.status == FLAGGED]
    people = plural(len(report.participants), "participant")
    head = f"Collected workbooks for {people} into {report.cohort}."
    if not problems and not notes:
        n = len(report.lines)
        every = "The hand-in is fine." if n == 1 else f"All {n:,} hand-ins are fine."
        return f"<p>{status_html(f'{every} {head}', 'ok')}</p>"

    def item(s: Any) -> str:
        return (
            f"<li><b>{html.escape(s.source)}</b> ({html.escape(s.status)}): "
            f"{html.escape(s.message)}</li>"
        )

    parts = [f"<p>{status_html(head, 'warn')}</p>"]
    if problems:
        n = len(problems)
        verb = "was" if n == 1 else "were"
        parts.append(
            status_html(
                f"{plural(n, 'file')} could not be used and {verb} left out. For each, the note "
                "says what to do (usually: ask the participant to hand in their workbook again):",
                "warn",
            )
            + "<ul style='margin:.2em 0 .6em 0'>"
            + "".join(item(s) for s in problems)
            + "</ul>"
        )
    if notes:
        parts.append(
            status_html(f"{plural(len(notes), 'workbook')} collected with a note to check:", "warn")
            + "<ul style='margin:.2em 0 .6em 0'>"
            + "".join(item(s) for s in notes)
            + "</ul>"
        )
    return "".join(parts)


def _step(title: str, *children: w.Widget) -> w.VBox:
    box = w.VBox([w.HTML(f"<h3 style='margin:4px 0'>{html.escape(title)}</h3>"), *children])
    box.layout = w.Layout(border="1px solid #ddd", padding="8px 12px", margin="0 0 12px 0")
    return box


class CoachRound(w.VBox):
    """One page for the whole round, in the order a coach works."""

    def __init__(self, cohort: Path | str) -> None:
        self.cohort_box = w.Text(
            value=str(cohort), description="Cohort folder:", layout=w.Layout(width="70%")
        )
        self.cohort_box.style.description_width = "initial"
        self.cohort_box.add_class("cx-coach-cohort")
        # 1. Collect
        self.upload = w.FileUpload(
            accept=".zip", multiple=False, description="Upload a zip", layout=_auto()
        )
        self.upload.add_class("cx-coach-upload")
        self.folder = w.Text(
            placeholder="…or a folder of hand-ins on this computer", layout=w.Layout(width="28em")
        )
        self.folder.add_class("cx-coach-folder")
        self.deadline = w.Text(
            placeholder="Deadline (optional), e.g. 2026-03-13 17:00", layout=w.Layout(width="28em")
        )
        self.collect_button = w.Button(
            description="Collect", button_style="primary", layout=_auto()
        )
        self.sample_button = w.Button(description="Try it on the sample cohort", layout=_auto())
        self.collect_out = w.HTML()
        for b, cls in (
            (self.collect_button, "collect"),
            (self.sample_button, "sample"),
            (self.collect_out, "collect-status"),
        ):
            b.add_class(f"cx-coach-{cls}")
        self.collect_button.on_click(lambda _b: self.collect())
        self.sample_button.on_click(lambda _b: self.collect(sample=True))
        # 2. Grade
        self.grade_button = w.Button(description="Grade", button_style="primary", layout=_auto())
        self.grade_button.add_class("cx-coach-grade")
        self.grade_bar = w.IntProgress(value=0, min=0, max=1, description="", bar_style="info")
        self.grade_bar.layout.visibility = "hidden"
        self.grade_out = w.HTML()
        self.grade_out.add_class("cx-coach-grade-status")
        self.grade_button.on_click(lambda _b: self.grade())
        # 3. Review, 4. Score: a sentence each until there is a gradebook
        self.review_out = w.HTML(status_html(REVIEW_FIRST, "muted"))
        self.review_out.add_class("cx-coach-review")
        self._review: Any = None
        self.scoring = w.VBox([w.HTML(status_html(SCORING_FIRST, "muted"))])
        self.scoring.add_class("cx-coach-scoring")
        # 5. Export, 6. Assess
        self.export_button = w.Button(
            description="Export grades and feedback", button_style="primary", layout=_auto()
        )
        self.export_button.add_class("cx-coach-export")
        self.export_out = w.HTML(status_html(EXPORT_FIRST, "muted"))
        self.export_out.add_class("cx-coach-export-status")
        self._exported = False
        self.export_button.on_click(lambda _b: self.export())
        self.assess_button = w.Button(description="Write feedback reports (assess)", layout=_auto())
        self.assess_button.add_class("cx-coach-assess")
        self.assess_out = w.HTML(status_html(ASSESS_FIRST, "muted"))
        self.assess_out.add_class("cx-coach-assess-status")
        self.assess_button.on_click(lambda _b: self.assess())
        super().__init__(
            [
                self.cohort_box,
                _step(
                    "1 · Collect the hand-ins",
                    w.HBox([self.upload, self.folder]),
                    self.deadline,
                    w.HBox([self.collect_button, self.sample_button]),
                    self.collect_out,
                ),
                _step("2 · Grade", w.HBox([self.grade_button, self.grade_bar]), self.grade_out),
                _step("3 · What needs you", self.review_out),
                _step("4 · Score the rubric items", self.scoring),
                _step("5 · Export", w.HBox([self.export_button]), self.export_out),
                _step("6 · Feedback reports", w.HBox([self.assess_button]), self.assess_out),
            ]
        )
        self.add_class("cx-coach-round")
        if (self.cohort / "gradebook.sqlite").exists():
            self.show_review()

    @property
    def cohort(self) -> Path:
        """The cohort folder typed in the box."""
        return Path(self.cohort_box.value).expanduser()

    # -- 1 ---------------------------------------------------------------------------------
    def collect(self, sample: bool = False) -> None:
        """Collect an uploaded zip, a folder, or the sample cohort into the cohort folder."""
        from cxkit.coach.collect import collect
        from cxkit.coach.sample_cohort import DEADLINE, sample_path

        deadline = self.deadline.value.strip() or None
        tmp: Path | None = None
        try:
            if sample:
                source, deadline = sample_path(), deadline or DEADLINE
            elif self.upload.value:
                item = self.upload.value[0]
                tmp = Path(tempfile.mkdtemp(prefix="cxkit-upload-"))
                # The file name is the coach's browser's: only a fixed name touches the disk.
                source = tmp / "handins.zip"
                source.write_bytes(bytes(item["content"]))
            elif self.folder.value.strip():
                source = Path(self.folder.value.strip()).expanduser()
                if not source.exists():
                    self.collect_out.value = status_html(f"There is no folder {source}.", "bad")
                    return
            else:
                self.collect_out.value = status_html(
                    "Upload a zip, type a folder, or try the sample cohort.", "warn"
                )
                return
            self.collect_out.value = status_html("Collecting…", "muted")
            report = collect(source, self.cohort, deadline=_iso(deadline))
        except Exception as exc:  # any problem is the coach's to read, never a traceback
            self.collect_out.value = status_html(f"Not collected: {exc}", "bad")
            return
        finally:
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)
        rows = [[s.source, s.status, s.participant_id, s.message] for s in report.lines]
        self.collect_out.value = collect_summary(report) + _table(
            ["Hand-in", "Status", "Participant", "Note"], rows
        )

    # -- 2 ---------------------------------------------------------------------------------
    def grade(self) -> None:
        """Grade every workbook in the cohort folder, with a progress bar."""
        from cxkit.coach.gradebook import grade_cohort

        files = list(self.cohort.glob("*.workbook.json")) if self.cohort.is_dir() else []
        self.grade_bar.max, self.grade_bar.value = max(1, len(files)), 0
        self.grade_bar.layout.visibility = "visible"

        def progress(it: Iterator) -> Iterator:
            for x in it:
                yield x
                self.grade_bar.value += 1

        try:
            report = grade_cohort(self.cohort, progress=progress)
        except Exception as exc:
            self.grade_out.value = status_html(f"Not graded: {exc}", "bad")
            return
        self.grade_out.value = "<br>".join(status_html(line, "ok") for line in report.lines())
        self.show_review()

    # -- 3, 4 ------------------------------------------------------------------------------
    def show_review(self) -> None:
        """Say what still needs the coach, and open the rubric scorer."""
        from cxkit.coach.rounds import review_cohort
        from cxkit.widgets.grading import rubric_grader

        try:
            r = review_cohort(self.cohort)
        except Exception as exc:
            self.review_out.value = status_html(str(exc), "warn")
            return
        self.show_summary(r)
        grader = rubric_grader(self.cohort / "gradebook.sqlite")
        grader.on_save.append(lambda _task: self.after_scoring())
        self.scoring.children = [grader]

    def after_scoring(self) -> None:
        """A score was saved: bring step 3's counts up to date, and say if exports are now old."""
        from cxkit.coach.rounds import review_cohort

        self.show_summary(review_cohort(self.cohort, after_scoring=self._review))
        if self._exported:
            self._exported = False
            self.export_out.value = (
                status_html(
                    "You saved a score after exporting: press Export again so the LMS CSV and "
                    "the feedback include it.",
                    "warn",
                )
                + self.export_out.value
            )

    def show_summary(self, r: Any) -> None:
        """Step 3: what still needs the coach, from a review of the cohort."""
        self._review = r
        if not self._exported and EXPORT_FIRST in html.unescape(self.export_out.value):
            self.export_out.value = status_html(EXPORT_READY, "muted")
        if ASSESS_FIRST in html.unescape(self.assess_out.value):
            self.assess_out.value = status_html(ASSESS_READY, "muted")
        parts = []
        if r.unfinished_run:
            parts.append(status_html("The last grading run did not finish: grade again.", "bad"))
        parts.append(
            status_html(
                f"Marks: {len(r.fresh)} current, {len(r.stale)} stale or not graded.",
                "ok" if not r.stale else "warn",
            )
        )
        parts += [status_html(f"Not graded: {f}: {why}", "bad") for f, why in r.problems]
        parts += [status_html(f"{p}: {why}", "warn") for p, why in r.stale.items()]
        parts.append(
            status_html(
                f"{plural(len(r.pending), 'rubric item')} still to score (below)."
                if r.pending
                else "Every rubric item is scored.",
                "warn" if r.pending else "ok",
            )
        )
        parts += [
            status_html(f"Changed after you scored it: {p}, {label_of(q)}: {why}", "warn")
            for (p, q), why in r.flags.items()
        ]
        self.review_out.value = "<br>".join(parts)

    # -- 5 ---------------------------------------------------------------------------------
    def export(self) -> None:
        """Write the exports and offer each as a download."""
        from cxkit.coach.rounds import export_cohort, zip_files

        try:
            ex = export_cohort(self.cohort)
        except Exception as exc:
            self.export_out.value = status_html(f"Not exported: {exc}", "bad")
            return
        links = [_download("lms-grades.csv", ex.lms_csv.read_bytes(), "text/csv")]
        if ex.feedback:
            base = ex.feedback[0].parent
            links.append(_download("feedback.zip", zip_files(ex.feedback, base), "application/zip"))
        if ex.summary is not None:
            links.append(_download("cohort-summary.html", ex.summary.read_bytes(), "text/html"))
        self.export_out.value = (
            status_html(
                f"Grades for {plural(ex.participants, 'participant')} and "
                f"{plural(len(ex.feedback), 'feedback file')} are in {ex.lms_csv.parent}.",
                "ok",
            )
            + "<p>"
            + " &nbsp; ".join(links)
            + "</p>"
        )
        self._exported = True

    # -- 6 ---------------------------------------------------------------------------------
    def assess(self) -> None:
        """Run the assessment notebook for every participant (this takes a while)."""
        from cxkit.assess.runner import assess_cohort

        self.assess_out.value = status_html(
            "Writing a feedback report for each participant… this takes a few seconds each.",
            "muted",
        )
        try:
            s = assess_cohort(self.cohort, progress=False)
        except Exception as exc:
            self.assess_out.value = status_html(f"Not assessed: {exc}", "bad")
            return
        done = len(s.outcomes) - len(s.failures)
        failed = s.failures
        page = s.out_dir / "cohort.html"
        links = (
            _download("cohort-report.html", page.read_bytes(), "text/html") if page.exists() else ""
        )
        lines = [status_html(f"{plural(done, 'report')} written in {s.out_dir}.", "ok")]
        lines += [
            status_html(f"{o.entry.participant_id or o.entry.path.name}: {o.error}", "bad")
            for o in failed
        ]
        self.assess_out.value = "<br>".join(lines) + f"<p>{links}</p>"


REVIEW_FIRST = (
    "After grading, this step says what still needs you: marks that are out of date, files "
    "that could not be graded, and how many rubric items are left to score. Collect the "
    "hand-ins and press Grade first (steps 1 and 2)."
)
SCORING_FIRST = (
    "After grading, the rubric items appear here one at a time, each with the participant's "
    "answer and the rubric's levels, and every score is saved as you go. Grade first (step 2)."
)
EXPORT_FIRST = (
    "Writes the LMS grades CSV, a feedback page for each participant and the cohort summary, "
    "ready to download. Grade first (step 2); export again after you score."
)
ASSESS_FIRST = (
    "Writes a longer feedback report for each participant (a few seconds each). Grade first."
)
EXPORT_READY = (
    "Ready: writes the LMS grades CSV, a feedback page for each participant and the cohort "
    "summary, ready to download. Export again after you score more items."
)
ASSESS_READY = "Ready: writes a longer feedback report for each participant (a few seconds each)."


def _iso(deadline: str | None) -> str | None:
    """A deadline typed as '2026-03-13 17:00' (local time) as an ISO time with its offset."""
    if not deadline:
        return None
    try:
        when = datetime.fromisoformat(deadline)
    except ValueError as exc:
        raise ValueError(
            f"The deadline {deadline!r} is not a date and time like 2026-03-13 17:00."
        ) from exc
    return (when if when.tzinfo else when.astimezone()).isoformat()


def coach_round(cohort: Path | str | None = None, **_: Any) -> CoachRound:
    """The coach app: the whole round on one page (cohort folder: the course's `cohort/` by default)."""
    if cohort is None:
        cohort = Path.cwd().resolve().parents[1] / "cohort"
    return CoachRound(cohort)
