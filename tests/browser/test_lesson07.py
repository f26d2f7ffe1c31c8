"""Lesson 7 in a real JupyterLab and Debian's chromium (exercise 7: test_exercise07.py).

Add a link in the landscape builder and see a check clear.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.harness import assert_no_errors, gallery_shot, open_and_run


def test_lesson07_adding_a_link_clears_a_check(lab, page) -> None:
    open_and_run(page, lab, "notebooks/07_triple_crown_and_landscape.ipynb")
    builder = page.locator(".cx-landscape").first
    checks = builder.locator(".cx-landscape-checks")
    unmeasured = checks.locator(".cx-landscape-check", has_text="SCOs with no measure")
    expect(unmeasured).to_contain_text("Home safe and liveable again")
    assert "cx-check-bad" in (unmeasured.get_attribute("class") or "")
    figure_before = builder.locator("img").first.get_attribute("src")

    # A link the chain does not allow is refused with a reason.
    builder.locator(".cx-landscape-from select").select_option(label="Contact-centre agent (role)")
    builder.locator(".cx-landscape-to select").select_option(label="First notice of loss (process)")
    builder.locator(".cx-landscape-add-link").click()
    expect(builder.locator(".cx-landscape-message")).to_contain_text(
        "can link down to a measure only"
    )

    builder.locator(".cx-landscape-from select").select_option(
        label="Home safe and liveable again (successful customer outcome)"
    )
    builder.locator(".cx-landscape-to select").select_option(
        label="Homes liveable within 48 hours (measure)"
    )
    builder.locator(".cx-landscape-add-link").click()
    expect(unmeasured).to_contain_text("SCOs with no measure: none", timeout=30_000)
    assert "cx-check-ok" in (unmeasured.get_attribute("class") or "")
    expect(builder.locator("img").first).not_to_have_attribute("src", figure_before)  # redrawn
    load = builder.locator(".cx-landscape-load")
    expect(load).to_have_text("Load Kestrel Mutual's landscape")
    assert load.evaluate("b => b.scrollWidth <= b.clientWidth")  # the label is not cut off
    assert_no_errors(page)
    gallery_shot(
        page, "notebooks/07_triple_crown_and_landscape.ipynb", "after Run All and one added link"
    )
