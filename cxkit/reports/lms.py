"""Grade exports an LMS takes as it is: Canvas gradebook CSV, Moodle grade import CSV and
LTI 1.3 Assignment and Grade Services score JSON, with participants mapped to LMS identities
through the roster. Every participant string in a CSV is guarded against formula injection."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from cxkit.coach.roster import roster_text
from cxkit.reports.html import exercise_title
from cxkit.spreadsheet import csv_bytes
from cxkit.workbook import safe_file_stem

FORMATS = ("lms", "canvas", "moodle", "lti")
# Roster columns the exports use; a roster may hold any of them (and others, ignored).
ROSTER_COLUMNS = ("name", "email", "sis_user_id", "sis_login_id", "section", "lms_user_id", "id")


@dataclass(frozen=True)
class Identity:
    """A participant as the LMS knows them."""

    participant_id: str
    name: str = ""
    email: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    section: str = ""
    lms_user_id: str = ""  # the LTI userId (the LMS's opaque id)
    id: str = ""  # the LMS's numeric user id (Canvas 'ID')


@dataclass
class IdentityMap:
    """Participants mapped to roster rows, and who has no mapping."""

    found: dict[str, Identity] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    def of(self, participant_id: str) -> Identity:
        """The identity of a participant (only their id when the roster has no row for them)."""
        return self.found.get(participant_id, Identity(participant_id, name=participant_id))


def read_lms_roster(path: Path | str) -> list[dict[str, str]]:
    """Rows of a roster CSV (headers matched without case or spaces: 'SIS User ID' = sis_user_id)."""
    text = roster_text(path)
    rows = []
    for raw in csv.DictReader(io.StringIO(text)):
        row = {_key(k): (v or "").strip() for k, v in raw.items() if k}
        if any(row.values()):
            rows.append(row)
    return rows


def _key(header: str) -> str:
    k = header.strip().lower().replace(" ", "_").replace("-", "_")
    return {"e_mail": "email", "email_address": "email", "user_id": "lms_user_id"}.get(k, k)


def map_identities(participants: list[str], roster: list[dict[str, str]]) -> IdentityMap:
    """Match each participant to a roster row by name (as typed, or as its file-safe form)."""
    by_name: dict[str, dict[str, str]] = {}
    for row in roster:
        for k in (row.get("name", ""), row.get("email", "")):
            if k:
                by_name.setdefault(k.casefold(), row)
                by_name.setdefault(_stem(k), row)
    out = IdentityMap()
    for pid in participants:
        row = by_name.get(pid.casefold()) or by_name.get(_stem(pid))
        if row is None:
            out.missing.append(pid)
            continue
        out.found[pid] = Identity(pid, **{c: row.get(c, "") for c in ROSTER_COLUMNS})
    return out


def _stem(name: str) -> str:
    try:
        return safe_file_stem(name)
    except ValueError:  # not usable as an id (slashes, control characters): match as typed only
        return "\0" + name


def _exercises(results: list[dict]) -> list[str]:
    return sorted({i["exercise"] for p in results for i in p["items"]})


def _points(p: dict, exercise: str) -> tuple[float, float, int]:
    items = [i for i in p["items"] if i["exercise"] == exercise]
    got = sum(i["final"] or 0.0 for i in items)
    of = sum(i["max_points"] for i in items)
    return round(got, 2), round(of, 2), sum(1 for i in items if i["final"] is None)


def _csv(rows: list[list[Any]]) -> bytes:
    return csv_bytes(None, rows)


def canvas_csv(results: list[dict], ids: IdentityMap) -> bytes:
    """Canvas's gradebook import: identity columns, one column per exercise, a points-possible row."""
    exercises = _exercises(results)
    head = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    head += [exercise_title(e) for e in exercises]
    most = {e: max((_points(p, e)[1] for p in results), default=0) for e in exercises}
    rows: list[list[Any]] = [head, ["    Points Possible", "", "", "", "", *most.values()]]
    for p in results:
        who = ids.of(p["participant_id"])
        rows.append(
            [who.name or who.participant_id, who.id, who.sis_user_id, who.sis_login_id, who.section]
            + [_points(p, e)[0] for e in exercises]
        )
    return _csv(rows)


def moodle_csv(results: list[dict], ids: IdentityMap, feedback: bool = True) -> bytes:
    """Moodle's grade import: keyed by email and ID number, a column per item, feedback per item."""
    exercises = _exercises(results)
    head = ["Email address", "ID number", "Full name"]
    for e in exercises:
        head.append(exercise_title(e))
        if feedback:
            head.append(f"Feedback: {exercise_title(e)}")
    rows: list[list[Any]] = [head]
    for p in results:
        who = ids.of(p["participant_id"])
        row: list[Any] = [who.email, who.sis_user_id or who.id, who.name or who.participant_id]
        for e in exercises:
            got, of, pending = _points(p, e)
            row.append(got)
            if feedback:
                note = f"{got:g} of {of:g} points."
                if pending:
                    note += (
                        f" {pending} rubric item{'s' if pending != 1 else ''} still to be scored."
                    )
                row.append(note)
        rows.append(row)
    return _csv(rows)


def lti_scores(results: list[dict], ids: IdentityMap, when: datetime | None = None) -> dict:
    """LTI 1.3 AGS: one line item per exercise, one score per participant (userId from the roster)."""
    stamp = (when or datetime.now(timezone.utc)).isoformat(timespec="milliseconds")
    items = []
    for e in _exercises(results):
        scores = []
        for p in results:
            who = ids.of(p["participant_id"])
            got, of, pending = _points(p, e)
            answered = any(i["answered"] for i in p["items"] if i["exercise"] == e)
            scores.append(
                {
                    "userId": who.lms_user_id or who.participant_id,
                    "scoreGiven": got,
                    "scoreMaximum": of,
                    "comment": f"{got:g} of {of:g} points"
                    + (f"; {pending} rubric item(s) awaiting the coach" if pending else ""),
                    "timestamp": stamp,
                    "activityProgress": "Completed" if answered else "Initialized",
                    "gradingProgress": "PendingManual" if pending else "FullyGraded",
                }
            )
        of = max((s["scoreMaximum"] for s in scores), default=0)
        items.append(
            {
                "lineItem": {"label": exercise_title(e), "scoreMaximum": of, "resourceId": e},
                "scores": scores,
            }
        )
    return {"lineItems": items}


def write_lms_export(
    results: list[dict], fmt: str, out_dir: Path | str, roster: list[dict[str, str]] | None = None
) -> tuple[Path, IdentityMap]:
    """Write one export format into out_dir; return its path and the identity mapping used."""
    from cxkit.workbook import atomic_write_bytes

    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}: use one of {', '.join(FORMATS)}.")
    ids = map_identities([p["participant_id"] for p in results], roster or [])
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "canvas":
        path, data = out / "canvas-grades.csv", canvas_csv(results, ids)
    elif fmt == "moodle":
        path, data = out / "moodle-grades.csv", moodle_csv(results, ids)
    elif fmt == "lti":
        body = json.dumps(lti_scores(results, ids), ensure_ascii=False, indent=1)
        path, data = out / "lti-scores.json", body.encode("utf-8")
    else:
        from cxkit.reports.export import lms_rows

        head, rows = lms_rows(results)
        path, data = out / "lms-grades.csv", _csv([head, *rows])
    atomic_write_bytes(path, data)
    return path, ids
