"""The Successful Customer Outcome (SCO) canvas for one customer category.

Pure model; no widget imports. The fields follow the published description of
the canvas (CONCEPTS.md §5); the box layout used when it is drawn is the kit's
own (see cxkit.plots.canvas). A canvas is stored in the workbook as a plain
JSON record that keeps every field exactly as typed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cxkit.concepts.case_company import CATEGORIES, NAME, situation
from cxkit.concepts.moments import Feeling, InteractionType, MomentOfTruth
from cxkit.concepts.needs import check_smart, firm_activity_words, in_customer_words
from cxkit.concepts.outcomes.measures import find_weasel_words

FORMAT = "cxkit-sco-canvas"
VERSION = 1
QUESTION_ID = "canvas/complete-canvas"
MIN_MOMENTS = 3
MIN_NEEDS = 1
MAX_STATEMENT_WORDS = 30
LONG_FIELD_CHARS = 1200  # past this the printed canvas cuts the box and says so

# (field, label shown on the canvas and in the form, what to write there)
TEXT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("who", "Who the customer is", "The category, described as a person in their situation."),
    ("expectation", "What they expect today", "What they expect from us before anything happens."),
    (
        "journey",
        "The journey they think they are in",
        "In their words, e.g. 'getting back on the road', not 'claims processing'.",
    ),
    ("success", "Their view of success", "What 'done' looks like to them."),
    ("process_good", "Today's process: what helps", "What we do today that helps their success."),
    ("process_bad", "Today's process: what gets in the way", "What we do today that hurts it."),
    ("statement", "SCO statement (one line)", "One line, in the customer's words."),
)
TRIPLE_CROWN_PARTS: tuple[tuple[str, str], ...] = (
    ("customer", "Customer experience"),
    ("cost", "Cost to serve"),
    ("revenue", "Revenue"),
)
LABELS: dict[str, str] = {f: label for f, label, _ in TEXT_FIELDS} | {
    "category": "Customer category",
    "moments": "Moments of truth",
    "needs": "SMART needs and outcome measures",
    "triple_crown": "Triple-crown effect",
}


@dataclass(frozen=True)
class SmartNeed:
    """A need in the customer's words with the outcome measure that shows it is met."""

    need: str = ""
    measure: str = ""

    def to_record(self) -> dict:
        """Plain JSON record."""
        return {"need": self.need, "measure": self.measure}


@dataclass(frozen=True)
class TripleCrown:
    """The canvas's triple-crown effect as plain text: customer, cost and revenue."""

    customer: str = ""
    cost: str = ""
    revenue: str = ""

    def to_record(self) -> dict:
        """Plain JSON record."""
        return {"customer": self.customer, "cost": self.cost, "revenue": self.revenue}


@dataclass(frozen=True)
class CanvasFinding:
    """One validation finding: which field, what is wrong, what to do."""

    field: str
    severity: str  # "missing", "problem" or "question"
    message: str
    suggestion: str = ""

    def as_text(self) -> str:
        """One line for the participant."""
        mark = {"missing": "○", "problem": "✗", "question": "?"}[self.severity]
        return f"{mark} {LABELS.get(self.field.split('[')[0], self.field)}: {self.message} {self.suggestion}".strip()


