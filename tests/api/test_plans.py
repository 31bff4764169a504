"""Plans: read with a version, publish, diff, and re-plan with optimistic locking."""

import threading
from datetime import date
from typing import Any

from api.store import add_plan, add_scenario
from models import Plan
from models.changes import Changes
from routing.check import check_plan
from routing.locate import resolve_locations
from routing.replan import apply_changes
from tests.api.support import database

ILL = {
    "freeze_until": "2027-03-09",
    "changes": {"consultants_away": [{"consultant": "C03", "start": "2027-03-09", "end": "2027-03-12"}]},
    "time_limit": 2,
}


def test_get_plan_with_version_and_etag(seeded):
    """GET returns the contract's plan document, its version, and the version as ETag."""
    response = seeded.get(f"/api/plans/{seeded.plan}")
    body = response.json()
    assert response.headers["etag"] == f'"{body["version"]}"'
    assert body["published"] is True and body["own_problem"] is False
    assert Plan.model_validate(body["plan"]) == seeded.document


def test_unknown_plan_is_404(seeded):
    """A plan id that does not exist is 404 on every plan route."""
    assert seeded.get("/api/plans/999").status_code == 404
    assert seeded.post("/api/plans/999/publish").status_code == 404
    assert seeded.get(f"/api/plans/999/diff/{seeded.plan}").status_code == 404
    assert seeded.post("/api/plans/999/replan", json=ILL).status_code == 404


def second_plan(seeded: Any) -> int:
    with database(seeded.client).transaction() as session:
        return add_plan(session, seeded.scenario, seeded.document, parent_plan_id=seeded.plan).id


def test_publish_moves_the_flag(seeded):
    """Publishing another plan of the scenario unpublishes the first; both versions move on."""
    other = second_plan(seeded)
    response = seeded.post(f"/api/plans/{other}/publish")
    assert response.status_code == 200
    assert response.json()["published"] is True and response.json()["version"] == 2
    first = seeded.get(f"/api/plans/{seeded.plan}").json()
    assert first["published"] is False
    assert seeded.get("/api/scenarios").json()[0]["published_plan"] == other


def test_publishing_a_plan_not_made_from_the_published_one_needs_replace(seeded):
    """Plan B is re-planned from plan A and published; plan C, re-planned from A too, would drop
    B's changes: 409 naming both, and published only with ?replace=true. (Before: 200, and the
    visits B added were gone from the consultants' pages.)"""
    b = second_plan(seeded)
    assert seeded.post(f"/api/plans/{b}/publish").status_code == 200
    c = second_plan(seeded)
    refused = seeded.post(f"/api/plans/{c}/publish")
    assert refused.status_code == 409
    assert refused.json()["detail"][0].startswith(f"plan {c} was not made from the published plan {b}")
    assert seeded.get("/api/scenarios").json()[0]["published_plan"] == b
    assert seeded.post(f"/api/plans/{c}/publish?replace=true").status_code == 200
    assert seeded.get("/api/scenarios").json()[0]["published_plan"] == c


def test_publish_with_a_stale_if_match_is_409(seeded):
    """If-Match naming an old version gets 409, and nothing changes."""
    other = second_plan(seeded)
    response = seeded.post(f"/api/plans/{other}/publish", headers={"If-Match": '"7"'})
    assert response.status_code == 409
    assert "version 1, not 7" in response.json()["detail"][0]
    assert seeded.get(f"/api/plans/{seeded.plan}").json()["published"] is True


def test_diff_of_plans_of_two_scenarios_is_refused(seeded, example):
    """Plans of different scenarios share no visits that mean the same: 422, not every visit 'added'."""
    problem, plan = example
    with database(seeded.client).transaction() as session:
        other = add_plan(session, add_scenario(session, problem).id, plan).id
    response = seeded.get(f"/api/plans/{other}/diff/{seeded.plan}")
    assert response.status_code == 422
    assert "compare plans of one scenario" in response.json()["detail"][0]


def test_diff_of_a_plan_with_itself_is_empty(seeded):
    """GET /diff/{other} of identical plans lists no change."""
    assert seeded.get(f"/api/plans/{seeded.plan}/diff/{seeded.plan}").json() == {"visits": [], "consultants": []}


def test_replan_a_consultant_falls_ill(running):
    """C03 ill from 9 March: routes before stay identical, C03 rides no more, the plan passes; a diff comes too."""
    version = running.get(f"/api/plans/{running.plan}").json()["version"]
    response = running.post(f"/api/plans/{running.plan}/replan", json={**ILL, "expected_version": version})
    assert response.status_code == 202
    job = running.wait(response.json()["id"])
    assert job["status"] == "done", job["error"]
    assert job["result"]["violations"] == []
    new = running.get(f"/api/plans/{job['plan_id']}").json()
    assert (new["parent_plan_id"], new["own_problem"], new["published"]) == (running.plan, True, False)
    before, after = running.document, Plan.model_validate(new["plan"])
    freeze = date(2027, 3, 9)
    assert [r for r in after.routes if r.date < freeze] == [r for r in before.routes if r.date < freeze]
    assert all("C03" not in r.crew for r in after.routes if r.date >= freeze)
    changed = apply_changes(resolve_locations(running.problem), Changes.model_validate(ILL["changes"]))
    assert check_plan(changed, after) == []
    diff = running.get(f"/api/plans/{job['plan_id']}/diff/{running.plan}").json()
    assert diff == job["result"]["diff"]
    assert all(not c["dates_added"] for c in diff["consultants"] if c["consultant"] == "C03")


