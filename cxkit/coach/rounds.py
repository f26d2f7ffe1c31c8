"""The coach's round as library calls: review what needs the coach, and export everything.

The `cxkit` command and the coach app both call these, so the two always agree.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from cxkit.coach.gradebook import GRADEBOOK_NAME, Gradebook


@dataclass
class Review:
    """What still needs the coach after a grading run."""

    unfinished_run: str = ""  # start time of a grading run that did not finish, if any
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file, why) not graded
    fresh: list[str] = field(default_factory=list)  # participants whose marks are current
    stale: dict[str, str] = field(default_factory=dict)  # participant -> why not current
    pending: list[tuple[str, str]] = field(default_factory=list)  # (participant, question) to score
    flags: dict[tuple[str, str], str] = field(default_factory=dict)  # changed after scoring
    # (question, criterion) -> (coach agreed with the suggestion, scored with a suggestion)
    agreement: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)

    @property
    def all_clear(self) -> bool:
        """Nothing left for the coach to do."""
        return not (
            self.unfinished_run or self.problems or self.stale or self.pending or self.flags
        )


def cohort_gradebook(cohort: Path | str) -> Path:
    """The cohort's gradebook, or FileNotFoundError saying to grade first."""
    gb = Path(cohort) / GRADEBOOK_NAME
    if not gb.exists():
        raise FileNotFoundError(
            f"There are no marks in {cohort} yet: grade the cohort first (the Grade button, "
            "or cxkit grade)."
        )
    return gb


def review_cohort(cohort: Path | str, after_scoring: Review | None = None) -> Review:
    """Stale marks, files not graded, rubric items to score and answers changed after scoring.

    ``after_scoring``: the review from before the coach saved scores. Scoring changes neither
    the files nor the grading run, so their part (fresh, stale, problems) is kept from it and
    only the scores are read again: quick enough to run after every save."""
    from cxkit.coach.grading import load_key

    with Gradebook(cohort_gradebook(cohort)) as gb:
        results = gb.results()
        flags = gb.open_flags()
        if after_scoring is None:
            freshness = gb.freshness(Path(cohort), load_key())
            runs = gb.runs()
            problems = gb.problems(runs[0]["run_id"]) if runs else []
    review = Review(flags=dict(sorted(flags.items())))
    if after_scoring is not None:
        review.unfinished_run = after_scoring.unfinished_run
        review.problems = list(after_scoring.problems)
        review.fresh = list(after_scoring.fresh)
        review.stale = dict(after_scoring.stale)
    else:
        review.problems = list(problems)
        if runs and runs[0]["status"] != "finished":
            review.unfinished_run = runs[0]["started_at"]
        for pid, why in freshness.items():
            if why == "fresh":
                review.fresh.append(pid)
            else:
                review.stale[pid] = why
    review.pending = [
        (p["participant_id"], i["question_id"])
        for p in results
        for i in p["items"]
        if i["final"] is None
    ]
    review.agreement = suggestion_agreement(results)
    return review


def answers_by_participant(results: list[dict]) -> dict[str, dict[str, object]]:
    """Every participant's saved answers by question id, as the gradebook holds them."""
    return {
        p["participant_id"]: {
            i["question_id"]: i.get("answer") for i in p["items"] if i.get("answered")
        }
        for p in results
    }


def suggestions_for(
    question_id: str, answer: object, related: dict[str, object] | None = None
) -> dict[str, tuple[int, str]]:
    """The checkers' suggested level and reason per rubric criterion (never applied)."""
    from cxkit.coach.suggest import suggest_levels

    try:
        return suggest_levels(question_id, answer, related)
    except Exception:  # a suggestion is a courtesy: it must never stop a coach's round
        return {}


