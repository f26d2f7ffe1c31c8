"""The coach's round as library calls: review what needs the coach, and export everything.

The `cxkit` command and the coach app both call these, so the two always agree.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from cxkit.gradebook import GRADEBOOK_NAME, Gradebook


@dataclass
class Review:
    """What still needs the coach after a grading run."""

    unfinished_run: str = ""  # start time of a grading run that did not finish, if any
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file, why) not graded
    fresh: list[str] = field(default_factory=list)  # participants whose marks are current
    stale: dict[str, str] = field(default_factory=dict)  # participant -> why not current
    pending: list[tuple[str, str]] = field(default_factory=list)  # (participant, question) to score
    flags: dict[tuple[str, str], str] = field(default_factory=dict)  # changed after scoring

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
        raise FileNotFoundError(f"No gradebook in {cohort}: grade the cohort first (cxkit grade).")
    return gb


def review_cohort(cohort: Path | str) -> Review:
    """Stale marks, files not graded, rubric items to score and answers changed after scoring."""
    from cxkit.grading import load_key

    with Gradebook(cohort_gradebook(cohort)) as gb:
        freshness = gb.freshness(Path(cohort), load_key())
        results = gb.results()
        flags = gb.open_flags()
        runs = gb.runs()
        problems = gb.problems(runs[0]["run_id"]) if runs else []
    review = Review(problems=list(problems), flags=dict(sorted(flags.items())))
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
    return review


@dataclass(frozen=True)
class Exports:
    """The files `export` wrote."""

    lms_csv: Path
    participants: int
    feedback: list[Path]
    summary: Path | None


def export_cohort(
    cohort: Path | str, out: Path | str | None = None, figures: bool = True
) -> Exports:
    """Write the LMS CSV, feedback per participant (Markdown and HTML) and the cohort summary page."""
    from cxkit.feedback import write_feedback, write_lms_csv, write_summary
    from cxkit.grading import load_key

    cohort = Path(cohort)
    gb_path = cohort_gradebook(cohort)
    out = Path(out) if out else cohort / "exports"
    out.mkdir(parents=True, exist_ok=True)
    n = write_lms_csv(gb_path, out / "lms-grades.csv")
    files = write_feedback(gb_path, out / "feedback")
    summary = None
    if figures:
        with Gradebook(gb_path) as gb:
            fresh = gb.freshness(cohort, load_key())
        summary = write_summary(gb_path, out / "summary.html", fresh)
    return Exports(out / "lms-grades.csv", n, list(files), summary)


def zip_files(files: list[Path], base: Path) -> bytes:
    """The files as one zip (paths relative to base), e.g. every feedback page for a download."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for f in files:
            z.write(f, f.relative_to(base).as_posix())
    return buf.getvalue()
