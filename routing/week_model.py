"""One week's routing model in OR-Tools: trips as vehicles, visits as optional nodes.

The time dimension runs on the week's working axis (weekday slot j covers [j*W, (j+1)*W)),
so a drive may cross a night and a visit can only sit inside one day's windows. A van
that may come home for the night gets a "home" node at the depot for each of its trip's
nights, pinned to that boundary; skipping it costs the crew's lodging, so the search
weighs a night out against the drive home.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from routing import route_groups
from routing.instance import Instance
from routing.route_groups import GroupSearch, improve_by_groups
from routing.schedule import Home
from routing.trips import Trip

MUST = 10**13  # penalty of leaving out a pinned visit: never worth it
# Serving a follow-up visit from a van without the consultant who mentored the company costs as
# much as about 670 km of driving; continuity, never at the price of a visit. Measured on the demo
# (120 s, with WISH = 80 in routing/crews.py): 118 of 127 wishes honoured, 58,000 km and 60.1 M won,
# against 94, 53,300 km and 59.0 M won at 40,000 (and WISH = 16).
UNWISHED_COST = 200_000
# Seconds per visit offered, below which a routing call starts from a faster, rougher first
# solution: savings below QUICK_PER_VISIT, local cheapest insertion below SHORT_PER_VISIT, and
# parallel cheapest insertion, the best first routes, with more time. Its first routes took 0.1 s
# for 100 visits of the demo and 0.75 s for 193 (local cheapest insertion 0.17 s).
# Measured on the demo's province-plan weeks, 13 weeks x 2 seeds at 1 s each (0.01 s a visit for
# the first routing), as cost of the 26 week plans and visits left to later weeks: parallel
# cheapest insertion 55.0 M won and 40 (seeds 3, 4: 55.5 M, 42), local cheapest insertion 51.9 M
# and 33 (51.9 M, 32). The whole demo at 60 s came to 54.2 M won with this rule (54.1, 55.5 and
# 55.6 M with local cheapest insertion at any time above QUICK_PER_VISIT) against 55.6-57.0 M
# with parallel cheapest insertion there. With more time it is the other way: at 4 s a week
# (0.04 s a visit) local cheapest insertion cost 2.0 M more (and served 9 more); on Solomon at
# 10 s (0.1 s a visit) it gave a 2.40% mean gap against 1.73-1.98%. Savings, below 2 s a call
# before, left the whole province plan at 62.6 and 62.1 M won (seeds 1, 2), against 59.8 and
# 60.7 M with parallel cheapest insertion.
QUICK_PER_VISIT = 0.005
SHORT_PER_VISIT = 0.03
WHOLE_FIRST = 2.0  # seconds: the least a week of many vans is searched whole before its groups


@dataclass(frozen=True)
class WeekModel:
    trips: list[Trip]
    candidates: list[int]  # visit indices
    allowed: dict[int, list[int]]  # visit -> trip indices that may serve it
    penalty: dict[int, int]  # visit -> cost of leaving it out
    night_cost: list[int]  # per trip: the cost of one night away
    open_days: dict[int, list[date]]  # visit -> days on which some allowed crew can serve it
    pinned: set[int]  # visits that must be served (on their one open day)
    unwished: dict[int, set[int]] = field(
        default_factory=dict
    )  # trip -> visits whose preferred consultant is not aboard


@dataclass(frozen=True)
class _Node:
    visit: int | None  # None for the depot and home nodes
    home: tuple[int, int] | None = None  # (trip, weekday slot of the morning after)


def _slot(instance: Instance, trip: Trip, k: int) -> int:
    """The day's place on the model's clock: its index among the horizon's working days."""
    return instance.day_index[trip.days[k]]


def _nodes(instance: Instance, model: WeekModel) -> list[_Node]:
    nodes = [_Node(None)] + [_Node(v) for v in model.candidates]
    for t, trip in enumerate(model.trips):
        nodes += [_Node(None, (t, _slot(instance, trip, k))) for k in range(1, len(trip.days))]
    return nodes


def _transit(instance: Instance, nodes: list[_Node]) -> tuple[list[list[int]], list[list[int]]]:
    """Service-plus-drive minutes and drive cost between nodes, as plain matrices for OR-Tools."""
    rows = np.array([0 if n.visit is None else n.visit + 1 for n in nodes])
    minutes = instance.travel.minutes[np.ix_(rows, rows)].astype(np.int64)
    service = np.array([0 if n.visit is None else instance.problem.visits[n.visit].duration_minutes for n in nodes])
    cost = np.rint(instance.travel.km[np.ix_(rows, rows)] * instance.problem.policy.cost_per_km)
    return (minutes + service[:, None]).tolist(), cost.astype(np.int64).tolist()


