"""Batch assessment: the notebook under plain papermill, the runner, resume, time limits, Dask.

Real parts throughout: real kernels, real papermill, real worker processes and a
real Dask LocalCluster with process workers.
"""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from cxkit import questions
from cxkit.assess import RESULT_MIME, notebook_path
from cxkit.assess.runner import assess_cohort, plan
from cxkit.assess.worker import UnsafeParameter, read_result, safe_parameters
from cxkit.workbook import Workbook

BIN = Path(sys.executable).parent
HOSTILE_TEXT = '<script>alert("x")</script> """; import os; os.system("touch PWNED") #\\'
HOSTILE_IDS = [
    "Robert'); DROP TABLE participants;--",
    "=HYPERLINK(1)",
    "Zoë & Ünïcode 中文",
    "CON",
    "'; import os; os.system('touch PWNED') #",
    "{{7+7}} ${x} %(y)s &amp;",
]
# Ids the id rules refuse: a hand-made workbook holding one must fail, never name a file.
REFUSED_IDS = ["../../etc/passwd", "<img src=x onerror=alert(1)>", ".hidden", "a\nb"]


def answers_for(i: int) -> dict:
    """Deterministic answers for every registered question, differing by participant."""
    out: dict = {}
    for q in questions.all_questions():
        if (i + len(q.id)) % 5 == 0:
            continue  # some blanks
        kind = q.kind.value
        if kind == "single_choice":
            out[q.id] = q.choices[i % len(q.choices)] if q.choices else "x"
        elif kind == "multiple_choice":
            out[q.id] = list(q.choices[: 1 + i % 2])
        elif kind == "number":
            out[q.id] = float(i)
        elif kind == "short_text":
            out[q.id] = f"Answer {i}: {HOSTILE_TEXT} " + "words " * (i * 7 % 70)
        else:
            out[q.id] = {"first": HOSTILE_TEXT, "n": i}
    if questions.is_known("canvas/complete-canvas") and i % 2 == 0:
        from cxkit.concepts.canvas import kestrel_back_on_the_road

        out["canvas/complete-canvas"] = kestrel_back_on_the_road().to_record()
    return out


def make_cohort(folder: Path, ids: list[str]) -> dict[str, Path]:
    """A cohort folder of real workbooks, as `cxkit collect` leaves one."""
    from cxkit.workbook import safe_file_stem

    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for i, pid in enumerate(ids):
        wb = Workbook.create(folder / f"{safe_file_stem(pid)}-{i}.workbook.json", pid)
        for qid, value in answers_for(i).items():
            wb.record(qid, value)
        wb.path.with_name(wb.path.name + ".bak").unlink(missing_ok=True)
        paths[pid] = wb.path
    return paths


