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

import csv
import io
import json
import os
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from cxkit import questions as registry
from cxkit.workbook import (
    MAX_FILE_BYTES,
    WORKBOOK_SUFFIX,
    WorkbookError,
    _check_value,
    _dump,
    atomic_write_bytes,
    parse_workbook,
    safe_file_stem,
)

REPORT_NAME = "collect-report.csv"
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

_SYSTEM_NAMES = {".ds_store", "thumbs.db", "desktop.ini", ".cxkit-participant.json"}


@dataclass
class InputStatus:
    """The status of one handed-in file."""

    source: str
    status: str
    message: str
    participant_id: str = ""
    kept_as: str = ""


@dataclass
class _Candidate:
    source: str
    data: dict
    raw_size: int
    last_saved: str
    notes: list[str] = field(default_factory=list)


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
        return f"{len(self.lines)} input(s): {parts}. Cohort folder: {self.cohort}"


# -- reading inputs -------------------------------------------------------------------------
def _read_capped(fh, cap: int) -> bytes | None:
    data = fh.read(cap + 1)
    return None if len(data) > cap else data


def _zip_members(
    zbytes_or_path, label: str, depth: int, budget: list[int]
) -> Iterator[tuple[str, bytes | None, str]]:
    """(name, bytes or None, problem) for each zip member, safely."""
    try:
        zf = zipfile.ZipFile(zbytes_or_path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        yield label, None, f"{CORRUPT}|the zip file cannot be opened ({exc}). Ask for it again."
        return
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            yield (
                label,
                None,
                f"{TOO_LARGE}|the zip holds {len(infos):,} files; the limit is {MAX_MEMBERS:,}.",
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
                    f"{UNSAFE}|a symbolic link inside the zip; links are never followed.",
                )
                continue
            if p.is_absolute() or ".." in p.parts or (p.parts and ":" in p.parts[0]):
                yield (
                    name,
                    None,
                    f"{UNSAFE}|its path would escape the cohort folder; it was not read.",
                )
                continue
            if info.file_size > MAX_FILE_BYTES:
                yield (
                    name,
                    None,
                    f"{TOO_LARGE}|{info.file_size:,} bytes; the limit per file is {MAX_FILE_BYTES:,}.",
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
                    f"{UNSAFE}|it expands {info.file_size // info.compress_size}x (a zip bomb?); not read.",
                )
                continue
            if budget[0] - info.file_size < 0:
                yield (
                    name,
                    None,
                    f"{TOO_LARGE}|the zip expands past {MAX_TOTAL_BYTES:,} bytes in total; the rest was not read. Split it into smaller zips.",
                )
                return
            try:
                with zf.open(info) as fh:
                    data = _read_capped(fh, min(MAX_FILE_BYTES, budget[0]))
            except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError) as exc:
                yield name, None, f"{CORRUPT}|it cannot be read from the zip ({exc})."
                continue
            if data is None:  # the header lied about the size
                yield name, None, f"{TOO_LARGE}|it expands past the size limit; not read."
                continue
            budget[0] -= len(data)
            if p.suffix.lower() == ".zip":
                if depth >= 1:
                    yield (
                        name,
                        None,
                        f"{IGNORED}|a zip inside a zip inside a zip; unzip it and hand it in again.",
                    )
                    continue
                yield from _zip_members(io.BytesIO(data), name, depth + 1, budget)
                continue
            yield name, data, ""


def _folder_files(
    root: Path, budget: list[int], skip: Path | None = None
) -> Iterator[tuple[str, bytes | None, str]]:
    skip_real = skip.resolve() if skip is not None else None
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        # Never read the cohort folder itself back in when it sits inside the hand-ins.
        dirnames[:] = sorted(d for d in dirnames if (Path(dirpath) / d).resolve() != skip_real)
        for fn in sorted(filenames):
            path = Path(dirpath) / fn
            name = str(path.relative_to(root))
            if path.is_symlink():
                yield name, None, f"{UNSAFE}|a symbolic link; links are never followed."
                continue
            try:
                size = path.stat().st_size
                if size > MAX_FILE_BYTES:
                    yield (
                        name,
                        None,
                        f"{TOO_LARGE}|{size:,} bytes; the limit per file is {MAX_FILE_BYTES:,}.",
                    )
                    continue
                if path.suffix.lower() == ".zip":
                    yield from _zip_members(path, name, 0, budget)
                    continue
                data = path.read_bytes()
            except OSError as exc:
                yield name, None, f"{CORRUPT}|it cannot be read ({exc.strerror})."
                continue
            yield name, data, ""


