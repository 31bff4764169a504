"""The shared example problem solved once for the map tests, and a copy with a hostile company name."""

from pathlib import Path

import pytest

from models import Plan, Problem
from models.io import load_problem
from routing.locate import resolve_locations
from routing.solver import SolveOptions, solve

EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "contract" / "example-problem.json"
HOSTILE = '=HYPERLINK("http://x") <script>alert(\'x\')</script> & `tick` ${x} \\ "quoted"'


@pytest.fixture(scope="session")
def example() -> tuple[Problem, Plan]:
    if not EXAMPLE.exists():
        pytest.skip(f"{EXAMPLE} is absent")
    problem = resolve_locations(load_problem(EXAMPLE))
    return problem, solve(problem, SolveOptions(time_limit=3))


@pytest.fixture(scope="session")
def hostile(example: tuple[Problem, Plan]) -> tuple[Problem, Plan, str]:
    """The first served visit renamed HOSTILE in both the problem and the plan; returns its id too."""
    problem, plan = example
    target = plan.routes[0].stops[0].visit
    visits = tuple(v.model_copy(update={"company": HOSTILE}) if v.id == target else v for v in problem.visits)
    routes = tuple(
        r.model_copy(
            update={
                "stops": tuple(s.model_copy(update={"company": HOSTILE}) if s.visit == target else s for s in r.stops)
            }
        )
        for r in plan.routes
    )
    return problem.model_copy(update={"visits": visits}), plan.model_copy(update={"routes": routes}), target
