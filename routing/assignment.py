"""Which week serves each visit: a half-year view of where the vans go, before any week is routed.

Routing one week at a time serves every visit the week can fit, wherever it is, so a van
visits Busan on Monday and Gangneung on Thursday and goes back to Busan three weeks later.
Here each van trip is given one or two provinces to work in, and each visit a trip whose
provinces hold it and whose days fall within its dates, so that a province's requests are
served together. Trips are priced by their drive to the provinces and their nights out and
bounded by the hours they have there; a greedy pass in time order sends each trip where its
visits are worth most over its cost, a visit about to lapse being worth more than any trip.

On the demo half-year (120 s) this took the plan from about 68,000 km and 76 M won to 53,500 km
and 57 M won, every feasible visit still served (before preferred consultants were weighed up,
which costs about 8% km: see routing/week_model.py). A CP-SAT model of the same choice, started from
the greedy plan, was tried: 10 s of it gave 53,800 km but 61 M won, so it is not used.

A trip's nights are priced for the crew its visits need (`trip_riders`): everyone aboard sleeps
out, and a crew holds the union of its visits' skills, so a trip to a province whose requests
need three consultants' skills costs more than one a single consultant can serve. On the demo
(province plans alone, 1 s a week, seeds 1-8) this took the plans from 57.9 M won on average
(55.7-59.0) to 55.2 M (54.0-56.5), and the solve at 60 s (two processes, seeds 1-3) from 55.9 to
53.6 M won. Counting the crew by a plain greedy cover of the skills instead (the consultant
holding most missing skills first, over all the trip's visits at once) gave 58.8 M, and that
count plus one 59.1 M: the count that works follows the visits in order of urgency, as the
crew's first members are the ones the lapsing requests need. A fixed three or six people a
night (three was the rule before) gave 57.7 and 57.3 M (seeds 1-4). Leaving out of a trip the
visits that could wait and would need another rider (a crew of at most two, or three, unless a
lapsing visit needs more) gave 59.2 M (seeds 1-4) and 59.2 M (seeds 1-2) against 55.5 M: the
visits left out call for more trips later, and the plans drove 7,000-10,000 km more and slept
out more.

Otherwise the model ignores crews, skills, team sizes and company hours: the weekly routing that
follows keeps every rule and may move a visit to another van of the same week.

The weeks of VROOM's plan of the km-only relaxation (tours along corridors through four or five
provinces) were tried in place of these: the demo's plans drove 6-10% fewer km but cost no less
(two processes, 120 s: 54.2 M won over six runs against 54.1 M; both province plans from them
55.2 M), as they sleep out more. Measured again since (`benchmarks/half_year.py quality`, which
gives a solve those weeks through `SolveOptions.given_weeks`): on the relaxation, routed in
VROOM's weeks, our solver drives 1.02x VROOM's km against 1.38x in these; on the real problem
VROOM's deepest search's weeks gave 50.9 M won against 54.0 M on the demo but 52.65 against 52.68 M
on a second one, its quicker searches' 53.5-55.6 M; since the province plans are due by 40 s
(routing/solver.py), 53.0 M against 52.3 M in these weeks; due by 27 s, 51.9 against 51.1 M. The
README's benchmark section has the numbers.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import combinations, pairwise

import numpy as np

from routing.fairness import province_factors
from routing.instance import Instance
from routing.teams import team_fits
from routing.trips import Trip, trips_of_week

LOCAL_HOP_MINUTES = 25  # driving between two companies of the same province, on average
FILL = 0.8  # of a trip's hours the plan may count on: the routing needs room to fit the real day
PAIR_KM = 160  # two provinces share a trip only when their centres are this close by road (0: 60.5k km)
MOST_SEATS = 9  # a 10-seat van with its driver: the seats only bound teams larger than any request's
PEOPLE_PER_NIGHT = 3  # a typical crew of two and the driver: whether a night out beats the drive home
URGENT = 10**8  # worth of a visit in its last week: more than any trip costs
FLEXIBLE = 20_000  # worth of serving a visit now that could wait: about 65 km of driving
# Rechecked on the final code (demo, province plans at 1 s a week, seeds 1-4, 56.3 M won on
# average as set): FILL 0.7 / 0.9 gave 57.4 / 57.8 M, FLEXIBLE 10,000 / 40,000 59.4 / 56.6 M,
# PAIR_KM 100 / 220 58.9 / 58.6 M, PEOPLE_PER_NIGHT 2 / 4 56.2 / 56.4 M: none better beyond the
# seed-to-seed spread (about 0.5 M).


@dataclass(frozen=True)
class _Area:
    """One or two provinces a trip works in, and the road loop from the depot through their centres."""

    provinces: frozenset[str]
    km: float
    minutes: int


def assign_weeks(
    instance: Instance,
    visits: list[int],
    calendar: list[tuple[date, ...]],
    weight: dict[int, float] | None = None,
    fair: bool = False,
) -> dict[int, int]:
    """visit -> week index (into `calendar`) for the visits the province plan could place.

    `weight` (default 1) scales what serving a visit is worth; with `fair`, so does its
    province's share so far, as in the weekly routing (a province behind the nation counts more).
    """
    trips = sorted(
        ((k, trip) for k, week in enumerate(calendar) for trip in trips_of_week(instance, week)),
        key=lambda kt: (kt[1].days[0], kt[1].van),
    )
    areas = _areas(instance, visits)
    if not trips or not areas:
        return {}
    compatible = _compatible(instance, visits, trips)
    weight = weight or {}
    trip_of = _greedy(instance, trips, areas, compatible, lambda v: weight.get(v, 1.0), fair)
    return {v: trips[t][0] for v, t in trip_of.items()}


def _compatible(instance: Instance, visits: list[int], trips: list[tuple[int, Trip]]) -> dict[int, list[int]]:
    """visit -> the trips (indices, in time order) with a day inside its dates on which the
    consultants not on leave could form its team (a week whose only able consultant is away
    would leave the visit nowhere to go)."""
    present = {d: [c for c in instance.problem.consultants if d not in c.unavailable_dates] for d in instance.days}
    out = {}
    for v in visits:
        visit = instance.problem.visits[v]
        days = set()
        for d in instance.visit_days(visit):
            if team_fits(visit.skills, visit.team_size, present[d], MOST_SEATS):
                days.add(d)
        out[v] = [t for t, (_, trip) in enumerate(trips) if days.intersection(trip.days)]
    return out


def _greedy(
    instance: Instance,
    trips: list[tuple[int, Trip]],
    areas: list[_Area],
    compatible: dict[int, list[int]],
    weight: Callable[[int], float],
    fair: bool,
) -> dict[int, int]:
    """visit -> trip: trip by trip in time order, to the area where its visits are worth most over its cost.

    A visit whose last week has come is worth more than any trip costs, so far provinces are
    visited when a request there is about to lapse, and then every open request there rides along.
    """
    trip_of: dict[int, int] = {}
    last_week = {v: max((trips[t][0] for t in ts), default=-1) for v, ts in compatible.items()}
    by_trip: dict[tuple[int, str], list[int]] = {}  # (trip, province) -> visits it may serve
    for v, ts in compatible.items():
        for t in ts:
            by_trip.setdefault((t, instance.province[v]), []).append(v)
    for t, (week, trip) in enumerate(trips):
        behind = _behind(instance, trip_of, last_week, week) if fair else {}
        best: tuple[float, list[int]] | None = None
        for area in areas:
            here = [v for p in area.provinces for v in by_trip.get((t, p), []) if v not in trip_of]
            here.sort(key=lambda v: (last_week[v], -weight(v), v))
            taken = _fill(instance, here, _working_minutes(instance, trip, area))
            # Weights only split urgent visits: which lapsing request gets the trip when not all can.
            worth = sum(
                URGENT * weight(v) * behind.get(instance.province[v], 1.0) if last_week[v] == week else FLEXIBLE
                for v in taken
            )
            if not taken or worth - _trip_cost(instance, trip, area, 0) <= (0 if best is None else best[0]):
                continue  # not worth it even with no one aboard but the driver: spare counting the crew
            riders = trip_riders(instance, trip, taken, here) if _stays_out(instance, trip, area) else 0
            gain = worth - _trip_cost(instance, trip, area, riders)
            if gain > 0 and (best is None or gain > best[0]):
                best = (gain, taken)
        if best is not None:
            trip_of.update({v: t for v in best[1]})
    return trip_of


def _behind(instance: Instance, trip_of: dict[int, int], last_week: dict[int, int], week: int) -> dict[str, float]:
    closed = ((instance.province[v], v in trip_of) for v, last in last_week.items() if last < week)
    return province_factors(closed)


def _fill(instance: Instance, visits: list[int], minutes: int) -> list[int]:
    """The visits, in order, that fit in `minutes`."""
    taken, used = [], 0
    for v in visits:
        load = instance.problem.visits[v].duration_minutes + LOCAL_HOP_MINUTES
        if used + load <= minutes:
            taken.append(v)
            used += load
    return taken


def trip_riders(instance: Instance, trip: Trip, taken: list[int], open_here: list[int]) -> int:
    """How many consultants a trip that sleeps out takes along: everyone aboard stays out every
    night, and a crew holds every skill its visits need. Counted as a dispatcher builds a crew:
    through the visits, most urgent first, adding for a visit the crew cannot serve the consultant
    free on the trip's days who holds most of its missing skills (of those, the one able to serve
    most of the area's open visits)."""
    visits = instance.problem.visits
    people = instance.problem.consultants
    free = {c.id: set(c.skills) for c in people if any(d not in c.unavailable_dates for d in trip.days)}
    wanted = Counter(frozenset(visits[v].skills) for v in open_here)
    crew: list[str] = []
    held: set[str] = set()
    for v in taken:
        more = _more_riders(set(visits[v].skills), visits[v].team_size - len(crew), held, crew, free, wanted)
        crew += more or []
        held = held.union(*(free[c] for c in more or []))
    return len(crew)