def _classify_error(exc: WorkbookError) -> str:
    p = exc.problem
    if "participant id" in p:
        return BAD_ID
    if "empty" in p:
        return EMPTY
    if "notebook" in p:
        return NOT_WORKBOOK
    if "not a cxkit workbook" in p:
        return NOT_WORKBOOK
    if "participant id" in p:
        return BAD_ID
    if "not valid JSON" in p or "not text" in p:
        return CORRUPT
    return WRONG_SCHEMA


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
def collect(
    source: Path | str,
    cohort: Path | str,
    deadline: str | None = None,
    roster: list[str] | None = None,
) -> CollectReport:
    """Build (or update) a cohort folder from a folder or zip of hand-ins; return every input's status."""
    source, cohort = Path(source), Path(cohort)
    cohort.mkdir(parents=True, exist_ok=True)
    report = CollectReport(cohort)
    budget = [MAX_TOTAL_BYTES]
    if source.is_symlink():
        report.lines.append(
            InputStatus(str(source), UNSAFE, "a symbolic link; links are never followed.")
        )
        _write_report(report)
        return report
    if source.is_file():
        if not zipfile.is_zipfile(source):
            size = source.stat().st_size
            big = f"{TOO_LARGE}|{size:,} bytes; the limit per file is {MAX_FILE_BYTES:,}."
            one = (
                (source.name, None, big)
                if size > MAX_FILE_BYTES
                else (source.name, source.read_bytes(), "")
            )
            files: Iterator = iter([one])
        else:
            files = _zip_members(source, source.name, 0, budget)
    elif source.is_dir():
        files = _folder_files(source, budget, skip=cohort)
    else:
        raise FileNotFoundError(
            f"{source}: no such file or folder. Give the folder or zip of hand-ins."
        )

    cands: dict[str, list[_Candidate]] = {}
    notebooks: list[str] = []
    workbook_dirs: set[str] = set()
    backups: dict[str, bytes] = {}
    for name, data, problem in files:
        if problem:
            status, msg = problem.split("|", 1)
            report.lines.append(InputStatus(name, status, msg))
            continue
        if _ignorable(name):
            report.lines.append(InputStatus(name, IGNORED, "a system or lock file, not a hand-in."))
            continue
        low = name.lower()
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
                    f"not a workbook (expected a file ending in {WORKBOOK_SUFFIX}); skipped.",
                )
            )
            continue
        cand = _parse(name, data or b"", report)
        if cand is not None:
            workbook_dirs.add(folder)
            cands.setdefault(cand.data["participant_id"], []).append(cand)
    # A broken workbook whose backup (<name>.bak) came with it: use the backup, say so.
    for line in list(report.lines):
        if line.status in (CORRUPT, EMPTY, WRONG_SCHEMA) and line.source in backups:
            cand = _parse(line.source + ".bak", backups.pop(line.source), None)
            if cand is not None:
                line.message += " Its backup (.bak) was readable and is used instead."
                cand.notes.append("taken from the backup file because the workbook was broken")
                cands.setdefault(cand.data["participant_id"], []).append(cand)
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
            report.lines.append(InputStatus(name, NOT_WORKBOOK, msg))
    _keep(report, cands, deadline, roster)
    if roster:
        have = set(report.participants) | _existing_ids(cohort)
        for pid in roster:
            if pid not in have:
                report.lines.append(
                    InputStatus(
                        "(roster)", "missing", "on the roster but nothing was handed in.", pid
                    )
                )
    _write_report(report)
    return report


def _parse(name: str, data: bytes, report: CollectReport | None) -> _Candidate | None:
    try:
        doc = parse_workbook(data, name)
    except WorkbookError as exc:
        if report is not None:
            report.lines.append(InputStatus(name, _classify_error(exc), _plain(exc)))
        return None
    notes: list[str] = []
    for qid, entry in doc["answers"].items():
        try:
            _check_value(entry["value"], qid)
        except ValueError as exc:
            if "characters long" in str(exc):
                notes.append(f"a very long answer to {qid} (kept in full)")
                continue
            if report is not None:
                report.lines.append(
                    InputStatus(
                        name, WRONG_SCHEMA, f"{exc} The file was not used.", doc["participant_id"]
                    )
                )
            return None
        if isinstance(entry["value"], str) and len(entry["value"]) > HUGE_ANSWER_CHARS:
            notes.append(f"a very long answer to {qid} ({len(entry['value']):,} characters, kept)")
    if not doc["answers"]:
        notes.append("no answers saved (empty workbook)")
    unknown = sorted(q for q in doc["answers"] if not registry.is_known(q))
    if unknown:
        shown = ", ".join(repr(u[:60]) for u in unknown[:5]) + (" …" if len(unknown) > 5 else "")
        notes.append(
            f"answers to {len(unknown)} question id(s) this kit does not know: {shown} (kept)"
        )
    return _Candidate(name, doc, len(data), _last_saved(doc), notes)


_ADVICE = {
    EMPTY: "Ask the participant to hand in their workbook again.",
    CORRUPT: "Ask the participant to hand it in again, or for the .bak file beside it.",
    WRONG_SCHEMA: "Ask the participant to hand in the file ending in .workbook.json.",
    NOT_WORKBOOK: "Ask the participant for the file ending in .workbook.json beside their exercises.",
    BAD_ID: "The file was not used; ask the participant to start a workbook with a plain name.",
}


def _plain(exc: WorkbookError) -> str:
    if "newer cxkit" in exc.problem:
        return f"{exc.problem} {exc.advice}"
    return f"{exc.problem} {_ADVICE.get(_classify_error(exc), '')}".strip()