def _week_intervals(instance: Instance, visit: int, days: list[tuple[int, date]]) -> list[tuple[int, int]]:
    spec = instance.problem.visits[visit]
    width = instance.workday_minutes
    out = []
    for slot, _day in days:
        out += [(slot * width + s, slot * width + e - spec.duration_minutes) for s, e in instance.windows(spec)]
    return sorted(out)


def _restrict(var: pywrapcp.IntVar, intervals: list[tuple[int, int]]) -> None:
    assert intervals, "only visits with an open day and a fitting window reach the model"
    var.SetRange(intervals[0][0], max(hi for _, hi in intervals))
    reach = intervals[0][1]
    for lo, hi in intervals[1:]:
        if lo > reach + 1:
            var.RemoveInterval(reach + 1, lo - 1)
        reach = max(reach, hi)


def search_parameters(
    time_limit: float, strategy: int | None = None, visits: int = 0
) -> pywrapcp.DefaultRoutingSearchParameters:
    """The routing search the solver uses everywhere (and the public-benchmark runner too).

    The first solution depends on the seconds for each of the `visits` offered (see
    SHORT_PER_VISIT): parallel cheapest insertion with time, local cheapest insertion with little,
    savings with less.

    Guided local search keeps OR-Tools' penalty factor (lambda 0.1). Lambda 0.2 helped the public
    benchmark (Solomon, 56 x 10 s: 1.62% mean gap against 1.98% in the same session, mostly on
    the long routes of R2 and RC2) but cost the half-year: the demo at 120 s, seeds 1, 1, 2, came
    to 64.8, 58.1 and 66.7 M won against 57.6 and 57.5 M with lambda 0.1. Rechecked on the
    re-solves alone (29 s of them from eight saved province plans of the demo, two processes):
    lambda 0.05 and 0.15 ended at 54.0 and 53.9 M won on average against 53.2 M at 0.1, worse
    on six of the eight plans each. Operator choice by multi-armed bandit, and the
    relocate-and-make-active, exchange-and-make-active and extended swap-active operators
    (nights at home are optional nodes), left those results within 0.2 M on every plan, as close
    as reruns of the same plan come. Iterated local search (`SolveWithIteratedLocalSearch`, string
    removals, annealed acceptance; the only kind of solve that reads its settings, and one
    without a start) on the weeks solved cold, province plans alone, seeds 1 and 2: 57.2 and
    56.8 M won with ruin and recreate alone, 57.1 and 56.8 M with greedy descent after each,
    against 56.7 and 55.9 M under guided local search. On the same re-solves: resetting the
    penalties at each new best ended at 53.6 M (worse on seven plans of eight); operators limited
    to the nearest 30% of neighbours, path and inactive-node LNS, penalties inside the operators,
    and penalties per vehicle class each came within 0.1 M of 53.2 M on average, inside the spread
    of reruns of one plan (up to 0.4 M: plan 3 ended at 53.75 and at 53.35 M).
    """
    params = pywrapcp.DefaultRoutingSearchParameters()
    if strategy is None:
        strategy = _first_solution(time_limit, visits)
    params.first_solution_strategy = strategy
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    params.time_limit.FromMilliseconds(max(100, int(time_limit * 1000)))
    return params


def _first_solution(time_limit: float, visits: int) -> int:
    strategies = routing_enums_pb2.FirstSolutionStrategy
    if time_limit < QUICK_PER_VISIT * visits:
        return strategies.SAVINGS
    if time_limit < SHORT_PER_VISIT * visits:
        return strategies.LOCAL_CHEAPEST_INSERTION
    return strategies.PARALLEL_CHEAPEST_INSERTION


