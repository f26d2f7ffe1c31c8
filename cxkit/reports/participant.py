"""One participant's document, the same for ``cxkit export`` and ``cxkit assess``.

Everything here reads a *result*: a participant's dict in the shape
:meth:`cxkit.coach.gradebook.Gradebook.results` gives (``WorkbookGrade.result()``
gives the same shape inside the assessment kernel). Each section is HTML; the
export writes them as one page per participant, the assessment notebook shows
them one cell at a time. Every participant string is escaped; nothing a
participant wrote is run.
"""

from __future__ import annotations

import contextlib
import json
import math
from collections.abc import Callable, Iterator
from typing import Any

from cxkit import questions
from cxkit.reports.html import (
    badge,
    esc,
    exercise_title,
    forget,
    page,
    pts,
    short_prompt,
)
from cxkit.words import concept_title, local_time, plural

PASS_SHARE = 0.7  # below this share of a concept's points, next steps suggest revisiting it
ANSWER_LIMIT = 2000  # characters of an answer shown on a page


def points_by(p: dict, field: str, scored_only: bool = False) -> dict[str, tuple[float, float]]:
    """Points earned and available per value of an item field ("concept", "exercise"), in
    first-seen order (scored_only: answers a coach has not scored yet left out, so they do not
    make a concept look weak)."""
    out: dict[str, list[float]] = {}
    for i in p["items"]:
        if scored_only and i["final"] is None:
            continue
        acc = out.setdefault(i[field], [0.0, 0.0])
        acc[0] += i["final"] or 0.0
        acc[1] += i["max_points"]
    return {k: (round(v[0], 4), round(v[1], 4)) for k, v in out.items()}


def by_concept(p: dict, scored_only: bool = False) -> dict[str, tuple[float, float]]:
    """Points earned and available per concept (see :func:`points_by`)."""
    return points_by(p, "concept", scored_only)


def _question(question_id: str) -> Any:
    return questions.get(question_id) if questions.is_known(question_id) else None


def _name(question_id: str) -> str:
    q = _question(question_id)
    return q.name if q is not None else question_id


# -- sections ---------------------------------------------------------------------------------
def header(p: dict, course: str = "", notes: tuple[str, ...] | list[str] = ()) -> str:
    """Title block: who, when the work was last saved, the total, what is still to be scored."""
    parts = []
    if course:
        parts.append(f'<div class="cx-muted">{esc(course)}</div>')
    parts.append(f"<h1>Feedback for {esc(p['participant_id'])}</h1>")
    when = local_time(p.get("submitted_at") or "", with_date=True)
    if when:
        parts.append(
            f'<p class="cx-muted">Based on your workbook as last saved on {esc(when)}.</p>'
        )
    items = p["items"]
    waiting = sum(i["max_points"] for i in items if i["final"] is None)
    scored = p["max_total"] - waiting
    share = f" ({p['total'] / scored:.0%})" if scored > 0 else ""
    if waiting:
        parts.append(
            f'<p><span class="cx-total">{pts(p["total"])} of {pts(scored)} points scored so far'
            f"{share}</span></p>"
        )
    else:
        parts.append(
            f'<p><span class="cx-total">{pts(p["total"])} of {pts(p["max_total"])} points{share}'
            "</span></p>"
        )
    answered = sum(1 for i in items if i["answered"])
    line = f"You answered {answered} of {plural(len(items), 'question')}."
    if p["pending"]:
        line += (
            f" Your coach has still to score {plural(p['pending'], 'answer')} against a rubric "
            f"({pts(waiting)} more points); they are not counted yet."
        )
    parts.append(f"<p>{line}</p>")
    parts += [f'<div class="cx-note">{esc(n)}</div>' for n in notes]
    return "".join(parts)


