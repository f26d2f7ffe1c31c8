"""A cohort on one server: JupyterHub accounts, homes and configuration, and collecting from it.

``python3 course.py hub --roster roster.csv`` uses this module to

* read the roster (``name,email``; email optional) and give each participant a system
  user with no login shell, a home folder (mode 0700, their own) holding a copy of
  ``notebooks/`` and ``exercises/``, and a one-time starting password;
* keep everything secret outside the course folder, in the *state folder*
  (``~/.cxkit-hub`` unless ``--state-dir``): the hub database, the cookie secret, the
  password hashes, and ``passwords.csv`` (mode 0600) for the coach's mail-merge;
* write ``jupyterhub_config.py`` there: NativeAuthenticator with sign-up off, the
  roster's accounts pre-authorised and a coach account with admin rights,
  LocalProcessSpawner running each server as its participant's own user with
  ``CXKIT_WORKBOOK_DIR`` set to their ``exercises/`` folder and the course home page in
  app mode (Voilà) as the first page, and jupyterhub-idle-culler as a hub service.

:func:`collect_from_hub` gathers every participant's current workbook from their home
into a cohort folder through :func:`cxkit.coach.collect.collect`, so the statuses, safety and
resume are the same as for a zip of hand-ins.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from cxkit.coach.collect import CollectReport, InputStatus, collect
from cxkit.coach.roster import roster_text
from cxkit.errors import CxkitError, Reason
from cxkit.session import ENV_DIR, IDENTITY_FILE
from cxkit.spreadsheet import csv_bytes
from cxkit.workbook import (
    MAX_FILE_BYTES,
    WORKBOOK_SUFFIX,
    _dump,
    atomic_write_bytes,
    parse_workbook,
    validate_participant_id,
)

DEFAULT_STATE_DIR = Path("~/.cxkit-hub")
DEFAULT_HOME_ROOT = Path("/home")
ACCOUNTS_FILE = "accounts.json"
PASSWORDS_FILE = "passwords.csv"
CONFIG_FILE = "jupyterhub_config.py"
HOME_PAGE = "notebooks/00_course_home.ipynb"
APP_URL = f"/voila/render/{HOME_PAGE}"
COURSE_DIRS = ("notebooks", "exercises")
PROXY_VERSION = "configurable-http-proxy@~5.2.0"  # 5.3 wants Node 22; Debian 12 has 20
MARKER = "cxkit participant"  # the GECOS field of every account this module creates
_USER_RE = re.compile(r"^[a-z][a-z0-9-]{0,31}$")
_LEAVE_OUT = ("*.workbook.json*", IDENTITY_FILE, ".ipynb_checkpoints", "__pycache__")


class HubError(CxkitError):
    """The cohort server cannot be set up as asked; the message says what to change."""

    reason = Reason.INTERNAL


@dataclass
class Participant:
    """One roster line: the name the participant is known by, their e-mail and their login."""

    name: str
    email: str = ""
    username: str = ""
    coach: bool = False


# -- the roster ------------------------------------------------------------------------------
def username_for(name: str, taken: set[str]) -> str:
    """A login made from a name: lower-case ASCII letters, digits and hyphens, unique."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:28] or "participant"
    if not base[0].isalpha():
        base = f"p-{base}"[:28]
    user, n = base, 2
    while user in taken:
        user, n = f"{base}-{n}", n + 1
    taken.add(user)
    return user


def read_people(path: Path | str) -> list[Participant]:
    """Read ``name,email`` lines (a header line is optional; email may be empty)."""
    text = roster_text(path)
    people: list[Participant] = []
    seen: set[str] = set()
    taken: set[str] = set()
    for i, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [c.strip() for c in row]
        if not cells or not any(cells) or cells[0].startswith("#"):
            continue
        if i == 1 and cells[0].lower() in {"name", "participant", "participant_id"}:
            continue
        try:
            name = validate_participant_id(cells[0])
        except ValueError as exc:
            raise HubError(f"{path}, line {i}: {exc}") from None
        if name in seen:
            raise HubError(f"{path}, line {i}: {name!r} is on the roster twice.")
        seen.add(name)
        email = cells[1] if len(cells) > 1 else ""
        people.append(Participant(name, email, username_for(name, taken)))
    if not people:
        raise HubError(f"{path}: no participants. Write one 'name,email' line per participant.")
    return people


