"""What-if: variants solved in parallel (a process pool, or a Dask cluster) and compared side by side."""

import time
from datetime import datetime

import pytest

from api.tasks import cores

VARIANTS = [
    {"name": "그대로 as is"},
    {"name": "차량 1대 one van", "vans": 1},
    {"name": "당일치기 no nights", "overnight_allowed": False},
    {"name": "인원 +2 two more", "extra_consultants": 2},
]


def run_whatif(seeded, role: str = "planner") -> dict:
    body = {"variants": VARIANTS, "time_limit": 2}
    response = seeded.post(f"/api/scenarios/{seeded.scenario}/what-if", role, json=body)
    assert response.status_code == 202, response.text
    job = seeded.wait(response.json()["id"])
    assert job["status"] == "done", job["error"]
    return job


def test_four_variants_in_parallel_on_a_process_pool(dispatching):
    """A planner's what-if of four variants: one row each, in order, solved by min(4, cores) processes."""
    job = run_whatif(dispatching)
    result = job["result"]
    assert (result["backend"], result["workers"]) == ("process-pool", min(4, cores()))
    rows = result["comparison"]
    assert [r["variant"] for r in rows] == [v["name"] for v in VARIANTS]
    assert [r["vans"] for r in rows] == [2, 1, 2, 2]
    assert rows[3]["consultants"] == rows[0]["consultants"] + 2
    assert rows[2]["person_nights"] == 0
    assert job["progress"] == {"variants_done": 4, "variants": 4}
    page = dispatching.get(f"/scenarios/{dispatching.scenario}/what-if/{job['id']}", "planner")
    assert page.status_code == 200 and "차량 1대 one van" in page.text


def test_four_variants_on_a_dask_cluster(dispatching, monkeypatch):
    """With MOVABLE_DASK_SCHEDULER set, the variants go to that Dask cluster (a LocalCluster of 2 workers here)."""
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        monkeypatch.setenv("MOVABLE_DASK_SCHEDULER", cluster.scheduler_address)
        job = run_whatif(dispatching)
    assert (job["result"]["backend"], job["result"]["workers"]) == ("dask", 2)
    assert [r["variant"] for r in job["result"]["comparison"]] == [v["name"] for v in VARIANTS]


def cancel_whatif_while_solving(seeded) -> dict:
    """Start a what-if of four 30-s variants, cancel it once the first ones are solving; the finished job."""
    body = {"variants": VARIANTS, "time_limit": 30}
    job = seeded.post(f"/api/scenarios/{seeded.scenario}/what-if", "planner", json=body).json()
    deadline = time.monotonic() + 60
    while seeded.get(f"/api/jobs/{job['id']}").json()["status"] != "running":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    time.sleep(8)  # the workers start (spawn) and begin their first variants
    assert seeded.delete(f"/api/jobs/{job['id']}", "planner").status_code == 202
    return seeded.wait(job["id"])


def assert_stopped_early(job: dict) -> None:
    """Cancelled well before one 30-s variant could finish, keeping the rows of the variants that had begun."""
    assert job["status"] == "cancelled"
    ran = datetime.fromisoformat(job["finished"]) - datetime.fromisoformat(job["started"])
    assert ran.total_seconds() < 25
    rows = job["result"]["comparison"]
    assert 1 <= len(rows) <= 2  # two workers: the variants waiting for one were not run
    assert {r["variant"] for r in rows} <= {v["name"] for v in VARIANTS}
    assert all(r["visits_served"] > 0 for r in rows)  # each kept the best plan it had


def test_cancel_a_whatif_on_a_process_pool(dispatching, monkeypatch):
    """A planner cancels a what-if: running variants stop early with their plans so far; waiting ones are skipped."""
    monkeypatch.setattr("api.tasks.cores", lambda: 2)
    assert_stopped_early(cancel_whatif_while_solving(dispatching))


def test_cancel_a_whatif_on_a_dask_cluster(dispatching, monkeypatch):
    """On a Dask cluster the cancel reaches the workers as a Dask event (they may not reach our database)."""
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        monkeypatch.setenv("MOVABLE_DASK_SCHEDULER", cluster.scheduler_address)
        assert_stopped_early(cancel_whatif_while_solving(dispatching))


def test_whatif_422_for_an_unknown_consultant(seeded):
    """A variant removing a consultant the scenario lacks is refused before any job is made."""
    body = {"variants": [{"name": "x", "remove_consultants": ["C99"]}], "time_limit": 1}
    response = seeded.post(f"/api/scenarios/{seeded.scenario}/what-if", "planner", json=body)
    assert response.status_code == 422
    assert response.json()["detail"] == ["variant 'x'.remove_consultants: unknown consultant 'C99'"]


def test_whatif_422_for_a_variant_that_breaks_the_contract(seeded):
    """A consultant added under an id already taken makes a problem with two C01s: refused at once,
    naming the variant and the field, not planned (before: 202, and a plan with two C01s)."""
    variants = [{"name": "ok"}, {"name": "dup", "add_consultants": [{"id": "C01"}]}]
    response = seeded.post(f"/api/scenarios/{seeded.scenario}/what-if", json={"variants": variants})
    assert response.status_code == 422
    duplicate = "variant 'dup': consultants[4] (C01).id: duplicate id, first used at consultants[0]"
    assert response.json()["detail"] == [duplicate]


def test_whatif_422_for_a_malformed_variant(seeded):
    """Variant fields are validated with their path (the list index included)."""
    body = {"variants": [{"name": "ok"}, {"name": "bad", "vans": 0}], "time_limit": 1}
    response = seeded.post(f"/api/scenarios/{seeded.scenario}/what-if", json=body)
    assert response.status_code == 422
    assert response.json()["detail"][0].startswith("variants[1].vans:")


def test_whatif_page_waits_for_the_job(seeded):
    """Before the job is done the page says so and refreshes itself; a job of another scenario is 404."""
    job = seeded.post(f"/api/scenarios/{seeded.scenario}/what-if", json={"variants": [{"name": "a"}]}).json()
    page = seeded.get(f"/scenarios/{seeded.scenario}/what-if/{job['id']}")
    assert page.status_code == 200 and 'http-equiv="refresh"' in page.text
    assert seeded.get(f"/scenarios/{seeded.scenario + 1}/what-if/{job['id']}").status_code == 404
