"""The README's first command, `python3 course.py lab`, really opens the course in JupyterLab.

Run from inside the course environment (as `python3 course.py test` does), so the set-up
step finds its stamp and skips the install: that is the idempotence the README promises.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
IN_COURSE_VENV = Path(sys.prefix).resolve() == (ROOT / ".venv").resolve()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as r:
        return json.loads(r.read())


@pytest.mark.skipif(
    not IN_COURSE_VENV, reason="runs only inside the course's .venv (python3 course.py test)"
)
def test_course_lab_opens_the_course_with_the_cxkit_kernel(tmp_path: Path) -> None:
    port, token = _free_port(), secrets.token_hex(16)
    log = tmp_path / "lab.log"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "course.py"), "lab", "--no-browser",
             f"--port={port}", "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        specs = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                specs = _get(f"{base}/api/kernelspecs?token={token}")
                break
            except OSError:
                time.sleep(0.5)
        text = log.read_text()
        assert specs is not None, f"JupyterLab did not answer on {base}:\n{text[-3000:]}"
        assert specs["default"] == "cxkit" and "cxkit" in specs["kernelspecs"]
        listing = _get(f"{base}/api/contents/notebooks?token={token}")
        names = {item["name"] for item in listing["content"]}
        assert "01_outside_in.ipynb" in names
        assert "Opening the course in JupyterLab" in text
        assert "pip install" not in text, "a second set-up should skip the install"
        # JupyterLab's own page is served (the course opens in it, not a bare server).
        with urllib.request.urlopen(f"{base}/lab?token={token}", timeout=10) as r:
            assert r.status == 200 and b"JupyterLab" in r.read()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.mark.skipif(
    not IN_COURSE_VENV, reason="runs only inside the course's .venv (python3 course.py test)"
)
@pytest.mark.parametrize(
    ("command", "page", "marker"),
    [
        ("app", "notebooks/00_course_home.ipynb", b"Your course: Outside-In customer experience"),
        ("coach", "notebooks/coach/round.ipynb", b"Collect what participants handed in"),
    ],
)
def test_course_app_serves_the_course_without_solutions(
    tmp_path: Path, command: str, page: str, marker: bytes
) -> None:
    port = _free_port()
    log = tmp_path / "app.log"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "course.py"), command, "--no-browser", "--port", str(port)],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        body = b""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"{base}/voila/render/{page}", timeout=60) as r:
                    body = r.read()
                break
            except OSError:
                time.sleep(0.5)
        text = log.read_text()
        assert marker in body, f"{command}: no page on {base}:\n{text[-3000:]}"
        assert f"{base}/voila/render/{page}" in text  # the URL it opens is printed
        assert "pip install" not in text, "a second set-up should skip the install"
        # App mode shows lessons and exercises; the coach's solutions are not served.
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"{base}/voila/render/solutions/01_outside_in.ipynb", timeout=30)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
