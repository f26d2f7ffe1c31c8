"""A cohort on one server under load: N simulated participants at once log in to a real JupyterHub
(course.py hub's configuration, the real proxy), start their servers, open an exercise and save an
answer through the kernel, over HTTP and websockets on 127.0.0.1 only.

Reports time to the first saved answer (median, worst), memory per participant server (PSS of
the participant's server and kernel), that no answer is lost, and an estimate of how many
participants one 2-core, 24 GB machine holds before the median passes 5 s.

    .venv/bin/python tests/benchmarks/bench.py --only hub          # as root; rounds of 5 and 30
    CXKIT_HUB_BENCH=5,30 .venv/bin/python tests/benchmarks/bench.py --only hub
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench import Row

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from cxkit.coach import hub  # noqa: E402
from cxkit.questions.ex01_outside_in import REWRITE  # noqa: E402
from cxkit.workbook import Workbook, safe_file_stem  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
EXERCISE = "exercises/01_outside_in.ipynb"
ROUND_LIMIT_S = 600  # one round never runs longer than this
MACHINE_GB = 24


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _msg(code: str) -> dict:
    return {
        "header": {
            "msg_id": uuid.uuid4().hex,
            "username": "bench",
            "session": uuid.uuid4().hex,
            "msg_type": "execute_request",
            "version": "5.3",
        },
        "parent_header": {},
        "metadata": {},
        "content": {"code": code, "silent": False, "store_history": False},
        "channel": "shell",
        "buffers": [],
    }


async def _execute(ws_url: str, auth: dict, code: str, login: str) -> None:
    """Run code in the kernel over its websocket and wait for the reply."""
    from websockets.asyncio.client import connect

    async with connect(ws_url, additional_headers=auth, max_size=None) as ws:
        req = _msg(code)
        await ws.send(json.dumps(req))
        while True:
            m = json.loads(await ws.recv())
            if m.get("parent_header", {}).get("msg_id") != req["header"]["msg_id"]:
                continue
            if m["msg_type"] == "execute_reply":
                if m["content"]["status"] != "ok":
                    raise RuntimeError(f"{login}: {m['content'].get('evalue')}")
                return


async def save_again(out: dict, answer: str, t0: float) -> float:
    """With every server running: one more answer saved through the open kernel."""
    ws_url, auth = out["ws"]
    code = f"from cxkit.session import current_session\n_a = current_session().save({REWRITE!r}, {answer!r})\n"
    await _execute(ws_url, auth, code, out["login"])
    return time.monotonic() - t0


async def participant(base: str, login: str, password: str, answer: str, t0: float) -> dict:
    """One participant's round: log in, start the server, open the exercise, save one answer."""
    import httpx

    out: dict = {"login": login}
    async with httpx.AsyncClient(base_url=base, timeout=300) as c:
        await c.get("/hub/login")
        xsrf = c.cookies.get("_xsrf", path="/hub/") or c.cookies.get("_xsrf")
        r = await c.post(
            "/hub/login", data={"username": login, "password": password, "_xsrf": xsrf}
        )
        if r.status_code != 302:
            raise RuntimeError(f"{login}: login answered {r.status_code}")
        out["login_s"] = time.monotonic() - t0
        xsrf = r.cookies.get("_xsrf") or xsrf  # a new one, bound to the logged-in session
        r = await c.post(
            f"/hub/api/users/{login}/tokens",
            json={"note": "bench", "expires_in": 3600},
            headers={"X-XSRFToken": xsrf},
        )
        r.raise_for_status()
        auth = {"Authorization": f"token {r.json()['token']}"}
        r = await c.post(f"/hub/api/users/{login}/server", headers=auth)
        if r.status_code not in (201, 202, 400):  # 400: already running
            raise RuntimeError(f"{login}: spawn answered {r.status_code} {r.text[:200]}")
        while True:
            r = await c.get(f"/hub/api/users/{login}", headers=auth)
            srv = r.json().get("servers", {}).get("")
            if srv and srv.get("ready"):
                break
            await asyncio.sleep(0.5)
        out["server_s"] = time.monotonic() - t0
        user = f"/user/{login}"
        r = await c.get(f"{user}/api/contents/{EXERCISE}", headers=auth)
        r.raise_for_status()
        r = await c.post(
            f"{user}/api/sessions",
            json={"path": EXERCISE, "type": "notebook", "kernel": {"name": "cxkit"}},
            headers=auth,
        )
        r.raise_for_status()
        kid = r.json()["kernel"]["id"]
        ws_url = base.replace("http", "ws") + f"{user}/api/kernels/{kid}/channels"
        code = (
            "from cxkit.session import current_session\n"
            f"_a = current_session().save({REWRITE!r}, {answer!r})\n"
        )
        await _execute(ws_url, auth, code, login)
        out["saved_s"] = time.monotonic() - t0
        out["ws"] = (ws_url, auth)
    return out


