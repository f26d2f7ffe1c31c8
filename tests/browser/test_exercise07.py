"""Exercise 7 in a real JupyterLab: two lists and four boxes, and back after a restart."""

from __future__ import annotations

from playwright.sync_api import expect

from cxkit import landscape as cpl
from cxkit import questions
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

# The options a multiple-choice list shows as selected (ipywidgets writes spaces as non-breaking).
SELECTED = "s => [...s.selectedOptions].map(o => o.textContent.replace(/\\u00a0/g, ' '))"
EX07 = "exercises/07_triple_crown_and_landscape.ipynb"
EXERCISE = "07_triple_crown_and_landscape"
PARTICIPANT = "Dorothy Vaughan"
CHANGE = {
    "change": "Give customers a secure link to update their card — no re-keying from emails.",
    "customer": "Payment problems sorted in one contact; 90% first time.",
    "cost": "About 40 hours a month of billing-agent time freed.",
    "revenue": "Fewer lapses after a failed debit: about £450 kept each.",
}


def test_exercise07_every_answer_by_widget_survives_a_restart(lab, page) -> None:
    (lab.root / "exercises" / IDENTITY_FILE).unlink(missing_ok=True)
    open_and_run(page, lab, EX07)
    identify(page, PARTICIPANT)
    asks = page.locator(".cx-ask-input").locator("xpath=..")
    assert asks.count() == 3
    for i in range(3):
        expect(asks.nth(i).locator(".cx-save-status")).to_contain_text("Not started")
    key = cpl.exercise_key()
    picks = page.locator(".cx-ask-input select")
    picks.nth(0).select_option(label=key["orphan_activities"])
    picks.nth(1).select_option(label=key["unmeasured_scos"])
    expect(asks.nth(2).locator(".cx-feedback")).to_contain_text("Not answered yet")
    for part, text in CHANGE.items():
        page.locator(f".cx-record-{part} textarea").fill(text)
    expect(asks.nth(2).locator(".cx-feedback")).to_contain_text("All four parts written")
    for i in range(3):
        expect(asks.nth(i).locator(".cx-save-status")).to_contain_text("Saved ✓")
    orphans = wait_for_value(
        lab, PARTICIPANT, "landscape/orphan-activities", key["orphan_activities"]
    )
    assert sorted(orphans) == key["orphan_activities"]
    unmeasured = wait_for_value(
        lab, PARTICIPANT, "landscape/unmeasured-scos", key["unmeasured_scos"]
    )
    assert unmeasured == key["unmeasured_scos"]
    assert wait_for_value(lab, PARTICIPANT, "landscape/triple-crown-change", CHANGE) == CHANGE

    restart_and_run_all(page)
    picks = page.locator(".cx-ask-input select")
    chosen = picks.nth(0).evaluate(SELECTED)
    assert sorted(chosen) == key["orphan_activities"]
    chosen = picks.nth(1).evaluate(SELECTED)
    assert chosen == key["unmeasured_scos"]
    for part, text in CHANGE.items():
        expect(page.locator(f".cx-record-{part} textarea")).to_have_value(text)
    asks = page.locator(".cx-ask-input").locator("xpath=..")
    for i in range(3):
        status = asks.nth(i).locator(".cx-save-status")
        expect(status).to_contain_text("Saved ✓ in your workbook (last saved")
        expect(status).not_to_contain_text("Not saved")
        expect(status).not_to_contain_text("Not started")
    wb = workbook_of(lab, PARTICIPANT)
    assert all(q.id in wb for q in questions.all_questions(EXERCISE))
    assert_no_errors(page)
    gallery_shot(page, EX07, "after answering everything, Kernel → Restart and Run All")
