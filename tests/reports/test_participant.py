"""The one participant document: export and assess render it alike, and it reads right."""

from __future__ import annotations

import shutil
from pathlib import Path

from cxkit.coach.collect import collect
from cxkit.coach.grade_run import grade_cohort
from cxkit.coach.gradebook import Gradebook
from cxkit.reports import participant

SAMPLE = Path(__file__).resolve().parents[2] / "cxkit" / "data" / "sample_cohort"


def _cohort(tmp_path: Path, n: int = 2) -> Path:
    hand_ins = tmp_path / "in"
    for d in sorted(SAMPLE.iterdir())[:n]:
        shutil.copytree(d, hand_ins / d.name)
    cohort = tmp_path / "cohort"
    collect(hand_ins, cohort)
    grade_cohort(cohort, workers=1)
    return cohort


def test_export_and_assess_render_the_same_question_by_question_document(tmp_path: Path) -> None:
    from cxkit.assess.report import build

    cohort = _cohort(tmp_path)
    gb_path = cohort / "gradebook.sqlite"
    with Gradebook(gb_path) as gb:
        task = next(t for t in gb.rubric_tasks() if t.answered)
        crit = task.criteria[0][0]
        gb.set_manual_score(
            task.participant_id, task.question_id, {crit: 1}, "Try <again>", "Coach"
        )
        exported = {p["participant_id"]: p for p in gb.results()}
    for wb in sorted(cohort.glob("*.workbook.json")):
        rep = build(str(wb), "", str(gb_path))
        p = exported[rep.participant_id]
        assert participant.items(rep.grade.result()) == participant.items(p)
        assert participant.next_steps(rep.grade.result()) == participant.next_steps(p)
        assert participant.items(p) in rep.feedback()  # the notebook's section is that document
    page = participant.participant_html(exported[task.participant_id])
    assert "Try &lt;again&gt;" in page and "<again>" not in page


def test_next_steps_leave_out_answers_a_coach_has_not_scored_yet() -> None:
    def item(concept: str, final: float | None, status: str) -> dict:
        return {
            "question_id": f"{concept}/q", "concept": concept, "exercise": "01_x", "final": final,
            "max_points": 4.0, "status": status, "answered": True, "answer": "text",
            "prompt": "A question.", "feedback": [], "findings": [], "levels": {}, "comment": "",
        }  # fmt: skip

    p = {
        "participant_id": "Ann",
        "items": [item("canvas", None, "needs rubric"), item("outcomes", 4.0, "correct")],
        "total": 4.0,
        "max_total": 8.0,
        "pending": 1,
    }
    steps = participant.next_steps(p)
    assert "Revisit" not in steps  # the unscored canvas answer is not a weak canvas
    assert "Your coach will score 1 rubric answer" in steps
    p["items"][1].update(final=1.0, status="partly")
    assert (
        "Revisit Outputs and outcomes (25% of the points scored so far)"
        in participant.next_steps(p)
    )
