"""The gradebook: one SQLite file per cohort holding every score, comment and flag.

Automatic and manual results live in separate tables, so re-grading (after a
new submission or a key correction) rewrites the automatic scores (``scored_items``, each
naming a shared ``item_grades`` row; read through the ``auto_scores`` view) and never touches
``manual_scores`` or ``comments``. A manual score remembers the hash of the
answer it was given for; when a re-grade finds a different answer, the item is
flagged for review (``review_flags``), never silently kept or dropped.

Every participant is written in its own transaction batch, so a grader killed
mid-run leaves a consistent gradebook: each participant is either fully graded
by the new run or still holds the previous run's results.
"""

from __future__ import annotations

import contextlib
import csv
import itertools
import json
import operator
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from cxkit import __version__
from cxkit.coach.grading import (
    OVERRIDE,
    AnswerKey,
    WorkbookGrade,
    _jsonable,
    answer_json,
    apply_manual_scores,
    file_hash,
    final_points,
    grade_ref,
    status_for,
    submission_hash,
    text_hash,
)
from cxkit.errors import CxkitError, Reason
from cxkit.spreadsheet import csv_cell, csv_uncell
from cxkit.workbook import (
    WORKBOOK_SUFFIX,
    parse_workbook,
)

GRADEBOOK_NAME = "gradebook.sqlite"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL, finished_at TEXT, status TEXT NOT NULL,
    cohort TEXT, key_fingerprint TEXT, graded INTEGER DEFAULT 0, problems INTEGER DEFAULT 0);
CREATE TABLE IF NOT EXISTS participants (
    participant_id TEXT PRIMARY KEY, file TEXT, submission_hash TEXT, submitted_at TEXT,
    graded_at TEXT, run_id INTEGER, key_fingerprint TEXT, unknown_questions TEXT DEFAULT '[]',
    notes TEXT DEFAULT '', file_hash TEXT, graded_by TEXT);
CREATE TABLE IF NOT EXISTS questions (
    question_id TEXT PRIMARY KEY, concept TEXT, exercise TEXT, grading TEXT, kind TEXT,
    points REAL, prompt TEXT, rubric TEXT, key TEXT, problem TEXT);
CREATE TABLE IF NOT EXISTS item_grades (
    grade_ref TEXT PRIMARY KEY, question_id TEXT NOT NULL, points REAL, max_points REAL,
    status TEXT, feedback TEXT, findings TEXT, answer TEXT, answer_hash TEXT, answered INTEGER,
    detail TEXT);
CREATE TABLE IF NOT EXISTS scored_items (
    participant_id TEXT NOT NULL, question_id TEXT NOT NULL, grade_ref TEXT NOT NULL,
    graded_at TEXT, run_id INTEGER, PRIMARY KEY (participant_id, question_id));
CREATE TABLE IF NOT EXISTS manual_scores (
    participant_id TEXT NOT NULL, question_id TEXT NOT NULL, criterion TEXT NOT NULL,
    level REAL NOT NULL, grader TEXT NOT NULL, scored_at TEXT NOT NULL, answer_hash TEXT,
    PRIMARY KEY (participant_id, question_id, criterion));
CREATE TABLE IF NOT EXISTS comments (
    participant_id TEXT NOT NULL, question_id TEXT NOT NULL, comment TEXT NOT NULL,
    grader TEXT NOT NULL, written_at TEXT NOT NULL,
    PRIMARY KEY (participant_id, question_id));
CREATE TABLE IF NOT EXISTS manual_history (
    participant_id TEXT, question_id TEXT, criterion TEXT, level REAL, comment TEXT,
    grader TEXT, at TEXT);
CREATE TABLE IF NOT EXISTS review_flags (
    participant_id TEXT NOT NULL, question_id TEXT NOT NULL, reason TEXT NOT NULL,
    flagged_at TEXT NOT NULL, resolved_at TEXT);
CREATE TABLE IF NOT EXISTS problems (run_id INTEGER, file TEXT, message TEXT);
CREATE INDEX IF NOT EXISTS flags_open ON review_flags (participant_id, question_id, resolved_at);
"""
# Each participant's item points to one stored grade; identical answers (most of a cohort's)
# share it, so a 10,000-person gradebook holds ~20,000 grades, not 220,000 copies.
_AUTO_SCORES_VIEW = """
CREATE VIEW IF NOT EXISTS auto_scores AS
SELECT s.participant_id, s.question_id, g.points, g.max_points, g.status, g.feedback,
       g.findings, g.answer, g.answer_hash, g.answered, g.detail, s.graded_at, s.run_id
