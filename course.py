#!/usr/bin/env python3
"""Set up the course and open it, or set up and run the tests. Needs only Python 3.10+.

    python3 course.py lab     # create .venv, install cxkit and its kernel, open JupyterLab
    python3 course.py test    # create .venv if needed, run the whole test suite

Both are idempotent: a second run skips the install when nothing changed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".cxkit-installed"
KERNEL = "cxkit"


def _bin(name: str) -> Path:
    sub = "Scripts" if os.name == "nt" else "bin"
    exe = f"{name}.exe" if os.name == "nt" else name
    return VENV / sub / exe


def _fingerprint() -> str:
    h = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    h.update(sys.version.encode())
    return h.hexdigest()


def _run(*cmd: object) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT)


def ensure_env() -> Path:
    """Create .venv and install cxkit with its test extra, unless already done for this pyproject."""
    if sys.version_info < (3, 10):  # noqa: UP036 - this script must speak to old Pythons too
        sys.exit(f"cxkit needs Python 3.10 or newer; this is {sys.version.split()[0]}.")
    python = _bin("python")
    if not python.exists():
        print(f"Creating the course environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    fp = _fingerprint()
    if STAMP.exists() and STAMP.read_text() == fp:
        return python
    _run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    _run(python, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]")
    _run(
        python,
        "-m",
        "ipykernel",
        "install",
        "--sys-prefix",
        "--name",
        KERNEL,
        "--display-name",
        "Python (cxkit)",
    )
    STAMP.write_text(fp)
    return python


def lab(args: list[str]) -> int:
    """Set up, then open the course in JupyterLab."""
    ensure_env()
    print("\nOpening the course in JupyterLab. Start with notebooks/01_outside_in.ipynb.")
    print("Stop JupyterLab with Ctrl-C in this window.\n", flush=True)
    cmd = [
        str(_bin("jupyter")),
        "lab",
        f"--ServerApp.root_dir={ROOT}",
        "--MappingKernelManager.default_kernel_name=" + KERNEL,
        *args,
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers often run as root
    first = ROOT / "notebooks" / "01_outside_in.ipynb"
    if first.exists() and not any(a.startswith("-") and "notebook" in a for a in args):
        cmd.append(str(first.relative_to(ROOT)))
    return subprocess.call(cmd, cwd=ROOT)


def test(args: list[str]) -> int:
    """Set up if needed, then run the whole suite (unit, notebooks, browser, lint)."""
    python = ensure_env()
    return subprocess.call([str(python), "-m", "pytest", *args], cwd=ROOT)


def main() -> int:
    """Dispatch to lab or test."""
    if len(sys.argv) < 2 or sys.argv[1] not in {"lab", "test"}:
        print(__doc__)
        return 2
    cmd, rest = sys.argv[1], sys.argv[2:]
    return lab(rest) if cmd == "lab" else test(rest)


if __name__ == "__main__":
    sys.exit(main())
