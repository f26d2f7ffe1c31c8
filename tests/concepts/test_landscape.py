"""The Customer Performance Landscape: building it, its alignment checks, and the exercise key."""

import json

import pytest

from cxkit.concepts import landscape as cpl
from cxkit.concepts.landscape import Landscape, LandscapeError


def small() -> Landscape:
    land = Landscape("t")
    for nid, kind in [
        ("s1", "sco"),
        ("s2", "sco"),
        ("m1", "moment"),
        ("p1", "process"),
        ("a1", "activity"),
        ("a2", "activity"),
        ("r1", "role"),
    ]:
        land.add_node(nid, kind, nid.upper())
    land.add_node("x-out", "measure", "Calls per hour", "output")
    land.add_node("x-good", "measure", "Days to fix", "outcome")
    for link in [("s1", "m1"), ("m1", "p1"), ("p1", "a1"), ("a1", "r1"), ("a2", "r1")]:
        land.add_link(*link)
    land.add_link("s1", "x-good")
    land.add_link("s2", "x-out")
    return land


def test_checks_find_orphans_unmeasured_and_output_only() -> None:
    land = small()
    c = land.check()
    assert c.orphan_activities == ("a2",)
    assert c.scos_without_measure == ()
    assert c.scos_measured_only_by_outputs == ("s2",)
    assert c.output_only_measures == ("x-out",)
    assert c.aligned_share == pytest.approx(0.5)
    assert not c.ok


def test_linking_clears_the_orphan_and_the_check() -> None:
    land = small()
    land.add_link("p1", "a2")
    c = land.check()
    assert c.orphan_activities == () and c.aligned_share == 1.0
    land.remove_link("s2", "x-out")
    assert land.check().scos_without_measure == ("s2",)


def test_a_path_through_a_shared_role_does_not_align_an_activity() -> None:
    # a2 shares role r1 with an aligned activity, but line of sight runs downwards only.
    assert "a2" in small().check().orphan_activities


def test_links_must_follow_the_chain_with_clear_messages() -> None:
    land = small()
    with pytest.raises(LandscapeError, match="can link down to a process or a measure"):
        land.add_link("m1", "a1")
    with pytest.raises(LandscapeError, match="no element with id 'nope'"):
        land.add_link("s1", "nope")
    with pytest.raises(LandscapeError, match="already an element"):
        land.add_node("s1", "sco")
    with pytest.raises(LandscapeError, match="not a level"):
        land.add_node("q", "team")
    with pytest.raises(LandscapeError, match="needs a kind: output, outcome or impact"):
        land.add_node("q", "measure", "Q")
    with pytest.raises(LandscapeError, match="cannot measure another measure"):
        land.add_link("x-out", "x-good")
    with pytest.raises(LandscapeError, match="no link"):
        land.remove_link("s1", "a1")


def test_round_trip_and_file(tmp_path) -> None:
    land = small()
    again = Landscape.from_dict(json.loads(json.dumps(land.to_dict())))
    assert again.to_dict() == land.to_dict()
    p = tmp_path / "l.json"
    p.write_text(json.dumps(land.to_dict()))
    assert Landscape.load(p).check() == land.check()
    with pytest.raises(LandscapeError, match="Link 1 must be a pair"):
        Landscape.from_dict({"nodes": [], "links": [["a"]]})


def test_case_landscape_tells_the_story() -> None:
    land = cpl.case_landscape()
    c = land.check()
    labels = {land.node(i).label for i in c.orphan_activities}
    assert "Chase paper claim forms" in labels
    assert [land.node(i).label for i in c.scos_without_measure] == ["Home safe and liveable again"]
    assert land.node("m-aht").label in {land.node(i).label for i in c.output_only_measures}
    assert 0 < c.aligned_share < 1
    # Wiring in the proposed outcome measure clears "SCOs with no measure".
    land.add_link("sco-home", "m-home-48h")
    assert land.check().scos_without_measure == ()


def test_exercise_key_matches_an_independent_search() -> None:
    land = cpl.exercise_landscape()
    key = cpl.exercise_key()
    naive = sorted(land.node(i).label for i in cpl.orphan_activities_naive(land))
    assert key["orphan_activities"] == naive and len(naive) >= 2
    measured = {s for s, t in land.links() if land.node(t).kind == "measure"}
    unmeasured = sorted(n.label for n in land.nodes("sco") if n.id not in measured)
    assert key["unmeasured_scos"] == unmeasured and unmeasured


@pytest.mark.parametrize("seed", [0, 1])
def test_fast_check_agrees_with_naive_search_on_a_large_graph(seed: int) -> None:
    land = cpl.synthetic_landscape(3_000, seed=seed)
    assert len(land) == 3_000
    assert sorted(land.check().orphan_activities) == sorted(cpl.orphan_activities_naive(land))


def test_findings_are_readable() -> None:
    land = small()
    rows = land.check().findings(land)
    assert rows[0] == ("Orphan activities (no path to any SCO)", "bad", ("A2",))
    assert "50% of activities" in land.check().summary()


def test_exercise_questions_use_the_model_key() -> None:
    from cxkit import questions

    orphans = questions.get("landscape/orphan-activities")
    assert orphans.key() == cpl.exercise_key()["orphan_activities"]
    assert set(orphans.key()) <= set(orphans.choices)
    assert not orphans.check(["Not an activity"]).complete
    assert not orphans.check([]).complete  # nothing picked is not an answer
    for q in (orphans, questions.get("landscape/unmeasured-scos")):
        assert "Saved as" not in q.prompt and "[" not in q.prompt  # plain words on screen
    unmeasured = questions.get("landscape/unmeasured-scos")
    assert set(unmeasured.key()) <= set(unmeasured.choices)
    change = questions.get("landscape/triple-crown-change")
    assert not change.check(
        {"change": None, "customer": None, "cost": None, "revenue": None}
    ).complete
    assert (
        "Still to fill in: effect on cost; effect on revenue."
        in change.check({"change": "x", "customer": "y"}).summary
    )


