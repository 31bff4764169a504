"""Who rides in which van: crews for a week's trips and teams for each stop, with CP-SAT.

Crews are chosen after a first routing pass has shown where each van goes, so each crew
is built for the visits its van can reach; teams are then fitted stop by stop inside
each van-day, within each consultant's daily visit limit.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from models import Consultant
from routing.instance import Instance
from routing.trips import Trip

SERVE = 100_000  # serving one unit of visit value, in 10,000 won: more than any crew costs
# Crews on nights out are large (a 60 s demo plan: 3-5 aboard where at most 2 serve a stop at
# once, since a crew is the union of an outing's skills). Letting a crew leave out a visit that
# needs a rider of its own did not make plans cheaper: SERVE 30 and 100 gave province plans of
# 56.4 and 57.2 M won against 56.3 M (demo, 1 s a week, seeds 1-4), so a crew still covers
# every visit the first pass routed.
WISH = 80  # a preferred consultant honoured is worth about ten person-nights (800,000 won)


@dataclass(frozen=True)
class CrewNeeds:
    """What a week's first pass asks of the crews: which trip and day each visit landed on."""

    where: dict[int, tuple[int, int]]  # visit -> (trip index, day index in trip)
    value: dict[int, float]  # visit -> importance (priority, urgency, fairness)
    forced: dict[int, set[str]]  # trip -> consultants pinned into it


