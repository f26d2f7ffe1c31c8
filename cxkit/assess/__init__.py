"""Batch assessment: a personal feedback report per participant, and a cohort report.

- :mod:`cxkit.assess.report` is what the assessment notebook calls (grade, show, record).
- :mod:`cxkit.assess.engine` runs the notebook: fresh kernels, or warm pooled kernels
  behind a papermill engine.
- :mod:`cxkit.assess.runner` is ``cxkit assess``: plan, resume, parallel workers or a
  Dask cluster, atomic outputs, the cohort summary.

Kept light: ``cxkit --help`` imports nothing from here.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

# The MIME type under which the notebook records its results; the runner reads it back.
RESULT_MIME = "application/vnd.cxkit.assessment+json"
RESULT_FORMAT = 1


def notebook_path() -> Path:
    """The assessment notebook shipped with the kit."""
    return Path(str(resources.files("cxkit") / "assess" / "assessment.ipynb"))


__all__ = ["RESULT_FORMAT", "RESULT_MIME", "notebook_path"]
