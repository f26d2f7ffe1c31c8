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

from cxkit.coach.gradebook import GRADEBOOK_NAME
from cxkit.questions import label_of
from cxkit.widgets.base import status_html
from cxkit.words import plural


def _auto() -> w.Layout:
    return w.Layout(width="auto")


_LINK_STYLE = (
    "display:inline-block;margin:.2em .6em .2em 0;padding:.35em .9em;border-radius:4px;"
    "background:#1976d2;color:#fff;text-decoration:none;font-weight:600"
)


def _download(name: str, data: bytes, mime: str, what: str = "") -> str:
    """A download button for one file (``what``: the file in words, shown as its tooltip)."""
    b64 = base64.b64encode(data).decode("ascii")
    title = f' title="{html.escape(what)}"' if what else ""
    return (
        f'<a class="cx-coach-download" download="{html.escape(name)}"{title} '
        f'style="{_LINK_STYLE}" href="data:{mime};base64,{b64}">⬇ Download {html.escape(name)}</a>'
    )


def _downloads(links: list[tuple[str, str]]) -> str:
    """Download buttons, each with what the file is beside it."""
    rows = "".join(
        f"<li style='margin:.2em 0'>{link} <span style='color:#555'>{html.escape(what)}</span></li>"
        for link, what in links
    )
    return f"<ul class='cx-coach-downloads' style='list-style:none;padding:0;margin:.5em 0'>{rows}</ul>"


