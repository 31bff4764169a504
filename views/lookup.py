"""Look-ups shared by pages, exports and maps: who and where a plan's ids refer to.

A plan alone can be drawn (our solver writes company and lat/lon on each stop);
with the problem at hand names, addresses and skills are filled in as well.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from models import Consultant, Plan, Problem, Route, Stop, Visit
from routing import regions
from views.labels import van_colour


@dataclass(frozen=True)
class Lookup:
    """Visits and consultants of a problem by id; empty when there is no problem."""

    visits: dict[str, Visit] = field(default_factory=dict)
    consultants: dict[str, Consultant] = field(default_factory=dict)
    depot_name: str = "본사"

    @classmethod
    def of(cls, problem: Problem | None) -> "Lookup":
        if problem is None:
            return cls()
        return cls(
            visits={v.id: v for v in problem.visits},
            consultants={c.id: c for c in problem.consultants},
            depot_name=problem.depot.name or problem.depot.id,
        )

    def company(self, stop: Stop) -> str:
        visit = self.visits.get(stop.visit)
        return stop.company or (visit.company if visit else "") or stop.visit

    def point(self, stop: Stop) -> tuple[float, float] | None:
        """The stop's coordinates, else its visit's; None when neither has them."""
        if stop.lat is not None and stop.lon is not None:
            return (stop.lat, stop.lon)
        visit = self.visits.get(stop.visit)
        if visit is not None and visit.lat is not None and visit.lon is not None:
            return (visit.lat, visit.lon)
        return None

    def address(self, visit_id: str) -> str:
        visit = self.visits.get(visit_id)
        return (visit.address or visit.region or "") if visit else ""

    def skills(self, visit_id: str) -> tuple[str, ...]:
        visit = self.visits.get(visit_id)
        return visit.skills if visit else ()

    def person(self, consultant_id: str) -> str:
        """'김영호 (C01)', or the bare id when the problem does not name them."""
        consultant = self.consultants.get(consultant_id)
        return f"{consultant.name} ({consultant_id})" if consultant and consultant.name else consultant_id

    def people(self, consultant_ids: tuple[str, ...]) -> str:
        return ", ".join(self.person(c) for c in consultant_ids)


def route_points(route: Route, lookup: Lookup) -> list[tuple[float, float]]:
    """Start, every located stop, end: the line a van drives that day."""
    stops = [p for p in (lookup.point(s) for s in route.stops) if p is not None]
    return [(route.start.lat, route.start.lon), *stops, (route.end.lat, route.end.lon)]


def place_name(lat: float, lon: float) -> str:
    """The nearest municipality, '창원시 성산구 (Changwon-si Seongsan-gu)': names a lodging."""
    return regions.nearest(lat, lon).display


def visit_province(visit: Visit) -> str | None:
    """Province (Korean) of a visit, by its point or else by the names in its address."""
    if visit.lat is not None and visit.lon is not None:
        return regions.province_of(visit.lat, visit.lon)
    found = regions.locate(visit.address, visit.region)
    return found.province_ko if found else None


def van_ids(problem: Problem | None, used: Iterable[str] = ()) -> list[str]:
    """Vans in the problem's order (so colours stay put across plans), then any only a plan names."""
    known = [v.id for v in problem.vans] if problem else []
    return known + sorted(set(used) - set(known))


def van_colours(problem: Problem | None, used: Iterable[str] = ()) -> dict[str, str]:
    return {van: van_colour(k) for k, van in enumerate(van_ids(problem, used))}


def route_of(plan: Plan, consultant_id: str, day: date) -> Route | None:
    """The route whose crew the consultant rides on that date (at most one, by the contract)."""
    return next((r for r in plan.routes if r.date == day and consultant_id in r.crew), None)
