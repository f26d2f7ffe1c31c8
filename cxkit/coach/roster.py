"""Roster files, read one way: any bytes give a clear message that names the file.

Three views of a roster share the reading: participant ids one a line (collect), ``name,email``
lines (the hub's accounts), and an LMS export with headers (grade exports).
"""

from __future__ import annotations

from pathlib import Path

from cxkit.errors import CxkitError, Reason
from cxkit.workbook import MAX_FILE_BYTES


class RosterError(CxkitError):
    """A roster file cannot be read; the message says which file and what to do."""

    reason = Reason.BAD_ROSTER


def roster_text(path: Path | str) -> str:
    """The roster's text: UTF-8 (a BOM is fine) or UTF-16 with a BOM; anything else is a RosterError."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RosterError(f"Roster {path}: cannot be read ({exc.strerror}).") from None
    if len(raw) > MAX_FILE_BYTES:
        raise RosterError(f"Roster {path}: {len(raw):,} bytes is far too large for a roster.")
    enc = "utf-8"
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if raw.startswith(bom):
            raw, enc = raw[len(bom) :], codec
            break
    try:
        return raw.decode(enc)
    except UnicodeDecodeError:
        raise RosterError(
            f"Roster {path}: it is not text in UTF-8. Save it as plain text (UTF-8 or CSV UTF-8) "
            "and try again."
        ) from None


def participant_ids(path: Path | str) -> tuple[list[str], list[str]]:
    """Participant ids from a roster file (one a line), and a problem line for each id skipped.

    Lines that are not usable ids (control characters, slashes, too long) are skipped and named,
    never fatal.
    """
    from cxkit.workbook import ParticipantIdError, validate_participant_id

    ids, problems = [], []
    for n, line in enumerate(roster_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            ids.append(validate_participant_id(line))
        except ParticipantIdError as exc:
            shown = "".join(c if c.isprintable() else "?" for c in line.strip()[:40])
            problems.append(f"line {n}: skipped {shown!r}: {exc}")
    return ids, problems
