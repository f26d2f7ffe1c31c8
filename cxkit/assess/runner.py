"""``cxkit assess COHORT``: run the assessment notebook for every participant of a cohort.

Plan, run, write:

- **plan**: read every ``*.workbook.json`` in the cohort folder (as ``cxkit collect``
  leaves it). A file that is not a usable workbook, or two files for one
  participant, becomes a failure line and is never run. A participant whose
  report is complete for the same workbook bytes and the same inputs (notebook,
  key options, gradebook, kit version) is skipped: that is resume.
- **run**: local worker processes (default: one per core) with warm pooled kernels,
  or fresh kernels, or a Dask cluster (``--dask ADDRESS``). Each worker gets the
  workbook's bytes and returns the executed notebook and HTML, so cluster workers
  need no shared folder. A per-participant time limit holds everywhere.
- **write**: only this process writes, atomically (temp file, fsync, rename): the
  HTML first, then the executed notebook, which is the "complete" marker. Killing
  the runner at any moment leaves every report either whole-old or whole-new.
  Then the cohort's ``summary.csv``, ``failures.csv`` and ``cohort.html``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cxkit import __version__
from cxkit.assess import RESULT_MIME, notebook_path
from cxkit.errors import CxkitError, Reason
from cxkit.spreadsheet import csv_bytes
from cxkit.words import plural
from cxkit.workbook import (
    MAX_FILE_BYTES,
    WORKBOOK_SUFFIX,
    WorkbookError,
    atomic_write_bytes,
    parse_workbook,
    safe_file_stem,
)

REPORTS_DIR = "participants"
FAILED_DIR = "failed"
DEFAULT_TIME_LIMIT = 300.0
HARD_LIMIT_GRACE = 90.0  # beyond the kernel watchdog: kernel start-up plus HTML export


@dataclass
class Entry:
    """One workbook file of the cohort and what the plan decided for it."""

    path: Path
    participant_id: str = ""
    stem: str = ""
    sha256: str = ""
    problem: str = ""
    action: str = ""  # "run" | "skip" | "fail"


@dataclass
class Outcome:
    """What happened to one participant in this run (or was found complete from before)."""

    entry: Entry
    status: str  # "assessed" | "unchanged" | "failed"
    result: dict = field(default_factory=dict)
    error: str = ""
    seconds: float = 0.0


@dataclass
class AssessSummary:
    """The run's outcomes and where the cohort outputs were written."""

    out_dir: Path
    outcomes: list[Outcome]
    seconds: float
    kernel_note: str = ""  # which Jupyter kernel ran the assessment, when not the one asked for

    def count(self, status: str) -> int:
        """How many participants ended with this status."""
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failures(self) -> list[Outcome]:
        """The participants (or files) that could not be assessed."""
        return [o for o in self.outcomes if o.status == "failed"]


class KernelError(CxkitError):
    """No Jupyter kernel can run the assessment."""

    reason = Reason.KERNEL


