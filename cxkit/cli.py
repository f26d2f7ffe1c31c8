"""The `cxkit` command. Heavy libraries are imported inside commands so --help starts fast."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cxkit import __version__
from cxkit.words import plural


class _Main(click.Group):
    """The one place kit errors become messages and exit codes: no traceback for a bad file."""

    def invoke(self, ctx: click.Context):
        from cxkit.errors import CxkitError

        try:
            return super().invoke(ctx)
        except CxkitError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cxkit")
def main() -> None:
    """cxkit: workbooks, exercises and grading for Outside-In CX courses."""


@main.group()
def workbook() -> None:
    """Look at and validate participant workbooks."""


@workbook.command("show")
@click.argument("path", type=click.Path(path_type=Path))
def workbook_show(path: Path) -> None:
    """Print a readable table of the answers in a workbook."""
    from cxkit.workbook import Workbook, WorkbookError

    try:
        wb = Workbook.open(path)
    except WorkbookError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    rows = wb.table()
    click.echo(f"Participant: {wb.participant_id}   (saved by cxkit {wb.kit_version})")
    click.echo(f"File: {wb.path}")
    if not rows:
        click.echo("No answers saved yet.")
        return
    w1 = max(len("Question"), *(len(r[0]) for r in rows))
    w2 = max(len("Saved at (UTC)"), *(len(r[1]) for r in rows))
    click.echo(f"{'Question':<{w1}}  {'Saved at (UTC)':<{w2}}  Answer")
    click.echo(f"{'-' * w1}  {'-' * w2}  {'-' * 6}")
    for qid, saved, text in rows:
        click.echo(f"{qid:<{w1}}  {saved:<{w2}}  {text}")
    click.echo(f"{plural(len(rows), 'answer')}.")


@workbook.command("check")
@click.argument("path", type=click.Path(path_type=Path))
def workbook_check(path: Path) -> None:
    """Validate a workbook: exit 0 if it is usable, 2 with a clear message if not."""
    from cxkit import questions
    from cxkit.workbook import Workbook, WorkbookError

    try:
        wb = Workbook.open(path)
    except WorkbookError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    unknown = [a.question_id for a in wb.answers() if not questions.is_known(a.question_id)]
    click.echo(
        f"OK: {path} is a valid workbook for {wb.participant_id} with {plural(len(wb.answers()), 'answer')}."
    )
    for _, note in wb.notes:  # accepted, but worth knowing (a byte-order mark, a repeated key)
        click.echo(f"Note: {note}.")
    if unknown:
        click.echo(
            f"Note: {plural(len(unknown), 'answer')} to questions this kit does not know: {', '.join(unknown)}"
        )


@main.command("questions")
@click.option("--exercise", default=None, help="Only this exercise's questions.")
def list_questions(exercise: str | None) -> None:
    """List the registered questions with their points and how they are graded."""
    from cxkit import questions

    qs = questions.all_questions(exercise)
    for q in qs:
        click.echo(f"{q.id:<40} {q.points:>5g} pts  {q.grading.value:<6}  {q.prompt[:60]}")
    click.echo(f"{plural(len(qs), 'question')}.")


@main.command("release")
@click.option(
    "--solutions", type=click.Path(path_type=Path), default=Path("solutions"), show_default=True
)
@click.option(
    "--exercises", type=click.Path(path_type=Path), default=Path("exercises"), show_default=True
)
@click.option(
    "--lessons", type=click.Path(path_type=Path), default=Path("notebooks"), show_default=True
)
@click.option(
    "--bundle",
    type=click.Path(path_type=Path),
    default=Path("dist/participant-bundle.zip"),
    show_default=True,
    help="Zip of exercises and lessons to hand out ('-' for none).",
)
@click.option(
    "--roster",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Text file, one participant id a line: also write one bundle each, with their workbook.",
)
def release_cmd(
    solutions: Path, exercises: Path, lessons: Path, bundle: Path, roster: Path | None
) -> None:
    """Generate the participant exercises from the coach's solution notebooks, and the bundle."""
    from cxkit.coach.authoring import AuthoringError, release, write_bundle
    from cxkit.workbook import ParticipantIdError, safe_file_stem

    try:
        written = release(solutions, exercises)
    except AuthoringError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    for p in written:
        click.echo(f"wrote {p}")
    click.echo(f"{plural(len(written), 'exercise notebook')} generated from {solutions}/.")
    if str(bundle) == "-":
        return
    click.echo(f"participant bundle: {write_bundle(exercises, lessons, bundle)}")
    if roster is not None:
        from cxkit.coach.roster import participant_ids

        ids, problems = participant_ids(roster)
        for p in problems:
            click.echo(f"{roster}, {p}", err=True)
        for pid in ids:
            try:
                out = bundle.parent / "bundles" / f"{safe_file_stem(pid)}.zip"
                write_bundle(exercises, lessons, out, pid)
            except ParticipantIdError as exc:
                click.echo(f"{roster}: skipped {pid!r}: {exc}", err=True)
                continue
            click.echo(f"bundle for {pid}: {out}")