def _solver(seed: int, time_limit: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    solver.parameters.num_workers = 1  # deterministic, and the other core is busy routing
    solver.parameters.random_seed = seed
    return solver


def can_ride(instance: Instance, consultant: Consultant, trip: Trip) -> bool:
    """Whether the consultant is free on some day of the trip; on the others they do not ride."""
    return any(day not in consultant.unavailable_dates for day in trip.days)


def choose_crews(
    instance: Instance, trips: Sequence[Trip], needs: CrewNeeds, seed: int, time_limit: float
) -> list[tuple[str, ...]]:
    """A crew per trip: no one in two vans on one day, seats kept, most visit value covered."""
    model = cp_model.CpModel()
    people = instance.problem.consultants
    ride = {
        (c.id, t): model.NewBoolVar(f"{c.id}@{t}")
        for t, trip in enumerate(trips)
        for c in people
        if can_ride(instance, c, trip) or c.id in needs.forced.get(t, set())
    }
    for t, names in needs.forced.items():
        for name in names:
            model.Add(ride[(name, t)] == 1)
    for t, trip in enumerate(trips):
        model.Add(sum(v for (_, u), v in ride.items() if u == t) <= instance.seats(trip.van))
    _one_van_a_day(model, trips, ride)
    covered = _coverage(instance, model, trips, ride, needs)
    # In units of 10,000 won: a consultant costs the trip's nights in lodging (and a little even on
    # a day trip, so crews stay no larger than they need to be).
    night = instance.problem.policy.overnight.cost_per_person_night / 10_000
    nights = [1 + round(night * trip.nights) for trip in trips]
    model.Maximize(
        sum(int(SERVE * needs.value[v]) * y for v, y in covered.items())
        + _preferred_bonus(instance, model, ride, needs, covered)
        - sum(nights[t] * x for (_, t), x in ride.items())
    )
    solver = _solver(seed, time_limit)
    status = solver.Solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return [tuple(sorted(needs.forced.get(t, set()))) for t in range(len(trips))]
    return [
        tuple(c.id for c in people if (c.id, t) in ride and solver.Value(ride[(c.id, t)])) for t in range(len(trips))
    ]


def _one_van_a_day(model: cp_model.CpModel, trips: Sequence[Trip], ride: dict) -> None:
    days = {d for trip in trips for d in trip.days}
    names = {name for name, _ in ride}
    for day in days:
        for name in names:
            same_day = [ride[(name, t)] for t, trip in enumerate(trips) if day in trip.days and (name, t) in ride]
            if len(same_day) > 1:
                model.AddAtMostOne(same_day)


def _coverage(
    instance: Instance, model: cp_model.CpModel, trips: Sequence[Trip], ride: dict, needs: CrewNeeds
) -> dict[int, cp_model.IntVar]:
    """served[v] may be 1 only if v's trip crew holds its skills, its team size and the day's load."""
    people = instance.problem.consultants
    served = {}
    load: dict[tuple[int, int], list] = {}
    for v, (t, day) in needs.where.items():
        visit = instance.problem.visits[v]
        present = [c for c in people if (c.id, t) in ride and trips[t].days[day] not in c.unavailable_dates]
        y = model.NewBoolVar(f"serve{v}")
        for skill in visit.skills:
            model.AddBoolOr([*(ride[(c.id, t)] for c in present if skill in c.skills), y.Not()])
        model.Add(sum(ride[(c.id, t)] for c in present) >= visit.team_size * y)
        load.setdefault((t, day), []).append(visit.team_size * y)
        served[v] = y
    for (t, day), demand in load.items():
        present = [c for c in people if (c.id, t) in ride and trips[t].days[day] not in c.unavailable_dates]
        model.Add(sum(demand) <= sum(c.max_visits_per_day * ride[(c.id, t)] for c in present))
    return served


def _preferred_bonus(
    instance: Instance, model: cp_model.CpModel, ride: dict, needs: CrewNeeds, covered: dict
) -> cp_model.LinearExpr:
    bonus = []
    for v, (t, _day) in needs.where.items():
        wished = [ride[(c, t)] for c in instance.problem.visits[v].preferred_consultants if (c, t) in ride]
        if wished:
            honoured = model.NewBoolVar(f"pref{v}")
            model.AddBoolOr([*wished, honoured.Not()])
            model.AddImplication(honoured, covered[v])
            bonus.append(WISH * honoured)
    return sum(bonus)


@dataclass(frozen=True)
class TripDay:
    """One day of a trip as team assignment sees it: who is aboard, the stops in order, and
    whether the van sleeps out after it."""

    crew: tuple[str, ...]
    stops: tuple[int, ...]
    night_out: bool


# Team assignment's objective, in 1,000 won: serving outweighs everything; each consultant used
# rides the whole outing and pays its nights out; a preferred consultant honoured is worth what the
# routing charges for missing one (week_model.UNWISHED_COST); an extra team member costs a little.
TEAM_SERVE = 1_000_000
TEAM_RIDER = 10
TEAM_WISH = 200
TEAM_MEMBER = 1


def assign_teams(
    instance: Instance,
    days: Sequence[TripDay],
    value: dict[int, float],
    pinned: dict[int, tuple[str, ...]],
    seed: int,
) -> dict[int, tuple[str, ...]]:
    """A team for each stop of one trip, with as few consultants used as the stops allow: a
    consultant used on one day rides (and sleeps out) every day of that outing (see `outings`),
    so one crew member less on an outing of three nights saves three person-nights. Stops that
    cannot get a team are missing from the answer. On the demo at 60 s (seeds 1-3) this took the
    plan from 59.8 to 58.5 M won on average, against teams fitted day by day."""
    people = {c.id: c for c in instance.problem.consultants}
    night = instance.problem.policy.overnight.cost_per_person_night / 1000
    model = cp_model.CpModel()
    outing = outings(days)
    nights_out: dict[tuple[str, int], int] = {}
    for j, day in enumerate(days):
        for c in day.crew:
            nights_out[(c, outing[j])] = nights_out.get((c, outing[j]), 0) + int(day.night_out)
    uses = {key: model.NewBoolVar(f"uses{key}") for key in nights_out}
    on: dict[tuple[str, int], cp_model.IntVar] = {}
    served: dict[int, cp_model.IntVar] = {}
    honoured = []
    for j, day in enumerate(days):
        for s in day.stops:
            served[s] = model.NewBoolVar(f"stop{s}")
            for c in day.crew:
                on[(c, s)] = model.NewBoolVar(f"{c}>{s}")
                model.AddImplication(on[(c, s)], served[s])
                model.AddImplication(on[(c, s)], uses[(c, outing[j])])
            honoured += _team_rules(instance, people, model, day, s, on, served[s], pinned)
        for c in day.crew:
            model.Add(sum(on[(c, s)] for s in day.stops) <= people[c].max_visits_per_day)
    model.Maximize(
        sum(int(TEAM_SERVE * value.get(s, 1.0)) * y for s, y in served.items())
        - sum(int(TEAM_RIDER + night * nights_out[key]) * x for key, x in uses.items())
        - TEAM_MEMBER * sum(on.values())
        + TEAM_WISH * sum(honoured)
    )
    solver = _solver(seed, 5.0)
    if solver.Solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {}
    aboard = {s: day.crew for day in days for s in day.stops}
    return {s: tuple(c for c in aboard[s] if solver.Value(on[(c, s)])) for s in served if solver.Value(served[s])}


def outings(days: Sequence[TripDay]) -> list[int]:
    """Which outing each day of a trip belongs to: the van is home after an outing's last day,
    so the next outing may carry other consultants."""
    numbers, outing = [], 0
    for day in days:
        numbers.append(outing)
        outing += int(not day.night_out)
    return numbers


def aboard_whole_outings(days: Sequence[TripDay], pinned: Collection[str] = ()) -> list[TripDay]:
    """Each day's crew cut to those free on every day of its outing (and anyone pinned to a stop):
    between the depot and the depot the van sleeps far away, so no one can join it at a lodging
    after a day off, or be left at one before it. (Before, a consultant away on a trip's first
    day joined it on the second, 340 km from home.)"""
    outing = outings(days)
    whole: dict[int, set[str]] = {}
    for j, day in enumerate(days):
        whole[outing[j]] = whole.get(outing[j], set(day.crew)) & set(day.crew)
    return [
        replace(day, crew=tuple(c for c in day.crew if c in whole[outing[j]] or c in pinned))
        for j, day in enumerate(days)
    ]


def riders(days: Sequence[TripDay], teams: dict[int, tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Each day's crew: those aboard who serve a stop on some day of that day's outing."""
    outing = outings(days)
    used = {(c, outing[j]) for j, day in enumerate(days) for s in day.stops for c in teams.get(s, ())}
    return [tuple(c for c in day.crew if (c, outing[j]) in used) for j, day in enumerate(days)]


def _team_rules(
    instance: Instance,
    people: dict[str, Consultant],
    model: cp_model.CpModel,
    day: TripDay,
    s: int,
    on: dict[tuple[str, int], cp_model.IntVar],
    served: cp_model.IntVar,
    pinned: dict[int, tuple[str, ...]],
) -> list[cp_model.IntVar]:
    """Skills, team size and pins of stop s; returns its 'a preferred consultant is on it' flag, if asked."""
    visit = instance.problem.visits[s]
    for skill in visit.skills:
        model.AddBoolOr([on[(c, s)] for c in day.crew if skill in people[c].skills] + [served.Not()])
    model.Add(sum(on[(c, s)] for c in day.crew) >= visit.team_size * served)
    if s in pinned:
        model.Add(served == 1)
        for c in day.crew:
            model.Add(on[(c, s)] == int(c in pinned[s]))
    wished = [on[(c, s)] for c in visit.preferred_consultants if c in day.crew]
    if not wished:
        return []
    flag = model.NewBoolVar(f"wish{s}")
    model.AddBoolOr([*wished, flag.Not()])
    return [flag]