def _pss_mb(logins: list[str]) -> dict[str, float]:
    import psutil

    mem = dict.fromkeys(logins, 0.0)
    for p in psutil.process_iter(["username"]):
        u = p.info["username"]
        if u in mem:
            with contextlib.suppress(psutil.Error, AttributeError):
                mem[u] += p.memory_full_info().pss / 2**20
    return mem


def _round(n: int, work: Path) -> dict:
    tag = secrets.token_hex(2)
    roster = work / f"roster-{n}.csv"
    roster.write_text("".join(f"Bench Participant {tag} {i:02d}\n" for i in range(n)))
    people = hub.read_people(roster)
    settings = hub.HubSettings(
        course_root=REPO,
        state_dir=work / f"state-{n}",
        home_root=work / "homes",
        port=_port(),
        hub_port=_port(),
        proxy_api_port=_port(),
        coach=f"bcoach-{tag}",
        idle_timeout_s=3600,
    )
    hub.set_up_accounts(settings, people)
    hub.write_config(settings)
    pw = {}
    import csv

    with (settings.state_dir / hub.PASSWORDS_FILE).open() as fh:
        pw = {r["login"]: r["password"] for r in csv.DictReader(fh)}
    log = work / f"hub-{n}.log"
    proc = subprocess.Popen(
        hub.hub_command(settings),
        cwd=settings.state_dir,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    logins = [p.username for p in people]
    try:
        import urllib.request

        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{settings.port}/hub/api", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"hub did not start; see {log}") from None
                time.sleep(0.5)
        answers = {p.username: f"bench answer {tag} for {p.name}" for p in people}

        async def everyone():
            t0 = time.monotonic()
            tasks = [
                participant(f"http://127.0.0.1:{settings.port}", u, pw[u], answers[u], t0)
                for u in logins
            ]
            return await asyncio.wait_for(
                asyncio.gather(*tasks, return_exceptions=True), ROUND_LIMIT_S
            )

        results = asyncio.run(everyone())
        ok = [r for r in results if isinstance(r, dict)]
        errors = [repr(r)[:200] for r in results if not isinstance(r, dict)]
        again = {u: a + " (second save)" for u, a in answers.items()}

        async def all_save_again():
            t0 = time.monotonic()
            tasks = [save_again(r, again[r["login"]], t0) for r in ok]
            return await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 120)

        held = asyncio.run(all_save_again())
        held_ok = sorted(t for t in held if isinstance(t, float))
        errors += [repr(t)[:200] for t in held if not isinstance(t, float)]
        answers = {u: again[u] if u in {r["login"] for r in ok} else a for u, a in answers.items()}
        time.sleep(3)  # let the servers settle before reading their memory
        mem = _pss_mb(logins)
        lost = 0
        for p in people:
            path = Path(hub.homes_of(settings.state_dir)[p.name]) / "exercises"
            path = path / f"{safe_file_stem(p.name)}.workbook.json"
            try:
                lost += Workbook.open(path).get(REWRITE) != answers[p.username]
            except Exception:
                lost += 1
        saved = sorted(r["saved_s"] for r in ok)
        return {
            "n": n,
            "median": statistics.median(saved) if saved else float("nan"),
            "worst": saved[-1] if saved else float("nan"),
            "server_median": statistics.median(r["server_s"] for r in ok) if ok else 0,
            "mem_mb": statistics.median(mem.values()),
            "held_median": statistics.median(held_ok) if held_ok else float("nan"),
            "held_worst": held_ok[-1] if held_ok else float("nan"),
            "lost": lost,
            "errors": errors,
        }
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        for u in [*logins, settings.coach]:
            subprocess.run(["pkill", "-KILL", "-u", u], capture_output=True)
            for _ in range(20):  # userdel refuses while the user's processes exit
                if subprocess.run(["userdel", u], capture_output=True).returncode in (0, 6):
                    break
                time.sleep(0.5)


