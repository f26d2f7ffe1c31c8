"""Lesson 4: the customer table, grouping by need, the 80/20 view and the SMART checker."""

from __future__ import annotations

import pandas as pd
import pytest

from cxkit.concepts import needs
from cxkit.concepts.case_company import CATEGORIES, category
from cxkit.concepts.outcomes.measures import WEASEL_WORDS


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return needs.load_customers()


def test_shipped_table_matches_its_generator(customers: pd.DataFrame) -> None:
    regenerated = needs.generate_customers()
    pd.testing.assert_frame_equal(
        customers, pd.read_csv(pd.io.common.StringIO(regenerated.to_csv(index=False)))
    )
    assert 200 <= len(customers) <= 1000
    assert customers["customer_id"].is_unique
    assert set(needs.CIRCUMSTANCES) <= set(customers.columns)


def test_every_stated_need_maps_to_one_category(customers: pd.DataFrame) -> None:
    groups = needs.with_need_groups(customers)
    assert set(groups["need_group"]) == {c.id for c in CATEGORIES}
    # The key never depends on circumstance: same words, same group.
    assert groups.groupby("stated_need")["need_group"].nunique().max() == 1
    with pytest.raises(KeyError, match="copy it exactly"):
        needs.need_of("I want a pony")


def test_group_by_need_shares_add_up_and_follow_the_case(customers: pd.DataFrame) -> None:
    g = needs.group_by_need(customers)
    assert g["customers"].sum() == len(customers)
    assert g["share_of_profit"].sum() == pytest.approx(1.0)
    # Price hunters are many but bring little profit; back-on-the-road the reverse.
    assert g.loc["price-hunter", "share_of_customers"] > g.loc["price-hunter", "share_of_profit"]
    assert (
        g.loc["back-on-the-road", "share_of_profit"]
        > g.loc["back-on-the-road", "share_of_customers"]
    )


@pytest.mark.parametrize("circumstance", needs.CIRCUMSTANCES)
def test_needs_cut_across_circumstance_segments(customers: pd.DataFrame, circumstance: str) -> None:
    ct = needs.crosstab_needs(customers, circumstance)
    assert ct.to_numpy().sum() == len(customers)
    # Every need group spans at least two segments of every circumstance.
    assert (needs.segments_spanned(customers, circumstance) >= 2).all()


def test_crosstab_rejects_unknown_circumstance(customers: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="use one of"):
        needs.crosstab_needs(customers, "shoe_size")


def test_pareto_is_roughly_80_20(customers: pd.DataFrame) -> None:
    p = needs.profit_pareto(customers)
    assert p["annual_profit"].is_monotonic_decreasing
    assert p["cum_share_profit"].iloc[-1] == pytest.approx(1.0)
    share = needs.top_share_of_profit(customers, 0.2)
    assert 0.65 < share < 0.9
    assert (customers["annual_profit"] < 0).any(), "some customers should cost money"


def test_regroup_grading() -> None:
    key = needs.regroup_key()
    assert len(key) == 12 and set(key.values()) == {c.id for c in CATEGORIES}
    assert needs.grade_regroup(key).score == 1.0
    first = next(iter(key))
    wrong = dict(key) | {
        first: "price-hunter" if key[first] != "price-hunter" else "set-and-forget"
    }
    r = needs.grade_regroup(wrong)
    assert r.right == 11 and first in r.wrong
    blank = needs.grade_regroup(None)
    assert blank.score == 0 and len(blank.missing) == 12


# ---------------------------------------------------------------- SMART checker


def test_checker_agrees_with_the_judged_table() -> None:
    """The old self-made table is development material now; the labelled corpus is the yardstick
    (tests/benchmarks/checker_eval.py reports its test part on its own)."""
    examples = needs.load_smart_examples()
    assert len(examples) >= 30
    assert examples["smart"].astype(int).sum() >= 10, "the table needs good examples too"
    assert needs.checker_agreement(examples)["smart"] >= 0.9
    corpus = needs.checker_agreement()
    assert set(corpus) >= {
        "specific",
        "measurable",
        "achievable",
        "relevant",
        "time-bound",
        "smart",
    }
    assert corpus["smart"] >= 0.85 and corpus["overall"] >= 0.9, corpus


