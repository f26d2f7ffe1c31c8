"""Lessons 6 and 8 in a real JupyterLab and Debian's chromium (exercise 6: test_exercise06.py).

Move a weight and the ranking changes; rate a mistake and the next steps follow.
"""

from __future__ import annotations

from playwright.sync_api import expect

from cxkit.concepts import north_star as ns
from tests.browser.harness import assert_no_errors, gallery_shot, open_and_run


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
    flipped = ns.winner(ns.case_candidates(), ns.DEFAULT_WEIGHTS | {"vision": 0.0}).name
    assert flipped == "Driving again within 2 working days"  # the accident category's own SCO
    expect(page.locator(".cx-northstar-table tr").nth(1)).to_contain_text(flipped, timeout=30_000)
    expect(matrix.locator(".cx-northstar-sensitivity")).to_contain_text(f"“{flipped}” leads")

    # A participant's own candidate appears in the ranking, escaped.
    matrix.locator(".cx-northstar-new-name input").fill("Claims <i>paid</i> in 10 days")
    matrix.locator(".cx-northstar-add").click()
    expect(matrix.locator(".cx-northstar-table")).to_contain_text("Claims <i>paid</i> in 10 days")
    expect(matrix.locator(".cx-northstar-ranking")).to_contain_text("Not scored yet")
    assert_no_errors(page)
    gallery_shot(
        page, "notebooks/06_north_star.ipynb", "after Run All, a weight set to 0, a candidate added"
    )


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
    # A participant's rating: the radar's title follows it.
    expect(page.locator(".cx-mistakes").first).to_contain_text("1 – ")
    assert_no_errors(page)
    gallery_shot(
        page, "notebooks/08_why_cx_initiatives_fail.ipynb", "after Run All, a rating and a preset"
    )
