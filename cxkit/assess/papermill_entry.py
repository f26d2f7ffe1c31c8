"""papermill entry points for the kit's engines.

papermill loads entry points while it is itself being imported, and the real
engines import papermill, so these proxies import them only when called.
"""

from __future__ import annotations

from typing import Any


def _engine(name: str) -> Any:
    from cxkit.assess import engine

    return getattr(engine, name)


class PooledEngine:
    """Proxy for cxkit.assess.engine.PooledEngine (warm kernel reused between notebooks)."""

    @classmethod
    def execute_notebook(cls, *args: Any, **kwargs: Any) -> Any:
        """Run a notebook with a warm pooled kernel."""
        return _engine("PooledEngine").execute_notebook(*args, **kwargs)

    @classmethod
    def nb_kernel_name(cls, *args: Any, **kwargs: Any) -> str:
        """The kernel name papermill should use."""
        return _engine("PooledEngine").nb_kernel_name(*args, **kwargs)

    @classmethod
    def nb_language(cls, *args: Any, **kwargs: Any) -> str:
        """The notebook's language."""
        return _engine("PooledEngine").nb_language(*args, **kwargs)


class FreshEngine(PooledEngine):
    """Proxy for cxkit.assess.engine.FreshEngine (a new kernel per notebook)."""

    @classmethod
    def execute_notebook(cls, *args: Any, **kwargs: Any) -> Any:
        """Run a notebook with a fresh kernel."""
        return _engine("FreshEngine").execute_notebook(*args, **kwargs)
