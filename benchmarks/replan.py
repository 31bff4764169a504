"""Re-planning the demo half-year: starting from the earlier plan against planning afresh.

    python -m benchmarks.replan --base-limit 60 --time-limit 30

The demo is planned once (seed 1); then each change a coordinator meets is re-planned from
1 February on, both ways (`routing.replan`: from the earlier plan, the default, and `fresh`),
and the table counts what a coordinator has to tell people: visits whose van, day, hours or
team changed, consultants whose days or visits changed, weeks changed; with the plan's cost.
Written to benchmarks/results/replan.md.
"""

import argparse
import time
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from benchmarks.half_year import RESULTS, table
from models import Plan, Problem
from models.changes import Changes, ConsultantAway, VanOut
from movable.demo import make_demo
from routing.check import check_plan
from routing.diff import plan_diff
from routing.locate import resolve_locations
from routing.parallel import default_processes
from routing.replan import apply_changes, replan
from routing.solver import SolveOptions, solve

FREEZE = date(2027, 2, 1)


@dataclass
class Row:
    change: str
    way: str
    served: int
    cost_m_won: float
    drive_km: float
    person_nights: int
    visits_changed: int
    consultants_changed: int
    rider_days_changed: int
    weeks_changed: int
    violations: int
    seconds: float


def changes(problem: Problem) -> dict[str, Changes]:
    """The changes re-planned: an illness, new requests, a van in the garage, and none at all."""
    ill = ConsultantAway(consultant="C03", start=date(2027, 3, 15), end=date(2027, 3, 19))
    new = tuple(
        v.model_copy(update={"id": f"NEW{k}", "earliest_date": date(2027, 4, 5), "latest_date": date(2027, 4, 30)})
        for k, v in enumerate(problem.visits[100:105])
    )
    garage = VanOut(van="VAN-2", start=date(2027, 4, 12), end=date(2027, 4, 13))
    return {
        "C03 ill 15-19 Mar": Changes(consultants_away=(ill,)),
        "5 new requests in April": Changes(add_visits=new),
        "VAN-2 out 12-13 Apr": Changes(vans_out=(garage,)),
        "nothing": Changes(),
    }


def measure(problem: Problem, before: Plan, name: str, change: Changes, options: SolveOptions, fresh: bool) -> Row:
    changed = resolve_locations(apply_changes(problem, change))
    started = time.monotonic()
    after = replan(changed, before, FREEZE, options, fresh=fresh)
    seconds = time.monotonic() - started
    diff = plan_diff(before, after)
    moved = [c for c in diff.visits if c.change != "added"]
    weeks = {d.isocalendar()[:2] for c in moved for d in _dates(before, after, c.visit)}
    k = after.kpis
    return Row(
        change=name,
        way="afresh" if fresh else "from the earlier plan",
        served=k.visits_served,
        cost_m_won=round(k.cost / 1e6, 2),
        drive_km=k.drive_km,
        person_nights=k.person_nights,
        visits_changed=len(moved),
        consultants_changed=len(diff.consultants),
        rider_days_changed=sum(len(c.dates_added) + len(c.dates_removed) for c in diff.consultants),
        weeks_changed=len(weeks),
        violations=len(check_plan(changed, after)),
        seconds=round(seconds, 1),
    )


def _dates(before: Plan, after: Plan, visit: str) -> set[date]:
    return {r.date for plan in (before, after) for r in plan.routes for s in r.stops if s.visit == visit}


def _earlier_plan(problem: Problem, limit: float, processes: int, path: Path | None) -> Plan:
    """The plan re-planned: solved (seed 1), or read from `path` so that variants meet the same one."""
    if path is not None and path.exists():
        return Plan.model_validate_json(path.read_text(encoding="utf-8"))
    plan = solve(problem, SolveOptions(time_limit=limit, seed=1, processes=processes))
    if path is not None:
        path.write_text(plan.model_dump_json(), encoding="utf-8")
    return plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-limit", type=float, default=60.0, help="seconds for the earlier plan")
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds for each re-plan")
    parser.add_argument("--processes", type=int, default=default_processes())
    parser.add_argument("--base", type=Path, help="the earlier plan's file: read if it exists, else written")
    args = parser.parse_args()
    problem = resolve_locations(make_demo(850, 1))
    options = SolveOptions(time_limit=args.time_limit, seed=1, processes=args.processes)
    before = _earlier_plan(problem, args.base_limit, args.processes, args.base)
    rows = [
        asdict(measure(problem, before, name, change, options, fresh))
        for name, change in changes(problem).items()
        for fresh in (False, True)
    ]
    k = before.kpis
    head = (
        f"# Re-planning the demo from {FREEZE} (earlier plan: {args.base_limit:g} s, {k.visits_served} served, "
        f"{k.cost / 1e6:.2f} M won; each re-plan {args.time_limit:g} s, {args.processes} processes)\n\n"
        f"Visits changed: van, day, hours or team differ from the earlier plan (new requests not counted). "
        f"Rider-days changed: days a consultant now rides or no longer rides.\n"
    )
    RESULTS.mkdir(exist_ok=True)
    text = head + "\n" + table(rows) + "\n"
    (RESULTS / "replan.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
