"""The cxkit command as a user runs it: a real subprocess."""

import subprocess
import sys
from pathlib import Path

from cxkit import __version__
from cxkit.workbook import Workbook


def cxkit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cxkit", *args], capture_output=True, text=True)


def test_version() -> None:
    r = cxkit("--version")
    assert r.returncode == 0 and __version__ in r.stdout


def test_help_lists_only_working_commands() -> None:
    r = cxkit("--help")
    assert r.returncode == 0
    for cmd in (
        "workbook",
        "questions",
        "release",
        "key",
        "collect",
        "grade",
        "review",
        "scores",
        "export",
        "canvas",
        "assess",
    ):
        assert cmd in r.stdout


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys; from cxkit.cli import main\n"
        "heavy = [m for m in ('pandas', 'matplotlib', 'ipywidgets', 'papermill', 'numpy') if m in sys.modules]\n"
        "print(heavy)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.stdout.strip() == "[]", r.stdout + r.stderr


def test_workbook_show_and_check(tmp_path: Path) -> None:
    wb = Workbook.create(tmp_path / "w.workbook.json", "Ada")
    wb.record("outcomes/classify-aht", "output")
    wb.record("notes/long", "x" * 500)
    r = cxkit("workbook", "show", str(wb.path))
    assert r.returncode == 0
    assert "Ada" in r.stdout and "outcomes/classify-aht" in r.stdout and "2 answers." in r.stdout
    r = cxkit("workbook", "check", str(wb.path))
    assert r.returncode == 0 and "OK" in r.stdout
    assert "notes/long" in r.stdout  # not a registered question: noted, not an error


def test_workbook_check_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.workbook.json"
    bad.write_text('{"format": "cxkit-workbook", "sch')
    r = cxkit("workbook", "check", str(bad))
    assert r.returncode == 2
    assert str(bad) in r.stderr and "not valid JSON" in r.stderr and "Traceback" not in r.stderr
    assert bad.read_text() == '{"format": "cxkit-workbook", "sch'