def _existing_ids(cohort: Path) -> set[str]:
    ids = set()
    for p in cohort.glob(f"*{WORKBOOK_SUFFIX}"):
        try:
            ids.add(parse_workbook(p.read_bytes(), p)["participant_id"])
        except (WorkbookError, OSError):
            continue
    return ids


def _keep(
    report: CollectReport,
    cands: dict[str, list[_Candidate]],
    deadline: str | None,
    roster: list[str] | None,
) -> None:
    cohort = report.cohort
    existing: dict[str, Path] = {}
    for p in sorted(cohort.glob(f"*{WORKBOOK_SUFFIX}")):
        try:
            existing[parse_workbook(p.read_bytes(), p)["participant_id"]] = p
        except (WorkbookError, OSError):
            continue
    used_stems = {p.name[: -len(WORKBOOK_SUFFIX)]: pid for pid, p in existing.items()}
    stems = {safe_file_stem(p): p for p in cands}
    for pid in sorted(cands):
        group = list(cands[pid])
        dest = existing.get(pid)
        if dest is not None:  # a later collect round: the cohort's copy competes too
            old = parse_workbook(dest.read_bytes(), dest)
            group.append(
                _Candidate(f"{dest.name} (already in the cohort)", old, 0, _last_saved(old))
            )
        # Newest save wins; an empty workbook never beats one with answers.
        group.sort(key=lambda c: (bool(c.data["answers"]), c.last_saved, c.raw_size), reverse=True)
        best, others = group[0], group[1:]
        if dest is None:
            stem = safe_file_stem(pid)
            base, n = stem, 2
            while stem in used_stems and used_stems[stem] != pid:
                stem, n = f"{base}-{n}", n + 1  # two ids with the same safe name
            used_stems[stem] = pid
            dest = cohort / f"{stem}{WORKBOOK_SUFFIX}"
        kept = best.data["answers"]
        for c in others:
            in_cohort = c.raw_size == 0 and c.source.endswith("(already in the cohort)")
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
                best.notes.append(f"replaces the earlier hand-in (now in {SUPERSEDED_DIR}/)")
            else:
                msg = f"an older hand-in for {pid} (newest kept as {dest.name}); kept in {SUPERSEDED_DIR}/."
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
            best.notes.append(f"{merged} answer(s) found only (or newer) in another copy merged in")
            best.last_saved = _last_saved(best.data)
        elif best.source.endswith("(already in the cohort)"):
            continue  # nothing newer arrived
        flags = list(best.notes)
        if deadline and best.last_saved and best.last_saved > deadline:
            when = best.last_saved[:16].replace("T", " ")
            flags.append(f"late: last saved {when} UTC, after the deadline")
        if roster is not None and pid not in roster:
            flags.append("a participant id not on the roster (foreign?)")
        # A file named after someone else in this cohort: a friend's workbook handed in?
        fname = PurePosixPath(best.source.replace("!", "/").replace("\\", "/")).name.lower()
        owner = (
            stems.get(fname[: -len(WORKBOOK_SUFFIX)]) if fname.endswith(WORKBOOK_SUFFIX) else None
        )
        if owner is not None and owner != pid:
            flags.append(f"the file is named after {owner!r} but belongs to {pid!r}")
        if sum(1 for c in others if not c.source.endswith("(already in the cohort)")):
            flags.append(f"older duplicate(s) kept in {SUPERSEDED_DIR}/")
        atomic_write_bytes(dest, _dump(best.data))
        status = FLAGGED if flags else ACCEPTED
        report.lines.append(
            InputStatus(best.source, status, "; ".join(flags) or "OK", pid, dest.name)
        )


def _supersede(cohort: Path, pid: str, docs: list[dict]) -> None:
    """Keep replaced or duplicate workbooks (answers are never lost) out of the grader's way."""
    if not docs:
        return
    folder = cohort / SUPERSEDED_DIR
    folder.mkdir(exist_ok=True)
    stem = safe_file_stem(pid)
    for doc in docs:
        n = 1
        while (folder / f"{stem}.{n}{WORKBOOK_SUFFIX}").exists():
            n += 1
        atomic_write_bytes(folder / f"{stem}.{n}{WORKBOOK_SUFFIX}", _dump(doc))


def csv_cell(text: str) -> str:
    """Text for a CSV cell that a spreadsheet will not run as a formula (= + - @ prefixed with ')."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _write_report(report: CollectReport) -> None:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["input", "status", "participant_id", "kept_as", "message", "collected_at"])
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    for s in report.lines:
        w.writerow(
            [csv_cell(x) for x in (s.source, s.status, s.participant_id, s.kept_as, s.message)]
            + [now]
        )
    atomic_write_bytes(report.cohort / REPORT_NAME, buf.getvalue().encode("utf-8"))


def report_json(report: CollectReport) -> str:
    """The report as JSON text."""
    return json.dumps([s.__dict__ for s in report.lines], ensure_ascii=False, indent=1)
