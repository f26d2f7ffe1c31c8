"""A grading run over a cohort folder: which workbooks changed, grade them, store the results.

The gradebook (:mod:`cxkit.coach.gradebook`) is storage with query methods; this module
decides what to grade and never writes SQL. Participant content is never run.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cxkit import __version__
from cxkit.coach.gradebook import GRADEBOOK_NAME, Gradebook, GradebookError
from cxkit.coach.grading import (
    AnswerKey,
    file_hash,
    item_rows,
    key_sources_fingerprint,
    load_key,
    submission_hash,
)
from cxkit.errors import CxkitError, Reason
from cxkit.words import plural
from cxkit.workbook import MAX_FILE_BYTES, WORKBOOK_SUFFIX, parse_workbook, read_hand_in


@dataclass
class GradeReport:
    """What a grading run did: counts, problems and review flags."""

    gradebook: Path
    run_id: int
    graded: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    flagged: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)
    key_problems: list[str] = field(default_factory=list)
    key_changed: bool = False

    def lines(self) -> Iterator[str]:
        """A readable summary for the coach."""
        if not self.graded and not self.problems:
            yield (
                f"No workbooks (*{WORKBOOK_SUFFIX}) in {self.gradebook.parent}. Build the cohort "
                "folder first: cxkit collect HANDINS COHORT"
            )
        yield (
            f"Graded {plural(self.graded, 'workbook')}: {self.new} new, {self.changed} changed since the "
            f"last run, {self.unchanged} unchanged."
        )
        if self.key_changed:
            yield "The answer key changed since the last run: every automatic score was updated."
        for p in self.key_problems:
            yield f"Key problem: {p}"
        for file, msg in self.problems:
            yield f"Not graded: {file}: {msg}"
        if self.flagged:
            yield (
                f"{plural(self.flagged, 'manually scored answer')} changed since scoring: flagged "
                "for review (scores kept). See `cxkit review`."
            )
        yield f"Gradebook: {self.gradebook}"


def collect_notes(cohort: Path) -> dict[str, str]:
    """The notes `cxkit collect` handed over for each participant's workbook (late, foreign id,
    …), as data: its JSON beside the report, never the report's text read back."""
    from cxkit.coach.collect import read_notes

    return read_notes(cohort)


_POOL_KEY: AnswerKey | None = None  # the key a forked grading worker uses
_SENT: set[str] = set()  # grades this process has handed on in this run (sent once each)
PARALLEL_FROM = 400  # workbooks to grade before a second process helps


def _grade_file(path: Path) -> tuple:
    """Read and grade one workbook file: ("ok", pid, fhash, participant fields, rows, hashes)."""
    key = _POOL_KEY
    try:
        raw, problem = read_hand_in(str(path), MAX_FILE_BYTES)
        if problem is not None:
            return ("problem", path.name, f"Workbook {path}: {problem[1]}")
        data = parse_workbook(raw, path)
    except CxkitError as exc:
        return ("problem", path.name, str(exc))
    except Exception as exc:  # any bytes: a bug costs one workbook, never the run
        return (
            "problem",
            path.name,
            f"Workbook {path}: it could not be read ({type(exc).__name__}).",
        )
    answers = data["answers"]
    rows, hashes = item_rows(key, answers)
    # Each distinct grade crosses to the writer once a run; later workbooks name it by ref.
    scored = [(r[1], r[0]) for r in rows]
    contents = [r for r in rows if r[0] not in _SENT]
    _SENT.update(r[0] for r in contents)
    saved = [str(e.get("saved_at", "")) for e in answers.values()]
    fields = (
        submission_hash(answers),
        max(saved, default=""),
        json.dumps(sorted(q for q in answers if q not in key.items), ensure_ascii=False),
    )
    return (
        "ok",
        path.name,
        data["participant_id"],
        file_hash(raw),
        fields,
        scored,
        hashes,
        contents,
    )


def _graded(files: list[Path], key: AnswerKey, workers: int) -> Iterator[tuple]:
    """_grade_file for each file, in order; in `workers` forked processes when it pays."""
    global _POOL_KEY
    _POOL_KEY = key
    _SENT.clear()  # a new run (perhaps into another gradebook): every grade is sent again
    if workers <= 1 or len(files) < PARALLEL_FROM or "fork" not in mp.get_all_start_methods():
        yield from map(_grade_file, files)
        return
    item_rows(key, {})  # fill the per-key memo once, before the workers copy it
    with mp.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_grade_file, files, chunksize=64)


