"""Lessons 1 and 2 and exercise 2 in a real JupyterLab and Debian's chromium: feedback shows, answers reach the workbook."""

from __future__ import annotations

from playwright.sync_api import expect

from cxkit.questions.ex02_outputs_vs_outcomes import AHT, CLASSIFY, REFRAME
from tests.browser.harness import (
    assert_no_errors,
    identify,
    open_and_run,
    screenshot,
    wait_for_value,
)

PARTICIPANT = "Ada Lovelace"
REFRAMED = "Minimise the number of times I have to call before my problem is sorted, after I report a claim"
AHT_ANSWER = (
    "Agents paid for short calls rush, transfer and close calls before the problem is solved, "
    "so the customer has to call again."
)


def test_lesson01_sorting_gives_the_reason(lab, page) -> None:
    open_and_run(page, lab, "notebooks/01_outside_in.ipynb")
    assert page.locator(".jp-OutputArea-output img").count() >= 1  # the journey figure is drawn
    row = page.locator(".cx-outside-in-sort-row", has_text="cut average handle time").first
    row.locator("button", has_text="Outside-In").click()
    expect(row.locator(".cx-outside-in-sort-feedback")).to_contain_text(
        "Not quite: this is Inside-Out"
    )
    row.locator("button", has_text="Inside-Out").click()
    expect(row.locator(".cx-outside-in-sort-feedback")).to_contain_text("Right: Inside-Out")
    assert_no_errors(page)
    screenshot(page, "lesson01-outside-in")


def test_lesson02_quiz_and_builder_give_feedback(lab, page) -> None:
    open_and_run(page, lab, "notebooks/02_outputs_vs_outcomes.ipynb")

    # The quiz: the first measure is the seed's "queries answered", an output.
    row = page.locator(".cx-outcomes-quiz-row", has_text="Customer queries answered").first
    row.locator("button", has_text="Outcome").click()
    expect(row.locator(".cx-outcomes-quiz-feedback")).to_contain_text("Not quite: it is an output")
    row.locator("button", has_text="Output").click()
    expect(row.locator(".cx-outcomes-quiz-feedback")).to_contain_text("Right: it is an output")
    expect(page.locator(".cx-outcomes-quiz-score").first).to_contain_text("Score: 1 of 1")

    # The builder: typed free text gets the checker's findings, escaped.
    box = page.locator(".cx-outcomes-builder .cx-outcomes-builder-text textarea").first
    box.fill("Reduce <b>AHT</b> fast")
    feedback = page.locator(".cx-outcomes-builder .cx-outcomes-builder-feedback").first
    expect(feedback).to_contain_text("“fast” sounds like a measure but carries none")
    expect(feedback).to_contain_text("describes what the firm does")
    expect(page.locator(".cx-outcomes-builder-statement").first).to_contain_text("<b>AHT</b>")
    box.fill("Minimise the time it takes to get my claim settled after an accident")
    expect(feedback).to_contain_text("Well formed: all four parts")
    assert_no_errors(page)
    screenshot(page, "lesson02-outputs-vs-outcomes")


def test_exercise02_answers_reach_the_workbook(lab, page) -> None:
    open_and_run(page, lab, "exercises/02_outputs_vs_outcomes.ipynb")
    identify(page, PARTICIPANT)

    quiz_row = page.locator(".cx-outcomes-quiz-row", has_text="Cost to serve per policy").first
    quiz_row.locator("button", has_text="Impact").click()
    page.locator(".cx-outcomes-quiz-row", has_text="Training hours delivered").first.locator(
        "button", has_text="Outcome"
    ).click()
    expect(page.locator(".cx-outcomes-quiz .cx-save-status").first).to_contain_text("Saved ✓")
    expect(quiz_row.locator(".cx-outcomes-quiz-feedback")).to_have_text("")  # no key revealed

    reframe = page.locator(".cx-outcomes-reframe").first
    reframe.locator(".cx-outcomes-builder-text textarea").first.fill(REFRAMED)
    expect(reframe.locator(".cx-outcomes-builder-feedback").first).to_contain_text("Well formed")
    expect(reframe.locator(":scope > .cx-save-status")).to_contain_text("Saved ✓")

    page.locator(".cx-ask-input textarea").first.fill(AHT_ANSWER)

    classified = {"ex-cost-to-serve": "impact", "ex-training-hours": "outcome"}
    assert wait_for_value(lab, PARTICIPANT, CLASSIFY, classified) == classified
    assert wait_for_value(lab, PARTICIPANT, REFRAME, {"dash-aht": REFRAMED}) == {
        "dash-aht": REFRAMED
    }
    assert wait_for_value(lab, PARTICIPANT, AHT, AHT_ANSWER) == AHT_ANSWER
    assert_no_errors(page)
    screenshot(page, "exercise02-outputs-vs-outcomes")
