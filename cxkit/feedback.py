"""Outputs from the gradebook: LMS CSV, per-participant feedback (Markdown, HTML), cohort summary.

Every participant string (ids, answers, comments) is escaped before it goes into
HTML or Markdown, and file names come only from validated ids
(:func:`cxkit.workbook.safe_file_stem`).
"""

from __future__ import annotations

import base64
import csv
import html
import io
import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxkit.collect import csv_cell
from cxkit.gradebook import Gradebook
from cxkit.questions import label_of
from cxkit.workbook import atomic_write_bytes, safe_file_stem, sync_folder

if TYPE_CHECKING:
    import pandas as pd

MEASURE_KINDS = ["output", "outcome", "impact"]


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _md(text: Any) -> str:
    # Markdown renders raw HTML, so participant text is escaped there too; newlines flattened.
    return html.escape(" ".join(str(text).split()), quote=False).replace("|", "\\|")


def _short(value: Any, limit: int = 300) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fmt(v: float | None) -> str:
    return "—" if v is None else f"{v:g}"


def _by_exercise(p: dict) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for i in p["items"]:
        acc = out.setdefault(i["exercise"], [0.0, 0.0])
        acc[0] += i["final"] or 0.0
        acc[1] += i["max_points"]
    return out


def lms_rows(results: list[dict]) -> tuple[list[str], list[list[Any]]]:
    """Header and rows for an LMS: one row per participant, one column per exercise, and total."""
    exercises = sorted({i["exercise"] for p in results for i in p["items"]})
    header = ["participant_id", *exercises, "total"]
    rows = []
    for p in results:
        ex = _by_exercise(p)
        rows.append(
            [
                p["participant_id"],
                *(round(ex.get(e, [0, 0])[0], 2) for e in exercises),
                round(p["total"], 2),
            ]
        )
    return header, rows


def _results(gradebook: Path | str) -> list[dict]:
    with Gradebook(gradebook, readonly=True) as gb:
        return gb.results()


def write_lms_csv(gradebook: Path | str, out: Path | str, results: list[dict] | None = None) -> int:
    """Write the LMS CSV; return the number of participants (results: read once by the caller)."""
    header, rows = lms_rows(results if results is not None else _results(gradebook))
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    for r in rows:
        # A leading = + - @ would make a spreadsheet run the id as a formula.
        r[0] = csv_cell(r[0])
        w.writerow(r)
    atomic_write_bytes(Path(out), buf.getvalue().encode("utf-8"))
    return len(rows)


def participant_markdown(p: dict) -> str:
    """A participant's feedback as Markdown (participant text escaped)."""
    lines = [f"# Feedback for {_md(p['participant_id'])}", ""]
    lines.append(f"**Total: {p['total']:g} of {p['max_total']:g} points.**")
    if p["pending"]:
        lines.append(f"_{p['pending']} item(s) still to be scored by your coach._")
    ex = _by_exercise(p)
    for exercise in sorted(ex):
        got, of = ex[exercise]
        lines += ["", f"## {_md(exercise)}: {got:g} / {of:g}", ""]
        for i in (i for i in p["items"] if i["exercise"] == exercise):
            lines.append(
                f"### {_md(i['question_id'])} — {_fmt(i['final'])} / {i['max_points']:g} ({i['status']})"
            )
            lines.append(f"_{_md(i['prompt'])}_")
            if i["answered"]:
                lines.append(f"- Your answer: {_md(_short(i['answer']))}")
            for f in i["feedback"] or []:
                lines.append(f"- {_md(f)}")
            for f in i["findings"] or []:
                lines.append(f"- Check: {_md(f)}")
            for crit, lv in sorted(i["levels"].items()):
                lines.append(f"- {_md(crit)}: level {lv:g}")
            if i["comment"]:
                lines.append(f"- Coach: {_md(i['comment'])}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;line-height:1.45}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}"
    ".correct{color:#1b7a3a}.wrong{color:#b3261e}.partly{color:#9a6700}"
    ".answer{background:#f5f5f5;padding:.3em;white-space:pre-wrap}"
)


