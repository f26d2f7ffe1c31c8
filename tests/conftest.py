"""Fixtures shared by the unit tests (the browser tests have their own in tests/browser/)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A real session and workbook in a temporary folder, identified as participant Ada Lovelace."""
    from cxkit.session import reset_session

    monkeypatch.delenv("CXKIT_PARTICIPANT", raising=False)
    s = reset_session(tmp_path)
    s.identify("Ada Lovelace")
    yield s
    reset_session(tmp_path / "elsewhere")
