"""``cxkit export``: the round's files from the gradebook: LMS CSV, a page per participant, the cohort page.

The pages are the report layer's documents (:mod:`cxkit.reports.participant`,
:mod:`cxkit.reports.cohort`), the same ones ``cxkit assess`` shows. File names
come only from validated ids (:func:`cxkit.workbook.safe_file_stem`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxkit.coach.gradebook import Gradebook
from cxkit.reports import participant
from cxkit.reports.cohort import cohort_html
from cxkit.spreadsheet import csv_bytes
from cxkit.words import plural
from cxkit.workbook import atomic_write_bytes, safe_file_stem, sync_folder

if TYPE_CHECKING:
    import pandas as pd


def lms_summary(p: dict) -> tuple[str, dict[str, tuple[float, float]], float]:
    """What the LMS table needs of one participant: id, points per exercise, total."""
    return p["participant_id"], participant.points_by(p, "exercise"), p["total"]


def lms_rows(results: Iterable[dict]) -> tuple[list[str], list[list[Any]]]:
    """Header and rows for an LMS: one row per participant, one column per exercise, and total."""
    return lms_table([lms_summary(p) for p in results])


def lms_table(
    summaries: list[tuple[str, dict[str, tuple[float, float]], float]],
) -> tuple[list[str], list[list[Any]]]:
    """The LMS header and rows from each participant's :func:`lms_summary`."""
    exercises = sorted({e for _, ex, _ in summaries for e in ex})
    header = ["participant_id", *exercises, "total"]
    rows = [
        [pid, *(round(ex.get(e, (0.0, 0.0))[0], 2) for e in exercises), round(total, 2)]
        for pid, ex, total in summaries
    ]
    return header, rows


def _results(gradebook: Path | str) -> list[dict]:
    with Gradebook(gradebook, readonly=True) as gb:
        return gb.results()


def write_lms_csv(gradebook: Path | str, out: Path | str, results: list[dict] | None = None) -> int:
    """Write the LMS CSV; return the number of participants (results: read once by the caller)."""
    source = results if results is not None else _results(gradebook)
    return write_lms_table(out, [lms_summary(p) for p in source])


def write_lms_table(out: Path | str, summaries: list[tuple[str, dict, float]]) -> int:
    """Write the LMS CSV from each participant's :func:`lms_summary`; return how many."""
    header, rows = lms_table(summaries)
    atomic_write_bytes(Path(out), csv_bytes(header, rows))
    return len(rows)


def write_feedback(
    gradebook: Path | str,
    out_dir: Path | str,
    results: list[dict] | None = None,
    lms: list | None = None,
) -> list[Path]:
    """Write <id>.md and <id>.html for every participant; return the files written.

    Without results, the gradebook is streamed: a big cohort is split into two ranges of
    participants, each read, rendered and written by its own process, so memory stays
    flat however big the cohort and nothing is pickled between processes. lms, if given,
    receives each participant's :func:`lms_summary`. A page whose text is unchanged is
    not written again, so a re-run after an interrupted export finishes the job and a
    repeated export is quick. Each page is replaced atomically (never half written)
    without a flush of its own; the folder is synced once at the end.
    """
    global _JOB
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for p in out_dir.glob(".*.tmp"):  # left by an export that was killed
        p.unlink(missing_ok=True)
    if results is not None:
        ids = [p["participant_id"] for p in results]
    else:
        with Gradebook(gradebook, readonly=True) as gb:
            ids = gb.participants()
    stems = _stems(ids)
    _JOB = (Path(gradebook), results, dict(zip(ids, stems, strict=True)), out_dir)
    try:
        with participant.remembering():
            shards = _shards(ids)
            for summaries in _run(_write_shard, shards):
                if lms is not None:
                    lms.extend(summaries)
    finally:
        _JOB = ()
    if lms is not None:
        lms.sort(key=lambda s: s[0])  # the shards' order, whatever finished first
    sync_folder(out_dir)
    return [out_dir / f"{stem}{suffix}" for stem in stems for suffix in (".md", ".html")]


def _stems(ids: list[str]) -> list[str]:
    """A safe, unique file stem per participant id, in order."""
    used: set[str] = set()
    out = []
    for pid in ids:
        stem, n = safe_file_stem(pid), 2
        base = stem
        while stem in used:
            stem, n = f"{base}-{n}", n + 1
        used.add(stem)
        out.append(stem)
    return out


_JOB: tuple = ()  # (gradebook, results or None, stem by id, out_dir) that a forked worker reads
_PARALLEL_FROM = 400