def concept_table(p: dict) -> str:
    """Points by concept as a table (the figure's numbers), answers still to be scored apart."""
    scored = by_concept(p, scored_only=True)
    rows = []
    for c, (_got, of_all) in by_concept(p).items():
        got, of = scored.get(c, (0.0, 0.0))
        waiting = of_all - of
        rows.append(
            (
                concept_title(c),
                pts(got),
                pts(of),
                f"{got / of:.0%}" if of else "–",
                pts(waiting) if waiting else "–",
            )
        )
    if not rows:
        return '<p class="cx-muted">No graded questions yet.</p>'
    header: tuple[str, ...] = (
        "Concept",
        "Points",
        "Out of (scored)",
        "Share",
        "Still to be scored",
    )
    if all(r[4] == "–" for r in rows):  # everything scored: no column of dashes
        header, rows = header[:4], [r[:4] for r in rows]
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in r) + "</tr>" for r in rows)
    return f'<table class="cx-table"><tr>{head}</tr>{body}</table>'


def concept_figure(p: dict) -> str:
    """The scores-by-concept bar chart (scored points only) as an embedded PNG with alt text."""
    concepts = {c: v for c, v in by_concept(p, scored_only=True).items() if v[1]}
    if not concepts:
        return ""
    from cxkit.plots.reports import concept_scores
    from cxkit.plots.style import figure_img

    alt = "Bar chart of your share of the points scored so far in each concept: " + "; ".join(
        f"{concept_title(c)} {pts(got)} of {pts(of)}" for c, (got, of) in concepts.items()
    )
    return figure_img(concept_scores(concepts, PASS_SHARE), alt)


def items(p: dict) -> str:
    """Every question's result by exercise: status, points, the answer, feedback and rubric."""
    return "".join(_exercise(*section) for section in _sections(p))


def _exercise(
    exercise: str, got: float, of: float, frags: list[tuple[str, str]], waiting: float = 0.0
) -> str:
    later = f" ({pts(waiting)} still to be scored by your coach)" if waiting else ""
    head = f"<h2>{esc(exercise_title(exercise))}: {pts(got)} of {pts(of)} points{later}</h2>"
    return head + "".join(f[1] for f in frags)


def canvas(p: dict) -> str:
    """The participant's Successful Customer Outcome canvas, drawn, or 'not submitted'."""
    return _answer_section(p, ("canvas",), "Your canvas", _render_canvas)


def north_star(p: dict) -> str:
    """The participant's North Star choice and scoring, drawn, or 'not submitted'."""
    return _answer_section(p, ("north-star", "north_star"), "Your North Star", _render_choice)


def next_steps(p: dict) -> str:
    """Concrete next steps from the weakest concepts, blanks and pending rubric items."""
    steps: list[str] = []
    weak = sorted(
        (got / of, c)
        for c, (got, of) in by_concept(p, scored_only=True).items()
        if of and got / of < PASS_SHARE
    )
    for share, concept in weak:
        missed = [
            _name(i["question_id"])
            for i in p["items"]
            if i["concept"] == concept and i["status"] in ("wrong", "partly")
        ]
        extra = f" Look again at: {', '.join(missed)}." if missed else ""
        steps.append(
            f"Revisit {concept_title(concept)} ({share:.0%} of the points scored so far): re-read "
            f"the lesson, then try the practice items again.{extra}"
        )
    blanks = sum(1 for i in p["items"] if not i["answered"])
    if blanks:
        steps.append(
            f"Answer the {plural(blanks, 'question')} you left blank; your coach can make this "
            "report again afterwards."
        )
    if p["pending"]:
        steps.append(
            f"Your coach will score {plural(p['pending'], 'rubric answer')}; their comments will "
            "appear in the next version of this report."
        )
    if not weak and not blanks and p["items"]:
        steps.append(
            "Strong work across every concept. Next, take one measure your own team is managed by "
            "and rewrite it as an outcome in your customers' words."
        )
    return "<ol>" + "".join(f"<li>{esc(s)}</li>" for s in steps) + "</ol>"


def participant_html(p: dict) -> str:
    """A participant's feedback as one standalone page (no figures: a cohort has thousands)."""
    return _page(p, _sections(p))


def participant_markdown(p: dict) -> str:
    """A participant's feedback as Markdown (participant text escaped)."""
    return _markdown(p, _sections(p))


def pages(p: dict) -> tuple[str, str]:
    """The Markdown and the HTML page of one participant, built in one pass over the items."""
    sections = _sections(p)
    return _markdown(p, sections), _page(p, sections)


def _page(p: dict, sections: list) -> str:
    body = [
        header(p),
        "<h2>Your scores by concept</h2>",
        concept_table(p),
        *(_exercise(*s) for s in sections),
        "<h2>Next steps</h2>",
        next_steps(p),
    ]
    return page(f"Feedback for {p['participant_id']}", "\n".join(body))


