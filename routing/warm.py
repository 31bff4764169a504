"""Starting from an earlier plan (a re-plan): which of its weeks still hold as they are.

A coordinator who re-plans because one consultant fell ill for a week has told everyone else
where they ride: a plan made afresh changed 726 of the demo's visits and 478 rider-days in 21
weeks after the freeze date, and cost 5 M won more than the plan it replaced (a 30 s re-plan of
a 60 s plan, `benchmarks/replan.py`). Starting from the earlier plan, only the weeks the change
breaks, and those that may take a visit left open, are planned again: 84 visits, 36 rider-days,
3 weeks, at the earlier plan's cost.
"""

from collections.abc import Sequence
from datetime import date

from models import Kpis, Plan, Problem, Route
from routing.check import check_plan


def routes_by_week(calendar: Sequence[tuple[date, ...]], routes: Sequence[Route]) -> list[list[Route]]:
    """The routes on each week's days, in the calendar's order (routes on no working day are left out)."""
    week_of = {day: k for k, days in enumerate(calendar) for day in days}
    by_week: list[list[Route]] = [[] for _ in calendar]
    for route in sorted(routes, key=lambda r: (r.date, r.van)):
        if route.date in week_of:
            by_week[week_of[route.date]].append(route)
    return by_week


def week_holds(problem: Problem, routes: Sequence[Route], calendar_week: tuple[date, ...]) -> bool:
    """Whether one week's routes keep every rule of the (changed) problem on their own: every
    visit they serve still requested, every rider free, every van available, every day a working day."""
    if any(r.date not in calendar_week for r in routes):
        return False
    served = {s.visit for r in routes for s in r.stops}
    known = {v.id for v in problem.visits}
    if not served <= known:
        return False
    week = problem.model_copy(update={"visits": tuple(v for v in problem.visits if v.id in served)})
    # The check reads routes only; the document needs figures, which it does not weigh.
    count = len(served)
    figures = Kpis(visits_total=count, visits_served=count, drive_km=0, person_nights=0, cost=0, solve_seconds=0)
    return not check_plan(week, Plan(problem=problem.name, routes=tuple(routes), kpis=figures))
