"""Outputs versus outcomes: the measure bank, the outcome-statement checker, the questions, the widgets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxkit import questions
from cxkit.concepts import case_company
from cxkit.concepts.outcomes.measures import (
    KINDS,
    WEASEL_WORDS,
    Measure,
    MeasureBankError,
    MeasureKind,
    OutcomeStatement,
    check_outcome_statement,
    classify_feedback,
    count_by_kind,
    dashboard,
    dashboard_measures,
    describes_firm_activity,
    exercise_key,
    exercise_measures,
    find_direction,
    find_metric,
    find_numbers_with_units,
    find_weasel_words,
    has_number_or_unit,
    has_time_bound,
    in_customer_words,
    lesson_measures,
    measure,
    measure_bank,
    measures_frame,
    parse_measure_rows,
    score_classification,
)
from cxkit.questions.ex02_outputs_vs_outcomes import AHT, CLASSIFY, REFRAME, REFRAME_MEASURES
from cxkit.session import reset_session

ROOT = Path(__file__).resolve().parents[2]

# (statement, my judgement: well formed?, problems I expect the checker to name)
STATEMENTS = [
    ("Minimise the time it takes to get my claim settled after an accident", True, set()),
    (
        "Minimise the number of times I have to explain what happened when I report a claim",
        True,
        set(),
    ),
    (
        "Increase the likelihood that I am paid the right amount first time when I make a claim",
        True,
        set(),
    ),
    (
        "Minimise the time between my call and my home being safe and dry, after a burst pipe",
        True,
        set(),
    ),
    ("After a flood, minimise the number of nights my family spends away from home", True, set()),
    (
        "Minimise the likelihood that I have to chase for an update while my claim is open",
        True,
        set(),
    ),
    (
        "Increase the likelihood that I understand what I am covered for when I renew my policy",
        True,
        set(),
    ),
    (
        "Minimise the time it takes to get a courtesy car on my drive after I report an accident",
        True,
        set(),
    ),
    (
        "Minimise the number of calls I need to make to get my windscreen fixed after it cracks",
        True,
        set(),
    ),
    ("minimise how long I am without a car following a crash", True, set()),
    ("Reduce the chance that my renewal price surprises me at renewal", True, set()),
    # A bare target is not a direction, and plain "effort" is not countable (corpus RULES.md §1.1).
    ("Be back on the road within 3 days of an accident", False, {"direction"}),
    (
        "Minimise the effort it takes me to prove who I am when I call about my policy",
        False,
        {"metric"},
    ),
    (
        "Increase the likelihood that my home is liveable again within 7 days after a flood",
        True,
        set(),
    ),
    ("Minimise the time I spend on hold when I ring to report a theft", True, set()),
    ("Minimise the cost I pay to hire a car while mine is being repaired", True, set()),
    (
        "When my home is flooded, increase the likelihood that a tradesperson arrives within 24 hours",
        True,
        set(),
    ),
    (
        "Reduce average handle time to 6 minutes",
        False,
        {"firm-activity", "context", "customer-words"},
    ),
    (
        "Answer 80% of calls within 20 seconds",
        False,
        {"firm-activity", "context", "customer-words"},
    ),
    (
        "Fast, efficient claims handling",
        False,
        {"weasel", "firm-activity", "direction", "metric", "context", "customer-words"},
    ),
    (
        "Deliver a seamless, world-class claims experience",
        False,
        {"weasel", "firm-activity", "direction", "metric", "context", "customer-words"},
    ),
    (
        "Improve customer satisfaction",
        False,
        {"direction", "metric", "object", "context", "customer-words"},
    ),
    (
        "Increase the number of claims our handlers close each week",
        False,
        {"firm-activity", "context", "customer-words"},
    ),
    ("Solve the customer's problem", False, {"direction", "metric", "context", "customer-words"}),
    (
        "Customers get a quick response when they contact us",
        False,
        {"weasel", "direction", "metric", "customer-words"},
    ),
    ("Minimise the time it takes", False, {"object", "context", "customer-words"}),
    ("Minimise my claim", False, {"metric", "context"}),
    (
        "Reduce the number of complaints closed late",
        False,
        {"firm-activity", "context", "customer-words"},
    ),
    (
        "Process 95% of claims within 5 working days",
        False,
        {"firm-activity", "context", "customer-words"},
    ),
    ("Increase NPS by 10 points", False, {"object", "context", "customer-words"}),
    (
        "Make claims easier for customers",
        False,
        {"weasel", "direction", "metric", "context", "customer-words"},
    ),
    ("Minimise the time it takes to get my claim settled", False, {"context"}),
    ("Reduce hold times after an accident", False, {"metric", "object", "customer-words"}),
    (
        "Ensure a timely update for the customer whenever their claim changes",
        False,
        {"weasel", "direction", "metric", "customer-words"},
    ),
    (
        "We will increase the share of calls resolved at first contact",
        False,
        {"firm-activity", "context", "customer-words"},
    ),
    ("Increase the likelihood that my car is repaired properly first time", False, {"context"}),
    ("I want to be kept informed", False, {"direction", "metric", "context"}),
    (
        "Minimise the number of letters sent to customers after a claim",
        False,
        {"firm-activity", "customer-words"},
    ),
    ("Get my claim sorted quickly after an accident", False, {"weasel", "direction", "metric"}),
    (
        "Cut the number of repeat calls per agent per month",
        False,
        {"firm-activity", "context", "customer-words"},
    ),
]


# --- the measure bank -------------------------------------------------------


def test_bank_has_enough_measures_of_every_kind() -> None:
    bank = measure_bank()
    assert len(bank) >= 40
    counts = count_by_kind(bank)
    assert all(counts[k] >= 8 for k in KINDS), counts
    assert len({m.id for m in bank}) == len(bank)


def test_every_measure_explains_itself_in_one_or_two_sentences() -> None:
    for m in measure_bank():
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", m.why.strip()) if s]
        assert 1 <= len(sentences) <= 3, (m.id, m.why)
        assert len(m.why) <= 260, m.id
        assert m.source in {"case", "seed", "contact-centre", "survey", "customer"}, m.id


def test_seed_pairs_are_labelled_as_the_course_teaches() -> None:
    assert measure("seed-answered-query").kind is MeasureKind.OUTPUT
    assert measure("seed-solved-problem").kind is MeasureKind.OUTCOME
    assert measure("seed-made-cars").kind is MeasureKind.OUTPUT
    assert measure("seed-sold-cars").kind is MeasureKind.OUTCOME


def test_the_seven_contact_centre_measures_are_outputs_and_nps_csat_are_there() -> None:
    seven = [m for m in measure_bank() if m.source == "contact-centre" and m.id.startswith("dash-")]
    assert len(seven) == 7
    assert all(m.kind is MeasureKind.OUTPUT for m in seven)
    names = " ".join(m.name for m in measure_bank())
    assert "Net Promoter Score" in names and "CSAT" in names
    assert measure("dash-aht").kind is MeasureKind.OUTPUT


def test_customer_words_measures_are_in_the_first_person() -> None:
    said = [m for m in measure_bank() if m.source == "customer"]
    assert len(said) >= 6
    assert all(in_customer_words(m.name) for m in said), [m.name for m in said]


def test_dashboard_is_mostly_outputs_and_all_in_the_bank() -> None:
    df = dashboard()
    assert list(df["measure_id"]) == [m.id for m in dashboard_measures()]
    assert set(df.columns) >= {"measure_id", "name", "value", "target", "unit", "kind"}
    counts = df["kind"].value_counts().to_dict()
    assert counts["output"] > counts.get("outcome", 0) + counts.get("impact", 0)
    assert all(m.use == "lesson" for m in dashboard_measures())


def test_exercise_measures_are_twelve_kept_out_of_the_lesson() -> None:
    ex = exercise_measures()
    assert len(ex) == 12
    assert {m.kind.value for m in ex} == set(KINDS)
    assert not {m.id for m in ex} & {m.id for m in lesson_measures()}
    lesson = (ROOT / "notebooks" / "02_outputs_vs_outcomes.ipynb").read_text(encoding="utf-8")
    for m in ex:
        assert m.id not in lesson and m.name not in lesson, m.id
    assert exercise_key() == {m.id: m.kind.value for m in ex}


def test_malformed_bank_rows_are_named() -> None:
    good = {
        "id": "x",
        "name": "X",
        "kind": "output",
        "why": "W.",
        "source": "case",
        "use": "lesson",
    }
    with pytest.raises(MeasureBankError, match=r"bank.csv line 3: kind 'outputs'"):
        parse_measure_rows([good, {**good, "id": "y", "kind": "outputs"}], "bank.csv")
    with pytest.raises(MeasureBankError, match="used twice"):
        parse_measure_rows([good, good], "bank.csv")
    with pytest.raises(MeasureBankError, match="why must both"):
        parse_measure_rows([{**good, "why": " "}], "bank.csv")


def test_measures_frame_is_a_readable_table() -> None:
    df = measures_frame()
    assert len(df) == len(measure_bank())
    assert list(df.columns) == ["id", "name", "kind", "why", "source"]


# --- classification feedback ----------------------------------------------------


def test_classify_feedback_explains_right_and_wrong() -> None:
    right = classify_feedback("dash-aht", "Output")
    assert (
        right.correct
        and right.message.startswith("Right")
        and measure("dash-aht").why in right.message
    )
    wrong = classify_feedback("dash-aht", "outcome")
    assert not wrong.correct and "it is an output, not an outcome" in wrong.message
    blank = classify_feedback("dash-aht", "banana")
    assert not blank.correct and blank.answer is None and "Choose" in blank.message
    with pytest.raises(KeyError, match="no measure with id 'nope'"):
        classify_feedback("nope", "output")


def test_score_counts_right_wrong_blank_and_confusions() -> None:
    ids = ["dash-aht", "seed-solved-problem", "dash-retention"]
    s = score_classification({"dash-aht": "output", "seed-solved-problem": "output"}, ids)
    assert (s.right, s.answered, s.total) == (1, 2, 3)
    assert s.by_kind["impact"]["blank"] == 1
    assert s.confusions == {("outcome", "output"): 1}


# --- the outcome-statement checker --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "good", "problems"), STATEMENTS, ids=[s[0][:40] for s in STATEMENTS]
)
def test_checker_judges_each_statement_as_i_do(text: str, good: bool, problems: set[str]) -> None:
    check = check_outcome_statement(text)
    assert check.well_formed is good, check.findings
    assert bool(check.missing) is (not good or not check.customer_words)


def test_checker_leads_with_the_main_problem_i_named() -> None:
    """The first thing to fix is the one a coach would say first: weasel words, then the firm's view."""
    bad = [(t, p) for t, g, p in STATEMENTS if not g]
    assert len(STATEMENTS) >= 30 and len(bad) >= 15
    for text, problems in bad:
        c = check_outcome_statement(text)
        first = next(f.code for f in c.findings if not f.ok)
        if "weasel" in problems:
            assert first == "weasel", text
        elif "firm-activity" in problems:
            assert first in ("firm-activity", "output"), text
        else:
            assert first in problems | {"object", "vague", "direction"}, (text, first)