# -- one item -----------------------------------------------------------------------------------
def _item_html(i: dict) -> str:
    q = _question(i["question_id"])
    name = q.name if q is not None else i["question_id"]
    out = [
        f'<div class="cx-item">{badge(i["status"])} <b>{esc(name)}</b> '
        f'<span class="cx-muted">({pts(i["final"])} of {pts(i["max_points"])} points)</span>',
        f'<div class="cx-muted"><i>{esc(short_prompt(i["prompt"]))}</i></div>',
    ]
    if i["answered"]:
        out.append(f'<div class="cx-answer">{_answer_html(i["answer"], q)}</div>')
    lines = [*(i["feedback"] or []), *(i["findings"] or [])]
    if lines:
        out.append("<ul>" + "".join(f"<li>{esc(x)}</li>" for x in lines) + "</ul>")
    if i["levels"] or i["comment"]:
        out.append(_rubric_html(q, i))
    out.append("</div>")
    return "".join(out)


def _rubric_html(q: Any, i: dict) -> str:
    crits = {c.name: c for c in (q.rubric if q is not None else ())}
    rows = []
    for name, level in sorted(i["levels"].items()):
        if name.startswith("("):  # the coach's whole-item override, not a criterion
            continue
        c = crits.get(name)
        desc = c.levels.get(int(level), "") if c is not None else ""
        top = f" of {c.max_points}" if c is not None else ""
        rows.append(f"<li><b>{esc(name)}</b>: {esc(pts(level))}{top} – {esc(desc)}</li>")
    comment = f"<p><b>Your coach's comment:</b> {esc(i['comment'])}</p>" if i["comment"] else ""
    levels = f"<ul>{''.join(rows)}</ul>" if rows else ""
    return f'<div class="cx-comment">{comment}{levels}</div>'


def _item_markdown(i: dict) -> str:
    lines = [
        f"### {_md(_name(i['question_id']))} — {pts(i['final'])} of {pts(i['max_points'])} "
        f"points ({_md(i['status'])})",
        f"_{_md(short_prompt(i['prompt']))}_",
    ]
    if i["answered"]:
        lines.append(
            f"- Your answer: {_md(_answer_text(i['answer'], _question(i['question_id'])))}"
        )
    lines += [f"- {_md(f)}" for f in [*(i["feedback"] or []), *(i["findings"] or [])]]
    lines += [
        f"- {_md(c)}: level {lv:g}"
        for c, lv in sorted(i["levels"].items())
        if not c.startswith("(")
    ]
    if i["comment"]:
        lines.append(f"- Your coach's comment: {_md(i['comment'])}")
    lines.append("")
    return "\n".join(lines)


def _markdown(p: dict, sections: list) -> str:
    lines = [f"# Feedback for {_md(p['participant_id'])}", ""]
    lines.append(f"**Total: {pts(p['total'])} of {pts(p['max_total'])} points.**")
    if p["pending"]:
        lines.append(f"_{plural(p['pending'], 'answer')} still to be scored by your coach._")
    for exercise, got, of, frags, _waiting in sections:
        lines += ["", f"## {_md(exercise_title(exercise))}: {pts(got)} of {pts(of)} points", ""]
        lines += [f[0] for f in frags]
    return "\n".join(lines).rstrip() + "\n"


def _item_names(q: Any) -> dict[str, str]:
    """How the participant saw each item of a record question (its labels), by item id."""
    if q is None or not q.item_labels:
        return {}
    return dict(zip(q.items, q.item_labels, strict=False))


def _in_order(value: dict, q: Any) -> dict:
    """A record in one order whatever its source (the gradebook stores canonical, sorted JSON):
    the question's own item order first, then the rest by name."""
    order = {k: n for n, k in enumerate(q.items)} if q is not None else {}
    return dict(
        sorted(value.items(), key=lambda kv: (order.get(str(kv[0]), len(order)), str(kv[0])))
    )


_LEAD_KEYS = frozenset({"need", "step", "name", "change", "description", "text", "title"})