def test_good_need_passes_and_bad_need_fails_each_letter() -> None:
    good = needs.check_smart(
        "I am driving again, in my own or a hire car, within 2 working days of the accident."
    )
    assert good.is_smart and good.findings == ()
    bad = needs.check_smart("Fast, efficient claims processing.")
    for c in ("measurable", "relevant", "time-bound", "weasel words"):
        assert bad.fails(c), c
    assert bad.weasel_words == ["fast", "efficient"]


def test_absolutes_are_questions_not_errors() -> None:
    r = needs.check_smart("I always get my car back within 3 days of the accident.")
    assert r.is_smart, r.findings
    q = [f for f in r.findings if f.criterion == "achievable"]
    assert q and q[0].severity == needs.QUESTION and "'always'" in q[0].message


def test_every_finding_has_plain_message_and_suggestion() -> None:
    for s in needs.load_smart_examples()["statement"]:
        for f in needs.check_smart(s).findings:
            assert f.message.strip() and f.suggestion.strip()
            assert f.as_text().startswith(("✗", "?"))


def test_weasel_list_is_shared_with_lesson_2() -> None:
    for word in ("seamless", "world-class", "timely", "efficient"):
        assert word in WEASEL_WORDS
        assert needs.check_smart(f"I want a {word} claim within 2 days.").fails("weasel words")


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t", "x" * 10_000, "<script>alert(1)</script>", "**bold** _it_ # h", "🚗🙂",
     "我想三天内拿回车", "שלום I get my car in 3 days", None, 42],
)  # fmt: skip
def test_bad_input_gives_clear_findings(text) -> None:
    r = needs.check_smart(text)
    assert r.findings or r.is_smart
    assert r.summary()
    if not (text or "").__str__().strip():
        assert r.findings[0].criterion == "empty" and not r.is_smart
    if isinstance(text, str) and len(text) > needs.MAX_NEED_CHARS:
        assert r.fails("length")


def test_smart_table_has_a_row_per_statement() -> None:
    t = needs.smart_table(["I get my car back within 10 days.", "Fast claims."])
    assert list(t["smart"]) == [True, False]
    assert "Weasel" in t.loc[1, "findings"]


def test_customer_words() -> None:
    assert needs.in_customer_words("I'm back on the road in two days.")
    assert not needs.in_customer_words("Claims processed within SLA.")
    assert needs.firm_activity_words("Claims processed by our agents") == [
        "Claims processed",
        "by our agents",
        "our agents",
    ]
    assert needs.in_customer_words("A policyholder is paid within 5 days.")
    assert not needs.in_customer_words("The car is back on the road.")


# ---------------------------------------------------------------- questions and widgets


def test_regroup_question_uses_the_model_key() -> None:
    from cxkit import questions
    from cxkit.coach import grading

    q = questions.get("needs/regroup")
    assert q.key() == needs.exercise_key() and list(q.items) == list(q.key())
    assert grading.default_score(q, needs.exercise_key(), q.key()).fraction == 1.0
    first = next(iter(q.key()))
    assert not q.check({first: "price-hunter"}).complete
    assert "1 answer is not one of the need groups" in q.check({first: "cheap"}).summary
    assert "Saved as" not in q.prompt and "{" not in q.prompt


def test_smart_needs_question_and_coach_findings() -> None:
    from cxkit import questions
    from cxkit.questions.ex04_needs import coach_findings

    q = questions.get("needs/smart-needs")
    good = {
        "need_1": "My home is safe and dry within 24 hours of the flood.",
        "need_2": "I sleep at home on the first night, 9 times out of 10.",
        "need_3": "Fast repairs.",
    }
    c = q.check(good)
    assert c.complete and "nothing to fix in 2" in c.summary
    notes = coach_findings(good)
    assert notes["need_1"] == ["SMART checker: nothing to fix."]
    assert any("Weasel" in n for n in notes["need_3"])
    assert not q.check({"need_1": "x"}).complete


