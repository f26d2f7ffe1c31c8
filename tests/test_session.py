"""The session: identify once, remembered; ids never become paths unvalidated."""

from pathlib import Path

import pytest

from cxkit.session import IDENTITY_FILE, Session, workbook_path
from cxkit.workbook import ParticipantIdError, WorkbookError


def test_identify_once_then_remembered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CXKIT_PARTICIPANT", raising=False)
    s = Session(tmp_path)
    assert s.workbook is None
    with pytest.raises(WorkbookError, match="Nobody has identified"):
        s.save("q/a", 1)
    s.identify("  Grace Hopper ")
    s.save("q/a", 1)
    assert (tmp_path / IDENTITY_FILE).exists()
    again = Session(tmp_path)
    assert again.participant_id == "Grace Hopper"
    assert again.load("q/a") == 1
    assert again.workbook.path == tmp_path / "grace-hopper.workbook.json"


def test_hostile_ids_never_reach_the_file_system(tmp_path: Path) -> None:
    for pid in ["../../etc/passwd", "a/b", "C:\\x", ""]:
        with pytest.raises(ParticipantIdError):
            workbook_path(pid, tmp_path)
    assert workbook_path("%2e%2e%2f", tmp_path).parent == tmp_path


def test_env_participant_for_batch_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CXKIT_PARTICIPANT", "batch-7")
    assert Session(tmp_path).participant_id == "batch-7"
