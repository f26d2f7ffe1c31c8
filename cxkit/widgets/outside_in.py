"""The inside-out / outside-in sorting exercise: a thin view over cxkit.concepts.outside_in."""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as w

from cxkit import questions
from cxkit.concepts.outside_in import sort_feedback, sorting_set, statement
from cxkit.widgets.base import LESSON, status_html
from cxkit.widgets.outcomes import LabelGrid

VIEW_LABELS = [("Inside-Out", "inside-out"), ("Outside-In", "outside-in")]


def _judge(statement_id: str, answer: str) -> tuple[bool, str]:
    fb = sort_feedback(statement_id, answer)
    return fb.correct, fb.message


class SortingExercise(LabelGrid):
    """Sort statements and initiatives into Inside-Out and Outside-In, with the reason for each."""

    def __init__(
        self,
        statement_ids: Sequence[str] | None = None,
        mode: str = LESSON,
        question_id: str | None = None,
    ) -> None:
        if statement_ids is None and question_id and questions.is_known(question_id):
            statement_ids = questions.get(question_id).items  # the exercise's own statements
        ids = list(statement_ids) if statement_ids else [s.id for s in sorting_set(10)]
        items = [(sid, statement(sid).text) for sid in ids]
        super().__init__(
            items,
            VIEW_LABELS,
            _judge,
            "cx-outside-in-sort",
            mode,
            question_id,
            noun="statements",
            on_complete=self._wrap_up,
        )

    def _wrap_up(self, answers: dict[str, str]) -> w.Widget:
        right = sum(_judge(i, v)[0] for i, v in answers.items())
        return w.HTML(
            status_html(
                f"You sorted {right} of {len(answers)} the way the course would. Notice what the "
                "Outside-In ones share: each starts from the customer's result and works backwards.",
                "ok" if right == len(answers) else "muted",
            )
        )


def sorting_exercise(
    statement_ids: Sequence[str] | None = None, mode: str = LESSON, question_id: str | None = None
) -> SortingExercise:
    """The inside-out / outside-in sorting exercise (lesson mode explains each choice)."""
    return SortingExercise(statement_ids, mode, question_id)


def rewrite_initiative(question_id: str = "outside_in/rewrite-initiative"):
    """Exercise 1's rewrite box, headed by the initiatives to choose from as a list.

    The notebook states the question; the box adds only what goes with it: the lesson's
    Inside-Out initiatives, one a line, so none has to be read out of a run of quotes.
    """
    import html

    from cxkit.questions.ex01_outside_in import REWRITE_CHOICES
    from cxkit.widgets.exercise import AskWidget

    items = "".join(f"<li>{html.escape(s.text)}</li>" for s in REWRITE_CHOICES)
    header = (
        "<b>Kestrel Mutual's Inside-Out initiatives from the lesson</b> (choose one, and name "
        f"it in your answer):<ul style='margin:4px 0 8px 0'>{items}</ul>"
        "<b>Your rewrite</b>"
    )
    return AskWidget(question_id, header=header)
