"""`cxkit analyse`: the item analysis of a graded cohort as a table, item-analysis.csv and a page."""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path

from cxkit import questions
from cxkit.coach.collect import csv_cell
from cxkit.coach.gradebook import Gradebook
from cxkit.coach.item_analysis import ItemAnalysis, analyse, analysis_rows, response_matrix
from cxkit.reports.lms import exercise_title
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
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(head)
    for r in rows:
        w.writerow([csv_cell(v) if isinstance(v, str) else v for v in r])
    atomic_write_bytes(out / CSV_NAME, buf.getvalue().encode("utf-8"))
    atomic_write_bytes(out / PAGE_NAME, item_page(a).encode("utf-8"))
    return out / CSV_NAME, out / PAGE_NAME


def item_page(a: ItemAnalysis) -> str:
    """The HTML page: reliability, misconceptions, figures and the full table (all escaped)."""
    from cxkit.plots.item_analysis import common_wrong_answers, difficulty_discrimination
    from cxkit.plots.style import figure_img

    e = html.escape
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><title>Item analysis</title>",
        "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;line-height:1.45}"
        "table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:4px 8px;"
        "text-align:left;vertical-align:top}th{border-bottom:2px solid #44546a}</style></head><body>",
        f"<h1>Item analysis</h1><p>{a.participants} participants. Difficulty is the share who got a "
        "part right; discrimination says whether stronger participants get it right more often.</p>",
        "<h2>Reliability per exercise</h2><table><tr><th>Exercise</th><th>Parts</th>"
        "<th>Method</th><th>Value</th></tr>",
    ]
    for r in a.reliability:
        value = f"{r.alpha:.2f}" if r.alpha is not None else e(r.note)
        parts.append(
            f"<tr><td>{e(exercise_title(r.exercise))}</td><td>{r.items}</td><td>{e(r.method)}</td><td>{value}</td></tr>"
        )
    parts.append("</table>")
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
    parts.append(
        "<h2>Every part</h2><table><tr>" + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr>"
    )
    for r in rows:
        parts.append("<tr>" + "".join(f"<td>{e(str(v))}</td>" for v in r) + "</tr>")
    parts.append("</table></body></html>")
    return "".join(parts)
