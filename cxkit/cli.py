"""The `cxkit` command. Heavy libraries are imported inside commands so --help starts fast."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cxkit import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
    click.echo(f"{len(rows)} answer(s).")


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
        f"OK: {path} is a valid workbook for {wb.participant_id} with {len(wb.answers())} answer(s)."
    )
    if unknown:
        click.echo(
            f"Note: {len(unknown)} answer(s) to questions this kit does not know: {', '.join(unknown)}"
        )


@main.command("questions")
@click.option("--exercise", default=None, help="Only this exercise's questions.")
def list_questions(exercise: str | None) -> None:
    """List the registered questions with their points and how they are graded."""
    from cxkit import questions

    qs = questions.all_questions(exercise)
    for q in qs:
        click.echo(f"{q.id:<40} {q.points:>5g} pts  {q.grading.value:<6}  {q.prompt[:60]}")
    click.echo(f"{len(qs)} question(s).")


@main.command("release")
@click.option(
    "--solutions", type=click.Path(path_type=Path), default=Path("solutions"), show_default=True
)
@click.option(
    "--exercises", type=click.Path(path_type=Path), default=Path("exercises"), show_default=True
)
def release_cmd(solutions: Path, exercises: Path) -> None:
    """Generate the participant exercises from the coach's solution notebooks."""
    from cxkit.authoring import AuthoringError, release

    try:
        written = release(solutions, exercises)
    except AuthoringError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    for p in written:
        click.echo(f"wrote {p}")
    click.echo(f"{len(written)} exercise notebook(s) generated from {solutions}/.")


if __name__ == "__main__":
    main()