def test_smart_checker_widget_updates_live_and_escapes() -> None:
    from cxkit.widgets.needs import SmartNeedChecker

    w = SmartNeedChecker()
    # Untouched is neutral: no red "1 thing to fix" before anything is typed.
    assert "Type a need" in w.findings.value and "to fix" not in w.findings.value
    assert "cx-muted" in w.findings.value
    w.text.value = "Fast"
    assert "things to fix" in w.findings.value  # findings once something is typed, plural right
    w.text.value = "<script>always</script> fast claims"
    assert "<script>" not in w.findings.value
    assert "Weasel" in w.findings.value and "&#x27;always&#x27;" in w.findings.value
    w.text.value = "I am driving again within 2 working days of the accident."
    assert "SMART ✓" in w.findings.value


def test_smart_needs_exercise_saves_exactly(session) -> None:
    from cxkit.widgets.needs import SmartNeedsExercise

    ex = SmartNeedsExercise()
    ex.checkers[0].text.value = "  My home is dry within 24 hours 🙂\n"
    saved = session.workbook.reload().get("needs/smart-needs")
    assert saved["need_1"] == "  My home is dry within 24 hours 🙂\n"


def test_regroup_widget_lesson_feedback_and_exercise_save(session) -> None:
    from cxkit.widgets.needs import RegroupWidget

    key = needs.regroup_key()
    lesson = RegroupWidget()
    cid = next(iter(key))
    lesson.pickers[cid].value = key[cid]
    assert "✓" in lesson.marks[cid].value and "1 of 12" in lesson.summary.value
    assert "needs/regroup" not in session.workbook.reload()
    key = needs.exercise_key()
    ex = RegroupWidget(mode="exercise")
    assert list(ex.pickers) == list(key)  # the exercise's own customers, not the lesson's
    for c, v in key.items():
        ex.pickers[c].value = v
    assert session.workbook.reload().get("needs/regroup") == key


def test_journey_editor_edits_and_counts() -> None:
    from cxkit.concepts.moments import kestrel_motor_claim
    from cxkit.widgets.needs import JourneyEditor

    ed = JourneyEditor(kestrel_motor_claim())
    chart = ed.chart.value
    assert "12 moments" in ed.counts.value and len(ed.rows.children) == 12
    ed.add("")
    assert "Type the moment first" in ed.counts.value and len(ed.journey.moments) == 12
    ed.add("Phone call to say the car is ready")
    ed.move(12, 0)
    assert ed.journey.moments[0].step == "Phone call to say the car is ready"
    ed.remove(1)
    assert len(ed.journey.moments) == 12 and ed.chart.value != chart
    ed.rows.children[0].children[3].value = False  # untick "serves SCO"
    assert ed.journey.moments[0].serves_sco is False
    assert f"{len(ed.journey.removable())} do not serve the SCO" in ed.counts.value


def test_coach_grading_reads_lesson_4_and_5_answers(tmp_path) -> None:
    from cxkit.coach.grading import grade_workbook, load_key
    from cxkit.concepts.canvas import kestrel_back_on_the_road
    from cxkit.workbook import Workbook

    wb = Workbook.create(tmp_path / "ada.workbook.json", "Ada")
    key = needs.exercise_key()
    first = next(c for c, v in key.items() if v != "set-and-forget")
    wrong = dict(key) | {first: "set-and-forget"}
    wb.record("needs/regroup", wrong)
    canvas = kestrel_back_on_the_road().with_fields(category="home-made-whole", statement="")
    wb.record("canvas/complete-canvas", canvas.to_record())
    wb.record("needs/smart-needs", {"need_1": "My home is dry within 24 hours."})
    items = {i.question_id: i for i in grade_workbook(wb, load_key()).items}
    assert items["needs/regroup"].points == pytest.approx(11)
    assert items["canvas/complete-canvas"].points == pytest.approx(10 * 10 / 11, abs=1e-3)
    assert items["needs/smart-needs"].points is None  # waits for the coach's rubric


