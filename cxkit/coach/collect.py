"""Collecting: turn whatever participants handed in (a folder or a zip) into a cohort folder.

The cohort folder holds one validated workbook per participant, named only from
the validated participant id, plus ``collect-report.csv`` with a status line for
every input. The run never stops at a bad file.

Zips are read member by member in memory and never extracted to disk, so no
member name can escape the cohort folder; symlinks are refused, sizes are capped
(per member, in total, and by compression ratio) and nested zips are opened one
level deep. Nothing a participant wrote is executed, and nothing is written
outside the cohort folder.
"""

from __future__ import annotations

import contextlib
import io
import json
import multiprocessing as mp
import os
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from cxkit import questions as registry
from cxkit.errors import CxkitError, Reason
from cxkit.spreadsheet import csv_bytes
from cxkit.words import local_time, plural
from cxkit.workbook import (
    MAX_FILE_BYTES,
    SCHEMA_VERSION,
    WORKBOOK_SUFFIX,
    WorkbookError,
    _dump,
    atomic_write_bytes,
    new_temp_file,
    parse_workbook,
    read_hand_in,
    safe_file_stem,
    sync_folder,
    too_large,
)

REPORT_NAME = "collect-report.csv"
NOTES_NAME = "collect-notes.json"  # the same notes as data, for `cxkit grade` (never the CSV)
SUPERSEDED_DIR = "superseded"
MAX_TOTAL_BYTES = 2_000_000_000
MAX_RATIO = 200  # a member that expands more than this is treated as a zip bomb
MAX_MEMBERS = 100_000
HUGE_ANSWER_CHARS = 20_000

ACCEPTED = "accepted"
FLAGGED = "accepted, flagged"
DUPLICATE = "duplicate"
NOT_WORKBOOK = "not a workbook"
CORRUPT = "corrupt"
WRONG_SCHEMA = "wrong schema"
EMPTY = "empty"
BAD_ID = "unusable participant id"
UNSAFE = "refused (unsafe)"
TOO_LARGE = "too large"
IGNORED = "ignored"

#: The status a hand-in gets for each reason it could not be used (never read from message text).
STATUS_OF = {
    Reason.EMPTY: EMPTY,
    Reason.MISSING: CORRUPT,
    Reason.UNREADABLE: CORRUPT,
    Reason.NOT_UTF8: CORRUPT,
    Reason.CORRUPT_JSON: CORRUPT,
    Reason.NESTED_TOO_DEEPLY: CORRUPT,
    Reason.BAD_TEXT: CORRUPT,
    Reason.CORRUPT_ZIP: CORRUPT,
    Reason.INTERNAL: CORRUPT,
    Reason.NOT_A_WORKBOOK: NOT_WORKBOOK,
    Reason.NOTEBOOK: NOT_WORKBOOK,
    Reason.WRONG_SCHEMA: WRONG_SCHEMA,
    Reason.NOT_FINITE: WRONG_SCHEMA,
    Reason.NEWER_SCHEMA: WRONG_SCHEMA,
    Reason.BAD_ANSWER: WRONG_SCHEMA,
    Reason.ANSWER_TOO_LONG: WRONG_SCHEMA,
    Reason.BAD_QUESTION_ID: WRONG_SCHEMA,
    Reason.BAD_PARTICIPANT_ID: BAD_ID,
    Reason.UNSAFE_PATH: UNSAFE,
    Reason.SYMLINK: UNSAFE,
    Reason.ZIP_BOMB: UNSAFE,
    Reason.TOO_LARGE: TOO_LARGE,
    Reason.NESTED_ZIP: IGNORED,
}


def status_of(reason: Reason) -> str:
    """The collect status for a reason code."""
    return STATUS_OF.get(Reason(reason), CORRUPT)


_SYSTEM_NAMES = {".ds_store", "thumbs.db", "desktop.ini", ".cxkit-participant.json"}


@dataclass
class InputStatus:
    """The status of one handed-in file."""

    source: str
    status: str
    message: str
    participant_id: str = ""
    kept_as: str = ""
    reason: str = ""  # the Reason code when the file was not used or was flagged