# -- accounts and homes ----------------------------------------------------------------------
def _run(*cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(cmd), check=True, capture_output=True, text=True)


def _account(username: str):
    import pwd

    try:
        return pwd.getpwnam(username)
    except KeyError:
        return None


def ensure_account(p: Participant, home_root: Path) -> Path:
    """Create the system user (no login shell, own group, home 0700) unless this module made it."""
    home = home_root / p.username
    acct = _account(p.username)
    if acct is None:
        _run(
            "useradd",
            "--create-home",
            "--home-dir",
            str(home),
            "--shell",
            "/usr/sbin/nologin",
            "--user-group",
            "--comment",
            MARKER,
            p.username,
        )
        acct = _account(p.username)
    elif not acct.pw_gecos.startswith(MARKER):
        raise HubError(
            f"A system user {p.username!r} already exists and was not made for the course; "
            "rename the participant on the roster (or remove that user)."
        )
    home = Path(acct.pw_dir)
    home.mkdir(parents=True, exist_ok=True)
    os.chown(home, acct.pw_uid, acct.pw_gid)
    os.chmod(home, 0o700)
    return home


def _copy_tree_as(src: Path, dest: Path, uid: int, gid: int) -> None:
    """Copy what is missing of src into dest (participants' own files are never overwritten)."""
    ignore = shutil.ignore_patterns(*_LEAVE_OUT)
    for dirpath, dirnames, filenames in os.walk(src):
        rel = Path(dirpath).relative_to(src)
        skip = set(ignore(dirpath, dirnames + filenames))
        dirnames[:] = [d for d in dirnames if d not in skip and d != "coach"]
        target = dest / rel
        if target.is_symlink():
            continue  # never write through a link a participant made
        target.mkdir(exist_ok=True)
        os.chown(target, uid, gid)
        for fn in filenames:
            if fn in skip or (target / fn).exists() or (target / fn).is_symlink():
                continue
            shutil.copyfile(Path(dirpath) / fn, target / fn)
            os.chown(target / fn, uid, gid)


def provision_home(p: Participant, home: Path, course_root: Path) -> None:
    """Put the lessons and exercises in the home and remember who the participant is there."""
    acct = _account(p.username)
    for d in COURSE_DIRS:
        _copy_tree_as(course_root / d, home / d, acct.pw_uid, acct.pw_gid)
    ident = home / "exercises" / IDENTITY_FILE
    if not ident.exists() and not ident.is_symlink():
        payload = json.dumps({"participant_id": p.name}, ensure_ascii=False).encode("utf-8")
        atomic_write_bytes(ident, payload)
        os.chown(ident, acct.pw_uid, acct.pw_gid)