# --- what a participant sees -----------------------------------------------------------


def test_customers_shown_side_by_side_never_share_words(customers: pd.DataFrame) -> None:
    first = customers.head(needs.SHOWN_FIRST)
    assert first["stated_need"].is_unique
    sample = needs.regroup_sample()
    assert sample["stated_need"].is_unique and len(sample) == 12
    # Each still says words of its own need group (the key and the figures are unchanged).
    assert all(
        needs.need_of(t) == p.split(":")[0]
        for t, p in zip(customers["stated_need"], customers["need_phrase"], strict=True)
    )
    assert {needs.need_of(t) for t in sample["stated_need"]} == {c.id for c in CATEGORIES}


def test_achievable_is_judged_and_shown_in_the_verdict_table() -> None:
    """The table shows the Achievable letter the checker judges: fail, question, pass."""
    t = needs.smart_verdicts(
        [
            "My car is never off the road for even a minute after an accident.",
            "I never have to chase you about my claim.",
            "I am driving again within 2 working days of reporting the accident.",
        ]
    )
    assert t["Achievable"].tolist() == [needs.NO, needs.ASK, needs.YES]
    assert t["SMART overall"].tolist()[0] == needs.NO


def test_shares_in_the_customer_table_are_the_case_company_figures(customers) -> None:
    g = needs.group_by_need(customers)
    assert needs.category_counts() == [
        round(c.share_of_customers * len(customers)) for c in CATEGORIES
    ]
    for c in CATEGORIES:
        assert g.loc[c.id, "customers"] == round(c.share_of_customers * len(customers))
        assert g.loc[c.id, "share_of_profit"] == pytest.approx(c.share_of_profit, abs=5e-4)
    said = needs.profit_focus_sentence(customers)
    top = category(g.index[0])
    assert top.name in said and f"**{top.share_of_profit:.0%}**" in said


def test_exercise_customers_are_not_the_lessons() -> None:
    """Exercise 04 has its own twelve customers, in words the lesson never shows."""
    ex = needs.exercise_sample()
    lesson = needs.regroup_sample()
    table = needs.load_customers()
    assert len(ex) == 12 and ex["customer_id"].is_unique and ex["stated_need"].is_unique
    assert not set(ex["customer_id"]) & set(lesson["customer_id"])
    assert not set(ex["customer_id"]) & set(table["customer_id"])
    lesson_words = set(table["stated_need"]) | {c.need for c in CATEGORIES}
    assert not set(ex["stated_need"]) & lesson_words
    assert not set(ex["stated_need"]) & {t for ts in needs.STATED_NEEDS.values() for t in ts}
    # A similar spread to the lesson's practice: every need group, three customers each.
    key = needs.exercise_key()
    assert sorted(pd.Series(key).value_counts().tolist()) == [3, 3, 3, 3]
    # Fair: each says words of exactly one need group, and circumstance does not give it away.
    assert all(
        sum(t in ts for ts in needs.EXERCISE_STATED_NEEDS.values()) == 1 for t in ex["stated_need"]
    )
    with_key = ex.assign(group=ex["customer_id"].map(key))
    for col in ("tenure_band", "spend_band"):
        assert (with_key.groupby("group")[col].nunique() >= 2).all(), col
    assert key != needs.regroup_key()


def test_lesson_sentences_and_tables_are_plain_words(customers: pd.DataFrame) -> None:
    assert needs.segments_sentence(customers, "region") == (
        "Every need group appears in all 6 region segments."
    )
    t = needs.smart_verdicts(["Fast claims.", "I am driving again within 2 working days."])
    assert list(t.columns) == [
        "Statement",
        "Specific",
        "Measurable",
        "Achievable",
        "Relevant",
        "Time-bound",
        "No weasel words",
        "SMART overall",
    ]  # all five letters, in plain words
    assert set(t.iloc[:, 1:].to_numpy().ravel()) <= {needs.YES, needs.NO, needs.ASK}
    assert t.iloc[0]["SMART overall"] == "✗ no" and t.iloc[1]["Measurable"] == "✓ yes"
    named = needs.crosstab_named(customers, "product")
    assert named["Need group"].tolist() == [
        category(c).name for c in needs.crosstab_needs(customers, "product").index
    ]
    key = needs.regroup_key_table()
    assert list(key.columns) == ["Customer", "In their words", "Need group", "What gives it away"]
    assert len(key) == 12 and key["Customer"].tolist() == list(needs.exercise_key())
    assert key["What gives it away"].str.len().min() > 10


