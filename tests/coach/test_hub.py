"""The cohort server's pieces that need no root: roster, deadline copies, collecting from homes
(safety included), the written configuration, and the Zero to JupyterHub values file.
The real hub, the proxy, the browser and the isolation test are in tests/browser/test_hub.py."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from cxkit.coach import hub
from cxkit.coach.collect import ACCEPTED, UNSAFE
from cxkit.questions.ex01_outside_in import REWRITE, SORT
from cxkit.workbook import Workbook, safe_file_stem

ROOT = Path(__file__).resolve().parents[2]


def test_roster_header_email_optional_and_unique_valid_logins(tmp_path) -> None:
    f = tmp_path / "roster.csv"
    f.write_text("name,email\nAda Lovelace,ada@example.org\nJosé Núñez\nada lovelace!,\n\n")
    people = hub.read_people(f)
    assert [p.name for p in people] == ["Ada Lovelace", "José Núñez", "ada lovelace!"]
    assert [p.email for p in people] == ["ada@example.org", "", ""]
    logins = [p.username for p in people]
    assert logins == ["ada-lovelace", "jose-nunez", "ada-lovelace-2"]
    assert all(hub._USER_RE.match(u) for u in logins)
    f.write_text("Ada,\nAda,\n")
    with pytest.raises(hub.HubError, match="twice"):
        hub.read_people(f)
    f.write_text("name,email\n")
    with pytest.raises(hub.HubError, match="no participants"):
        hub.read_people(f)


def test_state_folder_must_be_outside_the_course(tmp_path) -> None:
    with pytest.raises(hub.HubError, match="outside"):
        hub.HubSettings(course_root=ROOT, state_dir=ROOT / "build" / "hub-state")
    ok = hub.HubSettings(course_root=ROOT, state_dir=tmp_path / "state")
    assert ROOT not in ok.state_dir.parents


def test_config_keeps_secrets_in_the_state_folder_and_opens_the_app(tmp_path) -> None:
    s = hub.HubSettings(
        course_root=ROOT, state_dir=tmp_path / "state", proxy=Path("/opt/chp"), port=8123
    )
    s.state_dir.mkdir()
    path = hub.write_config(s)
    text = path.read_text()
    compile(text, str(path), "exec")
    assert path.stat().st_mode & 0o077 == 0
    assert '"sqlite:///" + str(STATE / "jupyterhub.sqlite")' in text
    assert repr(str(s.state_dir)) in text and str(ROOT) not in text.split("c.Spawner.cmd")[0]
    assert "c.JupyterHub.bind_url = 'http://127.0.0.1:8123'" in text
    assert hub.APP_URL == "/voila/render/notebooks/00_course_home.ipynb" and hub.APP_URL in text
    assert "jupyterhub_idle_culler" in text and "LocalProcessSpawner" in text
    auth = hub.cohort_authenticator()
    assert auth.__name__ == "CohortAuthenticator"


def _workbook(folder: Path, pid: str, answers: dict[str, tuple[object, str]]) -> Path:
    """A workbook whose answers carry the given save times."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{safe_file_stem(pid)}.workbook.json"
    wb = Workbook.create(path, pid)
    for qid, (value, _) in answers.items():
        wb.record(qid, value)
    doc = json.loads(path.read_text())
    for qid, (_, when) in answers.items():
        doc["answers"][qid]["saved_at"] = when
    path.write_text(json.dumps(doc))
    return path


def test_as_of_keeps_answers_saved_before_the_deadline_and_uses_the_backup(tmp_path) -> None:
    path = _workbook(
        tmp_path,
        "Ada",
        {
            SORT: ({"a": 1}, "2026-03-13T09:00:00.000+00:00"),
            REWRITE: ("late", "2026-03-14T09:00:00.000+00:00"),
        },
    )
    bak = _workbook(
        tmp_path / "old", "Ada", {REWRITE: ("on time", "2026-03-13T10:00:00.000+00:00")}
    )
    deadline = hub.normalise_deadline("2026-03-13T18:00:00+01:00")
    assert deadline == "2026-03-13T17:00:00.000+00:00"
    raw, dropped, from_bak = hub.as_of(path.read_bytes(), deadline)
    assert (dropped, from_bak) == (1, 0)
    assert REWRITE not in json.loads(raw)["answers"] and SORT in json.loads(raw)["answers"]
    raw, dropped, from_bak = hub.as_of(path.read_bytes(), deadline, bak.read_bytes())
    assert (dropped, from_bak) == (0, 1)
    assert json.loads(raw)["answers"][REWRITE]["value"] == "on time"
    with pytest.raises(hub.HubError):
        hub.normalise_deadline("next friday")


