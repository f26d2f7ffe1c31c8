"""Rosters are read one way: collect's ids, the hub's people and the LMS rows share the decoding,
so any bytes give the same clear message naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxkit.coach.hub import read_people
from cxkit.coach.roster import RosterError, participant_ids
from cxkit.reports.lms import read_lms_roster

TEXT = "name,email\nZoë Brontë,zoe@example.org\nAnn Lee,ann@example.org\n"
READERS = {
    "collect": lambda p: participant_ids(p)[0],
    "hub": lambda p: [x.name for x in read_people(p)],
    "lms": lambda p: [r["name"] for r in read_lms_roster(p)],
}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
@pytest.mark.parametrize("view", list(READERS))
def test_every_view_reads_a_roster_saved_by_a_spreadsheet(tmp_path: Path, view, encoding) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(TEXT.encode(encoding))
    names = READERS[view](path)
    assert any("Zoë Brontë" in n for n in names), names


@pytest.mark.parametrize("view", list(READERS))
def test_bytes_that_are_not_text_name_the_file_in_every_view(tmp_path: Path, view) -> None:
    path = tmp_path / "from-excel.csv"
    path.write_bytes(TEXT.encode("latin-1"))  # an old "CSV (Windows)" export
    with pytest.raises(RosterError) as err:
        READERS[view](path)
    assert "from-excel.csv" in str(err.value) and "UTF-8" in str(err.value)


@pytest.mark.parametrize("view", list(READERS))
def test_a_missing_roster_is_a_roster_error(tmp_path: Path, view) -> None:
    with pytest.raises(RosterError, match="cannot be read"):
        READERS[view](tmp_path / "nope.csv")
