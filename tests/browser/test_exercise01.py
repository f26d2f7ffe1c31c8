"""Exercise 1 in a real JupyterLab: every graded point by widget, saved, and restored after a restart."""

from __future__ import annotations

from playwright.sync_api import expect

from cxkit import questions
from cxkit.concepts.outside_in import exercise_key
from cxkit.questions.ex01_outside_in import EXERCISE, REWRITE, SORT
from cxkit.session import IDENTITY_FILE
from tests.browser.harness import (
    assert_no_errors,
    gallery_shot,
    identify,
    open_and_run,
    restart_and_run_all,
    wait_for_value,
    workbook_of,
)

RELPATH = "exercises/01_outside_in.ipynb"
PARTICIPANT = "Mary Somerville"
LABEL = {"inside-out": "Inside-Out", "outside-in": "Outside-In"}
REWRITE_TEXT = (
    "Agents earn a bonus for closing more calls per hour. Outside in: the customer wants the "
    "problem sorted in one contact, without calling back. So Kestrel rewards problems solved "
    "first time, and counts how many customers have to contact us twice about one claim."
)


def test_exercise01_every_answer_by_widget_survives_a_restart(lab, page) -> None:
    # A first visit: nobody is remembered from an earlier test in this lab.
    (lab.root / "exercises" / IDENTITY_FILE).unlink(missing_ok=True)
    open_and_run(page, lab, RELPATH)
    identify(page, PARTICIPANT)
    key = exercise_key()  # the right answers, clicked as a participant would
    rows = page.locator(".cx-outside-in-sort-row")
    assert rows.count() == len(key)
    sort = page.locator(".cx-outside-in-sort").first
    expect(sort.locator(".cx-save-status")).to_contain_text("Not started")
    for i, view in enumerate(key.values()):
        rows.nth(i).locator("button", has_text=LABEL[view]).click()
        expect(rows.nth(i).locator("button.cx-chosen")).to_have_text(f"✓ {LABEL[view]}")
    expect(sort.locator(".cx-save-status")).to_contain_text("Saved ✓")

    ask = page.locator(".cx-ask-input").first.locator("xpath=..")
    # The initiatives as a list, the question not repeated, one status line while untouched.
    expect(ask.locator("li")).to_have_count(5)
    expect(ask).not_to_contain_text('"; "')
    expect(ask.locator(".cx-status")).to_have_count(1)
    page.locator(".cx-ask-input textarea").first.fill(REWRITE_TEXT)
    expect(ask.locator(".cx-save-status")).to_contain_text("Saved ✓")
    # The checker's findings are said once: under the box, not again in the save line.
    expect(ask.locator(".cx-feedback")).to_contain_text("Answered")
    expect(ask.locator(".cx-save-status")).not_to_contain_text("Answered")

    # The checker at the end is a text box, not code to edit; it saves nothing.
    checker = page.locator(".cx-outcomes-builder").last
    checker.locator("textarea").fill(
        "Minimise the time it takes to get my claim settled after an accident"
    )
    expect(checker.locator(".cx-outcomes-builder-feedback")).to_contain_text("Well formed")
    assert wait_for_value(lab, PARTICIPANT, SORT, key) == key
    assert wait_for_value(lab, PARTICIPANT, REWRITE, REWRITE_TEXT) == REWRITE_TEXT

    restart_and_run_all(page)
    sort = page.locator(".cx-outside-in-sort").first
    expect(sort.locator(".cx-save-status")).to_contain_text("Saved ✓ in your workbook (last saved")
    for i, view in enumerate(key.values()):
        expect(rows.nth(i).locator("button.cx-chosen")).to_have_text(f"✓ {LABEL[view]}")
    ask = page.locator(".cx-ask-input").first.locator("xpath=..")
    expect(page.locator(".cx-ask-input textarea").first).to_have_value(REWRITE_TEXT)
    expect(ask.locator(".cx-save-status")).to_contain_text("Saved ✓ in your workbook (last saved")
    for status in (sort.locator(".cx-save-status"), ask.locator(".cx-save-status")):
        expect(status).not_to_contain_text("Not saved")
        expect(status).not_to_contain_text("Not started")
    wb = workbook_of(lab, PARTICIPANT)
    assert all(q.id in wb for q in questions.all_questions(EXERCISE))
    assert wb.get(SORT) == key and wb.get(REWRITE) == REWRITE_TEXT
    assert_no_errors(page)
    gallery_shot(page, RELPATH, "after answering everything, Kernel → Restart and Run All")
