"""The five avoidable mistakes: ratings, weakest areas and next steps."""

import pytest

from cxkit.concepts import initiatives as ini
from cxkit.concepts.initiatives import AssessmentError, SelfAssessment


def test_five_mistakes_each_with_a_next_step() -> None:
    assert len(ini.FIVE_MISTAKES) == 5
    assert len(set(ini.MISTAKE_IDS)) == 5
    assert all(m.next_step and m.ask_yourself.endswith("?") for m in ini.FIVE_MISTAKES)


def test_weakest_and_next_steps_follow_the_ratings() -> None:
    a = SelfAssessment(
        {"expectations": 4, "needs": 2, "transformation": 5, "measures": 1, "complexity": 3}
    )
    assert [m.id for m in a.weakest(2)] == ["measures", "needs"]
    steps = a.next_steps()
    assert steps == [ini.mistake(k).next_step for k in ("measures", "needs", "complexity")]
    assert a.overall == pytest.approx(3.0)
    assert "Weakest: the focus is on the wrong measures" in a.in_words()


def test_strong_everywhere_still_gets_advice() -> None:
    a = SelfAssessment(dict.fromkeys(ini.MISTAKE_IDS, 5))
    assert len(a.next_steps()) == 1 and "evidence" in a.next_steps()[0]


@pytest.mark.parametrize("rating", [1, 2, 3])
def test_all_ratings_equal_names_no_weakest_area(rating) -> None:
    a = SelfAssessment(dict.fromkeys(ini.MISTAKE_IDS, rating))
    words = a.in_words()
    assert "Weakest" not in words and "every area is rated the same" in words.lower()
    assert f"({rating} – {ini.RATING_LABELS[rating].lower()})" in words
    # No area is put first: every area's step, in the order of the five, and a heading that
    # says to pick one rather than "weakest first".
    assert a.next_steps() == [m.next_step for m in ini.FIVE_MISTAKES]
    assert "weakest" not in a.next_steps_heading().lower()
    assert "same" in a.next_steps_heading()


def test_tied_lowest_areas_are_named_together() -> None:
    a = SelfAssessment(
        {"expectations": 1, "needs": 1, "transformation": 3, "measures": 2, "complexity": 4}
    )
    words = a.in_words()
    assert "Weakest, tied (1 – this is us)" in words
    assert "top team expects" in words and "customer needs are not defined" in words
    assert a.next_steps_heading() == "Next steps, weakest area first"


def test_widget_with_equal_ratings_says_so(tmp_path) -> None:
    from cxkit.widgets.initiatives import FiveMistakes

    f = FiveMistakes()
    for s in f.sliders.values():
        s.value = 2
    assert "Weakest" not in f.steps.value and "rated the same" in f.steps.value
    f.sliders["measures"].value = 1
    assert "Weakest: the focus is on the wrong measures" in f.steps.value
    assert "weakest area first" in f.steps.value


@pytest.mark.parametrize(
    ("ratings", "msg"),
    [
        ({"needs": 3}, "No rating for"),
        (dict.fromkeys(ini.MISTAKE_IDS, 6), "must be 1–5"),
        (dict.fromkeys(ini.MISTAKE_IDS, "high"), "use 1–5"),
        ([1, 2], "must map"),
    ],
)
def test_bad_ratings_say_which(ratings, msg) -> None:
    with pytest.raises(AssessmentError, match=msg):
        SelfAssessment(ratings)


def test_kestrel_is_weakest_on_measures() -> None:
    assert ini.KESTREL_ASSESSMENT.weakest(1)[0].id == "measures"


def test_widget_saves_ratings_in_exercise_mode(tmp_path) -> None:
    from cxkit.session import reset_session
    from cxkit.widgets.initiatives import FiveMistakes

    session = reset_session(tmp_path)
    session.identify("Grace Hopper")
    f = FiveMistakes(mode="exercise", question_id="initiatives/self-assessment")
    for k, s in f.sliders.items():
        s.value = 1 if k == "measures" else 3
    assert session.workbook.reload().get("initiatives/self-assessment")["measures"] == 1
    assert ini.mistake("measures").next_step in f.steps.value.replace("&#x27;", "'")
    assert (
        FiveMistakes(mode="exercise", question_id="initiatives/self-assessment")
        .sliders["measures"]
        .value
        == 1
    )


def test_radar_redraws_in_place_and_keeps_labels_apart() -> None:
    from cxkit.concepts.initiatives import FIVE_MISTAKES, KESTREL_ASSESSMENT, SelfAssessment
    from cxkit.plots.initiatives import radar

    a = SelfAssessment(dict.fromkeys((m.id for m in FIVE_MISTAKES), 3))
    fig = radar(a, KESTREL_ASSESSMENT)
    b = SelfAssessment(dict(a.ratings, **{FIVE_MISTAKES[0].id: 5}))
    assert radar(b, KESTREL_ASSESSMENT, fig=fig) is fig
    line = fig._cx_radar["line"]
    assert list(line.get_ydata())[0] == 5 and "overall 3.4" in fig._cx_radar["title"].get_text()
    assert "You: 5" in fig._cx_radar["names"][0].get_text()  # each name gives its ratings
    # No two texts overlap, and no text sits inside the circle, where the lines and fill
    # are drawn (ring labels there collided with the ratings' line).
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    for each in (fig, radar(KESTREL_ASSESSMENT, labels=("Kestrel Mutual", ""))):
        canvas = FigureCanvasAgg(each)
        canvas.draw()
        r = canvas.get_renderer()
        ax = each.axes[0]
        texts = [t for t in each.findobj(Text) if a_text(t)]
        boxes = [t.get_window_extent(r) for t in texts]
        assert len(boxes) >= 5 + 1  # the five names and the title, at least
        for i, x in enumerate(boxes):
            for y in boxes[i + 1 :]:
                assert not x.overlaps(y)
        circle = ax.get_window_extent(r)
        cx, cy, radius = (
            circle.x0 + circle.width / 2,
            circle.y0 + circle.height / 2,
            circle.width / 2,
        )
        for box in boxes:
            nearest_x = min(max(cx, box.x0), box.x1)
            nearest_y = min(max(cy, box.y0), box.y1)
            assert (nearest_x - cx) ** 2 + (nearest_y - cy) ** 2 > radius**2


def a_text(artist) -> bool:
    """A visible text with something written in it."""
    return artist.get_visible() and bool(str(artist.get_text()).strip())
