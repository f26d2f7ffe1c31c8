"""Real-browser harness: a real JupyterLab on 127.0.0.1 driven by Debian's chromium through Playwright.

Lesson tests use a few lines each:

    def test_lesson(lab, page):
        open_notebook(page, lab, "notebooks/02_outputs_vs_outcomes.ipynb")
        run_all_cells(page)
        assert_no_errors(page)
        screenshot(page, "lesson02")
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from cxkit.workbook import Workbook, safe_file_stem

REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "test-output" / "browser"
CHROMIUM = Path(os.environ.get("CXKIT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
COURSE_DIRS = ("notebooks", "exercises", "solutions")

# JupyterLab settings for a quiet, test-friendly lab: no news pop-ups, and every
# cell kept in the page (no windowing) so widgets below the fold can be clicked.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def chromium_missing_reason() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return (
            f"Chromium not found at {CHROMIUM}: browser tests skipped. To enable them install "
            "Debian's chromium (sudo apt-get install chromium) or set CXKIT_CHROMIUM to a Chromium binary."
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "The playwright package is not installed: pip install -e '.[test]'."
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Lab:
    """A running JupyterLab over a temporary copy of the course."""

    root: Path
    port: int
    token: str
    process: subprocess.Popen
    log: Path
    extra: dict = field(default_factory=dict)

    @property
    def base(self) -> str:
        """The server's base URL."""
        return f"http://127.0.0.1:{self.port}"

    def url(self, relpath: str) -> str:
        """The URL that opens a notebook (path relative to the course root) in a fresh workspace."""
        # ?reset: do not restore notebooks an earlier test left open (each would start a kernel).
        return f"{self.base}/lab/tree/{relpath}?reset&token={self.token}"

    def stop(self) -> None:
        """Shut the server and its kernels down."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _copy_course(workdir: Path) -> Path:
    root = workdir / "course"
    for d in COURSE_DIRS:
        src = REPO / d
        if src.exists():
            shutil.copytree(
                src,
                root / d,
                ignore=shutil.ignore_patterns(
                    "*.workbook.json*", ".cxkit-participant.json", ".ipynb_checkpoints"
                ),
            )
    return root


def _jupyter_env(workdir: Path) -> dict[str, str]:
    """An environment with its own Jupyter folders and the cxkit kernel, and no participant set."""
    data = workdir / "jupyter-data"
    kdir = data / "kernels" / "cxkit"
    kdir.mkdir(parents=True)
    (kdir / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python (cxkit)",
                "language": "python",
            }
        )
    )
    settings = workdir / "lab-settings"
    for rel, value in LAB_SETTINGS.items():
        p = settings / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(json.dumps(value))
    env = {
        k: v for k, v in os.environ.items() if k not in {"CXKIT_WORKBOOK_DIR", "CXKIT_PARTICIPANT"}
    }
    env.update(
        {
            "JUPYTER_PATH": os.pathsep.join(filter(None, [str(data), env.get("JUPYTER_PATH", "")])),
            "JUPYTER_CONFIG_DIR": str(workdir / "jupyter-config"),
            "JUPYTER_RUNTIME_DIR": str(workdir / "jupyter-runtime"),
            "JUPYTERLAB_SETTINGS_DIR": str(settings),
            "JUPYTERLAB_WORKSPACES_DIR": str(workdir / "lab-workspaces"),
            "IPYTHONDIR": str(workdir / "ipython"),
            "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        }
    )
    return env


def start_lab(workdir: Path) -> Lab:
    """Copy the course into workdir and start JupyterLab on it with the cxkit kernel."""
    root = _copy_course(workdir)
    env = _jupyter_env(workdir)
    port, token = _free_port(), secrets.token_hex(16)
    log = workdir / "jupyterlab.log"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            "--LabApp.news_url=None",
            "--ServerApp.port_retries=0",
            *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
        ],
        cwd=root,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    lab = Lab(root, port, token, proc, log)

    def answering() -> bool:
        if proc.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early; see {log}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{lab.base}/api/status?token={token}", timeout=2) as r:
                return r.status == 200
        except OSError:
            return False

    try:
        wait_until(answering, 120, "JupyterLab did not answer", every_s=0.3)
    except TimeoutError:
        lab.stop()
        raise RuntimeError(f"JupyterLab did not answer within 120 s; see {log}") from None
    return lab


@dataclass
class App:
    """A running Voilà app over a temporary copy of the course (lessons and exercises only)."""

    root: Path
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def base(self) -> str:
        """The server's base URL."""
        return f"http://127.0.0.1:{self.port}"

    def url(self, relpath: str) -> str:
        """The URL that renders a notebook (path relative to the course root) as an app."""
        return f"{self.base}/voila/render/{relpath}"

    def stop(self) -> None:
        """Shut the server and its kernels down."""
        Lab.stop(self)  # same shutdown: terminate, wait, then kill


