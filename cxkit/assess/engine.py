"""papermill engines for batch assessment: warm pooled kernels, or a fresh kernel per run.

Both engines are registered with papermill as ``cxkit-pool`` and ``cxkit-fresh``
and share the defences against papermill's known parallel pitfalls:

- kernels talk over IPC sockets in a private temporary folder, so kernels started
  at the same moment cannot race for TCP ports (papermill #511, #239);
- IPython history goes to ``:memory:`` so kernels never fight over one SQLite
  database;
- a watchdog kills the kernel when the per-participant time limit is reached, so a
  hung kernel (one that ignores interrupts, or never answers after its last cell,
  papermill #711) fails that participant instead of hanging the batch.

``cxkit-pool`` keeps one started kernel per thread and reuses it: before each
notebook it runs IPython's ``reset(new_session=True)`` and
:func:`cxkit.assess.kernel_state.restore`, so nothing of one participant reaches
the next; after any failure the kernel is thrown away. Imports and kernel start-up
are paid once per worker instead of once per participant.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
import threading
import time
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import Engine, papermill_engines
from papermill.log import logger

KERNEL_ARGS = ["--HistoryManager.hist_file=:memory:", "--HistoryManager.enabled=False"]
START_TIMEOUT_S = 60.0
WARM_CODE = (
    "import cxkit.assess.report, cxkit.plots.reports, cxkit.assess.kernel_state as _cx_ks\n"
    "cxkit.assess.report.warm(); _cx_ks.snapshot(); del _cx_ks"
)
RESET_CODE = (
    "get_ipython().reset(new_session=True, aggressive=False)\n"
    "import cxkit.assess.kernel_state as _cx_ks\n"
    "_cx_ks.restore(); del _cx_ks"
)


class TimeLimitExceeded(RuntimeError):
    """The notebook for one participant ran past its time limit and its kernel was killed."""


class IPCKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel listens on IPC sockets in a private temporary folder."""

    def __init__(self, **kwargs: Any) -> None:
        self._ipc_dir = tempfile.mkdtemp(prefix="cxk-")  # short: socket paths have a length limit
        kwargs.setdefault("transport", "ipc")
        kwargs.setdefault("ip", os.path.join(self._ipc_dir, "k"))
        super().__init__(**kwargs)

    def remove_ipc_dir(self) -> None:
        """Delete the socket folder (after the kernel is gone)."""
        shutil.rmtree(self._ipc_dir, ignore_errors=True)


class WarmKernel:
    """A started kernel with its client, reused for many notebooks in one thread."""

    def __init__(self, kernel_name: str) -> None:
        self.kernel_name = kernel_name
        self.km = IPCKernelManager(kernel_name=kernel_name)
        # A stable working folder: a participant's temporary folder may be gone by the next run.
        run_sync(self.km.start_kernel)(extra_arguments=list(KERNEL_ARGS), cwd=tempfile.gettempdir())
        self.kc = self.km.client()
        self.kc.start_channels()
        try:
            run_sync(self.kc.wait_for_ready)(timeout=START_TIMEOUT_S)
        except BaseException:
            self.shutdown()
            raise
        self.runs = 0
        self.warm = False

    @property
    def pid(self) -> int | None:
        """The kernel's process id (for the watchdog)."""
        proc = getattr(self.km.provisioner, "process", None)
        return getattr(proc, "pid", None)

    def kill(self) -> None:
        """Kill the kernel process at once (called from the watchdog thread)."""
        proc = getattr(self.km.provisioner, "process", None)
        with contextlib.suppress(Exception):
            proc.kill()

    def run_silently(self, code: str, timeout: float) -> None:
        """Run setup code outside the notebook (no history, no outputs kept); raise if it fails."""
        reply = run_sync(self.kc.execute_interactive)(
            code, silent=True, store_history=False, timeout=timeout, output_hook=lambda m: None
        )
        if reply["content"]["status"] != "ok":
            c = reply["content"]
            raise RuntimeError(f"kernel setup failed: {c.get('ename')}: {c.get('evalue')}")

    def alive(self) -> bool:
        """Whether the kernel process is still running."""
        return bool(run_sync(self.km.is_alive)())

    def shutdown(self) -> None:
        """Stop the channels and the kernel, now."""
        with contextlib.suppress(Exception):
            self.kc.stop_channels()
        with contextlib.suppress(Exception):
            run_sync(self.km.shutdown_kernel)(now=True)
        self.km.remove_ipc_dir()


