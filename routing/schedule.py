"""From an ordered trip to times: the van's timeline on a clock that skips the nights.

A trip's "axis" counts working minutes from the first day's workday start; day j covers
[j*W, (j+1)*W). A drive that crosses an axis day boundary is split there: the van drives
until the workday ends, sleeps where it got to (the lodging) and drives on next morning.
Every time here is computed from the travel matrix, never taken from the routing model,
so what the plan says is what the van can do.
"""

from dataclasses import dataclass

from routing.instance import Instance
from routing.trips import Trip

DEPOT = -1  # travel-matrix visit index of the depot (matrix row 0)


@dataclass(frozen=True)
class Home:
    """The van sleeps at the depot before axis day `day` (it is back by the boundary)."""

    day: int


@dataclass(frozen=True)
class Drive:
    origin: int  # visit index, or DEPOT
    target: int
    begin: int  # axis minutes
    end: int
    km: float


@dataclass(frozen=True)
class Visiting:
    visit: int
    begin: int
    end: int


Event = Drive | Visiting


def travel(instance: Instance, a: int, b: int) -> tuple[float, int]:
    km = float(instance.travel.km[a + 1, b + 1])
    return km, int(instance.travel.minutes[a + 1, b + 1])


def start_intervals(instance: Instance, trip: Trip, visit_index: int) -> list[tuple[int, int]]:
    """Axis intervals in which the visit may start, on the trip's days inside its date range."""
    visit = instance.problem.visits[visit_index]
    width = instance.workday_minutes
    intervals = []
    for j, day in enumerate(trip.days):
        if visit.earliest_date <= day <= visit.latest_date:
            for start, end in instance.windows(visit):
                intervals.append((j * width + start, j * width + end - visit.duration_minutes))
    return intervals


def timeline(instance: Instance, trip: Trip, sequence: list[int | Home]) -> tuple[list[Event], list[int]]:
    """Earliest times for the sequence; visits that cannot be fitted are left out and returned."""
    kept: list[int | Home] = list(sequence)
    while True:
        events, dropped = _forward(instance, trip, kept)
        if events is not None:
            return events, dropped
        last = max(i for i, item in enumerate(kept) if isinstance(item, int))
        dropped_last = kept.pop(last)
        assert isinstance(dropped_last, int)
        events, more = _forward(instance, trip, kept)
        if events is not None:
            return events, [*more, dropped_last]


def _forward(instance: Instance, trip: Trip, sequence: list[int | Home]) -> tuple[list[Event] | None, list[int]]:
    width = instance.workday_minutes
    events: list[Event] = []
    dropped: list[int] = []
    here, clock = DEPOT, 0
    for item in sequence:
        if isinstance(item, Home):
            km, minutes = travel(instance, here, DEPOT)
            if here == DEPOT or clock + minutes > item.day * width:
                continue  # already home, or cannot be back in time: stay out instead
            events.append(Drive(here, DEPOT, clock, clock + minutes, km))
            here, clock = DEPOT, item.day * width
            continue
        km, minutes = travel(instance, here, item)
        begin = _earliest_start(start_intervals(instance, trip, item), clock + minutes)
        if begin is None:
            dropped.append(item)
            continue
        events.append(Drive(here, item, clock, clock + minutes, km))
        end = begin + instance.problem.visits[item].duration_minutes
        events.append(Visiting(item, begin, end))
        here, clock = item, end
    km, minutes = travel(instance, here, DEPOT)
    if clock + minutes > len(trip.days) * width:
        return None, dropped
    events.append(Drive(here, DEPOT, clock, clock + minutes, km))
    return events, dropped


def _earliest_start(intervals: list[tuple[int, int]], arrival: int) -> int | None:
    starts = [max(lo, arrival) for lo, hi in intervals if max(lo, arrival) <= hi]
    return min(starts) if starts else None


def daily_drive(instance: Instance, trip: Trip, events: list[Event]) -> list[int]:
    """Minutes driven on each trip day, each drive split at the day boundaries."""
    width = instance.workday_minutes
    totals = [0] * len(trip.days)
    for event in events:
        if isinstance(event, Drive):
            for j in range(len(trip.days)):
                totals[j] += max(0, min(event.end, (j + 1) * width) - max(event.begin, j * width))
    return totals


def over_limit_day(instance: Instance, trip: Trip, events: list[Event]) -> int | None:
    for j, minutes in enumerate(daily_drive(instance, trip, events)):
        if minutes > instance.problem.policy.max_drive_minutes_per_day:
            return j
    return None


def repair_drive_limit(
    instance: Instance, trip: Trip, sequence: list[int | Home], weight: dict[int, float]
) -> tuple[list[Event], list[int | Home], list[int]]:
    """Leave out visits until no day drives more than the limit; return events, sequence, left out."""
    sequence = list(sequence)
    left_out: list[int] = []
    while True:
        events, dropped = timeline(instance, trip, sequence)
        sequence = [s for s in sequence if s not in dropped]
        left_out += dropped
        day = over_limit_day(instance, trip, events)
        if day is None:
            return events, sequence, left_out
        victim = _cheapest_relief(instance, trip, sequence, day, weight)
        sequence.remove(victim)
        left_out.append(victim)


def _cheapest_relief(
    instance: Instance, trip: Trip, sequence: list[int | Home], day: int, weight: dict[int, float]
) -> int:
    """The visit whose removal best relieves `day`'s driving, the least important on ties."""
    limit = instance.problem.policy.max_drive_minutes_per_day
    best: tuple[float, float, int] | None = None
    for item in sequence:
        if not isinstance(item, int):
            continue
        trial = [s for s in sequence if s != item]
        events, _ = timeline(instance, trip, trial)
        excess = sum(max(0, m - limit) for m in daily_drive(instance, trip, events))
        key = (excess, weight.get(item, 1.0), item)
        if best is None or key < best:
            best = key
    assert best is not None, "a day over the driving limit always has a visit to leave out"
    return best[2]
