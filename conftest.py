"""Suite-wide settings: keep every test's (and every notebook kernel's) workbooks out of the repo."""

import os
import tempfile

# Set before any kernel starts, so nbval's kernels inherit it too.
os.environ.setdefault("MPLBACKEND", "Agg")
if "CXKIT_WORKBOOK_DIR" not in os.environ:
    os.environ["CXKIT_WORKBOOK_DIR"] = tempfile.mkdtemp(prefix="cxkit-test-workbooks-")
