"""Lessons 1 and 2 and exercise 2 in a real JupyterLab and Debian's chromium: feedback shows, answers reach the workbook."""

from __future__ import annotations

from playwright.sync_api import expect

from cxkit import questions
from cxkit.concepts.outcomes.measures import exercise_key
from cxkit.questions.ex02_outputs_vs_outcomes import (
    AHT,
    CLASSIFY,
    EXERCISE,
    REFRAME,
    REFRAME_MEASURES,
)
from cxkit.session import IDENTITY_FILE
from tests.browser.harness import (
    assert_no_errors,
    gallery_shot,
    identify,
    open_and_run,
    restart_and_run_all,
    screenshot,
    wait_for_value,
    workbook_of,
)

PARTICIPANT = "Ada Lovelace"
REFRAMED = "Minimise the number of times I have to call before my problem is sorted, after I report a claim"
AHT_ANSWER = (
    "Agents paid for short calls rush, transfer awkward calls and close calls before the "
    "problem is solved, so the customer has to call again and repeat their story. Each call "
    "is shorter, but there are more of them: failure demand, so Kestrel's total cost rises."
)
EX02 = "exercises/02_outputs_vs_outcomes.ipynb"
KIND_LABEL = {"output": "Output", "outcome": "Outcome", "impact": "Impact"}
REFRAMES = dict(
    zip(
        REFRAME_MEASURES,
        [
            REFRAMED,
            "Minimise the time it takes me to get back on the road after an accident",
            "Increase the likelihood that one reply answers everything I asked when I email",
        ],
        strict=True,
    )
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
    gallery_shot(page, "notebooks/01_outside_in.ipynb", "after Run All and two clicks")


def test_lesson02_quiz_and_builder_give_feedback(lab, page) -> None:
    open_and_run(page, lab, "notebooks/02_outputs_vs_outcomes.ipynb")

    # The quiz: the first measure is the seed's "queries answered", an output.
    row = page.locator(".cx-outcomes-quiz-row", has_text="Customer queries answered").first
    row.locator("button", has_text="Outcome").click()
    expect(row.locator(".cx-outcomes-quiz-feedback")).to_contain_text("Not quite: it is an output")
    row.locator("button", has_text="Output").click()
    expect(row.locator(".cx-outcomes-quiz-feedback")).to_contain_text("Right: it is an output")
    expect(page.locator(".cx-outcomes-quiz-score").first).to_contain_text("1 of 1 right so far")
    expect(row.locator("button.cx-chosen")).to_have_text("✓ Output")  # colour and a tick

    # The builder: typed free text gets the checker's findings, escaped.
    box = page.locator(".cx-outcomes-builder .cx-outcomes-builder-text textarea").first
    box.fill("Reduce <b>AHT</b> fast")
    feedback = page.locator(".cx-outcomes-builder .cx-outcomes-builder-feedback").first
    expect(feedback).to_contain_text("“fast” sounds like a measure but carries none")
    expect(feedback).to_contain_text("Say what the customer is trying to get done")
    expect(page.locator(".cx-outcomes-builder-statement").first).to_contain_text("<b>AHT</b>")
    box.fill("Minimise the time it takes to get my claim settled after an accident")
    expect(feedback).to_contain_text("Well formed: all four parts")
    assert_no_errors(page)
    screenshot(page, "lesson02-outputs-vs-outcomes")
    gallery_shot(
        page, "notebooks/02_outputs_vs_outcomes.ipynb", "after Run All, a click, some typing"
    )


def test_exercise02_every_answer_by_widget_survives_a_restart(lab, page) -> None:
    # A first visit: nobody is remembered from an earlier test in this lab.
    (lab.root / "exercises" / IDENTITY_FILE).unlink(missing_ok=True)
    open_and_run(page, lab, EX02)
    identify(page, PARTICIPANT)

    key = exercise_key()  # all twelve measures, in the order the quiz shows them
    quiz = page.locator(".cx-outcomes-quiz").first
    expect(quiz.locator(".cx-save-status")).to_contain_text("Not started")
    rows = quiz.locator(".cx-outcomes-quiz-row")
    assert rows.count() == len(key)
    for i, kind in enumerate(key.values()):
        rows.nth(i).locator("button", has_text=KIND_LABEL[kind]).click()
        expect(rows.nth(i).locator("button.cx-chosen")).to_have_text(f"✓ {KIND_LABEL[kind]}")
    expect(quiz.locator(".cx-save-status")).to_contain_text("Saved ✓")
    expect(rows.first.locator(".cx-outcomes-quiz-feedback")).to_have_text("")  # no key revealed

    reframe = page.locator(".cx-outcomes-reframe").first
    boxes = reframe.locator(".cx-outcomes-builder-text textarea")
    assert boxes.count() == len(REFRAMES)
    for i, text in enumerate(REFRAMES.values()):
        boxes.nth(i).fill(text)
    expect(reframe.locator(".cx-outcomes-builder-feedback").first).to_contain_text("Well formed")
    expect(reframe.locator(":scope > .cx-save-status")).to_contain_text("Saved ✓")

    page.locator(".cx-ask-input textarea").first.fill(AHT_ANSWER)
    # "Try the checker" is a text box now, not code to edit; it saves nothing.
    checker = page.locator(".cx-outcomes-builder").last
    checker.locator(".cx-outcomes-builder-text textarea").fill(
        "Minimise the number of times I have to chase for an update while my claim is open"
    )
    expect(checker.locator(".cx-outcomes-builder-feedback")).to_contain_text("parts")

    assert wait_for_value(lab, PARTICIPANT, CLASSIFY, key) == key
    assert wait_for_value(lab, PARTICIPANT, REFRAME, REFRAMES) == REFRAMES
    assert wait_for_value(lab, PARTICIPANT, AHT, AHT_ANSWER) == AHT_ANSWER

    restart_and_run_all(page)
    quiz = page.locator(".cx-outcomes-quiz").first
    rows = quiz.locator(".cx-outcomes-quiz-row")
    for i, kind in enumerate(key.values()):
        expect(rows.nth(i).locator("button.cx-chosen")).to_have_text(f"✓ {KIND_LABEL[kind]}")
    reframe = page.locator(".cx-outcomes-reframe").first
    for i, text in enumerate(REFRAMES.values()):
        expect(reframe.locator(".cx-outcomes-builder-text textarea").nth(i)).to_have_value(text)
    expect(page.locator(".cx-ask-input textarea").first).to_have_value(AHT_ANSWER)
    ask = page.locator(".cx-ask-input").first.locator("xpath=..")
    statuses = [
        quiz.locator(".cx-save-status"),
        reframe.locator(":scope > .cx-save-status"),
        ask.locator(".cx-save-status"),
    ]
    for status in statuses:
        expect(status).to_contain_text("Saved ✓ in your workbook (last saved")
        expect(status).not_to_contain_text("Not saved")
        expect(status).not_to_contain_text("Not started")
    wb = workbook_of(lab, PARTICIPANT)
    assert all(q.id in wb for q in questions.all_questions(EXERCISE))
    assert wb.get(CLASSIFY) == key and wb.get(REFRAME) == REFRAMES and wb.get(AHT) == AHT_ANSWER
    assert_no_errors(page)
    gallery_shot(page, EX02, "after answering everything, Kernel → Restart and Run All")