def start_app(workdir: Path, root: Path | None = None) -> App:
    """Serve the course with Voilà, as `course.py app` does (app folder of symlinks, 127.0.0.1)."""
    root = root or _copy_course(workdir)
    env = _jupyter_env(workdir)
    app_dir = _course_py().app_folder(root, root / "build" / "app")
    port = _free_port()
    log = workdir / "voila.log"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "voila",
            str(app_dir),
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
            *_course_py().VOILA_OPTIONS,  # exactly what `course.py app` runs
        ],
        cwd=root,
        env=_course_py().voila_env(REPO, env),  # the template is in the repo
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    app = App(root, port, proc, log)
    wait_until(lambda: _answers(f"{app.base}/", proc, log), 120, "Voilà did not answer")
    return app


def _course_py():
    import importlib.util

    spec = importlib.util.spec_from_file_location("cxkit_course_py", REPO / "course.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _answers(url: str, proc: subprocess.Popen, log: Path) -> bool:
    if proc.poll() is not None:
        raise RuntimeError(f"the server exited early; see {log}:\n{log.read_text()[-3000:]}")
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def wait_until(condition, timeout_s: float, what: str, every_s: float = 0.25):
    """Poll condition() until it returns something truthy; return it, or fail saying what."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every_s)
    raise TimeoutError(f"{what} within {timeout_s:.0f} s")


def open_notebook(page, lab: Lab, relpath: str, timeout_s: float = 180) -> None:
    """Open a notebook in JupyterLab and wait until its kernel is connected and idle."""
    page.goto(lab.url(relpath))
    page.locator(".jp-NotebookPanel:visible .jp-Notebook").first.wait_for(timeout=timeout_s * 1000)
    page._cx_lab, page._cx_path = lab, relpath  # run_all_cells asks the server about this kernel
    _wait_kernel_ready(page, timeout_s)
    if page.locator("#jp-left-stack").is_visible():
        page.keyboard.press("Control+b")  # hide the file browser: more room for the notebook


def _kernel_state(lab: Lab, relpath: str) -> tuple[str | None, str | None, int]:
    """(kernel id, execution state, websocket connections) of the notebook's kernel, from the server."""
    try:
        with urllib.request.urlopen(f"{lab.base}/api/sessions?token={lab.token}", timeout=5) as r:
            sessions = json.load(r)
    except OSError:
        return None, None, 0
    for sess in sessions:
        if sess.get("path") == relpath and sess.get("kernel"):
            k = sess["kernel"]
            return k.get("id"), k.get("execution_state"), int(k.get("connections", 0))
    return None, None, 0


def _wait_kernel_ready(page, timeout_s: float, settle_s: float = 1.5) -> None:
    """Wait until one kernel has been connected and idle for settle_s (JupyterLab may swap kernels)."""
    deadline = time.monotonic() + timeout_s
    lab, relpath = page._cx_lab, page._cx_path
    stable_since, last_id = None, None
    while time.monotonic() < deadline:
        if _accept_kernel_dialog(page):
            stable_since = None
        kid, state, connections = _kernel_state(lab, relpath)
        if kid and state == "idle" and connections > 0:
            if kid != last_id or stable_since is None:
                stable_since, last_id = time.monotonic(), kid
            elif time.monotonic() - stable_since >= settle_s:
                return
        else:
            stable_since = None
        time.sleep(0.25)
    raise TimeoutError(
        f"the kernel for {relpath} was not connected and idle within {timeout_s:.0f} s"
    )


def _accept_kernel_dialog(page) -> bool:
    """Accept JupyterLab's 'Select Kernel' dialog (it offers the notebook's own kernel)."""
    dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
    if dialog.count():
        print(
            "harness: accepting the kernel dialog:",
            dialog.first.inner_text()[:200].replace("\n", " / "),
        )
        dialog.locator(".jp-Dialog-button.jp-mod-accept").first.click()
        return True
    return False


def _menu(page, menu: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(rf"^{menu}$")).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(rf"^{re.escape(item)}$")).first.click()


