"""The course home page: every lesson and exercise in order, with the participant's progress.

Links are relative to the home notebook (``notebooks/00_course_home.ipynb``), so they open the
same notebooks in JupyterLab and, in app mode, as Voilà apps.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import ipywidgets as w

from cxkit.progress import CourseNotebook, course_outline
from cxkit.session import ENV_DIR, Session
from cxkit.widgets.base import status_html
from cxkit.words import local_time


def _link(item: CourseNotebook, here: Path) -> str:
    rel = os.path.relpath(item.path, here).replace(os.sep, "/")
    return (
        f'<a class="cx-home-link" href="{html.escape(rel)}" '
        'style="color:#1f5fa8;text-decoration:underline">'
        f"{html.escape(item.title)}</a>"
    )


def _progress(item: CourseNotebook) -> str:
    if item.kind == "lesson":
        return "<span style='color:#666'>Lesson</span>"
    if not item.started:
        return status_html(f"Not started · {item.total} questions", "muted")
    done = item.answered == item.total
    text = f"{item.answered} of {item.total} questions answered"
    if item.last_saved:
        text += f" · last saved {local_time(item.last_saved)}"
    return status_html(("✓ " if done else "") + text, "ok" if done else "warn")


class CourseHome(w.VBox):
    """The list of lessons and exercises with progress, and a button to read the workbook again."""

    def __init__(self, root: Path, here: Path) -> None:
        self.root, self.here = root, here
        self.table = w.HTML()
        self.table.add_class("cx-home")
        self.who = w.HTML()
        self.who.add_class("cx-home-who")
        self.refresh_button = w.Button(
            description="Refresh my progress", icon="refresh", layout=w.Layout(width="auto")
        )
        self.refresh_button.add_class("cx-home-refresh")
        self.refresh_button.on_click(lambda _b: self.refresh())
        super().__init__([self.who, self.table, self.refresh_button])
        self.refresh()

    def refresh(self) -> None:
        """Re-read the participant's workbook and redraw the list."""
        folder = Path(os.environ.get(ENV_DIR) or self.root / "exercises")
        session = Session(folder)
        if session.workbook is not None:
            path = session.workbook.path.resolve()
            self.who.value = status_html(
                f"Welcome back, {session.participant_id}. Your workbook is {path.name} "
                f"in the folder {path.parent}.",
                "ok",
            )
        else:
            self.who.value = status_html(
                "Open the first exercise and type your name there: from then on your answers "
                "are saved as you go, and this page shows your progress.",
                "muted",
            )
        rows = "".join(
            "<tr>"
            f"<td style='padding:6px 12px'>{_link(n, self.here)}</td>"
            f"<td style='padding:6px 12px'>{_progress(n)}</td>"
            "</tr>"
            for n in course_outline(self.root, session)
        )
        self.table.value = (
            "<table style='border-collapse:collapse;font-size:15px'>"
            "<thead><tr><th style='text-align:left;padding:6px 12px'>Lessons and exercises</th>"
            "<th style='text-align:left;padding:6px 12px'>Your progress</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )


def course_home(here: Path | str | None = None) -> CourseHome:
    """The home page for a notebook in notebooks/ (its folder is the current one by default)."""
    here = Path(here or Path.cwd()).resolve()
    return CourseHome(here.parent, here)