def _more_riders(
    skills: set[str], short: int, held: set[str], crew: list[str], free: dict[str, set[str]], wanted: Counter
) -> list[str] | None:
    """Consultants to add so the crew holds `skills` and `short` more members; None when nobody free
    holds a missing skill (the routing leaves that visit to another trip)."""
    more: list[str] = []
    missing = skills - held
    while missing or len(more) < short:
        others = [c for c in free if c not in crew and c not in more]
        if not others:
            return None
        after = held.union(*(free[c] for c in more))
        best = max(
            others, key=lambda c: (len(missing & free[c]), sum(n for w, n in wanted.items() if w <= after | free[c]))
        )
        if missing and not missing & free[best]:
            return None
        more.append(best)
        missing -= free[best]
    return more


def _areas(instance: Instance, visits: list[int]) -> list[_Area]:
    """Each province alone, and each pair of provinces close enough to share a trip."""
    km = instance.travel.km
    members: dict[str, list[int]] = {}
    for v in visits:
        members.setdefault(instance.province[v], []).append(v)
    centre = {p: _medoid(km, vs) for p, vs in sorted(members.items())}
    areas = [_area(instance, {p}, (c,)) for p, c in centre.items()]
    for (p, a), (q, b) in combinations(centre.items(), 2):
        if km[a + 1, b + 1] <= PAIR_KM:
            areas.append(_area(instance, {p, q}, (a, b)))
    return areas