def participant_html(p: dict) -> str:
    """A participant's feedback as a standalone HTML page (every participant string escaped)."""
    out = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>Feedback for {_e(p['participant_id'])}</title><style>{_CSS}</style></head><body>",
        f"<h1>Feedback for {_e(p['participant_id'])}</h1>",
        f"<p><b>Total: {p['total']:g} of {p['max_total']:g} points.</b></p>",
    ]
    if p["pending"]:
        out.append(f"<p><i>{p['pending']} item(s) still to be scored by your coach.</i></p>")
    ex = _by_exercise(p)
    for exercise in sorted(ex):
        got, of = ex[exercise]
        out.append(f"<h2>{_e(exercise)}: {got:g} / {of:g}</h2>")
        for i in (i for i in p["items"] if i["exercise"] == exercise):
            out.append(
                f"<h3>{_e(i['question_id'])} — {_fmt(i['final'])} / {i['max_points']:g} "
                f"<span class='{_e(i['status'].replace(' ', '-'))}'>({_e(i['status'])})</span></h3>"
            )
            out.append(f"<p><i>{_e(i['prompt'])}</i></p>")
            if i["answered"]:
                out.append(f"<div class='answer'>{_e(_short(i['answer'], 2000))}</div>")
            notes = [*(i["feedback"] or []), *(f"Check: {f}" for f in i["findings"] or [])]
            notes += [f"{c}: level {lv:g}" for c, lv in sorted(i["levels"].items())]
            if i["comment"]:
                notes.append(f"Coach: {i['comment']}")
            if notes:
                out.append("<ul>" + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def write_feedback(
    gradebook: Path | str, out_dir: Path | str, results: list[dict] | None = None
) -> list[Path]:
    """Write <id>.md and <id>.html for every participant; return the files written.

    A page whose text is unchanged is not written again, so a re-run after an
    interrupted export finishes the job and a repeated export is quick.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for p in out_dir.glob(".*.tmp"):  # left by an export that was killed
        p.unlink(missing_ok=True)
    results = results if results is not None else _results(gradebook)
    written = []
    used: set[str] = set()
    stems = []
    for p in results:
        stem, n = safe_file_stem(p["participant_id"]), 2
        base = stem
        while stem in used:
            stem, n = f"{base}-{n}", n + 1
        used.add(stem)
        stems.append(stem)
    for i, (md, page) in enumerate(_rendered(results)):
        for suffix, text in ((".md", md), (".html", page)):
            path = out_dir / f"{stems[i]}{suffix}"
            payload = text.encode("utf-8")
            if not _same(path, payload):
                atomic_write_bytes(path, payload, durable=False)
            written.append(path)
    sync_folder(out_dir)
    return written


_RENDER: list[dict] = []  # the results a forked page renderer reads


def _render(i: int) -> tuple[str, str]:
    return participant_markdown(_RENDER[i]), participant_html(_RENDER[i])


def _rendered(results: list[dict]):
    """(markdown, html) per participant, in order; in two forked processes for a big cohort."""
    import multiprocessing as mp
    import os

    global _RENDER
    _RENDER = results
    try:
        if (
            len(results) < 400
            or (os.cpu_count() or 1) < 2
            or "fork" not in mp.get_all_start_methods()
        ):
            yield from map(_render, range(len(results)))
            return
        with mp.get_context("fork").Pool(2) as pool:
            yield from pool.imap(_render, range(len(results)), chunksize=50)
    finally:
        _RENDER = []


def _same(path: Path, payload: bytes) -> bool:
    try:
        return path.stat().st_size == len(payload) and path.read_bytes() == payload
    except OSError:
        return False


# -- cohort statistics ---------------------------------------------------------------------
def item_miss_shares(results: list[dict]) -> list[tuple[str, float]]:
    """Per question: the cohort's average share of its points missed (items still pending left out)."""
    lost: dict[str, list[float]] = {}
    pending: set[str] = set()
    for p in results:
        for i in p["items"]:
            if i["final"] is None:
                pending.add(i["question_id"])
            elif i["max_points"]:
                lost.setdefault(i["question_id"], []).append(1 - i["final"] / i["max_points"])
    shares = [(q, sum(v) / len(v)) for q, v in lost.items() if q not in pending]
    return sorted(shares, key=lambda x: (-x[1], x[0]))


def misclassifications(
    results: list[dict], labels: list[str] = MEASURE_KINDS
) -> tuple[Counter, Counter]:
    """(right label, given label) counts over labelled items, and which items were most misclassified."""
    pairs: Counter = Counter()
    items: Counter = Counter()
    wanted = {x.casefold() for x in labels}
    for p in results:
        for i in p["items"]:
            for name, d in ((i.get("detail") or {}).get("items") or {}).items():
                if not isinstance(d, dict) or "key" not in d:
                    continue
                k, a = str(d["key"]).casefold(), str(d.get("answer")).casefold()
                if k not in wanted:
                    continue
                pairs[(k, a if a in wanted else "(other)")] += 1
                if not d.get("right"):
                    items[name] += 1
    return pairs, items


def rubric_level_counts(results: list[dict]) -> dict[str, dict[int, int]]:
    """For each 'question: criterion', how many participants reached each level."""
    out: dict[str, dict[int, int]] = {}
    for p in results:
        for i in p["items"]:
            for crit, lv in i["levels"].items():
                if crit.startswith("("):
                    continue
                d = out.setdefault(f"{label_of(i['question_id'])}: {crit}", {})
                d[int(lv)] = d.get(int(lv), 0) + 1
    return dict(sorted(out.items()))


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return (
        "<img alt='figure' src='data:image/png;base64,"
        + base64.b64encode(buf.getvalue()).decode()
        + "'>"
    )


def summary_figures(results: list[dict]) -> dict[str, Any]:
    """The cohort summary's matplotlib figures, by title (only those with data)."""
    from cxkit.plots import grading as plots

    figs: dict[str, Any] = {}
    max_total = max((p["max_total"] for p in results), default=0)
    figs["Score distribution"] = plots.score_distribution([p["total"] for p in results], max_total)
    misses = item_miss_shares(results)
    if misses:
        figs["Most-missed items"] = plots.most_missed([(label_of(q), v) for q, v in misses])
    pairs, _ = misclassifications(results)
    if pairs:
        figs["Measures most often misclassified"] = plots.confusion_table(pairs, MEASURE_KINDS)
    levels = rubric_level_counts(results)
    if levels:
        figs["Rubric levels"] = plots.rubric_levels(levels)
    return figs


def results_table(gradebook: Path | str) -> pd.DataFrame:
    """A pandas DataFrame: one row per participant, points per exercise, total, items pending."""
    import pandas as pd

    with Gradebook(gradebook, readonly=True) as gb:
        results = gb.results()
        flags = gb.open_flags()
    header, rows = lms_rows(results)
    df = pd.DataFrame(rows, columns=header).set_index("participant_id")
    df["rubric items to score"] = [p["pending"] for p in results]
    df["flagged for review"] = [
        sum(1 for k in flags if k[0] == p["participant_id"]) for p in results
    ]
    df["collect notes"] = [p.get("notes") or "" for p in results]
    return df


def cohort_summary_html(
    gradebook: Path | str,
    freshness: dict[str, str] | None = None,
    results: list[dict] | None = None,
    flags: dict | None = None,
) -> str:
    """The cohort summary page: figures, most-missed items, misclassifications, review queue."""
    if results is None or flags is None:
        with Gradebook(gradebook, readonly=True) as gb:
            results, flags = gb.results(), gb.open_flags()
    _, worst = misclassifications(results)
    out = [
        "<!doctype html><html><head><meta charset='utf-8'><title>Cohort summary</title>",
        f"<style>{_CSS}</style></head><body><h1>Cohort summary</h1>",
        f"<p>{len(results)} participant(s); {sum(p['pending'] for p in results)} rubric item(s) "
        f"still to score; {len(flags)} item(s) flagged for review.</p>",
    ]
    for title, fig in summary_figures(results).items():
        out += [f"<h2>{_e(title)}</h2>", _png(fig)]
        if title.startswith("Measures") and worst:
            out.append("<table><tr><th>Measure</th><th>Participants who got it wrong</th></tr>")
            out += [f"<tr><td>{_e(m)}</td><td>{n}</td></tr>" for m, n in worst.most_common(10)]
            out.append("</table>")
    misses = item_miss_shares(results)
    if misses:
        out.append(
            "<h2>Items by points missed</h2><table><tr><th>Item</th><th>Points missed (avg)</th></tr>"
        )
        out += [f"<tr><td>{_e(q)}</td><td>{100 * s:.0f}%</td></tr>" for q, s in misses[:15]]
        out.append("</table>")
    out.append(
        "<h2>Participants</h2><table><tr><th>Participant</th><th>Total</th>"
        "<th>Rubric items to score</th><th>Marks</th><th>Collect notes</th></tr>"
    )
    for p in results:
        state = (freshness or {}).get(p["participant_id"], "")
        out.append(
            f"<tr><td>{_e(p['participant_id'])}</td><td>{p['total']:g} / {p['max_total']:g}</td>"
            f"<td>{p['pending']}</td><td>{_e(state)}</td><td>{_e(p.get('notes') or '')}</td></tr>"
        )
    out.append("</table>")
    if flags:
        out.append("<h2>Flagged for review</h2><ul>")
        out += [
            f"<li>{_e(pid)} — {_e(qid)}: {_e(why)}</li>"
            for (pid, qid), why in sorted(flags.items())
        ]
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def write_summary(
    gradebook: Path | str,
    out: Path | str,
    freshness: dict[str, str] | None = None,
    results: list[dict] | None = None,
    flags: dict | None = None,
) -> Path:
    """Write the cohort summary page; return its path."""
    out = Path(out)
    html_ = cohort_summary_html(gradebook, freshness, results, flags)
    atomic_write_bytes(out, html_.encode("utf-8"))
    return out
