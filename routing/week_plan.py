"""Plan one week: route with every consultant imagined in every van, choose crews for where
the vans went, route again with the real crews, then fit teams and times stop by stop."""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date

from models import Route
from routing.crews import CrewNeeds, TripDay, aboard_whole_outings, assign_teams, can_ride, choose_crews, riders
from routing.emit import trip_routes
from routing.instance import Instance
from routing.schedule import DEPOT, Drive, Event, Home, OpenDays, Visiting, timeline
from routing.teams import team_fits
from routing.trips import Trip
from routing.week_model import WeekModel, solve_week

SERVE_VALUE = 10_000_000  # cost units (won) of serving a visit of value 1: serving comes first
INSERTION_TRIES = 8  # places tried when putting back a visit a trip had to drop


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
    initial: list[list[int | Home]] | None = None,
    crews: list[tuple[str, ...]] | None = None,
) -> WeekResult:
    """Routes for one week; `initial` (visits and nights home per trip, in order) warm-starts the search.

    With `crews` (one per trip, e.g. those riding now) the week is routed for them alone, all its
    time on the routes: a start that keeps them is kept or bettered, never lost to new crews.

    Choosing crews anew, the routing with everyone aboard gets half the time and the routing
    with the crews 0.4 (the crews take a few milliseconds). Measured on the improvement phase
    (29 s of re-solves from eight saved province plans of the demo): 0.65 and 0.25 ended at
    53.9 M won against 53.2 M; the second routing given all the time left after the crews (about
    a tenth more) ended where it did on seven plans of eight: it finds its best within about half
    a second.
    """
    if not trips or not candidates:
        return WeekResult([], set())
    pins = _pinned_trip_days(instance, trips, candidates)
    start = initial
    if crews is None:
        riders = [[c for c in instance.problem.consultants if can_ride(instance, c, trip)] for trip in trips]
        relaxed = _week_model(instance, trips, candidates, value, riders, pins)
        start = solve_week(instance, relaxed, time_limit * 0.5, initial=initial, on_solution=on_solution)
        where = _where(instance, trips, start, relaxed.open_days)
        needs = CrewNeeds(where, value, _forced(instance, trips, candidates, pins))
        crews = choose_crews(instance, trips, needs, seed, min(10.0, time_limit * 0.1))
        time_limit *= 0.4
    people = {c.id: c for c in instance.problem.consultants}
    crewed = [[people[c] for c in crew] for crew in crews]
    final = _week_model(instance, trips, candidates, value, crewed, pins, with_wishes=True)
    second = solve_week(instance, final, time_limit, initial=start, on_solution=on_solution)
    routes: list[Route] = []
    served: set[int] = set()
    for t, trip in enumerate(trips):
        trip_served, trip_routes_ = _finish_trip(instance, trip, second[t], crews[t], value, final.open_days, seed)
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
                pins[v] = (t, instance.day_index[pin.date])
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
    with_wishes: bool = False,
) -> WeekModel:
    allowed: dict[int, list[int]] = {}
    open_days: dict[int, list[date]] = {}
    for v in candidates:
        if v in pins:
            t, slot = pins[v]
            allowed[v] = [t]
            open_days[v] = [d for d in trips[t].days if instance.day_index[d] == slot]
            continue
        servable = _servable_days(instance, v, trips, crews)
        if servable:
            allowed[v] = sorted({t for t, _ in servable})
            open_days[v] = sorted({d for _, d in servable})
    night = instance.problem.policy.overnight.cost_per_person_night
    # The first pass, with everyone imagined aboard, prices a night for a full van. Pricing it for
    # the crews that end up riding (3 or 4 and the driver) was tried: 56.6 and 56.4 M won against
    # 56.3 M (province plans, demo, seeds 1-4), so the full van stays.
    driver = 1 if instance.problem.policy.driver_takes_seat else 0
    nights = [int(night * (min(len(c), instance.seats(t.van)) + driver)) for t, c in zip(trips, crews, strict=True)]
    return WeekModel(
        trips=trips,
        candidates=[v for v in candidates if v in allowed],
        allowed=allowed,
        penalty={v: int(SERVE_VALUE * value[v]) for v in allowed},
        night_cost=nights,
        open_days=open_days,
        pinned=set(pins),
        unwished=_unwished(instance, allowed, crews) if with_wishes else {},
    )


def _unwished(instance: Instance, allowed: dict[int, list[int]], crews: list[list]) -> dict[int, set[int]]:
    """trip -> visits it may serve although none of their preferred consultants rides in it."""
    aboard = [{c.id for c in crew} for crew in crews]
    out: dict[int, set[int]] = {}
    for v, trips in allowed.items():
        wished = set(instance.problem.visits[v].preferred_consultants)
        for t in trips:
            if wished and not wished & aboard[t]:
                out.setdefault(t, set()).add(v)
    return out


def _servable_days(instance: Instance, v: int, trips: list[Trip], crews: list[list]) -> list[tuple[int, date]]:
    """(trip, day) pairs on which the trip's crew present that day could form the visit's team."""
    visit = instance.problem.visits[v]
    return [
        (t, d)
        for t, trip in enumerate(trips)
        for d in trip.days
        if visit.earliest_date <= d <= visit.latest_date
        and team_fits(visit.skills, visit.team_size, _crew_of_day(crews[t], d), instance.seats(trip.van))
    ]


def _crew_of_day(crew: list, day: date) -> list:
    return [c for c in crew if day not in c.unavailable_dates]


