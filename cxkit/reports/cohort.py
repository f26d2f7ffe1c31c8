"""The cohort's document, the same for ``cxkit export`` and ``cxkit assess``: where it struggles.

It reads a list of participant results (the shape ``Gradebook.results`` gives).
Lesson-specific figures are not chosen here: a question registers one
(``Question.cohort_figure``) and this page draws it for the questions present.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from cxkit import questions
from cxkit.questions import LabelConfusion
from cxkit.reports.html import esc, page, pts, table
from cxkit.reports.participant import by_concept
from cxkit.words import concept_title, plural


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


def concept_means(results: list[dict]) -> dict[str, float]:
    """Per concept: the cohort's mean share of its points (answers still to be scored left out)."""
    sums: dict[str, list[float]] = {}
    for p in results:
        for c, (got, of) in by_concept(p, scored_only=True).items():
            if of:
                sums.setdefault(c, []).append(got / of)
    return {c: sum(v) / len(v) for c, v in sums.items()}


def label_confusion(results: list[dict], question_id: str) -> tuple[Counter, Counter]:
    """For one labelling question: (right label, given label) counts, and mislabels per item."""
    fig = questions.get(question_id).cohort_figure
    wanted = {x.casefold() for x in (fig.labels if fig is not None else ())}
    pairs: Counter = Counter()
    wrong: Counter = Counter()
    for p in results:
        for i in p["items"]:
            if i["question_id"] != question_id:
                continue
            for name, d in ((i.get("detail") or {}).get("items") or {}).items():
                if not isinstance(d, dict) or "key" not in d:
                    continue
                k, a = str(d["key"]).casefold(), str(d.get("answer")).casefold()
                if k not in wanted:
                    continue
                pairs[(k, a if a in wanted else "(other)")] += 1
                if not d.get("right"):
                    wrong[name] += 1
    return pairs, wrong


def rubric_level_counts(results: list[dict]) -> dict[str, dict[int, int]]:
    """For each 'question: criterion', how many participants reached each level."""
    out: dict[str, dict[int, int]] = {}
    for p in results:
        for i in p["items"]:
            for crit, lv in i["levels"].items():
                if crit.startswith("("):
                    continue
                q = (
                    questions.get(i["question_id"])
                    if questions.is_known(i["question_id"])
                    else None
                )
                name = q.name if q is not None else i["question_id"]
                d = out.setdefault(f"{name}: {crit}", {})
                d[int(lv)] = d.get(int(lv), 0) + 1
    return dict(sorted(out.items()))


def registered_figures(results: list[dict]) -> list[tuple[str, LabelConfusion]]:
    """The questions in these results that register a cohort figure, with it, by question id."""
    present = sorted({i["question_id"] for p in results for i in p["items"]})
    out = []
    for qid in present:
        q = questions.get(qid) if questions.is_known(qid) else None
        if q is not None and q.cohort_figure is not None:
            out.append((qid, q.cohort_figure))
    return out


def cohort_figures(results: list[dict]) -> dict[str, Any]:
    """The cohort page's matplotlib figures, by title (only those with data)."""
    from cxkit.plots import reports as plots

    figs: dict[str, Any] = {}
    percents = [100 * p["total"] / p["max_total"] for p in results if p["max_total"]]
    figs["Score distribution"] = plots.score_distribution(percents)
    means = concept_means(results)
    if means:
        figs["Where the cohort struggles"] = plots.concept_means(means)
    misses = item_miss_shares(results)
    if misses:
        figs["Most-missed questions"] = plots.most_missed(
            [(questions.label_of(q), v) for q, v in misses]
        )
    for qid, fig in registered_figures(results):
        pairs, _ = label_confusion(results, qid)
        if pairs:
            figs[fig.title] = plots.confusion_table(pairs, fig.labels, fig.title, fig.right)
    levels = rubric_level_counts(results)
    if levels:
        figs["Rubric levels"] = plots.rubric_levels(levels)
    return figs