# -- coach grading: key, collect, grade, review, scores, export ----------------------------
def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


def _cohort_gradebook(cohort: Path) -> Path:
    from cxkit.coach.gradebook import GRADEBOOK_NAME

    gb = cohort / GRADEBOOK_NAME
    if not gb.exists():
        _fail(f"{cohort}: no gradebook yet ({GRADEBOOK_NAME}). Run `cxkit grade {cohort}` first.")
    return gb


@main.command("key")
@click.option("--solutions", type=click.Path(path_type=Path), default=None)
@click.option("--exercise", default=None, help="Only this exercise's questions.")
@click.option("--json", "as_json", is_flag=True, help="Print the key as JSON.")
def key_cmd(solutions: Path | None, exercise: str | None, as_json: bool) -> None:
    """Show the answer key and rubric for the coach: keys, points, criteria and levels."""
    import json

    from cxkit.coach.grading import load_key

    key = load_key(solutions)
    data = key.to_dict()
    data["questions"] = [q for q in data["questions"] if exercise in (None, q["exercise"])]
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    for q in data["questions"]:
        click.echo(f"\n{q['id']}  [{q['exercise']}]  {q['points']:g} pts, {q['grading']}")
        click.echo(f"  {q['prompt']}")
        if q["grading"] == "auto":
            tol = f"  (tolerance ± {q['tolerance']:g})" if q["tolerance"] else ""
            shown = (
                f"{q['key']:.6g}"
                if isinstance(q["key"], float)
                else json.dumps(q["key"], ensure_ascii=False)
            )
            click.echo(f"  key: {shown}{tol}")
        for c in q["rubric"]:
            click.echo(f"  criterion: {c['criterion']}")
            for level, text in sorted(c["levels"].items(), key=lambda x: float(x[0])):
                click.echo(f"    {level}: {text}")
        if q["problem"]:
            click.echo(f"  PROBLEM: {q['problem']}")
    for nb, notes in sorted(data["coach_notes"].items()):
        click.echo(f"\nCoach notes from {nb}:")
        for n in notes:
            click.echo("  " + n.replace("\n", "\n  "))
    pts = sum(q["points"] for q in data["questions"])
    click.echo(
        f"\n{plural(len(data['questions']), 'question')}, {pts:g} points. Key {key.fingerprint}."
    )


@main.command("collect")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.argument("cohort", type=click.Path(path_type=Path))
@click.option(
    "--deadline", default=None, help="ISO time, e.g. 2026-03-13T17:00:00+00:00: flags late."
)
@click.option(
    "--roster",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Text file with one participant id a line: flags foreign ids, lists who is missing.",
)
def collect_cmd(source: Path, cohort: Path, deadline: str | None, roster: Path | None) -> None:
    """Build a cohort folder from a folder or zip of hand-ins, with a status line per input."""
    from cxkit.coach.collect import REPORT_NAME, collect
    from cxkit.coach.roster import participant_ids

    ids = None
    if roster is not None:
        ids, problems = participant_ids(roster)
        for p in problems:
            click.echo(f"{roster}, {p}", err=True)
    report = collect(source, cohort, deadline=deadline, roster=ids)

    def shown(text: str) -> str:  # hand-in names come from participants: no terminal escapes
        return "".join(c if c.isprintable() else "?" for c in text)

    width = min(60, max((len(s.source) for s in report.lines), default=10))
    lines = []
    for s in report.lines:
        who = f" [{s.participant_id}]" if s.participant_id else ""
        lines.append(f"{shown(s.source):<{width}}  {s.status}{who}: {shown(s.message)}")
    if lines:
        click.echo("\n".join(lines))  # one write, not one flush per hand-in
    click.echo(report.summary())
    click.echo(f"Status of every input: {cohort / REPORT_NAME}")


