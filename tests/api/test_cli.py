"""`movable keys create` and `movable serve --seed-demo`: what `make run` and an operator type."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from api.db import Database
from api.keys import verify_key
from api.migrate import upgrade
from api.seed import demo_access, seed_demo
from models.io import InputError, dump_document
from tests.api.support import EXAMPLE

MOVABLE = Path(sys.executable).with_name("movable")


def movable(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(MOVABLE), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_keys_create_prints_the_key_last(tmp_path, db_url):
    """The key is the last word of the output, and it verifies against the database it was made in."""
    done = movable("keys", "create", "--role", "consultant", "--consultant", "C01", "--db", db_url, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    key = done.stdout.split()[-1]
    database = Database(db_url)
    with database.transaction() as session:
        principal = verify_key(session, key)
    database.dispose()
    assert (principal.role, principal.consultant_id) == ("consultant", "C01")


def test_keys_create_refuses_bad_roles(tmp_path, db_url):
    """An unknown role, or a consultant key without its consultant, exits 2 with a message."""
    assert movable("keys", "create", "--role", "boss", "--db", db_url, cwd=tmp_path).returncode == 2
    refused = movable("keys", "create", "--role", "consultant", "--db", db_url, cwd=tmp_path)
    assert refused.returncode == 2 and "--consultant" in refused.stderr


def test_keys_default_to_var_movable_db(tmp_path):
    """Without --db or DATABASE_URL the key goes to SQLite at var/movable.db (var/ is created)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    done = subprocess.run(
        [str(MOVABLE), "keys", "create", "--role", "planner"], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "var" / "movable.db").exists()


def test_seed_demo_fills_an_empty_database_once(db_url, example, tmp_path):
    """Scenario 1 with published plan 1, only into an empty database; fresh keys open the printed day page."""
    problem, plan = example
    (tmp_path / "p.json").write_text(dump_document(problem))
    (tmp_path / "plan.json").write_text(dump_document(plan))
    database = Database(db_url)
    upgrade(database.engine)
    assert seed_demo(database, tmp_path / "p.json", tmp_path / "plan.json")
    assert not seed_demo(database, tmp_path / "p.json", tmp_path / "plan.json")
    access = demo_access(database, True)
    consultant = access.day_path.split("/")[2]
    with database.transaction() as session:
        assert verify_key(session, access.consultant_key).consultant_id == consultant
        assert verify_key(session, access.coordinator_key).role == "coordinator"
    database.dispose()


def test_seed_demo_refuses_a_plan_of_another_problem(db_url, example, tmp_path):
    """A plan file of another problem is an input error, not a silently wrong demo."""
    problem, plan = example
    (tmp_path / "p.json").write_text(dump_document(problem.model_copy(update={"name": "other"})))
    (tmp_path / "plan.json").write_text(dump_document(plan))
    database = Database(db_url)
    upgrade(database.engine)
    with pytest.raises(InputError):
        seed_demo(database, tmp_path / "p.json", tmp_path / "plan.json")
    database.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_seed_demo_shows_the_demo(tmp_path, example):
    """`movable serve --seed-demo PLAN` loads the demo, prints a coordinator key and a day URL, and serves them."""
    problem, plan = example
    (tmp_path / "plan.json").write_text(dump_document(plan))
    port = free_port()
    args = ["serve", "--port", str(port), "--seed-demo", "plan.json", "--demo-problem", str(EXAMPLE)]
    server = subprocess.Popen([str(MOVABLE), *args], cwd=tmp_path, stdout=subprocess.PIPE, text=True)
    try:
        lines = [server.stdout.readline() for _ in range(4)]
        key = next(line.split()[-1] for line in lines if "coordinator key" in line)
        day_url = next(line.split()[-1] for line in lines if "/consultants/" in line)
        home = wait_until_up(f"http://127.0.0.1:{port}/?key={key}")
        assert problem.name in home.text
        assert httpx.get(day_url).status_code == 200
        scenarios = httpx.get(f"http://127.0.0.1:{port}/api/scenarios", headers={"Authorization": f"Bearer {key}"})
        assert [(s["id"], s["published_plan"]) for s in scenarios.json()] == [(1, 1)]
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert json.loads((tmp_path / "plan.json").read_text())["problem"] == problem.name


def wait_until_up(url: str) -> httpx.Response:
    deadline = time.monotonic() + 30
    while True:
        try:
            return httpx.get(url)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