def test_replan_afresh_on_request(running):
    """`fresh` is kept with the job and the plan made anew after the freeze date still passes the check."""
    response = running.post(f"/api/plans/{running.plan}/replan", json={**ILL, "fresh": True})
    job = running.wait(response.json()["id"])
    assert job["params"]["fresh"] is True and job["status"] == "done", job["error"]
    assert job["result"]["violations"] == []
    default = running.post(f"/api/plans/{running.plan}/replan", json=ILL).json()
    assert default["params"]["fresh"] is False


def version(seeded: Any) -> int:
    return seeded.get(f"/api/plans/{seeded.plan}").json()["version"]


def test_replan_with_a_stale_version_is_409(seeded):
    """Two coordinators holding the same version: the first re-plan is queued, the second gets 409."""
    held = version(seeded)
    body = {**ILL, "expected_version": held}
    assert seeded.post(f"/api/plans/{seeded.plan}/replan", json=body).status_code == 202
    second = seeded.post(f"/api/plans/{seeded.plan}/replan", json=body)
    assert second.status_code == 409
    assert f"version {held + 1}, not {held}" in second.json()["detail"][0]


def test_replan_if_match_header_is_honoured(seeded):
    """If-Match works like expected_version: a stale one is 409, the current one is accepted."""
    held = version(seeded)
    stale = seeded.post(f"/api/plans/{seeded.plan}/replan", json=ILL, headers={"If-Match": f'"{held - 1}"'})
    assert stale.status_code == 409
    fresh = seeded.post(f"/api/plans/{seeded.plan}/replan", json=ILL, headers={"If-Match": f'W/"{held}"'})
    assert fresh.status_code == 202
    assert seeded.post(f"/api/plans/{seeded.plan}/replan", json=ILL, headers={"If-Match": "one"}).status_code == 422


def test_if_match_zero_is_a_version_too(seeded):
    """'If-Match: "0"' is a stale version, not 'any version' (0 once read as not given)."""
    response = seeded.post(f"/api/plans/{seeded.plan}/replan", json=ILL, headers={"If-Match": '"0"'})
    assert response.status_code == 409
    assert seeded.post(f"/api/plans/{seeded.plan}/publish", headers={"If-Match": '"0"'}).status_code == 409


def test_replan_422_for_added_visits_that_clash_and_broken_promises(seeded, example):
    """Two new visits under one id, or a consultant away on a day the kept routes need them: refused
    at once with the request's own field names, and the plan keeps its version (before: 202, then
    a plan with V300 three times, or a failed job and a version taken for nothing)."""
    problem, plan = example
    held = version(seeded)
    new = problem.visits[0].model_dump(mode="json") | {"id": "V300", "pinned": None}
    twice = {"freeze_until": "2027-03-08", "changes": {"add_visits": [new, new]}, "time_limit": 2}
    response = seeded.post(f"/api/plans/{seeded.plan}/replan", json=twice)
    assert response.status_code == 422
    assert response.json()["detail"] == ["add_visits[1] (V300).id: duplicate id, first used at add_visits[0]"]
    kept = next(r for r in plan.routes if r.crew and r.date.isoformat() < "2027-03-08")
    away = {"consultant": kept.crew[0], "start": kept.date.isoformat(), "end": kept.date.isoformat()}
    ill = {"freeze_until": "2027-03-08", "changes": {"consultants_away": [away]}, "time_limit": 2}
    response = seeded.post(f"/api/plans/{seeded.plan}/replan", json=ill)
    assert response.status_code == 422
    assert response.json()["detail"][0].startswith("the frozen part of the plan no longer holds:")
    assert version(seeded) == held


def test_two_replans_at_the_same_moment_one_wins(seeded):
    """Concurrent requests on the same version: exactly one 202 and one 409 (the database decides)."""
    gate, statuses, body = threading.Barrier(2), [], {**ILL, "expected_version": version(seeded)}

    def replan() -> None:
        gate.wait()
        statuses.append(seeded.post(f"/api/plans/{seeded.plan}/replan", json=body).status_code)

    threads = [threading.Thread(target=replan) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [202, 409]


def test_replan_422_for_unknown_ids(seeded):
    """Changes naming an unknown consultant are refused at once with the field named."""
    held = version(seeded)
    body = {**ILL, "changes": {"consultants_away": [{"consultant": "C99", "start": "2027-03-09", "end": "2027-03-10"}]}}
    response = seeded.post(f"/api/plans/{seeded.plan}/replan", json=body)
    assert response.status_code == 422
    assert response.json()["detail"] == ["consultants_away[0]: unknown consultant 'C99'"]
    assert version(seeded) == held  # a refused request takes no version


def test_replan_422_for_a_freeze_date_past_the_horizon(seeded):
    """A freeze date after the horizon (2030 for 2027) would plan nothing: refused at once, not a job."""
    held = version(seeded)
    response = seeded.post(f"/api/plans/{seeded.plan}/replan", json={**ILL, "freeze_until": "2030-03-09"})
    assert response.status_code == 422
    assert response.json()["detail"][0].startswith("freeze_until: 2030-03-09 is after the horizon's last day")
    assert version(seeded) == held


def test_replan_422_for_a_malformed_body(seeded):
    """A body breaking the ReplanRequest model is refused with field paths."""
    response = seeded.post(f"/api/plans/{seeded.plan}/replan", json={"freeze_until": "soon", "time_limit": -1})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert any(line.startswith("freeze_until:") for line in detail)
    assert any(line.startswith("time_limit:") for line in detail)
