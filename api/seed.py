"""Demo mode: a fresh database gets the demo problem and its plan, published, and keys to look at them."""

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from api.db import Database
from api.keys import create_key
from api.store import add_plan, add_scenario, publish, published_plan
from api.tables import ScenarioRow
from models.io import InputError, load_plan, load_problem


@dataclass(frozen=True)
class DemoAccess:
    seeded: bool
    coordinator_key: str
    consultant_key: str | None
    day_path: str | None  # a consultant's first day on the road, e.g. /consultants/C01/day/2027-01-05


def seed_demo(db: Database, problem_path: Path, plan_path: Path) -> bool:
    """Load the problem as scenario 1 and the plan as its published plan 1, only into an empty database."""
    problem, plan = load_problem(problem_path), load_plan(plan_path)
    if plan.problem != problem.name:
        raise InputError([f"{plan_path}: a plan of '{plan.problem}', not of '{problem.name}' ({problem_path})"])
    with db.transaction() as session:
        if session.scalar(select(func.count()).select_from(ScenarioRow)):
            return False
        scenario = add_scenario(session, problem)
        row = add_plan(session, scenario.id, plan)
        publish(session, row, row.version)
    return True


def demo_access(db: Database, seeded: bool) -> DemoAccess:
    """Fresh keys (keys are stored hashed, so old ones cannot be shown again): a coordinator's and a consultant's."""
    with db.transaction() as session:
        coordinator = create_key(session, "coordinator")
        row = published_plan(session)
        routes = sorted(row.plan["routes"], key=lambda r: r["date"]) if row else []
        if not routes or not routes[0]["crew"]:
            return DemoAccess(seeded, coordinator, None, None)
        consultant, day = routes[0]["crew"][0], routes[0]["date"]
        key = create_key(session, "consultant", consultant)
    return DemoAccess(seeded, coordinator, key, f"/consultants/{consultant}/day/{day}")