def run_all_cells(page, timeout_s: float = 300) -> None:
    """Clear stored outputs, run every cell through the Run menu, and wait until all have finished."""
    panel = page.locator(".jp-NotebookPanel:visible").first
    n_code = panel.locator(".jp-CodeCell").count()
    prompts_loc = panel.locator(".jp-CodeCell .jp-InputPrompt")
    # Stored outputs (nbval-checked cells) carry [n] prompts; clear them so a run is recognisable.
    _menu(page, "Edit", "Clear Outputs of All Cells")
    page.wait_for_timeout(300)

    def counts() -> list[int | None]:
        out = []
        for p in prompts_loc.all_inner_texts():
            m = re.search(r"\[(\d+)\]", p)
            out.append(int(m.group(1)) if m else None)
        return out

    def started() -> bool:
        texts = prompts_loc.all_inner_texts()
        return any("*" in t for t in texts) or any(c is not None for c in counts())

    for _attempt in range(3):
        _menu(page, "Run", "Run All Cells")
        t0 = time.monotonic()
        # A run that a kernel dialog swallowed never starts: accept it and run again.
        while time.monotonic() - t0 < 20 and not started():
            if _accept_kernel_dialog(page):
                _wait_kernel_ready(page, timeout_s)
                break
            time.sleep(0.25)
        if started():
            break
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        texts = prompts_loc.all_inner_texts()
        busy = any("*" in t for t in texts)
        c = counts()
        if not busy and len(c) == n_code and all(x is not None for x in c):
            _wait_kernel_ready(page, timeout_s)
            page.wait_for_timeout(500)  # let widget views finish rendering
            return
        # Run All stops at an error: report it instead of waiting for cells that never run.
        if not busy and any(x is not None for x in c) and "Traceback" in panel.inner_text():
            return
        time.sleep(0.3)
    raise TimeoutError(f"not every cell had run within {timeout_s:.0f} s")


ERROR_MARKERS = ("Error displaying widget", "Traceback (most recent call last)", "Traceback")


def assert_no_errors(page) -> None:
    """Fail if the visible notebook shows a widget error or a Python traceback anywhere."""
    text = page.locator(".jp-NotebookPanel:visible").first.inner_text()
    for marker in ERROR_MARKERS:
        if marker in text:
            i = text.index(marker)
            raise AssertionError(f"{marker!r} on the page:\n{text[max(0, i - 600) : i + 1200]}")
    errors = page.locator(
        ".jp-NotebookPanel:visible [data-mime-type='application/vnd.jupyter.error']"
    )
    assert errors.count() == 0, "an error output is shown in the notebook"


def open_and_run(page, lab: Lab, relpath: str) -> None:
    """Open a notebook, run every cell, and fail on any widget error or traceback."""
    open_notebook(page, lab, relpath)
    run_all_cells(page)
    assert_no_errors(page)


def screenshot(page, name: str) -> Path:
    """Save a screenshot of the whole notebook (as tall as its content) and return its path."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    size = page.viewport_size
    page.evaluate(
        """() => { window.scrollTo(0, 0);
                   for (const n of document.querySelectorAll('*')) if (n.scrollTop) n.scrollTop = 0; }"""
    )
    # The page scrolls inside a panel (JupyterLab's notebook, Voilà's cells): the tallest
    # scrolling element says how tall the whole page really is.
    height = page.evaluate(
        """() => Math.max(document.documentElement.scrollHeight,
                 ...[...document.querySelectorAll('*')].filter(n => n.scrollHeight > n.clientHeight + 4)
                      .map(n => n.scrollHeight + n.getBoundingClientRect().top))"""
    )
    if height:
        page.set_viewport_size({"width": size["width"], "height": min(int(height) + 200, 16000)})
    try:
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(size)
    print(f"screenshot: {path}")
    return path


def identify(page, name: str, timeout_s: float = 30) -> None:
    """Type a participant's name into an exercise's identity box and start saving."""
    page.locator(".cx-identity-name input").first.fill(name)
    page.locator(".cx-identity-button").first.click()
    page.locator(".cx-identity-message", has_text=f"Saving your answers for {name}").first.wait_for(
        timeout=timeout_s * 1000
    )


def workbook_path_of(lab: Lab, name: str, folder: str = "exercises") -> Path:
    """Where a participant's workbook lands in the lab's copy of the course."""
    return lab.root / folder / f"{safe_file_stem(name)}.workbook.json"


def workbook_of(lab: Lab, name: str, folder: str = "exercises") -> Workbook:
    """Read a participant's workbook from disk, as a coach would receive it."""
    return Workbook.open(workbook_path_of(lab, name, folder))


