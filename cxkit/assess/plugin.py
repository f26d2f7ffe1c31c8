"""A Dask worker plugin that shuts the worker's pooled kernels down when the worker closes."""

from __future__ import annotations

from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin


class KernelPoolPlugin(WorkerPlugin):
    """Close pooled kernels with the worker, so a cluster never leaves kernels behind."""

    name = "cxkit-kernel-pool"

    def teardown(self, worker: Any) -> None:
        """Shut down every pooled kernel of this worker process."""
        from cxkit.assess.engine import shutdown_pool

        shutdown_pool()
