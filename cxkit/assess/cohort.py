"""The cohort page: who was assessed, the score distribution, where the cohort struggles, failures."""

from __future__ import annotations

import html
from typing import Any

from cxkit.assess.report import CSS, concept_title, pts
from cxkit.plots.style import figure_img


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def cohort_html(summary: Any) -> str:
    """A self-contained HTML page for the coach (every participant string escaped)."""
    from cxkit.plots.assess import concept_means, most_missed, score_distribution

    done = [o for o in summary.outcomes if o.status != "failed" and o.result.get("max_total")]
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Cohort assessment</title>",
        CSS,
        "</head><body><div class='cx-report'><h1>Cohort assessment</h1>",
        f"<p>{len(done)} participant(s) with a report ({summary.count('assessed')} assessed in "
        f"this run, {summary.count('unchanged')} unchanged since the last run); "
        f"<b>{len(summary.failures)} could not be assessed</b>. Run time {summary.seconds:.1f} s.</p>",
    ]
    if done:
        pcts = [100 * o.result["total"] / o.result["max_total"] for o in done]
        parts.append(figure_img(score_distribution(pcts), "Histogram of overall scores"))
        sums: dict[str, list[float]] = {}
        missed: dict[str, list[int]] = {}
        for o in done:
            for c, (p, m) in o.result.get("by_concept", {}).items():
                if m:
                    sums.setdefault(c, []).append(p / m)
            for it in o.result.get("items", []):
                if it.get("grading") != "auto":  # rubric items are the coach's, often unscored
                    continue
                acc = missed.setdefault(it["question_id"], [0, 0])
                acc[0] += it.get("status") != "correct"
                acc[1] += 1
        means = {c: sum(v) / len(v) for c, v in sums.items()}
        if means:
            parts.append(figure_img(concept_means(means), "Mean share of points per concept"))
        shares = {q: a / n for q, (a, n) in missed.items() if n}
        if shares:
            parts.append(
                figure_img(most_missed(shares), "Auto-scored questions most participants missed")
            )
        rows = "".join(
            f"<tr><td><a href='participants/{_e(o.entry.stem)}.html'>{_e(o.entry.participant_id)}</a></td>"
            f"<td>{pts(o.result['total'])} / {pts(o.result['max_total'])}</td>"
            f"<td>{100 * o.result['total'] / o.result['max_total']:.0f}%</td>"
            f"<td>{_e(o.result.get('pending', 0))}</td><td>{_e(o.status)}</td></tr>"
            for o in sorted(done, key=lambda o: o.entry.participant_id.lower())
        )
        parts.append(
            "<h2>Participants</h2><table class='cx-table'><tr><th>Participant</th><th>Points</th>"
            f"<th>Share</th><th>Rubric items pending</th><th>This run</th></tr>{rows}</table>"
        )
        if means:
            weakest = min(means, key=means.get)
            parts.append(
                f"<p>Weakest concept across the cohort: <b>{_e(concept_title(weakest))}</b> "
                f"({means[weakest]:.0%} of points on average).</p>"
            )
    parts.append("<h2>Could not be assessed</h2>")
    if summary.failures:
        rows = "".join(
            f"<tr><td>{_e(o.entry.path.name)}</td><td>{_e(o.entry.participant_id or '–')}</td>"
            f"<td>{_e(o.error)}</td></tr>"
            for o in summary.failures
        )
        parts.append(
            "<p>Each is listed with the reason; the rest of the cohort was assessed. Fix the file "
            "(or the cause) and run <code>cxkit assess</code> again: finished reports are kept.</p>"
            "<table class='cx-table'><tr><th>Workbook file</th><th>Participant</th>"
            f"<th>Reason</th></tr>{rows}</table>"
        )
    else:
        parts.append("<p>None.</p>")
    parts.append("</div></body></html>")
    return "".join(parts)