def solve_week(
    instance: Instance,
    model: WeekModel,
    time_limit: float,
    initial: list[list[int | Home]] | None = None,
    on_solution: Callable[[int], None] | None = None,
    groups: GroupSearch = route_groups.DEFAULT,
) -> list[list[int | Home]]:
    """Best sequences found per trip (visit indices and nights at home), within the time limit.

    If no first solution is found in time (a loaded machine, a short limit), the fastest
    heuristic tries once more, so a week is never left empty for want of a start. A week of
    many vans (a national fleet) is searched whole for the groups' first share of the time, then
    a group of neighbouring trips at a time (`routing.route_groups`).
    """
    deadline = time.perf_counter() + time_limit
    grouped = groups.worth_it(len(model.candidates), len(model.trips), time_limit)
    # a first solution of a national week takes a second or two; groups improve on it
    whole = max(time_limit * groups.first_share, WHOLE_FIRST) if grouped else time_limit
    found = _route(instance, model, whole, initial, on_solution, None)
    if found is None:
        fastest = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
        found = _route(instance, model, max(0.3, whole * 0.5), initial, on_solution, fastest)
    if found is None:
        return [[] for _ in model.trips]
    if not grouped:
        return found
    groups = groups.sized_for(len(model.candidates))
    if not groups.suits([sum(not isinstance(v, Home) for v in sequence) for sequence in found]):
        rest = deadline - time.perf_counter()  # long trips: the whole, on from where it is
        return (_route(instance, model, rest, found, on_solution, None) if rest > 0.1 else None) or found
    visits = instance.problem.visits

    def places(sequence: list[int | Home]) -> list[tuple[float, float]]:
        return [(visits[v].lat, visits[v].lon) for v in sequence if not isinstance(v, Home)]  # type: ignore[misc]

    def resolve(current: list[list[int | Home]], trips: list[int], seconds: float) -> list[list[int | Home]]:
        part = _group_model(model, current, trips)
        start = [current[t] for t in trips]
        return _route(instance, part, seconds, start, None, None) or start

    return improve_by_groups(found, places, resolve, deadline, groups)


def _group_model(model: WeekModel, current: list[list[int | Home]], trips: list[int]) -> WeekModel:
    """The week cut down to some of its trips: their visits, and the visits no trip serves."""
    served = {v for sequence in current for v in sequence if not isinstance(v, Home)}
    own = {v for t in trips for v in current[t] if not isinstance(v, Home)}
    new_index = {t: k for k, t in enumerate(trips)}
    candidates = [
        v for v in model.candidates if v in own or (v not in served and any(t in new_index for t in model.allowed[v]))
    ]
    return WeekModel(
        trips=[model.trips[t] for t in trips],
        candidates=candidates,
        allowed={v: [new_index[t] for t in model.allowed[v] if t in new_index] for v in candidates},
        penalty={v: model.penalty[v] for v in candidates},
        night_cost=[model.night_cost[t] for t in trips],
        open_days={v: model.open_days[v] for v in candidates},
        pinned=model.pinned & set(candidates),
        unwished={new_index[t]: model.unwished[t] for t in trips if t in model.unwished},
    )


def _route(
    instance: Instance,
    model: WeekModel,
    time_limit: float,
    initial: list[list[int | Home]] | None,
    on_solution: Callable[[int], None] | None,
    strategy: int | None,
) -> list[list[int | Home]] | None:
    nodes = _nodes(instance, model)
    manager = pywrapcp.RoutingIndexManager(len(nodes), len(model.trips), 0)
    routing = pywrapcp.RoutingModel(manager)
    minutes, cost = _transit(instance, nodes)
    _arc_costs(routing, model, nodes, cost)
    width = instance.workday_minutes
    horizon = (len(instance.days) + 1) * width
    routing.AddDimension(routing.RegisterTransitMatrix(minutes), horizon, horizon, False, "time")
    time = routing.GetDimensionOrDie("time")
    _constrain_trips(instance, routing, time, model)
    _constrain_nodes(instance, manager, routing, time, model, nodes)
    params = search_parameters(time_limit, strategy, len(model.candidates))
    if on_solution is not None:
        routing.AddAtSolutionCallback(lambda: on_solution(routing.CostVar().Max()))
    solution = _solve(instance, routing, manager, params, initial, model, nodes)
    if solution is None:
        return None
    return _sequences(instance, manager, routing, solution, model, nodes)


def _arc_costs(routing: pywrapcp.RoutingModel, model: WeekModel, nodes: list[_Node], cost: list[list[int]]) -> None:
    """Drive cost, plus on each trip the cost of arriving at a visit whose wished consultant is elsewhere."""
    shared = routing.RegisterTransitMatrix(cost)
    for t in range(len(model.trips)):
        unwished = model.unwished.get(t, set())
        columns = [j for j, node in enumerate(nodes) if node.visit in unwished]
        if not columns:
            routing.SetArcCostEvaluatorOfVehicle(shared, t)
            continue
        own = np.array(cost, dtype=np.int64)
        own[:, columns] += UNWISHED_COST
        routing.SetArcCostEvaluatorOfVehicle(routing.RegisterTransitMatrix(own.tolist()), t)


