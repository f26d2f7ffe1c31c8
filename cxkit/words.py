"""Plain words for what the kit says to people: counts with the right plural."""

from __future__ import annotations


def plural(n: int, noun: str, many: str | None = None) -> str:
    """'1 answer', '2 answers', '0 answers' (pass many= for irregular nouns: 'entries')."""
    return f"{n:,} {noun if n == 1 else (many or noun + 's')}"
