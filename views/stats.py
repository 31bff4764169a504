"""Figures the pages show, computed from a problem and its plan."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from models import Plan, Problem, Route
from routing.calendar import working_days
from views.labels import province_label
from views.lookup import visit_province


@dataclass(frozen=True)
class ProvinceStat:
    province: str  # Korean name, the key of kpis.served_share_by_province
    requested: int
    served: int

    @property
    def label(self) -> str:
        return province_label(self.province)

    @property
    def share(self) -> float:
        return self.served / self.requested if self.requested else 0.0


def served_ids(plan: Plan) -> set[str]:
    return {s.visit for r in plan.routes for s in r.stops}


def province_stats(problem: Problem, plan: Plan) -> list[ProvinceStat]:
    """Requests and served visits per province, most requested first; unlocated visits are left out."""
    served = served_ids(plan)
    requested: Counter[str] = Counter()
    done: Counter[str] = Counter()
    for visit in problem.visits:
        province = visit_province(visit)
        if province is None:
            continue
        requested[province] += 1
        done[province] += visit.id in served
    ordered = sorted(requested, key=lambda p: (-requested[p], p))
    return [ProvinceStat(p, requested[p], done[p]) for p in ordered]


def utilisation(problem: Problem, plan: Plan) -> dict[str, float]:
    """Per consultant: days in a crew over the working days they were available."""
    days = working_days(problem.horizon)
    crewed = Counter(c for r in plan.routes for c in r.crew)
    shares = {}
    for consultant in problem.consultants:
        available = sum(1 for d in days if d not in consultant.unavailable_dates)
        shares[consultant.id] = crewed[consultant.id] / available if available else 0.0
    return shares


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weeks(problem: Problem) -> list[date]:
    """The Mondays of every week the horizon touches."""
    first, last = monday(problem.horizon.start), monday(problem.horizon.end)
    return [first + timedelta(weeks=k) for k in range((last - first).days // 7 + 1)]


def week_grid(plan: Plan) -> dict[tuple[date, str], list[Route]]:
    """(Monday, van) -> that van's routes of the week, by date."""
    grid: dict[tuple[date, str], list[Route]] = {}
    for route in sorted(plan.routes, key=lambda r: r.date):
        grid.setdefault((monday(route.date), route.van), []).append(route)
    return grid
