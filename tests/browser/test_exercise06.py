"""Exercise 6 in a real JupyterLab: the whole answer by widget, and back after a restart.

Score all five candidates in the matrix, raise a weight, choose with a button, write the
justification; Kernel → Restart and Run All shows it all again, saved.
"""

from __future__ import annotations

from playwright.sync_api import expect

from cxkit import questions
from cxkit.concepts import north_star as ns
from cxkit.session import IDENTITY_FILE
from tests.browser.harness import (
    assert_no_errors,
    gallery_shot,
    identify,
    open_and_run,
    restart_and_run_all,
    wait_for_answer,
    wait_for_value,
    workbook_of,
)

EX06 = "exercises/06_north_star.ipynb"
EXERCISE = "06_north_star"
PARTICIPANT = "Katherine Johnson"
CHOSEN = "first-night-safe"
CHOSEN_NAME = "Households in a safe, dry bed on the first night"
JUSTIFICATION = (
    "A safe, dry bed on the first night serves the home division's claimants, who bring 27% of "
    "Kestrel's profit; it is their outcome, known the next morning, so it moves before renewals "
    "do. The household confirms it by text, not the handler, so it is hard to game. Raising the "
    "weight of vision and strategy to about twice its value would pick homes back the way they "
    "were within 30 days, which is known only a month later, so that is not the right call."
)


def _set_slider(page, root, value: str) -> None:
    """Type a value into an ipywidgets slider's readout, as a participant can."""
    readout = root.locator(".widget-readout").first
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(value)
    page.keyboard.press("Enter")


def test_exercise06_every_answer_by_widget_survives_a_restart(lab, page) -> None:
    (lab.root / "exercises" / IDENTITY_FILE).unlink(missing_ok=True)
    open_and_run(page, lab, EX06)
    identify(page, PARTICIPANT)
    matrix = page.locator(".cx-northstar").first

    # A sensible start: nothing scored, nothing ranked, no chart, nothing chosen.
    expect(matrix.locator(".cx-northstar-chart-note")).to_contain_text("No chart yet")
    expect(matrix.locator(".cx-northstar-chart")).to_be_hidden()
    expect(matrix.locator(".cx-northstar-ranking")).not_to_contain_text("1st")
    expect(matrix.locator(".cx-northstar-ranking")).to_contain_text("Not scored yet")
    expect(matrix.locator(".cx-feedback")).not_to_contain_text("chosen")  # one untouched state
    expect(matrix.locator(":scope > .cx-save-status")).to_contain_text("Not started")

    ref = ns.exercise_candidates()
    # The exercise's own situation and candidates, none of them lesson 6's.
    expect(page.locator(".jp-OutputArea-output", has_text="home division").first).to_be_visible()
    lesson_names = {c.name for c in ns.case_candidates()}
    for name in lesson_names:
        expect(matrix).not_to_contain_text(name)
    for cand in ref:
        row = matrix.locator(f".cx-northstar-row-{cand.id}")
        for crit, score in cand.scores.items():
            row.locator(f".cx-northstar-score-{crit} select").select_option(label=str(score))
        expect(row.locator(".cx-northstar-row-status")).to_contain_text("✓ Scored")
    expect(matrix.locator(".cx-northstar-chart")).to_be_visible()
    expect(matrix.locator(".cx-northstar-table tr").nth(1)).to_contain_text("1st")

    _set_slider(page, matrix.locator(".cx-northstar-weight-leading"), "3")
    matrix.locator(".cx-northstar-choice-button", has_text=CHOSEN_NAME).click()
    chosen = matrix.locator(".cx-northstar-choice-button.cx-chosen")
    expect(chosen).to_have_text(f"✓ {CHOSEN_NAME}")
    assert "mod-success" in (chosen.get_attribute("class") or "")  # green, not a grey shade
    expect(matrix.locator(":scope > .cx-save-status")).to_contain_text("Saved ✓")

    page.locator(".cx-ask-input textarea").first.fill(JUSTIFICATION)
    assert wait_for_value(lab, PARTICIPANT, "north-star/justification", JUSTIFICATION)
    saved = wait_for_answer(lab, PARTICIPANT, "north-star/choice")
    cands, weights, choice = ns.parse_choice_answer(saved)
    assert choice == CHOSEN and weights["leading"] == 3.0
    assert {c.id: c.scores for c in cands} == {c.id: c.scores for c in ref}
    assert questions.get("north-star/choice").check(saved).complete

    restart_and_run_all(page)
    matrix = page.locator(".cx-northstar").first
    expect(matrix.locator(".cx-northstar-choice-button.cx-chosen")).to_have_text(f"✓ {CHOSEN_NAME}")
    first = ref[0]
    row = matrix.locator(f".cx-northstar-row-{first.id}")
    for crit, score in first.scores.items():
        expect(row.locator(f".cx-northstar-score-{crit} select")).to_have_value(str(score))
    expect(matrix.locator(".cx-northstar-weight-leading .widget-readout")).to_contain_text("3")
    expect(matrix.locator(".cx-northstar-chart")).to_be_visible()
    expect(page.locator(".cx-ask-input textarea").first).to_have_value(JUSTIFICATION)
    ask = page.locator(".cx-ask-input").first.locator("xpath=..")
    for status in (matrix.locator(":scope > .cx-save-status"), ask.locator(".cx-save-status")):
        expect(status).to_contain_text("Saved ✓ in your workbook (last saved")
        expect(status).not_to_contain_text("Not saved")
        expect(status).not_to_contain_text("Not started")
    wb = workbook_of(lab, PARTICIPANT)
    assert all(q.id in wb for q in questions.all_questions(EXERCISE))
    assert ns.parse_choice_answer(wb.get("north-star/choice"))[2] == CHOSEN
    assert_no_errors(page)
    gallery_shot(page, EX06, "after answering everything, Kernel → Restart and Run All")