FROM scored_items s JOIN item_grades g ON g.grade_ref = s.grade_ref;
"""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _j(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


class GradebookError(CxkitError):
    """The gradebook cannot be used; the message says which file and what to do."""

    reason = Reason.BAD_GRADEBOOK


@dataclass
class RubricTask:
    """One rubric item of one participant, as the coach's grading widget shows it."""

    participant_id: str
    question_id: str
    prompt: str
    answer: Any
    answered: bool
    findings: list[str]
    criteria: list[tuple[str, dict[int, str]]]
    levels: dict[str, float] = field(default_factory=dict)
    comment: str = ""
    needs_review: bool = False
    review_reason: str = ""

    @property
    def scored(self) -> bool:
        """Whether every criterion has a level."""
        return bool(self.criteria) and all(name in self.levels for name, _ in self.criteria)


class Gradebook:
    """A cohort's SQLite gradebook. Use as a context manager or call close()."""

    def __init__(self, path: Path | str, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._replaced = False  # a re-grade replaced someone's grades: some may be unused now
        if readonly:  # for readers running beside a grader or a coach (e.g. batch assessment)
            if not self.path.is_file():
                raise GradebookError(
                    f"Gradebook {self.path}: not found. Run `cxkit grade` first.",
                    Reason.NO_GRADEBOOK,
                )
            try:
                uri = f"{self.path.resolve().as_uri()}?mode=ro"
                self.db = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None)
                self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            except sqlite3.DatabaseError as exc:
                raise GradebookError(
                    f"Gradebook {self.path}: cannot be read ({exc}); it may not be a cxkit gradebook."
                ) from None
            self.db.row_factory = sqlite3.Row
            return
        # Another coach or the grader may be switching the journal mode as it closes: a busy
        # database is waited for (up to 30 s), never reported as "not a gradebook".
        deadline = time.monotonic() + 30
        while True:
            try:
                self._open_for_writing()
                break
            except sqlite3.DatabaseError as exc:
                with contextlib.suppress(Exception):
                    self.db.close()
                code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF  # primary code
                busy = code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
                if busy and time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                raise GradebookError(
                    f"Gradebook {self.path}: cannot be opened ({exc}). It may not be a cxkit "
                    "gradebook, or another program holds it; nothing was changed."
                ) from None
        self.db.row_factory = sqlite3.Row

    def _open_for_writing(self) -> None:
        self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(_SCHEMA)
        self._share_grades()
        cols = {r[1] for r in self.db.execute("PRAGMA table_info(participants)")}
        for col, decl in (
            ("notes", "TEXT DEFAULT ''"),
            ("file_hash", "TEXT"),
            ("graded_by", "TEXT"),
        ):
            if col not in cols:  # gradebooks made by an older cxkit
                self.db.execute(f"ALTER TABLE participants ADD COLUMN {col} {decl}")
        self.db.execute(
            "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
        )

    def _share_grades(self) -> None:
        """Move a gradebook made by an older cxkit (one auto_scores table, a full copy of each
        grade per participant) to shared grades, in one transaction; a no-op when done."""

        def kind() -> str | None:
            row = self.db.execute("SELECT type FROM sqlite_master WHERE name='auto_scores'")
            return (row.fetchone() or (None,))[0]

        if kind() == "view":
            return
        with self._tx():
            if kind() == "table":  # checked again inside the write: another coach may have moved it
                old = self.db.execute(
                    "SELECT participant_id, question_id, points, max_points, status, feedback, "
                    "findings, answer, answer_hash, answered, detail, graded_at, run_id "
                    "FROM auto_scores"
                ).fetchall()
                grades, scored = [], []
                for r in old:
                    ref = grade_ref(tuple(r[1:11]))
                    grades.append((ref, *r[1:11]))
                    scored.append((r[0], r[1], ref, r[11], r[12]))
                self._insert_grades(grades)
                self.db.executemany("INSERT INTO scored_items VALUES (?,?,?,?,?)", scored)
                self.db.execute("DROP TABLE auto_scores")
            self.db.execute(_AUTO_SCORES_VIEW)

    def _insert_grades(self, grades: list[tuple]) -> None:
        self.db.executemany(
            "INSERT OR IGNORE INTO item_grades VALUES (?,?,?,?,?,?,?,?,?,?,?)", grades
        )

    def _forget_unused_grades(self) -> None:
        """Grades no participant points to any more (after a re-grade replaced them)."""
        with self._tx():
            self.db.execute(
                "DELETE FROM item_grades WHERE grade_ref NOT IN (SELECT grade_ref FROM scored_items)"
            )

    def __enter__(self) -> Gradebook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database; the last writer to close leaves no -wal or -shm file behind."""
        if not self.readonly:
            try:  # only possible when no other connection is open: then the side files go
                self.db.execute("PRAGMA busy_timeout=50")
                self.db.execute("PRAGMA journal_mode=DELETE")
            except sqlite3.DatabaseError:
                pass  # another coach or the grader still has it open; they tidy up
        self.db.close()

    def _tx(self):
        return _Transaction(self.db)

    # -- grading runs ---------------------------------------------------------------------
    def save_key(self, key: AnswerKey) -> None:
        """Store the questions, keys and rubrics this gradebook is graded against."""
        rows = [
            (
                k.question_id,
                k.question.concept,
                k.exercise,
                k.question.grading.value,
                k.question.kind.value,
                k.question.points,
                k.question.prompt,
                _j([[c.name, {str(p): d for p, d in c.levels.items()}] for c in k.question.rubric]),
                _j(_key_json(k.key)),
                k.problem,
            )
            for k in key
        ]
        with self._tx():
            self.db.executemany(
                "INSERT OR REPLACE INTO questions VALUES (?,?,?,?,?,?,?,?,?,?)", rows
            )

    def begin_run(self, cohort: Path | str, key: AnswerKey | str) -> int:
        """Record the start of a grading run (against a key, or its fingerprint) and return its id."""
        fingerprint = key if isinstance(key, str) else key.fingerprint
        with self._tx():
            cur = self.db.execute(
                "INSERT INTO runs (started_at, status, cohort, key_fingerprint) VALUES (?,?,?,?)",
                (_now(), "running", str(cohort), fingerprint),
            )
        return int(cur.lastrowid)

    def last_key_fingerprint(self) -> str | None:
        """The key fingerprint of the last finished grading run, if any."""
        row = self.db.execute(
            "SELECT key_fingerprint FROM runs WHERE status='finished' ORDER BY run_id DESC LIMIT 1"
        ).fetchone()
        return row[0] if row is not None else None

    def graded_files(self) -> dict[str, tuple]:
        """Per workbook file graded: (participant, submission hash, file hash, key, kit, notes)."""
        return {
            r[0]: (r[1], r[2], r[3], r[4], r[5], r[6])
            for r in self.db.execute(
                "SELECT file, participant_id, submission_hash, file_hash, key_fingerprint, "
                "graded_by, notes FROM participants"
            )
        }

    def set_notes(self, notes: list[tuple[str, str]]) -> None:
        """Replace the collect notes of these participants: (notes, participant id) pairs."""
        with self._tx():
            self.db.executemany("UPDATE participants SET notes=? WHERE participant_id=?", notes)

    def key_built_from(self) -> tuple[str, str, list[str]] | None:
        """(sources fingerprint, key fingerprint, key problems) of the last key stored, if any."""
        row = self.db.execute("SELECT value FROM meta WHERE key='key_sources'").fetchone()
        try:
            src, fp, problems = json.loads(row[0])
            return str(src), str(fp), [str(x) for x in problems]
        except (TypeError, ValueError):
            return None

    def remember_key_sources(self, sources: str, key: AnswerKey) -> None:
        """Note which sources built the stored key, so an unchanged re-grade need not build it."""
        value = json.dumps([sources, key.fingerprint, list(key.problems)])
        with self._tx():
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('key_sources', ?)", (value,))

    def finish_run(self, run_id: int, graded: int, problems: int) -> None:
        """Mark a run finished (and forget the grades its re-grades replaced)."""
        if self._replaced:
            self._forget_unused_grades()
            self._replaced = False
        with self._tx():
            self.db.execute(
                "UPDATE runs SET finished_at=?, status='finished', graded=?, problems=? WHERE run_id=?",
                (_now(), graded, problems, run_id),
            )

    def add_problem(self, run_id: int, file: str, message: str) -> None:
        """Remember a file a run could not grade."""
        with self._tx():
            self.db.execute("INSERT INTO problems VALUES (?,?,?)", (run_id, file, message))

    def record(
        self,
        grades: list[tuple[WorkbookGrade, str]],
        run_id: int,
        notes: dict[str, str] | None = None,
    ) -> int:
        """Write graded workbooks in one transaction; return how many manual items got flagged."""
        now = _now()
        notes = notes or {}
        flagged = 0
        with self._tx():
            for grade, file in grades:
                pid = grade.participant_id
                self.db.execute(
                    "INSERT OR REPLACE INTO participants (participant_id, file, submission_hash, "
                    "submitted_at, graded_at, run_id, key_fingerprint, unknown_questions, notes) "
                    "VALUES (?,?,?,?,?,?,?,?,?)",
                    (
                        pid,
                        file,
                        grade.submission_hash,
                        grade.submitted_at,
                        now,
                        run_id,
                        grade.key_fingerprint,
                        _j(grade.unknown_questions),
                        notes.get(pid, ""),
                    ),
                )
                cur = self.db.execute("DELETE FROM scored_items WHERE participant_id=?", (pid,))
                self._replaced = self._replaced or cur.rowcount > 0
                grades, scored, hashes = [], [], {}
                for i in grade.items:
                    text = answer_json(i.answer)
                    hashes[i.question_id] = h = text_hash(text)
                    content = (
                        i.question_id,
                        i.points if i.grading == "auto" else None,
                        i.max_points,
                        i.status,
                        _j(i.feedback),
                        _j(i.findings),
                        text,
                        h,
                        int(i.answered),
                        _j(i.detail) if i.detail else "{}",
                    )
                    ref = grade_ref(content)
                    grades.append((ref, *content))
                    scored.append((pid, i.question_id, ref, now, run_id))
                self._insert_grades(grades)
                self.db.executemany("INSERT INTO scored_items VALUES (?,?,?,?,?)", scored)
                flagged += self._flag_changed(pid, hashes, now)
        return flagged

    def record_rows(
        self,
        graded: list[tuple],
        run_id: int,
        notes: dict[str, str],
        key: AnswerKey,
        grades: list[tuple] = (),
    ) -> int:
        """Write workbooks graded by grade_cohort in one transaction; return manual items flagged.

        Each graded workbook names its item grades by ref and brings the grades its worker
        had not sent before; ``grades`` are more of those (from a workbook not kept).
        """
        now = _now()
        flagged = 0
        people, scores, pids, new = [], [], [], list(grades)
        for _, name, pid, fhash, (sub_hash, submitted, unknown), scored, _, contents in graded:
            pids.append((pid,))
            people.append(
                (pid, name, sub_hash, submitted, now, run_id, key.fingerprint, unknown,
                 notes.get(pid, ""), fhash, __version__)
            )  # fmt: skip
            scores.extend((pid, qid, ref, now, run_id) for qid, ref in scored)
            new.extend(contents)
        with self._tx():
            self._insert_grades(new)
            self.db.executemany("DELETE FROM participants WHERE participant_id=?", pids)
            self.db.executemany("INSERT INTO participants VALUES (?,?,?,?,?,?,?,?,?,?,?)", people)
            cur = self.db.executemany("DELETE FROM scored_items WHERE participant_id=?", pids)
            self._replaced = self._replaced or cur.rowcount > 0
            self.db.executemany("INSERT INTO scored_items VALUES (?,?,?,?,?)", scores)
            marks = ",".join("?" * len(pids))
            with_manual = {
                r[0]
                for r in self.db.execute(
                    f"SELECT DISTINCT participant_id FROM manual_scores WHERE participant_id IN ({marks})",
                    [p[0] for p in pids],
                )
            }
            for g in graded:
                if g[2] in with_manual:
                    flagged += self._flag_changed(g[2], g[6], now)
        return flagged

    def _flag_changed(self, pid: str, hashes: dict[str, str], now: str) -> int:
        rows = self.db.execute(
            "SELECT question_id, MAX(scored_at) AS at, answer_hash FROM manual_scores "
            "WHERE participant_id=? GROUP BY question_id",
            (pid,),
        ).fetchall()
        n = 0
        for r in rows:
            qid, old = r["question_id"], r["answer_hash"]
            if qid in hashes and old != hashes[qid]:
                open_ = self.db.execute(
                    "SELECT 1 FROM review_flags WHERE participant_id=? AND question_id=? "
                    "AND resolved_at IS NULL",
                    (pid, qid),
                ).fetchone()
                if not open_:
                    self.db.execute(
                        "INSERT INTO review_flags VALUES (?,?,?,?,NULL)",
                        (pid, qid, f"answer changed after it was scored on {r['at'][:16]}", now),
                    )
                    n += 1
        return n

    # -- manual scores ------------------------------------------------------------------
    def set_manual_score(
        self,
        participant_id: str,
        question_id: str,
        levels: dict[str, float],
        comment: str | None = None,
        grader: str = "coach",
    ) -> None:
        """Save a coach's levels (criterion -> level) and comment now; resolves a review flag."""
        now = _now()
        grader = (grader or "coach").strip()[:64] or "coach"
        with self._tx():  # read the answer's hash inside the write: a grader may be running
            row = self.db.execute(
                "SELECT answer_hash FROM auto_scores WHERE participant_id=? AND question_id=?",
                (participant_id, question_id),
            ).fetchone()
            if row is None:
                raise GradebookError(
                    f"Gradebook {self.path}: {participant_id!r} has no graded item {question_id!r}; "
                    "run `cxkit grade` first, and check the spelling.",
                    Reason.NOT_GRADED,
                )
            for criterion, level in levels.items():
                self.db.execute(
                    "INSERT OR REPLACE INTO manual_scores VALUES (?,?,?,?,?,?,?)",
                    (participant_id, question_id, criterion, float(level), grader, now, row[0]),
                )
                self.db.execute(
                    "INSERT INTO manual_history VALUES (?,?,?,?,?,?,?)",
                    (participant_id, question_id, criterion, float(level), comment, grader, now),
                )
            if comment is not None:
                self.db.execute(
                    "INSERT OR REPLACE INTO comments VALUES (?,?,?,?,?)",
                    (participant_id, question_id, comment, grader, now),
                )
            # Re-scoring answers the review: the new score is for the current answer.
            self.db.execute(
                "UPDATE manual_scores SET answer_hash=? WHERE participant_id=? AND question_id=?",
                (row[0], participant_id, question_id),
            )
            self.db.execute(
                "UPDATE review_flags SET resolved_at=? WHERE participant_id=? AND question_id=? "
                "AND resolved_at IS NULL",
                (now, participant_id, question_id),
            )

    def manual_for(self, participant_id: str | None = None) -> dict:
        """Manual levels and comments: {qid: {...}} for one participant, else {(pid, qid): {...}}."""
        where, args = ("WHERE participant_id=?", (participant_id,)) if participant_id else ("", ())
        out: dict = {}
        for r in self.db.execute(f"SELECT * FROM manual_scores {where}", args):
            k = r["question_id"] if participant_id else (r["participant_id"], r["question_id"])
            e = out.setdefault(
                k, {"levels": {}, "comment": "", "grader": r["grader"], "scored_at": r["scored_at"]}
            )
            e["levels"][r["criterion"]] = r["level"]
            e["scored_at"] = max(e["scored_at"], r["scored_at"])
        for r in self.db.execute(f"SELECT * FROM comments {where}", args):
            k = r["question_id"] if participant_id else (r["participant_id"], r["question_id"])
            e = out.setdefault(
                k,
                {"levels": {}, "comment": "", "grader": r["grader"], "scored_at": r["written_at"]},
            )
            e["comment"] = r["comment"]
        for e in out.values():
            e["points"] = e["levels"].get(OVERRIDE)
        return out

    def open_flags(self, participant_id: str | None = None) -> dict:
        """Open review flags: {qid: reason} for one participant, else {(pid, qid): reason}."""
        where, args = ("AND participant_id=?", (participant_id,)) if participant_id else ("", ())
        rows = self.db.execute(
            f"SELECT * FROM review_flags WHERE resolved_at IS NULL {where}", args
        ).fetchall()
        if participant_id:
            return {r["question_id"]: r["reason"] for r in rows}
        return {(r["participant_id"], r["question_id"]): r["reason"] for r in rows}

    # -- reading results ----------------------------------------------------------------
    def participants(self) -> list[str]:
        """Graded participant ids, sorted."""
        return [r[0] for r in self.db.execute("SELECT participant_id FROM participants ORDER BY 1")]

    def questions(self) -> dict[str, dict]:
        """The questions the gradebook was graded against."""
        out = {}
        for r in self.db.execute("SELECT * FROM questions ORDER BY question_id"):
            d = dict(r)
            d["rubric"] = [
                (n, {int(p): t for p, t in lv.items()}) for n, lv in json.loads(d["rubric"])
            ]
            out[d["question_id"]] = d
        return out

    def results(self) -> list[dict]:
        """Every participant with every item: auto results, manual levels, comments, flags."""
        return list(self.iter_results())

    def iter_results(self, first: str | None = None, before: str | None = None) -> Iterator[dict]:
        """What :meth:`results` lists, one participant at a time (sorted by id), for big cohorts.

        Results are for reading. Rows are read as plain tuples, and a JSON cell is
        decoded once per distinct text: items whose cells are equal share the decoded
        value (a cohort repeats the same answers, feedback and details thousands of
        times; decoding every copy cost seconds and hundreds of MB at 10,000
        participants). An empty list or dict is always a new one.
        """
        qs = self.questions()
        manual = self.manual_for()
        flags = self.open_flags()
        decode = _Decoder()
        same = {}.setdefault  # one string object per distinct status, hash and time
        people = self.db.cursor()
        people.row_factory = None
        # Optionally one range of ids (first <= id < before), so workers can share a big cohort.
        cond, args = [], []
        if first is not None:
            cond.append("participant_id >= ?")
            args.append(first)
        if before is not None:
            cond.append("participant_id < ?")
            args.append(before)
        where = f"WHERE {' AND '.join(cond)} " if cond else ""
        people.execute(f"SELECT * FROM participants {where}ORDER BY participant_id", args)
        pcols = [d[0] for d in people.description]
        scores = self.db.cursor()
        scores.row_factory = None
        scores.execute(
            "SELECT participant_id, question_id, points, max_points, status, feedback, findings, "
            "answer, answer_hash, answered, detail, graded_at, run_id FROM auto_scores "
            f"{where}ORDER BY participant_id, question_id",
            args,
        )
        groups = itertools.groupby(scores, key=operator.itemgetter(0))
        gpid, grows = next(groups, (None, ()))
        no_manual: dict = {}
        for prow in people:
            p = dict(zip(pcols, prow, strict=True))
            pid = p["participant_id"]
            items: list[dict] = []
            while gpid is not None and gpid < pid:  # scores of someone no longer listed
                gpid, grows = next(groups, (None, ()))
            if gpid == pid:
                for row in grows:
                    q = qs.get(row[1])
                    if q is None:
                        continue
                    qid = q["question_id"]
                    m = manual.get((pid, qid), no_manual)
                    feedback, findings, answer, detail = (
                        decode(row[5]),
                        decode(row[6]),
                        decode(row[7]),
                        decode(row[10]),
                    )
                    levels = m["levels"] if m else {}
                    # 21 keys at most: a 22nd doubles every item dict (220,000 at 10,000 people).
                    # The participant's id is on the participant, not repeated on each item.
                    item = {
                        "question_id": qid,
                        "points": row[2],
                        "max_points": row[3],
                        "status": same(row[4], row[4]),
                        "feedback": [] if feedback == [] else feedback,
                        "findings": [] if findings == [] else findings,
                        "answer": answer,
                        "answer_hash": same(row[8], row[8]),
                        "answered": row[9],
                        "detail": {} if detail == {} else detail,
                        "graded_at": same(row[11], row[11]),
                        "run_id": row[12],
                        "levels": levels,
                        "comment": m["comment"] if m else "",
                        "grader": m["grader"] if m else "",
                        "review": flags.get((pid, qid), ""),
                        "exercise": q["exercise"],
                        "concept": q["concept"],
                        "grading": q["grading"],
                        "prompt": q["prompt"],
                    }
                    if not row[9]:
                        item["final"] = 0.0
                    elif not levels and not q["rubric"]:
                        item["final"] = row[2]
                    else:
                        item["final"] = _final_points(item, q)
                        if item["final"] is not None and levels:  # a coach's score decides it
                            fraction = item["final"] / row[3] if row[3] else 1.0
                            item["status"] = same(status_for(fraction), status_for(fraction))
                    items.append(item)
                gpid, grows = next(groups, (None, ()))
            p["items"] = items
            p["total"] = round(sum(i["final"] or 0.0 for i in items), 4)
            p["max_total"] = round(sum(i["max_points"] for i in items), 4)
            p["pending"] = sum(1 for i in items if i["final"] is None)
            yield p

    def rubric_tasks(self, order: str = "participant") -> list[RubricTask]:
        """Rubric items answered by participants, ordered by participant or by item (question)."""
        qs = {k: v for k, v in self.questions().items() if v["grading"] == "rubric" or v["problem"]}
        manual = self.manual_for()
        flags = self.open_flags()
        tasks = []
        for r in self.db.execute(
            "SELECT participant_id, question_id, answer, answered, findings FROM auto_scores "
            "WHERE answered=1 ORDER BY participant_id, question_id"
        ):
            q = qs.get(r["question_id"])
            if q is None:
                continue
            key = (r["participant_id"], r["question_id"])
            m = manual.get(key, {})
            criteria = q["rubric"] or [
                (OVERRIDE, {0: "no points", int(q["points"]): "full points"})
            ]
            tasks.append(
                RubricTask(
                    participant_id=key[0],
                    question_id=key[1],
                    prompt=q["prompt"],
                    answer=json.loads(r["answer"]),
                    answered=bool(r["answered"]),
                    findings=json.loads(r["findings"]),
                    criteria=criteria,
                    levels=dict(m.get("levels", {})),
                    comment=m.get("comment", ""),
                    needs_review=key in flags,
                    review_reason=flags.get(key, ""),
                )
            )
        if order == "item":
            tasks.sort(key=lambda t: (t.question_id, t.participant_id))
        return tasks

    def freshness(self, cohort: Path | str, key: AnswerKey | None = None) -> dict[str, str]:
        """Per participant: 'fresh', or why the marks are stale (new submission, key changed, gone)."""
        current: dict[str, str] = {}
        known = {
            (r[0], r[1]): (r[2], r[3])
            for r in self.db.execute(
                "SELECT file, file_hash, participant_id, submission_hash FROM participants"
            )
        }
        for path in sorted(Path(cohort).glob(f"*{WORKBOOK_SUFFIX}")):
            try:
                raw = path.read_bytes()
                hit = known.get((path.name, file_hash(raw)))
                if hit is not None:  # the very file that was graded: no need to parse it
                    current[hit[0]] = hit[1]
                    continue
                data = parse_workbook(raw, path)
            except (CxkitError, OSError):
                continue
            current[data["participant_id"]] = submission_hash(data["answers"])
        fp = key.fingerprint if key is not None else None
        out = {}
        for r in self.db.execute("SELECT * FROM participants"):
            pid = r["participant_id"]
            if pid not in current:
                out[pid] = "stale: workbook no longer in the cohort folder"
            elif current[pid] != r["submission_hash"]:
                out[pid] = "stale: new submission since grading"
            elif fp is not None and fp != r["key_fingerprint"]:
                out[pid] = "stale: the answer key changed since grading"
            else:
                out[pid] = "fresh"
        for pid in current.keys() - out.keys():
            out[pid] = "not graded yet"
        return dict(sorted(out.items()))

    def problems(self, run_id: int) -> list[tuple[str, str]]:
        """The files a run could not grade, with the reason."""
        rows = self.db.execute("SELECT file, message FROM problems WHERE run_id=?", (run_id,))
        return [(r[0], r[1]) for r in rows]

    def runs(self) -> list[dict]:
        """Grading runs, newest first ('running' with no finish means it was interrupted)."""
        return [dict(r) for r in self.db.execute("SELECT * FROM runs ORDER BY run_id DESC")]

    # -- CSV of manual scores ---------------------------------------------------------
    def export_manual_csv(self, path: Path | str) -> int:
        """Write a row per rubric criterion of every answered rubric item (scored or not); return rows."""
        manual = self.manual_for()
        rows: dict[tuple[str, str, str], list[str]] = {}
        for t in self.rubric_tasks("participant"):
            m = manual.get((t.participant_id, t.question_id), {})
            preview = t.answer if isinstance(t.answer, str) else json.dumps(t.answer)
            for crit, levels in t.criteria:
                lv = t.levels.get(crit)
                rows[(t.participant_id, t.question_id, crit)] = [
                    "" if lv is None else f"{lv:g}",
                    t.comment,
                    m.get("grader", "") if lv is not None else "",
                    m.get("scored_at", "") if lv is not None else "",
                    " | ".join(f"{p}: {d}" for p, d in sorted(levels.items())),
                    " ".join(preview.split())[:300],
                ]
        for (pid, qid), m in manual.items():  # overrides, and scores on items not in the list
            for crit, lv in m["levels"].items():
                rows.setdefault(
                    (pid, qid, crit), [f"{lv:g}", m["comment"], m["grader"], m["scored_at"], "", ""]
                )
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(
                ["participant_id", "question_id", "criterion", "level", "comment", "grader"]
                + ["scored_at", "levels (for reference)", "answer (first 300 characters)"]
            )
            for k in sorted(rows):
                w.writerow([csv_cell(str(x)) for x in (*k, *rows[k])])
        return len(rows)

    def import_manual_csv(self, path: Path | str, grader: str = "coach") -> tuple[int, list[str]]:
        """Read manual levels/comments from CSV; return (rows saved, problems by line). Bad rows are skipped."""
        qs = self.questions()
        known = set(self.participants())
        current = self.manual_for()
        saved, problems = 0, []
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise GradebookError(
                f"{path}: cannot be read as UTF-8 CSV ({exc}). Save it from the spreadsheet as "
                "CSV UTF-8 and import it again; nothing was changed.",
                Reason.BAD_CSV,
            ) from None
        reader = csv.DictReader(text.splitlines())
        need = {"participant_id", "question_id", "criterion", "level"}
        try:  # read every row first: a broken line stops nothing half-way
            fieldnames = reader.fieldnames
            table = list(reader)
        except csv.Error as exc:
            raise GradebookError(
                f"{path}: line {reader.line_num} cannot be read as CSV ({exc}); nothing was "
                "imported. Fix that line (or save the sheet as CSV UTF-8 again) and re-import.",
                Reason.BAD_CSV,
            ) from None
        if not fieldnames or not need <= {str(f).strip() for f in fieldnames}:
            raise GradebookError(
                f"{path}: the header must include {', '.join(sorted(need))} (and optionally comment, "
                "grader); export one with `cxkit scores export` to see the layout.",
                Reason.BAD_CSV,
            )
        for line, row in enumerate(table, start=2):
            row = {str(k).strip(): v for k, v in row.items() if isinstance(k, str)}
            row = {k: v if isinstance(v, str) else "" for k, v in row.items()}
            pid, qid = (
                (row.get("participant_id") or "").strip(),
                (row.get("question_id") or "").strip(),
            )
            crit, level = (row.get("criterion") or "").strip(), (row.get("level") or "").strip()
            q = qs.get(qid)
            if pid not in known and pid.startswith("'") and pid[1:] in known:
                pid = pid[1:]  # the export's spreadsheet-safe prefix
            comment = row.get("comment")
            if comment:
                comment = csv_uncell(comment)
            if pid not in known:
                problems.append(
                    f"line {line}: participant {pid!r} is not in the gradebook; skipped."
                )
                continue
            if q is None:
                problems.append(f"line {line}: question {qid!r} is not in the gradebook; skipped.")
                continue
            levels: dict[str, float] = {}
            if not level and not (comment or "").strip():
                continue  # a row left blank in the spreadsheet: nothing to save
            if level:
                allowed = dict(q["rubric"]) if q["rubric"] else {}
                if crit != OVERRIDE and crit not in allowed:
                    names = ", ".join([*allowed, OVERRIDE])
                    problems.append(
                        f"line {line}: criterion {crit!r} is not one of: {names}; skipped."
                    )
                    continue
                try:
                    value = float(level)
                except ValueError:
                    problems.append(f"line {line}: level {level!r} is not a number; skipped.")
                    continue
                top = max(allowed[crit]) if crit in allowed else q["points"]
                if not 0 <= value <= top or (crit in allowed and value not in allowed[crit]):
                    problems.append(f"line {line}: level {level} is outside 0..{top:g}; skipped.")
                    continue
                levels[crit] = value
            # Re-importing an unchanged row must not touch the score's time or resolve a review.
            cur = current.get((pid, qid), {"levels": {}, "comment": ""})
            same_levels = all(cur["levels"].get(c) == v for c, v in levels.items())
            if same_levels and (comment or "") in ("", cur["comment"]):
                continue
            self.set_manual_score(
                pid, qid, levels, comment if comment else None, row.get("grader") or grader
            )
            saved += 1
        return saved, problems


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error (or when the process dies)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, *_: object) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")


