"""Outputs from the gradebook: LMS CSV, per-participant feedback (Markdown, HTML), cohort summary.

Every participant string (ids, answers, comments) is escaped before it goes into
HTML or Markdown, and file names come only from validated ids
(:func:`cxkit.workbook.safe_file_stem`).
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxkit.coach.collect import csv_cell
from cxkit.coach.gradebook import Gradebook
from cxkit.plots.style import figure_img
from cxkit.questions import label_of
from cxkit.words import plural
from cxkit.workbook import atomic_write_bytes, safe_file_stem, sync_folder

if TYPE_CHECKING:
    import pandas as pd

MEASURE_KINDS = ["output", "outcome", "impact"]


_ESC: dict[str, str] = {}  # escaped text by text: a cohort repeats prompts and feedback
_MDE: dict[str, str] = {}
_DUMPED: dict[int, tuple[Any, str]] | None = None  # id -> (value, JSON), only while exporting
_MEMO_MAX, _MEMO_TEXT = 50_000, 1000


def _e(text: Any) -> str:
    if type(text) is not str:
        return html.escape(str(text), quote=True)
    hit = _ESC.get(text)
    if hit is None:
        hit = html.escape(text, quote=True)
        if len(text) <= _MEMO_TEXT and len(_ESC) < _MEMO_MAX:
            _ESC[text] = hit
    return hit


def _md(text: Any) -> str:
    # Markdown renders raw HTML, so participant text is escaped there too; newlines flattened.
    if type(text) is not str:
        text = str(text)
    hit = _MDE.get(text)
    if hit is None:
        hit = html.escape(" ".join(text.split()), quote=False).replace("|", "\\|")
        if len(text) <= _MEMO_TEXT and len(_MDE) < _MEMO_MAX:
            _MDE[text] = hit
    return hit


def _dumps(value: Any) -> str:
    # While exporting, results are alive and read-only: one JSON text per shared answer.
    if _DUMPED is None:
        return json.dumps(value, ensure_ascii=False)
    hit = _DUMPED.get(id(value))
    if hit is None or hit[0] is not value:
        hit = (value, json.dumps(value, ensure_ascii=False))
        if len(_DUMPED) < _MEMO_MAX:
            _DUMPED[id(value)] = hit  # the value is kept, so its id is not reused meanwhile
    return hit[1]


def _short(value: Any, limit: int = 300) -> str:
    text = value if isinstance(value, str) else _dumps(value)
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


def _frags(i: dict) -> tuple[str, str]:
    """(Markdown, HTML) of one item, remembered while exporting: items repeat across a cohort."""
    if _DUMPED is None:
        return _item_markdown(i), _item_html(i)
    ans = i["answer"] if i["answered"] else None
    obj = None
    if not isinstance(ans, str | int | float | bool | type(None)):
        obj, ans = ans, id(ans)  # a shared (read-only) answer: kept in the memo with its text
    try:
        key = (
            i["question_id"], i["final"], i["max_points"], i["status"], i["prompt"],
            bool(i["answered"]), type(obj if obj is not None else ans), ans,
            tuple(i["feedback"] or ()), tuple(i["findings"] or ()),
            tuple(sorted(i["levels"].items())), i["comment"],
        )  # fmt: skip
        hit = _FRAGS.get(key)
    except TypeError:  # something unhashable in the notes: just render it
        return _item_markdown(i), _item_html(i)
    if hit is not None and hit[0] is obj:
        return hit[1]
    out = (_item_markdown(i), _item_html(i))
    if len(_FRAGS) < _MEMO_MAX:
        _FRAGS[key] = (obj, out)
    return out


_FRAGS: dict = {}


def _sections(p: dict) -> list[tuple[str, float, float, list[tuple[str, str]]]]:
    """Per exercise (sorted): name, points got, points possible, and each item's fragments."""
    by: dict[str, list] = {}
    for i in p["items"]:
        acc = by.get(i["exercise"])
        if acc is None:
            acc = by[i["exercise"]] = [0.0, 0.0, []]
        acc[0] += i["final"] or 0.0
        acc[1] += i["max_points"]
        acc[2].append(_frags(i))
    return [(e, *by[e]) for e in sorted(by)]


def _pages(p: dict) -> tuple[str, str]:
    """The Markdown and HTML feedback of one participant, built in one pass over the items."""
    sections = _sections(p)
    return _markdown_page(p, sections), _html_page(p, sections)


def _item_markdown(i: dict) -> str:
    lines = [
        f"### {_md(i['question_id'])} — {_fmt(i['final'])} / {i['max_points']:g} ({i['status']})",
        f"_{_md(i['prompt'])}_",
    ]
    if i["answered"]:
        lines.append(f"- Your answer: {_md(_short(i['answer']))}")
    lines += [f"- {_md(f)}" for f in i["feedback"] or []]
    lines += [f"- Check: {_md(f)}" for f in i["findings"] or []]
    lines += [f"- {_md(crit)}: level {lv:g}" for crit, lv in sorted(i["levels"].items())]
    if i["comment"]:
        lines.append(f"- Coach: {_md(i['comment'])}")
    lines.append("")
    return "\n".join(lines)


def participant_markdown(p: dict) -> str:
    """A participant's feedback as Markdown (participant text escaped)."""
    return _markdown_page(p, _sections(p))


def _markdown_page(p: dict, sections: list) -> str:
    lines = [f"# Feedback for {_md(p['participant_id'])}", ""]
    lines.append(f"**Total: {p['total']:g} of {p['max_total']:g} points.**")
    if p["pending"]:
        lines.append(f"_{p['pending']} item(s) still to be scored by your coach._")
    for exercise, got, of, frags in sections:
        lines += ["", f"## {_md(exercise)}: {got:g} / {of:g}", ""]
        lines += [f[0] for f in frags]
    return "\n".join(lines).rstrip() + "\n"


