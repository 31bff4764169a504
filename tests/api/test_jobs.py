"""Jobs run by real worker processes: solve, cancel, failure, and a queue that outlives a restart."""

import copy
import time
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update

from api.cancel import CancelFlag
from api.tables import JobRow
from models import Plan, Problem
from routing.check import check_plan
from routing.locate import resolve_locations
from tests.api.support import bearer, database, make_keys, wait_for


def checked(problem: Problem, plan: dict[str, Any]) -> list[str]:
    return check_plan(resolve_locations(problem), Plan.model_validate(plan))


def test_solve_end_to_end(running):
    """POST solve → 202 + Location; a worker process plans the example; the plan passes routing.check."""
    response = running.post(f"/api/scenarios/{running.scenario}/solve?time_limit=3&seed=2")
    assert response.status_code == 202
    assert response.headers["location"] == f"/api/jobs/{response.json()['id']}"
    job = running.wait(response.json()["id"])
    assert job["status"] == "done", job["error"]
    assert job["progress"]["weeks_done"] == job["progress"]["weeks"] == 2
    assert {"served", "feasible", "cost", "seconds"} <= set(job["progress"])
    assert job["result"] == {"plan": job["plan_id"], "violations": []}
    plan = running.get(f"/api/plans/{job['plan_id']}").json()
    assert checked(running.problem, plan["plan"]) == []
    assert plan["plan"]["kpis"]["visits_served"] == 9  # the example's three impossible visits aside


def test_cancel_stops_early_and_keeps_the_best_plan(running):
    """DELETE once the first week is planned: the job ends 'cancelled' well before its time limit, with a plan."""
    job = running.post(f"/api/scenarios/{running.scenario}/solve?time_limit=10").json()
    deadline = time.monotonic() + 60
    while running.get(f"/api/jobs/{job['id']}").json()["progress"].get("weeks_done", 0) < 1:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert running.delete(f"/api/jobs/{job['id']}").status_code == 202
    done = running.wait(job["id"])
    assert done["status"] == "cancelled"
    ran = datetime.fromisoformat(done["finished"]) - datetime.fromisoformat(done["started"])
    assert ran.total_seconds() < 9  # the solver was told to stop; it did not run out its 10 s
    plan = running.get(f"/api/plans/{done['plan_id']}").json()["plan"]
    assert plan["routes"] and plan["kpis"]["visits_served"] > 0  # the weeks planned are kept
    assert checked(running.problem, plan) == []


def test_a_cancel_asked_since_the_flag_was_last_read_still_ends_the_job_as_cancelled(seeded):
    """The flag reads the database at most once a second; when the job ends it reads it afresh, so a
    what-if whose variants all stopped on the cancel within that second does not end as 'done'."""
    job = seeded.post(f"/api/scenarios/{seeded.scenario}/solve?time_limit=1").json()
    db = database(seeded.client)
    with db.transaction() as session:  # as if a worker were solving it
        session.execute(update(JobRow).where(JobRow.id == job["id"]).values(status="running"))
    flag = CancelFlag(db.url, job["id"], interval=60)
    try:
        assert flag() is False
        assert seeded.delete(f"/api/jobs/{job['id']}").status_code == 202
        assert flag() is False  # within its interval the flag answers from its last read
        assert flag.read_now() is True
    finally:
        flag.close()


def test_cancel_a_queued_job_at_once(seeded):
    """A job no worker has taken is cancelled on the spot, without a plan."""
    job = seeded.post(f"/api/scenarios/{seeded.scenario}/solve?time_limit=1").json()
    cancelled = seeded.delete(f"/api/jobs/{job['id']}").json()
    assert (cancelled["status"], cancelled["plan_id"], cancelled["cancel_requested"]) == ("cancelled", None, True)
    assert seeded.delete(f"/api/jobs/{job['id']}").status_code == 409


def test_unknown_job_is_404(seeded):
    """GET and DELETE of a job that does not exist answer 404."""
    assert seeded.get("/api/jobs/4242").status_code == 404
    assert seeded.delete("/api/jobs/4242").status_code == 404


def test_solve_parameters_are_validated(seeded):
    """A time limit of zero is refused with the parameter named."""
    response = seeded.post(f"/api/scenarios/{seeded.scenario}/solve?time_limit=0")
    assert response.status_code == 422
    assert response.json()["detail"][0].startswith("query parameter time_limit:")


