"""The five avoidable mistakes: ratings, weakest areas and next steps."""

import pytest

from cxkit import initiatives as ini
from cxkit.initiatives import AssessmentError, SelfAssessment


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
    f.sliders["measures"].value = 1
    assert session.workbook.reload().get("initiatives/self-assessment")["measures"] == 1
    assert ini.mistake("measures").next_step in f.steps.value.replace("&#x27;", "'")
    assert (
        FiveMistakes(mode="exercise", question_id="initiatives/self-assessment")
        .sliders["measures"]
        .value
        == 1
    )


def test_radar_redraws_in_place_and_keeps_labels_apart() -> None:
    from cxkit.initiatives import FIVE_MISTAKES, KESTREL_ASSESSMENT, SelfAssessment
    from cxkit.plots.initiatives import radar

    a = SelfAssessment(dict.fromkeys((m.id for m in FIVE_MISTAKES), 3))
    fig = radar(a, KESTREL_ASSESSMENT)
    b = SelfAssessment(dict(a.ratings, **{FIVE_MISTAKES[0].id: 5}))
    assert radar(b, KESTREL_ASSESSMENT, fig=fig) is fig
    line = fig._cx_radar["line"]
    assert list(line.get_ydata())[0] == 5 and "overall 3.4" in fig.axes[0].get_title()
    # The mistakes' names do not overlap each other or the ring labels.
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    r = canvas.get_renderer()
    ax = fig.axes[0]
    names = [t.get_window_extent(r) for t in ax.get_xticklabels()]
    rings = [t.get_window_extent(r) for t in ax.get_yticklabels() if t.get_text()]
    boxes = names + rings
    for i, x in enumerate(boxes):
        for y in boxes[i + 1 :]:
            assert not x.overlaps(y)