def resolve_kernel(requested: str = "cxkit") -> tuple[str, str]:
    """The kernel to run in, and a sentence saying which it is when not the one requested.

    The kit's own kernel (``cxkit``) is registered by ``python course.py lab``; after a
    plain ``pip install -e .`` it is missing, so the assessment falls back to the
    running Python's kernel (``python3``, which Jupyter starts with this Python) and
    says so. If neither exists, KernelError says how to register one.
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    ksm = KernelSpecManager()
    try:
        ksm.get_kernel_spec(requested)
        return requested, ""
    except NoSuchKernel:
        pass
    try:
        spec = ksm.get_kernel_spec("python3")
    except NoSuchKernel:
        raise KernelError(
            f"No Jupyter kernel named {requested!r}, and no python3 kernel to fall back to. "
            f"Register one: {sys.executable} -m ipykernel install --user --name {requested}"
        ) from None
    exe = spec.argv[0] if spec.argv else "python"
    which = sys.executable if exe in ("python", "python3") else exe
    return "python3", (
        f"The {requested!r} Jupyter kernel is not installed, so the assessment used the "
        f"python3 kernel ({which}). To use the kit's own kernel: python course.py lab"
    )


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def plan(cohort: Path) -> list[Entry]:
    """Read the cohort folder: one entry per workbook file, with its id, stem and problems."""
    files = sorted(p for p in cohort.glob(f"*{WORKBOOK_SUFFIX}") if p.is_file())
    entries: list[Entry] = []
    for path in files:
        e = Entry(path)
        try:
            if path.is_symlink():
                raise WorkbookError(path, "it is a symbolic link; links are never followed.")
            if path.stat().st_size > MAX_FILE_BYTES:
                raise WorkbookError(path, "the file is larger than any workbook should be.")
            raw = path.read_bytes()
            data = parse_workbook(raw, path)
            e.participant_id = data["participant_id"].strip()
            e.sha256 = _sha(raw)
        except (CxkitError, OSError) as exc:
            e.problem, e.action = str(exc), "fail"
        entries.append(e)
    by_id: dict[str, list[Entry]] = {}
    for e in entries:
        if not e.problem:
            by_id.setdefault(e.participant_id, []).append(e)
    for pid, group in by_id.items():
        if len(group) > 1:  # never guess which hand-in counts
            names = ", ".join(g.path.name for g in group)
            for g in group:
                g.problem = (
                    f"{g.path}: participant {pid!r} has {len(group)} workbooks in the cohort "
                    f"({names}). Keep the one that counts (cxkit collect does this) and re-run."
                )
                g.action = "fail"
    stems: dict[str, list[Entry]] = {}
    for e in entries:
        if not e.problem:
            e.stem = safe_file_stem(e.participant_id)
            stems.setdefault(e.stem, []).append(e)
    for group in stems.values():
        if len(group) > 1:  # different ids, same file name: add a stable hash of the id
            for g in group:
                g.stem = f"{g.stem}-{_sha(g.participant_id.encode())[:6]}"
    return entries


def inputs_fingerprint(template: str, parameters: dict, gradebook: Path | None) -> str:
    """A hash of everything besides the workbook that shapes a report; resume compares it."""
    gb = _sha(gradebook.read_bytes()) if gradebook and gradebook.is_file() else ""
    try:  # a corrected answer key must re-grade everyone
        from cxkit.coach.grading import load_key

        sol = parameters.get("solutions_dir") or None
        key = load_key(Path(sol) if sol else None).fingerprint
    except ImportError:
        key = ""
    import cxkit.assess.report as report_mod
    import cxkit.plots.reports as plots_mod
    import cxkit.reports.html as html_mod
    import cxkit.reports.participant as doc_mod

    # A change to any module that draws the report makes every report out of date.
    mods = (report_mod, plots_mod, html_mod, doc_mod)
    code = "".join(Path(m.__file__).read_text(encoding="utf-8") for m in mods)
    payload = json.dumps(
        {
            "t": _sha(template.encode()),
            "c": _sha(code.encode()),
            "k": key,
            "p": parameters,
            "g": gb,
            "v": __version__,
        },
        sort_keys=True,
    )
    return _sha(payload.encode())[:20]


def completed_result(out_dir: Path, e: Entry, fingerprint: str) -> dict | None:
    """The recorded result if this participant's report is complete and current, else None."""
    nb_path = out_dir / REPORTS_DIR / f"{e.stem}.ipynb"
    html_path = out_dir / REPORTS_DIR / f"{e.stem}.html"
    if not (nb_path.is_file() and html_path.is_file() and html_path.stat().st_size):
        return None
    import nbformat

    from cxkit.assess.worker import read_result

    try:
        nb = nbformat.read(nb_path, as_version=4)
    except Exception:  # unreadable: redo it
        return None
    meta = nb.metadata.get("cxkit_assessment", {})
    rec = read_result(nb)
    if (
        rec is None
        or rec.get("status") != "complete"
        or rec.get("workbook_sha256") != e.sha256
        or rec.get("participant_id") != e.participant_id
        or meta.get("inputs") != fingerprint
    ):
        return None
    return rec


# -- running ---------------------------------------------------------------------------------
def worker_main(fd: int) -> None:
    """A local worker process: run tasks from the socket until told to stop (or the runner dies)."""
    from multiprocessing.connection import Connection

    from cxkit.assess.engine import shutdown_pool
    from cxkit.assess.worker import execute_task

    conn = Connection(fd)
    try:
        while True:
            try:
                task = conn.recv()
            except (EOFError, OSError):  # the runner is gone: stop, and take the kernels along
                break
            if task is None:
                break
            conn.send(execute_task(task))
    finally:
        shutdown_pool()