def _shards(ids: list[str]) -> list[tuple[int, int]]:
    """Index ranges of the sorted ids: one for a small cohort, two for a big one."""
    n = len(ids)
    if n < _PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        return [(0, n)]
    return [(0, n // 2), (n // 2, n)]


def _write_shard(shard: tuple[int, int]) -> list[tuple[str, dict, float]]:
    """Render and write the pages of one range of participants; return their LMS summaries."""
    gb_path, results, stems, out_dir = _JOB
    lo, hi = shard
    out = []

    def write(p: dict) -> None:
        md, page = participant.pages(p)
        stem = stems[p["participant_id"]]
        for suffix, text in ((".md", md), (".html", page)):
            _put(out_dir / f"{stem}{suffix}", text.encode("utf-8"))
        out.append(lms_summary(p))

    if results is not None:
        for p in results[lo:hi]:
            write(p)
        return out
    with Gradebook(gb_path, readonly=True) as gb:
        ids = gb.participants()
        first = ids[lo] if lo < len(ids) else None
        before = ids[hi] if hi < len(ids) else None
        if first is None:
            return out
        for p in gb.iter_results(first, before):
            write(p)
    return out


def _run(fn, shards: list) -> Iterator:
    """fn over every shard: here for one, in forked processes (one a shard) for several."""
    import multiprocessing as mp

    if len(shards) == 1 or "fork" not in mp.get_all_start_methods():
        yield from map(fn, shards)
        return
    with mp.get_context("fork").Pool(len(shards)) as pool:
        yield from pool.imap_unordered(fn, shards)


def _put(path: Path, payload: bytes) -> bool:
    """Replace path by payload atomically, unless it holds exactly that already; True if written.

    The file is created with the permissions the user's umask gives (as
    :func:`cxkit.workbook.atomic_write_bytes` does), through a temporary name that
    is never followed if it is a link; the caller syncs the folder once at the end.
    """
    if _same(path, payload):
        return False
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(tmp, flags, 0o666)
    except FileExistsError:  # left by a killed run with the same process id
        tmp.unlink()
        fd = os.open(tmp, flags, 0o666)
    try:
        with os.fdopen(fd, "wb", buffering=0) as fh:
            view = memoryview(payload)
            while view:
                view = view[fh.write(view) :]
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return True


def _same(path: Path, payload: bytes) -> bool:
    try:
        return path.stat().st_size == len(payload) and path.read_bytes() == payload
    except OSError:
        return False


def results_table(gradebook: Path | str) -> pd.DataFrame:
    """A pandas DataFrame: one row per participant, points per exercise, total, items pending."""
    import pandas as pd

    with Gradebook(gradebook, readonly=True) as gb:
        results = gb.results()
        flags = gb.open_flags()
    header, rows = lms_rows(results)
    df = pd.DataFrame(rows, columns=header).set_index("participant_id")
    df["rubric items to score"] = [p["pending"] for p in results]
    df["flagged for review"] = [
        sum(1 for k in flags if k[0] == p["participant_id"]) for p in results
    ]
    df["collect notes"] = [p.get("notes") or "" for p in results]
    return df


def cohort_summary_html(
    gradebook: Path | str,
    freshness: dict[str, str] | None = None,
    results: list[dict] | None = None,
    flags: dict | None = None,
) -> str:
    """The cohort page of a round: the report layer's cohort document, with the gradebook's marks."""
    if results is None or flags is None:
        with Gradebook(gradebook, readonly=True) as gb:
            results, flags = gb.results(), gb.open_flags()
    intro = [
        f"{plural(len(results), 'participant')}; "
        f"{plural(sum(p['pending'] for p in results), 'rubric item')} still to score; "
        f"{plural(len(flags), 'item')} flagged for review.",
        # `cxkit analyse` writes this page beside the summary: which questions work.
        "<a href='item-analysis.html'>Item analysis: which questions work, and what the cohort "
        "misreads</a> (made by <code>cxkit analyse</code>).",
    ]
    return cohort_html(results, title="Cohort summary", intro=intro, marks=freshness, flags=flags)


def write_summary(
    gradebook: Path | str,
    out: Path | str,
    freshness: dict[str, str] | None = None,
    results: list[dict] | None = None,
    flags: dict | None = None,
) -> Path:
    """Write the cohort summary page; return its path."""
    out = Path(out)
    html_ = cohort_summary_html(gradebook, freshness, results, flags)
    atomic_write_bytes(out, html_.encode("utf-8"))
    return out