def _table(head: list[str], rows: list[list[str]], nowrap: int | None = 0) -> str:
    """An HTML table, every cell escaped (column ``nowrap`` kept on one line: file names)."""
    th = "".join(
        f"<th style='text-align:left;padding:3px 10px;border-bottom:1px solid #ccc'>"
        f"{html.escape(h)}</th>"
        for h in head
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td style='padding:3px 10px;vertical-align:top"
            f"{';white-space:nowrap' if j == nowrap else ''}'>{html.escape(c)}</td>"
            for j, c in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    return (
        f"<table style='border-collapse:collapse;margin:.2em 0 .6em 0'><tr>{th}</tr>{body}</table>"
    )


#: What each collect status means to a coach, in plain words.
STATUS_WORDS = {
    "accepted": "collected",
    "accepted, flagged": "collected, with a note",
    "duplicate": "an older copy, kept aside",
    "not a workbook": "not a workbook",
    "corrupt": "damaged (corrupt)",
    "wrong schema": "not readable by this kit",
    "empty": "empty",
    "unusable participant id": "unusable participant id",
    "refused (unsafe)": "refused, for safety",
    "too large": "too large",
    "ignored": "not needed",
    "missing": "nothing handed in",
}


def _status_words(status: str) -> str:
    return STATUS_WORDS.get(status, status)


def _deadline_words(deadline: str | None) -> str:
    """An ISO deadline on the coach's local clock: '13 Mar 2026, 17:00'."""
    from cxkit.words import local_time

    return local_time(deadline, with_date=True) if deadline else ""


def collect_summary(report: Any, deadline: str | None = None, deadline_from: str = "") -> str:
    """The collect step's summary in the right tone: green only when every hand-in was fine;
    amber listing, once each, the files that had a problem (and what to do) or that need a
    look. It says which deadline was used (``deadline_from``: where it came from, in words)."""
    from cxkit.coach.collect import ACCEPTED, DUPLICATE, FLAGGED, IGNORED

    problems = [s for s in report.lines if s.status not in (ACCEPTED, FLAGGED, DUPLICATE, IGNORED)]
    notes = [s for s in report.lines if s.status == FLAGGED]
    rest = [s for s in report.lines if s not in problems and s not in notes]
    people = plural(len(report.participants), "participant")
    head = f"Collected workbooks for {people} into the cohort folder."
    if deadline:
        src = f", {deadline_from}" if deadline_from else ""
        when = (
            f"Deadline used: {_deadline_words(deadline)}{src}. A workbook last saved after it "
            "is collected and marked late."
        )
    else:
        when = "No deadline was given, so nobody is marked late."
    if not problems and not notes:
        n = len(report.lines)
        every = (
            "The hand-in is fine."
            if n == 1
            else "Both hand-ins are fine."
            if n == 2
            else f"All {n:,} hand-ins are fine."
        )
        return f"<p>{status_html(f'{every} {head}', 'ok')}<br>{status_html(when, 'muted')}</p>"
    parts = [f"<p>{status_html(head, 'warn')}<br>{status_html(when, 'muted')}</p>"]
    if problems:
        n = len(problems)
        verb = "was" if n == 1 else "were"
        parts.append(
            status_html(
                f"{plural(n, 'file')} could not be used and {verb} left out. Each note says "
                "what to do (usually: ask the participant to hand in their workbook again):",
                "warn",
            )
            + _table(
                ["File", "Problem", "What happened, and what to do"],
                [[s.source, _status_words(s.status), _sentence(s.message)] for s in problems],
            )
        )
    if notes:
        parts.append(
            status_html(f"{plural(len(notes), 'workbook')} collected with a note to check:", "warn")
            + _table(
                ["File", "Participant", "Note"],
                [[s.source, s.participant_id, _sentence(s.message)] for s in notes],
            )
        )
    if rest:
        fine = sum(1 for s in rest if s.status == ACCEPTED)
        parts.append(
            "<details class='cx-coach-collect-rest'><summary style='cursor:pointer'>"
            + html.escape(
                f"The other {plural(len(rest), 'file')}: {plural(fine, 'workbook')} collected "
                "with no problem, older copies and files that are not needed"
            )
            + "</summary>"
            + _table(
                ["File", "What happened", "Participant", "Note"],
                [
                    [s.source, _status_words(s.status), s.participant_id, _sentence(s.message)]
                    for s in rest
                ],
            )
            + "</details>"
        )
    return "".join(parts)


def _sentence(text: str) -> str:
    """A collect note as a sentence: a capital first letter ('OK' reads 'Fine.')."""
    text = text.strip()
    if text == "OK":
        return "Fine."
    return text[:1].upper() + text[1:]


def grade_summary(report: Any) -> list[tuple[str, str]]:
    """Step 2's lines (text, tone) from a grading run, in plain words (no file paths)."""
    if not report.graded and not report.problems:
        return [
            (
                "There are no workbooks in the cohort folder yet: collect the hand-ins first "
                "(step 1).",
                "warn",
            )
        ]
    counts = [
        (report.new, "new"),
        (report.changed, "changed since the last grading"),
        (report.unchanged, "unchanged"),
    ]
    shown = [f"{n:,} {what}" for n, what in counts if n]
    if len(shown) == 1 and report.graded:
        what = shown[0].split(" ", 1)[1]
        detail = f", all {what}" if report.graded > 1 else f" ({what})"
    else:
        detail = ": " + ", ".join(shown) if shown else ""
    lines = [(f"Graded {plural(report.graded, 'workbook')}{detail}.", "ok")]
    if report.key_changed:
        lines.append(
            (
                "The answer key changed since the last grading: every automatic score was updated.",
                "ok",
            )
        )
    lines += [(f"The answer key has a problem: {p}", "bad") for p in report.key_problems]
    if report.problems:
        n = len(report.problems)
        lines.append((f"{plural(n, 'file')} could not be graded: see step 3.", "bad"))
    if report.flagged:
        lines.append(
            (
                f"{plural(report.flagged, 'answer')} you had scored changed since: "
                f"{'it is' if report.flagged == 1 else 'they are'} marked for review in step 4 "
                "(your scores are kept).",
                "warn",
            )
        )
    lines.append(("The marks are saved in the cohort folder, ready for the next steps.", "muted"))
    return lines


_UPLOAD_CSS = (
    "<style>"
    # The upload button's own label always ends with a file count, e.g. 'Upload a zip (0)':
    # hide that text and draw the label without the count.
    ".cx-coach-upload{font-size:0 !important}"
    ".cx-coach-upload i{font-size:var(--jp-widgets-font-size,13px)}"
    ".cx-coach-upload::after{content:'Upload a zip';"
    "font-size:var(--jp-widgets-font-size,13px);margin-left:.3em}"
    "</style>"
)


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
        self.upload_note = w.HTML()
        self.upload_note.add_class("cx-coach-upload-note")
        self.upload.observe(lambda _c: self._show_upload(), names="value")
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
        self._grader: Any = None
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
        self.assess_button = w.Button(description="Write feedback reports", layout=_auto())
        self.assess_button.add_class("cx-coach-assess")
        self.assess_out = w.HTML(status_html(ASSESS_FIRST, "muted"))
        self.assess_out.add_class("cx-coach-assess-status")
        self.assess_button.on_click(lambda _b: self.assess())
        super().__init__(
            [
                w.HTML(_UPLOAD_CSS),
                self.cohort_box,
                _step(
                    "1 · Collect the hand-ins",
                    w.HBox([self.upload, self.folder]),
                    self.upload_note,
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
        if (self.cohort / GRADEBOOK_NAME).exists():
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
        deadline_from = "as typed above" if deadline else ""
        tmp: Path | None = None
        try:
            if sample:
                source = sample_path()
                if deadline is None:
                    deadline, deadline_from = DEADLINE, "from the sample cohort"
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
            deadline = _iso(deadline)
            report = collect(source, self.cohort, deadline=deadline)
        except Exception as exc:  # any problem is the coach's to read, never a traceback
            self.collect_out.value = status_html(f"Not collected: {exc}", "bad")
            return
        finally:
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)
        self.collect_out.value = collect_summary(report, deadline, deadline_from)

    def _show_upload(self) -> None:
        """Say which zip was chosen (the button's own label never counts files)."""
        if self.upload.value:
            name = self.upload.value[0]["name"]
            self.upload_note.value = status_html(f"Chosen: {name}. Press Collect.", "muted")
        else:
            self.upload_note.value = ""

    # -- 2 ---------------------------------------------------------------------------------
    def grade(self) -> None:
        """Grade every workbook in the cohort folder, with a progress bar."""
        from cxkit.coach.grade_run import grade_cohort

        files = list(self.cohort.glob("*.workbook.json")) if self.cohort.is_dir() else []
        self.grade_bar.max, self.grade_bar.value = max(1, len(files)), 0
        self.grade_bar.layout.visibility = "visible"
        self.grade_out.value = status_html("Grading…", "muted")
        if self._grader is None:
            self.scoring.children = [w.HTML(status_html(SCORING_GRADING, "muted"))]

        def progress(it: Iterator) -> Iterator:
            for x in it:
                yield x
                self.grade_bar.value += 1

        try:
            report = grade_cohort(self.cohort, progress=progress)
        except Exception as exc:
            self.grade_out.value = status_html(f"Not graded: {exc}", "bad")
            return
        self.grade_out.value = "<br>".join(
            status_html(t, tone) for t, tone in grade_summary(report)
        )
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
        # The scorer is built before step 3 is filled in, so the two appear together: step 3
        # never counts items to score while step 4 still says to grade first.
        try:
            grader = rubric_grader(self.cohort / GRADEBOOK_NAME)
        except Exception as exc:  # the coach reads the problem, never a traceback
            grader = w.HTML(status_html(f"The rubric items could not be opened: {exc}", "bad"))
        else:
            grader.on_save.append(lambda _task: self.after_scoring())
        self._grader = grader
        self.scoring.children = [grader]
        self.show_summary(r)

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
        if r.stale:
            parts.append(
                status_html(
                    f"Marks are up to date for {plural(len(r.fresh), 'participant')}; "
                    f"{plural(len(r.stale), 'participant')} "
                    f"{'needs' if len(r.stale) == 1 else 'need'} grading again (press Grade):",
                    "warn",
                )
            )
        else:
            parts.append(
                status_html(
                    f"Marks are up to date for {'the' if len(r.fresh) == 1 else 'all'} "
                    f"{plural(len(r.fresh), 'participant')}.",
                    "ok",
                )
            )
        parts += [status_html(f"Not graded: {f}: {why}", "bad") for f, why in r.problems]
        parts += [status_html(f"{p}: {why}", "warn") for p, why in r.stale.items()]
        parts.append(
            status_html(
                f"{plural(len(r.pending), 'rubric item')} still to score: step 4 below shows "
                "them one at a time."
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
        links = [
            (
                _download("lms-grades.csv", ex.lms_csv.read_bytes(), "text/csv"),
                "the grades, one row per participant, to upload to your LMS",
            )
        ]
        if ex.feedback:
            base = ex.feedback[0].parent
            pages = len(ex.pages)
            links.append(
                (
                    _download("feedback.zip", zip_files(ex.feedback, base), "application/zip"),
                    f"{plural(pages, 'feedback page')} to send, one per participant (HTML, "
                    "with a Markdown copy of each)",
                )
            )
        if ex.summary is not None:
            links.append(
                (
                    _download("cohort-summary.html", ex.summary.read_bytes(), "text/html"),
                    "the cohort summary page, for you",
                )
            )
        self.export_out.value = (
            status_html(ex.describe(), "ok")
            + _downloads(links)
            + status_html(f"They are also saved on this computer, in {ex.lms_csv.parent}.", "muted")
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
            _downloads(
                [
                    (
                        _download("cohort-report.html", page.read_bytes(), "text/html"),
                        "the cohort's page, with a link to each participant's report",
                    )
                ]
            )
            if page.exists()
            else ""
        )
        lines = [
            status_html(
                f"{plural(done, 'feedback report')} written. They are saved on this computer, "
                f"in {s.out_dir}.",
                "ok",
            )
        ]
        lines += [
            status_html(f"{o.entry.participant_id or o.entry.path.name}: {o.error}", "bad")
            for o in failed
        ]
        self.assess_out.value = "<br>".join(lines) + links


REVIEW_FIRST = (
    "After grading, this step says what still needs you: marks that are out of date, files "
    "that could not be graded, and how many rubric items are left to score. Collect the "
    "hand-ins and press Grade first (steps 1 and 2)."
)
SCORING_FIRST = (
    "After grading, the rubric items appear here one at a time, each with the participant's "
    "answer and the rubric's levels, and every score is saved as you go. Grade first (step 2)."
)
SCORING_GRADING = "Grading… the rubric items appear here as soon as it is done."
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