class _Worker:
    """One worker process and its end of the socket pair."""

    def __init__(self, slot: int, log_dir: Path) -> None:
        import socket
        import subprocess
        from multiprocessing.connection import Connection

        ours, theirs = socket.socketpair()
        # A plain subprocess, not multiprocessing's spawn: that would re-import the caller's
        # __main__ (a coach's script) in every worker. Kernel chatter goes to a log file.
        code = f"from cxkit.assess.runner import worker_main; worker_main({theirs.fileno()})"
        with open(log_dir / f"worker-{slot}.log", "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", code],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        theirs.close()
        self.conn = Connection(ours.detach())

    def alive(self) -> bool:
        """Whether the process is still running."""
        return self.proc.poll() is None

    def kill(self) -> None:
        """Kill the process (its kernels notice their parent is gone and exit: JPY_PARENT_PID)."""
        if self.alive():
            self.proc.kill()
        with contextlib.suppress(Exception):
            self.proc.wait(timeout=5)
        with contextlib.suppress(Exception):
            self.conn.close()


class LocalPool:
    """Worker processes that each keep their own warm kernel; a hung worker is killed and replaced."""

    def __init__(self, workers: int, log_dir: Path) -> None:
        self.n = max(1, workers)
        self.log_dir = log_dir

    def run(
        self, tasks: Iterable[dict], hard_limit: float, on_result: Callable[[dict], None]
    ) -> None:
        """Run every task, calling on_result for each (in this process) as it finishes."""
        from multiprocessing.connection import wait

        pending = deque(tasks)
        slots = [_Worker(i, self.log_dir) for i in range(min(self.n, len(pending)))]
        busy: dict[int, tuple[dict, float]] = {}
        try:
            while pending or busy:
                for i in range(len(slots)):
                    if i not in busy and pending:
                        task = pending.popleft()
                        try:
                            slots[i].conn.send(task)
                        except OSError:  # died while idle: replace it and try again
                            slots[i].kill()
                            slots[i] = _Worker(i, self.log_dir)
                            slots[i].conn.send(task)
                        busy[i] = (task, time.monotonic() + hard_limit)
                nearest = min(d for _, d in busy.values())
                ready = wait(
                    [slots[i].conn for i in busy], timeout=max(0.05, nearest - time.monotonic())
                )
                for i in list(busy):
                    w = slots[i]
                    task, deadline = busy[i]
                    res = None
                    if w.conn in ready:
                        try:
                            res = w.conn.recv()
                        except (EOFError, OSError):
                            w.proc.wait(timeout=5)
                            res = _failed(
                                task, f"its worker process died (exit code {w.proc.returncode})."
                            )
                    elif time.monotonic() > deadline:
                        res = _failed(
                            task, f"it ran past the time limit ({hard_limit:g} s in all); stopped."
                        )
                    if res is None:
                        continue
                    del busy[i]
                    if w.conn not in ready or not w.alive():  # killed or died: replace it
                        w.kill()
                        slots[i] = _Worker(i, self.log_dir)
                    on_result(res)
        finally:
            for w in slots:
                with contextlib.suppress(Exception):
                    w.conn.send(None)
            for w in slots:
                with contextlib.suppress(Exception):
                    w.proc.wait(timeout=5)
                w.kill()


def _failed(task: dict, why: str) -> dict:
    return {"stem": task["stem"], "ok": False, "error": why, "notebook": None}


def _run_dask(
    address: Any, tasks: list[dict], on_result: Callable[[dict], None], window: int = 0
) -> None:
    """Send the tasks to a Dask cluster (an address or a Client), a window of them at a time."""
    from distributed import Client, as_completed

    from cxkit.assess.worker import execute_task

    client = address if isinstance(address, Client) else Client(address)
    try:
        with contextlib.suppress(Exception):  # shut pooled kernels down with each worker
            from cxkit.assess.plugin import KernelPoolPlugin

            client.register_plugin(KernelPoolPlugin(), name="cxkit-kernel-pool")
        if not window:
            threads = sum(client.nthreads().values()) or 1
            window = max(4, 3 * threads)
        todo = deque(tasks)
        by_future: dict[Any, dict] = {}
        ac = as_completed()

        def submit() -> None:
            t = todo.popleft()
            # pure=False: a re-run must run again, never reuse an old result
            f = client.submit(
                execute_task, t, pure=False, key=f"cxkit-assess-{t['stem']}-{time.time_ns()}"
            )
            by_future[f] = t
            ac.add(f)

        for _ in range(min(window, len(todo))):
            submit()
        for fut in ac:
            task = by_future.pop(fut)
            try:
                res = fut.result()
            except Exception as exc:  # the worker died or the task could not run
                res = _failed(
                    task, f"the Dask cluster could not run it ({type(exc).__name__}: {exc})"
                )
            on_result(res)
            if todo:
                submit()
    finally:
        if not isinstance(address, Client):
            client.close()