def test_checker_finds_the_four_parts_of_the_course_example() -> None:
    c = check_outcome_statement(
        "Minimise the time it takes to get my claim settled after an accident."
    )
    assert c.parts() == {
        "direction": "Minimise",
        "metric": "the time it takes",
        "object of control": "get my claim settled",
        "context": "after an accident",
    }
    assert c.direction_sense == "decrease" and c.customer_words and c.missing == []


def test_checker_says_what_is_missing_in_plain_language() -> None:
    c = check_outcome_statement("Deliver a fast, seamless claims experience")
    text = " ".join(c.missing)
    assert "“fast” sounds like a measure but carries none" in text
    assert "“seamless”" in text
    assert "describes what the firm does (“Deliver a fast”)" in text
    shaped = check_outcome_statement("Minimise the time it takes to get a fast answer")
    shaped_text = " ".join(shaped.missing)
    assert "“fast”" in shaped_text and "Say when or where it applies" in shaped_text
    no_dir = check_outcome_statement("The time it takes to get my claim settled after an accident")
    assert "Say which way it should move" in " ".join(no_dir.missing)
    vague = check_outcome_statement("Improve my claims experience after an accident")
    assert "“Improve” does not say which way" in " ".join(vague.missing)


@pytest.mark.parametrize("junk", [None, "", "   ", 42, ["a"], "x" * 100_000, "\x00\x01", "🙂" * 50])
def test_checker_survives_anything_a_participant_types(junk: object) -> None:
    c = check_outcome_statement(junk)
    assert not c.well_formed
    assert c.missing
    assert len(c.text) <= 2_000


