"""A consultant's day: the page they open on a phone (or print) before leaving."""

from dataclasses import dataclass
from datetime import date

from models import Endpoint, Plan, Problem, Route, Stop
from routing.calendar import is_working_day
from views.lookup import Lookup, place_name, route_of
from views.templating import render


@dataclass(frozen=True)
class StopView:
    """One stop as the page shows it; `mine` marks the consultant's own visits."""

    order: int
    stop: Stop
    company: str
    address: str
    skills: tuple[str, ...]
    team: str
    mine: bool


def consultant_day_html(
    problem: Problem, plan: Plan, consultant_id: str, day: date | str, map_html_url: str | None = None
) -> str:
    """The page; raises LookupError for a consultant the problem does not know."""
    if consultant_id not in {c.id for c in problem.consultants}:
        raise LookupError(f"unknown consultant '{consultant_id}'")
    day = date.fromisoformat(day) if isinstance(day, str) else day
    lookup = Lookup.of(problem)
    route = route_of(plan, consultant_id, day)
    stops = _stops(route, consultant_id, lookup) if route else []
    return render(
        "day.html",
        person=lookup.person(consultant_id),
        day=day,
        route=route,
        mine=[s for s in stops if s.mine],
        stops=stops,
        riders=[lookup.person(c) for c in route.crew if c != consultant_id] if route else [],
        start=_place(route.start, lookup) if route else "",
        end=_place(route.end, lookup) if route else "",
        why_empty=_why_empty(problem, consultant_id, day),
        map_html_url=map_html_url,
    )


def _stops(route: Route, consultant_id: str, lookup: Lookup) -> list[StopView]:
    return [
        StopView(
            order=number,
            stop=stop,
            company=lookup.company(stop),
            address=lookup.address(stop.visit),
            skills=lookup.skills(stop.visit),
            team=lookup.people(stop.consultants),
            mine=consultant_id in stop.consultants,
        )
        for number, stop in enumerate(route.stops, start=1)
    ]


def _place(end: Endpoint, lookup: Lookup) -> str:
    return lookup.depot_name if end.kind == "depot" else place_name(end.lat, end.lon)


def _why_empty(problem: Problem, consultant_id: str, day: date) -> str:
    """A hint for the empty state: not a working day, or the consultant is off."""
    if not is_working_day(day, problem.horizon):
        return "근무일이 아니거나 계획 기간 밖입니다 (not a working day of the plan)"
    consultant = next(c for c in problem.consultants if c.id == consultant_id)
    if day in consultant.unavailable_dates:
        return "휴무로 등록된 날입니다 (marked unavailable)"
    return ""
