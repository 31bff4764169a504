"""From an ordered trip to times: the van's timeline on a clock that skips the nights.

A trip's "axis" counts working minutes from the first day's workday start; day j covers
[j*W, (j+1)*W). A drive that crosses an axis day boundary is split there: the van drives
until the workday ends, sleeps where it got to (the lodging) and drives on next morning.
Every time here is computed from the travel matrix, never taken from the routing model,
so what the plan says is what the van can do.
"""

from dataclasses import dataclass
from datetime import date

from routing.instance import Instance
from routing.trips import Trip

DEPOT = -1  # travel-matrix visit index of the depot (matrix row 0)


@dataclass(frozen=True)
class Home:
    """The van sleeps at the depot before axis day `day` (it is back by the boundary)."""

    day: int


@dataclass(frozen=True)
class Drive:
    """A piece of the drive from `origin` to `target`, inside one day: from share a to share b of the leg."""

    origin: int  # visit index, or DEPOT
    target: int
    begin: int  # axis minutes
    end: int
    km: float  # of this piece
    share_from: float = 0.0
    share_to: float = 1.0


@dataclass(frozen=True)
class Visiting:
    visit: int
    begin: int
    end: int


Event = Drive | Visiting


def travel(instance: Instance, a: int, b: int) -> tuple[float, int]:
    km = float(instance.travel.km[a + 1, b + 1])
    return km, int(instance.travel.minutes[a + 1, b + 1])


OpenDays = dict[int, list[date]]  # visit -> the days its team can be formed (all its dates if absent)


def start_intervals(instance: Instance, trip: Trip, visit_index: int, open_days: OpenDays) -> list[tuple[int, int]]:
    """Axis intervals in which the visit may start, on the trip's days open to it."""
    visit = instance.problem.visits[visit_index]
    width = instance.workday_minutes
    days = open_days.get(visit_index)
    intervals = []
    for j, day in enumerate(trip.days):
        if visit.earliest_date <= day <= visit.latest_date and (days is None or day in days):
            for start, end in instance.windows(visit):
                intervals.append((j * width + start, j * width + end - visit.duration_minutes))
    return intervals


def timeline(
    instance: Instance, trip: Trip, sequence: list[int | Home], open_days: OpenDays
) -> tuple[list[Event], list[int]]:
    """Earliest times for the sequence; visits that cannot be fitted are left out and returned."""
    kept: list[int | Home] = list(sequence)
    late: list[int] = []
    while True:
        events, dropped = _forward(instance, trip, kept, open_days)
        if events is not None:
            return events, [*dropped, *late]
        last = max(i for i, item in enumerate(kept) if isinstance(item, int))
        popped = kept.pop(last)
        assert isinstance(popped, int)
        late.append(popped)


def _forward(
    instance: Instance, trip: Trip, sequence: list[int | Home], open_days: OpenDays
) -> tuple[list[Event] | None, list[int]]:
    width = instance.workday_minutes
    events: list[Event] = []
    dropped: list[int] = []
    driven = [0] * (len(trip.days) + 1)
    here, clock = DEPOT, 0
    for item in sequence:
        if isinstance(item, Home):
            if here == DEPOT:
                clock = max(clock, item.day * width)
                continue
            home = _drive(instance, here, DEPOT, clock, list(driven))
            if home is None or home[1] > item.day * width:
                continue  # cannot be back in time: stay out instead
            events += home[0]
            driven = home[2]
            here, clock = DEPOT, item.day * width
            continue
        leg = _drive(instance, here, item, clock, list(driven))
        begin = None if leg is None else _earliest_start(start_intervals(instance, trip, item, open_days), leg[1])
        if leg is None or begin is None:
            dropped.append(item)
            continue
        events += leg[0]
        driven = leg[2]
        end = begin + instance.problem.visits[item].duration_minutes
        events.append(Visiting(item, begin, end))
        here, clock = item, end
    back = _drive(instance, here, DEPOT, clock, driven)
    if back is None or back[1] > len(trip.days) * width:
        return None, dropped
    events += back[0]
    return events, dropped


def _drive(
    instance: Instance, origin: int, target: int, clock: int, driven: list[int]
) -> tuple[list[Drive], int, list[int]] | None:
    """Drive as early as the workday and the daily driving limit allow, sleeping on the way if needed.

    Returns the pieces (each inside one day), the arrival time and the updated minutes driven per day;
    None when the drive would need a night the policy does not allow.
    """
    width, limit = instance.workday_minutes, instance.drive_limit
    km, minutes = travel(instance, origin, target)
    pieces: list[Drive] = []
    done = 0
    while done < minutes or not pieces:
        day = clock // width
        if day >= len(driven):
            return None
        take = min(minutes - done, limit - driven[day], (day + 1) * width - clock)
        if take <= 0 and done < minutes:
            if not instance.problem.policy.overnight.allowed:
                return None
            clock = (day + 1) * width  # sleep where the van is, drive on in the morning
            continue
        share_from, share_to = done / minutes if minutes else 0.0, (done + take) / minutes if minutes else 1.0
        pieces.append(Drive(origin, target, clock, clock + take, km * (share_to - share_from), share_from, share_to))
        driven[day] += take
        done, clock = done + take, clock + take
    return pieces, clock, driven


def _earliest_start(intervals: list[tuple[int, int]], arrival: int) -> int | None:
    starts = [max(lo, arrival) for lo, hi in intervals if max(lo, arrival) <= hi]
    return min(starts) if starts else None


def daily_drive(instance: Instance, trip: Trip, events: list[Event]) -> list[int]:
    """Minutes driven on each trip day (each drive piece lies inside one day)."""
    width = instance.workday_minutes
    totals = [0] * len(trip.days)
    for event in events:
        if isinstance(event, Drive) and event.end > event.begin:
            totals[event.begin // width] += event.end - event.begin
    return totals