@dataclass(frozen=True)
class Canvas:
    """One customer category's Successful Customer Outcome canvas."""

    category: str = ""
    who: str = ""
    expectation: str = ""
    journey: str = ""
    success: str = ""
    process_good: str = ""
    process_bad: str = ""
    moments: tuple[MomentOfTruth, ...] = ()
    needs: tuple[SmartNeed, ...] = ()
    statement: str = ""
    triple_crown: TripleCrown = field(default_factory=TripleCrown)

    # -- records ---------------------------------------------------------------
    def to_record(self) -> dict:
        """A plain JSON record that keeps every field exactly as typed."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "category": self.category,
            **{f: getattr(self, f) for f, _, _ in TEXT_FIELDS},
            "moments": [m.to_record() for m in self.moments],
            "needs": [n.to_record() for n in self.needs],
            "triple_crown": self.triple_crown.to_record(),
        }

    @classmethod
    def from_record(cls, rec: object) -> Canvas:
        """Build from a record; a ValueError names the field that is wrong and what to do."""
        if not isinstance(rec, dict):
            raise ValueError(
                f"A canvas must be a set of named fields (a JSON object), not {type(rec).__name__}."
            )
        if rec.get("format", FORMAT) != FORMAT:
            raise ValueError(f"This record is a {rec.get('format')!r}, not an SCO canvas.")
        if int(rec.get("version", VERSION)) > VERSION:
            raise ValueError(
                f"This canvas was saved by a newer cxkit (version {rec.get('version')}); "
                "update cxkit to open it."
            )

        def text(key: str, src: dict = rec) -> str:
            v = src.get(key, "")
            if v is None:
                return ""
            if not isinstance(v, str):
                raise ValueError(f"Canvas field {key!r} must be text, not {type(v).__name__}.")
            return v

        needs_in = rec.get("needs", [])
        if not isinstance(needs_in, list):
            raise ValueError("Canvas field 'needs' must be a list of {need, measure} records.")
        needs = []
        for i, n in enumerate(needs_in):
            if isinstance(n, str):
                needs.append(SmartNeed(n, ""))
            elif isinstance(n, dict):
                needs.append(SmartNeed(text("need", n), text("measure", n)))
            else:
                raise ValueError(f"Need {i + 1} must be a {{need, measure}} record.")
        moments_in = rec.get("moments", [])
        if not isinstance(moments_in, list):
            raise ValueError("Canvas field 'moments' must be a list.")
        tc = rec.get("triple_crown", {}) or {}
        if isinstance(tc, str):
            tc = {"customer": tc}
        if not isinstance(tc, dict):
            raise ValueError("Canvas field 'triple_crown' must have customer, cost and revenue.")
        return cls(
            category=text("category"),
            **{f: text(f) for f, _, _ in TEXT_FIELDS},
            moments=tuple(MomentOfTruth.from_record(m) for m in moments_in),
            needs=tuple(needs),
            triple_crown=TripleCrown(text("customer", tc), text("cost", tc), text("revenue", tc)),
        )

    def with_fields(self, **changes: Any) -> Canvas:
        """A copy with some fields changed."""
        return replace(self, **changes)

    @property
    def category_name(self) -> str:
        """The category's display name (the case company's name for a known id)."""
        for c in CATEGORIES:
            if self.category == c.id:
                return c.name
        return self.category

    # -- exports ---------------------------------------------------------------
    def to_json(self) -> str:
        """The canvas as pretty JSON (UTF-8 text, not escaped)."""
        return json.dumps(self.to_record(), ensure_ascii=False, indent=2)

    def to_markdown(self) -> str:
        """The canvas as Markdown, with every participant string escaped so it shows as typed."""
        t = self.category_name.strip() or "(no category yet)"
        out = [f"# Successful Customer Outcome canvas: {md_escape(t)}", ""]
        if self.statement.strip():
            out += [f"> **SCO:** {md_escape(self.statement)}", ""]
        for f, label, _ in TEXT_FIELDS:
            if f == "statement":
                continue
            out += [f"## {label}", "", md_escape(getattr(self, f)) or "_(empty)_", ""]
        out += ["## Moments of truth", ""]
        if not self.moments:
            out += ["_(none yet)_", ""]
        for i, m in enumerate(self.moments, 1):
            keep = "serves the SCO" if m.serves_sco else "does not serve the SCO: remove"
            out.append(f"{i}. {md_escape(m.step)} ({m.kind.label}; {m.feeling.value}; {keep})")
        out += ["", "## SMART needs and outcome measures", ""]
        if not self.needs:
            out += ["_(none yet)_"]
        out += ["| Need | Outcome measure |", "| --- | --- |"] if self.needs else []
        for n in self.needs:
            out.append(f"| {md_escape(n.need, table=True)} | {md_escape(n.measure, table=True)} |")
        out += ["", "## Triple-crown effect", ""]
        for k, label in TRIPLE_CROWN_PARTS:
            out.append(f"- **{label}:** {md_escape(getattr(self.triple_crown, k))}")
        out += ["", f"_Kit's own layout of the published canvas fields; case company {NAME}._", ""]
        return "\n".join(out)

    def save_json(self, path: Path | str) -> Path:
        """Write the JSON export; returns the path."""
        p = Path(path)
        p.write_text(self.to_json() + "\n", encoding="utf-8")
        return p

    def save_markdown(self, path: Path | str) -> Path:
        """Write the Markdown export; returns the path."""
        p = Path(path)
        p.write_text(self.to_markdown(), encoding="utf-8")
        return p


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~&])")


def md_escape(text: str, table: bool = False) -> str:
    """Escape Markdown and HTML specials so participant text shows literally."""
    s = _MD_SPECIAL.sub(r"\\\1", text or "")
    if table:  # a table cell is one line
        s = s.replace("\r\n", "\n").replace("\n", "<br>")
    return s


# --------------------------------------------------------------------------- validation


def completeness(canvas: Canvas) -> dict[str, bool]:
    """For each canvas field, whether it is filled in (what the exercise auto-checks)."""
    out = {"category": bool(canvas.category.strip())}
    for f, _, _ in TEXT_FIELDS:
        out[f] = bool(getattr(canvas, f).strip())
    out["moments"] = sum(1 for m in canvas.moments if m.step.strip()) >= MIN_MOMENTS
    out["needs"] = sum(1 for n in canvas.needs if n.need.strip() and n.measure.strip()) >= MIN_NEEDS
    out["triple_crown"] = all(
        getattr(canvas.triple_crown, k).strip() for k, _ in TRIPLE_CROWN_PARTS
    )
    return out


def is_complete(canvas: Canvas) -> bool:
    """Whether every field of the canvas is filled in."""
    return all(completeness(canvas).values())


def validate(canvas: Canvas) -> list[CanvasFinding]:
    """Everything worth telling the participant: missing fields, SMART findings, the statement's voice."""
    found: list[CanvasFinding] = []
    filled = completeness(canvas)
    hints = {f: hint for f, _, hint in TEXT_FIELDS}
    for f, ok in filled.items():
        if ok:
            continue
        if f == "moments":
            found.append(
                CanvasFinding(
                    f,
                    "missing",
                    f"{len([m for m in canvas.moments if m.step.strip()])} moments so far.",
                    f"List at least {MIN_MOMENTS} moments where the customer judges us.",
                )
            )
        elif f == "needs":
            found.append(
                CanvasFinding(
                    f, "missing", "No need has both a need and a measure yet.",
                    "Write each need in the customer's words with the measure that shows it is met.",
                )
            )  # fmt: skip
        elif f == "triple_crown":
            empty = [
                lab for k, lab in TRIPLE_CROWN_PARTS if not getattr(canvas.triple_crown, k).strip()
            ]
            found.append(
                CanvasFinding(
                    f, "missing", f"Not yet filled: {', '.join(empty)}.",
                    "Say what removing needless work does for the customer, for cost and for revenue.",
                )
            )  # fmt: skip
        elif f == "category":
            found.append(
                CanvasFinding(
                    f, "missing", "No category chosen.",
                    f"Pick one of {', '.join(c.id for c in CATEGORIES)}.",
                )
            )  # fmt: skip
        else:
            found.append(CanvasFinding(f, "missing", "Empty.", hints[f]))
    for i, n in enumerate(canvas.needs):
        if not (n.need.strip() or n.measure.strip()):
            continue
        where = f"needs[{i + 1}]"
        report = check_smart(
            f"{n.need.strip()} {n.measure.strip()}".strip(), situation(canvas.category)
        )
        for s in report.findings:
            sev = "question" if s.severity == "question" else "problem"
            found.append(
                CanvasFinding(
                    where, sev, f"Need {i + 1} ({s.criterion}): {s.message}", s.suggestion
                )
            )
    st = canvas.statement
    if st.strip():
        activity = firm_activity_words(st)
        if activity:
            found.append(
                CanvasFinding(
                    "statement", "problem",
                    f"It describes our activity ({', '.join(activity)}), not the customer's result.",
                    "Say what the customer gets, as they would say it.",
                )
            )  # fmt: skip
        elif not in_customer_words(st):
            found.append(
                CanvasFinding(
                    "statement", "problem", "It is not in the customer's words.",
                    "Write it in the first person, e.g. 'I am driving again within 2 working days'.",
                )
            )  # fmt: skip
        weasels = find_weasel_words(st)
        if weasels:
            found.append(
                CanvasFinding(
                    "statement", "problem", f"Weasel words: {', '.join(weasels)}.",
                    "Replace them with what the customer would notice.",
                )
            )  # fmt: skip
        n_words = len(st.split())
        if n_words > MAX_STATEMENT_WORDS or "\n" in st.strip():
            found.append(
                CanvasFinding(
                    "statement", "problem", f"It should be one line; it has {n_words} words.",
                    f"Cut it to one sentence of at most {MAX_STATEMENT_WORDS} words.",
                )
            )  # fmt: skip
    for f, _label, _ in TEXT_FIELDS:
        n = len(getattr(canvas, f))
        if n > LONG_FIELD_CHARS:
            found.append(
                CanvasFinding(
                    f, "question",
                    f"{n:,} characters: the printed canvas shows only the start of it.",
                    "Keep the box to a few lines; the full text stays in your workbook and exports.",
                )
            )  # fmt: skip
    return found