@main.command("grade")
@click.argument("cohort", type=click.Path(exists=True, path_type=Path))
@click.option("--gradebook", type=click.Path(path_type=Path), default=None)
@click.option("--solutions", type=click.Path(path_type=Path), default=None)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def grade_cmd(cohort: Path, gradebook: Path | None, solutions: Path | None, quiet: bool) -> None:
    """Auto-grade a cohort folder (or a zip of hand-ins, collected into <zip>-cohort/) into its gradebook."""
    import zipfile

    from tqdm import tqdm

    if cohort.is_file():
        if not zipfile.is_zipfile(cohort):
            _fail(
                f"{cohort}: not a folder or a zip. Give the cohort folder made by `cxkit collect`."
            )
        from cxkit.coach.collect import REPORT_NAME, collect

        target = cohort.with_name(cohort.name.rsplit(".", 1)[0] + "-cohort")
        collected = collect(cohort, target)
        click.echo(collected.summary())
        click.echo(f"Status of every input: {target / REPORT_NAME}")
        cohort = target

    from cxkit.coach.grade_run import grade_cohort
    from cxkit.coach.gradebook import GradebookError

    def bar(it):
        return tqdm(it, desc="Grading", unit="workbook", disable=quiet)

    try:  # the key is built only if a workbook or the key's sources changed
        report = grade_cohort(cohort, gradebook, progress=bar, solutions=solutions)
    except GradebookError as exc:
        _fail(str(exc))
    for line in report.lines():
        click.echo(line)


@main.command("review")
@click.argument("cohort", type=click.Path(exists=True, file_okay=False, path_type=Path))
def review_cmd(cohort: Path) -> None:
    """What still needs the coach: stale marks, rubric items to score, changed answers flagged,
    and how often your levels agree with the checkers' suggestions."""
    from cxkit.coach.rounds import review_cohort
    from cxkit.questions import label_of

    _cohort_gradebook(cohort)
    r = review_cohort(cohort)
    if r.unfinished_run:
        click.echo(
            f"The last grading run ({r.unfinished_run}) did not finish: run `cxkit grade` again."
        )
    for file, why in r.problems:
        click.echo(f"Not graded in the last run: {_shown(file)}: {why}")
    click.echo(f"Marks: {len(r.fresh)} fresh, {len(r.stale)} stale or not graded.")
    for pid, why in r.stale.items():
        click.echo(f"  {_shown(pid)}: {why}")
    click.echo(f"Rubric items still to score: {len(r.pending)}.")
    for pid, qid in r.pending[:50]:
        click.echo(f"  {_shown(pid)}: {label_of(qid)}")
    if len(r.pending) > 50:
        click.echo(
            f"  … and {len(r.pending) - 50} more (score them in notebooks/coach/grading.ipynb)."
        )
    click.echo(f"Flagged for review (answer changed after scoring): {len(r.flags)}.")
    for (pid, qid), why in r.flags.items():
        click.echo(f"  {_shown(pid)}: {label_of(qid)}: {why}")
    if r.agreement:
        click.echo("Your levels and the checkers' suggestions (suggestions are never applied):")
        for (qid, crit), (agree, n) in r.agreement.items():
            click.echo(f"  {label_of(qid)}, {crit}: agree {agree} of {n} ({agree / n:.0%})")
    else:
        click.echo("No scored rubric item has a checker's suggestion to compare with yet.")


@main.group("scores")
def scores() -> None:
    """Import or export the coach's manual rubric scores as CSV."""