def wait_for_answer(
    lab: Lab, name: str, question_id: str, timeout_s: float = 20, folder: str = "exercises"
):
    """Poll the workbook on disk until question_id is saved; return its value."""
    path = workbook_path_of(lab, name, folder)

    def saved() -> tuple | None:
        wb = Workbook.open(path) if path.exists() else None
        return (wb.get(question_id),) if wb is not None and question_id in wb else None

    try:
        return wait_until(saved, timeout_s, f"{question_id} reached the workbook")[0]
    except TimeoutError:
        raise AssertionError(
            f"{question_id} did not reach the workbook {path} within {timeout_s:.0f} s"
        ) from None


def wait_for_value(
    lab: Lab,
    name: str,
    question_id: str,
    expected,
    timeout_s: float = 60,
    folder: str = "exercises",
):
    """Poll the workbook on disk until question_id holds expected; return what is there at the end."""
    path = workbook_path_of(lab, name, folder)

    def current():
        return Workbook.open(path).get(question_id) if path.exists() else None

    with contextlib.suppress(TimeoutError):  # the caller compares and says what differs
        wait_until(lambda: current() == expected, timeout_s, f"{question_id} == {expected!r}")
    return current()


def restart_and_run_all(page, timeout_s: float = 300) -> None:
    """Kernel → Restart Kernel…, accept, then Run All: what a participant does to start over."""
    lab, relpath = page._cx_lab, page._cx_path
    old_id = _kernel_state(lab, relpath)[0]
    _menu(page, "Kernel", "Restart Kernel…")
    dialog = page.locator(".jp-Dialog", has_text="Restart")
    dialog.locator(".jp-Dialog-button.jp-mod-accept").first.click()
    deadline = time.monotonic() + timeout_s
    # The server keeps the kernel id on a restart; wait for busy → idle before running.
    page.wait_for_timeout(1500)
    while time.monotonic() < deadline and _kernel_state(lab, relpath)[0] not in (old_id, None):
        time.sleep(0.25)
    _wait_kernel_ready(page, timeout_s)
    run_all_cells(page, timeout_s)
    assert_no_errors(page)


GALLERY = REPO / "test-output" / "gallery"


def gallery_shot(page, relpath: str, note: str = "") -> Path:
    """A full-length screenshot of a notebook for the gallery, named after its path."""
    stem = relpath.removesuffix(".ipynb").replace("/", "--")
    path = screenshot(page, stem)
    GALLERY.mkdir(parents=True, exist_ok=True)
    target = GALLERY / path.name
    shutil.copyfile(path, target)
    (GALLERY / f"{stem}.txt").write_text(f"{relpath}\n{note}\n", encoding="utf-8")
    write_gallery_index()
    return target


def write_gallery_index() -> Path:
    """test-output/gallery/index.html: every screenshot, in course order, with its notebook's path."""
    import html

    items = []
    for png in sorted(GALLERY.glob("*.png")):
        meta = png.with_suffix(".txt")
        rel, _, note = (
            meta.read_text(encoding="utf-8").partition("\n")
            if meta.exists()
            else (png.stem, "", "")
        )
        items.append(
            f"<section><h2>{html.escape(rel)}</h2><p>{html.escape(note.strip())}</p>"
            f'<a href="{html.escape(png.name)}"><img src="{html.escape(png.name)}" '
            'style="max-width:100%;border:1px solid #ccc"></a></section>'
        )
    index = GALLERY / "index.html"
    index.write_text(
        "<!doctype html><meta charset='utf-8'><title>cxkit gallery</title>"
        "<body style='font-family:sans-serif;max-width:1400px;margin:auto'>"
        f"<h1>Every notebook after Run All ({len(items)})</h1>" + "".join(items),
        encoding="utf-8",
    )
    return index