# --------------------------------------------------------------------------- workbook


def blank_canvas(category_id: str = "") -> Canvas:
    """An empty canvas for a category."""
    return Canvas(category=category_id)


def kestrel_back_on_the_road() -> Canvas:
    """A worked canvas for Kestrel Mutual's 'Get me back on the road' category (lesson example)."""
    from cxkit.concepts.moments import kestrel_motor_claim

    return Canvas(
        category="back-on-the-road",
        who="Drivers whose car is off the road after an accident, often needing it for work or the school run.",
        expectation="Today they expect a long phone queue, forms and chasing before anything happens.",
        journey="'Getting back on the road' — not 'the claims process'.",
        success="Driving again, in a hire car or their own, within 2 working days, having told the story once.",
        process_good="Hire cars arrive at the door; the garage texts a repair date.",
        process_bad="Queues, telling the story twice, a claim form by post, and chasing calls when dates slip.",
        moments=tuple(m for m in kestrel_motor_claim().moments if m.feeling is not Feeling.NEUTRAL),
        needs=(
            SmartNeed(
                "I am driving again within 2 working days of reporting the accident.",
                "Share of motor claimants driving (own or hire car) within 2 working days, per month.",
            ),
            SmartNeed(
                "I tell my story once, in one call, in the first 48 hours.",
                "Share of claims with a single contact in the first 48 hours, per week.",
            ),
            SmartNeed(
                "I know the date my car will be back within 1 day, and it holds.",
                "Share of repairs back on the date given within 1 day of the claim, per month.",
            ),
        ),
        statement="I'm back on the road within 2 working days, and I only had to tell my story once.",
        triple_crown=TripleCrown(
            customer="No chasing, one call, driving again within 2 working days.",
            cost="Fewer chase calls and re-keyed claim forms: less failure demand to handle.",
            revenue="More drivers renew after a claim; fewer leave for a cheaper quote.",
        ),
    )