_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;line-height:1.45}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}"
    ".correct{color:#1b7a3a}.wrong{color:#b3261e}.partly{color:#9a6700}"
    ".answer{background:#f5f5f5;padding:.3em;white-space:pre-wrap}"
)


def _item_html(i: dict) -> str:
    out = [
        f"<h3>{_e(i['question_id'])} — {_fmt(i['final'])} / {i['max_points']:g} "
        f"<span class='{_e(i['status'].replace(' ', '-'))}'>({_e(i['status'])})</span></h3>",
        f"<p><i>{_e(i['prompt'])}</i></p>",
    ]
    if i["answered"]:
        out.append(f"<div class='answer'>{_e(_short(i['answer'], 2000))}</div>")
    notes = [*(i["feedback"] or []), *(f"Check: {f}" for f in i["findings"] or [])]
    notes += [f"{c}: level {lv:g}" for c, lv in sorted(i["levels"].items())]
    if i["comment"]:
        notes.append(f"Coach: {i['comment']}")
    if notes:
        out.append("<ul>" + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul>")
    return "\n".join(out)


def participant_html(p: dict) -> str:
    """A participant's feedback as a standalone HTML page (every participant string escaped)."""
    return _html_page(p, _sections(p))


def _html_page(p: dict, sections: list) -> str:
    out = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>Feedback for {_e(p['participant_id'])}</title><style>{_CSS}</style></head><body>",
        f"<h1>Feedback for {_e(p['participant_id'])}</h1>",
        f"<p><b>Total: {p['total']:g} of {p['max_total']:g} points.</b></p>",
    ]
    if p["pending"]:
        out.append(f"<p><i>{p['pending']} item(s) still to be scored by your coach.</i></p>")
    for exercise, got, of, frags in sections:
        out.append(f"<h2>{_e(exercise)}: {got:g} / {of:g}</h2>")
        out += [f[1] for f in frags]
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def write_feedback(
    gradebook: Path | str, out_dir: Path | str, results: list[dict] | None = None
) -> list[Path]:
    """Write <id>.md and <id>.html for every participant; return the files written.

    A page whose text is unchanged is not written again, so a re-run after an
    interrupted export finishes the job and a repeated export is quick. Each page is
    replaced atomically (never half written) without a flush of its own; the folder
    is synced once at the end. A big cohort is rendered and written by two forked
    processes, each page written by the process that rendered it.
    """
    global _JOB, _DUMPED
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for p in out_dir.glob(".*.tmp"):  # left by an export that was killed
        p.unlink(missing_ok=True)
    results = results if results is not None else _results(gradebook)
    used: set[str] = set()
    stems = []
    for p in results:
        stem, n = safe_file_stem(p["participant_id"]), 2
        base = stem
        while stem in used:
            stem, n = f"{base}-{n}", n + 1
        used.add(stem)
        stems.append(stem)
    _JOB, _DUMPED = (results, stems, out_dir), {}
    try:
        _run_pages(len(results))
    finally:
        _JOB, _DUMPED = (), None
        for memo in (_FRAGS, _ESC, _MDE):
            memo.clear()
    sync_folder(out_dir)
    return [out_dir / f"{stem}{suffix}" for stem in stems for suffix in (".md", ".html")]


_JOB: tuple = ()  # (results, stems, out_dir) that a forked page writer reads
_CHUNK = 250


def _write_pages(start: int) -> int:
    """Render and write the pages of participants start .. start+_CHUNK; return files changed."""
    results, stems, out_dir = _JOB
    changed = 0
    for i in range(start, min(start + _CHUNK, len(results))):
        md, page = _pages(results[i])
        for suffix, text in ((".md", md), (".html", page)):
            changed += _put(out_dir / f"{stems[i]}{suffix}", text.encode("utf-8"))
    return changed


def _run_pages(n: int) -> int:
    """_write_pages over every chunk; in two forked processes for a big cohort."""
    import multiprocessing as mp

    chunks = range(0, n, _CHUNK)
    if n < 400 or (os.cpu_count() or 1) < 2 or "fork" not in mp.get_all_start_methods():
        return sum(map(_write_pages, chunks))
    with mp.get_context("fork").Pool(2) as pool:
        return sum(pool.imap_unordered(_write_pages, chunks))


def _put(path: Path, payload: bytes) -> bool:
    """Replace path by payload atomically, unless it holds exactly that already; True if written.

    The file is created with the permissions the user's umask gives (as
    :func:`cxkit.workbook.atomic_write_bytes` does), through a temporary name that
    is never followed if it is a link; the caller syncs the folder once at the end.
    """
    if _same(path, payload):
        return False
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(tmp, flags, 0o666)
    except FileExistsError:  # left by a killed run with the same process id
        tmp.unlink()
        fd = os.open(tmp, flags, 0o666)
    try:
        with os.fdopen(fd, "wb", buffering=0) as fh:
            view = memoryview(payload)
            while view:
                view = view[fh.write(view) :]
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return True


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
        f"<p>{plural(len(results), 'participant')}; "
        f"{plural(sum(p['pending'] for p in results), 'rubric item')} still to score; "
        f"{plural(len(flags), 'item')} flagged for review.</p>",
        # `cxkit analyse` writes this page beside the summary: which questions work.
        "<p><a href='item-analysis.html'>Item analysis: which questions work, and what the "
        "cohort misreads</a> (made by <code>cxkit analyse</code>).</p>",
    ]
    for title, fig in summary_figures(results).items():
        out += [f"<h2>{_e(title)}</h2>", figure_img(fig, title)]
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
