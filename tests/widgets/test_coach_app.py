"""The coach app's buttons call the same library functions as the CLI, and say what happened."""

from __future__ import annotations

import base64
import io
import re
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from cxkit.coach.rounds import review_cohort, suggestions_for
from cxkit.coach.sample_cohort import sample_path
from cxkit.widgets.coach_app import CoachRound


def _links(html_text: str) -> dict[str, bytes]:
    return {
        name: base64.b64decode(data)
        for name, data in re.findall(
            r'download="([^"]+)"[^>]*? href="data:[^;]+;base64,([^"]+)"', html_text
        )
    }


def test_the_round_on_the_sample_cohort(tmp_path: Path) -> None:
    app = CoachRound(tmp_path / "cohort")
    app.collect()  # nothing chosen yet: a hint, no folder
    assert "Upload a zip" in app.collect_out.value and not (tmp_path / "cohort").exists()
    app.collect(sample=True)
    assert "collected" in app.collect_out.value and "corrupt" in app.collect_out.value
    assert (
        "unusable participant id" in app.collect_out.value
        and "<b>Test" not in app.collect_out.value
    )
    app.grade()
    assert app.grade_bar.value == app.grade_bar.max >= 12
    assert "Graded 12 workbook" in app.grade_out.value
    review = review_cohort(tmp_path / "cohort")
    assert f"{len(review.pending)} rubric items still to score" in app.review_out.value
    grader = app.scoring.children[0]
    assert grader.tasks and "/" not in grader.header.value.split("—")[2].split("<br>")[0]
    app.export()
    files = _links(app.export_out.value)
    assert set(files) == {"lms-grades.csv", "feedback.zip", "cohort-summary.html"}
    assert files["lms-grades.csv"].decode("utf-8").startswith("participant_id,")
    assert len(zipfile.ZipFile(io.BytesIO(files["feedback.zip"])).namelist()) == 24