def _private_write(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        os.fchmod(fh.fileno(), 0o600)
        fh.write(text)


def new_password() -> str:
    """A one-time starting password that is easy to read out: four groups of letters and digits."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


@dataclass
class HubSettings:
    """Where the cohort server keeps its state, and how it is reached."""

    course_root: Path
    state_dir: Path = DEFAULT_STATE_DIR
    home_root: Path = DEFAULT_HOME_ROOT
    ip: str = "127.0.0.1"
    port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    coach: str = "coach"
    idle_timeout_s: int = 3600
    python: Path = field(default_factory=lambda: Path(sys.executable))
    proxy: Path | None = None

    def __post_init__(self) -> None:
        self.course_root = Path(self.course_root).resolve()
        self.state_dir = Path(self.state_dir).expanduser().resolve()
        self.home_root = Path(self.home_root)
        if self.state_dir == self.course_root or self.course_root in self.state_dir.parents:
            raise HubError(
                f"The hub's state folder {self.state_dir} is inside the course folder; "
                "keep the database and cookie secret outside it (--state-dir)."
            )

    @property
    def url(self) -> str:
        """The address participants open."""
        return f"http://{self.ip}:{self.port}/"


def set_up_accounts(settings: HubSettings, people: list[Participant]) -> Path:
    """Accounts, homes and passwords for the roster and the coach; return the passwords file.

    Run again with a longer roster: new participants get an account, existing ones keep
    their password and their files.
    """
    if os.geteuid() != 0:
        raise HubError("Setting up participants' accounts needs root (sudo python3 course.py hub).")
    import bcrypt

    state = settings.state_dir
    state.mkdir(parents=True, exist_ok=True)
    os.chmod(state, 0o700)
    settings.home_root.mkdir(parents=True, exist_ok=True)
    accounts_path = state / ACCOUNTS_FILE
    accounts = json.loads(accounts_path.read_text()) if accounts_path.exists() else {}
    pw_path = state / PASSWORDS_FILE
    passwords: dict[str, list[str]] = {}
    if pw_path.exists():
        for row in csv.DictReader(pw_path.open(encoding="utf-8")):
            passwords[row["login"]] = [row["name"], row["email"], row["login"], row["password"]]
    taken = {p.username for p in people}
    if settings.coach in taken:
        raise HubError(f"The coach's login {settings.coach!r} is also a participant's login.")
    everyone = [*people, Participant(f"Coach ({settings.coach})", "", settings.coach, True)]
    for p in everyone:
        home = ensure_account(p, settings.home_root)
        if not p.coach:
            provision_home(p, home, settings.course_root)
        if p.username not in accounts or p.username not in passwords:
            pw = new_password()
            passwords[p.username] = [p.name, p.email, p.username, pw]
            accounts[p.username] = {
                "hash": bcrypt.hashpw(pw.encode(), bcrypt.gensalt()).decode(),
                "reset": True,  # the hub replaces the stored hash with this one
            }
        accounts[p.username].update(
            {"name": p.name, "email": p.email, "home": str(home), "coach": p.coach}
        )
    _private_write(accounts_path, json.dumps(accounts, indent=1, ensure_ascii=False))
    rows = [
        [name, email, login, pw, settings.url]
        for login, (name, email, _, pw) in sorted(passwords.items())
    ]  # names and emails come from a roster: guarded like every CSV the kit writes
    _private_write(pw_path, csv_bytes(["name", "email", "login", "password", "url"], rows).decode())
    return pw_path


def homes_of(state_dir: Path | str = DEFAULT_STATE_DIR) -> dict[str, Path]:
    """Participant name → home folder, for every participant the hub command set up."""
    accounts = json.loads((Path(state_dir).expanduser() / ACCOUNTS_FILE).read_text())
    return {a["name"]: Path(a["home"]) for a in accounts.values() if not a.get("coach")}


# -- the proxy and the configuration ---------------------------------------------------------
def ensure_proxy(course_root: Path) -> Path:
    """configurable-http-proxy from npm in build/hub/ of the course folder, installed if missing."""
    prefix = Path(course_root) / "build" / "hub"
    exe = prefix / "node_modules" / ".bin" / "configurable-http-proxy"
    if exe.exists():
        return exe
    npm = shutil.which("npm")
    if not npm or not shutil.which("node"):
        raise HubError(
            "The hub's proxy needs Node.js and npm (Debian: sudo apt-get install nodejs npm)."
        )
    prefix.mkdir(parents=True, exist_ok=True)
    print(f"+ npm install --prefix {prefix} {PROXY_VERSION}", flush=True)
    reach = (
        "Check that this machine reaches the npm registry (and, behind a company proxy, npm's "
        "proxy and certificate settings, e.g. NODE_EXTRA_CA_CERTS), then start the hub again."
    )
    try:
        subprocess.run(
            [npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", PROXY_VERSION],
            check=True,
            timeout=NPM_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        raise HubError(
            f"npm did not install the hub's proxy ({PROXY_VERSION}) within {NPM_TIMEOUT} s. {reach}"
        ) from None
    except subprocess.CalledProcessError as exc:
        raise HubError(
            f"npm could not install the hub's proxy ({PROXY_VERSION}; exit {exc.returncode}). {reach}"
        ) from None
    return exe


NPM_TIMEOUT = 180  # seconds; the install takes a few when the registry answers


CONFIG_TEMPLATE = """\
# Written by `python3 course.py hub`; written again on every start (edit the command, not this).
import json
from pathlib import Path

from cxkit.coach.hub import cohort_authenticator

c = get_config()  # noqa: F821
STATE = Path({state!r})
ACCOUNTS = json.loads((STATE / "accounts.json").read_text())
WORKBOOK_ENV = {env_dir!r}

c.JupyterHub.bind_url = {bind_url!r}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
# Secrets and the database live in the state folder, never in the course folder.
c.JupyterHub.db_url = "sqlite:///" + str(STATE / "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True

# Accounts: the roster's, made by the hub command (no sign-up), and the coach as admin.
c.JupyterHub.authenticator_class = cohort_authenticator()
c.CohortAuthenticator.accounts_file = str(STATE / "accounts.json")
c.NativeAuthenticator.enable_signup = False
c.NativeAuthenticator.allowed_failed_logins = 10
c.NativeAuthenticator.seconds_before_next_try = 120
c.Authenticator.allowed_users = set(ACCOUNTS)
c.Authenticator.admin_users = {{u for u, a in ACCOUNTS.items() if a.get("coach")}}

# Each participant's server runs as their own system user, in their own home.
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.default_url = {default_url!r}
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {{
    WORKBOOK_ENV: lambda spawner: str(Path(spawner.user_env({{}})["HOME"]) / "exercises"),
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
}}
c.Spawner.args = ["--MappingKernelManager.default_kernel_name=cxkit"]
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
c.JupyterHub.concurrent_spawn_limit = 100
c.JupyterHub.active_server_limit = 0

# Idle servers are stopped (their work is in the workbook; it comes back on the next start).
c.JupyterHub.services = [
    {{
        "name": "idle-culler",
        "command": [{python!r}, "-m", "jupyterhub_idle_culler", "--timeout={idle}"],
    }}
]
c.JupyterHub.load_roles = [
    {{
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }}
]
"""


def write_config(settings: HubSettings) -> Path:
    """Write the JupyterHub configuration for the cohort into the state folder."""
    proxy = settings.proxy or ensure_proxy(settings.course_root)
    bindir = settings.python.parent
    text = CONFIG_TEMPLATE.format(
        state=str(settings.state_dir),
        env_dir=ENV_DIR,
        bind_url=f"http://{settings.ip}:{settings.port}",
        hub_port=settings.hub_port,
        proxy_api_port=settings.proxy_api_port,
        proxy=str(proxy),
        singleuser=str(bindir / "jupyterhub-singleuser"),
        default_url=APP_URL,
        python=str(settings.python),
        idle=settings.idle_timeout_s,
    )
    path = settings.state_dir / CONFIG_FILE
    _private_write(path, text)
    return path


def hub_command(settings: HubSettings) -> list[str]:
    """The command that starts the hub on the written configuration."""
    return [
        str(settings.python.parent / "jupyterhub"),
        "-f",
        str(settings.state_dir / CONFIG_FILE),
    ]


def check_reachable(settings: HubSettings, username: str) -> None:
    """Fail early, in plain words, if a participant's account cannot run the course's Python."""
    r = subprocess.run(
        ["runuser", "-u", username, "--", str(settings.python), "-c", "import cxkit, voila"],
        capture_output=True,
        text=True,
        cwd="/",
    )
    if r.returncode != 0:
        raise HubError(
            f"A participant's account cannot run the course's Python ({settings.python}): "
            f"{r.stderr.strip()[-300:]} Put the course in a folder every user can read "
            "(e.g. /srv/course, /opt/course), not under /root."
        )


def cohort_authenticator():
    """NativeAuthenticator with the roster's accounts put in its table when the hub starts."""
    from nativeauthenticator import NativeAuthenticator
    from nativeauthenticator.orm import UserInfo
    from traitlets import Unicode

    class CohortAuthenticator(NativeAuthenticator):
        """Sign-up is off; the hub command's accounts are created (and pre-authorised) at start."""

        accounts_file = Unicode("", config=True, help="accounts.json written by the hub command")

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.accounts_file:
                self._load_accounts()

        def get_handlers(self, app):
            # JupyterHub's own login page (NativeAuthenticator 1.3's login handler needs the
            # statsd client JupyterHub 6 removed); no sign-up. Participants keep the page
            # that changes their password (/hub/change-password); the coach's admin page
            # can set a new one (/hub/change-password/<login>).
            keep = ("/change-password", "/change-password/([^/]+)")
            return [h for h in super().get_handlers(app) if h[0] in keep]

        def _load_accounts(self) -> None:
            path = Path(self.accounts_file)
            accounts = json.loads(path.read_text())
            changed = False
            for username, a in accounts.items():
                info = UserInfo.find(self.db, username)
                if info is None:
                    info = UserInfo(username=username, password=a["hash"].encode(), email="")
                    self.db.add(info)
                elif a.get("reset"):
                    info.password = a["hash"].encode()
                info.is_authorized = True
                info.email = a.get("email", "")
                changed = bool(a.pop("reset", False)) or changed
            self.db.commit()
            if changed:
                _private_write(path, json.dumps(accounts, indent=1, ensure_ascii=False))

    return CohortAuthenticator


# -- collecting from the homes ---------------------------------------------------------------
def _utc(text: str) -> datetime | None:
    try:
        t = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)


def normalise_deadline(deadline: str) -> str:
    """An ISO date-time in UTC (a time with no zone is taken as UTC)."""
    t = _utc(deadline)
    if t is None:
        raise HubError(f"{deadline!r} is not a date and time (use e.g. 2026-03-13T17:00:00+01:00).")
    return t.astimezone(timezone.utc).isoformat(timespec="milliseconds")


def as_of(raw: bytes, deadline: str, backup: bytes | None = None) -> tuple[bytes, int, int]:
    """The workbook as it stood at the deadline, from its own save times.

    Answers saved after the deadline are left out, unless the backup copy (the file as it
    was one save earlier) holds that answer saved before the deadline: then that value is
    used. Returns (bytes, answers left out, answers taken from the backup). The workbook
    keeps only the latest value of each answer, so an answer changed twice after the
    deadline has no earlier value left to find.
    """
    cut = _utc(deadline)
    doc = parse_workbook(raw)
    old: dict = {}
    if backup is not None:
        with contextlib.suppress(Exception):
            old = parse_workbook(backup)["answers"]
    kept, dropped, from_bak = {}, 0, 0
    for qid, entry in doc["answers"].items():
        t = _utc(entry.get("saved_at", ""))
        if t is not None and t <= cut:
            kept[qid] = entry
            continue
        prev = old.get(qid)
        pt = _utc(prev.get("saved_at", "")) if prev else None
        if pt is not None and pt <= cut:
            kept[qid], from_bak = prev, from_bak + 1
        else:
            dropped += 1
    doc["answers"] = kept
    return _dump(doc), dropped, from_bak


def _read_nofollow(dir_fd: int, name: str) -> bytes | None:
    """A regular file's bytes, never through a link, a FIFO or a device; None if it is not one."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
    fd = os.open(name, flags, dir_fd=dir_fd)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_BYTES:
            return None
        with os.fdopen(os.dup(fd), "rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    finally:
        os.close(fd)


def _stage_home(pid: str, home: Path, dest: Path, deadline: str | None, notes: dict) -> None:
    """Copy one home's workbooks into dest (its exercises/ in the stage), as collect reads them."""
    dest.mkdir(parents=True)
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
    try:
        hfd = os.open(home, flags)
    except OSError as exc:
        notes[pid] = f"home folder {home} cannot be read ({exc.strerror})"
        return
    try:
        try:
            efd = os.open("exercises", flags, dir_fd=hfd)
        except OSError as exc:
            notes[pid] = f"no exercises folder in {home} ({exc.strerror})"
            return
        try:
            names = sorted(n for n in os.listdir(efd) if ".workbook.json" in n)
            files: dict[str, bytes] = {}
            for n in names:
                st = os.stat(n, dir_fd=efd, follow_symlinks=False)
                if stat.S_ISLNK(st.st_mode):
                    os.symlink("refused-link", dest / n)  # collect reports it as unsafe
                    continue
                data = _read_nofollow(efd, n)
                if data is None:
                    (dest / n).write_bytes(b"")  # not a regular file: an empty hand-in
                    continue
                files[n] = data
        finally:
            os.close(efd)
    finally:
        os.close(hfd)
    for n, data in files.items():
        if deadline and n.endswith(WORKBOOK_SUFFIX):
            with contextlib.suppress(Exception):  # an unreadable workbook: collect says why
                data, dropped, from_bak = as_of(data, deadline, files.get(n + ".bak"))
                if dropped or from_bak:
                    notes[pid] = (
                        f"as of the deadline: {dropped} later answer{'s' * (dropped != 1)} "
                        f"left out, {from_bak} taken from the backup"
                    )
        elif deadline and n.endswith(".bak"):
            with contextlib.suppress(Exception):
                data = as_of(data, deadline)[0]
        (dest / n).write_bytes(data)


def collect_from_hub(
    homes: dict[str, Path],
    cohort: Path | str,
    deadline: str | None = None,
    roster: list[str] | None = None,
) -> CollectReport:
    """Collect every participant's current workbook from their home folder into a cohort folder.

    ``homes`` maps each roster name to its home (see :func:`homes_of`). The workbooks are
    copied (never through a link) into a private temporary folder, then collected with
    :func:`cxkit.coach.collect.collect`: the same statuses, safety and resume as a zip. With a
    deadline, each workbook is taken as it stood then (:func:`as_of`), and its status says
    what was left out. Run it again at any time: newer saves replace older ones.
    """
    cut = normalise_deadline(deadline) if deadline else None
    names = roster if roster is not None else sorted(homes)
    notes: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="cxkit-hub-collect-") as tmp:
        stage = Path(tmp) / "hub"
        stage.mkdir()
        for pid in sorted(homes):
            home = Path(homes[pid])
            _stage_home(pid, home, stage / home.name / "exercises", cut, notes)
        report = collect(stage, cohort, deadline=cut, roster=names)
    for line in report.lines:
        if line.participant_id in notes and line.kept_as:
            line.message = f"{line.message}; {notes.pop(line.participant_id)}"
    for pid, note in sorted(notes.items()):  # a home with nothing to collect
        report.lines.append(InputStatus(f"{pid}/", "not collected", note, pid))
    missing = [p for p in names if p in homes and p not in report.participants]
    for pid in missing:
        if not any(s.participant_id == pid for s in report.lines):
            report.lines.append(
                InputStatus(f"{pid}/", "not collected", "no workbook in their home yet", pid)
            )
    return report