def test_reusable_helpers_for_smart_checks() -> None:
    assert has_number_or_unit("within 3 days") and has_number_or_unit("80% of calls")
    assert has_number_or_unit("£50 excess") and not has_number_or_unit("as soon as possible")
    assert find_numbers_with_units("Answer 80% of calls within 20 seconds") == ["80%", "20 seconds"]
    assert has_time_bound("by Friday") and has_time_bound("within 48 hours")
    assert has_time_bound("48 hours after a flood") and not has_time_bound("quickly")
    assert find_direction("Increase the likelihood") == ("Increase", "increase")
    assert find_direction("no more than two calls")[1] == "limit"  # a target, reported as such
    assert find_direction("Make it better") is None
    assert find_metric("how many times I call") == "how many times"
    assert describes_firm_activity("Calls answered by our agents") == [
        "Calls answered",
        "by our agents",
        "our agents",
    ]
    assert describes_firm_activity("We had to move out of our home while I waited") == []
    assert describes_firm_activity("We will send letters to customers") == ["We", "send letters"]
    # Third-person customers are the customer's side too; the firm's work is not.
    assert in_customer_words("my claim") and in_customer_words("the customer's claim is paid")
    assert not in_customer_words("Claims processed by our handlers")
    assert find_weasel_words("A FAST and Seamless, fast service") == ["fast", "seamless"]
    assert "world-class" in WEASEL_WORDS