@dataclass
class _Candidate:
    """One readable workbook. Only its bytes are held; the document is parsed again when needed
    (parsing is deterministic, repairs included), so 10,000 hand-ins do not fill the memory."""

    source: str
    pid: str
    raw_size: int
    last_saved: str
    has_answers: bool
    notes: list[str] = field(default_factory=list)
    raw: bytes | None = None
    verbatim: bool = False  # raw can be kept byte for byte (nothing repaired or upgraded)
    reasons: list[str] = field(default_factory=list)
    path: Path | None = None  # a copy already in the cohort folder: read from here
    doc_: dict | None = None
    staged: Path | None = None  # its bytes, written beside the cohort's workbooks by a worker

    @property
    def data(self) -> dict:
        """The parsed workbook (parsed on first use; release() forgets it)."""
        if self.doc_ is None:
            raw = self.raw if self.raw is not None else (self.staged or self.path).read_bytes()
            self.doc_ = parse_workbook(raw, self.source)
        return self.doc_

    def release(self) -> None:
        """Forget the parsed document (it can be parsed again from the bytes)."""
        self.doc_ = None

    def payload(self) -> bytes:
        """The bytes to keep in the cohort folder."""
        if self.verbatim and self.raw is None and self.staged is not None:
            return self.staged.read_bytes()
        return self.raw if self.verbatim and self.raw is not None else _dump(self.data)


@dataclass
class CollectReport:
    """Every input's status, and the cohort folder that was built."""

    cohort: Path
    lines: list[InputStatus] = field(default_factory=list)

    def count(self, status: str) -> int:
        """How many inputs ended with this status."""
        return sum(1 for s in self.lines if s.status == status)

    @property
    def participants(self) -> list[str]:
        """The participants with a workbook in the cohort folder now."""
        return sorted({s.participant_id for s in self.lines if s.kept_as})

    def summary(self) -> str:
        """One line for the coach."""
        counts: dict[str, int] = {}
        for s in self.lines:
            counts[s.status] = counts.get(s.status, 0) + 1
        parts = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
        n = len(self.lines)
        return f"{n} input{'' if n == 1 else 's'}: {parts}. Cohort folder: {self.cohort}"


# -- reading inputs -------------------------------------------------------------------------
Problem = tuple[Reason, str]


def _read_capped(fh, cap: int) -> bytes | None:
    data = fh.read(cap + 1)
    return None if len(data) > cap else data


def _zip_members(
    zbytes_or_path, label: str, depth: int, budget: list[int]
) -> Iterator[tuple[str, bytes | None, Problem | None]]:
    """(name, bytes or None, problem) for each zip member, safely, whatever the bytes."""
    try:
        zf = zipfile.ZipFile(zbytes_or_path)
        infos = zf.infolist()
    except Exception as exc:  # any bytes: BadZipFile, struct.error, OverflowError, ...
        yield (
            label,
            None,
            (Reason.CORRUPT_ZIP, f"the zip file cannot be opened ({_why(exc)}). Ask for it again."),
        )
        return
    with zf:
        if len(infos) > MAX_MEMBERS:
            yield (
                label,
                None,
                (
                    Reason.TOO_LARGE,
                    f"the zip holds {len(infos):,} files; the limit is {MAX_MEMBERS:,}.",
                ),
            )
            return
        for info in infos:
            name = f"{label}!{info.filename}"
            if info.is_dir():
                continue
            p = PurePosixPath(info.filename.replace("\\", "/"))
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                yield (
                    name,
                    None,
                    (Reason.SYMLINK, "a symbolic link inside the zip; links are never followed."),
                )
                continue
            if p.is_absolute() or ".." in p.parts or (p.parts and ":" in p.parts[0]):
                yield (
                    name,
                    None,
                    (
                        Reason.UNSAFE_PATH,
                        "its path would escape the cohort folder; it was not read.",
                    ),
                )
                continue
            if info.file_size > MAX_FILE_BYTES:
                yield (
                    name,
                    None,
                    (
                        Reason.TOO_LARGE,
                        f"{info.file_size:,} bytes; the limit per file is {MAX_FILE_BYTES:,}.",
                    ),
                )
                continue
            if (
                info.compress_size
                and info.file_size / info.compress_size > MAX_RATIO
                and info.file_size > 1_000_000
            ):
                yield (
                    name,
                    None,
                    (
                        Reason.ZIP_BOMB,
                        f"it expands {info.file_size // info.compress_size}x (a zip bomb?); not read.",
                    ),
                )
                continue
            if budget[0] - info.file_size < 0:
                yield (
                    name,
                    None,
                    (
                        Reason.TOO_LARGE,
                        f"the zip expands past {MAX_TOTAL_BYTES:,} bytes in total; the rest was not read. Split it into smaller zips.",
                    ),
                )
                return
            try:
                with zf.open(info) as fh:
                    data = _read_capped(fh, min(MAX_FILE_BYTES, budget[0]))
            except Exception as exc:  # bad CRC, unsupported method, encrypted, truncated ...
                yield (
                    name,
                    None,
                    (Reason.CORRUPT_ZIP, f"it cannot be read from the zip ({_why(exc)})."),
                )
                continue
            if data is None:  # the header lied about the size
                yield name, None, (Reason.TOO_LARGE, "it expands past the size limit; not read.")
                continue
            budget[0] -= len(data)
            if p.suffix.lower() == ".zip":
                if depth >= 1:
                    yield (
                        name,
                        None,
                        (
                            Reason.NESTED_ZIP,
                            "a zip inside a zip inside a zip; unzip it and hand it in again.",
                        ),
                    )
                    continue
                yield from _zip_members(io.BytesIO(data), name, depth + 1, budget)
                continue
            yield name, data, None


