"""A real cohort server: `course.py hub` with JupyterHub, the real configurable-http-proxy from npm,
two roster participants as system users; Chromium logs in as each, answers, sees the saved message;
the coach collects from the hub and grades; neither participant can read the other's workbook.

Needs root (it creates system users) and Node.js; skipped otherwise, except that under CI a
missing Node.js is a failure.
"""

from __future__ import annotations

import csv
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cxkit.coach.grade_run import grade_cohort
from cxkit.coach.gradebook import Gradebook
from cxkit.coach.hub import ACCOUNTS_FILE, PASSWORDS_FILE, homes_of, read_people
from cxkit.questions.ex01_outside_in import REWRITE, SORT
from cxkit.workbook import Workbook, safe_file_stem
from tests.browser.harness import REPO, screenshot

CI = os.environ.get("CI", "").lower() == "true"
TAG = secrets.token_hex(2)
NAMES = [f"Ada Lovelace {TAG}", f"Grace Hopper {TAG}"]
ANSWERS = {
    NAMES[0]: "Start from what the driver wants: back on the road with the least hassle.",
    NAMES[1]: "Measure days from the first call to the car being fixed, not calls answered.",
}


def _why_not() -> str | None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "the hub test creates system users: run it as root (CI does)."
    if not (shutil.which("node") and shutil.which("npm")):
        why = "Node.js and npm are needed for configurable-http-proxy (apt-get install nodejs npm)."
        if CI:
            pytest.fail(f"CI=true and {why}")
        return why
    if not (shutil.which("runuser") and shutil.which("useradd")):
        why = "runuser and useradd (util-linux, passwd) are not on PATH; a root shell has them in /usr/sbin."
        if CI:
            pytest.fail(f"CI=true and {why}")
        return why
    # Participants' servers run as other users: they must be able to run this course's Python.
    # A clone under a private folder (e.g. /root) cannot host a cohort; the hub command says so
    # in plain words, and this test says why it did not run rather than failing on placement.
    r = subprocess.run(
        ["runuser", "-u", "nobody", "--", sys.executable, "-c", "import cxkit, voila"],
        capture_output=True, cwd="/", check=False,
    )  # fmt: skip
    if r.returncode != 0:
        return (
            f"other users cannot run the course's Python from {REPO} (a private folder); "
            "clone the course under a folder every user can read to run the hub test."
        )
    return None


pytestmark = pytest.mark.skipif(_why_not() is not None, reason=_why_not() or "")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Hub:
    def __init__(self, work: Path) -> None:
        self.work = work
        self.state = work / "state"
        self.homes = work / "homes"
        self.port = _port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.coach = f"cxcoach-{TAG}"
        roster = work / "roster.csv"
        roster.write_text(
            "name,email\n" + "".join(f"{n},{n.split()[0].lower()}@example.org\n" for n in NAMES)
        )
        self.people = read_people(roster)
        self.log = work / "hub.log"
        cmd = [
            *(sys.executable, str(REPO / "course.py"), "hub", "--roster", str(roster)),
            *("--state-dir", str(self.state), "--home-root", str(self.homes)),
            *("--port", str(self.port), "--hub-port", str(_port())),
            *("--proxy-api-port", str(_port()), "--coach", self.coach, "--idle-timeout", "900"),
        ]
        self.proc = subprocess.Popen(
            cmd,
            cwd=REPO,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 300  # the first run installs the proxy from npm
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the hub exited early:\n{self.log.read_text()[-4000:]}")
            try:
                with urllib.request.urlopen(f"{self.base}/hub/api", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"the hub did not answer within 300 s:\n{self.log.read_text()[-4000:]}")

    def password(self, login: str) -> str:
        with (self.state / PASSWORDS_FILE).open(encoding="utf-8") as fh:
            return {r["login"]: r["password"] for r in csv.DictReader(fh)}[login]

    def home(self, name: str) -> Path:
        return homes_of(self.state)[name]

    def workbook(self, name: str) -> Path:
        return self.home(name) / "exercises" / f"{safe_file_stem(name)}.workbook.json"

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, 15)  # the hub, its proxy, the culler and the servers
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)
                self.proc.wait(timeout=10)
        for login in [p.username for p in self.people] + [self.coach]:
            subprocess.run(["pkill", "-KILL", "-u", login], capture_output=True)
            for _ in range(20):  # userdel refuses while the user's processes exit
                if subprocess.run(["userdel", login], capture_output=True).returncode in (0, 6):
                    break
                time.sleep(0.5)
            subprocess.run(["groupdel", login], capture_output=True)


@pytest.fixture(scope="module")
def hub():
    work = Path(tempfile.mkdtemp(prefix="cxkit-hub-test-"))
    os.chmod(work, 0o755)  # participants' servers must reach their homes inside it
    server = Hub(work)
    yield server
    server.stop()
    print(f"hub log: {server.log}")
    shutil.rmtree(work / "homes", ignore_errors=True)


def _log_in(page, hub: Hub, login: str) -> None:
    page.goto(f"{hub.base}/hub/login")
    page.locator("#username_input").fill(login)
    page.locator("#password_input").fill(hub.password(login))
    page.locator("#login_submit").click()
    # The server starts, then the course home page opens in app mode.
    page.wait_for_url(
        f"**/user/{login}/voila/render/notebooks/00_course_home.ipynb", timeout=180_000
    )
    page.locator(".cx-home").first.wait_for(timeout=180_000)