def _where(
    instance: Instance, trips: list[Trip], sequences: list[list[int | Home]], open_days: OpenDays
) -> dict[int, tuple[int, int]]:
    where = {}
    for t, (trip, sequence) in enumerate(zip(trips, sequences, strict=True)):
        events, _ = timeline(instance, trip, sequence, open_days)
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
    open_days: OpenDays,
    seed: int,
) -> tuple[set[int], list[Route]]:
    """Times, the driving limit and teams for one trip; what cannot be kept goes back to the pool."""
    settle = _Settler(instance, trip, crew, value, open_days, seed)
    events, sequence, teams, left_out = settle(sequence)
    for visit in sorted(left_out, key=lambda v: -value[v]):
        better = _reinsert(instance, settle, sequence, visit, events)
        if better is not None:
            events, sequence, teams = better
    crew_by_day = riders(_trip_days(instance, trip, events, crew, settle.pinned_people(sequence)), teams)
    served = {e.visit for e in events if isinstance(e, Visiting)}
    return served, trip_routes(instance, trip, events, crew_by_day, teams)


@dataclass(frozen=True)
class _Settler:
    """Fix a trip's sequence until it keeps the driving limit and every stop has a team."""

    instance: Instance
    trip: Trip
    crew: tuple[str, ...]
    value: dict[int, float]
    open_days: OpenDays
    seed: int

    def pinned_people(self, sequence: list[int | Home]) -> set[str]:
        visits = self.instance.problem.visits
        return {c for v in sequence if isinstance(v, int) and (pin := visits[v].pinned) for c in pin.consultants}

    def __call__(self, sequence: list[int | Home]) -> tuple[list[Event], list[int | Home], dict, list[int]]:
        visits = self.instance.problem.visits
        pinned = {v: visits[v].pinned.consultants for v in sequence if isinstance(v, int) and visits[v].pinned}  # type: ignore[union-attr]
        left_out: list[int] = []
        while True:
            events, dropped = timeline(self.instance, self.trip, sequence, self.open_days)
            sequence = [v for v in sequence if v not in dropped]
            left_out += dropped
            days = _trip_days(self.instance, self.trip, events, self.crew, self.pinned_people(sequence))
            teams = assign_teams(self.instance, days, self.value, pinned, self.seed)
            missing = [e.visit for e in events if isinstance(e, Visiting) and e.visit not in teams]
            if not missing:
                return events, sequence, teams, left_out
            left_out += missing
            sequence = [s for s in sequence if s not in missing]


def _reinsert(
    instance: Instance, settle: _Settler, sequence: list[int | Home], visit: int, events: list[Event]
) -> tuple[list[Event], list[int | Home], dict] | None:
    """Put a visit the trip had to drop back at the cheapest place where everything else still fits,
    or else at the start of one of the trip's days.

    The routing does not count visits a day against the crew's daily limits, and packs the trip
    into as few days as the hours allow (saving the drives out): one consultant doing two visits
    a day, ten visits nearby, came out as six on Tuesday, four on Wednesday, none later; the
    cheapest places to put back the four dropped lie inside those full days. Each day's start
    is where a visit lands on a day with room."""
    kept = {v for v in sequence if isinstance(v, int)}
    cheapest = _cheapest_positions(instance, sequence, visit)[:INSERTION_TRIES]
    for position in dict.fromkeys([*cheapest, *_day_starts(instance, sequence, events)]):
        trial = [*sequence[:position], visit, *sequence[position:]]
        events, settled, teams, _ = settle(trial)
        if {e.visit for e in events if isinstance(e, Visiting)} == kept | {visit}:
            return events, settled, teams
    return None


def _day_starts(instance: Instance, sequence: list[int | Home], events: list[Event]) -> list[int]:
    """Places in the sequence where a day begins: its start, after each night at home, before
    each day's first visit, and its end."""
    width = instance.workday_minutes
    first_of_day: dict[int, int] = {}
    for event in events:
        if isinstance(event, Visiting):
            first_of_day.setdefault(event.begin // width, event.visit)
    starts = [0] + [k + 1 for k, item in enumerate(sequence) if isinstance(item, Home)]
    starts += [sequence.index(v) for v in first_of_day.values() if v in sequence]
    return sorted({*starts, len(sequence)})


def _cheapest_positions(instance: Instance, sequence: list[int | Home], visit: int) -> list[int]:
    km = instance.travel.km
    points = [0] + [v + 1 if isinstance(v, int) else 0 for v in sequence] + [0]
    detour = [
        km[points[i], visit + 1] + km[visit + 1, points[i + 1]] - km[points[i], points[i + 1]]
        for i in range(len(points) - 1)
    ]
    return sorted(range(len(detour)), key=lambda i: (detour[i], i))


def _crew_on(instance: Instance, crew: list[str], day: date) -> tuple[str, ...]:
    away = {c.id for c in instance.problem.consultants if day in c.unavailable_dates}
    return tuple(c for c in crew if c not in away)


def _trip_days(
    instance: Instance, trip: Trip, events: list[Event], crew: tuple[str, ...], pinned: Collection[str] = ()
) -> list[TripDay]:
    width = instance.workday_minutes
    days = [
        TripDay(
            crew=_crew_on(instance, list(crew), day),
            stops=tuple(e.visit for e in events if isinstance(e, Visiting) and e.begin // width == j),
            night_out=j + 1 < len(trip.days) and not _home_by(events, (j + 1) * width),
        )
        for j, day in enumerate(trip.days)
    ]
    return aboard_whole_outings(days, pinned)


def _home_by(events: list[Event], boundary: int) -> bool:
    """Whether the van is at the depot at this night's boundary: it has not left yet, or its last
    drive before it ended there."""
    before = [e for e in events if e.begin < boundary]
    if not before:
        return True
    last = before[-1]
    return isinstance(last, Drive) and last.target == DEPOT and last.share_to >= 1.0 and last.end <= boundary