def test_collect_from_homes_statuses_safety_and_deadline(tmp_path) -> None:
    homes = {n: tmp_path / "homes" / n.split()[0].lower() for n in ("Ada L", "Bob M", "Cy N")}
    _workbook(
        homes["Ada L"] / "exercises",
        "Ada L",
        {
            SORT: ({"a": 1}, "2026-03-13T09:00:00.000+00:00"),
            REWRITE: ("x", "2026-03-14T09:00:00.000+00:00"),
        },
    )
    secret = tmp_path / "secret.workbook.json"  # something Bob must not get the coach to copy
    _workbook(
        tmp_path / "elsewhere", "Ada L", {SORT: ({"stolen": 1}, "2026-03-13T08:00:00.000+00:00")}
    )
    os.replace(tmp_path / "elsewhere" / "ada-l.workbook.json", secret)
    (homes["Bob M"] / "exercises").mkdir(parents=True)
    (homes["Bob M"] / "exercises" / "bob-m.workbook.json").symlink_to(secret)
    homes["Cy N"].mkdir(parents=True)  # never opened an exercise
    cohort = tmp_path / "cohort"
    report = hub.collect_from_hub(homes, cohort, roster=sorted(homes))
    by = {s.participant_id or s.source: s for s in report.lines}
    assert by["Ada L"].status == ACCEPTED and by["Ada L"].kept_as == "ada-l.workbook.json"
    unsafe = [s for s in report.lines if s.status == UNSAFE]
    assert len(unsafe) == 1 and "bob" in unsafe[0].source
    assert by["Cy N"].status == "not collected"
    assert report.participants == ["Ada L"]
    assert "stolen" not in (cohort / "ada-l.workbook.json").read_text()
    assert "bob-m" in (cohort / "collect-report.csv").read_text()
    # With a deadline: the later answer is left out, and the status says so.
    late = hub.collect_from_hub(homes, tmp_path / "c2", deadline="2026-03-13T17:00:00+00:00")
    ada = next(s for s in late.lines if s.participant_id == "Ada L")
    assert "1 later answer left out" in ada.message
    kept = Workbook.open(tmp_path / "c2" / "ada-l.workbook.json")
    assert SORT in kept and REWRITE not in kept
    # Resume: collecting again without the deadline brings the later answer in.
    again = hub.collect_from_hub(homes, tmp_path / "c2")
    assert "Ada L" in again.participants
    assert REWRITE in Workbook.open(tmp_path / "c2" / "ada-l.workbook.json")


def test_helm_values_for_zero_to_jupyterhub() -> None:
    values = yaml.safe_load((ROOT / "docs" / "hub" / "values.yaml").read_text())
    auth = values["hub"]["config"]
    assert auth["JupyterHub"]["authenticator_class"] == "nativeauthenticator.NativeAuthenticator"
    assert auth["NativeAuthenticator"]["enable_signup"] is False
    assert auth["Authenticator"]["admin_users"]
    single = values["singleuser"]
    assert single["image"]["name"] and single["image"]["tag"]
    assert single["defaultUrl"] == hub.APP_URL
    assert single["extraEnv"]["CXKIT_WORKBOOK_DIR"].endswith("/exercises")
    assert single["storage"]["type"] == "static"
    assert "{username}" in single["storage"]["static"]["subPath"]
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] > 0
    assert values["proxy"]["https"]["enabled"] is True
    doc = (ROOT / "docs" / "HUB.md").read_text()
    assert "docs/hub/values.yaml" in doc and "collect_from_hub" in doc


@pytest.mark.parametrize(("script", "words"), [("sleep 30", "within 1 s"), ("exit 7", "exit 7")])
def test_a_proxy_install_that_hangs_or_fails_says_what_to_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str, words: str
) -> None:
    """npm that never answers (no route to the registry, a certificate it does not trust) or
    fails: the hub stops with a sentence naming the registry, not a hang or a traceback."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("npm", "node"):
        (bin_dir / name).write_text(f"#!/bin/sh\n{script}\n")
        (bin_dir / name).chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(hub, "NPM_TIMEOUT", 1)
    with pytest.raises(hub.HubError) as err:
        hub.ensure_proxy(tmp_path / "course")
    assert words in str(err.value) and "npm registry" in str(err.value)