def cohort_html(
    results: list[dict],
    *,
    title: str = "Cohort summary",
    intro: Sequence[str] = (),
    marks: dict[str, str] | None = None,
    marks_header: str = "Marks",
    links: dict[str, str] | None = None,
    flags: dict | None = None,
    failures: Iterable[tuple[str, str, str]] | None = None,
    figures: bool = True,
) -> str:
    """The cohort page: figures, most-missed questions, mislabels, participants, flags, failures.

    intro lines are HTML the caller built (any participant text in them escaped);
    links map a participant to their page; failures are (file, participant, reason).
    """
    out = [f"<h1>{esc(title)}</h1>", *(f"<p>{line}</p>" for line in intro)]
    if figures and results:
        from cxkit.plots.style import figure_img

        worst = {qid: label_confusion(results, qid)[1] for qid, _ in registered_figures(results)}
        named = dict(registered_figures(results))
        for fig_title, fig in cohort_figures(results).items():
            out.append(f"<p>{figure_img(fig, fig_title)}</p>")  # the figure carries its title
            qid = next((q for q, f in named.items() if f.title == fig_title), None)
            if qid is not None and worst[qid]:
                out.append(_mislabelled(qid, named[qid], worst[qid]))
    misses = item_miss_shares(results)
    if misses:
        out.append("<h2>Questions by points missed</h2>")
        out.append(
            table(
                ("Question", "Points missed (cohort average)"),
                [(esc(questions.label_of(q)), f"{100 * s:.0f}%") for q, s in misses[:15]],
                raw=True,
            )
        )
    means = concept_means(results)
    if means:
        weakest = min(means, key=means.get)
        out.append(
            f"<p>Weakest concept across the cohort: <b>{esc(concept_title(weakest))}</b> "
            f"({means[weakest]:.0%} of points on average).</p>"
        )
    out.append(_participants(results, marks, marks_header, links))
    if flags:
        out.append("<h2>Flagged for review</h2><ul>")
        out += [
            f"<li>{esc(pid)} — {esc(questions.label_of(qid))}: {esc(why)}</li>"
            for (pid, qid), why in sorted(flags.items())
        ]
        out.append("</ul>")
    if failures is not None:
        out.append(_failures(list(failures)))
    return page(title, "\n".join(out))


def _mislabelled(qid: str, fig: LabelConfusion, worst: Counter) -> str:
    q = questions.get(qid)
    names = dict(zip(q.items, q.item_labels or q.items, strict=False))
    rows = [(esc(names.get(m, m)), str(n)) for m, n in worst.most_common(10)]
    head = f"<h3>The {plural(len(rows), fig.item_word.lower())} mislabelled most often</h3>"
    return head + table((fig.item_word, "Participants who got it wrong"), rows, raw=True)


def _participants(
    results: list[dict], marks: dict[str, str] | None, marks_header: str, links: dict | None
) -> str:
    notes = any(p.get("notes") for p in results)
    header = ["Participant", "Points", "Share", "Rubric items to score"]
    header += [marks_header] if marks is not None else []
    header += ["Collect notes"] if notes else []
    rows = []
    for p in results:
        pid = p["participant_id"]
        who = esc(pid)
        if links and pid in links:
            who = f"<a href='{esc(links[pid])}'>{who}</a>"
        share = f"{p['total'] / p['max_total']:.0%}" if p["max_total"] else "–"
        row = [who, f"{pts(p['total'])} of {pts(p['max_total'])}", share, str(p["pending"])]
        row += [esc(marks.get(pid, ""))] if marks is not None else []
        row += [esc(p.get("notes") or "")] if notes else []
        rows.append(row)
    return f"<h2>Participants ({plural(len(results), 'participant')})</h2>" + table(
        header, rows, raw=True
    )


def _failures(failures: list[tuple[str, str, str]]) -> str:
    out = ["<h2>Could not be assessed</h2>"]
    if not failures:
        return out[0] + "<p>None.</p>"
    out.append(
        "<p>Each is listed with the reason; the rest of the cohort was assessed. Fix the file "
        "(or the cause) and run <code>cxkit assess</code> again: finished reports are kept.</p>"
    )
    out.append(
        table(
            ("Workbook file", "Participant", "Reason"),
            [(esc(f), esc(pid or "–"), esc(why)) for f, pid, why in failures],
            raw=True,
        )
    )
    return "".join(out)