def suggestion_agreement(results: list[dict]) -> dict[tuple[str, str], tuple[int, int]]:
    """Per (question, criterion): how often the coach's level equals the suggested one."""
    answers = answers_by_participant(results)
    out: dict[tuple[str, str], list[int]] = {}
    for p in results:
        for i in p["items"]:
            if i.get("grading") != "rubric" or not i.get("levels"):
                continue
            suggested = suggestions_for(
                i["question_id"], i.get("answer"), answers[p["participant_id"]]
            )
            for crit, (level, _why) in suggested.items():
                if crit in i["levels"]:
                    agree_n = out.setdefault((i["question_id"], crit), [0, 0])
                    agree_n[0] += int(float(i["levels"][crit]) == float(level))
                    agree_n[1] += 1
    return {k: (a, n) for k, (a, n) in sorted(out.items())}


@dataclass(frozen=True)
class Exports:
    """The files `export` wrote."""

    lms_csv: Path
    participants: int
    feedback: list[Path]
    summary: Path | None
    lms_formats: dict[str, Path] = field(default_factory=dict)  # canvas / moodle / lti files
    unmapped: list[str] = field(default_factory=list)  # participants the roster does not name

    @property
    def pages(self) -> list[Path]:
        """The feedback pages (HTML), one per participant."""
        return [f for f in self.feedback if f.suffix == ".html"]

    def describe(self) -> str:
        """What was written, in words: 'Wrote grades for 12 participants (the LMS CSV), 12
        feedback pages (HTML) with a Markdown copy of each, and the cohort summary page.'"""
        from cxkit.words import plural

        pages = len(self.pages)
        copies = len(self.feedback) - pages
        parts = [f"grades for {plural(self.participants, 'participant')} (the LMS CSV)"]
        if pages:
            with_md = (
                ""
                if not copies
                else " with a Markdown copy of each"
                if copies == pages
                else f" and {plural(copies, 'Markdown copy', 'Markdown copies')}"
            )
            parts.append(f"{plural(pages, 'feedback page')} (HTML){with_md}")
        if self.summary is not None:
            parts.append("the cohort summary page")
        last = " and " if len(parts) == 2 else ", and "
        text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + last + parts[-1]
        return f"Wrote {text}."


def export_cohort(
    cohort: Path | str,
    out: Path | str | None = None,
    figures: bool = True,
    formats: tuple[str, ...] = (),
    roster: Path | str | None = None,
) -> Exports:
    """Write the LMS CSV, feedback per participant (Markdown and HTML), the cohort summary page,
    and any of the Canvas, Moodle and LTI formats; the gradebook is read once and never written."""
    from cxkit.coach.grading import load_key
    from cxkit.reports.export import (
        write_feedback,
        write_lms_csv,
        write_lms_table,
        write_summary,
    )
    from cxkit.reports.lms import read_lms_roster, write_lms_export

    cohort = Path(cohort)
    gb_path = cohort_gradebook(cohort)
    out = Path(out) if out else cohort / "exports"
    out.mkdir(parents=True, exist_ok=True)
    if not figures and not formats:  # pages and the LMS CSV only: streamed, memory flat
        summaries: list = []
        files = write_feedback(gb_path, out / "feedback", lms=summaries)
        n = write_lms_table(out / "lms-grades.csv", summaries)
        return Exports(out / "lms-grades.csv", n, list(files), None, {}, [])
    with Gradebook(gb_path, readonly=True) as gb:
        results, flags = gb.results(), gb.open_flags()
        fresh = gb.freshness(cohort, load_key()) if figures else None
    n = write_lms_csv(gb_path, out / "lms-grades.csv", results=results)
    files = write_feedback(gb_path, out / "feedback", results=results)
    summary = None
    if figures:
        summary = write_summary(gb_path, out / "summary.html", fresh, results=results, flags=flags)
    rows = read_lms_roster(roster) if roster else []
    written, unmapped = {}, []
    for fmt in formats:
        if fmt == "lms":
            continue  # always written above
        path, ids = write_lms_export(results, fmt, out, rows)
        written[fmt], unmapped = path, ids.missing
    return Exports(out / "lms-grades.csv", n, list(files), summary, written, unmapped)


def zip_files(files: list[Path], base: Path) -> bytes:
    """The files as one zip (paths relative to base), e.g. every feedback page for a download."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for f in files:
            z.write(f, f.relative_to(base).as_posix())
    return buf.getvalue()