def _sentences(value: Any) -> str:
    """The words in a value: its texts with a space in them (ids, codes and numbers left out)."""
    if isinstance(value, str):
        return value.strip() if " " in value.strip() else ""
    if isinstance(value, dict):  # in one order whatever the source (the gradebook sorts keys):
        # what it is first ("need", "step"), then how it is measured or judged
        order = sorted(value.items(), key=lambda kv: (kv[0] not in _LEAD_KEYS, kv[0]))
        return " — ".join(t for _, v in order if (t := _sentences(v)))
    return ""


def _record_texts(value: dict) -> list[tuple[str, list[str]]]:
    """A saved record (a canvas, a calculator's proposal) as what a person wrote in it: each
    field's sentences, lists as one line per entry; the tool's own figures and codes left out."""
    out = []
    for k, v in value.items():
        if isinstance(v, list):
            lines = [t for x in v if (t := _sentences(x) if isinstance(x, dict) else _sentences(x))]
        else:
            lines = [t] if isinstance(v, str) and (t := _sentences(v)) else []
        if lines:
            out.append((concept_title(str(k)), lines))
    return out


def _answer_html(value: Any, q: Any = None) -> str:
    if isinstance(value, str):
        return esc(_short(value, ANSWER_LIMIT))
    if isinstance(value, dict) and any(isinstance(v, dict | list) for v in value.values()):
        texts = _record_texts(_in_order(value, q))
        if not texts:
            return '<span class="cx-muted">Saved in your workbook (figures and choices).</span>'
        rows = "".join(
            f"<tr><th>{esc(name)}</th><td>{'<br>'.join(esc(_short(x, 600)) for x in lines)}</td></tr>"
            for name, lines in texts
        )
        return f'<table class="cx-table">{rows}</table>'
    if isinstance(value, dict):
        value = _in_order(value, q)
    return _value_html(value, 0, _item_names(q))


def _value_html(value: Any, depth: int, names: dict[str, str] | None = None) -> str:
    """A saved answer for people: records as small tables, lists as bullets, never raw JSON."""
    if depth > 3:
        return esc(_short(value, 200))
    if isinstance(value, dict):
        names = names or {}
        if depth:  # nested records in one canonical order, as the gradebook stores them
            value = dict(sorted(value.items(), key=lambda kv: str(kv[0])))
        rows = "".join(
            f"<tr><th>{esc(names.get(str(k)) or concept_title(str(k)))}</th>"
            f"<td>{_value_html(v, depth + 1)}</td></tr>"
            for k, v in list(value.items())[:40]
        )
        return f'<table class="cx-table">{rows}</table>'
    if isinstance(value, list):
        return (
            "<ul>" + "".join(f"<li>{_value_html(v, depth + 1)}</li>" for v in value[:40]) + "</ul>"
        )
    if isinstance(value, bool) or value is None:
        return esc({True: "yes", False: "no", None: "–"}[value])
    if isinstance(value, float):
        return esc(f"{value:,.4g}") if math.isfinite(value) else "–"
    return esc(_short(value, ANSWER_LIMIT))


def _answer_text(value: Any, q: Any) -> str:
    """A saved answer in one line of plain text: a record as 'name: value; …', never raw JSON."""
    if isinstance(value, dict) and any(isinstance(v, dict | list) for v in value.values()):
        texts = _record_texts(_in_order(value, q))
        return _short("; ".join(f"{n}: {' / '.join(ls)}" for n, ls in texts), 300) or "(saved)"
    if isinstance(value, dict):
        names = _item_names(q)
        value = _in_order(value, q)
        parts = [
            f"{names.get(str(k)) or concept_title(str(k))}: {_answer_text(v, None)}"
            for k, v in value.items()
        ]
        return _short("; ".join(parts), 300)
    if isinstance(value, list):
        return _short("; ".join(_answer_text(v, None) for v in value), 300)
    if isinstance(value, bool) or value is None:
        return {True: "yes", False: "no", None: "–"}[value]
    if isinstance(value, float):
        return f"{value:g}" if math.isfinite(value) else "–"
    return _short(value, 300)


def _md(text: Any) -> str:
    # Markdown renders raw HTML, so participant text is escaped there too; newlines flattened.
    text = text if type(text) is str else str(text)
    hit = _MDE.get(text)
    if hit is None:
        hit = esc(" ".join(text.split())).replace("|", "\\|")
        if len(text) <= 1000 and len(_MDE) < 5_000:
            _MDE[text] = hit
    return hit