@scores.command("export")
@click.argument("cohort", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("csv_path", type=click.Path(dir_okay=False, path_type=Path))
def scores_export(cohort: Path, csv_path: Path) -> None:
    """Write every manual level and comment to a CSV file."""
    from cxkit.coach.gradebook import Gradebook

    with Gradebook(_cohort_gradebook(cohort), readonly=True) as gb:
        n = gb.export_manual_csv(csv_path)
    click.echo(f"wrote {plural(n, 'row')} to {csv_path}")


@scores.command("import")
@click.argument("cohort", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("csv_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--grader", default="coach", show_default=True)
def scores_import(cohort: Path, csv_path: Path, grader: str) -> None:
    """Read manual levels and comments from CSV (bad rows are listed and skipped)."""
    from cxkit.coach.gradebook import Gradebook, GradebookError

    try:
        with Gradebook(_cohort_gradebook(cohort)) as gb:
            saved, problems = gb.import_manual_csv(csv_path, grader)
    except GradebookError as exc:
        _fail(str(exc))
    for p in problems:
        click.echo(f"{csv_path}: {p}", err=True)
    click.echo(f"saved {plural(saved, 'row')}; skipped {len(problems)}.")


@main.command("export")
@click.argument("cohort", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the outputs (default: COHORT/exports).",
)
@click.option("--no-figures", is_flag=True, help="Skip the cohort summary page.")
@click.option(
    "--format",
    "formats",
    type=click.Choice(["lms", "canvas", "moodle", "lti"]),
    multiple=True,
    help="Also write Canvas's gradebook CSV, Moodle's grade import CSV or LTI 1.3 scores "
    "(repeat for several; the plain LMS CSV is always written).",
)
@click.option(
    "--roster",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="CSV of LMS identities: Name, Email, SIS User ID, SIS Login ID, Section, LMS User ID.",
)
def export_cmd(
    cohort: Path, out: Path | None, no_figures: bool, formats: tuple[str, ...], roster: Path | None
) -> None:
    """Write the LMS CSV, feedback per participant (Markdown + HTML) and the cohort summary page."""
    from cxkit.coach.rounds import export_cohort

    _cohort_gradebook(cohort)
    ex = export_cohort(cohort, out, not no_figures, formats, roster)
    click.echo(f"LMS grades for {plural(ex.participants, 'participant')}: {ex.lms_csv}")
    click.echo(f"Feedback: {plural(len(ex.feedback), 'file')} in {ex.lms_csv.parent / 'feedback'}")
    if ex.summary is not None:
        click.echo(f"Cohort summary: {ex.summary}")
    for fmt, path in ex.lms_formats.items():
        click.echo(f"{fmt.capitalize() if fmt != 'lti' else 'LTI 1.3'} export: {path}")
    if ex.lms_formats and ex.unmapped:
        click.echo(
            f"No LMS identity in the roster for {plural(len(ex.unmapped), 'participant')}: "
            + ", ".join(_shown(p) for p in ex.unmapped[:20])
            + (" …" if len(ex.unmapped) > 20 else "")
        )


@main.command("analyse")
@click.argument("cohort", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for item-analysis.csv and .html (default: COHORT/exports).",
)
def analyse_cmd(cohort: Path, out: Path | None) -> None:
    """Item analysis: which questions work (difficulty, discrimination) and what the cohort misreads."""
    from cxkit.coach.item_analysis import analysis_rows
    from cxkit.reports.item_report import cohort_item_analysis, write_item_report

    gb = _cohort_gradebook(cohort)
    a = cohort_item_analysis(gb)
    head, rows = analysis_rows(a)
    width = min(48, max((len(str(r[2])) for r in rows), default=10))
    click.echo(f"{'part':<{width}}  right  r_pb    D  flags")
    for r in rows:
        rpb = "  —  " if r[5] == "" else f"{r[5]:+.2f}"
        d = "  —  " if r[6] == "" else f"{r[6]:+.2f}"
        click.echo(f"{_shown(str(r[2]))[:width]:<{width}}  {r[4]:>5.0%}  {rpb}  {d}  {r[8]}")
    for rel in a.reliability:
        value = f"{rel.alpha:.2f}" if rel.alpha is not None else rel.note
        click.echo(f"{rel.exercise}: {rel.method} {value}")
    csv_path, page = write_item_report(gb, out or cohort / "exports")
    click.echo(f"Item analysis of {plural(a.participants, 'participant')}: {csv_path} and {page}")


@main.command("collect-hub")
@click.argument("cohort", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--state-dir", default="~/.cxkit-hub", show_default=True, help="The hub's state folder."
)
@click.option("--deadline", default=None, help="Only answers saved before this ISO time.")
def collect_hub_cmd(cohort: Path, state_dir: str, deadline: str | None) -> None:
    """Collect every roster participant's workbook from their home on the cohort server."""
    from cxkit.coach.hub import collect_from_hub, homes_of

    homes = homes_of(Path(state_dir).expanduser())
    report = collect_from_hub(homes, cohort, deadline=deadline, roster=sorted(homes))
    for line in report.lines:
        who = f" [{_shown(line.participant_id)}]" if line.participant_id else ""
        click.echo(f"{_shown(line.source)}  {line.status}{who}: {_shown(line.message)}")
    click.echo(report.summary())


def _shown(text: str) -> str:
    """Participant text for a terminal: no escape sequences."""
    return "".join(c if c.isprintable() else "?" for c in text)


@main.command("assess")
@click.argument("cohort", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the reports (default: COHORT/assessment).",
)
@click.option("--workers", type=click.IntRange(1), default=None, help="Parallel workers [cores].")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=1),
    default=300.0,
    show_default=True,
    help="Seconds allowed per participant; past it the kernel is stopped and the run goes on.",
)
@click.option("--fresh-kernels", is_flag=True, help="A new kernel per participant (slower).")
@click.option("--dask", "dask_address", default=None, help="Run on a Dask cluster at ADDRESS.")
@click.option("--solutions", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option(
    "--gradebook",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Rubric scores and comments (default: COHORT/gradebook.sqlite if present).",
)
@click.option("--course", default="Outside-In Customer Experience", show_default=True)
@click.option("--force", is_flag=True, help="Redo every report, even unchanged ones.")
def assess_cmd(
    cohort: Path,
    out: Path | None,
    workers: int | None,
    time_limit: float,
    fresh_kernels: bool,
    dask_address: str | None,
    solutions: Path | None,
    gradebook: Path | None,
    course: str,
    force: bool,
) -> None:
    """Run the assessment notebook per participant: HTML feedback reports and a cohort page."""
    from cxkit.assess.runner import assess_cohort

    try:
        s = assess_cohort(
            cohort,
            out,
            workers=workers,
            time_limit=time_limit,
            fresh_kernels=fresh_kernels,
            dask=dask_address,
            solutions_dir=solutions,
            gradebook=gradebook,
            course_name=course,
            force=force,
        )
    except (FileNotFoundError, OSError) as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        click.echo(
            "Interrupted. Finished reports are kept (each is whole); run the same command "
            "again to continue where it stopped.",
            err=True,
        )
        sys.exit(130)
    if s.kernel_note:
        click.echo(s.kernel_note)
    click.echo(
        f"{s.count('assessed')} assessed, {s.count('unchanged')} unchanged (skipped), "
        f"{len(s.failures)} failed, in {s.seconds:.1f} s."
    )
    click.echo(f"Reports: {s.out_dir / 'participants'}   Cohort page: {s.out_dir / 'cohort.html'}")
    if s.failures:
        for o in s.failures:
            click.echo(f"  failed: {o.entry.path.name}: {o.error}", err=True)
        click.echo(f"Failures with reasons: {s.out_dir / 'failures.csv'}", err=True)
        sys.exit(1)


@main.command("canvas")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="folder (default: beside the workbook)",
)
def canvas_cmd(path: Path, out: Path | None) -> None:
    """Print a participant's SCO canvas from their workbook as PNG, PDF and Markdown."""
    from cxkit.concepts.canvas import QUESTION_ID, Canvas, validate
    from cxkit.plots.canvas import export_canvas
    from cxkit.workbook import Workbook, WorkbookError, safe_file_stem

    try:
        wb = Workbook.open(path)
    except WorkbookError as exc:
        _fail(str(exc))
    record = wb.get(QUESTION_ID)
    if record is None:
        _fail(f"{path}: {wb.participant_id} has not saved a canvas ({QUESTION_ID}) yet.")
    try:
        canvas = Canvas.from_record(record)
    except ValueError as exc:
        _fail(f"{path}: the saved canvas cannot be read: {exc}")
    folder = out or path.parent
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"{safe_file_stem(wb.participant_id)}-canvas"
    files = export_canvas(canvas, stem)
    files["md"] = canvas.save_markdown(stem.with_name(stem.name + ".md"))
    for f in files.values():
        click.echo(f"Written: {f}")
    for finding in validate(canvas):
        click.echo(f"  {finding.as_text()}")


if __name__ == "__main__":
    main()
