"""Helpers for the API tests: keys, requests with a key, waiting for jobs, a seeded app."""

import time
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.db import Database
from api.keys import create_key
from api.store import add_plan, add_scenario, publish
from api.tables import FINISHED
from models import Plan, Problem

EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "contract" / "example-problem.json"


def database(client: TestClient) -> Database:
    app: FastAPI = client.app  # type: ignore[assignment]
    return app.state.db


def make_keys(client: TestClient) -> dict[str, str]:
    with database(client).transaction() as session:
        return {
            "coordinator": create_key(session, "coordinator"),
            "planner": create_key(session, "planner"),
            "consultant": create_key(session, "consultant", "C01"),
            "other_consultant": create_key(session, "consultant", "C02"),
        }


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def wait_for(client: TestClient, job_id: int, key: str, seconds: float = 90) -> dict[str, Any]:
    """Poll the job until it is finished; fail the test if it takes longer than `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}", headers=bearer(key)).json()
        if job["status"] in FINISHED:
            return job
        time.sleep(0.1)
    pytest.fail(f"job {job_id} not finished after {seconds} s: {job}")


class Seeded:
    """An app holding the example as scenario `scenario` with `plan` published, and a key per role."""

    def __init__(self, client: TestClient, problem: Problem, plan: Plan) -> None:
        self.client = client
        self.keys = make_keys(client)
        with database(client).transaction() as session:
            self.scenario = add_scenario(session, problem).id
            row = add_plan(session, self.scenario, plan)
            publish(session, row, row.version)
            self.plan = row.id
        self.problem, self.document = problem, plan

    def get(self, path: str, role: str = "coordinator", **kwargs: Any) -> Any:
        return self.client.get(path, headers=bearer(self.keys[role]), **kwargs)

    def post(self, path: str, role: str = "coordinator", **kwargs: Any) -> Any:
        return self.client.post(path, headers={**bearer(self.keys[role]), **kwargs.pop("headers", {})}, **kwargs)

    def delete(self, path: str, role: str = "coordinator") -> Any:
        return self.client.delete(path, headers=bearer(self.keys[role]))

    def wait(self, job_id: int, seconds: float = 90) -> dict[str, Any]:
        return wait_for(self.client, job_id, self.keys["coordinator"], seconds)
