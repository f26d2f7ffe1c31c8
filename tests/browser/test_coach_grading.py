"""The coach's grading notebook in a real JupyterLab: score a rubric item, see it in the gradebook."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from cxkit.coach.gradebook import Gradebook
from cxkit.questions import label_of
from tests.browser.harness import gallery_shot, open_and_run

COMMENT = "Clear, and in the customer's words <b>not ours</b>."


def test_coach_scores_a_rubric_item_and_it_reaches_the_gradebook(lab, page) -> None:
    open_and_run(page, lab, "notebooks/coach/grading.ipynb")
    text = page.locator(".jp-NotebookPanel:visible").first.inner_text()
    # The sentence under the code cell (the code itself shows the f-string, not a path).
    cohort = Path(re.search(r"Working on the cohort folder (/\S+?)\.?\n", text).group(1))
    grader = page.locator(".cx-grader").first
    header = grader.locator(".cx-grader-header").inner_text()
    with Gradebook(cohort / "gradebook.sqlite", readonly=True) as gb:
        first = gb.rubric_tasks("participant")[0]
    pid, qid = first.participant_id, first.question_id
    assert pid in header and label_of(qid) in header and qid not in header  # a title, not an id
    expect(grader.locator(".cx-grader-answer")).to_contain_text("Checker's findings")
    if qid == "canvas/canvas-quality":  # the coach sees the canvas being scored
        expect(grader.locator("img.cx-grader-canvas")).to_be_visible()
        expect(grader.locator(".cx-grader-answer")).to_contain_text("The canvas you are scoring")
    by_item = page.locator(".cx-grader").nth(1)  # the notebook's second grader, item by item
    expect(by_item.locator(".cx-grader-header")).to_contain_text("(0 scored")
    criteria = grader.locator(".cx-grader-criterion")
    n = criteria.count()
    assert n >= 1
    for i in range(n):
        criteria.nth(i).locator("input[type=radio]").last.check()
    grader.locator(".cx-grader-comment textarea").fill(COMMENT)
    grader.locator(".cx-grader-save-next").click()
    expect(grader.locator(".cx-grading-status")).to_contain_text("Saved ✓", timeout=30_000)
    expect(grader.locator(".cx-grader-header")).to_contain_text("2 of")
    expect(grader.locator(".cx-grader-header")).to_contain_text("(1 scored")
    expect(by_item.locator(".cx-grader-header")).to_contain_text("(1 scored")  # counts agree
    # The cohort table gives each exercise's maximum, and the export says what it wrote.
    text = page.locator(".jp-NotebookPanel:visible").first.inner_text()
    assert re.search(r"Exercise 1 \(of \d+\)", text) and re.search(r"\t\d+(\.\d)? of \d+\t", text)
    assert "Notes when handed in" in text and "feedback files" not in text
    assert re.search(r"\d+ feedback pages \(HTML\) with a Markdown copy of each", text)
    hint = grader.locator(".cx-grader-suggestion")
    if hint.count():
        assert re.search(r"Suggested by the checker: level \d+\. ", hint.first.inner_text())
    gallery_shot(
        page, "notebooks/coach/grading.ipynb", "the coach's grading notebook, one item scored"
    )
    with Gradebook(cohort / "gradebook.sqlite", readonly=True) as gb:
        saved = gb.manual_for(pid)[qid]
        questions = gb.questions()
    assert saved["comment"] == COMMENT
    top = {name: max(levels) for name, levels in questions[qid]["rubric"]}
    assert saved["levels"] == {name: float(v) for name, v in top.items()}