# -- writing ---------------------------------------------------------------------------------
def _write_report(out_dir: Path, e: Entry, res: dict, fingerprint: str, engine: str) -> None:
    import nbformat

    nb = nbformat.reads(res["notebook"], as_version=4)
    nb.metadata["cxkit_assessment"] = {
        "inputs": fingerprint,
        "workbook_sha256": e.sha256,
        "engine": engine,
        "seconds": res.get("seconds"),
    }
    reports = out_dir / REPORTS_DIR
    atomic_write_bytes(reports / f"{e.stem}.html", res["html"].encode("utf-8"))
    atomic_write_bytes(reports / f"{e.stem}.ipynb", nbformat.writes(nb).encode("utf-8"))
    with contextlib.suppress(FileNotFoundError):
        (out_dir / FAILED_DIR / f"{e.stem}.ipynb").unlink()


def _write_failed_notebook(out_dir: Path, e: Entry, res: dict) -> None:
    if res.get("notebook"):  # for the coach: the executed notebook up to the error
        atomic_write_bytes(out_dir / FAILED_DIR / f"{e.stem}.ipynb", res["notebook"].encode())


def assess_cohort(
    cohort: Path | str,
    out_dir: Path | str | None = None,
    *,
    workers: int | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
    fresh_kernels: bool = False,
    dask: Any = None,
    solutions_dir: Path | str | None = None,
    gradebook: Path | str | None = None,
    course_name: str = "Outside-In Customer Experience",
    kernel_name: str = "cxkit",
    force: bool = False,
    progress: bool = True,
    test_hang: dict[str, float] | None = None,
) -> AssessSummary:
    """Assess every participant in a cohort folder; return the outcomes (never raises per participant)."""
    from tqdm import tqdm

    t0 = time.perf_counter()
    cohort = Path(cohort)
    if not cohort.is_dir():
        raise FileNotFoundError(f"{cohort}: no such cohort folder. Run cxkit collect first.")
    out = Path(out_dir) if out_dir else cohort / "assessment"
    for sub in (REPORTS_DIR, FAILED_DIR, "logs"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    if gradebook is None and (cohort / "gradebook.sqlite").is_file():
        gradebook = cohort / "gradebook.sqlite"
    gb = Path(gradebook).resolve() if gradebook else None
    template = notebook_path().read_text(encoding="utf-8")
    params = {
        "solutions_dir": str(Path(solutions_dir).resolve()) if solutions_dir else "",
        "gradebook_path": str(gb) if gb else "",
        "course_name": course_name,
    }
    kernel_name, kernel_note = resolve_kernel(kernel_name)
    fingerprint = inputs_fingerprint(template, params, gb)
    engine = "cxkit-fresh" if fresh_kernels else "cxkit-pool"

    entries = plan(cohort)
    outcomes: list[Outcome] = []
    todo: list[Entry] = []
    for e in entries:
        if e.action == "fail":
            outcomes.append(Outcome(e, "failed", error=e.problem))
            continue
        rec = None if force else completed_result(out, e, fingerprint)
        if rec is not None:
            e.action = "skip"
            outcomes.append(Outcome(e, "unchanged", result=rec))
        else:
            e.action = "run"
            todo.append(e)

    by_stem = {e.stem: e for e in todo}
    hang = test_hang or {}

    def tasks():
        for e in todo:
            p = dict(params)
            if e.participant_id in hang:  # test hook: chosen by the caller, never by a workbook
                p["test_hang_seconds"] = float(hang[e.participant_id])
            yield {
                "stem": e.stem,
                "workbook": e.path.read_bytes(),
                "sha256": e.sha256,
                "notebook": template,
                "parameters": p,
                "engine": engine,
                "kernel_name": kernel_name,
                "time_limit": time_limit,
            }

    bar = tqdm(
        total=len(todo), desc="Assessing", unit="participant", disable=not progress, file=sys.stderr
    )

    def on_result(res: dict) -> None:
        e = by_stem[res["stem"]]
        if res.get("ok") and _sha(e.path.read_bytes()) != e.sha256:
            res = {**res, "ok": False, "error": "the workbook changed during the run; re-run."}
        if res.get("ok"):
            _write_report(out, e, res, fingerprint, engine)
            outcomes.append(Outcome(e, "assessed", res["result"], seconds=res.get("seconds", 0)))
        else:
            _write_failed_notebook(out, e, res)
            outcomes.append(Outcome(e, "failed", error=res.get("error", "unknown error")))
        bar.update(1)
        bar.set_postfix(failed=sum(1 for o in outcomes if o.status == "failed"), refresh=False)

    try:
        if todo:
            if dask is not None:
                _run_dask(dask, list(tasks()), on_result)
            else:
                n = workers or os.cpu_count() or 1
                LocalPool(min(n, len(todo)), out / "logs").run(
                    tasks(), time_limit + HARD_LIMIT_GRACE, on_result
                )
    finally:
        bar.close()
        summary = AssessSummary(out, outcomes, time.perf_counter() - t0, kernel_note)
        write_cohort_outputs(summary)
    return summary


# -- cohort outputs ---------------------------------------------------------------------------
def _rows(summary: AssessSummary) -> tuple[list[str], list[list[Any]]]:
    concepts = sorted({c for o in summary.outcomes for c in o.result.get("by_concept", {})})
    head = [
        "participant_id",
        "status",
        "total",
        "max_total",
        "percent",
        "pending_rubric",
        "answered",
        "questions",
        *[f"{c} %" for c in concepts],
        "report",
        "workbook",
        "error",
    ]
    rows = []
    for o in sorted(summary.outcomes, key=lambda o: (o.entry.participant_id, o.entry.path.name)):
        r = o.result
        mx = r.get("max_total") or 0
        pct = round(100 * r["total"] / mx, 1) if mx else ""
        by = r.get("by_concept", {})
        rows.append(
            [
                o.entry.participant_id,
                o.status,
                r.get("total", ""),
                r.get("max_total", ""),
                pct,
                r.get("pending", ""),
                r.get("answered", ""),
                r.get("questions", ""),
                *[
                    round(100 * by[c][0] / by[c][1], 1) if c in by and by[c][1] else ""
                    for c in concepts
                ],
                f"{REPORTS_DIR}/{o.entry.stem}.html" if o.status != "failed" else "",
                o.entry.path.name,
                o.error,
            ]
        )
    return head, rows


def write_cohort_outputs(summary: AssessSummary) -> None:
    """Write summary.csv, failures.csv and cohort.html for the run (atomically)."""
    head, rows = _rows(summary)
    atomic_write_bytes(summary.out_dir / "summary.csv", csv_bytes(head, rows))
    fails = [[o.entry.path.name, o.entry.participant_id, o.error] for o in summary.failures]
    atomic_write_bytes(
        summary.out_dir / "failures.csv",
        csv_bytes(["workbook", "participant_id", "reason"], fails),
    )
    atomic_write_bytes(summary.out_dir / "cohort.html", cohort_page(summary).encode("utf-8"))


def cohort_page(summary: AssessSummary) -> str:
    """The run's cohort page: the report layer's cohort document, linking each participant's report."""
    from cxkit.reports.cohort import cohort_html

    done = [o for o in summary.outcomes if o.status != "failed" and o.result.get("max_total")]
    done.sort(key=lambda o: o.entry.participant_id.lower())
    results = [{**o.result, "participant_id": o.entry.participant_id, "notes": ""} for o in done]
    this_run = {"assessed": "assessed in this run", "unchanged": "unchanged since the last run"}
    intro = [
        f"{plural(len(done), 'participant')} with a report ({summary.count('assessed')} assessed "
        f"in this run, {summary.count('unchanged')} unchanged since the last run); "
        f"<b>{plural(len(summary.failures), 'workbook')} could not be assessed</b>. "
        f"Run time {summary.seconds:.1f} s."
    ]
    return cohort_html(
        results,
        title="Cohort assessment",
        intro=intro,
        marks={o.entry.participant_id: this_run.get(o.status, o.status) for o in done},
        marks_header="This run",
        links={o.entry.participant_id: f"{REPORTS_DIR}/{o.entry.stem}.html" for o in done},
        failures=[(o.entry.path.name, o.entry.participant_id, o.error) for o in summary.failures],
    )


__all__ = ["RESULT_MIME", "AssessSummary", "assess_cohort", "plan"]