def test_smart_needs_exercise_starts_neutral_and_saves_all_three(session) -> None:
    from cxkit.questions.ex04_needs import coach_findings_table
    from cxkit.widgets.needs import SmartNeedsExercise

    ex = SmartNeedsExercise()
    assert "Not started" in ex.saver.status.value
    assert all("to fix" not in c.findings.value for c in ex.checkers)
    typed = [
        "My home is safe within 4 hours of my call.",
        "My family sleeps at home on the first night.",
        "Fast repairs.",
    ]
    for c, t in zip(ex.checkers, typed, strict=True):
        c.text.value = t
    assert "to fix" in ex.checkers[2].findings.value
    saved = session.workbook.reload().get("needs/smart-needs")
    assert saved == {"need_1": typed[0], "need_2": typed[1], "need_3": typed[2]}
    again = SmartNeedsExercise()
    assert "Saved ✓ in your workbook (last saved" in again.saver.status.value
    assert [c.text.value for c in again.checkers] == typed
    table = coach_findings_table(saved)
    assert table["As written"].tolist() == typed


def test_regroup_exercise_restores_every_pick(session) -> None:
    from cxkit.widgets.needs import RegroupWidget

    key = needs.exercise_key()
    ex = RegroupWidget(mode="exercise")
    assert "Not started" in ex.saver.status.value
    for c, v in key.items():
        ex.pickers[c].value = v
    again = RegroupWidget(mode="exercise")
    assert {c: dd.value for c, dd in again.pickers.items()} == key
    assert "Saved ✓ in your workbook (last saved" in again.saver.status.value


def test_journey_editor_feeling_is_ticked_and_rows_line_up() -> None:
    from cxkit.concepts.moments import kestrel_motor_claim
    from cxkit.widgets.needs import JourneyEditor

    ed = JourneyEditor(kestrel_motor_claim())
    widths = set()
    for row in ed.rows.children:
        number, step, *fixed = row.children
        widths.add(number.layout.width)
        assert all(w.layout.flex == "0 0 auto" for w in fixed)  # never squeezed to "mis…"
        feel = fixed[2]
        chosen = [b for b in feel.choices.values() if b.description.startswith("✓ ")]
        assert len(chosen) == 1 and chosen[0].button_style == "info"
    assert len(widths) == 1  # rows 10-12 line up with rows 1-9
    feel = ed.rows.children[0].children[4]
    feel.choices["magic"].click()
    assert ed.journey.moments[0].feeling.value == "magic"
    assert feel.choices["magic"].description == "✓ magic"


def test_crosstab_explorer_redraws_and_caches() -> None:
    from cxkit.widgets.needs import CrosstabExplorer

    x = CrosstabExplorer()
    first = x.chart.value
    assert first[:4] == b"\x89PNG"
    x.pick.value = "product"
    assert x.chart.value != first
    x.pick.value = "spend_band"
    assert x.chart.value == first  # drawn once, shown again at once


