"""Any bytes give one status and the run goes on: property-based fuzzing of every reader.

Mutations of real workbooks and zips (truncation at any byte, flipped and inserted
bytes, BOMs, invalid UTF-8, lone surrogates, deep nesting, huge and non-finite
numbers, duplicate keys, a wrong type at every path of the schema, zip entries
renamed or duplicated) go through the library entry points in-process.

Each entry point gets at least 2,000 cases in the suite. A longer run:

    CXKIT_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest -q -n0 -o addopts= tests/test_fuzz.py

(the number is the cases per entry point; batch tests scale with it).
"""

from __future__ import annotations

import io
import json
import os
import warnings
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxkit.cli import main as cli
from cxkit.coach.collect import (
    ACCEPTED,
    CORRUPT,
    FLAGGED,
    REPORT_NAME,
    collect,
)
from cxkit.coach.grade_run import grade_cohort
from cxkit.coach.gradebook import Gradebook, GradebookError
from cxkit.coach.grading import _solution_notes, load_key
from cxkit.coach.roster import RosterError, participant_ids
from cxkit.coach.sample_cohort import make_many
from cxkit.errors import CxkitError, Reason
from cxkit.reports.export import write_feedback, write_lms_csv
from cxkit.workbook import (
    WorkbookError,
    _dump,
    _scan,
    parse_json_bytes,
    parse_workbook,
    validate_participant_id,
)

CASES = int(os.environ.get("CXKIT_FUZZ_EXAMPLES", "2000"))
BATCH = 20  # files per example where one example is a whole folder or cohort


def fuzz(n: int = CASES):
    return settings(
        max_examples=n,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> list[bytes]:
    """Real workbooks as the kit writes them (varied answers to every registered question)."""
    folder = tmp_path_factory.mktemp("real")
    return [p.read_bytes() for p in make_many(folder, 12, seed=3)]


KEY = load_key()

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda kids: (
        st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4)
    ),
    max_leaves=12,
)

NASTY = [
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xff",
    b"\xc3\x28",
    b"\xed\xa0\x80",
    b'"\\ud800"',
    b"NaN",
    b"-Infinity",
    b"1e999",
    b"9" * 5000,
    b"[" * 3000,
    b"{" * 50,
    b"]",
    b"}",
    b",",
    b'"',
    b"\x00",
    b'"answers": 1, "answers": {}',
]


def _paths(doc, prefix=()):
    """Every path into a JSON document, so a wrong type can be put at each one."""
    yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _paths(v, (*prefix, i))


def _put(doc, path, value):
    if not path:
        return value
    node = doc
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value
    return doc