def test_outcome_statement_assembles_and_splits() -> None:
    s = OutcomeStatement(
        "minimise", "the number of times", "I have to chase for an update", "while my claim is open"
    )
    assert (
        s.text
        == "Minimise the number of times I have to chase for an update while my claim is open"
    )
    assert s.check().well_formed
    back = OutcomeStatement.from_text(s.text)
    assert back.direction == "Minimise" and back.context == "while my claim is open"
    assert OutcomeStatement().text == ""


def test_measure_type_is_still_the_shared_api() -> None:
    m = Measure("a", "A", MeasureKind.IMPACT, "why", "case")
    assert (m.id, m.kind.value, m.source) == ("a", "impact", "case")


# --- the exercise's questions -----------------------------------------------------


def test_questions_are_registered_with_formats_and_keys() -> None:
    cls, ref, aht = questions.get(CLASSIFY), questions.get(REFRAME), questions.get(AHT)
    assert (
        cls.items == tuple(exercise_key())
        and {k: v["label"] for k, v in cls.key().items()} == exercise_key()
    )
    assert "Saved as" not in cls.prompt and "{" not in ref.prompt  # plain words on screen
    assert "Saved as" not in aht.prompt
    assert all(measure(i).name in ref.prompt for i in ref.items)
    assert ref.items == REFRAME_MEASURES and all(
        measure(i).kind is MeasureKind.OUTPUT for i in ref.items
    )
    assert {c.name for c in ref.rubric} == {"Four parts", "Customer's words", "Measurable"}
    assert aht.rubric and aht.grading.value == "rubric"
    assert questions.all_questions("02_outputs_vs_outcomes") == sorted(
        [cls, ref, aht], key=lambda q: q.id
    )


def test_instant_checks_say_how_far_along_without_the_key() -> None:
    cls = questions.get(CLASSIFY)
    assert cls.check({}).summary == "Not answered yet."
    half = dict(list(exercise_key().items())[:6])
    c = cls.check(half)
    assert not c.complete and "6 of 12 measures classified" in c.summary
    wrong_but_complete = {k: "impact" for k in exercise_key()}
    assert cls.check(wrong_but_complete).complete  # the instant check never reveals the key
    assert "not one of" in cls.check({**half, "ex-cost-to-serve": "banana"}).summary
    ref = questions.get(REFRAME)
    one = {"dash-aht": "Minimise the time it takes to get my claim settled after an accident"}
    assert "1 of 3 statements written; 1 have all four parts" in ref.check(one).summary
    assert not ref.check(one).complete
    aht = questions.get(AHT)
    assert (
        aht.check("Short answer.").complete and "words so far" in aht.check("Short answer.").summary
    )
    assert aht.check("   ").summary == "Not answered yet."


