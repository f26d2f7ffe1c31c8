"""Lesson 7 and exercise 7 in a real JupyterLab and Debian's chromium.

Add a link in the landscape builder and see a check clear; the exercise's answers reach the workbook.
"""

from __future__ import annotations

import time

from playwright.sync_api import expect

from cxkit import landscape as cpl
from tests.browser.harness import (
    assert_no_errors,
    identify,
    open_and_run,
    screenshot,
    wait_for_answer,
    wait_for_value,
    workbook_of,
)

PARTICIPANT = "Ada Lovelace"


def test_lesson07_adding_a_link_clears_a_check(lab, page) -> None:
    open_and_run(page, lab, "notebooks/07_triple_crown_and_landscape.ipynb")
    builder = page.locator(".cx-landscape").first
    checks = builder.locator(".cx-landscape-checks")
    unmeasured = checks.locator(".cx-landscape-check", has_text="SCOs with no measure")
    expect(unmeasured).to_contain_text("Home safe and liveable again")
    assert "cx-check-bad" in (unmeasured.get_attribute("class") or "")
    figure_before = builder.locator("img").first.get_attribute("src")

    # A link the chain does not allow is refused with a reason.
    builder.locator(".cx-landscape-from select").select_option(label="Contact-centre agent (role)")
    builder.locator(".cx-landscape-to select").select_option(label="First notice of loss (process)")
    builder.locator(".cx-landscape-add-link").click()
    expect(builder.locator(".cx-landscape-message")).to_contain_text(
        "can link down to a measure only"
    )

    builder.locator(".cx-landscape-from select").select_option(
        label="Home safe and liveable again (successful customer outcome)"
    )
    builder.locator(".cx-landscape-to select").select_option(
        label="Homes liveable within 48 hours (measure)"
    )
    builder.locator(".cx-landscape-add-link").click()
    expect(unmeasured).to_contain_text("SCOs with no measure: none", timeout=30_000)
    assert "cx-check-ok" in (unmeasured.get_attribute("class") or "")
    expect(builder.locator("img").first).not_to_have_attribute("src", figure_before)  # redrawn
    assert_no_errors(page)
    screenshot(page, "lesson07-landscape")


def test_exercise07_answers_reach_the_workbook(lab, page) -> None:
    open_and_run(page, lab, "exercises/07_triple_crown_and_landscape.ipynb")
    identify(page, PARTICIPANT)
    key = cpl.exercise_key()
    picks = page.locator(".cx-ask-input select")
    picks.nth(0).select_option(label=key["orphan_activities"])
    picks.nth(1).select_option(label=key["unmeasured_scos"])
    expect(page.locator(".cx-save-status", has_text="Saved ✓")).to_have_count(2, timeout=30_000)
    deadline = time.monotonic() + 20
    while True:
        wb = workbook_of(lab, PARTICIPANT)
        orphans = wb.get("landscape/orphan-activities")
        if orphans is not None and sorted(orphans) == key["orphan_activities"]:
            break
        assert time.monotonic() < deadline, f"orphans not saved: {orphans!r}"
        time.sleep(0.25)
    assert wait_for_answer(lab, PARTICIPANT, "landscape/unmeasured-scos") == key["unmeasured_scos"]
    # The triple-crown form: blank, it says so; typed into, the record reaches the workbook.
    expect(page.locator(".jp-NotebookPanel:visible")).to_contain_text("Not answered yet")
    change = {
        "change": "Give customers a secure link to update their card — no re-keying from emails.",
        "customer": "Payment problems sorted in one contact; 90% first time.",
        "cost": "About 40 hours a month of billing-agent time freed.",
        "revenue": "Fewer lapses after a failed debit: about £450 kept each.",
    }
    for part, text in change.items():
        page.locator(f".cx-record-{part} textarea").fill(text)
    expect(page.locator(".jp-NotebookPanel:visible")).to_contain_text("All four parts written")
    got = wait_for_value(lab, PARTICIPANT, "landscape/triple-crown-change", change)
    assert got == change, got
    assert_no_errors(page)
    screenshot(page, "exercise07-landscape")
