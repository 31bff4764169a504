"""What moved between two plans: per visit and per consultant, for a coordinator to call people."""

from collections import defaultdict
from datetime import date

from pydantic import BaseModel

from models import Plan
from models.clock import format_clock


class VisitChange(BaseModel):
    visit: str
    change: str  # "added", "dropped", "moved", "retimed", "team"
    before: str | None = None
    after: str | None = None


class ConsultantChange(BaseModel):
    consultant: str
    dates_added: list[date]
    dates_removed: list[date]
    visits_added: list[str]
    visits_removed: list[str]


class PlanDiff(BaseModel):
    visits: list[VisitChange]
    consultants: list[ConsultantChange]


def _placements(plan: Plan) -> dict[str, tuple[str, date, int, int, tuple[str, ...]]]:
    return {
        s.visit: (r.van, r.date, s.start, s.end, tuple(sorted(s.consultants))) for r in plan.routes for s in r.stops
    }


def _describe(place: tuple[str, date, int, int, tuple[str, ...]]) -> str:
    van, day, start, end, team = place
    return f"{van} {day} {format_clock(start)}-{format_clock(end)} {','.join(team)}"


def plan_diff(before: Plan, after: Plan) -> PlanDiff:
    old, new = _placements(before), _placements(after)
    changes = []
    for visit in sorted(old.keys() | new.keys()):
        a, b = old.get(visit), new.get(visit)
        if a == b:
            continue
        if a is None or b is None:
            kind = "added" if a is None else "dropped"
        elif a[:2] != b[:2]:
            kind = "moved"
        elif a[2:4] != b[2:4]:
            kind = "retimed"
        else:
            kind = "team"
        changes.append(VisitChange(visit=visit, change=kind, before=a and _describe(a), after=b and _describe(b)))
    return PlanDiff(visits=changes, consultants=_consultant_changes(before, after))


def _consultant_changes(before: Plan, after: Plan) -> list[ConsultantChange]:
    def schedule(plan: Plan) -> tuple[dict[str, set[date]], dict[str, set[str]]]:
        days: dict[str, set[date]] = defaultdict(set)
        visits: dict[str, set[str]] = defaultdict(set)
        for route in plan.routes:
            for c in route.crew:
                days[c].add(route.date)
            for stop in route.stops:
                for c in stop.consultants:
                    visits[c].add(stop.visit)
        return days, visits

    (old_days, old_visits), (new_days, new_visits) = schedule(before), schedule(after)
    out = []
    for c in sorted(old_days.keys() | new_days.keys()):
        change = ConsultantChange(
            consultant=c,
            dates_added=sorted(new_days[c] - old_days[c]),
            dates_removed=sorted(old_days[c] - new_days[c]),
            visits_added=sorted(new_visits[c] - old_visits[c]),
            visits_removed=sorted(old_visits[c] - new_visits[c]),
        )
        if change.dates_added or change.dates_removed or change.visits_added or change.visits_removed:
            out.append(change)
    return out
