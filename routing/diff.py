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
    dates_changed: list[date] = []  # riding both times, in another van
    visits_changed: list[str] = []  # theirs both times, at another time, day or van


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
    return PlanDiff(visits=changes, consultants=_consultant_changes(before, after, old, new))


def _consultant_changes(before: Plan, after: Plan, old: dict, new: dict) -> list[ConsultantChange]:
    """Per consultant: days and visits gained or lost, and those kept but changed (another van that
    day; a visit at another time, day or van), since each of these is a call to make."""

    def schedule(plan: Plan) -> tuple[dict[str, dict[date, str]], dict[str, set[str]]]:
        vans: dict[str, dict[date, str]] = defaultdict(dict)
        visits: dict[str, set[str]] = defaultdict(set)
        for route in plan.routes:
            for c in route.crew:
                vans[c][route.date] = route.van
            for stop in route.stops:
                for c in stop.consultants:
                    visits[c].add(stop.visit)
        return vans, visits

    (old_vans, old_visits), (new_vans, new_visits) = schedule(before), schedule(after)
    out = []
    for c in sorted(old_vans.keys() | new_vans.keys()):
        was, now = old_vans[c], new_vans[c]
        kept = old_visits[c] & new_visits[c]
        change = ConsultantChange(
            consultant=c,
            dates_added=sorted(now.keys() - was.keys()),
            dates_removed=sorted(was.keys() - now.keys()),
            visits_added=sorted(new_visits[c] - old_visits[c]),
            visits_removed=sorted(old_visits[c] - new_visits[c]),
            dates_changed=sorted(d for d in was.keys() & now.keys() if was[d] != now[d]),
            visits_changed=sorted(v for v in kept if old[v][:4] != new[v][:4]),
        )
        if any(
            (
                change.dates_added,
                change.dates_removed,
                change.visits_added,
                change.visits_removed,
                change.dates_changed,
                change.visits_changed,
            )
        ):
            out.append(change)
    return out