_MDE: dict[str, str] = {}


def _short(value: Any, limit: int) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- a cohort's pages, rendered fast: items repeat across thousands of participants ------------
_REMEMBER = False  # only while rendering a cohort, whose results are read-only
_FRAGS: dict = {}
_FRAGS_MAX = 3_000  # the common items of a cohort; more costs memory (an entry is kilobytes)


@contextlib.contextmanager
def remembering() -> Iterator[None]:
    """While rendering a whole cohort, remember each distinct item's fragments (results read-only)."""
    global _REMEMBER
    _REMEMBER = True
    try:
        yield
    finally:
        _REMEMBER = False
        _FRAGS.clear()
        _MDE.clear()
        forget()


def _frags(i: dict) -> tuple[str, str]:
    """(Markdown, HTML) of one item, remembered while rendering a cohort."""
    if not _REMEMBER:
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
    if len(_FRAGS) < _FRAGS_MAX:
        _FRAGS[key] = (obj, out)
    return out


def _sections(p: dict) -> list[tuple[str, float, float, list[tuple[str, str]], float]]:
    """Per exercise (sorted): name, points got, points possible, each item's fragments, and the
    points still to be scored by the coach."""
    by: dict[str, list] = {}
    for i in p["items"]:
        acc = by.get(i["exercise"])
        if acc is None:
            acc = by[i["exercise"]] = [0.0, 0.0, [], 0.0]
        acc[0] += i["final"] or 0.0
        acc[1] += i["max_points"]
        acc[2].append(_frags(i))
        if i["final"] is None:
            acc[3] += i["max_points"]
    return [(e, *by[e]) for e in sorted(by)]


# -- answers drawn by their concept's own figure --------------------------------------------------
def _answer_section(
    p: dict, concepts: tuple[str, ...], what: str, render: Callable[[str, Any], str | None]
) -> str:
    answers = [
        i
        for i in p["items"]
        if i["question_id"].split("/")[0] in concepts
        and i["answered"]
        and i["answer"] not in (None, "", {}, [])
    ]
    if not answers:
        return (
            f'<p class="cx-muted">{esc(what)}: not submitted. When you complete that exercise it '
            "will appear here.</p>"
        )
    parts = []
    for i in answers:
        try:  # the concept's own renderer; a malformed answer falls back to a plain listing
            shown = render(i["question_id"], i["answer"])
        except Exception:
            shown = None
        parts.append(shown if shown is not None else _value_html(i["answer"], 0))
    return "".join(parts)


def _text_answer(question_id: str, value: str) -> str:
    last = question_id.rsplit("/", 1)[-1]
    label = {"choice": "You chose", "justification": "Your justification"}.get(
        last, f"{_name(question_id)}, your answer"
    )
    return f"<p><b>{esc(label)}:</b></p><blockquote>{esc(_short(value, ANSWER_LIMIT))}</blockquote>"


def _render_canvas(question_id: str, value: Any) -> str | None:
    """The canvas module's printable figure for a saved canvas record; text answers as text."""
    if isinstance(value, str):
        return _text_answer(question_id, value)
    if not isinstance(value, dict):
        return None
    from cxkit.concepts.canvas import Canvas
    from cxkit.plots.canvas import render_canvas
    from cxkit.plots.style import figure_img

    return figure_img(render_canvas(Canvas.from_record(value)), "Your canvas, as you saved it")


def _render_choice(question_id: str, value: Any) -> str | None:
    """The North Star ranking chart from the participant's own weights and scores, or their text."""
    if isinstance(value, str):
        return _text_answer(question_id, value)
    from cxkit.concepts.north_star import parse_choice_answer
    from cxkit.plots.north_star import ranking_chart
    from cxkit.plots.style import figure_img

    cands, weights, choice = parse_choice_answer(value)
    chosen = next((c for c in cands if c.id == choice), None)
    name = chosen.name if chosen is not None else choice
    return f"<p><b>You chose:</b> {esc(name)}</p>" + figure_img(
        ranking_chart(cands, weights),
        f"Your weighted scores for the North Star candidates; you chose {name}",
    )