# --- widgets: thin views that save in exercise mode -------------------------------------


def _on_disk(session) -> dict:
    return json.loads(session.workbook.path.read_text(encoding="utf-8"))["answers"]


def test_lesson_quiz_gives_feedback_score_and_a_summary_chart(tmp_path: Path) -> None:
    from cxkit.widgets.outcomes import ClassificationQuiz

    reset_session(tmp_path)
    quiz = ClassificationQuiz(["dash-aht", "seed-solved-problem"])
    quiz.buttons["dash-aht"].value = "outcome"
    assert "✗ Not quite: it is an output" in quiz.feedback["dash-aht"].value
    assert "0 of 1 right so far; 1 still to go" in quiz.score.value and not quiz.summary.children
    quiz.buttons["seed-solved-problem"].value = "outcome"
    assert "✓ Right" in quiz.feedback["seed-solved-problem"].value
    assert "1 of 2 right." in quiz.score.value
    chart = quiz.summary.children[0].children[0]
    assert chart.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert not list(tmp_path.glob("*.workbook.json"))  # lesson mode saves nothing


def test_exercise_quiz_saves_each_click_and_reveals_nothing(session) -> None:
    from cxkit.widgets.outcomes import ClassificationQuiz

    quiz = ClassificationQuiz(mode="exercise", question_id=CLASSIFY)
    assert [i for i, _t in quiz.items] == list(exercise_key())
    quiz.buttons["ex-cost-to-serve"].value = "impact"
    quiz.buttons["ex-training-hours"].value = "outcome"
    saved = _on_disk(session)[CLASSIFY]["value"]
    assert saved == {"ex-cost-to-serve": "impact", "ex-training-hours": "outcome"}
    assert (
        "Saved ✓" in quiz.saver.status.value
        and "2 of 12 measures classified" in quiz.saver.status.value
    )
    assert all(
        fb.value == "" for fb in quiz.feedback.values()
    )  # no right/wrong in a graded exercise
    again = ClassificationQuiz(mode="exercise", question_id=CLASSIFY)  # a re-run shows the answers
    assert again.buttons["ex-training-hours"].value == "outcome"


def test_exercise_quiz_without_identity_says_so_and_keeps_the_clicks(
    tmp_path: Path, monkeypatch
) -> None:
    from cxkit.widgets.outcomes import ClassificationQuiz

    monkeypatch.delenv("CXKIT_PARTICIPANT", raising=False)
    reset_session(tmp_path)
    quiz = ClassificationQuiz(mode="exercise", question_id=CLASSIFY)
    quiz.buttons["ex-cost-to-serve"].value = "impact"
    assert "Type your name" in quiz.saver.status.value
    assert quiz.answers() == {"ex-cost-to-serve": "impact"}


def test_builder_shows_findings_live_and_escapes_what_is_typed(tmp_path: Path) -> None:
    from cxkit.widgets.outcomes import OutcomeStatementBuilder

    reset_session(tmp_path)
    b = OutcomeStatementBuilder()
    b.text.value = "Reduce <script>alert(1)</script> fast"
    assert "<script>" not in b.statement.value and "&lt;script&gt;" in b.statement.value
    assert "“fast” sounds like a measure" in b.feedback.value
    b.text.value = "Minimise the time it takes to get my claim settled after an accident"
    assert "Well formed" in b.feedback.value and "object of control" in b.statement.value


def test_builder_helpers_assemble_without_losing_typed_text(tmp_path: Path) -> None:
    from cxkit.widgets.outcomes import OutcomeStatementBuilder

    reset_session(tmp_path)
    b = OutcomeStatementBuilder()
    b.text.value = "my own draft"
    b.direction.value, b.metric.value = "Minimise", "the number of times"
    b.object.value, b.context.value = "I have to chase for an update", "while my claim is open"
    assert "Minimise the number of times" in b.assembled.value
    b.use.click()
    assert b.text.value.startswith("Minimise the number of times I have to chase")
    assert "my own draft" in b.note.value


