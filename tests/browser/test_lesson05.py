"""Lesson 5 in a real browser: fill the canvas builder, see the preview redraw, save, find it in the workbook."""

from __future__ import annotations

import pytest

from tests.browser.harness import (
    assert_no_errors,
    identify,
    open_and_run,
    screenshot,
    wait_for_answer,
)

NAME = "Ada Lovelace"
TYPED = {
    "who": "Households whose home was flooded <b>not bold</b> & still living in it",
    "statement": "My home is safe and dry today — and I know the day it's back 🏠",
    "success": "Ünïcödé ñ — 我想回家 — בבית",
}


def _preview_src(page) -> str:
    return page.locator(".cx-canvas-preview").first.get_attribute("src") or ""


@pytest.mark.browser
def test_canvas_builder_preview_save_and_workbook(lab, page) -> None:
    open_and_run(page, lab, "exercises/05_successful_customer_outcome_canvas.ipynb")
    identify(page, NAME)

    builder = page.locator(".cx-canvas-builder").first
    builder.wait_for()
    before = _preview_src(page)
    assert before.startswith("blob:") or before.startswith("data:"), before
    for field, text in TYPED.items():
        builder.locator(f".cx-canvas-{field} textarea").fill(text)
    builder.locator(".cx-canvas-moments textarea").fill(
        "- Wait in for the loss adjuster (remove)\n+ Plumber makes it safe the same day\nBuilder starts"
    )
    builder.locator(".cx-canvas-need textarea").first.fill(
        "My home is safe within 4 hours of my call."
    )
    # Checks are live; the preview redraws once typing pauses.
    page.locator(".cx-canvas-findings", has_text="fields filled in").first.wait_for()
    page.wait_for_function(
        "old => { const i = document.querySelector('.cx-canvas-preview'); return i && i.src !== old; }",
        arg=before,
        timeout=30_000,
    )
    assert _preview_src(page) != before

    builder.locator(".cx-canvas-save").click()
    page.locator(".cx-canvas-builder .cx-save-status", has_text="Saved ✓").first.wait_for()
    saved = wait_for_answer(lab, NAME, "canvas/complete-canvas")
    for field, text in TYPED.items():
        assert saved[field] == text, field  # exactly as typed
    assert saved["category"] == "home-made-whole"
    assert [m["feeling"] for m in saved["moments"]] == ["misery", "magic", "neutral"]
    assert saved["needs"][0]["need"] == "My home is safe within 4 hours of my call."

    builder.locator(".cx-canvas-export-pdf").click()
    status = page.locator(".cx-canvas-export-status", has_text="Written:").first
    status.wait_for()
    pdf = lab.root / "exercises" / "sco-canvas-home-made-whole.pdf"
    assert str(pdf) in status.inner_text() and pdf.read_bytes().startswith(b"%PDF")
    assert_no_errors(page)
    screenshot(page, "lesson05-canvas-builder")


@pytest.mark.browser
def test_lesson05_journey_editor_counts_update(lab, page) -> None:
    open_and_run(page, lab, "notebooks/05_successful_customer_outcome_canvas.ipynb")
    editor = page.locator(".cx-moments-editor").first
    counts = editor.locator(".cx-moments-counts")
    assert "12 moments" in counts.inner_text()
    editor.locator(".cx-moments-new input").fill("Text to say the hire car is on its way")
    editor.locator(".cx-moments-add").click()
    editor.locator(".cx-moments-counts", has_text="13 moments").wait_for()
    editor.locator(".cx-moments-remove").first.click()
    editor.locator(".cx-moments-counts", has_text="12 moments").wait_for()
    assert editor.locator(".cx-moments-row").count() == 12
    # The lesson's builder shows a preview but saves nothing in lesson mode.
    assert page.locator(".cx-canvas-preview").count() == 1
    screenshot(page, "lesson05-notebook")


@pytest.mark.browser
def test_lesson04_runs_and_regroup_gives_feedback(lab, page) -> None:
    open_and_run(page, lab, "notebooks/04_customer_categories_and_needs.ipynb")
    checker = page.locator(".cx-needs-smart-input textarea").first
    checker.fill("I am driving again within 2 working days of the accident.")
    page.locator(".cx-needs-smart-findings", has_text="SMART ✓").first.wait_for()
    # KM0009 asks why their renewal costs more than a new customer's: a price hunter.
    page.locator(".cx-needs-regroup-pick select").first.select_option(
        label="The cheapest quote this year"
    )
    page.locator(".cx-needs-regroup-summary", has_text="1 of 12 right so far").first.wait_for()
    screenshot(page, "lesson04-notebook")
