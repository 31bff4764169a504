"""Fairness when capacity is short: a province the plan leaves behind gets its visits weighed up."""

from collections.abc import Callable
from typing import Any

from models import Plan, Problem
from routing.check import check_plan
from routing.locate import resolve_locations
from routing.solver import SolveOptions, solve


def short_capacity(build: Callable[..., Problem], make_visit: Callable[..., dict[str, Any]]) -> Problem:
    """One van, day trips only, nine working days: two long Suwon visits fit a day, one Daejeon visit
    does. Counting visits alone, every day goes to Suwon and Daejeon's six requests get nothing."""
    window = {"earliest_date": "2027-03-02", "latest_date": "2027-03-12", "duration_minutes": 240}
    visits = [make_visit(f"S{k:02d}", "suwon", **window) for k in range(30)]
    visits += [make_visit(f"D{k}", "daejeon", **window) for k in range(6)]
    return build(visits, end="2027-03-12", overnight={"allowed": False})


def served_in_daejeon(plan: Plan) -> int:
    return sum(s.visit.startswith("D") for r in plan.routes for s in r.stops)


def test_the_province_left_behind_gets_served(build, make_visit):
    """The first pass fills the days with Suwon; the improvement phase sees Daejeon served 0 of 6
    against the nation's half and weighs its visits up, so days go to Daejeon (4 of 6 here)."""
    problem = short_capacity(build, make_visit)
    fair = solve(problem, SolveOptions(time_limit=8, seed=0))
    assert check_plan(resolve_locations(problem), fair) == []
    assert served_in_daejeon(fair) >= 2


def test_without_fairness_the_count_decides(build, make_visit):
    """The measure's other side: ignoring fairness, the far province is left out for more visits."""
    problem = short_capacity(build, make_visit)
    unfair = solve(problem, SolveOptions(time_limit=8, seed=0, fair=False))
    assert served_in_daejeon(unfair) == 0
    assert unfair.kpis.visits_served == 18
