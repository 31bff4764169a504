"""Weeks planned in worker processes: the same week comes back as planned here, and a half-year
planned with weeks side by side still serves each visit once and keeps every rule."""

from routing import solver
from routing.check import check_plan
from routing.instance import build_instance
from routing.locate import resolve_locations
from routing.parallel import WeekJob, WeekRunner
from routing.solver import SolveOptions, solve
from routing.trips import trips_of_week, weeks


def test_a_worker_plans_a_week_as_this_process_does(build, make_visit):
    """Three visits a day trip apart: the worker, holding its own copy of the instance, gives the
    same routes as planning here."""
    visits = [make_visit(f"V{k}", place) for k, place in enumerate(["suwon", "cheonan", "daejeon"])]
    instance = build_instance(resolve_locations(build(visits)))
    week = weeks(instance)[0]
    job = WeekJob(week, trips_of_week(instance, week), [0, 1, 2], {0: 1.0, 1: 1.0, 2: 1.0}, 2.0, seed=3)
    with WeekRunner(instance, 1) as here, WeekRunner(instance, 2) as pool:
        local, remote = here.result(here.submit(job)), pool.result(pool.submit(job))
    assert remote.served == local.served == {0, 1, 2}
    assert [r.model_dump() for r in remote.routes] == [r.model_dump() for r in local.routes]


def test_weeks_side_by_side_serve_each_visit_once(build, make_visit, monkeypatch):
    """Two weeks, visits open across both, the province plan's pass and the improvement with two
    weeks in flight: whichever week was offered a visit, the plan serves it once and keeps the rules."""
    monkeypatch.setattr(solver, "MIN_REGROUP_SECONDS", 0.0)
    places = ["suwon", "cheonan", "daejeon"]
    visits = [make_visit(f"V{k:02d}", places[k % 3], latest_date="2027-03-12") for k in range(18)]
    problem = build(visits, end="2027-03-12")
    seen: list[solver.Progress] = []
    plan = solve(problem, SolveOptions(time_limit=12.0, processes=2), on_progress=seen.append)
    assert check_plan(resolve_locations(problem), plan) == []
    served = [s.visit for r in plan.routes for s in r.stops]
    assert sorted(served) == sorted(v["id"] for v in visits)
    assert {"regroup", "improve"} <= {p.phase for p in seen}
