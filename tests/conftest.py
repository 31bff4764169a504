"""Small problems built by hand, so each test shows the rule it checks."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from models import Plan, Problem
from models.io import load_problem
from routing.locate import resolve_locations
from routing.solver import SolveOptions, solve

HQ = {"id": "HQ", "name": "KOTRA 본사", "lat": 37.4687, "lon": 127.0404}
PLACES = {
    "suwon": (37.2636, 127.0286),
    "cheonan": (36.8151, 127.1139),
    "daejeon": (36.3504, 127.3845),
    "daegu": (35.8714, 128.6014),
    "busan": (35.1796, 129.0756),
    "gwangju": (35.1595, 126.8526),
    "geoje": (34.8806, 128.6211),  # bridge-linked island, the far south-east
    "jeju": (33.4996, 126.5312),
}


def visit(vid: str, place: str = "suwon", **fields: Any) -> dict[str, Any]:
    lat, lon = PLACES[place]
    return {
        "id": vid,
        "company": f"{vid} 회사",
        "lat": lat,
        "lon": lon,
        "duration_minutes": 90,
        "skills": ["buyer_matching"],
        "earliest_date": "2027-03-02",
        "latest_date": "2027-03-05",
        "time_windows": [{"start": "09:00", "end": "18:00"}],
        **fields,
    }


def consultant(cid: str, skills: tuple[str, ...] = ("buyer_matching",), **fields: Any) -> dict[str, Any]:
    return {"id": cid, "name": cid, "skills": list(skills), "max_visits_per_day": 3, **fields}


def problem(
    visits: list[dict[str, Any]],
    consultants: list[dict[str, Any]] | None = None,
    vans: list[dict[str, Any]] | None = None,
    start: str = "2027-03-02",
    end: str = "2027-03-05",
    **policy: Any,
) -> Problem:
    return Problem.model_validate(
        {
            "name": "test",
            "horizon": {"start": start, "end": end, "holidays": "KR", "closed_dates": []},
            "depot": HQ,
            "policy": policy,
            "vans": vans or [{"id": "VAN-1", "seats": 10}],
            "consultants": consultants if consultants is not None else [consultant("C01")],
            "visits": visits,
        }
    )


@pytest.fixture(scope="session")
def build() -> Callable[..., Problem]:
    return problem


@pytest.fixture(scope="session")
def make_visit() -> Callable[..., dict[str, Any]]:
    return visit


@pytest.fixture(scope="session")
def make_consultant() -> Callable[..., dict[str, Any]]:
    return consultant


EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "contract" / "example-problem.json"


@pytest.fixture(scope="session")
def example() -> tuple[Problem, Plan]:
    """The shared example problem, solved once for every test that draws or renders a plan."""
    if not EXAMPLE.exists():
        pytest.skip(f"{EXAMPLE} is absent")
    problem = resolve_locations(load_problem(EXAMPLE))
    return problem, solve(problem, SolveOptions(time_limit=3))


@pytest.fixture(scope="session")
def hostile(example: tuple[Problem, Plan], hostile_name: str) -> tuple[Problem, Plan, str]:
    """The first served visit renamed `hostile_name` in both the problem and the plan; returns its id too."""
    problem, plan = example
    target = plan.routes[0].stops[0].visit
    visits = tuple(v.model_copy(update={"company": hostile_name}) if v.id == target else v for v in problem.visits)
    routes = tuple(
        r.model_copy(
            update={
                "stops": tuple(
                    s.model_copy(update={"company": hostile_name}) if s.visit == target else s for s in r.stops
                )
            }
        )
        for r in plan.routes
    )
    return problem.model_copy(update={"visits": visits}), plan.model_copy(update={"routes": routes}), target
