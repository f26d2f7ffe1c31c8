"""Exercise 8 in a real JupyterLab: calculator, choice, sliders and text, back after a restart."""

from __future__ import annotations

from playwright.sync_api import expect

from cxkit import questions
from cxkit.concepts import nps
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

EX08 = "exercises/08_why_cx_initiatives_fail.ipynb"
EXERCISE = "08_why_cx_initiatives_fail"
PARTICIPANT = "Mary Jackson"
NEXT_STEP = (
    "Kestrel's weakest area is its measures: it manages agents to average handle time. Replace "
    "that target with the share of claims sorted without the customer having to chase, reported "
    "weekly, and only act on NPS moves bigger than the noise. It worked when chasing contacts "
    "fall for several weeks in a row."
)


def _enter(box, value: str) -> None:
    box.fill(value)
    box.press("Enter")


def test_exercise08_every_answer_by_widget_survives_a_restart(lab, page) -> None:
    (lab.root / "exercises" / IDENTITY_FILE).unlink(missing_ok=True)
    open_and_run(page, lab, EX08)
    identify(page, PARTICIPANT)
    panel = page.locator(".jp-NotebookPanel:visible").first
    expect(panel).not_to_contain_text("array(")

    # Question 1: count the three groups off the table; the calculator shows the formula with
    # those counts in it, and the participant works the NPS out (it is not shown for them).
    calc = page.locator(".cx-nps-calculator").first
    expect(calc.locator(":scope > .cx-save-status")).to_contain_text("Not started")
    counts = nps.counts_from_scores(nps.exercise_scores())
    groups = {
        "detractors": int(counts[:7].sum()),
        "passives": int(counts[7:9].sum()),
        "promoters": int(counts[9:].sum()),
    }
    for group, n in groups.items():
        _enter(calc.locator(f".cx-nps-calc-{group} input"), str(n))
    shown = f"{nps.exercise_nps():+.1f} points"
    formula = f"{groups['promoters']:,} ÷ 320 × 100 − {groups['detractors']:,} ÷ 320 × 100"
    expect(calc.locator(".cx-nps-calc-working")).to_contain_text(formula)
    expect(calc.locator(".cx-nps-calc-working")).not_to_contain_text(f"{nps.exercise_nps():.1f}")
    calc.locator(".cx-nps-answer input").fill(shown)
    expect(calc.locator(":scope > .cx-save-status")).to_contain_text("Saved ✓")

    # Question 2: a choice.
    asks = page.locator(".cx-ask-input").locator("xpath=..")
    key = nps.exercise_change_key()
    asks.nth(0).locator("label", has_text=key).click()

    # Question 3: every slider set (keyboard, as the lesson's test does), then the text.
    mistakes = page.locator(".cx-mistakes").first
    expect(mistakes.locator(":scope > .cx-save-status")).to_contain_text("Not started")
    # Untouched, it looks untouched: not rated yet, no chart, no next steps.
    expect(mistakes.locator(".cx-mistakes-radar")).to_be_hidden()
    expect(mistakes.locator(".cx-mistakes-steps")).to_contain_text("5 still to rate")
    expect(mistakes.locator(".cx-mistakes-steps")).not_to_contain_text("Overall")
    handles = mistakes.locator(".noUi-handle")
    assert handles.count() == 5
    for i in range(5):  # from "not rated yet" to 2, by keyboard
        handles.nth(i).focus()
        handles.nth(i).press("ArrowRight")
        handles.nth(i).press("ArrowRight")
    expect(mistakes.locator(".cx-mistakes-radar")).to_be_visible()
    expect(mistakes.locator(".cx-mistakes-steps")).not_to_contain_text("still to rate")
    asks.nth(1).locator("textarea").fill(NEXT_STEP)

    for status in (
        calc.locator(":scope > .cx-save-status"),
        asks.nth(0).locator(".cx-save-status"),
        mistakes.locator(":scope > .cx-save-status"),
        asks.nth(1).locator(".cx-save-status"),
    ):
        expect(status).to_contain_text("Saved ✓")
    answer = round(nps.exercise_nps(), 1)
    saved = {"nps": answer, "counts": groups}
    assert wait_for_value(lab, PARTICIPANT, "initiatives/exercise-nps", saved) == saved
    assert wait_for_value(lab, PARTICIPANT, "initiatives/month-change", key) == key
    ratings = dict.fromkeys(questions.get("initiatives/kestrel-ratings").items, 2)
    assert wait_for_value(lab, PARTICIPANT, "initiatives/kestrel-ratings", ratings) == ratings
    assert wait_for_value(lab, PARTICIPANT, "initiatives/next-step", NEXT_STEP) == NEXT_STEP

    restart_and_run_all(page)
    calc = page.locator(".cx-nps-calculator").first
    expect(calc.locator(".cx-nps-answer input")).to_have_value(f"{answer:g}")
    for group, n in groups.items():  # the working is back too, not three zeros
        expect(calc.locator(f".cx-nps-calc-{group} input")).to_have_value(str(n))
    expect(calc.locator(".cx-nps-calc-working")).to_contain_text(formula)
    asks = page.locator(".cx-ask-input").locator("xpath=..")
    expect(asks.nth(0).locator("input[type=radio]:checked")).to_have_count(1)
    assert asks.nth(0).locator("label", has=page.locator("input:checked")).inner_text() == key
    mistakes = page.locator(".cx-mistakes").first
    expect(mistakes.locator(".cx-mistakes-rating-measures").locator("xpath=..")).to_contain_text(
        "2 – "
    )
    expect(asks.nth(1).locator("textarea")).to_have_value(NEXT_STEP)
    for status in (
        calc.locator(":scope > .cx-save-status"),
        asks.nth(0).locator(".cx-save-status"),
        mistakes.locator(":scope > .cx-save-status"),
        asks.nth(1).locator(".cx-save-status"),
    ):
        expect(status).to_contain_text("Saved ✓ in your workbook (last saved")
        expect(status).not_to_contain_text("Not saved")
        expect(status).not_to_contain_text("Not started")
    wb = workbook_of(lab, PARTICIPANT)
    assert all(q.id in wb for q in questions.all_questions(EXERCISE))
    assert_no_errors(page)
    gallery_shot(page, EX08, "after answering everything, Kernel → Restart and Run All")