def test_reframe_exercise_saves_all_three_statements_together(session) -> None:
    from cxkit.widgets.outcomes import ReframeExercise

    r = ReframeExercise(REFRAME)
    assert list(r.builders) == list(REFRAME_MEASURES)
    r.builders[
        "dash-aht"
    ].text.value = "Minimise the time it takes to get my claim settled after an accident"
    r.builders["dash-emails-24h"].text.value = "Fast replies"
    saved = _on_disk(session)[REFRAME]["value"]
    assert set(saved) == {"dash-aht", "dash-emails-24h"}
    assert "2 of 3 statements written; 1 have all four parts" in r.saver.status.value
    again = ReframeExercise(REFRAME)
    assert again.builders["dash-emails-24h"].text.value == "Fast replies"


# --- plots ------------------------------------------------------------------------------


def test_dashboard_figure_teaches_the_split() -> None:
    from cxkit.plots.outcomes import dashboard_by_kind

    ms = dashboard_measures()
    fig = dashboard_by_kind(ms)
    left = fig.axes[0]
    heights = [p.get_height() for p in left.patches]
    assert heights == [count_by_kind(ms)[k] for k in KINDS]
    assert left.get_ylabel() and left.get_xlabel() and fig._suptitle.get_text()
    share = count_by_kind(ms)["output"] / len(ms)
    assert f"{share:.0%} of the measures are outputs" == left.get_title()
    assert min(t.get_fontsize() for t in fig.axes[1].texts) >= 12


def test_logic_model_and_results_figures() -> None:
    from cxkit.plots.outcomes import classification_results, logic_model

    fig = logic_model()
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts.index("Outputs") < texts.index("Outcomes") < texts.index("Impact")
    score = score_classification(
        {"dash-aht": "output", "dash-nps": "output"}, ["dash-aht", "dash-nps"]
    )
    ax = classification_results(score).axes[0]
    assert "1 of 2 right" in ax.get_title() and ax.get_ylabel() == "Number of measures"


def test_case_company_dashboard_matches_the_bank() -> None:
    assert [m.id for m in dashboard_measures()] == list(case_company.DASHBOARD)


def test_the_grader_scores_the_classification_from_the_key() -> None:
    from cxkit.coach.grading import default_score, model_answer

    q = questions.get(CLASSIFY)
    assert model_answer(q.key()) == exercise_key()
    full = default_score(q, exercise_key(), q.key())
    assert full.fraction == 1.0
    answer = {**exercise_key(), "ex-cost-to-serve": "output"}
    one_wrong = default_score(q, answer, q.key())
    assert one_wrong.fraction == pytest.approx(11 / 12)
    assert any(measure("ex-cost-to-serve").why in line for line in one_wrong.feedback)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_checker_never_fails_on_free_text(text: str) -> None:
    c = check_outcome_statement(text)
    assert isinstance(c.well_formed, bool)
    assert c.well_formed == (not [f for f in c.findings if not f.ok and f.code != "customer-words"])
    for part in c.parts().values():
        assert part is None or part.strip()


# --- what a participant sees: choices, states, plain words --------------------------


def test_choice_buttons_mark_the_chosen_one_with_colour_and_a_tick() -> None:
    from cxkit.widgets.base import ChoiceButtons
    from cxkit.widgets.outcomes import KIND_LABELS

    c = ChoiceButtons(KIND_LABELS)
    assert c.value is None and all(b.button_style == "" for b in c.choices.values())
    assert not any(b.description.startswith("✓") for b in c.choices.values())
    c.choices["outcome"].click()
    assert c.value == "outcome"
    chosen = [b for b in c.choices.values() if b.button_style == "info"]
    assert chosen == [c.choices["outcome"]] and chosen[0].description == "✓ Outcome"
    assert "cx-chosen" in chosen[0]._dom_classes
    c.value = "impact"  # setting the value (a saved answer) paints it the same way
    assert c.choices["impact"].description == "✓ Impact"
    assert c.choices["outcome"].description == "Outcome"
    assert "cx-chosen" not in c.choices["outcome"]._dom_classes
    with pytest.raises(Exception, match="not one of the options"):
        c.value = "vibes"