def grade_cohort(
    cohort: Path | str,
    gradebook: Path | str | None = None,
    key: AnswerKey | None = None,
    progress: Callable[[Iterator], Iterator] | None = None,
    batch: int = 100,
    workers: int | None = None,
    solutions: Path | None = None,
) -> GradeReport:
    """Grade every workbook in a cohort folder into its gradebook; never runs participant content.

    A workbook whose file is byte for byte the one graded last time, against the same
    key and the same cxkit, is not graded again (its stored results stand). Any bytes
    in a workbook give it a "not graded" line with the reason; the run goes on.
    """
    cohort = Path(cohort)
    if not cohort.is_dir():
        raise GradebookError(
            f"{cohort}: not a folder. Run `cxkit collect` first to build a cohort folder.",
            Reason.NO_COHORT,
        )
    # Without a key given, build it only if needed: when the kit, its data and solutions/ are
    # unchanged since the key was stored and no workbook changed, nothing needs it.
    sources = key_sources_fingerprint(solutions) if key is None else ""
    if workers is None:
        workers = min(2, os.cpu_count() or 1)
    gb_path = Path(gradebook) if gradebook else cohort / GRADEBOOK_NAME
    with os.scandir(cohort) as entries:  # the entry types come with the listing: no stat each
        files = sorted(
            Path(e.path)
            for e in entries
            if e.name.endswith(WORKBOOK_SUFFIX) and e.is_file(follow_symlinks=False)
        )
    notes = collect_notes(cohort)
    with Gradebook(gb_path) as gb:
        stored = gb.key_built_from() if sources else None
        if stored is not None and stored[0] == sources:
            key_fp, key_problems = stored[1], stored[2]
        else:
            key = key if key is not None else load_key(solutions)
            gb.save_key(key)
            if sources:
                gb.remember_key_sources(sources, key)
            key_fp, key_problems = key.fingerprint, list(key.problems)
        last = gb.last_key_fingerprint()
        run_id = gb.begin_run(cohort, key_fp)
        report = GradeReport(gb_path, run_id, key_problems=key_problems)
        report.key_changed = last is not None and last != key_fp
        before = gb.graded_files()
        old_hash = {v[0]: v[1] for v in before.values()}
        seen: set[str] = set()
        todo: list[Path] = []
        renoted: list[tuple[str, str]] = []
        for path in files:  # unchanged files first: a hash of the bytes, no parsing
            prev = before.get(path.name)
            if prev is None or prev[4] != __version__ or prev[3] != key_fp:
                todo.append(path)
                continue
            raw, problem = read_hand_in(str(path), MAX_FILE_BYTES)
            if problem is not None:
                todo.append(path)
                continue
            if file_hash(raw) != prev[2] or prev[0] in seen:
                todo.append(path)
                continue
            seen.add(prev[0])
            report.unchanged += 1
            report.graded += 1
            if notes.get(prev[0], "") != (prev[5] or ""):
                renoted.append((notes.get(prev[0], ""), prev[0]))
        if renoted:
            gb.set_notes(renoted)
        if todo and key is None:  # something to grade after all: build the key (same sources)
            key = load_key(solutions)
            gb.save_key(key)
        pending: list[tuple] = []
        loose: list[tuple] = []
        it = _graded(todo, key, workers) if todo else iter(())
        it = progress(it) if progress else it
        for res in it:
            if res[0] == "problem":
                report.problems.append((res[1], res[2]))
                gb.add_problem(run_id, res[1], res[2])
                continue
            _, name, pid = res[:3]
            if pid in seen:
                msg = f"a second workbook for {pid!r}; only the first was graded."
                report.problems.append((name, msg))
                gb.add_problem(run_id, name, msg)
                loose.extend(res[7])  # grades later workbooks may name by ref
                continue
            seen.add(pid)
            old = old_hash.get(pid)
            if old is None:
                report.new += 1
            elif old != res[4][0]:
                report.changed += 1
            else:
                report.unchanged += 1
            pending.append(res)
            if len(pending) >= batch:
                report.flagged += gb.record_rows(pending, run_id, notes, key, loose)
                report.graded += len(pending)
                pending, loose = [], []
        if pending or loose:
            report.flagged += gb.record_rows(pending, run_id, notes, key, loose)
            report.graded += len(pending)
        gb.finish_run(run_id, report.graded, len(report.problems))
    return report
