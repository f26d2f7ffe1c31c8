"""`cxkit analyse`: the item analysis of a graded cohort as a table, item-analysis.csv and a page."""

from __future__ import annotations

from pathlib import Path

from cxkit import questions
from cxkit.coach.gradebook import Gradebook
from cxkit.coach.item_analysis import ItemAnalysis, analyse, analysis_rows, response_matrix
from cxkit.reports.html import esc, exercise_title, page, table
from cxkit.spreadsheet import csv_bytes
from cxkit.words import plural
from cxkit.workbook import atomic_write_bytes

PAGE_NAME, CSV_NAME = "item-analysis.html", "item-analysis.csv"


def item_labels() -> dict[str, dict[str, str]]:
    """How a coach sees each question ("" → its label) and each of its parts (its item labels)."""
    return {
        q.id: {"": q.label, **dict(zip(q.items, q.item_labels, strict=False))}
        for q in questions.all_questions()
    }


def cohort_item_analysis(gradebook: Path | str) -> ItemAnalysis:
    """Analyse every auto-graded part in a gradebook."""
    with Gradebook(gradebook) as gb:
        results = gb.results()
    return analyse(response_matrix(results, item_labels()))


def write_item_report(gradebook: Path | str, out_dir: Path | str) -> tuple[Path, Path]:
    """Write item-analysis.csv and item-analysis.html into out_dir; return both paths."""
    a = cohort_item_analysis(gradebook)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    head, rows = analysis_rows(a)
    atomic_write_bytes(out / CSV_NAME, csv_bytes(head, rows))
    atomic_write_bytes(out / PAGE_NAME, item_page(a).encode("utf-8"))
    return out / CSV_NAME, out / PAGE_NAME


def item_page(a: ItemAnalysis) -> str:
    """The HTML page: reliability, misconceptions, figures and the full table (all escaped)."""
    from cxkit.plots.item_analysis import common_wrong_answers, difficulty_discrimination
    from cxkit.plots.style import figure_img

    e = esc
    parts = [
        f"<h1>Item analysis</h1><p>{plural(a.participants, 'participant')}. Difficulty is the share "
        "who got a part right; discrimination says whether stronger participants get it right "
        "more often.</p>",
        "<h2>Reliability per exercise</h2>",
        table(
            ("Exercise", "Parts", "Method", "Value"),
            [
                (
                    exercise_title(r.exercise),
                    r.items,
                    r.method,
                    f"{r.alpha:.2f}" if r.alpha is not None else r.note,
                )
                for r in a.reliability
            ],
        ),
    ]
    notes = [s for s in a.items if s.misconception]
    notes.sort(key=lambda s: -next(iter(s.distractors.values()))[0])
    if notes:
        parts.append("<h2>What the cohort misreads</h2><ul>")
        parts += [f"<li>{e(s.misconception)}</li>" for s in notes[:12]]
        parts.append("</ul>")
    for title, fig in (
        ("Which questions work", difficulty_discrimination(a)),
        ("The wrong answers given most often", common_wrong_answers(a)),
    ):
        parts.append(f"<h2>{e(title)}</h2>{figure_img(fig, title, dpi=None)}")
    head, rows = analysis_rows(a)
    parts += ["<h2>Every part</h2>", table(head, rows)]
    return page("Item analysis", "".join(parts))