@st.composite
def mutated(draw, real: list[bytes]) -> bytes:
    """One hostile variant of a real workbook."""
    raw = draw(st.sampled_from(real))
    how = draw(st.integers(0, 9))
    if how == 0:  # truncation at any byte
        return raw[: draw(st.integers(0, len(raw)))]
    if how == 1:  # a flipped byte
        i = draw(st.integers(0, len(raw) - 1))
        return raw[:i] + bytes([raw[i] ^ draw(st.integers(1, 255))]) + raw[i + 1 :]
    if how == 2:  # something nasty inserted anywhere
        i = draw(st.integers(0, len(raw)))
        return raw[:i] + draw(st.sampled_from(NASTY)) + raw[i:]
    if how == 3:  # a BOM, and maybe a truncation too
        return draw(st.sampled_from(NASTY[:3])) + raw[: draw(st.integers(len(raw) // 2, len(raw)))]
    doc = json.loads(raw)
    if how == 4:  # a wrong type at any path of the schema
        path = draw(st.sampled_from(list(_paths(doc))))
        return json.dumps(_put(doc, path, draw(json_values))).encode()
    if how == 5:  # deep nesting inside an answer
        qid = draw(st.sampled_from(sorted(doc["answers"]) or ["x/y"]))
        depth = draw(st.integers(1, 3000))
        text = json.dumps(doc).replace(
            json.dumps(qid) + ": {",
            json.dumps(qid) + ': {"deep": ' + "[" * depth + "]" * depth + ",",
        )
        return text.encode()
    if how == 6:  # huge and non-finite numbers anywhere a value goes
        path = draw(st.sampled_from(list(_paths(doc))[1:] or [()]))
        token = draw(
            st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999", "9" * 5000, "1" * 400 + ".0"])
        )
        marker = "__cxkit_fuzz__"
        return json.dumps(_put(doc, path, marker)).replace(f'"{marker}"', token).encode()
    if how == 7:  # duplicate keys
        text = raw.decode()
        return (
            text.replace('"answers": {', '"answers": {}, "answers": {', 1).encode()
            if draw(st.booleans())
            else text.replace('"format"', '"format": 1, "format"', 1).encode()
        )
    if how == 8:  # a lone surrogate in an id, a key or an answer
        path = draw(st.sampled_from(list(_paths(doc))))
        return (
            json.dumps(_put(doc, path, "a\ud800b"))
            .encode("utf-8", "surrogatepass")
            .replace(b"\xed\xa0\x80", b"\\ud800")
        )
    return draw(st.binary(max_size=200))  # plain random bytes


def _one_status(raw: bytes):
    """parse_workbook gives a workbook or a WorkbookError with a reason; nothing else."""
    notes: list = []
    try:
        data = parse_workbook(raw, "fuzz.workbook.json", notes)
    except WorkbookError as exc:
        assert isinstance(exc.reason, Reason)
        assert str(exc).startswith("Workbook fuzz.workbook.json: ")
        return exc.reason
    assert isinstance(data["answers"], dict)
    _dump(data)  # whatever was accepted can be written back as plain JSON
    return data


# -- the workbook reader and `cxkit workbook check` ------------------------------------------
def test_reader_gives_every_input_one_status(real: list[bytes]) -> None:
    @fuzz()
    @given(raw=mutated(real))
    def check(raw: bytes) -> None:
        _one_status(raw)

    check()


def test_skipping_the_unicode_check_without_escapes_agrees_with_the_full_scan(
    real: list[bytes],
) -> None:
    @fuzz()
    @given(raw=mutated(real))
    def check(raw: bytes) -> None:
        try:
            text = raw.decode("utf-8")
            doc = json.loads(text)
        except (ValueError, RecursionError):
            return
        if isinstance(doc, dict | list):
            assert _scan(doc, "\\u" in text) == _scan(doc)

    check()


def test_workbook_check_command_never_shows_a_traceback(real: list[bytes], tmp_path: Path) -> None:
    runner = CliRunner()
    path = tmp_path / "x.workbook.json"

    @fuzz()
    @given(raw=mutated(real))
    def check(raw: bytes) -> None:
        path.write_bytes(raw)
        r = runner.invoke(cli, ["workbook", "check", str(path)])
        assert r.exception is None or isinstance(r.exception, SystemExit), r.output
        assert r.exit_code in (0, 2), r.output
        out = r.output + (r.stderr if r.stderr_bytes is not None else "")
        assert "Traceback" not in out
        assert out.startswith("OK:") or out.startswith("Error: Workbook")

    check()


def test_nested_brackets_get_a_status_and_the_cohort_is_graded(tmp_path: Path, real) -> None:
    src, cohort = tmp_path / "in", tmp_path / "cohort"
    src.mkdir()
    (src / "deep.workbook.json").write_bytes(b"[" * 2000 + b"]" * 2000)
    (src / "good.workbook.json").write_bytes(real[0])
    (src / "bom.workbook.json").write_bytes(b"\xef\xbb\xbf" + real[1])
    report = collect(src, cohort)
    by = {s.source: s for s in report.lines}
    assert by["deep.workbook.json"].status == CORRUPT
    assert by["deep.workbook.json"].message.startswith("nested too deeply")
    assert by["deep.workbook.json"].reason == Reason.NESTED_TOO_DEEPLY.value
    assert by["good.workbook.json"].status == ACCEPTED
    assert (
        by["bom.workbook.json"].status == FLAGGED
        and "byte-order mark" in by["bom.workbook.json"].message
    )
    graded = grade_cohort(cohort, key=KEY)
    assert graded.graded == 2 and not graded.problems
    r = CliRunner().invoke(cli, ["workbook", "check", str(src / "deep.workbook.json")])
    assert r.exit_code == 2 and "nested too deeply" in r.output and "Traceback" not in r.output


# -- collect: folders, zips, nested zips ----------------------------------------------------
@st.composite
def zipped(draw, real: list[bytes]) -> bytes:
    """A zip of hand-ins: members mutated, renamed, duplicated, nested; or the zip itself broken."""
    buf = io.BytesIO()
    warnings.filterwarnings("ignore", "Duplicate name", UserWarning)  # duplicates on purpose
    with zipfile.ZipFile(buf, "w") as zf:
        for i in range(draw(st.integers(1, 4))):
            name = draw(
                st.sampled_from(
                    [f"p{i}.workbook.json", "same.workbook.json", f"p{i}.json", f"p{i}.txt",
                     f"dir/p{i}.workbook.json", f"../p{i}.workbook.json", f"p{i}.ipynb", f"p{i}.workbook.json.bak"]
                )
            )  # fmt: skip
            data = draw(mutated(real)) if draw(st.booleans()) else draw(st.sampled_from(real))
            if draw(st.integers(0, 5)) == 0:  # a zip inside the zip
                inner = io.BytesIO()
                with zipfile.ZipFile(inner, "w") as iz:
                    iz.writestr(name, data)
                name, data = f"inner{i}.zip", inner.getvalue()
            zf.writestr(name, data)
    raw = buf.getvalue()
    if draw(st.integers(0, 3)) == 0:  # the zip's own bytes damaged
        i = draw(st.integers(0, len(raw) - 1))
        raw = raw[:i] + bytes([raw[i] ^ 0xFF]) + raw[i + 1 :]
    if draw(st.integers(0, 5)) == 0:
        raw = raw[: draw(st.integers(0, len(raw)))]
    return raw


def _statuses_ok(report, cohort: Path, n_inputs_min: int) -> None:
    assert len(report.lines) >= n_inputs_min
    for s in report.lines:
        assert s.status and s.message, s
    assert (cohort / REPORT_NAME).is_file()
    for p in cohort.glob("*.workbook.json"):  # only valid workbooks ever land in the cohort
        parse_workbook(p.read_bytes(), p)
    assert not list(cohort.glob(".*.tmp"))


def test_collect_gives_every_handed_in_file_a_status(real: list[bytes], tmp_path: Path) -> None:
    counter = iter(range(10**9))

    @fuzz(max(1, CASES // BATCH))
    @given(files=st.lists(mutated(real), min_size=BATCH, max_size=BATCH))
    def check(files: list[bytes]) -> None:
        n = next(counter)
        src, cohort = tmp_path / f"in{n}", tmp_path / f"cohort{n}"
        src.mkdir()
        for i, raw in enumerate(files):
            (src / f"h{i:02d}.workbook.json").write_bytes(raw)
        (src / "good.workbook.json").write_bytes(real[0])
        report = collect(src, cohort)
        _statuses_ok(report, cohort, len(files) + 1)
        names = {s.source for s in report.lines}
        assert {f"h{i:02d}.workbook.json" for i in range(len(files))} <= names | {
            s.source for s in report.lines
        }
        assert any(s.kept_as for s in report.lines)  # the good one always makes it

    check()


def test_collect_survives_any_zip(real: list[bytes], tmp_path: Path) -> None:
    counter = iter(range(10**9))

    @fuzz(max(1, CASES // 2))  # 1 to 4 members each: over CASES members
    @given(raw=zipped(real))
    def check(raw: bytes) -> None:
        n = next(counter)
        src = tmp_path / f"z{n}.zip"
        src.write_bytes(raw)
        report = collect(src, tmp_path / f"zc{n}")
        _statuses_ok(report, tmp_path / f"zc{n}", 1)

    check()


# -- grade, export ---------------------------------------------------------------------------
def test_grade_and_export_survive_any_workbook_bytes(real: list[bytes], tmp_path: Path) -> None:
    """Files put straight into a cohort folder (not through collect), graded and exported."""
    counter = iter(range(10**9))

    @fuzz(max(1, CASES // BATCH))
    @given(files=st.lists(mutated(real), min_size=BATCH, max_size=BATCH))
    def check(files: list[bytes]) -> None:
        cohort = tmp_path / f"g{next(counter)}"
        cohort.mkdir()
        for i, raw in enumerate(files):
            (cohort / f"h{i:02d}.workbook.json").write_bytes(raw)
        report = grade_cohort(cohort, key=KEY, workers=1)
        assert report.graded + len(report.problems) == len(files)
        for _, msg in report.problems:
            assert msg
        gb = cohort / "gradebook.sqlite"
        n = write_lms_csv(gb, cohort / "lms.csv")
        assert n == len({r for r in Gradebook(gb, readonly=True).participants()})
        write_feedback(gb, cohort / "feedback")

    check()


# -- scores import, rosters, solutions --------------------------------------------------------
@pytest.fixture(scope="module")
def graded_cohort(tmp_path_factory, real) -> Path:
    cohort = tmp_path_factory.mktemp("scored")
    for i, raw in enumerate(real):
        (cohort / f"p{i}.workbook.json").write_bytes(raw)
    grade_cohort(cohort, key=KEY, workers=1)
    with Gradebook(cohort / "gradebook.sqlite") as gb:
        gb.export_manual_csv(cohort / "scores.csv")
    return cohort


@st.composite
def csv_bytes(draw, base: bytes) -> bytes:
    how = draw(st.integers(0, 4))
    if how == 0:
        return base[: draw(st.integers(0, len(base)))]
    if how == 1:
        i = draw(st.integers(0, len(base)))
        return (
            base[:i]
            + draw(st.sampled_from(NASTY + [b'"', b"\r", b"\n,,,\n", b"x" * 200_000]))
            + base[i:]
        )
    if how == 2:
        lines = base.split(b"\n")
        i = draw(st.integers(1, max(1, len(lines) - 1)))
        cells = lines[i].split(b",") if i < len(lines) else [b""]
        j = draw(st.integers(0, len(cells) - 1))
        cells[j] = draw(
            st.sampled_from(
                [b"nan", b"inf", b"-1", b"1e308", b"=1+1", b"'Ann", b"", b"2.5", b"\xff"]
            )
        )
        lines[i] = b",".join(cells)
        return b"\n".join(lines)
    if how == 3:
        return b"\xef\xbb\xbf" + base
    return draw(st.binary(max_size=300))


def test_scores_import_survives_any_csv(graded_cohort: Path, tmp_path: Path) -> None:
    base = (graded_cohort / "scores.csv").read_bytes()
    path = tmp_path / "in.csv"

    @fuzz()
    @given(raw=csv_bytes(base))
    def check(raw: bytes) -> None:
        path.write_bytes(raw)
        with Gradebook(graded_cohort / "gradebook.sqlite") as gb:
            try:
                saved, problems = gb.import_manual_csv(path)
            except GradebookError as exc:
                assert exc.reason is Reason.BAD_CSV
                return
        assert saved >= 0 and all(isinstance(p, str) for p in problems)

    check()


def test_roster_reader_survives_any_bytes(tmp_path: Path) -> None:
    path = tmp_path / "roster.txt"

    @fuzz()
    @given(
        raw=st.binary(max_size=300)
        | st.lists(st.text(max_size=30), max_size=10).map(
            lambda ls: "\n".join(ls).encode("utf-8", "surrogatepass")
        )
        | st.sampled_from(NASTY)
    )
    def check(raw: bytes) -> None:
        path.write_bytes(raw)
        try:
            ids, problems = participant_ids(path)
        except RosterError as exc:
            assert exc.reason is Reason.BAD_ROSTER
            return
        assert all(validate_participant_id(i) == i for i in ids)
        assert len(ids) + len(problems) <= len(raw)

    check()


def test_key_survives_any_solution_notebook(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    real_nb = sorted((root / "solutions").glob("*.ipynb"))[0].read_bytes()
    sol = tmp_path / "solutions"
    sol.mkdir()
    nb_json = json.loads(real_nb)

    @fuzz()
    @given(
        how=st.integers(0, 3),
        cut=st.integers(0, len(real_nb)),
        junk=st.sampled_from(NASTY),
        value=json_values,
        data=st.data(),
    )
    def check(how, cut, junk, value, data) -> None:
        if how == 0:
            raw = real_nb[:cut]
        elif how == 1:
            raw = real_nb[:cut] + junk + real_nb[cut:]
        elif how == 2:
            doc = json.loads(real_nb)
            path = data.draw(st.sampled_from(list(_paths(nb_json))[:400]))
            raw = json.dumps(_put(doc, path, value)).encode()
        else:
            raw = data.draw(st.binary(max_size=200))
        (sol / "x.ipynb").write_bytes(raw)
        where, notes = _solution_notes(sol)
        assert isinstance(where, dict) and isinstance(notes, dict)
        try:
            parse_json_bytes(raw, "x.ipynb")
        except CxkitError as exc:
            assert isinstance(exc.reason, Reason)

    check()
    load_key(sol)  # the key is built whatever the last notebook held


# -- assess: the planner reads every workbook before any kernel starts -------------------------
def test_assess_plan_gives_every_file_one_entry(real: list[bytes], tmp_path: Path) -> None:
    from cxkit.assess.runner import plan

    counter = iter(range(10**9))

    @fuzz(max(1, CASES // BATCH))
    @given(files=st.lists(mutated(real), min_size=BATCH, max_size=BATCH))
    def check(files: list[bytes]) -> None:
        cohort = tmp_path / f"a{next(counter)}"
        cohort.mkdir()
        for i, raw in enumerate(files):
            (cohort / f"h{i:02d}.workbook.json").write_bytes(raw)
        entries = plan(cohort)
        assert len(entries) == len(files)
        for e in entries:
            assert (e.action == "fail") == bool(e.problem)

    check()
