"""Kernel-side reset for pooled kernels: put back what a notebook may have changed.

A warm kernel runs :func:`snapshot` once after start-up and :func:`restore` before
each participant (after IPython's own ``reset(new_session=True)``, which clears the
user namespace, ``In``/``Out`` and the execution counter). Modules stay imported:
that is the saving. Module state that could carry one participant into another's
report is reset here.
"""

from __future__ import annotations

import os
import sys
import warnings
from typing import Any

_saved: dict[str, Any] = {}


def snapshot() -> None:
    """Remember the process state of a freshly started kernel."""
    import matplotlib

    _saved.update(
        cwd=os.getcwd(),
        environ=dict(os.environ),
        path=list(sys.path),
        warnings=list(warnings.filters),
        rc=dict(matplotlib.rcParams),
    )


def restore() -> None:
    """Put the process back as :func:`snapshot` saw it and drop per-participant caches."""
    if not _saved:
        raise RuntimeError("kernel_state.restore() called before snapshot()")
    os.chdir(_saved["cwd"])
    os.environ.clear()
    os.environ.update(_saved["environ"])
    sys.path[:] = _saved["path"]
    warnings.filters[:] = _saved["warnings"]
    import matplotlib

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        matplotlib.rcParams.update(_saved["rc"])
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    if "pandas" in sys.modules:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sys.modules["pandas"].reset_option("all")
    import cxkit.session

    cxkit.session._current = None  # the participant's session, if a notebook opened one
    import gc

    gc.collect()