_local = threading.local()
_all_kernels: list[WarmKernel] = []
_all_lock = threading.Lock()


def _take_kernel(kernel_name: str) -> WarmKernel:
    wk: WarmKernel | None = getattr(_local, "kernel", None)
    if wk is not None and (wk.kernel_name != kernel_name or not wk.alive()):
        _discard(wk)
        wk = None
    if wk is None:
        wk = WarmKernel(kernel_name)
        with _all_lock:
            _all_kernels.append(wk)
        _local.kernel = wk
    return wk


def _discard(wk: WarmKernel) -> None:
    if getattr(_local, "kernel", None) is wk:
        _local.kernel = None
    with _all_lock:
        if wk in _all_kernels:
            _all_kernels.remove(wk)
    wk.shutdown()


def shutdown_pool() -> None:
    """Shut down every pooled kernel of this process (at exit, or when a Dask worker closes)."""
    with _all_lock:
        kernels = list(_all_kernels)
        _all_kernels.clear()
    for wk in kernels:
        wk.shutdown()
    _local.kernel = None


@contextlib.contextmanager
def _watchdog(wk: WarmKernel, time_limit: float | None):
    fired = threading.Event()

    def fire() -> None:
        fired.set()
        wk.kill()

    timer = None
    if time_limit:
        timer = threading.Timer(max(time_limit, 0.01), fire)
        timer.daemon = True
        timer.start()
    try:
        yield fired
    except BaseException as exc:
        if fired.is_set():
            raise TimeLimitExceeded(
                f"it ran longer than the time limit of {time_limit:g} s, so its kernel was stopped."
            ) from exc
        raise
    finally:
        if timer is not None:
            timer.cancel()
    if fired.is_set():  # killed just as the last cell finished: do not trust the result
        raise TimeLimitExceeded(
            f"it reached the time limit of {time_limit:g} s, so its kernel was stopped."
        )


def _execute(nb_man: Any, wk: WarmKernel, kernel_name: str, kwargs: dict) -> None:
    client = PapermillNotebookClient(
        nb_man,
        km=wk.km,
        kernel_name=kernel_name,
        timeout=None,  # the watchdog enforces one limit for the whole notebook
        startup_timeout=int(START_TIMEOUT_S),
        log=logger,
        log_output=False,
        shutdown_kernel="immediate",
    )
    client.kc = wk.kc
    client.execute()


class PooledEngine(Engine):
    """papermill engine that runs notebooks in a warm, reset kernel kept per thread."""

    @classmethod
    def execute_managed_notebook(
        cls, nb_man: Any, kernel_name: str, time_limit: float | None = None, **kwargs: Any
    ) -> Any:
        """Run the notebook's cells in this thread's pooled kernel, resetting it first."""
        wk = _take_kernel(kernel_name)
        ok = False
        try:
            if not wk.warm:  # start-up work, not the participant's: outside their time limit
                wk.run_silently(WARM_CODE, START_TIMEOUT_S)
                wk.warm = True
            deadline = time.monotonic() + time_limit if time_limit else None
            with _watchdog(wk, time_limit):
                left = (deadline - time.monotonic()) if deadline else START_TIMEOUT_S
                wk.run_silently(RESET_CODE, max(left, 0.1))
                _execute(nb_man, wk, kernel_name, kwargs)
            ok = not nb_man.nb.metadata.papermill.get("exception")
            wk.runs += 1
        finally:
            if not ok:  # after any failure, never reuse the kernel
                _discard(wk)


class FreshEngine(Engine):
    """papermill engine with a new kernel per notebook, same IPC, history and watchdog defences."""

    @classmethod
    def execute_managed_notebook(
        cls, nb_man: Any, kernel_name: str, time_limit: float | None = None, **kwargs: Any
    ) -> Any:
        """Start a kernel, run the notebook, shut the kernel down."""
        wk = WarmKernel(kernel_name)
        try:
            with _watchdog(wk, time_limit):
                _execute(nb_man, wk, kernel_name, kwargs)
        finally:
            wk.shutdown()


def register() -> None:
    """Make the engines known to papermill under 'cxkit-pool' and 'cxkit-fresh'."""
    papermill_engines.register("cxkit-pool", PooledEngine)
    papermill_engines.register("cxkit-fresh", FreshEngine)


register()

atexit.register(shutdown_pool)