def test_category_share_legend_sits_below_the_bars(customers: pd.DataFrame) -> None:
    from cxkit.plots.needs import category_share_chart

    fig = category_share_chart(customers)
    fig.canvas.draw()
    (ax,) = fig.axes
    assert not ax.get_legend() and fig.legends  # a figure legend, outside the axes
    legend_box = fig.legends[0].get_window_extent()
    assert legend_box.y1 <= ax.get_window_extent().y0  # below the plot: covers no bar


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Get a free replacement router delivered within 2 working days of reporting the fault.",
         "households with a broken router"),
        ("Return an item for free at a shop within 30 days of delivery.", "online shoppers"),
        ("Get my no-claims discount shown on my renewal letter at least 3 weeks before renewal.",
         "families renewing a car policy"),
        ("Send money to my family abroad within 1 hour for a fee under 5 pounds.",
         "customers with family abroad"),
        ("Complete a meter reading by text in under 2 minutes each month.",
         "households with a smart meter"),
        ("Ensure my calls are diverted to my mobile within 15 minutes of a line fault.",
         "small businesses with one phone line"),
        ("Get a seat on at least 80% of my morning trains each month.", "rail commuters"),
    ],
)  # fmt: skip
def test_good_needs_near_a_defect_are_not_told_they_are_wrong(text: str, category: str) -> None:
    r = needs.check_smart(text, category)
    assert r.is_smart, [f.as_text() for f in r.findings]


@pytest.mark.parametrize(
    ("text", "category", "defect"),
    [
        ("Rebook 90% of affected passengers within 3 hours.", "passengers whose flight is cancelled",
         "firm_activity"),
        ("Make sure each agent takes no more than 6 minutes per call.", "callers", "firm_activity"),
        ("Achieve a leak repair rate of 95% within 24 hours.", "households", "firm_activity"),
        ("Log the claim in the system within 1 hour.", "drivers after an accident", "firm_activity"),
        ("Get 20% off a cinema ticket within a week of making a claim.", "pet owners", "relevant"),
        ("Receive a box of chocolates on the day I move in.", "families moving home", "relevant"),
        ("Get my claim decided within 10 days and a work coach within 2 weeks.", "jobseekers",
         "specific"),
        ("Keep my old number, plus get 2 extra SIM cards within a week.", "families switching",
         "specific"),
        ("See a specialist within 10 minutes of my GP referral.", "people with suspected cancer",
         "achievable"),
        ("Never lose power for even a minute, whatever the weather.", "medical equipment users",
         "achievable"),
        ("Within 3 days.", "anyone", "specific"),
    ],
)  # fmt: skip
def test_bad_needs_name_their_main_defect(text: str, category: str, defect: str) -> None:
    r = needs.check_smart(text, category)
    assert not r.is_smart and r.main_defect == defect, (r.main_defect, r.letters)


def test_a_perk_the_category_itself_names_is_not_off_topic() -> None:
    text = "Be offered a place on a later cruise within 2 days of a cancelled sailing."
    assert needs.check_smart(text, "cruise passengers").is_smart
    off = needs.check_smart(text, "rail commuters")
    assert not off.is_smart and off.main_defect == "relevant"


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        (
            "My family sleeps at home, or in a place you arranged, on the first night",
            "on the first night",
        ),
        ("I am told what happens next on my first call", "on my first call"),
        ("My rent is paid on the first of the month after the fire", "on the first of the month"),
    ],
)
def test_a_need_measured_by_a_deadline_alone_names_that_measure(text: str, bound: str) -> None:
    # A checkable deadline makes a need measurable (corpus RULES §2); the checker must then say
    # which words are the measure, and quote the whole bound, not "on the first".
    r = needs.check_smart(text)
    assert r.is_smart and r.letters["measurable"]
    ticks = r.ticks()
    assert f"Time bound: “{bound}”." in ticks
    assert any(t.startswith("Measure:") and f"“{bound}”" in t for t in ticks), ticks


def test_a_need_with_a_number_still_names_the_number_as_its_measure() -> None:
    ticks = needs.check_smart("My home is safe within 4 hours of my call.").ticks()
    assert "Measure: “4 hours”." in ticks
    assert not any("deadline" in t for t in ticks)


def test_the_need_boxes_do_not_suggest_a_model_answer(session) -> None:
    from cxkit.widgets.needs import SmartNeedsExercise

    model = "My home is safe, with water off and power made safe, within 4 hours of my call."
    for checker in SmartNeedsExercise().checkers:
        placeholder = checker.text.placeholder.removeprefix("e.g. ").lower()
        shared = set(placeholder.split()) & set(model.lower().split())
        assert "home" not in placeholder and len(shared) <= 3, placeholder
