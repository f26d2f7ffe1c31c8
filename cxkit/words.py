"""Plain words for what the kit says to people: counts with the right plural, local times."""

from __future__ import annotations


def plural(n: int, noun: str, many: str | None = None) -> str:
    """'1 answer', '2 answers', '0 answers' (pass many= for irregular nouns: 'entries')."""
    return f"{n:,} {noun if n == 1 else (many or noun + 's')}"


def local_time(saved_at: str, with_date: bool = False) -> str:
    """A workbook time stamp (UTC, ISO) on the reader's local clock: '14:32' today, else '3 Mar 2026, 14:32'."""
    from datetime import datetime

    try:
        when = datetime.fromisoformat(saved_at.replace("Z", "+00:00")).astimezone()
    except (TypeError, ValueError, AttributeError):
        return ""
    if not with_date and when.date() == datetime.now().astimezone().date():
        return when.strftime("%H:%M")
    return f"{when.day} {when.strftime('%b %Y, %H:%M')}"


#: The course's own names for its concepts (the lessons' titles), by concept id.
CONCEPT_NAMES = {
    "outside_in": "Outside-In",
    "outcomes": "Outputs and outcomes",
    "contact-centre": "Contact centre and failure demand",
    "needs": "Customer categories and needs",
    "canvas": "Successful Customer Outcome canvas",
    "north-star": "North Star",
    "landscape": "Triple crown and landscape",
    "initiatives": "Why CX initiatives fail",
}


def concept_title(concept: str) -> str:
    """The course's name for a concept id ('north-star' -> 'North Star'); else made readable."""
    if concept in CONCEPT_NAMES:
        return CONCEPT_NAMES[concept]
    words = concept.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else "General"
