"""The kit's errors: one base class, each error carrying a reason code.

Every exception the kit raises on purpose derives from :class:`CxkitError` and
has a :class:`Reason`. Code that must decide something from an error (the
status `cxkit collect` gives a hand-in, the exit code of a command) reads
``exc.reason``, never the message text; the message is for people: which file,
what is wrong, what to do.
"""

from __future__ import annotations

from enum import Enum


class Reason(str, Enum):
    """Why something could not be used. The value is a stable, machine-readable code."""

    # -- reading a file ---------------------------------------------------------------
    MISSING = "missing"  # the file or folder does not exist
    UNREADABLE = "unreadable"  # the operating system refused to read it
    EMPTY = "empty"  # no bytes, or only white space
    TOO_LARGE = "too_large"  # larger than any such file should be
    NOT_UTF8 = "not_utf8"  # the bytes are not text in UTF-8 (or UTF-16 with a BOM)
    CORRUPT_JSON = "corrupt_json"  # text, but not valid JSON (truncated, edited by hand)
    NESTED_TOO_DEEPLY = "nested_too_deeply"  # lists or mappings nested past the limit
    NOT_FINITE = "not_finite"  # NaN, Infinity or a number too large to use
    BAD_TEXT = "bad_text"  # text that is not valid Unicode (a lone surrogate)
    BOM = "bom"  # a byte-order mark at the start (accepted, flagged)
    DUPLICATE_KEYS = "duplicate_keys"  # the same key twice in one mapping (accepted, flagged)
    # -- what the file is ----------------------------------------------------------------
    NOT_A_WORKBOOK = "not_a_workbook"  # valid JSON, but not a cxkit workbook
    NOTEBOOK = "notebook"  # a Jupyter notebook handed in instead of the workbook
    WRONG_SCHEMA = "wrong_schema"  # a workbook whose parts have the wrong shape or type
    NEWER_SCHEMA = "newer_schema"  # written by a newer cxkit
    BAD_PARTICIPANT_ID = "bad_participant_id"
    BAD_QUESTION_ID = "bad_question_id"
    FOREIGN_FILE = "foreign_file"  # a workbook that belongs to someone else
    ALREADY_EXISTS = "already_exists"
    LOCKED = "locked"  # another program held the lock too long
    # -- answers -----------------------------------------------------------------------
    BAD_ANSWER = "bad_answer"  # an answer of a type that cannot be saved
    ANSWER_TOO_LONG = "answer_too_long"
    # -- hand-ins and zips -------------------------------------------------------------
    CORRUPT_ZIP = "corrupt_zip"
    UNSAFE_PATH = "unsafe_path"  # a member name that would escape the folder
    SYMLINK = "symlink"
    ZIP_BOMB = "zip_bomb"
    NESTED_ZIP = "nested_zip"  # zips nested deeper than collect opens
    # -- coach files -------------------------------------------------------------------
    BAD_CSV = "bad_csv"
    BAD_ROSTER = "bad_roster"
    BAD_SOLUTION = "bad_solution"  # a notebook in solutions/ that cannot be read
    NO_GRADEBOOK = "no_gradebook"
    BAD_GRADEBOOK = "bad_gradebook"
    NOT_GRADED = "not_graded"
    NO_COHORT = "no_cohort"
    AUTHORING = "authoring"  # a solution notebook that cannot be released
    KERNEL = "kernel"  # no Jupyter kernel to run the assessment in
    INTERNAL = "internal"  # a bug in cxkit: the message says what to report


class CxkitError(Exception):
    """An error the kit raises on purpose: ``reason`` says why, the message says what to do."""

    reason: Reason = Reason.INTERNAL

    def __init__(self, message: str = "", reason: Reason | None = None) -> None:
        super().__init__(message)
        if reason is not None:
            self.reason = Reason(reason)


#: Reasons that mean "the file is usable, but look at it": collect accepts and flags these.
FLAG_REASONS = frozenset({Reason.BOM, Reason.DUPLICATE_KEYS})