def _constrain_trips(
    instance: Instance, routing: pywrapcp.RoutingModel, time: pywrapcp.RoutingDimension, model: WeekModel
) -> None:
    width = instance.workday_minutes
    for t, trip in enumerate(model.trips):
        first, last = _slot(instance, trip, 0), _slot(instance, trip, len(trip.days) - 1)
        time.CumulVar(routing.Start(t)).SetRange(first * width, (last + 1) * width)
        time.CumulVar(routing.End(t)).SetRange(first * width, (last + 1) * width)
        routing.AddVariableMinimizedByFinalizer(time.CumulVar(routing.Start(t)))


def _constrain_nodes(
    instance: Instance,
    manager: pywrapcp.RoutingIndexManager,
    routing: pywrapcp.RoutingModel,
    time: pywrapcp.RoutingDimension,
    model: WeekModel,
    nodes: list[_Node],
) -> None:
    width = instance.workday_minutes
    for n, node in enumerate(nodes[1:], start=1):
        index = manager.NodeToIndex(n)
        if node.home is not None:
            t, slot = node.home
            time.CumulVar(index).SetRange(slot * width, slot * width)
            _allow(routing, index, [t])
            routing.AddDisjunction([index], model.night_cost[t])
            continue
        visit = node.visit
        assert visit is not None
        days = [(instance.day_index[d], d) for d in model.open_days[visit]]
        _restrict(time.CumulVar(index), _week_intervals(instance, visit, days))
        _allow(routing, index, model.allowed[visit])
        routing.AddDisjunction([index], MUST if visit in model.pinned else model.penalty[visit])


def _allow(routing: pywrapcp.RoutingModel, index: int, vehicles: list[int]) -> None:
    # SetAllowedVehiclesForIndex rejects every Python sequence in the 9.15 wheel (absl::Span
    # binding); restricting the vehicle variable is equivalent, -1 keeping "not performed".
    routing.VehicleVar(index).SetValues([-1, *vehicles])


def _solve(
    instance: Instance,
    routing: pywrapcp.RoutingModel,
    manager: pywrapcp.RoutingIndexManager,
    params: pywrapcp.DefaultRoutingSearchParameters,
    initial: list[list[int | Home]] | None,
    model: WeekModel,
    nodes: list[_Node],
) -> pywrapcp.Assignment | None:
    """Search from `initial` when it is a valid start, nights at home included: without them every
    night of the start is spent out, and the search's time goes on finding the drives home again.
    A start whose nights home no longer fit (other crews, other hours) is tried without them."""
    if initial:
        node_of: dict[int | tuple[int, int], int] = {v: k + 1 for k, v in enumerate(model.candidates)}
        node_of |= {node.home: n for n, node in enumerate(nodes) if node.home is not None}
        for with_homes in (True, False):
            routes = [
                [manager.NodeToIndex(node_of[key]) for key in _start_keys(instance, model, t, seq, with_homes)]
                for t, seq in enumerate(initial)
            ]
            start = routing.ReadAssignmentFromRoutes(routes, True)
            if start is not None:
                return routing.SolveFromAssignmentWithParameters(start, params)
    return routing.SolveWithParameters(params)


def _start_keys(
    instance: Instance, model: WeekModel, t: int, sequence: list[int | Home], with_homes: bool
) -> list[int | tuple[int, int]]:
    """A trip's start as model keys: visits it may serve, and (trip, slot) for each night at home."""
    first = _slot(instance, model.trips[t], 0)
    keys: list[int | tuple[int, int]] = []
    for item in sequence:
        if isinstance(item, Home):
            if with_homes and 0 < item.day < len(model.trips[t].days):
                keys.append((t, first + item.day))
        elif t in model.allowed.get(item, []):
            keys.append(item)
    return keys


def _sequences(
    instance: Instance,
    manager: pywrapcp.RoutingIndexManager,
    routing: pywrapcp.RoutingModel,
    solution: pywrapcp.Assignment,
    model: WeekModel,
    nodes: list[_Node],
) -> list[list[int | Home]]:
    sequences: list[list[int | Home]] = []
    for t, trip in enumerate(model.trips):
        first = _slot(instance, trip, 0)
        sequence: list[int | Home] = []
        index = solution.Value(routing.NextVar(routing.Start(t)))
        while not routing.IsEnd(index):
            node = nodes[manager.IndexToNode(index)]
            if node.home is not None:
                sequence.append(Home(node.home[1] - first))
            elif node.visit is not None:
                sequence.append(node.visit)
            index = solution.Value(routing.NextVar(index))
        sequences.append(sequence)
    return sequences
