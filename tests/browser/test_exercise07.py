"""Exercise 7 in a real JupyterLab: two sets of buttons and four boxes, back after a restart."""

from __future__ import annotations

from playwright.sync_api import expect

from cxkit import questions
from cxkit.concepts import landscape as cpl
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


def _picked(pick) -> list[str]:
    """The choices a set of toggle buttons shows as picked: blue, with a ✓."""
    on = pick.locator("button.mod-active")
    return [t.removeprefix("✓").strip() for t in on.all_inner_texts()]


ORPHANS = "landscape/orphan-activities"
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
    for i in range(3):  # untouched: one status line, the kit's one untouched state
        expect(asks.nth(i).locator(".cx-save-status")).to_contain_text("Not started")
        expect(asks.nth(i).locator(".cx-status")).to_have_count(1)
    key = cpl.exercise_key()
    picks = page.locator(".cx-pick-many")
    assert picks.nth(0).locator("button").count() == len(questions.get(ORPHANS).choices)
    for i, part in enumerate(("orphan_activities", "unmeasured_scos")):
        for label in key[part]:
            picks.nth(i).locator("button", has_text=label).click()
        expect(picks.nth(i).locator("button.mod-info")).to_have_count(len(key[part]))
    for label in key["orphan_activities"]:  # picked: blue with a ✓, plainly visible
        button = picks.nth(0).locator("button", has_text=label)
        expect(button).to_contain_text("✓")
        expect(button).to_be_visible()
    expect(asks.nth(2).locator(".cx-feedback")).not_to_contain_text("Not answered yet")
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
    picks = page.locator(".cx-pick-many")
    expect(picks.nth(0).locator("button.mod-info")).to_have_count(len(key["orphan_activities"]))
    assert sorted(_picked(picks.nth(0))) == sorted(key["orphan_activities"])
    assert sorted(_picked(picks.nth(1))) == sorted(key["unmeasured_scos"])
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
