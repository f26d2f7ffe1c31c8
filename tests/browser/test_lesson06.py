"""Lessons 6 and 8, exercise 6, in a real JupyterLab and Debian's chromium.

Move a weight and the ranking changes; the exercise's weights, scores and choice reach the workbook.
"""

from __future__ import annotations

import time

from playwright.sync_api import expect

from cxkit import north_star as ns
from tests.browser.harness import (
    assert_no_errors,
    identify,
    open_and_run,
    screenshot,
    wait_for_answer,
    workbook_of,
)

PARTICIPANT = "Ada Lovelace"
JUSTIFICATION = (
    "Lives back to normal within 7 days serves both claims categories and leads renewals by "
    "about six weeks; it is confirmed by the customer so it cannot be ticked off early."
)


def _set_slider(page, root, value: str) -> None:
    """Type a value into an ipywidgets slider's readout, as a participant can."""
    readout = root.locator(".widget-readout").first
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(value)
    page.keyboard.press("Enter")


def _first_ranked(page) -> str:
    return page.locator(".cx-northstar-table tr").nth(1).inner_text()


def test_lesson06_moving_a_weight_changes_the_ranking(lab, page) -> None:
    open_and_run(page, lab, "notebooks/06_north_star.ipynb")
    matrix = page.locator(".cx-northstar").first
    expect(matrix.locator(".cx-northstar-chart img, img.cx-northstar-chart").first).to_be_visible()
    assert "Lives back to normal within 7 days" in _first_ranked(page)
    expect(matrix.locator(".cx-northstar-sensitivity")).to_contain_text("Vision & strategy")

    # The sensitivity line says lowering Vision & strategy below 0.5 flips the winner: do it.
    _set_slider(page, matrix.locator(".cx-northstar-weight-vision"), "0")
    expect(page.locator(".cx-northstar-table tr").nth(1)).to_contain_text(
        "Driving again within 5 days", timeout=30_000
    )
    expect(matrix.locator(".cx-northstar-sensitivity")).to_contain_text(
        "'Driving again within 5 days' leads"
    )

    # A participant's own candidate appears in the ranking, escaped.
    matrix.locator(".cx-northstar-new-name input").fill("Claims <i>paid</i> in 10 days")
    matrix.locator(".cx-northstar-add").click()
    expect(matrix.locator(".cx-northstar-table")).to_contain_text("Claims <i>paid</i> in 10 days")
    assert_no_errors(page)
    screenshot(page, "lesson06-north-star")


def test_exercise06_weights_scores_and_choice_reach_the_workbook(lab, page) -> None:
    open_and_run(page, lab, "exercises/06_north_star.ipynb")
    identify(page, PARTICIPANT)
    matrix = page.locator(".cx-northstar").first
    expect(matrix.locator(".cx-feedback")).to_contain_text("Choose your North Star")

    # Score the first given candidate 5 on customer value, raise that weight, and choose it.
    box = matrix.locator(".cx-northstar-score-customer-value input").first
    box.fill("5")
    box.press("Enter")
    _set_slider(page, matrix.locator(".cx-northstar-weight-customer-value"), "4")
    matrix.locator(".cx-northstar-choice select").select_option(
        label="Lives back to normal within 7 days"
    )
    expect(matrix.locator(".cx-save-status")).to_contain_text("Saved ✓", timeout=30_000)

    deadline = time.monotonic() + 30
    value = None
    while time.monotonic() < deadline:
        value = wait_for_answer(lab, PARTICIPANT, "north-star/choice")
        if value.get("choice") == "back-to-normal-7d":
            break
        time.sleep(0.3)
    cands, weights, choice = ns.parse_choice_answer(value)
    assert choice == "back-to-normal-7d"
    assert weights["customer-value"] == 4.0
    assert next(c for c in cands if c.id == choice).scores["customer-value"] == 5
    assert {c.id for c in cands} == set(ns.EXERCISE_CANDIDATE_IDS)
    assert ns.choice_consistency(value)[0]  # the only scored candidate is top of their ranking

    page.locator(".cx-ask-input textarea").first.fill(JUSTIFICATION)
    assert wait_for_answer(lab, PARTICIPANT, "north-star/justification") is not None
    deadline = time.monotonic() + 20
    while workbook_of(lab, PARTICIPANT).get("north-star/justification") != JUSTIFICATION:
        assert time.monotonic() < deadline, "the justification did not reach the workbook"
        time.sleep(0.25)
    assert_no_errors(page)
    screenshot(page, "exercise06-north-star")


def test_lesson08_widgets_render_and_respond(lab, page) -> None:
    open_and_run(page, lab, "notebooks/08_why_cx_initiatives_fail.ipynb")
    steps = page.locator(".cx-mistakes-steps").first
    expect(steps).to_contain_text("Overall 3.0 out of 5")
    # These sliders show their value in words, not a readout: use the keyboard, 3 -> 1.
    handle = page.locator(".cx-mistakes-rating-measures .noUi-handle").first
    handle.focus()
    handle.press("ArrowLeft")
    handle.press("ArrowLeft")
    expect(steps).to_contain_text("Weakest: the focus is on the wrong measures", timeout=30_000)
    page.locator(".cx-nps-preset select").first.select_option(label="Small survey (40 answers)")
    expect(page.locator(".cx-nps-result").first).to_contain_text("from 40 answers", timeout=30_000)
    assert_no_errors(page)
    screenshot(page, "lesson08-why-cx-initiatives-fail")
