"""The participant workbook: one JSON file holding every answer, saved atomically.

A workbook is the thing a participant hands in. Saves go to a temporary file,
are fsynced and moved into place with ``os.replace``; the previous version is
kept as ``<name>.bak``. A file lock serialises saves from several kernels, and
each save re-reads the file under the lock so that no kernel's answer is lost.
A file that cannot be read is never overwritten.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from cxkit import __version__

FORMAT = "cxkit-workbook"
SCHEMA_VERSION = 2
WORKBOOK_SUFFIX = ".workbook.json"
MAX_ANSWER_CHARS = 1_000_000
MAX_FILE_BYTES = 50_000_000
LOCK_TIMEOUT_S = 30.0

_QID_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]*(/[a-z0-9][a-z0-9_\-]*)*$")


class WorkbookError(Exception):
    """A workbook could not be read or written; the message says which file and what to do."""

    def __init__(self, path: Path | str | None, problem: str, advice: str = "") -> None:
        self.path = Path(path) if path is not None else None
        self.problem = problem
        self.advice = advice
        where = f"Workbook {self.path}: " if self.path is not None else ""
        super().__init__(f"{where}{problem}" + (f" {advice}" if advice else ""))


class ParticipantIdError(ValueError):
    """A participant id was empty or held characters that cannot be used."""


def validate_participant_id(pid: object) -> str:
    """Return the id stripped of outer spaces, or raise ParticipantIdError saying what is wrong."""
    if not isinstance(pid, str):
        raise ParticipantIdError("A participant id must be text.")
    pid = unicodedata.normalize("NFC", pid.strip())
    if not pid:
        raise ParticipantIdError("Please type your name or participant id; it cannot be empty.")
    if len(pid) > 64:
        raise ParticipantIdError("A participant id can be at most 64 characters long.")
    bad = [c for c in pid if c in "/\\" or unicodedata.category(c)[0] == "C"]
    if bad:
        raise ParticipantIdError(
            "A participant id cannot contain slashes, backslashes or control characters "
            f"(found {', '.join(repr(c) for c in sorted(set(bad)))})."
        )
    if pid in {".", ".."} or pid.startswith("."):
        raise ParticipantIdError("A participant id cannot start with a dot.")
    if any(c in pid for c in ':*?"<>|'):
        raise ParticipantIdError('A participant id cannot contain any of : * ? " < > |')
    return pid


def safe_file_stem(pid: str) -> str:
    """Turn a validated participant id into a file name stem that is safe on every OS."""
    pid = validate_participant_id(pid)
    stem = re.sub(r"[^\w\-]+", "-", pid, flags=re.UNICODE).strip("-_").lower()
    return stem or "participant"


def validate_question_id(qid: object) -> str:
    """Return the question id, or raise ValueError if it is not of the form 'concept/name'."""
    if not isinstance(qid, str) or not _QID_RE.match(qid):
        raise ValueError(
            f"{qid!r} is not a valid question id: use lower-case words joined by '/', "
            "e.g. 'outcomes/classify-aht'."
        )
    return qid


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _check_value(value: Any, qid: str, depth: int = 0) -> None:
    # Keep answers plain JSON so any tool can read a handed-in workbook.
    if depth > 32:
        raise ValueError(f"The answer to {qid} is nested too deeply to save.")
    if value is None or isinstance(value, bool | int):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"The answer to {qid} is not a finite number ({value}).")
        return
    if isinstance(value, str):
        if len(value) > MAX_ANSWER_CHARS:
            raise ValueError(
                f"The answer to {qid} is {len(value):,} characters long; the limit is "
                f"{MAX_ANSWER_CHARS:,}. Please shorten it; nothing was saved."
            )
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError(f"The answer to {qid} holds text that is not valid Unicode.") from exc
        return
    if isinstance(value, list | tuple):
        for item in value:
            _check_value(item, qid, depth + 1)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError(f"The answer to {qid} has a non-text key {key!r}.")
            _check_value(item, qid, depth + 1)
        return
    raise ValueError(
        f"The answer to {qid} is a {type(value).__name__}, which cannot be saved; "
        "use text, numbers, lists or dictionaries."
    )


@dataclass(frozen=True)
class Answer:
    """One saved answer: the value and when it was saved."""

    question_id: str
    value: Any
    saved_at: str
    revision: int


def _upgrade(data: dict, path: Path) -> dict:
    """Bring an older schema up to the current one, step by step."""
    version = data.get("schema_version")
    if version == 1:
        # Schema 1 stored bare values under "answers" and no timestamps.
        saved = data.get("saved_at") or _now()
        data = {
            "format": FORMAT,
            "schema_version": 2,
            "participant_id": data.get("participant_id"),
            "kit_version": data.get("kit_version", "unknown"),
            "created_at": data.get("created_at", saved),
            "answers": {
                qid: {"value": val, "saved_at": saved, "revision": 1}
                for qid, val in (data.get("answers") or {}).items()
            },
        }
        version = 2
    return data


def parse_workbook(raw: bytes, path: Path | str = "<memory>") -> dict:
    """Parse and validate workbook bytes, upgrading old schemas; raise WorkbookError if unusable."""
    path = Path(path)
    restore = (
        f"Nothing was changed. If you have a backup ({path.name}.bak beside it), copy it over "
        "this file, or ask your coach."
    )
    if not raw.strip():
        raise WorkbookError(
            path, "the file is empty (perhaps it was cut off while copying).", restore
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise WorkbookError(path, "the file is not text (it is not UTF-8).", restore) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise WorkbookError(
            path,
            f"the file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "it may be truncated or edited by hand.",
            restore,
        ) from None
    if isinstance(data, dict) and "cells" in data and "nbformat" in data:
        raise WorkbookError(
            path,
            "this is a Jupyter notebook, not a workbook.",
            f"Hand in the file ending in {WORKBOOK_SUFFIX} that sits beside your exercises.",
        )
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise WorkbookError(path, "this JSON file is not a cxkit workbook.", restore)
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise WorkbookError(path, f"the schema version {version!r} is not a number.", restore)
    if version > SCHEMA_VERSION:
        raise WorkbookError(
            path,
            f"it was written by a newer cxkit (schema {version}; this cxkit {__version__} "
            f"reads up to {SCHEMA_VERSION}).",
            "Upgrade cxkit (pip install -U cxkit); the file is unchanged.",
        )
    if version < 1:
        raise WorkbookError(path, f"unknown schema version {version}.", restore)
    data = _upgrade(data, path)
    answers = data.get("answers")
    if not isinstance(answers, dict):
        raise WorkbookError(path, "the 'answers' section is missing or not a mapping.", restore)
    for qid, entry in answers.items():
        if not isinstance(entry, dict) or "value" not in entry:
            raise WorkbookError(path, f"the answer to {qid!r} is malformed.", restore)
    pid = data.get("participant_id")
    try:
        validate_participant_id(pid)
    except ParticipantIdError as exc:
        raise WorkbookError(path, f"the participant id is not usable: {exc}", restore) from None
    return data


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not possible on every OS (e.g. Windows)
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Write bytes to path atomically: temp file in the same folder, fsync, os.replace."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


class Workbook:
    """A participant's workbook file: record answers, read them back, list them."""

    def __init__(self, path: Path | str, data: dict) -> None:
        self.path = Path(path)
        self._data = data

    # -- opening -----------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str) -> Workbook:
        """Open an existing workbook, raising WorkbookError if it is missing or unusable."""
        path = Path(path)
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise WorkbookError(path, "the file does not exist.", "Check the path.") from None
        except OSError as exc:
            raise WorkbookError(path, f"the file cannot be read ({exc.strerror}).") from None
        if size > MAX_FILE_BYTES:
            raise WorkbookError(
                path,
                f"the file is {size:,} bytes, larger than any workbook should be "
                f"({MAX_FILE_BYTES:,}).",
                "It is probably not a workbook; nothing was changed.",
            )
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise WorkbookError(path, f"the file cannot be read ({exc.strerror}).") from None
        return cls(path, parse_workbook(raw, path))

    @classmethod
    def create(cls, path: Path | str, participant_id: str) -> Workbook:
        """Create a new empty workbook; refuse if a file is already there."""
        path = Path(path)
        pid = validate_participant_id(participant_id)
        data = {
            "format": FORMAT,
            "schema_version": SCHEMA_VERSION,
            "participant_id": pid,
            "kit_version": __version__,
            "created_at": _now(),
            "answers": {},
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(path):
            if path.exists():
                raise WorkbookError(path, "a file is already there.", "Open it instead.")
            atomic_write_bytes(path, _dump(data))
        return cls(path, data)

    @classmethod
    def open_or_create(cls, path: Path | str, participant_id: str) -> Workbook:
        """Open the workbook at path, creating it for participant_id if there is none yet."""
        path = Path(path)
        pid = validate_participant_id(participant_id)
        if not path.exists():
            with contextlib.suppress(WorkbookError):
                return cls.create(path, pid)
        wb = cls.open(path)
        if wb.participant_id != pid:
            raise WorkbookError(
                path,
                f"it belongs to {wb.participant_id!r}, not {pid!r}.",
                "Choose your own name, or ask your coach.",
            )
        return wb

    # -- reading -----------------------------------------------------------
    @property
    def participant_id(self) -> str:
        """The participant this workbook belongs to."""
        return self._data["participant_id"]

    @property
    def kit_version(self) -> str:
        """The cxkit version that last saved the workbook."""
        return self._data.get("kit_version", "unknown")

    @property
    def data(self) -> dict:
        """A copy of the whole workbook document."""
        return json.loads(json.dumps(self._data))

    def reload(self) -> Workbook:
        """Re-read the file, picking up saves from other kernels."""
        self._data = Workbook.open(self.path)._data
        return self

    def get(self, question_id: str, default: Any = None) -> Any:
        """The saved answer to a question, or default."""
        entry = self._data["answers"].get(question_id)
        return default if entry is None else entry["value"]

    def __contains__(self, question_id: str) -> bool:
        return question_id in self._data["answers"]

    def answers(self) -> list[Answer]:
        """Every saved answer, sorted by question id."""
        return [
            Answer(qid, e["value"], e.get("saved_at", ""), int(e.get("revision", 1)))
            for qid, e in sorted(self._data["answers"].items())
        ]

    # -- writing -----------------------------------------------------------
    def record(self, question_id: str, value: Any) -> Answer:
        """Save an answer under question_id, atomically, keeping the previous file as a backup."""
        qid = validate_question_id(question_id)
        _check_value(value, qid)
        with _locked(self.path):
            # Re-read under the lock so a save from another kernel is kept.
            current = Workbook.open(self.path)._data if self.path.exists() else self._data
            if current["participant_id"] != self.participant_id:
                raise WorkbookError(self.path, "the file now belongs to another participant.")
            old = current["answers"].get(qid)
            entry = {
                "value": value,
                "saved_at": _now(),
                "revision": (int(old.get("revision", 0)) + 1) if old else 1,
            }
            current["answers"][qid] = entry
            current["kit_version"] = __version__
            current["schema_version"] = SCHEMA_VERSION
            payload = _dump(current)
            if self.path.exists():
                atomic_write_bytes(_backup_path(self.path), self.path.read_bytes())
            atomic_write_bytes(self.path, payload)
            self._data = current
        return Answer(qid, value, entry["saved_at"], entry["revision"])

    def table(self) -> list[tuple[str, str, str]]:
        """Rows of (question id, saved at, short answer) for a readable listing."""
        rows = []
        for a in self.answers():
            text = json.dumps(a.value, ensure_ascii=False)
            if len(text) > 60:
                text = text[:57] + "..."
            rows.append((a.question_id, a.saved_at, text))
        return rows


def _dump(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")


def _backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    from filelock import FileLock, Timeout

    # Hidden, so a participant never hands in the empty lock file by mistake.
    lock = FileLock(str(path.with_name(f".{path.name}.lock")), timeout=LOCK_TIMEOUT_S)
    try:
        with lock:
            yield
    except Timeout:
        raise WorkbookError(
            path,
            f"another program held the workbook lock for {LOCK_TIMEOUT_S:.0f} s.",
            "Close other notebooks that use it and try again; nothing was changed.",
        ) from None