# -- the command -----------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    """Set up the roster's accounts, write the configuration and run the hub (course.py hub)."""
    import argparse

    ap = argparse.ArgumentParser(prog="course.py hub", description=__doc__.split("\n\n")[0])
    ap.add_argument("--roster", required=True, help="CSV of name,email (email optional)")
    ap.add_argument("--ip", default="127.0.0.1", help="address to serve on (default 127.0.0.1)")
    ap.add_argument("--port", type=int, default=8000, help="port participants open (8000)")
    ap.add_argument("--state-dir", default=str(DEFAULT_STATE_DIR), help="database, secrets")
    ap.add_argument("--home-root", default=str(DEFAULT_HOME_ROOT), help="homes go here (/home)")
    ap.add_argument("--coach", default="coach", help="the coach's login (admin)")
    ap.add_argument("--idle-timeout", type=int, default=3600, help="seconds before culling")
    ap.add_argument("--hub-port", type=int, default=8081, help="the hub's internal port")
    ap.add_argument("--proxy-api-port", type=int, default=8001, help="the proxy's API port")
    ap.add_argument("--course", default=str(Path(__file__).resolve().parents[2]))
    ap.add_argument("--no-start", action="store_true", help="set up only; do not start the hub")
    a = ap.parse_args(argv)
    try:
        settings = HubSettings(
            course_root=Path(a.course),
            state_dir=Path(a.state_dir),
            home_root=Path(a.home_root),
            ip=a.ip,
            port=a.port,
            hub_port=a.hub_port,
            proxy_api_port=a.proxy_api_port,
            coach=a.coach,
            idle_timeout_s=a.idle_timeout,
        )
        people = read_people(a.roster)
        pw_file = set_up_accounts(settings, people)
        check_reachable(settings, people[0].username)
        write_config(settings)
    except (HubError, OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or ""
        print(f"The cohort server was not started: {exc} {detail}".strip(), file=sys.stderr)
        return 2
    n = len(people)
    print(f"{n} participant{'s' * (n != 1)} and the coach ({settings.coach}) have accounts.")
    print(f"Logins and one-time passwords (for you only, mode 0600): {pw_file}")
    print(f"Hub configuration, database and cookie secret: {settings.state_dir}")
    if a.no_start:
        print(f"Start it with: {' '.join(hub_command(settings))}")
        return 0
    print(f"\nThe course for the cohort is at {settings.url}  (stop it with Ctrl-C)\n", flush=True)
    proc = subprocess.Popen(hub_command(settings), cwd=str(settings.state_dir))
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        return proc.wait()


if __name__ == "__main__":
    sys.exit(main())