def rows(repeat: int) -> list[Row]:
    """Rounds of N participants at once (5 then 30 unless CXKIT_HUB_BENCH says otherwise)."""
    if os.geteuid() != 0 or not shutil.which("node"):
        return [Row("hub: 30 participants at once", 0.0, "s", note="skipped: needs root and node")]
    sizes = [int(x) for x in os.environ.get("CXKIT_HUB_BENCH", "5,30").split(",")]
    work = Path(tempfile.mkdtemp(prefix="cxkit-bench-hub-"))
    os.chmod(work, 0o755)
    done = []
    try:
        for n in sizes:
            r = _round(n, work)
            print(f"  hub round {r}", file=sys.stderr)
            done.append(r)
    finally:
        shutil.rmtree(work / "homes", ignore_errors=True)
    big, small = done[-1], done[0]

    def reach(key: str) -> int:
        """Participants at which the median of key passes 5 s (linear in N: CPU bound)."""
        if len(done) < 2 or not big[key] > small[key]:
            return big["n"] if big[key] <= 5 else small["n"]
        slope = (big[key] - small[key]) / (big["n"] - small["n"])
        return max(0, int(small["n"] + (5.0 - small[key]) / slope))

    by_memory = int(MACHINE_GB * 1024 * 0.8 / max(big["mem_mb"], 1))
    n, rounds = big["n"], [d["n"] for d in done]
    held = min(reach("held_median"), by_memory)
    return [
        Row(
            f"hub: {n} log in at once, time to first saved answer (median)",
            big["median"],
            "s",
            f"{small['n']} at once" if len(done) > 1 else "",
            small["median"] if len(done) > 1 else None,
            note=f"worst {big['worst']:.1f} s; their servers ready (median) {big['server_median']:.1f} s",
        ),
        Row(f"hub: {n} log in at once, worst time to first saved answer", big["worst"], "s"),
        Row(
            f"hub: {n} servers running, all save an answer at once (median)",
            big["held_median"],
            "s",
            f"{small['n']} running" if len(done) > 1 else "",
            small["held_median"] if len(done) > 1 else None,
            note=f"worst {big['held_worst']:.2f} s",
        ),
        Row(
            "hub: memory per participant (server + kernel, PSS)",
            big["mem_mb"],
            "MB",
            note=f"{MACHINE_GB} GB holds about {by_memory} running at 80% use",
        ),
        Row(
            f"hub: answers lost of {2 * n} saved",
            float(big["lost"]),
            "answers",
            note="; ".join(big["errors"][:3]) or "every answer is in its workbook",
        ),
        Row(
            "hub: participants one 2-core 24 GB machine holds (save median < 5 s)",
            float(held),
            "participants",
            note=f"servers running, linear fit of rounds {rounds}, capped by memory ({by_memory})",
        ),
        Row(
            "hub: participants logging in at the same moment before the median passes 5 s",
            float(reach("median")),
            "participants",
            note=f"linear fit of rounds {rounds}: stagger the start of a workshop",
        ),
    ]
