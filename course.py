#!/usr/bin/env python3
"""Set up the course and open it, or set up and run the tests. Needs only Python 3.10+.

    python3 course.py lab     # create .venv, install cxkit and its kernel, open JupyterLab
    python3 course.py test    # create .venv if needed, run the whole test suite
    python3 course.py app     # set up, then open the course as an app (no code on screen)
    python3 course.py coach   # set up, then open the coach's round as an app
    python3 course.py hub --roster roster.csv   # (root) serve the course to a cohort with JupyterHub

app and coach take --no-browser and --port N. hub takes --ip, --port, --state-dir, --home-root,
--coach, --idle-timeout and --no-start (python3 course.py hub --help).

Both are idempotent: a second run skips the install when nothing changed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
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


APP_DIR = ROOT / "build" / "app"
# What every app server runs with (the tests start Voilà with exactly these too). Lessons get a
# kernel that has already run them (Voilà's pre-heated pool), so they open at once; the home page,
# the exercises and the coach's pages show saved work, so they always run fresh.
VOILA_OPTIONS = [
    "--VoilaConfiguration.show_tracebacks=False",
    "--template=cxkit",
    "--preheat_kernel=True",
    "--VoilaKernelManager.preheat_denylist=['00_course_home', 'exercises/', 'coach/']",
    # Wait for a cell's last output as long as it takes: on a busy machine nbclient's default
    # 4 s drops it, and a widget that was never sent stays missing from the page.
    "--VoilaExecutor.iopub_timeout=60",
]


def voila_env(root: Path, env: dict[str, str]) -> dict[str, str]:
    """env with the course's Voilà template (cxkit/data/voila/templates/cxkit) on JUPYTER_PATH."""
    paths = [str(root / "cxkit" / "data"), env.get("JUPYTER_PATH", "")]
    return {**env, "JUPYTER_PATH": os.pathsep.join(filter(None, paths))}


HOME = "notebooks/00_course_home.ipynb"
COACH = "notebooks/coach/round.ipynb"


def _link(link: Path, target: Path) -> None:
    """Point link at target; only ever replaces a symlink, never a real file."""
    if link.is_symlink():
        if link.resolve() == target.resolve():
            return
        link.unlink()
    elif link.exists():
        sys.exit(f"{link} is in the way of app mode: remove it and try again.")
    link.symlink_to(target, target_is_directory=target.is_dir())


def app_folder(root: Path = ROOT, app_dir: Path = APP_DIR) -> Path:
    """A folder holding only what participants open (lessons and exercises, not solutions).

    exercises/ and notebooks/coach/ are links to the course's folders; notebooks/ is a real folder
    of links to each lesson, because Voilà only pre-heats notebooks it finds without following a
    folder link.
    """
    lessons = app_dir / "notebooks"
    if lessons.is_symlink():
        lessons.unlink()  # the layout before pre-heating: a link to the whole folder
    lessons.mkdir(parents=True, exist_ok=True)
    _link(app_dir / "exercises", root / "exercises")
    for item in sorted((root / "notebooks").iterdir()):
        if item.suffix == ".ipynb" or (item.is_dir() and not item.name.startswith(".")):
            _link(lessons / item.name, item)
    for stale in lessons.iterdir():
        if stale.is_symlink() and not stale.exists():
            stale.unlink()  # a lesson that was removed or renamed
    return app_dir


def _app_options(args: list[str]) -> tuple[int, bool, list[str]]:
    port, browser, rest = 8866, True, []
    it = iter(args)
    for a in it:
        if a == "--no-browser":
            browser = False
        elif a == "--port":
            port = int(next(it, "8866"))
        elif a.startswith("--port="):
            port = int(a.split("=", 1)[1])
        else:
            rest.append(a)
    return port, browser, rest


def serve_app(args: list[str], page: str) -> int:
    """Set up, then serve the course with Voilà on 127.0.0.1 and open page in the browser."""
    ensure_env()
    port, browser, rest = _app_options(args)
    url = f"http://127.0.0.1:{port}/voila/render/{page}"
    cmd = [
        str(_bin("voila")),
        str(app_folder()),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        *VOILA_OPTIONS,
        *rest,
    ]
    print(f"\nThe course app is at {url}", flush=True)
    print("Stop it with Ctrl-C in this window.\n", flush=True)
    proc = subprocess.Popen(cmd, cwd=ROOT, env=voila_env(ROOT, dict(os.environ)))
    if browser:
        import webbrowser

        time.sleep(2)
        webbrowser.open(url)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        return proc.wait()


HUB_EXTRA = "hub"


def hub(args: list[str]) -> int:
    """Set up (with the hub extra), then give the roster accounts and run JupyterHub for them."""
    python = ensure_env()
    probe = "import jupyterhub, nativeauthenticator, jupyterhub_idle_culler"
    if subprocess.call([str(python), "-c", probe], stderr=subprocess.DEVNULL) != 0:
        _run(python, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[{HUB_EXTRA}]")
    return subprocess.call([str(python), "-m", "cxkit.coach.hub", *args], cwd=ROOT)


def test(args: list[str]) -> int:
    """Set up if needed, then run the whole suite (unit, notebooks, browser, lint)."""
    python = ensure_env()
    return subprocess.call([str(python), "-m", "pytest", *args], cwd=ROOT)


def main() -> int:
    """Dispatch to lab, test, app, coach or hub."""
    commands = {
        "lab": lab,
        "test": test,
        "app": lambda rest: serve_app(rest, HOME),
        "coach": lambda rest: serve_app(rest, COACH),
        "hub": hub,
    }
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
