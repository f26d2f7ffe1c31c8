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
import secrets
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from cxkit import __version__
from cxkit.errors import CxkitError, Reason

FORMAT = "cxkit-workbook"
SCHEMA_VERSION = 2
WORKBOOK_SUFFIX = ".workbook.json"
MAX_ANSWER_CHARS = 1_000_000
MAX_FILE_BYTES = 50_000_000
LOCK_TIMEOUT_S = 30.0
MAX_ANSWER_DEPTH = 32  # lists and mappings inside one answer
MAX_DEPTH = MAX_ANSWER_DEPTH + 4  # the whole document: workbook > answers > entry > value
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)

_QID_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]*(/[a-z0-9][a-z0-9_\-]*)*$")


class WorkbookError(CxkitError):
    """A workbook could not be read or written; the message says which file and what to do."""

    def __init__(
        self,
        path: Path | str | None,
        problem: str,
        advice: str = "",
        reason: Reason = Reason.WRONG_SCHEMA,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.problem = problem
        self.advice = advice
        where = f"Workbook {self.path}: " if self.path is not None else ""
        super().__init__(f"{where}{problem}" + (f" {advice}" if advice else ""), reason)


class ParticipantIdError(CxkitError, ValueError):
    """A participant id was empty or held characters that cannot be used.

    ``rule`` is the rule broken, as a phrase ("a participant id cannot start with a dot");
    ``found`` the characters that broke it, quoted ("'/'"), or "" when none are to blame.
    """

    reason = Reason.BAD_PARTICIPANT_ID

    def __init__(self, message: str, rule: str = "", found: str = "") -> None:
        super().__init__(message)
        self.rule, self.found = rule or message[:1].lower() + message[1:].rstrip("."), found


class QuestionIdError(CxkitError, ValueError):
    """A question id is not of the form 'concept/name'."""

    reason = Reason.BAD_QUESTION_ID


class AnswerError(CxkitError, ValueError):
    """An answer cannot be saved (wrong type, too long, not finite, nested too deeply)."""

    reason = Reason.BAD_ANSWER


def validate_participant_id(pid: object) -> str:
    """Return the id stripped of outer spaces, or raise ParticipantIdError saying what is wrong."""
    if not isinstance(pid, str):
        raise ParticipantIdError("A participant id must be text.")
    pid = unicodedata.normalize("NFC", pid.strip())
    if not pid:
        raise ParticipantIdError(
            "Please type your name or participant id; it cannot be empty.", "it is empty"
        )
    if len(pid) > 64:
        raise ParticipantIdError("A participant id can be at most 64 characters long.")
    bad = [c for c in pid if c in "/\\" or unicodedata.category(c)[0] == "C"]
    if bad:
        found = ", ".join(repr(c) for c in sorted(set(bad)))
        rule = "a participant id cannot contain slashes, backslashes or control characters"
        raise ParticipantIdError(f"{rule[:1].upper()}{rule[1:]} (found {found}).", rule, found)
    if pid in {".", ".."} or pid.startswith("."):
        raise ParticipantIdError("A participant id cannot start with a dot.")
    bad = sorted({c for c in pid if c in ':*?"<>|'})
    if bad:
        rule = 'a participant id cannot contain any of : * ? " < > |'
        raise ParticipantIdError(f"{rule[:1].upper()}{rule[1:]}", rule, ", ".join(map(repr, bad)))
    return pid


def safe_file_stem(pid: str) -> str:
    """Turn a validated participant id into a file name stem that is safe on every OS."""
    pid = validate_participant_id(pid)
    stem = re.sub(r"[^\w\-]+", "-", pid, flags=re.UNICODE).strip("-_").lower()
    return stem or "participant"


def validate_question_id(qid: object) -> str:
    """Return the question id, or raise ValueError if it is not of the form 'concept/name'."""
    if not isinstance(qid, str) or not _QID_RE.match(qid):
        raise QuestionIdError(
            f"{qid!r} is not a valid question id: use lower-case words joined by '/', "
            "e.g. 'outcomes/classify-aht'."
        )
    return qid


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _check_value(value: Any, qid: str, depth: int = 0) -> None:
    # Keep answers plain JSON so any tool can read a handed-in workbook.
    if depth > MAX_ANSWER_DEPTH:
        raise AnswerError(
            f"The answer to {qid} is nested too deeply to save.", Reason.NESTED_TOO_DEEPLY
        )
    if value is None or isinstance(value, bool | int):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise AnswerError(
                f"The answer to {qid} is not a finite number ({value}).", Reason.NOT_FINITE
            )
        return
    if isinstance(value, str):
        if len(value) > MAX_ANSWER_CHARS:
            raise AnswerError(
                f"The answer to {qid} is {len(value):,} characters long; the limit is "
                f"{MAX_ANSWER_CHARS:,}. Please shorten it; nothing was saved.",
                Reason.ANSWER_TOO_LONG,
            )
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise AnswerError(
                f"The answer to {qid} holds text that is not valid Unicode.", Reason.BAD_TEXT
            ) from exc
        return
    if isinstance(value, list | tuple):
        for item in value:
            _check_value(item, qid, depth + 1)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise AnswerError(f"The answer to {qid} has a non-text key {key!r}.")
            _check_value(key, qid, depth + 1)
            _check_value(item, qid, depth + 1)
        return
    raise AnswerError(
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


def _upgrade(data: dict, path: Path, restore: str) -> dict:
    """Bring an older schema up to the current one, step by step."""
    version = data.get("schema_version")
    if version == 1:
        # Schema 1 stored bare values under "answers" and no timestamps.
        old = data.get("answers")
        if old is None:
            old = {}
        if not isinstance(old, dict):
            raise WorkbookError(path, "the 'answers' section is not a mapping.", restore)
        saved = data.get("saved_at") if isinstance(data.get("saved_at"), str) else _now()
        data = {
            "format": FORMAT,
            "schema_version": 2,
            "participant_id": data.get("participant_id"),
            "kit_version": data.get("kit_version", "unknown"),
            "created_at": data.get("created_at", saved),
            "answers": {
                qid: {"value": val, "saved_at": saved, "revision": 1} for qid, val in old.items()
            },
        }
        version = 2
    return data


def _bad_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _scan(doc: Any, check_text: bool = True) -> tuple[Reason, str] | None:
    """The first thing in a parsed document no tool could use: too deep, not finite, bad text.

    Iterative, so no input can exhaust the stack. ``check_text=False`` skips the Unicode
    check, for text decoded strictly from UTF-8 with no \\u escape (no lone surrogate fits).
    """
    stack: list[tuple[Any, int]] = [(doc, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return Reason.NESTED_TOO_DEEPLY, (
                f"nested too deeply: it holds lists or mappings more than {MAX_DEPTH} levels deep "
                "(no workbook does; it may be a hostile or broken file)."
            )
        if type(node) is dict:
            for k in node:
                if check_text and not k.isascii() and _bad_text(k):
                    return Reason.BAD_TEXT, "it holds text that is not valid Unicode."
            values = node.values()
        else:
            values = node
        for v in values:
            t = type(v)
            if t is str:
                if check_text and not v.isascii() and _bad_text(v):
                    return Reason.BAD_TEXT, "it holds text that is not valid Unicode."
            elif t is dict or t is list:
                stack.append((v, depth + 1))
            elif t is float and not math.isfinite(v):
                return Reason.NOT_FINITE, f"it holds a number that is not finite ({v})."
    return None


def _pairs_hook(dups: list[str]):
    """A json object_pairs_hook that keeps the last value of a repeated key and remembers it."""

    def hook(pairs: list[tuple[str, Any]]) -> dict:
        d = dict(pairs)
        if len(d) != len(pairs):
            seen: set[str] = set()
            dups.extend(k for k, _ in pairs if k in seen or seen.add(k))
        return d

    return hook


def _decode(raw: bytes, path: Path, restore: str, notes: list | None, error=None) -> str:
    not_text = (error or WorkbookError)(
        path, "the file is not text (it is not UTF-8).", restore, Reason.NOT_UTF8
    )
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                raise not_text from None
            if codec != "utf-8" and not text.lstrip().startswith("{"):
                raise not_text  # binary that happens to start like UTF-16
            if notes is not None:
                notes.append(
                    (
                        Reason.BOM,
                        f"it starts with a {name} byte-order mark (as Notepad writes); read anyway",
                    )
                )
            return text
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise not_text from None


class JsonFileError(CxkitError):
    """A coach's JSON file (e.g. a solution notebook) cannot be read; the message says why."""

    def __init__(self, path: Path | str | None, problem: str, advice: str = "", reason=None):
        self.path, self.problem, self.advice = Path(path or "<memory>"), problem, advice
        super().__init__(f"{self.path}: {problem}" + (f" {advice}" if advice else ""), reason)


def parse_json_bytes(raw: bytes, path: Path | str = "<memory>", notes: list | None = None) -> Any:
    """Any bytes to JSON data, or a JsonFileError with a reason (BOMs accepted, depth bounded)."""
    return _load_json(raw, Path(path), "", notes, JsonFileError)


def _load_json(raw: bytes, path: Path, restore: str, notes: list | None, error) -> Any:
    if len(raw) > MAX_FILE_BYTES:
        raise error(
            path,
            f"the file is {len(raw):,} bytes, larger than any workbook should be "
            f"({MAX_FILE_BYTES:,}).",
            "It is probably not a workbook; nothing was changed.",
            Reason.TOO_LARGE,
        )
    if not raw.strip():
        raise error(
            path, "the file is empty (perhaps it was cut off while copying).", restore, Reason.EMPTY
        )
    text = _decode(raw, path, restore, notes, error)
    if not text.strip():
        raise error(
            path, "the file is empty (perhaps it was cut off while copying).", restore, Reason.EMPTY
        )
    try:
        dups: list[str] = []
        data = json.loads(text, object_pairs_hook=_pairs_hook(dups))
    except json.JSONDecodeError as exc:
        raise error(
            path,
            f"the file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "it may be truncated or edited by hand.",
            restore,
            Reason.CORRUPT_JSON,
        ) from None
    except RecursionError:
        raise error(
            path,
            f"nested too deeply: it holds lists or mappings more than {MAX_DEPTH} levels deep "
            "(no workbook does; it may be a hostile or broken file).",
            restore,
            Reason.NESTED_TOO_DEEPLY,
        ) from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise error(
            path, f"it holds a number too large to read ({exc}).", restore, Reason.NOT_FINITE
        ) from None
    problem = _scan(data, "\\u" in text) if isinstance(data, dict | list) else None
    if problem is not None:
        raise error(path, problem[1], restore, problem[0])
    if dups and notes is not None:
        shown = ", ".join(repr(d[:40]) for d in dups[:3]) + (" …" if len(dups) > 3 else "")
        notes.append(
            (Reason.DUPLICATE_KEYS, f"a key appears twice ({shown}); the last value was used")
        )
    return data


def parse_workbook(raw: bytes, path: Path | str = "<memory>", notes: list | None = None) -> dict:
    """Parse and validate workbook bytes, upgrading old schemas; raise WorkbookError if unusable.

    Any bytes give either a workbook or a WorkbookError with a reason code. Things that
    are odd but harmless (a byte-order mark, a key given twice, an unreadable save time)
    are repaired and, if ``notes`` is a list, appended to it as ``(Reason, text)``.
    """
    path = Path(path)
    restore = (
        f"Nothing was changed. If you have a backup ({path.name}.bak beside it), copy it over "
        "this file, or ask your coach."
    )
    data = _load_json(raw, path, restore, notes, WorkbookError)
    if isinstance(data, dict) and "cells" in data and "nbformat" in data:
        raise WorkbookError(
            path,
            "this is a Jupyter notebook, not a workbook.",
            f"Hand in the file ending in {WORKBOOK_SUFFIX} that sits beside your exercises.",
            Reason.NOTEBOOK,
        )
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise WorkbookError(
            path, "this JSON file is not a cxkit workbook.", restore, Reason.NOT_A_WORKBOOK
        )
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise WorkbookError(path, f"the schema version {_short(version)} is not a number.", restore)
    if version > SCHEMA_VERSION:
        raise WorkbookError(
            path,
            f"it was written by a newer cxkit (schema {_short(version)}; this cxkit "
            f"{__version__} reads up to {SCHEMA_VERSION}).",
            "Upgrade cxkit (pip install -U cxkit); the file is unchanged.",
            Reason.NEWER_SCHEMA,
        )
    if version < 1:
        raise WorkbookError(path, f"unknown schema version {_short(version)}.", restore)
    data = _upgrade(data, path, restore)
    answers = data.get("answers")
    if not isinstance(answers, dict):
        raise WorkbookError(path, "the 'answers' section is missing or not a mapping.", restore)
    repaired = 0
    for qid, entry in answers.items():
        if not isinstance(entry, dict) or "value" not in entry:
            raise WorkbookError(path, f"the answer to {_short(qid)} is malformed.", restore)
        saved, rev = entry.get("saved_at", ""), entry.get("revision", 1)
        if not isinstance(saved, str):
            entry["saved_at"], repaired = "", repaired + 1
        if not isinstance(rev, int) or isinstance(rev, bool) or not 0 <= rev < 2**53:
            entry["revision"], repaired = 1, repaired + 1
    for field_ in ("kit_version", "created_at"):
        if field_ in data and not isinstance(data[field_], str):
            data[field_], repaired = "unknown" if field_ == "kit_version" else "", repaired + 1
    if repaired and notes is not None:
        notes.append(
            (
                Reason.WRONG_SCHEMA,
                f"{repaired} save time(s) or revision number(s) were unreadable and were reset",
            )
        )
    pid = data.get("participant_id")
    try:
        validate_participant_id(pid)
    except ParticipantIdError as exc:
        if exc.found:
            problem = f"the participant id in it contains {exc.found}, and {exc.rule}."
        elif exc.rule == "it is empty":
            problem = "the participant id in it is empty."
        else:
            problem = f"the participant id in it is not usable: {exc.rule}."
        raise WorkbookError(path, problem, restore, Reason.BAD_PARTICIPANT_ID) from None
    return data


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not possible on every OS (e.g. Windows)
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
_LINK = "a symbolic link; links are never followed."


def too_large(size: int, limit: int) -> tuple[Reason, str]:
    """The reason and words for a handed-in file over the size limit."""
    return Reason.TOO_LARGE, f"{size:,} bytes; the limit per file is {limit:,}."


def read_hand_in(path: str, limit: int) -> tuple[bytes | None, tuple[Reason, str] | None]:
    """A handed-in file's bytes (at most ``limit``), or (None, (reason, why)), in as few
    system calls as the OS allows: the open itself refuses a symbolic link (O_NOFOLLOW)."""
    if not _NOFOLLOW and os.path.islink(path):
        return None, (Reason.SYMLINK, _LINK)
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except OSError as exc:
        if os.path.islink(path):
            return None, (Reason.SYMLINK, _LINK)
        return None, (Reason.UNREADABLE, f"it cannot be read ({exc.strerror}).")
    try:
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                return None, too_large(os.fstat(fd).st_size, limit)
    except OSError as exc:
        return None, (Reason.UNREADABLE, f"it cannot be read ({exc.strerror}).")
    finally:
        os.close(fd)
    return b"".join(chunks), None


def new_temp_file(path: Path) -> tuple[int, str]:
    """A new temporary file (.NAME.*.tmp) beside path, created with mode 0666 so the umask applies
    (mkstemp's 0600 would hide the file from a co-coach, and a chmod costs a /proc read)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = str(path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def atomic_write_bytes(path: Path, payload: bytes, durable: bool = True) -> None:
    """Write bytes to path atomically: temp file in the same folder, fsync, os.replace.

    The file gets the permissions any new file gets under the user's umask (so a
    co-coach sharing the folder can read it), not the temporary file's 0600.
    ``durable=False`` skips the fsyncs, for a caller that writes many files and
    syncs once at the end (:func:`sync_folder`); the replace is still atomic.
    """
    path = Path(path)
    fd, tmp = new_temp_file(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        _fsync_dir(path.parent)


def sync_folder(folder: Path) -> None:
    """Flush everything written without fsync (atomic_write_bytes(durable=False)) to disk."""
    if hasattr(os, "sync"):
        os.sync()
    _fsync_dir(Path(folder))


class Workbook:
    """A participant's workbook file: record answers, read them back, list them."""

    def __init__(self, path: Path | str, data: dict, notes: list | None = None) -> None:
        self.path = Path(path)
        self._data = data
        #: (Reason, text) for things repaired on reading: a byte-order mark, a repeated key.
        self.notes: list[tuple[Reason, str]] = list(notes or [])

    # -- opening -----------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str) -> Workbook:
        """Open an existing workbook, raising WorkbookError if it is missing or unusable."""
        return cls.read(path)[0]

    @classmethod
    def read(cls, path: Path | str) -> tuple[Workbook, bytes]:
        """Open a workbook and return it with the bytes it was parsed from (read once)."""
        path = Path(path)
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise WorkbookError(
                path, "the file does not exist.", "Check the path.", Reason.MISSING
            ) from None
        except OSError as exc:
            raise WorkbookError(
                path, f"the file cannot be read ({exc.strerror}).", "", Reason.UNREADABLE
            ) from None
        if size > MAX_FILE_BYTES:
            raise WorkbookError(
                path,
                f"the file is {size:,} bytes, larger than any workbook should be "
                f"({MAX_FILE_BYTES:,}).",
                "It is probably not a workbook; nothing was changed.",
                Reason.TOO_LARGE,
            )
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise WorkbookError(
                path, f"the file cannot be read ({exc.strerror}).", "", Reason.UNREADABLE
            ) from None
        notes: list = []
        return cls(path, parse_workbook(raw, path, notes), notes), raw

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
                raise WorkbookError(
                    path, "a file is already there.", "Open it instead.", Reason.ALREADY_EXISTS
                )
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
                Reason.FOREIGN_FILE,
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
                raise WorkbookError(
                    self.path,
                    "the file now belongs to another participant.",
                    "",
                    Reason.FOREIGN_FILE,
                )
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
            Reason.LOCKED,
        ) from None
