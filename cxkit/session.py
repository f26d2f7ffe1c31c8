"""Where a participant's workbook lives and who the participant is.

A participant identifies once; the id is remembered in a small file in the
workbook folder, so later notebooks find the same workbook. The folder is the
notebook's own folder (the exercises) unless ``CXKIT_WORKBOOK_DIR`` says
otherwise; ``CXKIT_PARTICIPANT`` sets the id for batch runs.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from cxkit.workbook import (
    WORKBOOK_SUFFIX,
    Answer,
    ParticipantIdError,
    Workbook,
    WorkbookError,
    atomic_write_bytes,
    safe_file_stem,
    validate_participant_id,
)

ENV_DIR = "CXKIT_WORKBOOK_DIR"
ENV_PARTICIPANT = "CXKIT_PARTICIPANT"
IDENTITY_FILE = ".cxkit-participant.json"


def workbook_dir() -> Path:
    """The folder that holds workbooks: $CXKIT_WORKBOOK_DIR, else the current folder."""
    env = os.environ.get(ENV_DIR)
    return Path(env).expanduser() if env else Path.cwd()


def workbook_path(participant_id: str, directory: Path | None = None) -> Path:
    """The workbook file for a participant, built only from the validated id."""
    return (directory or workbook_dir()) / f"{safe_file_stem(participant_id)}{WORKBOOK_SUFFIX}"


def remembered_participant(directory: Path | None = None) -> str | None:
    """The participant id remembered in this folder (or set in the environment), if any."""
    env = os.environ.get(ENV_PARTICIPANT)
    if env:
        return validate_participant_id(env)
    f = (directory or workbook_dir()) / IDENTITY_FILE
    try:
        pid = json.loads(f.read_text(encoding="utf-8")).get("participant_id")
        return validate_participant_id(pid)
    except (OSError, ValueError, AttributeError, ParticipantIdError):
        return None


class Session:
    """The participant's working session: their id and workbook, once they have identified."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory) if directory else workbook_dir()
        self.workbook: Workbook | None = None
        pid = remembered_participant(self.directory)
        if pid:
            self.identify(pid, remember=False)

    @property
    def participant_id(self) -> str | None:
        """The identified participant, or None."""
        return self.workbook.participant_id if self.workbook else None

    def identify(self, participant_id: str, remember: bool = True) -> Workbook:
        """Validate the id, open or create the workbook, and remember the id in this folder."""
        pid = validate_participant_id(participant_id)
        self.directory.mkdir(parents=True, exist_ok=True)
        wb = Workbook.open_or_create(workbook_path(pid, self.directory), pid)
        if remember:
            payload = json.dumps({"participant_id": pid}, ensure_ascii=False).encode("utf-8")
            atomic_write_bytes(self.directory / IDENTITY_FILE, payload)
        self.workbook = wb
        return wb

    def save(self, question_id: str, value: Any) -> Answer:
        """Save an answer to the workbook, or raise WorkbookError if nobody has identified yet."""
        if self.workbook is None:
            raise WorkbookError(
                None,
                "Nobody has identified yet, so the answer was not saved.",
                "Type your name in the box at the top of the notebook first.",
            )
        return self.workbook.record(question_id, value)

    def load(self, question_id: str, default: Any = None) -> Any:
        """The saved answer to a question, or default if none (or nobody identified)."""
        answer = self.saved(question_id)
        return default if answer is None else answer.value

    def saved(self, question_id: str) -> Answer | None:
        """The saved answer with its save time, or None if none (or nobody identified)."""
        if self.workbook is None:
            return None
        try:
            wb = self.workbook.reload()
        except WorkbookError:
            wb = self.workbook
        entry = wb.data["answers"].get(question_id)
        if entry is None:
            return None
        return Answer(
            question_id, entry["value"], entry.get("saved_at", ""), entry.get("revision", 1)
        )


_current: Session | None = None


def current_session() -> Session:
    """The process-wide session, created on first use."""
    global _current
    if _current is None:
        _current = Session()
    return _current


def reset_session(directory: Path | None = None) -> Session:
    """Start a fresh session (used when a notebook starts, and by tests)."""
    global _current
    _current = Session(directory)
    return _current