def test_lesson_quiz_untouched_says_what_to_do_not_a_zero_score(tmp_path: Path) -> None:
    from cxkit.widgets.outcomes import ClassificationQuiz

    reset_session(tmp_path)
    quiz = ClassificationQuiz(["dash-aht", "seed-solved-problem"])
    assert "2 measures to go" in quiz.score.value and "0 of 0" not in quiz.score.value


def test_restored_exercise_quiz_shows_the_ticks_and_the_saved_message(session) -> None:
    from cxkit.widgets.outcomes import ClassificationQuiz

    first = ClassificationQuiz(mode="exercise", question_id=CLASSIFY)
    assert "Not started" in first.saver.status.value
    for mid, kind in exercise_key().items():
        first.buttons[mid].value = kind
    on_disk = _on_disk(session)[CLASSIFY]["value"]
    assert on_disk == exercise_key()  # all twelve, exactly as clicked
    again = ClassificationQuiz(mode="exercise", question_id=CLASSIFY)
    assert "Saved ✓ in your workbook (last saved" in again.saver.status.value
    for mid, kind in exercise_key().items():
        assert again.buttons[mid].choices[kind].description.startswith("✓ ")


def test_summary_says_things_with_the_right_plural() -> None:
    one = check_outcome_statement("Minimise the time it takes to get my claim settled")
    many = check_outcome_statement("Fast claims")
    for c in (one, many):
        n = len(c.missing)
        assert ("1 thing to fix" if n == 1 else f"{n} things to fix") in c.summary
        assert "(s)" not in c.summary


def test_dashboard_table_and_kinds_sentence_read_as_words() -> None:
    from cxkit.concepts.outcomes.measures import dashboard_table, kinds_sentence

    t = dashboard_table()
    assert list(t.columns) == ["Measure", "Today", "Target", "Owner", "Kind"]
    assert len(t) == len(dashboard_measures())
    row = t.set_index("Measure").loc["Handling cost per claim"]
    assert row["Today"].startswith("£") and row["Target"].startswith("£")
    counts = count_by_kind(dashboard_measures())
    sentence = kinds_sentence(dashboard_measures())
    assert f"**{counts['output']}** are outputs" in sentence and "{" not in sentence


def test_the_try_the_checker_box_saves_nothing(session) -> None:
    from cxkit.widgets.outcomes import outcome_builder

    b = outcome_builder()
    b.text.value = "Minimise the number of times I have to chase for an update"
    assert "Well formed" in b.feedback.value or "parts found" in b.feedback.value
    assert b.saver.status.value == ""  # lesson mode: no saved/not-saved line at all
    assert "lesson/none" not in _on_disk(session)


def test_every_exercise_02_question_lands_in_the_workbook_by_widget(session) -> None:
    from cxkit.widgets.exercise import ask
    from cxkit.widgets.outcomes import classification_quiz, reframe_exercise

    quiz = classification_quiz(mode="exercise", question_id=CLASSIFY)
    for mid, kind in exercise_key().items():
        quiz.buttons[mid].value = kind
    reframe = reframe_exercise(REFRAME)
    typed = {mid: f"Minimise the time it takes me to get {i} things sorted after a claim"
             for i, mid in enumerate(REFRAME_MEASURES, start=1)}  # fmt: skip
    for mid, text in typed.items():
        reframe.builders[mid].text.value = text
    why = ask(AHT)
    why.input.value = "Agents rush calls to hit AHT, so customers call back again. " * 4
    answers = _on_disk(session)
    assert {q.id for q in questions.all_questions("02_outputs_vs_outcomes")} <= set(answers)
    assert answers[CLASSIFY]["value"] == exercise_key()
    assert answers[REFRAME]["value"] == typed
    assert answers[AHT]["value"] == why.input.value
    assert all("Saved ✓" in s for s in (quiz.saver.status.value, reframe.saver.status.value))