def _why(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 120 else text[:119] + "…"


def _folder_files(
    root: Path, budget: list[int], skip: Path | None = None
) -> Iterator[tuple[str, bytes | None, Problem | None]]:
    skip_real = skip.resolve() if skip is not None else None
    top = str(root)
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
        rel = dirpath[len(top) :].lstrip(os.sep)
        # Never read the cohort folder itself back in when it sits inside the hand-ins.
        dirnames[:] = sorted(d for d in dirnames if (Path(dirpath) / d).resolve() != skip_real)
        for fn in sorted(filenames):
            path = os.path.join(dirpath, fn)
            name = os.path.join(rel, fn) if rel else fn
            if fn.lower().endswith(".zip"):
                if os.path.islink(path):
                    yield name, None, (Reason.SYMLINK, "a symbolic link; links are never followed.")
                    continue
                try:
                    size = os.stat(path).st_size
                except OSError as exc:
                    yield name, None, (Reason.UNREADABLE, f"it cannot be read ({exc.strerror}).")
                    continue
                if size > MAX_FILE_BYTES:
                    yield name, None, too_large(size, MAX_FILE_BYTES)
                    continue
                yield from _zip_members(Path(path), name, 0, budget)
                continue
            yield name, _OnDisk(path), None  # read where it is parsed (in a worker)


class _OnDisk(str):
    """The path of a hand-in not read yet: whoever parses it reads it."""


def _ignorable(name: str) -> bool:
    parts = PurePosixPath(name.replace("!", "/").replace("\\", "/")).parts
    base = parts[-1].lower() if parts else ""
    return (
        any(q.lower() in ("__macosx", ".ipynb_checkpoints") for q in parts)
        or base in _SYSTEM_NAMES
        or base.endswith(".lock")
        or base.startswith("._")
        or (base.startswith(".") and base.endswith(".tmp"))
    )


def _last_saved(data: dict) -> str:
    times = [str(e.get("saved_at", "")) for e in data["answers"].values()]
    return max(times, default=str(data.get("created_at", "")))


# -- collecting -------------------------------------------------------------------------
class CollectError(CxkitError, FileNotFoundError):
    """The hand-ins to collect are not there."""

    reason = Reason.MISSING


LOCK_NAME = ".cxkit-collect.lock"


def collect(
    source: Path | str,
    cohort: Path | str,
    deadline: str | None = None,
    roster: list[str] | None = None,
) -> CollectReport:
    """Build (or update) a cohort folder from a folder or zip of hand-ins; return every input's status.

    Any bytes in any hand-in give that hand-in one status; the run never stops at a
    bad file. One collect at a time per cohort folder (a lock file); a collect that
    was killed leaves only whole files and is finished by running it again.
    """
    from filelock import FileLock

    source, cohort = Path(source), Path(cohort)
    if not source.exists() and not source.is_symlink():
        raise CollectError(f"{source}: no such file or folder. Give the folder or zip of hand-ins.")
    cohort.mkdir(parents=True, exist_ok=True)
    with FileLock(str(cohort / LOCK_NAME)):
        _remove_stale_temp_files(cohort)
        report = _collect(source, cohort, deadline, roster)
        sync_folder(cohort)  # the workbooks were written without a fsync each
        _write_report(report)
    return report


def _remove_stale_temp_files(cohort: Path) -> None:
    """Temporary files a killed run left behind (never a whole file: those are replaced in)."""
    for folder in (cohort, cohort / SUPERSEDED_DIR):
        for p in folder.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                p.unlink()


def _collect(
    source: Path, cohort: Path, deadline: str | None, roster: list[str] | None
) -> CollectReport:
    report = CollectReport(cohort)
    budget = [MAX_TOTAL_BYTES]
    if source.is_symlink():
        report.lines.append(
            InputStatus(
                str(source),
                UNSAFE,
                "a symbolic link; links are never followed.",
                reason=Reason.SYMLINK,
            )
        )
        return report
    files: Iterator
    if source.is_file():
        if not zipfile.is_zipfile(source):
            size = source.stat().st_size
            big = too_large(size, MAX_FILE_BYTES)
            one = (
                (source.name, None, big)
                if size > MAX_FILE_BYTES
                else (source.name, source.read_bytes(), None)
            )
            files = iter([one])
        else:
            files = _zip_members(source, source.name, 0, budget)
    else:
        files = _folder_files(source, budget, skip=cohort)

    cands: dict[str, list[_Candidate]] = {}
    notebooks: list[str] = []
    workbook_dirs: set[str] = set()
    backups: dict[str, bytes] = {}
    jobs: list[tuple] = []  # (report slot, folder, name, bytes) of each would-be workbook
    for name, data, problem in files:
        if problem is not None:
            reason, msg = problem
            report.lines.append(InputStatus(name, status_of(reason), msg, reason=reason.value))
            continue
        low = name.lower()
        if isinstance(data, _OnDisk) and not low.endswith(".json"):
            data, problem = read_hand_in(
                data, MAX_FILE_BYTES
            )  # the few that are not workbooks: read here
            if problem is not None:
                reason, msg = problem
                report.lines.append(InputStatus(name, status_of(reason), msg, reason=reason.value))
                continue
        if _ignorable(name):
            report.lines.append(InputStatus(name, IGNORED, "a system or lock file, not a hand-in."))
            continue
        folder = str(PurePosixPath(name.replace("!", "/").replace("\\", "/")).parent)
        if low.endswith(".ipynb"):
            notebooks.append(name)
            continue
        if low.endswith(".bak"):
            backups[name[:-4]] = data or b""
            continue
        if not (low.endswith(".json")):
            report.lines.append(
                InputStatus(
                    name,
                    NOT_WORKBOOK,
                    f"this file is not a workbook (a workbook's name ends in {WORKBOOK_SUFFIX}); "
                    "it was skipped.",
                    reason=Reason.NOT_A_WORKBOOK.value,
                )
            )
            continue
        report.lines.append(None)  # this hand-in's place in the report, filled once parsed
        jobs.append((len(report.lines) - 1, folder, name, data or b""))
    for (slot, folder, *_), (cand, line) in zip(jobs, _parse_all(jobs, cohort), strict=True):
        report.lines[slot] = line
        if cand is not None:
            workbook_dirs.add(folder)
            cands.setdefault(cand.pid, []).append(cand)
    report.lines = [line for line in report.lines if line is not None]
    # A broken workbook whose backup (<name>.bak) came with it: use the backup, say so.
    for line in list(report.lines):
        if line.status in (CORRUPT, EMPTY, WRONG_SCHEMA) and line.source in backups:
            cand, _ = _parse(line.source + ".bak", backups.pop(line.source))
            if cand is not None:
                line.message += " Its backup (.bak) was readable and is used instead."
                cand.notes.append("taken from the backup file because the workbook was broken")
                cand.verbatim = False
                cands.setdefault(cand.pid, []).append(cand)
    for name in backups:
        report.lines.append(
            InputStatus(name + ".bak", IGNORED, "a workbook backup; the workbook itself was used.")
        )
    for name in notebooks:
        folder = str(PurePosixPath(name.replace("!", "/").replace("\\", "/")).parent)
        if folder in workbook_dirs:
            msg = "an exercise notebook; answers are read from the workbook beside it."
            report.lines.append(InputStatus(name, IGNORED, msg))
        else:
            msg = (
                f"a Jupyter notebook with no workbook beside it. Ask the participant for the file "
                f"ending in {WORKBOOK_SUFFIX} in the same folder as their exercises."
            )
            report.lines.append(InputStatus(name, NOT_WORKBOOK, msg, reason=Reason.NOTEBOOK.value))
    existing = _existing(cohort)
    try:
        _keep(report, cands, deadline, roster, existing)
    finally:  # staged copies not kept (duplicates, repaired ones): never left as clutter
        for group in cands.values():
            for c in group:
                if c.staged is not None:
                    with contextlib.suppress(OSError):
                        c.staged.unlink()
    if roster:
        have = set(report.participants) | set(existing)
        for pid in roster:
            if pid not in have:
                report.lines.append(
                    InputStatus(
                        "(roster)", "missing", "on the roster but nothing was handed in.", pid
                    )
                )
    return report


PARALLEL_FROM = 400  # hand-ins to read before a second process helps
_STAGE_IN: Path | None = None  # where a forked collect worker stages each hand-in's bytes


def _parse_all(jobs: list[tuple], cohort: Path) -> Iterator[tuple]:
    """(candidate or None, status line or None) for each job, in order.

    With many hand-ins, two forked processes parse them and write each readable one's
    bytes beside the cohort's workbooks (a hidden .tmp file), so the main process only
    renames the copy it keeps; a killed run's .tmp files are removed by the next.
    """
    global _STAGE_IN
    workers = min(2, os.cpu_count() or 1)
    if workers < 2 or len(jobs) < PARALLEL_FROM or "fork" not in mp.get_all_start_methods():
        yield from (_parse_job(job[2:]) for job in jobs)
        return
    registry.is_known("")  # load the question registry once, before the workers copy it
    _STAGE_IN = cohort

    def feed() -> Iterator[tuple[str, bytes]]:
        for i, job in enumerate(jobs):
            jobs[i] = (*job[:3], b"")  # the bytes (or path) travel once, then are let go
            yield job[2], job[3]

    try:
        with mp.get_context("fork").Pool(workers, initializer=_die_with_parent) as pool:
            yield from pool.imap(_parse_job, feed(), chunksize=32)
    finally:
        _STAGE_IN = None


def _die_with_parent() -> None:
    """A worker of a collect that is killed stops at once (Linux), so it cannot stage a file
    after the next run has cleared the stale ones."""
    with contextlib.suppress(Exception):
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG


def _parse_job(job: tuple[str, bytes]) -> tuple:
    """_parse one hand-in (reading it first when only its path is known), and stage its bytes
    when a worker does it."""
    name, data = job
    if isinstance(data, _OnDisk):
        data, problem = read_hand_in(data, MAX_FILE_BYTES)
        if problem is not None:
            return None, InputStatus(
                name, status_of(problem[0]), problem[1], reason=problem[0].value
            )
    cand, line = _parse(name, data)
    if cand is not None and _STAGE_IN is not None:
        try:
            fd, tmp = new_temp_file(_STAGE_IN / "staged")
        except OSError:
            return cand, line  # the main process writes it, and says so if it cannot
        try:
            view = memoryview(cand.raw)
            while view:
                view = view[os.write(fd, view) :]
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            return cand, line
        finally:
            os.close(fd)
        cand.staged, cand.raw = Path(tmp), None
    return cand, line


def _parse(name: str, data: bytes) -> tuple[_Candidate | None, InputStatus | None]:
    """One would-be workbook: a candidate, or the status line saying why it cannot be used."""
    notes_: list[tuple[Reason, str]] = []
    try:
        doc = parse_workbook(data, name, notes_)
    except WorkbookError as exc:
        line = InputStatus(name, status_of(exc.reason), _plain(exc), reason=exc.reason.value)
        return None, line
    except Exception as exc:  # a bug must cost one hand-in its status line, never the run
        line = InputStatus(
            name,
            CORRUPT,
            f"it could not be read ({type(exc).__name__}: {_why(exc)}); please report this "
            "to the cxkit maintainers with the file.",
            reason=Reason.INTERNAL.value,
        )
        return None, line
    notes = [text for _, text in notes_]
    reasons = [r.value for r, _ in notes_]
    for qid, entry in doc["answers"].items():
        value = entry["value"]
        if isinstance(value, str) and len(value) > HUGE_ANSWER_CHARS:
            notes.append(f"a very long answer to {qid} ({len(value):,} characters, kept)")
    if not doc["answers"]:
        notes.append("no answers saved (empty workbook)")
    unknown = sorted(q for q in doc["answers"] if not registry.is_known(q))
    if unknown:
        shown = ", ".join(repr(u[:60]) for u in unknown[:5]) + (" …" if len(unknown) > 5 else "")
        notes.append(
            f"answers to {plural(len(unknown), 'question id')} this kit does not know: {shown} (kept)"
        )
    # Kept byte for byte when nothing had to be repaired or upgraded (and no re-encoding cost).
    verbatim = not notes_ and doc.get("schema_version") == SCHEMA_VERSION
    cand = _Candidate(
        name,
        doc["participant_id"],
        len(data),
        _last_saved(doc),
        bool(doc["answers"]),
        notes,
        data,
        verbatim,
        reasons,
    )
    return cand, None


_ADVICE = {
    EMPTY: "Ask the participant to hand in their workbook again.",
    CORRUPT: "Ask the participant to hand it in again, or for the .bak file beside it.",
    WRONG_SCHEMA: "Ask the participant to hand in the file ending in .workbook.json.",
    NOT_WORKBOOK: "Ask the participant for the file ending in .workbook.json beside their exercises.",
    BAD_ID: "The file was not used; ask the participant to start a workbook with a plain name.",
}


def _plain(exc: WorkbookError) -> str:
    if exc.reason is Reason.NEWER_SCHEMA:
        return f"{exc.problem} {exc.advice}"
    return f"{exc.problem} {_ADVICE.get(status_of(exc.reason), '')}".strip()


_IN_COHORT = " (already in the cohort)"


def _existing(cohort: Path) -> dict[str, _Candidate]:
    """The workbooks already in the cohort folder, by participant id (each read once)."""
    out: dict[str, _Candidate] = {}
    for p in sorted(cohort.glob(f"*{WORKBOOK_SUFFIX}")):
        try:
            doc = parse_workbook(p.read_bytes(), p)
        except (CxkitError, OSError):
            continue
        out[doc["participant_id"]] = _Candidate(
            f"{p.name}{_IN_COHORT}",
            doc["participant_id"],
            0,
            _last_saved(doc),
            bool(doc["answers"]),
            path=p,
        )
    return out


def _keep(
    report: CollectReport,
    cands: dict[str, list[_Candidate]],
    deadline: str | None,
    roster: list[str] | None,
    existing: dict[str, _Candidate],
) -> None:
    cohort = report.cohort
    used_stems = {e.path.name[: -len(WORKBOOK_SUFFIX)]: pid for pid, e in existing.items()}
    stems = {safe_file_stem(p): p for p in cands}
    for pid in sorted(cands):
        group = list(cands[pid])
        here = existing.get(pid)
        dest = here.path if here is not None else None
        if here is not None:  # a later collect round: the cohort's copy competes too
            group.append(here)
        # Newest save wins; an empty workbook never beats one with answers.
        group.sort(key=lambda c: (c.has_answers, c.last_saved, c.raw_size), reverse=True)
        best, others = group[0], group[1:]
        if dest is None:
            stem = safe_file_stem(pid)
            base, n = stem, 2
            while stem in used_stems and used_stems[stem] != pid:
                stem, n = f"{base}-{n}", n + 1  # two ids with the same safe name
            used_stems[stem] = pid
            dest = cohort / f"{stem}{WORKBOOK_SUFFIX}"
        kept = best.data["answers"] if others else {}
        for c in others:
            in_cohort = c.raw_size == 0 and c.source.endswith(_IN_COHORT)
            if c.data["answers"] == kept:
                if not in_cohort:
                    report.lines.append(
                        InputStatus(
                            c.source,
                            DUPLICATE,
                            f"the same answers as {dest.name}; nothing new.",
                            pid,
                        )
                    )
                continue
            _supersede(cohort, pid, [c.data])
            if in_cohort:
                best.notes.append(
                    f"replaces the earlier hand-in (kept aside in the cohort's "
                    f"“{SUPERSEDED_DIR}” folder)"
                )
            else:
                msg = (
                    f"an older hand-in for {pid}; the newest ({dest.name}) is used, and this "
                    f"one is kept aside in the cohort's “{SUPERSEDED_DIR}” folder."
                )
                report.lines.append(InputStatus(c.source, DUPLICATE, msg, pid))
        # Answers are never lost: an answer saved only (or later) in another copy is merged in.
        merged = 0
        for c in others:
            for qid, entry in c.data["answers"].items():
                mine = kept.get(qid)
                if mine is None or str(entry.get("saved_at", "")) > str(mine.get("saved_at", "")):
                    kept[qid] = entry
                    merged += 1
        if merged:
            best.notes.append(
                f"{plural(merged, 'answer')} found only (or newer) in another copy merged in"
            )
            best.last_saved = _last_saved(best.data)
            best.verbatim = False
        elif best.source.endswith(_IN_COHORT):
            continue  # nothing newer arrived
        flags = list(best.notes)
        if deadline and best.last_saved and best.last_saved > deadline:
            when = local_time(best.last_saved, with_date=True)
            flags.append(
                f"late: last saved {when}, after the deadline "
                f"({local_time(deadline, with_date=True)})"
            )
        if roster is not None and pid not in roster:
            flags.append("a participant id not on the roster (foreign?)")
        # A file named after someone else in this cohort: a friend's workbook handed in?
        fname = PurePosixPath(best.source.replace("!", "/").replace("\\", "/")).name.lower()
        owner = (
            stems.get(fname[: -len(WORKBOOK_SUFFIX)]) if fname.endswith(WORKBOOK_SUFFIX) else None
        )
        if owner is not None and owner != pid:
            flags.append(f"the file is named after {owner!r} but belongs to {pid!r}")
        older = sum(1 for c in others if not c.source.endswith(_IN_COHORT))
        if older:
            copies = plural(older, "older copy", "older copies")
            flags.append(f"{copies} kept aside in the cohort's “{SUPERSEDED_DIR}” folder")
        if here is None and best.verbatim and best.staged is not None:
            os.replace(best.staged, dest)  # the worker's copy of these very bytes
            best.staged = None
        else:
            payload = best.payload()
            if here is None or not _same_bytes(dest, payload):
                atomic_write_bytes(dest, payload, durable=False)
        for c in group:
            c.release()
        status = FLAGGED if flags else ACCEPTED
        report.lines.append(
            InputStatus(
                best.source,
                status,
                "; ".join(flags) or "OK",
                pid,
                dest.name,
                reason=",".join(best.reasons),
            )
        )


def _same_bytes(path: Path, payload: bytes) -> bool:
    try:
        return path.stat().st_size == len(payload) and path.read_bytes() == payload
    except OSError:
        return False


def _supersede(cohort: Path, pid: str, docs: list[dict]) -> None:
    """Keep replaced or duplicate workbooks (answers are never lost) out of the grader's way."""
    if not docs:
        return
    folder = cohort / SUPERSEDED_DIR
    folder.mkdir(exist_ok=True)
    stem = safe_file_stem(pid)
    for doc in docs:
        payload = _dump(doc)
        n = 1
        while (folder / f"{stem}.{n}{WORKBOOK_SUFFIX}").exists():
            try:
                if (folder / f"{stem}.{n}{WORKBOOK_SUFFIX}").read_bytes() == payload:
                    break  # kept already (a run that was stopped is being finished)
            except OSError:
                pass
            n += 1
        else:
            atomic_write_bytes(folder / f"{stem}.{n}{WORKBOOK_SUFFIX}", payload, durable=False)


def _write_report(report: CollectReport) -> None:
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    head = ["input", "status", "participant_id", "kept_as", "message", "collected_at", "reason"]
    rows = (
        [s.source, s.status, s.participant_id, s.kept_as, s.message, now, s.reason]
        for s in report.lines
    )
    atomic_write_bytes(report.cohort / REPORT_NAME, csv_bytes(head, rows))
    notes = {s.participant_id: s.message for s in report.lines if s.status == FLAGGED and s.kept_as}
    payload = {"format": "cxkit-collect-notes", "version": 1, "notes": notes}
    atomic_write_bytes(report.cohort / NOTES_NAME, json.dumps(payload, ensure_ascii=False).encode())


def read_notes(cohort: Path | str) -> dict[str, str]:
    """The notes collect handed over for each participant it kept with a flag; {} if there are
    none or the file is not collect's (any bytes)."""
    try:
        data = json.loads((Path(cohort) / NOTES_NAME).read_bytes())
    except (OSError, ValueError, RecursionError):
        return {}
    notes = data.get("notes") if isinstance(data, dict) else None
    if not isinstance(notes, dict):
        return {}
    return {k: v for k, v in notes.items() if isinstance(k, str) and isinstance(v, str)}