def test_contradictory_pins_fail_the_job_with_the_reason(running, example_raw):
    """A pin the solver must refuse ends the job 'failed' with routing's message, not a traceback."""
    raw = copy.deepcopy(example_raw)
    raw["visits"][0]["pinned"] = {"van": "VAN-2", "date": "2027-03-05", "consultants": ["C01"]}  # VAN-2 is out
    scenario = running.post("/api/scenarios", json=raw).json()["id"]
    job = running.wait(running.post(f"/api/scenarios/{scenario}/solve?time_limit=2").json()["id"])
    assert job["status"] == "failed"
    assert "V001" in job["error"] and "Traceback" not in job["error"]


def test_a_job_outlives_a_restart(start_app, any_db_url, example_raw):
    """A job left 'running' by a dead server is re-queued by the next server on the same database, and completes."""
    first = start_app(any_db_url, dispatch=False)
    key = make_keys(first)["coordinator"]
    scenario = first.post("/api/scenarios", json=example_raw, headers=bearer(key)).json()["id"]
    job = first.post(f"/api/scenarios/{scenario}/solve?time_limit=2", headers=bearer(key)).json()
    with database(first).transaction() as session:  # as if a worker had claimed it when the server died
        session.execute(update(JobRow).where(JobRow.id == job["id"]).values(status="running", progress={"x": 1}))
    first.__exit__(None, None, None)

    second = start_app(any_db_url)
    done = wait_for(second, job["id"], key)
    assert done["status"] == "done", done["error"]
    assert done["params"] == job["params"]
    plan = second.get(f"/api/plans/{done['plan_id']}", headers=bearer(key)).json()["plan"]
    assert checked(Problem.model_validate(example_raw), plan) == []


def test_stopping_the_server_requeues_its_running_job(start_app, db_url, example_raw):
    """A graceful stop ends the worker and puts its job back in the queue for the next start."""
    client = start_app(db_url)
    key = make_keys(client)["coordinator"]
    scenario = client.post("/api/scenarios", json=example_raw, headers=bearer(key)).json()["id"]
    job = client.post(f"/api/scenarios/{scenario}/solve?time_limit=30", headers=bearer(key)).json()
    deadline = time.monotonic() + timedelta(seconds=30).total_seconds()
    while client.get(f"/api/jobs/{job['id']}", headers=bearer(key)).json()["status"] != "running":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    client.__exit__(None, None, None)
    with database(client).transaction() as session:
        assert session.get_one(JobRow, job["id"]).status == "queued"


def test_a_worker_that_dies_fails_its_job(dispatching):
    """A worker process killed mid-solve leaves its job 'failed' with the exit code, not 'running' for ever."""
    job = dispatching.post(f"/api/scenarios/{dispatching.scenario}/solve?time_limit=30").json()
    dispatcher = dispatching.client.app.state.dispatcher
    deadline = time.monotonic() + 30
    while job["id"] not in dispatcher._running:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    dispatcher._running[job["id"]].kill()
    done = dispatching.wait(job["id"])
    assert done["status"] == "failed" and "exit code -9" in done["error"]


def test_jobs_are_listed_newest_first_and_filtered(seeded):
    """A coordinator sees every job, the latest first, and can ask for one state or one scenario."""
    first = seeded.post(f"/api/scenarios/{seeded.scenario}/solve?time_limit=1").json()
    second = seeded.post(f"/api/scenarios/{seeded.scenario}/solve?time_limit=1").json()
    seeded.delete(f"/api/jobs/{first['id']}")  # no worker here: cancelled at once

    listed = seeded.get("/api/jobs").json()
    queued = seeded.get("/api/jobs?status=queued").json()
    elsewhere = seeded.get(f"/api/jobs?scenario={seeded.scenario + 1}").json()

    assert [j["id"] for j in listed] == [second["id"], first["id"]]
    assert [j["id"] for j in queued] == [second["id"]]
    assert elsewhere == []
    assert seeded.get("/api/jobs?limit=1").json()[0]["id"] == second["id"]
    refused = seeded.get("/api/jobs?status=lost")
    assert refused.status_code == 422 and "status" in refused.text
