"""One participant's assessment, as a worker runs it: parameters, papermill, HTML.

:func:`execute_task` is what a local worker process or a Dask worker calls. It gets
the workbook's bytes (so workers need no shared folder), runs the notebook with
papermill through a cxkit engine, and returns the executed notebook, its HTML and
the recorded result. It never raises: a failure comes back as data with the reason.
"""

from __future__ import annotations

import ast
import contextlib
import math
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from cxkit.assess import RESULT_MIME
from cxkit.workbook import atomic_write_bytes

REMOVE_TAGS = {"remove-cell", "injected-parameters", "parameters"}
MAX_PARAM_CHARS = 4096


class UnsafeParameter(ValueError):
    """A notebook parameter is not a plain value papermill can inject as a literal."""


def safe_parameters(params: dict[str, Any]) -> str:
    """Check every parameter is a plain literal and return the exact code papermill will inject."""
    from papermill.translators import PythonTranslator

    for name, value in params.items():
        if not isinstance(name, str) or not name.isidentifier():
            raise UnsafeParameter(f"parameter name {name!r} is not a Python identifier")
        if value is not None and not isinstance(value, bool | int | float | str):
            raise UnsafeParameter(f"parameter {name} must be text, a number or a flag")
        if isinstance(value, float) and not math.isfinite(value):
            raise UnsafeParameter(f"parameter {name} is not a finite number")
        if isinstance(value, str) and (
            len(value) > MAX_PARAM_CHARS or any(ord(c) < 32 or ord(c) == 127 for c in value)
        ):
            raise UnsafeParameter(f"parameter {name} is too long or holds control characters")
    code = PythonTranslator.codify(params)
    # Prove the injected cell is only `name = literal` lines that give back the same values.
    tree = ast.parse(code)
    seen = {}
    for stmt in tree.body:
        if not (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
        ):
            raise UnsafeParameter(
                f"injected cell has a statement that is not an assignment: {code}"
            )
        seen[stmt.targets[0].id] = ast.literal_eval(stmt.value)
    if seen != {k: v for k, v in params.items()}:
        raise UnsafeParameter("injected cell would not reproduce the parameters exactly")
    return code


_exporter = None


def to_html(nb: Any, title: str) -> str:
    """The participant's HTML report: outputs only, coach-only cells removed."""
    global _exporter
    if _exporter is None:
        from nbconvert import HTMLExporter
        from nbconvert.preprocessors import TagRemovePreprocessor

        _exporter = HTMLExporter(
            template_name="lab",
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
        )
        _exporter.register_preprocessor(
            TagRemovePreprocessor(remove_cell_tags=REMOVE_TAGS, enabled=True), enabled=True
        )
    body, _ = _exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


def read_result(nb: Any) -> dict | None:
    """The result the notebook recorded under cxkit's MIME type, or None if it never got there."""
    for cell in reversed(nb.cells):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if RESULT_MIME in data:
                rec = data[RESULT_MIME]
                return rec if isinstance(rec, dict) else None
    return None


def _error_text(nb: Any) -> str:
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return f"{out.get('ename')}: {out.get('evalue')}"
    return ""


def execute_task(task: dict) -> dict:
    """Assess one participant; return status, reason, executed notebook, HTML and the result."""
    t0 = time.perf_counter()
    out: dict[str, Any] = {"stem": task["stem"], "ok": False, "error": "", "notebook": None}
    wb_path = wb_dir = None
    try:
        import nbformat
        import papermill
        from papermill.exceptions import PapermillExecutionError

        import cxkit.assess.engine  # noqa: F401  (registers the engines)

        # Content-addressed, so the injected path (and so the report) is the same on every run.
        wb_dir = Path(tempfile.gettempdir()) / "cxkit-assess" / task["sha256"][:24]
        wb_dir.mkdir(parents=True, exist_ok=True)
        wb_path = wb_dir / f"{task['stem']}.workbook.json"  # stem: from a validated id
        atomic_write_bytes(wb_path, task["workbook"])
        with tempfile.TemporaryDirectory(prefix="cxkit-assess-") as tmp:
            params = {**task.get("parameters", {}), "workbook_path": str(wb_path)}
            safe_parameters(params)
            nb_in = nbformat.reads(task["notebook"], as_version=4)
            out_path = Path(tmp) / "executed.ipynb"
            error = ""
            try:
                papermill.execute_notebook(
                    nb_in,
                    str(out_path),
                    parameters=params,
                    engine_name=task.get("engine", "cxkit-pool"),
                    kernel_name=task.get("kernel_name", "cxkit"),
                    progress_bar=False,
                    request_save_on_cell_execute=False,
                    time_limit=task.get("time_limit"),
                )
            except PapermillExecutionError as exc:
                error = f"the notebook stopped with {exc.ename}: {exc.evalue}"
            if not out_path.exists():
                raise RuntimeError(error or "papermill wrote no notebook")
            nb = nbformat.read(out_path, as_version=4)
            for cell in nb.cells:  # papermill gives its cell a random id: keep reports reproducible
                if "injected-parameters" in cell.metadata.get("tags", []):
                    cell.id = "injected-parameters"
            out["notebook"] = nbformat.writes(nb)
            rec = read_result(nb)
            if error or rec is None:
                out["error"] = error or (
                    _error_text(nb) or "the notebook finished without recording a result"
                )
            elif rec.get("workbook_sha256") != task["sha256"]:
                out["error"] = "the notebook graded a different workbook than the one sent"
            else:
                out["result"] = rec
                out["html"] = to_html(nb, f"Feedback report ({task['stem']})")
                out["ok"] = True
    except Exception as exc:  # isolate: this participant fails, the batch goes on
        name = type(exc).__name__
        msg = str(exc).strip() or name
        out["error"] = msg if name in ("TimeLimitExceeded",) else f"{name}: {msg}"
        out["trace"] = traceback.format_exc(limit=8)
    finally:
        with contextlib.suppress(Exception):
            wb_path.unlink()
            wb_dir.rmdir()
    out["seconds"] = round(time.perf_counter() - t0, 3)
    return out
