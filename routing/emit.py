"""Cut a trip's timeline into the plan's van-day routes, with lodgings where the van sleeps."""

import math
from dataclasses import dataclass

from models import Endpoint, Route, Stop
from routing.instance import Instance
from routing.schedule import DEPOT, Drive, Event, Visiting
from routing.trips import Trip


@dataclass(frozen=True)
class Leg:
    """A piece of a drive inside one day, ending at `point`."""

    point: tuple[float, float]
    km: float
    minutes: int


def _ceil_km(km: float) -> float:
    return math.ceil(km * 10 - 1e-9) / 10


def _point(instance: Instance, index: int) -> tuple[float, float]:
    if index == DEPOT:
        return (instance.problem.depot.lat, instance.problem.depot.lon)
    visit = instance.problem.visits[index]
    return (visit.lat, visit.lon)  # type: ignore[return-value]


def _position(instance: Instance, drive: Drive) -> tuple[float, float]:
    """Where a drive piece ends: along the straight line between the leg's ends (a lodging on the way)."""
    a, b = _point(instance, drive.origin), _point(instance, drive.target)
    if drive.share_to >= 1.0:
        return b
    share = drive.share_to
    return (round(a[0] + share * (b[0] - a[0]), 5), round(a[1] + share * (b[1] - a[1]), 5))


def _piece(instance: Instance, drive: Drive) -> Leg:
    return Leg(_position(instance, drive), _ceil_km(drive.km), drive.end - drive.begin)


def trip_routes(
    instance: Instance,
    trip: Trip,
    events: list[Event],
    crew_by_day: list[tuple[str, ...]],
    teams: dict[int, tuple[str, ...]],
) -> list[Route]:
    width = instance.workday_minutes
    routes = []
    place = _point(instance, DEPOT)
    for j in range(len(trip.days)):
        lo, hi = j * width, (j + 1) * width
        todays = [e for e in events if lo <= e.begin < hi and (e.end > e.begin or isinstance(e, Visiting))]
        start_kind = "depot" if place == _point(instance, DEPOT) else "lodging"
        if not todays and start_kind == "depot":
            continue
        route = _day_route(instance, trip, j, todays, place, start_kind, crew_by_day[j], teams)
        routes.append(route)
        place = (route.end.lat, route.end.lon)
    return routes


def _day_route(
    instance: Instance,
    trip: Trip,
    j: int,
    todays: list[Event],
    place: tuple[float, float],
    start_kind: str,
    crew: tuple[str, ...],
    teams: dict[int, tuple[str, ...]],
) -> Route:
    width, opening = instance.workday_minutes, instance.problem.policy.workday.start
    lo, hi = j * width, (j + 1) * width
    stops: list[Stop] = []
    pending = Leg(place, 0.0, 0)
    clock = None  # departure time of the previous point, in axis minutes
    for event in todays:
        if isinstance(event, Drive):
            piece = _piece(instance, event)
            pending = Leg(piece.point, _ceil_km(pending.km + piece.km), pending.minutes + piece.minutes)
            continue
        if clock is None:  # leave just in time for the first visit of the day
            clock = max(lo, event.begin - pending.minutes)
            start_time = clock
        stops.append(_stop(instance, event, pending, clock - lo + opening, opening - lo, teams))
        clock, pending = event.end, Leg(_point(instance, event.visit), 0.0, 0)
    if clock is None:
        clock = start_time = lo
    home = pending.point == _point(instance, DEPOT) and (todays and todays[-1].end <= hi)
    end = Endpoint(
        kind="depot" if home else "lodging",
        lat=pending.point[0],
        lon=pending.point[1],
        time=clock + pending.minutes - lo + opening,
        travel_km=pending.km,
        travel_minutes=pending.minutes,
    )
    start = Endpoint(kind=start_kind, lat=place[0], lon=place[1], time=start_time - lo + opening)  # type: ignore[arg-type]
    return Route(
        van=trip.van,
        date=trip.days[j],
        crew=crew,
        start=start,
        stops=tuple(stops),
        end=end,
        drive_km=round(sum(s.travel_km for s in stops) + end.travel_km, 1),  # type: ignore[operator]
        drive_minutes=sum(s.travel_minutes for s in stops) + pending.minutes,
    )


def _stop(instance: Instance, event: Visiting, leg: Leg, departure: int, shift: int, teams: dict) -> Stop:
    """`departure` is already a clock time; `shift` turns axis minutes into clock minutes."""
    visit = instance.problem.visits[event.visit]
    return Stop(
        visit=visit.id,
        consultants=teams[event.visit],
        company=visit.company,
        lat=visit.lat,
        lon=visit.lon,
        travel_km=leg.km,
        travel_minutes=leg.minutes,
        arrival=departure + leg.minutes,
        start=event.begin + shift,
        end=event.end + shift,
    )
