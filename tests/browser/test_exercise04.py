"""Exercise 4 in a real JupyterLab: regroup all twelve, three SMART needs, restored after a restart."""

from __future__ import annotations

from playwright.sync_api import expect

from cxkit import questions
from cxkit.concepts.case_company import category
from cxkit.concepts.needs import exercise_key, regroup_sample
from cxkit.questions.ex04_needs import EXERCISE, REGROUP, SMART_NEEDS
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

RELPATH = "exercises/04_customer_categories_and_needs.ipynb"
PARTICIPANT = "Florence Nightingale"
NEEDS = {
    "need_1": "My home is safe, with water off and power made safe, within 4 hours of my call.",
    "need_2": "My family sleeps at home, or in a place you arranged, on the first night.",
    "need_3": "I have a builder's start date within 2 working days of the damage.",
}


def test_exercise04_every_answer_by_widget_survives_a_restart(lab, page) -> None:
    # A first visit: nobody is remembered from an earlier test in this lab.
    (lab.root / "exercises" / IDENTITY_FILE).unlink(missing_ok=True)
    open_and_run(page, lab, RELPATH)
    identify(page, PARTICIPANT)

    # Untouched boxes are neutral: no red "1 thing to fix" before anything is typed.
    smart = page.locator(".cx-needs-smart-exercise").first
    expect(smart).not_to_contain_text("to fix")
    expect(smart.locator(":scope > .cx-save-status")).to_contain_text("Not started")

    key = exercise_key()  # one menu per customer, in the order shown
    regroup = page.locator(".cx-needs-regroup").first
    picks = regroup.locator(".cx-needs-regroup-pick select")
    assert picks.count() == len(key)
    # The exercise's own customers: none of the lesson's practice customers is shown.
    for cid in key:
        expect(regroup).to_contain_text(cid)
    for cid in regroup_sample()["customer_id"]:
        expect(regroup).not_to_contain_text(cid)
    for i, cat in enumerate(key.values()):
        picks.nth(i).select_option(label=category(cat).name)
    expect(regroup.locator(".cx-needs-regroup-summary")).to_contain_text("12 of 12 placed")
    expect(regroup.locator(":scope > .cx-save-status")).to_contain_text("Saved ✓")

    boxes = smart.locator(".cx-needs-smart-input textarea")
    for i, text in enumerate(NEEDS.values()):
        boxes.nth(i).fill(text)
    expect(smart.locator(".cx-needs-smart-findings").first).to_contain_text("SMART")
    expect(smart.locator(":scope > .cx-save-status")).to_contain_text("Saved ✓")

    # "Try the checker" is a text box with live findings, not code to edit.
    checker = page.locator(".cx-needs-smart-input textarea").last
    checker.fill("Fast repairs.")
    expect(page.locator(".cx-needs-smart-findings").last).to_contain_text("things to fix")

    assert wait_for_value(lab, PARTICIPANT, REGROUP, key) == key
    assert wait_for_value(lab, PARTICIPANT, SMART_NEEDS, NEEDS) == NEEDS

    restart_and_run_all(page)
    regroup = page.locator(".cx-needs-regroup").first
    picks = regroup.locator(".cx-needs-regroup-pick select")
    for i, cat in enumerate(key.values()):
        expect(picks.nth(i)).to_have_value(category(cat).name)  # the menu shows names
    smart = page.locator(".cx-needs-smart-exercise").first
    for i, text in enumerate(NEEDS.values()):
        expect(smart.locator(".cx-needs-smart-input textarea").nth(i)).to_have_value(text)
    for status in (
        regroup.locator(":scope > .cx-save-status"),
        smart.locator(":scope > .cx-save-status"),
    ):
        expect(status).to_contain_text("Saved ✓ in your workbook (last saved")
        expect(status).not_to_contain_text("Not saved")
        expect(status).not_to_contain_text("Not started")
    wb = workbook_of(lab, PARTICIPANT)
    assert all(q.id in wb for q in questions.all_questions(EXERCISE))
    assert wb.get(REGROUP) == key and wb.get(SMART_NEEDS) == NEEDS
    assert_no_errors(page)
    gallery_shot(page, RELPATH, "after answering everything, Kernel → Restart and Run All")