def test_builder_link_clears_a_check_and_refuses_a_bad_link() -> None:
    from cxkit.widgets.landscape import LandscapeBuilder

    b = LandscapeBuilder()
    assert "SCOs with no measure</b>: Home safe" in b.checks.value
    b.source.value, b.target.value = "sco-home", "m-home-48h"
    b.link_from_form()
    assert "SCOs with no measure</b>: none" in b.checks.value
    b.source.value, b.target.value = "role-agent", "proc-fnol"
    b.link_from_form()
    assert "can link down to a measure only" in b.message.value
    b.kind.value, b.label.value = "activity", "<b>bold</b>"
    b.add_node_from_form()
    assert "&lt;b&gt;bold" in b.checks.value and "<b>bold" not in b.checks.value
    b.clear_button.click()
    assert len(b.landscape) == 0 and "0 of 0" in b.checks.value


def test_record_form_shows_a_box_for_every_part_even_without_labels() -> None:
    from cxkit.widgets.exercise import RecordForm

    form = RecordForm(("change", "for_cost"), ("The change",))
    labels = [row.children[0].value for row in form.children]
    assert labels == ["<b>The change</b>", "<b>For cost</b>"] and list(form.boxes) == [
        "change",
        "for_cost",
    ]


def test_triple_crown_change_form_saves_exactly_what_is_typed(tmp_path) -> None:
    from cxkit.session import reset_session
    from cxkit.widgets.exercise import RecordForm, ask

    session = reset_session(tmp_path)
    session.identify("Ada Lovelace")
    q = ask("landscape/triple-crown-change")
    assert isinstance(q.input, RecordForm) and list(q.input.boxes) == [
        "change",
        "customer",
        "cost",
        "revenue",
    ]
    assert q.feedback.value == "" and "Not started" in q.saver.status.value  # one status line
    typed = "Self-service card update <b>link</b> — 顧客 😀\n  two lines "
    q.input.boxes["change"].value = typed
    assert (
        "Still to fill in: effect on the customer experience; effect on cost; effect on revenue"
        in q.feedback.value
    )
    assert session.workbook.reload().get("landscape/triple-crown-change") == {"change": typed}
    for part in ("customer", "cost", "revenue"):
        q.input.boxes[part].value = f"{part}: better"
    saved = session.workbook.reload().get("landscape/triple-crown-change")
    assert saved == {"change": typed, "customer": "customer: better", "cost": "cost: better",
                     "revenue": "revenue: better"}  # fmt: skip
    assert "All four parts written" in q.feedback.value and "Saved ✓" in q.saver.status.value
    again = ask("landscape/triple-crown-change")  # a re-run shows what was saved
    assert again.input.boxes["change"].value == typed and again.input.value == saved
    reset_session()


def test_builder_redraws_into_one_figure_with_cached_labels() -> None:
    from cxkit.widgets.landscape import LandscapeBuilder

    b = LandscapeBuilder()
    assert b.load_button.description == "Load Kestrel Mutual's landscape"
    assert b.load_button.layout.width == "auto"  # the label is never cut off
    fig, labels, before = b._fig, len(b._labels), b.figure.value
    b.source.value, b.target.value = "sco-home", "m-home-48h"
    b.link_from_form()
    assert b._fig is fig and b.figure.value != before
    # The linked SCO loses its red ring: one new label picture, the rest reused.
    assert len(b._labels) == labels + 1


def test_pick_check_names_what_is_selected() -> None:
    from cxkit import questions

    q = questions.get("landscape/unmeasured-scos")
    picked = list(q.choices[:2])
    summary = q.check(picked).summary
    assert summary.startswith("2 selected: ") and all(name in summary for name in picked)


def test_pick_many_shows_every_choice_marks_the_picked_ones_and_restores(
    tmp_path, monkeypatch
) -> None:
    from cxkit import questions
    from cxkit.concepts.landscape import exercise_key
    from cxkit.session import reset_session
    from cxkit.widgets.exercise import pick_many

    qid = "landscape/orphan-activities"
    monkeypatch.delenv("CXKIT_PARTICIPANT", raising=False)
    session = reset_session(tmp_path)
    session.identify("Pat")
    try:
        widget = pick_many(qid, "activity", "activities")
        choices = questions.get(qid).choices
        assert list(widget.buttons) == list(choices)  # every choice is a visible button
        # Untouched: one status line, the kit's one untouched state.
        assert "Not started" in widget.saver.status.value and widget.feedback.value == ""
        assert not any(b.button_style or "✓" in b.description for b in widget.buttons.values())
        key = exercise_key()["orphan_activities"]
        for label in key:
            widget.buttons[label].value = True
        for label, b in widget.buttons.items():  # picked: blue with a ✓; the others plain
            assert (b.button_style == "info") == (label in key)
            assert b.description.startswith("✓ ") == (label in key)
        assert sorted(session.workbook.reload().get(qid)) == sorted(key)
        assert f"{len(key)} activities chosen" in widget.feedback.value
        widget.buttons[key[0]].value = False  # a second click unpicks
        assert sorted(session.workbook.reload().get(qid)) == sorted(key[1:])
        widget.buttons[key[0]].value = True
        reset_session(tmp_path)  # Kernel → Restart, Run All
        again = pick_many(qid, "activity", "activities")
        assert sorted(again.value) == sorted(key)
        assert all(again.buttons[k].button_style == "info" for k in key)
        assert "Saved ✓ in your workbook" in again.saver.status.value
    finally:
        reset_session(tmp_path)