# --------------------------------------------------------------------------- moments as lines
# In the canvas form, moments are typed one per line: a leading "-" marks a moment of
# misery, "+" a moment of magic, and "(remove)" at the end one that does not serve the SCO.
REMOVE_MARK = "(remove)"


def moments_from_text(
    text: str, known: tuple[MomentOfTruth, ...] = ()
) -> tuple[MomentOfTruth, ...]:
    """Moments typed one per line ('- misery', '+ magic', '(remove)' if it does not serve the SCO).

    A line whose step matches one of the `known` moments keeps that moment's interaction type.
    """
    kinds = {m.step: m.kind for m in known}
    out = []
    for line in (text or "").splitlines():
        s = line.strip()
        if not s:
            continue
        feeling = Feeling.NEUTRAL
        if s[0] in "-–✗":
            feeling, s = Feeling.MISERY, s[1:].strip()
        elif s[0] in "+★":
            feeling, s = Feeling.MAGIC, s[1:].strip()
        serves = True
        if s.lower().endswith(REMOVE_MARK):
            serves, s = False, s[: -len(REMOVE_MARK)].rstrip()
        if s:
            out.append(
                MomentOfTruth(s, kinds.get(s, InteractionType.PERSON_PERSON), serves, feeling)
            )
    return tuple(out)


def moments_to_text(moments: tuple[MomentOfTruth, ...]) -> str:
    """The moments as lines in the form's notation (the inverse of moments_from_text)."""
    mark = {Feeling.MISERY: "- ", Feeling.MAGIC: "+ ", Feeling.NEUTRAL: ""}
    return "\n".join(
        f"{mark[m.feeling]}{m.step}" + ("" if m.serves_sco else f" {REMOVE_MARK}") for m in moments
    )


def findings_markdown(findings: list[CanvasFinding]) -> str:
    """The canvas checks as Markdown for a participant: one bullet per finding, or a clear 'nothing'."""
    if not findings:
        return "**The checks find nothing to fix.**"
    n = len(findings)
    head = f"**The checks find {n} thing{'s' if n != 1 else ''} to look at:**"
    return "\n".join([head, "", *(f"- {md_escape(f.as_text())}" for f in findings)])