_SCAN = json.JSONDecoder().scan_once


def _loads(text: str | None) -> Any:
    if not text:
        return None
    try:
        value, end = _SCAN(text, 0)
    except (ValueError, StopIteration):
        return json.loads(text)  # leading spaces and the like: the general reader
    return value if end == len(text) else json.loads(text)


class _Decoder(dict):
    """json.loads for gradebook cells, each distinct text decoded once (see iter_results)."""

    MAX_TEXT = 4000  # longer cells (essays) rarely repeat: decoded each time, not kept

    def __call__(self, text: str | None) -> Any:
        try:
            return self[text]
        except KeyError:
            value = _loads(text)
            if len(self) < 200_000 and len(text or "") <= self.MAX_TEXT:
                self[text] = value
            return value


def _key_json(value: Any) -> Any:
    return _jsonable(value)


def _final_points(item: dict, q: dict) -> float | None:
    """An item's points after manual scores, by grading's one rule (stored question fields)."""
    return final_points(
        answered=bool(item["answered"]),
        auto=item["points"],
        levels=item["levels"],
        points=q["points"],
        rubric=q["rubric"] or [],
        rubric_graded=q["grading"] == "rubric",
    )


_submission_hash = submission_hash  # one hash, defined in cxkit.coach.grading


# -- grading a cohort -------------------------------------------------------------------------
def merge_manual_scores(grade: WorkbookGrade, gradebook_path: Path | str) -> WorkbookGrade:
    """Fill in rubric levels, points and comments a coach saved in the gradebook (in place)."""
    # Read-only, so many readers can run beside the grader; GradebookError if missing or foreign.
    with Gradebook(gradebook_path, readonly=True) as gb:
        manual = gb.manual_for(grade.participant_id)
        flagged = gb.open_flags(grade.participant_id)
    return apply_manual_scores(grade, manual, flagged)
