"""Where a participant is in the course: the lessons and exercises in order, and how much of each
exercise their workbook holds. Read by the course home page; never writes anything."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from cxkit import questions
from cxkit.session import Session


@dataclass(frozen=True)
class CourseNotebook:
    """One lesson or exercise of the course, as the home page lists it."""

    path: Path
    title: str
    kind: str  # "lesson" or "exercise"
    answered: int = 0
    total: int = 0
    last_saved: str = ""  # ISO time of the latest save of this exercise's answers, if any

    @property
    def started(self) -> bool:
        """Has the participant saved any answer of this exercise?"""
        return self.answered > 0


def notebook_title(path: Path) -> str:
    """The notebook's first Markdown heading, without the '#'; the file name if it has none."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb.get("cells", []):
            if cell.get("cell_type") == "markdown":
                src = "".join(cell.get("source", []))
                for line in src.splitlines():
                    if line.startswith("#"):
                        return line.lstrip("#").strip()
    except (OSError, ValueError, AttributeError):
        pass
    return path.stem.replace("_", " ")


def course_outline(root: Path, session: Session | None = None) -> list[CourseNotebook]:
    """The lessons (notebooks/) and exercises (exercises/) in course order, with progress."""
    lessons = [
        CourseNotebook(p, notebook_title(p), "lesson")
        for p in sorted((root / "notebooks").glob("[0-9]*.ipynb"))
        if not p.stem.startswith("00")  # the home page itself
    ]
    exercises = []
    for p in sorted((root / "exercises").glob("[0-9]*.ipynb")):
        qs = questions.all_questions(p.stem)
        saved = [a for q in qs if session and (a := session.saved(q.id)) is not None]
        exercises.append(
            CourseNotebook(
                p,
                notebook_title(p),
                "exercise",
                answered=len(saved),
                total=len(qs),
                last_saved=max((a.saved_at for a in saved), default=""),
            )
        )
    # Each lesson is followed by its exercise: 01 lesson, 01 exercise, 02 lesson, ...
    return sorted(lessons + exercises, key=lambda n: (n.path.stem[:2], n.kind != "lesson"))
