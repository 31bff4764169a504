"""A server killed mid-solve (SIGKILL, worker and all) and started again on the same database.

The job it was running is run again and finishes; the scenario and the published plan are as
they were; no job is left 'running'. `movable serve` runs as a real process group on loopback.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from api.db import Database
from api.tables import JobRow
from models import Plan, Problem
from models.io import dump_document
from tests.api.support import EXAMPLE

TIME_LIMIT = 8  # long enough to be killed mid-solve, short enough to run again within the test


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(work: Path, plan: Path, log: Path) -> Iterator[tuple[subprocess.Popen[bytes], httpx.Client]]:
    """`movable serve` in its own process group; yields it and a client holding a fresh coordinator key."""
    port = _free_port()
    command = [sys.executable, "-m", "movable.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--db", f"sqlite:///{work / 'movable.db'}", "--seed-demo", str(plan), "--demo-problem", str(EXAMPLE)]
    with log.open("wb") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        key = _wait_for_key(server, log)
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {key}"})
        try:
            _wait_until(lambda: _answers(client), 60, "the server did not answer")
            yield server, client
        finally:
            client.close()
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


def _wait_for_key(server: subprocess.Popen[bytes], log: Path) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        found = re.search(r"coordinator key: (\S+)", log.read_text(encoding="utf-8", errors="replace"))
        if found:
            return found[1]
        time.sleep(0.1)
    raise AssertionError("no coordinator key printed:\n" + log.read_text(encoding="utf-8", errors="replace"))


def _answers(client: httpx.Client) -> bool:
    try:
        return client.get("/api/scenarios", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def _wait_until(condition: Any, seconds: float, message: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, message
        time.sleep(0.1)


def test_a_killed_server_reruns_its_job_and_keeps_its_data(tmp_path: Path, example: tuple[Problem, Plan]) -> None:
    if not EXAMPLE.exists():
        pytest.skip("the shared example problem is absent")
    plan = tmp_path / "plan.json"
    plan.write_text(dump_document(example[1]), encoding="utf-8")
    with serving(tmp_path, plan, tmp_path / "first.log") as (server, client):
        scenario, published = client.get("/api/scenarios/1").json(), client.get("/api/plans/1").json()
        job = client.post(f"/api/scenarios/1/solve?time_limit={TIME_LIMIT}").json()
        _wait_until(lambda: client.get(f"/api/jobs/{job['id']}").json()["status"] == "running", 30, "never ran")
        os.killpg(server.pid, signal.SIGKILL)  # the server and its worker process, with no chance to clean up
        server.wait(timeout=10)

    db = Database(f"sqlite:///{tmp_path / 'movable.db'}")
    try:
        with db.transaction() as session:
            assert session.get_one(JobRow, job["id"]).status == "running", "the dead server left it running"
    finally:
        db.dispose()

    with serving(tmp_path, plan, tmp_path / "second.log") as (_, client):
        started = time.monotonic()
        _wait_until(
            lambda: client.get(f"/api/jobs/{job['id']}").json()["status"] == "done", TIME_LIMIT + 30, "not re-run"
        )
        assert time.monotonic() - started < TIME_LIMIT + 30
        done = client.get(f"/api/jobs/{job['id']}").json()
        assert done["plan_id"] is not None and done["plan_id"] != 1 and done["result"]["violations"] == []
        assert client.get("/api/scenarios/1").json()["problem"] == scenario["problem"]
        again = client.get("/api/plans/1").json()
        assert again == published and again["published"], "the published plan is untouched"
        assert client.get("/api/scenarios/1").json()["published_plan"] == 1

    db = Database(f"sqlite:///{tmp_path / 'movable.db'}")
    try:
        with db.transaction() as session:
            statuses = session.scalars(select(JobRow.status)).all()
    finally:
        db.dispose()
    assert statuses == ["done"], "no job stuck queued or running"
