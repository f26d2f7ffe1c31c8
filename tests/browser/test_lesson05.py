"""Lesson 5 in a real browser: fill the canvas builder, see the preview redraw, save, find it in the workbook."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cxkit import questions
from cxkit.concepts.canvas import Canvas
from cxkit.questions.ex05_canvas import CANVAS, EXERCISE, QUALITY, model_canvas
from cxkit.session import IDENTITY_FILE
from tests.browser.harness import (
    assert_no_errors,
    gallery_shot,
    identify,
    open_and_run,
    restart_and_run_all,
    screenshot,
    wait_for_answer,
    workbook_of,
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
    # Feelings are picked with buttons whose chosen one is coloured and ticked, never cut off.
    first = editor.locator(".cx-moments-row").first
    first.locator(".cx-moments-feeling button", has_text="magic").click()
    expect(first.locator("button.cx-chosen")).to_have_text("✓ magic")
    for b in first.locator(".cx-moments-feeling button").all():
        assert b.evaluate("e => e.scrollWidth <= e.clientWidth"), b.inner_text()  # not cut off
    lefts = {
        round(r.locator("input").first.bounding_box()["x"])
        for r in editor.locator(".cx-moments-row").all()
    }
    assert len(lefts) == 1, lefts  # rows 10-12 line up with rows 1-9
    # Untouched, the practice canvas is neutral, not a list of what is missing.
    expect(page.locator(".cx-canvas-findings").first).to_contain_text("Not started")
    screenshot(page, "lesson05-notebook")
    gallery_shot(page, "notebooks/05_successful_customer_outcome_canvas.ipynb", "after Run All")


@pytest.mark.browser
def test_lesson04_runs_and_regroup_gives_feedback(lab, page) -> None:
    open_and_run(page, lab, "notebooks/04_customer_categories_and_needs.ipynb")
    checker = page.locator(".cx-needs-smart-input textarea").first
    checker.fill("I am driving again within 2 working days of the accident.")
    page.locator(".cx-needs-smart-findings", has_text="SMART ✓").first.wait_for()
    from cxkit.concepts.needs import category, regroup_key

    # The first customer's right need group, from the lesson's own key.
    right = category(next(iter(regroup_key().values()))).name
    page.locator(".cx-needs-regroup-pick select").first.select_option(label=right)
    page.locator(".cx-needs-regroup-summary", has_text="1 of 12 right so far").first.wait_for()
    screenshot(page, "lesson04-notebook")
    gallery_shot(page, "notebooks/04_customer_categories_and_needs.ipynb", "after Run All")


EX05 = "exercises/05_successful_customer_outcome_canvas.ipynb"
EXPLAIN = (
    "Remove first the wait for a loss adjuster and the repeated photo requests: neither brings "
    "the household closer to a liveable home, and both make chase calls. The statement names "
    "what the household gets and when, in their words, and says nothing about our process."
)


def _moments_text(c: Canvas) -> str:
    mark = {"misery": "- ", "magic": "+ ", "neutral": ""}
    return "\n".join(
        mark[m.feeling.value] + m.step + ("" if m.serves_sco else " (remove)") for m in c.moments
    )


@pytest.mark.browser
def test_exercise05_whole_canvas_by_widget_survives_a_restart(lab, page) -> None:
    name = "Mary Seacole"
    # A first visit: nobody is remembered from an earlier test in this lab.
    (lab.root / "exercises" / IDENTITY_FILE).unlink(missing_ok=True)
    open_and_run(page, lab, EX05)
    identify(page, name)
    m = model_canvas()
    builder = page.locator(".cx-canvas-builder").first
    expect(builder.locator(".cx-canvas-findings")).to_contain_text("Not started")
    for field in ("who", "expectation", "journey", "success", "process-good", "process-bad",
                  "statement"):  # fmt: skip
        builder.locator(f".cx-canvas-{field} textarea").fill(getattr(m, field.replace("-", "_")))
    builder.locator(".cx-canvas-moments textarea").fill(_moments_text(m))
    for i, n in enumerate(m.needs):
        builder.locator(".cx-canvas-need textarea").nth(i).fill(n.need)
        builder.locator(".cx-canvas-measure textarea").nth(i).fill(n.measure)
    for k in ("customer", "cost", "revenue"):
        builder.locator(f".cx-canvas-tc-{k} textarea").fill(getattr(m.triple_crown, k))
    expect(builder.locator(".cx-canvas-findings")).to_contain_text("11 of 11 fields filled in")
    expect(builder.locator(".cx-save-status")).to_contain_text("Saved ✓")
    page.locator(".cx-ask-input textarea").first.fill(EXPLAIN)
    assert wait_for_answer(lab, name, QUALITY) is not None

    restart_and_run_all(page)
    builder = page.locator(".cx-canvas-builder").first
    expect(builder.locator(".cx-canvas-statement textarea")).to_have_value(m.statement)
    expect(builder.locator(".cx-canvas-findings")).to_contain_text("11 of 11 fields filled in")
    ask = page.locator(".cx-ask-input").first.locator("xpath=..")
    expect(page.locator(".cx-ask-input textarea").first).to_have_value(EXPLAIN)
    for status in (builder.locator(".cx-save-status"), ask.locator(".cx-save-status")):
        expect(status).to_contain_text("Saved ✓ in your workbook (last saved")
        expect(status).not_to_contain_text("Not saved")
        expect(status).not_to_contain_text("Not started")
    wb = workbook_of(lab, name)
    assert all(q.id in wb for q in questions.all_questions(EXERCISE))
    saved = Canvas.from_record(wb.get(CANVAS))
    assert saved.statement == m.statement and saved.who == m.who
    assert [x.step for x in saved.moments] == [x.step for x in m.moments]
    assert [(n.need, n.measure) for n in saved.needs] == [(n.need, n.measure) for n in m.needs]
    assert wb.get(QUALITY) == EXPLAIN
    assert_no_errors(page)
    gallery_shot(page, EX05, "after filling the whole canvas, Kernel → Restart and Run All")