def _medoid(km: np.ndarray, visits: list[int]) -> int:
    rows = np.array(visits) + 1
    return visits[int(np.argmin(km[np.ix_(rows, rows)].sum(axis=1)))]


def _area(instance: Instance, provinces: set[str], centres: tuple[int, ...]) -> _Area:
    """The area with the road km and minutes of the loop from the depot through its centres and back."""
    legs = list(pairwise([0, *(c + 1 for c in centres), 0]))
    km = sum(float(instance.travel.km[a, b]) for a, b in legs)
    minutes = sum(int(instance.travel.minutes[a, b]) for a, b in legs)
    return _Area(frozenset(provinces), km, minutes)


def _stays_out(instance: Instance, trip: Trip, area: _Area) -> bool:
    """Nights out when a night costs less than driving home and back, or when that drive would take
    more than half of a day's driving (measured: day trips that far drove 62,000 km against 55,000)."""
    policy = instance.problem.policy
    night = PEOPLE_PER_NIGHT * policy.overnight.cost_per_person_night
    too_far = area.minutes > min(instance.drive_limit, instance.workday_minutes) / 2
    return trip.nights > 0 and (night < area.km * policy.cost_per_km or too_far)


def _working_minutes(instance: Instance, trip: Trip, area: _Area) -> int:
    """The most minutes the trip can spend at companies in the area: its days less the drives."""
    drives = area.minutes if _stays_out(instance, trip, area) else len(trip.days) * area.minutes
    return max(0, int(FILL * (len(trip.days) * instance.workday_minutes - drives)))


def _trip_cost(instance: Instance, trip: Trip, area: _Area, riders: int) -> int:
    """The trip's drives and nights, for all its days: a trip that goes far is a trip spent there
    (measured: pricing only the days its visits need scattered the trips, 62 M won against 57 M).
    Its nights are those of its `riders` and the driver."""
    policy = instance.problem.policy
    if _stays_out(instance, trip, area):
        people = riders + (1 if policy.driver_takes_seat else 0)
        nights = trip.nights * people * policy.overnight.cost_per_person_night
        return round(area.km * policy.cost_per_km + nights)
    return round(len(trip.days) * area.km * policy.cost_per_km)