def test_an_uploaded_zip_goes_through_safe_collect(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("../../escape.workbook.json", "{}")
        z.writestr("<i>x</i>.workbook.json", "not json")
        z.write(next(sample_path().rglob("amara-okafor.workbook.json")), "amara.workbook.json")
    app = CoachRound(tmp_path / "cohort")
    app.upload.value = ({"name": "../evil.zip", "type": "application/zip", "size": 1,
                         "content": memoryview(buf.getvalue()),
                         "last_modified": datetime.now(timezone.utc)},)  # fmt: skip
    app.collect()
    assert "refused, for safety" in app.collect_out.value
    assert "&lt;i&gt;x&lt;/i&gt;" in app.collect_out.value and "<i>x" not in app.collect_out.value
    assert (tmp_path / "cohort" / "amara-okafor.workbook.json").exists()
    assert not any(tmp_path.glob("escape*")) and not (tmp_path / "evil.zip").exists()


def test_a_bad_deadline_is_explained(tmp_path: Path) -> None:
    app = CoachRound(tmp_path / "cohort")
    app.deadline.value = "next friday"
    app.collect(sample=True)
    assert "is not a date and time" in app.collect_out.value


def test_suggestions_are_shown_never_applied_and_review_counts_agreement(tmp_path: Path) -> None:
    from cxkit.coach.collect import collect
    from cxkit.coach.grade_run import grade_cohort
    from cxkit.coach.gradebook import Gradebook
    from cxkit.coach.rounds import answers_by_participant
    from cxkit.widgets.grading import rubric_grader

    cohort = tmp_path / "cohort"
    collect(sample_path(), cohort)
    grade_cohort(cohort)
    g = rubric_grader(cohort / "gradebook.sqlite", order="item")
    with Gradebook(cohort / "gradebook.sqlite") as gb:
        answers = answers_by_participant(gb.results())
    by_crit: dict[tuple[str, str], list] = {}
    for i, t in enumerate(g.tasks):
        g.go(i)
        hints = [c for c in g.criteria_box.children if "cx-grader-suggestion" in c._dom_classes]
        suggested = suggestions_for(t.question_id, t.answer, answers[t.participant_id])
        assert len(hints) == len(suggested)  # every suggestion is shown, with its reason
        assert all(rb.value is None for rb in g.level_widgets.values())  # and none is applied
        for crit, (level, _why) in suggested.items():
            by_crit.setdefault((t.question_id, crit), []).append((t, level))
    (qid, crit), pairs = next((k, v) for k, v in by_crit.items() if len(v) >= 2)
    (t1, lv1), (t2, lv2) = pairs[:2]
    other = next(lv for lv in dict(t2.criteria)[crit] if lv != lv2)
    with Gradebook(cohort / "gradebook.sqlite") as gb:
        gb.set_manual_score(t1.participant_id, qid, {crit: lv1}, "", "coach")  # agrees
        gb.set_manual_score(t2.participant_id, qid, {crit: other}, "", "coach")  # differs
    assert review_cohort(cohort).agreement[(qid, crit)] == (1, 2)


def _graded_app(tmp_path: Path) -> CoachRound:
    app = CoachRound(tmp_path / "cohort")
    app.collect(sample=True)
    app.grade()
    return app


def _score_on_screen(grader) -> None:
    for rb in grader.level_widgets.values():
        rb.value = rb.options[-1][1]


def test_every_counter_and_summary_updates_when_a_score_is_saved(tmp_path: Path) -> None:
    from cxkit.widgets.grading import rubric_grader

    app = _graded_app(tmp_path)
    grader = app.scoring.children[0]
    other = rubric_grader(tmp_path / "cohort" / "gradebook.sqlite", order="item")  # notebook
    n = len(grader.tasks)
    assert "(0 scored" in grader.header.value and "(0 scored" in other.header.value
    assert f"{n} rubric items still to score" in app.review_out.value
    app.export()
    _score_on_screen(grader)
    assert grader.save()  # Save, not Save and next: the counts must still move
    assert "(1 scored" in grader.header.value and "(1 scored" in other.header.value
    if other.task is not None and (other.task.participant_id, other.task.question_id) == (
        grader.task.participant_id,
        grader.task.question_id,
    ):  # the same item on screen in the other list shows the saved levels
        assert {k: rb.value for k, rb in other.level_widgets.items()} == {
            k: rb.value for k, rb in grader.level_widgets.items()
        }
    assert f"{n - 1} rubric items still to score" in app.review_out.value
    assert f"{n} rubric items" not in app.review_out.value
    assert "press Export again" in app.export_out.value
    assert len(review_cohort(tmp_path / "cohort").pending) == n - 1  # the same count as the CLI


def test_the_canvas_item_shows_the_canvas_being_scored(tmp_path: Path) -> None:
    import html

    from cxkit.concepts.canvas import QUESTION_ID, Canvas
    from cxkit.widgets.grading import answer_view

    app = _graded_app(tmp_path)
    grader = app.scoring.children[0]
    i, task = next((i, t) for i, t in enumerate(grader.tasks) if t.question_id.endswith("quality"))
    grader.go(i)
    canvas = Canvas.from_record(grader._answers[task.participant_id][QUESTION_ID])
    body = grader.body.value
    assert "The canvas you are scoring" in body and "cx-grader-canvas" in body
    assert "data:image/png;base64," in body  # the kit's canvas picture
    for text in (canvas.statement, canvas.who, canvas.needs[0].measure, canvas.moments[0].step):
        assert html.escape(text) in body  # and every field as typed
    assert html.escape(task.answer) in body  # with the explanation being scored
    # A participant's text is shown as typed, never as markup.
    bad = canvas.with_fields(statement="<script>alert(1)</script> my home is dry").to_record()
    view = answer_view(task.question_id, "Why <b>this</b>.", {QUESTION_ID: bad})
    assert "<script>" not in view and "&lt;script&gt;" in view and "<b>this" not in view
    assert "handed in no canvas" in answer_view(task.question_id, "Why.", {})


def test_every_rubric_item_shows_the_answer_in_words(tmp_path: Path) -> None:
    import html

    from cxkit.concepts.outcomes.measures import measure

    app = _graded_app(tmp_path)
    grader = app.scoring.children[0]
    seen: set[str] = set()
    for i, t in enumerate(grader.tasks):
        if t.question_id in seen:
            continue
        seen.add(t.question_id)
        grader.go(i)
        body = re.sub(r"data:image/png;base64,[^'\"]+", "", grader.body.value)
        text = re.sub(r"<[^>]+>", " ", body)
        assert not re.search(r"[{}\[\]]|&quot;\w+&quot;:|\bTrue\b|\bFalse\b|\bNone\b", text), (
            t.question_id,
            text[:400],
        )
        answer = text.split("Checker's findings")[0]
        assert "_" not in answer, (t.question_id, text[:400])
        raw_float = re.search(r"\d\.\d{3,}|\b\d+\.0\b(?!%)", answer)
        assert not raw_float, (t.question_id, answer)
        if t.question_id == "outcomes/reframe-outputs":  # each output by its name, not its id
            assert all(html.escape(measure(k).name) in body for k in t.answer), body
    assert len(seen) >= 8


def test_collect_is_green_only_when_every_hand_in_is_fine(tmp_path: Path) -> None:
    app = CoachRound(tmp_path / "cohort")
    app.collect(sample=True)  # the sample has a corrupt, an empty and a late hand-in
    out = app.collect_out.value
    head = out.split("<table")[0]
    assert "cx-warn" in head and "cx-ok" not in head
    tables = out.split("<details")[0]
    assert "noor_2001/noor-haddad.workbook.json" in tables and "corrupt" in tables
    assert "Ask the participant" in tables  # what to do
    assert "Late: last saved" in tables  # the late ones are named too
    good = tmp_path / "good"
    good.mkdir()
    for name in ("amara-okafor", "ben-clarke"):
        src = next(sample_path().rglob(f"{name}.workbook.json"))
        (good / src.name).write_bytes(src.read_bytes())
    clean = CoachRound(tmp_path / "clean")
    clean.folder.value = str(good)
    clean.collect()
    head = clean.collect_out.value.split("<table")[0]
    assert "cx-ok" in head and "cx-warn" not in head and "Both hand-ins are fine" in head
    assert "No deadline was given" in head


def test_steps_say_what_they_will_do_before_grading(tmp_path: Path) -> None:
    app = CoachRound(tmp_path / "cohort")
    review = re.sub(r"<[^>]+>", "", app.review_out.value)
    scoring = re.sub(r"<[^>]+>", "", app.scoring.children[0].value)
    for sentence in (review, scoring):
        assert len(sentence.split()) >= 10 and re.search(r"Grade first|press Grade first", sentence)
    assert "rubric items" in review and "rubric items" in scoring
    app.collect(sample=True)
    app.grade()
    assert "still to score" in app.review_out.value and "Grade first" not in app.review_out.value
    assert "Grade first" not in app.export_out.value + app.assess_out.value
    assert app.scoring.children[0].tasks


def _visible(widget_html: str) -> str:
    """The words a coach reads in an HTML widget (tags and data: links dropped)."""
    import html

    text = re.sub(r'(href|src)="data:[^"]+"', "", widget_html)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def _all_text(app: CoachRound) -> str:
    """Every label and message on the app's page, as far as the kernel knows them."""
    import ipywidgets as w

    out, todo = [], [app]
    while todo:
        x = todo.pop()
        todo += list(getattr(x, "children", ()))
        if isinstance(x, w.HTML):
            out.append(_visible(x.value))
        elif isinstance(x, w.Button):
            out.append(x.description)
        elif isinstance(x, w.Text | w.Textarea):
            out.append(x.placeholder)
    return "\n".join(out)


def test_the_collect_summary_states_the_deadline_and_lists_each_problem_once(
    tmp_path: Path,
) -> None:
    from cxkit.coach.sample_cohort import DEADLINE
    from cxkit.words import local_time

    app = CoachRound(tmp_path / "cohort")
    assert app.deadline.value == ""  # the sample cohort brings its own deadline
    app.collect(sample=True)
    text = _visible(app.collect_out.value)
    when = local_time(DEADLINE, with_date=True)
    assert f"Deadline used: {when}, from the sample cohort" in text
    # Each hand-in once: its file name appears in exactly one row of one table.
    for name in ("noor_2001/noor-haddad.workbook.json", "eoin_1004/eoin-murphy.workbook.json"):
        assert text.count(name) == 1, name
    # One plain sentence for an unusable id: no capital letter after the colon.
    assert "not usable: A" not in text and "(found" not in text
    assert "The participant id in it contains '/'" in text
    for jargon in ("accepted, flagged", "superseded/", "(assess)", "stale", "gradebook.sqlite"):
        assert jargon not in text, jargon
    # A deadline the coach types is the one used, and said so.
    typed = CoachRound(tmp_path / "typed")
    typed.deadline.value = "2026-03-14 12:00"
    typed.collect(sample=True)
    assert "14 Mar 2026, 12:00, as typed above" in _visible(typed.collect_out.value)


def test_step_4_shows_the_scorer_as_soon_as_grading_is_done(tmp_path: Path) -> None:
    from cxkit.widgets.grading import RubricGrader

    app = CoachRound(tmp_path / "cohort")
    app.collect(sample=True)
    seen = []
    real = app.show_summary

    def spy(r):  # step 3 is filled in: step 4 must already hold the scorer
        seen.append([type(c).__name__ for c in app.scoring.children])
        real(r)

    app.show_summary = spy
    app.grade()
    assert seen and all(kinds == ["RubricGrader"] for kinds in seen), seen
    assert isinstance(app.scoring.children[0], RubricGrader)
    assert "Grade first" not in _all_text(app).split("5 · Export")[0]


def test_no_internal_words_on_the_page_after_a_whole_round(tmp_path: Path) -> None:
    app = _graded_app(tmp_path)
    grader = app.scoring.children[0]
    _score_on_screen(grader)
    assert grader.save()
    app.export()
    text = _all_text(app)
    for word in ("(0)", "(assess)", "stale", "gradebook.sqlite", "accepted, flagged"):
        assert word not in text, word
    assert "Marks are up to date for all 12 participants" in text
    assert "Gradebook:" not in _visible(app.grade_out.value)
    # The button's own label would add a file count: the page draws it without one.
    assert ".cx-coach-upload::after{content:'Upload a zip'" in app.children[0].value


def test_the_export_step_explains_its_files_and_offers_buttons(tmp_path: Path) -> None:
    app = _graded_app(tmp_path)
    app.export()
    out = app.export_out.value
    text = _visible(out)
    n = len(review_cohort(tmp_path / "cohort").fresh)
    assert f"{n} feedback pages (HTML) with a Markdown copy of each" in text
    assert "feedback files" not in text
    links = re.findall(r"<a class=\"cx-coach-download\"[^>]*>", out)
    assert len(links) == 3 and all("display:inline-block" in a and "background" in a for a in links)


def test_suggestions_read_as_plain_words(tmp_path: Path) -> None:
    from cxkit.coach.suggest import suggest_levels
    from cxkit.concepts.canvas import QUESTION_ID, Canvas
    from cxkit.widgets.grading import rubric_grader

    _graded_app(tmp_path)
    reasons = []
    grader = rubric_grader(tmp_path / "cohort" / "gradebook.sqlite", order="item")
    for i in range(len(grader.tasks)):
        grader.go(i)
        for c in grader.criteria_box.children:
            if "cx-grader-suggestion" in c._dom_classes:
                assert re.search(r"Suggested by the checker: <b>level \d+</b>\. [A-Z0-9“]", c.value)
                reasons.append(_visible(c.value))
    assert reasons
    for r in reasons:
        assert not re.search(r"\b(All [12]|Only 0|1 of \d+ \w+s (pass|have|name|are)\b)", r), r
    # The sample canvases: one whose needs all pass reads "Both needs pass" / "The need passes".
    from cxkit.coach.gradebook import Gradebook
    from cxkit.coach.rounds import answers_by_participant

    with Gradebook(tmp_path / "cohort" / "gradebook.sqlite", readonly=True) as gb:
        answers = answers_by_participant(gb.results())
    passing = []
    for mine in answers.values():
        record = mine.get(QUESTION_ID)
        suggested = suggest_levels("canvas/canvas-quality", "", {QUESTION_ID: record})
        level, why = suggested.get("SMART needs and measures", (0, ""))
        if level == 2:
            n = len([x for x in Canvas.from_record(record).needs if x.need.strip()])
            passing.append((n, why))
    assert passing
    for n, why in passing:
        lead = {1: "The need passes", 2: "Both needs pass"}.get(n, f"All {n} needs pass")
        assert why.startswith(lead), why


def test_the_cohort_table_shows_points_of_the_maximum(tmp_path: Path) -> None:
    from cxkit.coach.gradebook import Gradebook
    from cxkit.widgets.grading import cohort_table

    _graded_app(tmp_path)
    gb_path = tmp_path / "cohort" / "gradebook.sqlite"
    df = cohort_table(gb_path).data
    with Gradebook(gb_path, readonly=True) as gb:
        results = {p["participant_id"]: p for p in gb.results()}
    exercises = [c for c in df.columns if c.startswith("Exercise")]
    assert len(exercises) == 8 and all(
        re.fullmatch(r"Exercise \d \(of \d+\)", c) for c in exercises
    )
    for _, row in df.iterrows():
        p = results[row["Participant"]]
        assert row["Total points"] == f"{round(p['total'], 1):g} of {p['max_total']:g}"
        for c in exercises:
            assert re.fullmatch(r"\d+(\.\d)?", row[c]), row[c]  # never 3.25 or 45.20
    assert "Notes when handed in" in df.columns and "collect notes" not in df.columns