def test_accounts_homes_and_secrets(hub) -> None:
    assert (hub.state / "jupyterhub_cookie_secret").exists()
    assert (hub.state / "jupyterhub.sqlite").exists()
    assert REPO not in hub.state.parents
    assert not list(REPO.glob("jupyterhub*")), "hub state left in the course folder"
    for name in (PASSWORDS_FILE, ACCOUNTS_FILE, "jupyterhub_cookie_secret"):
        assert (hub.state / name).stat().st_mode & 0o077 == 0, f"{name} is readable by others"
    import pwd

    for p in hub.people:
        home = hub.home(p.name)
        st = home.stat()
        assert st.st_uid == pwd.getpwnam(p.username).pw_uid and st.st_mode & 0o777 == 0o700
        assert pwd.getpwnam(p.username).pw_shell.endswith("nologin")
        assert (home / "notebooks" / "00_course_home.ipynb").exists()
        assert (home / "exercises" / "01_outside_in.ipynb").exists()
        assert not (home / "solutions").exists()


def test_each_participant_logs_in_answers_and_sees_it_saved(hub, browser) -> None:
    for p in hub.people:
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        page = context.new_page()
        page.set_default_timeout(120_000)
        try:
            _log_in(page, hub, p.username)
            page.goto(f"{hub.base}/user/{p.username}/voila/render/exercises/01_outside_in.ipynb")
            # Known by name already: the hub command remembered who this home belongs to.
            ident = page.locator(".cx-identity-message").first
            expect(ident).to_contain_text(p.name, timeout=180_000)
            page.locator(".cx-outside-in-sort-row").first.locator("button").first.click()
            box = page.locator(".cx-ask-input textarea").first
            box.fill(ANSWERS[p.name])
            expect(page.locator(".cx-ask-input").first.locator("xpath=..")).to_contain_text(
                "Saved ✓"
            )
            screenshot(page, f"hub--{p.username}--exercise01")
        finally:
            context.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            path = hub.workbook(p.name)
            if path.exists() and Workbook.open(path).get(REWRITE) == ANSWERS[p.name]:
                break
            time.sleep(0.3)
        wb = Workbook.open(hub.workbook(p.name))
        assert wb.participant_id == p.name
        assert wb.get(REWRITE) == ANSWERS[p.name] and SORT in wb
        assert hub.workbook(p.name).stat().st_uid == hub.home(p.name).stat().st_uid


def test_a_cannot_open_bs_workbook(hub, browser) -> None:
    a, b = hub.people
    target = hub.workbook(b.name)
    assert target.exists(), "run after the answering test: B has a workbook"
    # As A's system user, on the machine: neither read nor change B's home.
    for cmd in (
        ["cat", str(target)],
        ["ls", str(hub.home(b.name))],
        ["touch", str(target.parent / "planted.txt")],
        ["cp", "/dev/null", str(target)],
    ):
        r = subprocess.run(
            ["runuser", "-u", a.username, "--", *cmd], capture_output=True, text=True
        )
        assert r.returncode != 0, f"{a.username} could run {cmd}: {r.stdout}"
    assert Workbook.open(target).get(REWRITE) == ANSWERS[b.name]
    # As A in the browser: B's server refuses A.
    context = browser.new_context()
    page = context.new_page()
    try:
        _log_in(page, hub, a.username)
        rel = f"exercises/{target.name}"
        resp = page.goto(f"{hub.base}/user/{b.username}/files/{rel}")
        body = page.content()
        assert ANSWERS[b.name] not in body
        assert resp.status in (403, 404) or f"/user/{a.username}/" in page.url
        api = page.request.get(f"{hub.base}/user/{b.username}/api/contents/{rel}")
        assert api.status in (403, 404, 302) and ANSWERS[b.name] not in api.text()
    finally:
        context.close()


def test_the_coach_collects_from_the_hub_and_grades(hub, tmp_path) -> None:
    from cxkit.coach.hub import collect_from_hub

    cohort = tmp_path / "cohort"
    report = collect_from_hub(homes_of(hub.state), cohort, roster=NAMES)
    assert sorted(report.participants) == sorted(NAMES), report.summary()
    assert {s.status for s in report.lines if s.kept_as} == {"accepted"}
    assert (cohort / "collect-report.csv").exists()
    graded = grade_cohort(cohort)
    assert graded.graded == 2 and not graded.problems
    with Gradebook(cohort / "gradebook.sqlite", readonly=True) as gb:
        assert gb.participants() == sorted(NAMES)
        for person in gb.results():
            items = {i["question_id"]: i for i in person["items"]}
            assert items[SORT]["answer"] is not None and items[REWRITE]["answer"] is not None
    # A deadline before anything was saved: the workbooks as they stood then hold no answers.
    early = collect_from_hub(homes_of(hub.state), tmp_path / "early", deadline="2000-01-01T00:00")
    assert not any(s.status == "accepted" for s in early.lines)
    # Collecting again into the same cohort changes nothing (resume).
    again = collect_from_hub(homes_of(hub.state), cohort, roster=NAMES)
    assert sorted(again.participants) == sorted(NAMES)
