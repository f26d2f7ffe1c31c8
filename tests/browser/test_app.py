"""App mode in a real Voilà and Debian's chromium: no code on screen, the same workbook as JupyterLab,
and the coach's round from collect to the LMS CSV download."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cxkit.coach.gradebook import Gradebook
from cxkit.questions.ex01_outside_in import REWRITE
from tests.browser.harness import (
    GALLERY,
    identify,
    open_and_run,
    screenshot,
    start_app,
    wait_for_answer,
    wait_for_value,
    write_gallery_index,
)

PARTICIPANT = "Mary Parker Follett"
IN_APP = (
    "Start from what the driver wants after an accident: to be back on the road with the least "
    "hassle. Kestrel lets the first adviser book the repair and a hire car on the first call, and "
    "counts days from first call to driving again."
)
CODE_MARKERS = ("from cxkit", "import ", "course_home(", "coach_round(", "start()")


@pytest.fixture(scope="module")
def app(lab, tmp_path_factory):
    """Voilà serving the same copy of the course as the lab fixture, so both share the workbooks."""
    server = start_app(tmp_path_factory.mktemp("app"), root=lab.root)
    yield server
    server.stop()


def _open(page, app, relpath: str, ready: str) -> float:
    """Open a notebook as an app; return the seconds until its widgets are on screen."""
    import time

    t0 = time.monotonic()
    page.goto(app.url(relpath))
    page.locator(ready).first.wait_for(timeout=120_000)
    return time.monotonic() - t0


def _no_code(page) -> None:
    text = page.inner_text("body")
    for marker in CODE_MARKERS:
        assert marker not in text, f"code on screen: {marker!r}"
    # Markdown cells keep an input area for their rendered text; code cells must show none.
    code = page.locator(".jp-CodeCell .jp-InputArea, .jp-InputArea-editor, .cm-editor")
    assert sum(code.nth(i).is_visible() for i in range(code.count())) == 0
    assert "Traceback" not in text
    # JupyterLab-only instructions (cells tagged lab-only) are hidden by the app's template.
    for phrase in ("Shift + Enter", "Run All Cells"):
        assert phrase not in text, f"a JupyterLab instruction in the app: {phrase!r}"


def _widgets_drawn(page, timeout_s: float = 60) -> None:
    """Wait until every widget on the page is drawn (none still says "Loading widget...")."""
    page.wait_for_function(
        "() => !document.body.innerText.includes('Loading widget...')", timeout=timeout_s * 1000
    )


def _shot(page, name: str, note: str) -> None:
    _widgets_drawn(page)
    GALLERY.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(screenshot(page, name), GALLERY / f"{name}.png")
    (GALLERY / f"{name}.txt").write_text(f"{name}\n{note}\n", encoding="utf-8")
    write_gallery_index()


def test_home_lists_the_course_with_no_code(app, page) -> None:
    _open(page, app, "notebooks/00_course_home.ipynb", ".cx-home")
    home = page.locator(".cx-home").first
    expect(home).to_contain_text("Lesson 1")
    expect(home).to_contain_text("Exercise 8")
    links = home.locator("a.cx-home-link")
    assert links.count() == 16
    _no_code(page)
    _shot(page, "app--home", "the course home page in app mode")
    links.nth(0).click()
    page.wait_for_url("**/voila/render/notebooks/01_*")
    page.locator(".cx-outside-in-sort-row button").first.wait_for(timeout=120_000)
    _no_code(page)
    _shot(page, "app--lesson01", "lesson 1 opened from the home page")


def test_an_answer_in_the_app_and_one_in_lab_share_one_workbook(app, lab, page) -> None:
    # In JupyterLab: identify and sort one statement.
    open_and_run(page, lab, "exercises/01_outside_in.ipynb")
    identify(page, PARTICIPANT)
    row = page.locator(".cx-outside-in-sort-row").first
    row.locator("button").first.click()
    first = wait_for_answer(lab, PARTICIPANT, "outside_in/sort-statements")
    # In the app: the same participant is remembered; write the rewrite.
    _open(page, app, "exercises/01_outside_in.ipynb", ".cx-identity-message")
    expect(page.locator(".cx-identity-message").first).to_contain_text(PARTICIPANT)
    box = page.locator(".cx-ask-input textarea").first
    box.fill(IN_APP)
    expect(page.locator(".cx-ask-input").first.locator("xpath=..")).to_contain_text("Saved ✓")
    assert wait_for_value(lab, PARTICIPANT, REWRITE, IN_APP) == IN_APP
    _no_code(page)
    _shot(page, "app--exercise01", "exercise 1 in app mode, answered")
    # Reload: the answer comes back with the saved message, and the lab's answer is still there.
    page.reload()
    page.locator(".cx-ask-input textarea").first.wait_for(timeout=120_000)
    expect(page.locator(".cx-ask-input textarea").first).to_have_value(IN_APP)
    expect(page.locator(".cx-ask-input").first.locator("xpath=..")).to_contain_text(
        "Saved ✓ in your workbook (last saved"
    )
    wb = lab.root / "exercises"
    from cxkit.workbook import Workbook, safe_file_stem

    saved = Workbook.open(wb / f"{safe_file_stem(PARTICIPANT)}.workbook.json")
    assert saved.get(REWRITE) == IN_APP and saved.get("outside_in/sort-statements") == first
    # The home page counts both answers of exercise 1.
    _open(page, app, "notebooks/00_course_home.ipynb", ".cx-home")
    expect(page.locator(".cx-home").first).to_contain_text("2 of 2 questions answered")


def test_the_coach_round_in_the_app(app, page, tmp_path) -> None:
    _open(page, app, "notebooks/coach/round.ipynb", ".cx-coach-round")
    _no_code(page)
    # Before grading, steps 3 and 4 say what they will do and what to do first.
    expect(page.locator(".cx-coach-review")).to_contain_text("press Grade first")
    expect(page.locator(".cx-coach-scoring")).to_contain_text("Grade first")
    # The upload button is labelled without its file counter ("Upload a zip (0)").
    upload = page.locator(".cx-coach-upload").first
    assert upload.evaluate("e => getComputedStyle(e).fontSize") == "0px"
    assert "Upload a zip" in upload.evaluate("e => getComputedStyle(e, '::after').content")
    assert upload.evaluate("e => e.getBoundingClientRect().width") > 60  # still a button
    _shot(page, "app--coach-0-start", "coach app: before anything is collected")
    cohort = tmp_path / "cohort"
    page.locator(".cx-coach-cohort input").fill(str(cohort))
    page.locator(".cx-coach-sample").click()
    status = page.locator(".cx-coach-collect-status")
    expect(status).to_contain_text("Collected workbooks", timeout=60_000)
    expect(status).to_contain_text("corrupt")  # a broken hand-in gets its own status
    # Some hand-ins had problems: the summary is amber, never green, and names each file.
    expect(status.locator(".cx-warn").first).to_contain_text("Collected workbooks for 12")
    assert status.locator("p .cx-ok").count() == 0
    noor = status.locator("tr", has_text="noor_2001/noor-haddad.workbook.json")
    assert noor.count() == 1  # each problem once, never a list and then a table
    expect(noor).to_contain_text("Ask the participant")
    # The deadline that made two people late is on the page, on the local clock.
    from cxkit.coach.sample_cohort import DEADLINE
    from cxkit.words import local_time

    expect(status).to_contain_text(
        f"Deadline used: {local_time(DEADLINE, with_date=True)}, from the sample cohort"
    )
    _shot(page, "app--coach-1-collect", "coach app: the sample cohort collected")
    page.locator(".cx-coach-grade").click()
    # The moment step 3 counts items to score, step 4 shows the scorer (never "Grade first").
    scoring_then = page.wait_for_function(
        """() => {
            const r = document.querySelector('.cx-coach-review');
            if (!r || !r.innerText.includes('still to score')) return false;
            const s = document.querySelector('.cx-coach-scoring');
            return (s.querySelector('.cx-grader') ? 'SCORER ' : 'NONE ') + s.innerText;
        }""",
        timeout=60_000,
    ).json_value()
    assert scoring_then.startswith("SCORER") and "Grade first" not in scoring_then
    expect(page.locator(".cx-coach-grade-status")).to_contain_text("Graded 12", timeout=60_000)
    expect(page.locator(".cx-coach-review")).to_contain_text("rubric items still to score")
    _shot(page, "app--coach-2-grade", "coach app: graded, with what needs the coach")
    grader = page.locator(".cx-grader").first
    with Gradebook(cohort / "gradebook.sqlite", readonly=True) as gb:
        tasks = gb.rubric_tasks("participant")
    n = len(tasks)
    expect(page.locator(".cx-coach-review")).to_contain_text(f"{n} rubric items still to score")
    expect(grader.locator(".cx-grader-header")).to_contain_text("(0 scored")
    if tasks[0].question_id == "canvas/canvas-quality":  # the canvas being scored is on screen
        expect(grader.locator("img.cx-grader-canvas")).to_be_visible()
    criteria = grader.locator(".cx-grader-criterion")
    for i in range(criteria.count()):
        criteria.nth(i).locator("input[type=radio]").last.check()
    grader.locator(".cx-grader-save").click()
    expect(grader.locator(".cx-grading-status")).to_contain_text("Saved ✓", timeout=30_000)
    # Every counter moves on Save: the grader's header and step 3's summary.
    expect(grader.locator(".cx-grader-header")).to_contain_text("(1 scored")
    expect(page.locator(".cx-coach-review")).to_contain_text(f"{n - 1} rubric items still to score")
    with Gradebook(cohort / "gradebook.sqlite", readonly=True) as gb:
        assert gb.manual_for(), "the rubric score did not reach the gradebook"
    _shot(page, "app--coach-3-score", "coach app: one rubric item scored")
    page.locator(".cx-coach-export").click()
    link = page.locator(".cx-coach-export-status a.cx-coach-download", has_text="lms-grades.csv")
    link.wait_for(timeout=60_000)
    with page.expect_download() as dl:
        link.click()
    data = Path(dl.value.path()).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(data)))
    assert rows[0][0] == "participant_id" and len(rows) == 13
    _no_code(page)
    text = page.locator(".cx-coach-round").inner_text()
    for word in ("(assess)", "stale", "gradebook.sqlite", "accepted, flagged", "superseded/"):
        assert word not in text, f"internal words on the coach's page: {word!r}"
    assert "12 feedback pages (HTML) with a Markdown copy of each" in text
    button = page.locator("a.cx-coach-download").first
    assert button.evaluate("e => getComputedStyle(e).display") == "inline-block"
    assert button.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    _shot(page, "app--coach-4-export", "coach app: exports ready to download")
