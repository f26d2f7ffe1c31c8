"""Fixtures for the real-browser tests: one JupyterLab per test worker, a fresh page per test."""

from __future__ import annotations

import os

import pytest

from tests.browser.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    OUTPUT,
    chromium_missing_reason,
    start_lab,
)


def pytest_collection_modifyitems(config, items):
    """Mark everything here as a browser test; skip (or, under CI, fail) without Chromium."""
    reason = chromium_missing_reason()
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if reason and os.environ.get("CI", "").lower() != "true":
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """A real JupyterLab on 127.0.0.1 serving a temporary copy of the course."""
    reason = chromium_missing_reason()
    if reason:
        pytest.fail(f"CI=true and {reason}")  # only reached under CI: otherwise skipped above
    server = start_lab(tmp_path_factory.mktemp("lab"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, headless, launched by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    """A fresh page; on failure a screenshot is saved and its path reported."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        OUTPUT.mkdir(parents=True, exist_ok=True)
        path = OUTPUT / f"FAILED-{request.node.name}.png".replace("/", "-")
        try:
            pg.screenshot(path=str(path), full_page=True)
            rep.sections.append(("browser", f"screenshot of the failure: {path}"))
            print(f"\nscreenshot of the failure: {path}")
        except Exception as exc:  # the page may be gone; the failure itself matters more
            print(f"\ncould not save a failure screenshot: {exc}")
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item so the page fixture knows a test failed."""
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


def pytest_sessionfinish(session, exitstatus):
    """Rewrite the gallery's index once every worker is done, so it lists every screenshot."""
    from tests.browser.harness import GALLERY, write_gallery_index

    if GALLERY.exists():
        write_gallery_index()