def strip_timings(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The executed notebook without what legitimately differs between runs (times, engine)."""
    nb = nbformat.from_dict(json.loads(nbformat.writes(nb)))
    nb.metadata.pop("papermill", None)
    nb.metadata.get("cxkit_assessment", {}).pop("seconds", None)
    nb.metadata.get("cxkit_assessment", {}).pop("engine", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    return nb


# -- quick tests: no kernels -------------------------------------------------------------------
def test_parameters_are_literals_even_for_hostile_strings() -> None:
    for s in [HOSTILE_TEXT, 'a"b', "a\\", '\\"; x=1 #', "é ü 中 \u2028"]:
        code = safe_parameters({"course_name": s, "n": 3, "flag": True, "none": None})
        ns: dict = {}
        exec(compile(code, "<injected>", "exec"), {"__builtins__": {}}, ns)  # literals only
        assert ns["course_name"] == s and ns["n"] == 3 and ns["flag"] is True
    for bad in ({"x": "line\nbreak"}, {"x": {"a": 1}}, {"not an id": 1}, {"x": float("nan")}):
        with pytest.raises(UnsafeParameter):
            safe_parameters(bad)


def test_plan_hostile_ids_duplicates_and_corrupt_files(tmp_path: Path) -> None:
    ok_ids = list(HOSTILE_IDS)
    make_cohort(tmp_path, [*ok_ids, "Ada", "ada", "ADA"])  # one file name stem, three ids
    twin_of = tmp_path / f"ada-{len(ok_ids) + 2}.workbook.json"  # ADA hands in twice
    (tmp_path / "twin.workbook.json").write_bytes(twin_of.read_bytes())
    for n, bad in enumerate(REFUSED_IDS):
        doc = json.loads(twin_of.read_text())
        doc["participant_id"] = bad
        (tmp_path / f"refused{n}.workbook.json").write_text(json.dumps(doc))
    (tmp_path / "broken.workbook.json").write_text('{"format": "cxkit-workbook", "sch')
    (tmp_path / "nb.workbook.json").write_text(json.dumps({"cells": [], "nbformat": 4}))
    entries = {e.path.name: e for e in plan(tmp_path)}
    assert "not valid JSON" in entries["broken.workbook.json"].problem
    assert "notebook" in entries["nb.workbook.json"].problem
    twins = [entries["twin.workbook.json"], entries[twin_of.name]]
    assert all(e.action == "fail" and "2 workbooks" in e.problem for e in twins)
    for n in range(len(REFUSED_IDS)):
        e = entries[f"refused{n}.workbook.json"]
        assert e.action == "fail" and "participant id in it" in e.problem and not e.stem
    runnable = [e for e in entries.values() if not e.problem]
    assert {e.participant_id for e in runnable} == {*ok_ids, "Ada", "ada"}
    for e in runnable:
        assert re.fullmatch(r"[\w\-]+", e.stem), e.stem
    assert len({e.stem for e in runnable}) == len(runnable)


# -- real kernels ------------------------------------------------------------------------------
@pytest.mark.slow
def test_notebook_runs_under_plain_papermill_cli(tmp_path: Path) -> None:
    wb_path = make_cohort(tmp_path / "c", ["Ada O'Brien & Co"])["Ada O'Brien & Co"]
    out = tmp_path / "out.ipynb"
    r = subprocess.run(
        [str(BIN / "papermill"), str(notebook_path()), str(out), "-p", "workbook_path",
         str(wb_path), "-k", "cxkit", "--no-progress-bar"],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr[-2000:]
    nb = nbformat.read(out, as_version=4)
    rec = read_result(nb)
    assert rec["status"] == "complete" and rec["participant_id"] == "Ada O'Brien & Co"
    import hashlib

    assert rec["workbook_sha256"] == hashlib.sha256(wb_path.read_bytes()).hexdigest()
    # Count the kit's questions in a clean process: other test modules register test-only ones.
    shipped = subprocess.run(
        [sys.executable, "-c", "from cxkit import questions; print(len(questions.all_questions()))"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert rec["max_total"] > 0 and rec["questions"] == int(shipped.stdout)
    html_out = "".join(
        str(o.get("data", {}).get("text/html", "")) for c in nb.cells for o in c.get("outputs", [])
    )
    assert "<script>alert" not in html_out and "&lt;script&gt;alert" in html_out
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.slow
def test_parallel_run_timeout_corrupt_and_resume(tmp_path: Path) -> None:
    ids = ["Ada", "Grace Hopper", "Hangs Forever", *HOSTILE_IDS]
    paths = make_cohort(tmp_path / "c", ids)
    (tmp_path / "c" / "zz-broken.workbook.json").write_text('{"format": "cxkit-workbook", "sch')
    out = tmp_path / "out"
    s = assess_cohort(
        tmp_path / "c", out, workers=2, time_limit=10, progress=False,
        test_hang={"Hangs Forever": 3600},
    )  # fmt: skip
    # It returned: the participant hung for an hour (ignoring interrupts) did not hang the batch.
    by_id = {o.entry.participant_id: o for o in s.outcomes}
    hung = by_id["Hangs Forever"]
    assert hung.status == "failed" and "time limit" in hung.error
    broken = [o for o in s.failures if o.entry.path.name == "zz-broken.workbook.json"]
    assert broken and "not valid JSON" in broken[0].error
    good = [o for o in s.outcomes if o.status == "assessed"]
    assert {o.entry.participant_id for o in good} == set(ids) - {"Hangs Forever"}
    for o in good:
        html = (out / "participants" / f"{o.entry.stem}.html").read_text()
        assert "<script>alert" not in html and "&lt;script&gt;alert" in html
        nb = nbformat.read(out / "participants" / f"{o.entry.stem}.ipynb", as_version=4)
        assert read_result(nb)["participant_id"] == o.entry.participant_id
    assert not list((tmp_path / "c").rglob("PWNED")) and not list(out.rglob("PWNED"))
    # file names only from validated ids
    for f in (out / "participants").iterdir():
        assert re.fullmatch(r"[\w\-]+\.(html|ipynb)", f.name), f.name
    rows = list(csv.DictReader((out / "summary.csv").open()))
    assert len(rows) == len(ids) + 1
    formula = [r for r in rows if r["participant_id"].lstrip("'").startswith("=")]
    assert formula and formula[0]["participant_id"].startswith("'=")  # inert in a spreadsheet
    fails = list(csv.DictReader((out / "failures.csv").open()))
    assert {f["workbook"] for f in fails} == {
        "zz-broken.workbook.json",
        paths["Hangs Forever"].name,
    }
    cohort_page = (out / "cohort.html").read_text()
    assert "Robert&#x27;); DROP TABLE" in cohort_page and "data:image/png;base64" in cohort_page

    # Resume: nothing changed -> all skipped; the hung one (now without the hook) is retried.
    s2 = assess_cohort(tmp_path / "c", out, workers=2, time_limit=60, progress=False)
    st = {o.entry.participant_id: o.status for o in s2.outcomes if o.entry.participant_id}
    assert st.pop("Hangs Forever") == "assessed"
    assert set(st.values()) == {"unchanged"}
    # A changed workbook is re-assessed; the others stay.
    Workbook.open(paths["Ada"]).record("outcomes/aht-behaviour", "changed my mind")
    s3 = assess_cohort(tmp_path / "c", out, workers=2, progress=False)
    assert [o.entry.participant_id for o in s3.outcomes if o.status == "assessed"] == ["Ada"]


@pytest.mark.slow
def test_pooled_kernels_give_the_same_reports_as_fresh_kernels(tmp_path: Path) -> None:
    ids = ["Ada", "Grace Hopper", "Robert'); DROP TABLE participants;--"]
    make_cohort(tmp_path / "c", ids)
    # One worker, so participants really share (and reset) one kernel in turn.
    pooled = assess_cohort(tmp_path / "c", tmp_path / "pooled", workers=1, progress=False)
    fresh = assess_cohort(
        tmp_path / "c", tmp_path / "fresh", workers=2, fresh_kernels=True, progress=False
    )
    assert pooled.count("assessed") == fresh.count("assessed") == len(ids)
    for o in pooled.outcomes:
        a, b = (tmp_path / d / "participants" / o.entry.stem for d in ("pooled", "fresh"))
        nb_a = strip_timings(nbformat.read(a.with_suffix(".ipynb"), as_version=4))
        nb_b = strip_timings(nbformat.read(b.with_suffix(".ipynb"), as_version=4))
        assert nbformat.writes(nb_a) == nbformat.writes(nb_b), o.entry.participant_id
        assert a.with_suffix(".html").read_bytes() == b.with_suffix(".html").read_bytes()
        counts = [c.execution_count for c in nb_a.cells if c.cell_type == "code"]
        assert counts == list(range(1, len(counts) + 1))  # a fresh-looking session each time


@pytest.mark.slow
def test_resume_after_sigkill_leaves_only_whole_reports(tmp_path: Path) -> None:
    ids = [f"Participant {i:02d}" for i in range(12)]
    make_cohort(tmp_path / "c", ids)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [str(BIN / "cxkit"), "assess", str(tmp_path / "c"), "--out", str(out), "--workers", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    reports = out / "participants"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and len(list(reports.glob("*.ipynb"))) < 3:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)  # no clean-up of any kind
    proc.wait()
    done_before = {p.stem for p in reports.glob("*.ipynb")}
    assert 3 <= len(done_before) < len(ids), "kill the runner mid-run"
    for p in reports.glob("*.ipynb"):  # every report in place is whole
        assert read_result(nbformat.read(p, as_version=4))["status"] == "complete"
        assert p.with_suffix(".html").read_text().rstrip().endswith("</html>")
    before = {p.stem: p.stat().st_mtime_ns for p in reports.glob("*.ipynb")}
    # Resume as a coach would: the same command again (a clean process, the kit's own registry).
    r = subprocess.run(
        [str(BIN / "cxkit"), "assess", str(tmp_path / "c"), "--out", str(out), "--workers", "2"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    after = {p.stem: p.stat().st_mtime_ns for p in reports.glob("*.ipynb")}
    assert {stem: after[stem] for stem in done_before} == before  # finished reports were skipped
    assert len(after) == len(ids)
    for p in reports.glob("*.ipynb"):
        assert read_result(nbformat.read(p, as_version=4))["status"] == "complete"
    assert len(list(reports.glob("*.html"))) == len(ids)


@pytest.mark.slow
def test_dask_local_cluster_gives_same_results_resume_and_failures(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    ids = ["Ada", "Grace Hopper", "Hangs Forever", "=HYPERLINK(1)"]
    make_cohort(tmp_path / "c", ids)
    (tmp_path / "c" / "zz-broken.workbook.json").write_text("not json")
    local = assess_cohort(tmp_path / "c", tmp_path / "local", workers=2, progress=False)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as lc,
        Client(lc) as client,
    ):
        s = assess_cohort(
            tmp_path / "c", tmp_path / "dask", dask=client, time_limit=10, progress=False,
            test_hang={"Hangs Forever": 3600},
        )  # fmt: skip
        by_id = {o.entry.participant_id: o for o in s.outcomes}
        assert (
            by_id["Hangs Forever"].status == "failed"
            and "time limit" in by_id["Hangs Forever"].error
        )
        assert any("not valid JSON" in o.error for o in s.failures)
        ref = {o.entry.participant_id: o.result for o in local.outcomes if o.status == "assessed"}
        for pid, o in by_id.items():
            if pid and pid != "Hangs Forever":
                assert o.status == "assessed"
                assert o.result == ref[pid]  # same scores as on this machine
                html = (tmp_path / "dask" / "participants" / f"{o.entry.stem}.html").read_text()
                assert (
                    html
                    == (tmp_path / "local" / "participants" / f"{o.entry.stem}.html").read_text()
                )
        again = assess_cohort(tmp_path / "c", tmp_path / "dask", dask=client, progress=False)
        st = {o.entry.participant_id: o.status for o in again.outcomes if o.entry.participant_id}
        assert st == {"Ada": "unchanged", "Grace Hopper": "unchanged", "=HYPERLINK(1)": "unchanged",
                      "Hangs Forever": "assessed"}  # fmt: skip


def test_results_are_recorded_under_cxkit_mime_type() -> None:
    nb = nbformat.read(notebook_path(), as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and "workbook_path" in params[0].source
    assert "record()" in nb.cells[-1].source and RESULT_MIME.startswith("application/vnd.cxkit")
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")  # committed clean


def test_engines_are_found_by_plain_papermill() -> None:
    """The entry points let `papermill --engine cxkit-pool` work without importing cxkit first."""
    import subprocess
    import sys

    code = (
        "from papermill.engines import papermill_engines as e\n"
        "print(e.get_engine('cxkit-pool').__name__, e.get_engine('cxkit-fresh').__name__)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.stdout.split() == ["PooledEngine", "FreshEngine"], r.stderr
    # and importing the kit first must not trip over papermill loading its entry points
    r = subprocess.run(
        [sys.executable, "-c", "import cxkit.assess.engine"], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr


def test_a_missing_kernel_falls_back_to_this_pythons_and_says_so() -> None:
    from cxkit.assess.runner import resolve_kernel

    assert resolve_kernel("python3") == ("python3", "")
    name, note = resolve_kernel("no-such-kernel-cxkit-test")
    assert name == "python3"
    assert "'no-such-kernel-cxkit-test' Jupyter kernel is not installed" in note
    assert "python3 kernel" in note
