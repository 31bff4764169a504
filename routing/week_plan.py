"""Plan one week: route with every consultant imagined in every van, choose crews for where
the vans went, route again with the real crews, then fit teams and times stop by stop."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from models import Route
from routing.crews import CrewNeeds, assign_teams, can_ride, choose_crews
from routing.emit import trip_routes
from routing.instance import Instance
from routing.schedule import Event, Home, Visiting, repair_drive_limit, timeline
from routing.teams import team_fits
from routing.trips import Trip
from routing.week_model import WeekModel, solve_week

SERVE_VALUE = 10_000_000  # cost units (won) of serving a visit of value 1: serving comes first


@dataclass(frozen=True)
class WeekResult:
    routes: list[Route]
    served: set[int]


def plan_week(
    instance: Instance,
    trips: list[Trip],
    candidates: list[int],
    value: dict[int, float],
    time_limit: float,
    seed: int,
    on_solution: Callable[[int], None] | None = None,
) -> WeekResult:
    if not trips or not candidates:
        return WeekResult([], set())
    pins = _pinned_trip_days(instance, trips, candidates)
    riders = [[c for c in instance.problem.consultants if can_ride(instance, c, trip)] for trip in trips]
    relaxed = _week_model(instance, trips, candidates, value, riders, pins)
    first = solve_week(instance, relaxed, time_limit * 0.5, on_solution=on_solution)
    needs = CrewNeeds(_where(instance, trips, first), value, _forced(instance, trips, candidates, pins))
    crews = choose_crews(instance, trips, needs, seed, min(10.0, time_limit * 0.1))
    people = {c.id: c for c in instance.problem.consultants}
    crewed = [[people[c] for c in crew] for crew in crews]
    final = _week_model(instance, trips, candidates, value, crewed, pins)
    initial = [[v for v in seq if isinstance(v, int) and t in final.allowed.get(v, [])] for t, seq in enumerate(first)]
    second = solve_week(instance, final, time_limit * 0.4, initial=initial, on_solution=on_solution)
    routes: list[Route] = []
    served: set[int] = set()
    for t, trip in enumerate(trips):
        trip_served, trip_routes_ = _finish_trip(instance, trip, second[t], crews[t], value, seed)
        routes += trip_routes_
        served |= trip_served
    return WeekResult(routes, served)


def _pinned_trip_days(instance: Instance, trips: list[Trip], candidates: list[int]) -> dict[int, tuple[int, int]]:
    """visit -> (trip index, weekday slot) for the pinned visits of this week."""
    pins = {}
    for v in candidates:
        pin = instance.problem.visits[v].pinned
        if pin is None:
            continue
        for t, trip in enumerate(trips):
            if trip.van == pin.van and pin.date in trip.days:
                pins[v] = (t, pin.date.weekday())
    return pins


def _forced(instance: Instance, trips: list[Trip], candidates: list[int], pins: dict) -> dict[int, set[str]]:
    forced: dict[int, set[str]] = {}
    for v, (t, _) in pins.items():
        pin = instance.problem.visits[v].pinned
        assert pin is not None
        forced.setdefault(t, set()).update(pin.consultants)
    return forced


def _week_model(
    instance: Instance,
    trips: list[Trip],
    candidates: list[int],
    value: dict[int, float],
    crews: list[list],
    pins: dict[int, tuple[int, int]],
) -> WeekModel:
    allowed: dict[int, list[int]] = {}
    for v in candidates:
        visit = instance.problem.visits[v]
        if v in pins:
            allowed[v] = [pins[v][0]]
            continue
        ok = [
            t
            for t, trip in enumerate(trips)
            if any(visit.earliest_date <= d <= visit.latest_date for d in trip.days)
            and team_fits(visit.skills, visit.team_size, crews[t], instance.seats(trip.van))
        ]
        if ok:
            allowed[v] = ok
    night = instance.problem.policy.overnight.cost_per_person_night
    driver = 1 if instance.problem.policy.driver_takes_seat else 0
    return WeekModel(
        trips=trips,
        candidates=[v for v in candidates if v in allowed],
        allowed=allowed,
        penalty={v: int(SERVE_VALUE * value[v]) for v in allowed},
        night_cost=[
            int(night * (min(len(crew), instance.seats(trip.van)) + driver))
            for trip, crew in zip(trips, crews, strict=True)
        ],
        pinned_day={v: slot for v, (_, slot) in pins.items()},
    )


def _where(instance: Instance, trips: list[Trip], sequences: list[list[int | Home]]) -> dict[int, tuple[int, int]]:
    where = {}
    for t, (trip, sequence) in enumerate(zip(trips, sequences, strict=True)):
        events, _ = timeline(instance, trip, sequence)
        for event in events:
            if isinstance(event, Visiting):
                where[event.visit] = (t, event.begin // instance.workday_minutes)
    return where


def _finish_trip(
    instance: Instance,
    trip: Trip,
    sequence: list[int | Home],
    crew: tuple[str, ...],
    value: dict[int, float],
    seed: int,
) -> tuple[set[int], list[Route]]:
    """Times, the driving limit and teams for one trip; what cannot be kept goes back to the pool."""
    pinned = {
        v: instance.problem.visits[v].pinned.consultants  # type: ignore[union-attr]
        for v in sequence
        if isinstance(v, int) and instance.problem.visits[v].pinned is not None
    }
    while True:
        events, sequence, _ = repair_drive_limit(instance, trip, sequence, value)
        teams = _teams(instance, trip, events, crew, value, pinned, seed)
        missing = [e.visit for e in events if isinstance(e, Visiting) and e.visit not in teams]
        if not missing:
            break
        sequence = [s for s in sequence if s not in missing]
    used = {c for team in teams.values() for c in team}
    crew_by_day = [_crew_on(instance, [c for c in crew if c in used], day) for day in trip.days]
    served = {e.visit for e in events if isinstance(e, Visiting)}
    return served, trip_routes(instance, trip, events, crew_by_day, teams)


def _crew_on(instance: Instance, crew: list[str], day: date) -> tuple[str, ...]:
    away = {c.id for c in instance.problem.consultants if day in c.unavailable_dates}
    return tuple(c for c in crew if c not in away)


def _teams(
    instance: Instance,
    trip: Trip,
    events: list[Event],
    crew: tuple[str, ...],
    value: dict[int, float],
    pinned: dict[int, tuple[str, ...]],
    seed: int,
) -> dict[int, tuple[str, ...]]:
    teams: dict[int, tuple[str, ...]] = {}
    width = instance.workday_minutes
    for j, day in enumerate(trip.days):
        stops = [e.visit for e in events if isinstance(e, Visiting) and e.begin // width == j]
        if stops:
            teams.update(assign_teams(instance, _crew_on(instance, list(crew), day), stops, value, pinned, seed))
    return teams
