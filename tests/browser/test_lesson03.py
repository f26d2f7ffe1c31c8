"""Lesson 3 and exercise 3 in a real JupyterLab and Debian's chromium: the simulator redraws, labels reach the workbook."""

from __future__ import annotations

import time

from playwright.sync_api import expect

from cxkit.questions.ex03_contact_centre import LABELS, PROPOSAL
from tests.browser.harness import (
    assert_no_errors,
    identify,
    open_and_run,
    screenshot,
    wait_for_value,
    workbook_of,
)

PARTICIPANT = "Grace Hopper"
RATIONALE = (
    "Fix claim-progress updates so customers stop chasing: a text at each step and a named "
    "handler who rings back when promised."
)


def _set_slider(page, css: str, value: int) -> None:
    """Type a value into an ipywidgets slider's editable readout, as a participant can."""
    readout = page.locator(f".{css} .widget-readout").first
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(value))
    page.keyboard.press("Enter")


def test_lesson03_simulator_redraws_when_a_slider_moves(lab, page) -> None:
    open_and_run(page, lab, "notebooks/03_contact_centre_and_failure_demand.ipynb")

    sim = page.locator(".cx-contact-centre-simulator").first
    sim.scroll_into_view_if_needed()
    # Kestrel's peak hour: 49 Erlangs on 48 agents, so the queue never clears.
    expect(sim.locator(".cx-contact-centre-headline .cx-asa")).to_have_text("never clears")
    expect(sim.locator(".cx-contact-centre-headline .cx-sl")).to_have_text("0%")
    expect(sim.locator(".cx-contact-centre-dashboard")).to_contain_text("Average queue time")
    expect(sim.locator(".cx-contact-centre-customer")).to_contain_text("Contacts per need")
    chart = sim.locator(".cx-contact-centre-chart").first
    before = chart.get_attribute("src")

    _set_slider(page, "cx-contact-centre-agents", 60)
    expect(sim.locator(".cx-contact-centre-headline .cx-asa")).to_have_text("3 s")
    expect(sim.locator(".cx-contact-centre-headline .cx-sl")).to_have_text("95%")
    expect(chart).not_to_have_attribute("src", before or "")

    # AHT pressure: the dashboard's AHT falls while repeats appear.
    repeats_before = sim.locator(".cx-repeats").inner_text()
    _set_slider(page, "cx-contact-centre-pressure", 1)
    expect(sim.locator(".cx-repeats")).not_to_have_text(repeats_before)
    expect(sim.locator(".cx-contact-centre-dashboard")).to_contain_text("320 s")

    # Practice labelling gives instant feedback in the lesson.
    row = page.locator(".cx-label-demand-P02").first
    row.locator("button", has_text="value").click()
    feedback = page.locator(".cx-label-demand-row", has=page.locator(".cx-label-demand-P02"))
    expect(feedback.locator(".cx-label-demand-feedback")).to_contain_text("It is failure demand")
    assert_no_errors(page)
    screenshot(page, "lesson03-contact-centre")


def test_exercise03_labels_and_proposal_reach_the_workbook(lab, page) -> None:
    open_and_run(page, lab, "exercises/03_contact_centre_and_failure_demand.ipynb")
    identify(page, PARTICIPANT)

    page.locator(".cx-label-demand-E01 button", has_text="value").first.click()
    page.locator(".cx-label-demand-E02 button", has_text="failure").first.click()
    labels = page.locator(".cx-label-demand").first
    expect(labels.locator(".cx-save-status")).to_contain_text("Saved ✓")
    expect(labels.locator(".cx-label-demand-feedback").first).to_have_text("")  # no key shown
    expected = {"E01": "value", "E02": "failure"}
    assert wait_for_value(lab, PARTICIPANT, LABELS, expected) == expected

    crown = page.locator(".cx-triple-crown").first
    crown.locator(".cx-triple-crown-rationale textarea").fill(RATIONALE)
    expect(crown.locator(".cx-save-status")).to_contain_text("Saved ✓")
    deadline = time.monotonic() + 60
    saved = None
    while time.monotonic() < deadline:
        saved = workbook_of(lab, PARTICIPANT).get(PROPOSAL)
        if saved and saved.get("rationale") == RATIONALE:
            break
        time.sleep(0.25)
    assert saved and saved["rationale"] == RATIONALE
    assert saved["change"] == {"kind": "remove-failure-demand", "amount": 0.3}
    assert saved["all_pass"] is True
    expect(crown.locator(".cx-crown-overall")).to_contain_text("Triple crown won")
    assert_no_errors(page)
    screenshot(page, "exercise03-contact-centre")
