"""The off-category check: a need about another part of life than its category gets a question."""

from __future__ import annotations

import pytest

from cxkit.concepts.outcomes.domains import _WORDS, LABELS, domains_of, off_category


@pytest.mark.parametrize(
    ("need", "category", "word"),
    [
        ("Have my dog's microchip details updated within a day of moving", "e-bike owners", "dog"),
        ("A remortgage decision within 48 hours of applying", "caravan owners", "remortgage"),
        ("See a new film within a day of its release", "patients waiting for surgery", "film"),
    ],
)
def test_a_need_about_something_else_is_named(need: str, category: str, word: str) -> None:
    got = off_category(need, category)
    assert got is not None and got[0].group(0) == word


@pytest.mark.parametrize(
    ("need", "category"),
    [
        # shared or neighbouring parts of life
        ("Water back on within 6 hours of the burst", "households with a burst pipe"),
        ("A mortgage offer within 2 weeks of applying", "first-time buyers"),
        (
            "A taxi to the clinic within 30 minutes of my scan",
            "patients with a long-term condition",
        ),
        # words that sound like a domain but are not one here
        ("Pay a flat fee of £40 for the whole job", "homeowners having a roof replaced"),
        ("Told what happens in the event of a flood within a day", "homeowners with storm damage"),
        ("Meet a third party adviser within 5 days", "tenants in arrears"),
        # nothing to compare: no domain in the category or in the need
        ("A reply within 2 days", "monthly donors"),
        ("Get my dog groomed within 2 days", ""),
    ],
)
def test_a_need_that_fits_or_cannot_be_judged_is_left_alone(need: str, category: str) -> None:
    assert off_category(need, category) is None


def test_every_domain_has_plain_words_for_feedback() -> None:
    assert set(LABELS) == set(_WORDS)
    assert "housing" in domains_of("Make my home liveable again. When the house is damaged …")
