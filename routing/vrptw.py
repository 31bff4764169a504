"""The routing core on public VRPTW benchmarks (Solomon, Gehring–Homberger).

Distances follow the DIMACS 2021 / CVRPLIB convention: each arc is the Euclidean distance
truncated to one decimal, and travel time equals that distance. The model works in integer
tenths (arc = floor(10·d), times and windows ×10), so the model, the check and the report
use the very same numbers. Objective: total distance only, any number of vehicles up to the
instance's fleet.

Every customer is an optional node with a penalty far above any detour, so the search always
has a first solution and then keeps inserting the customers it left out. (With this model the
all-mandatory variant, `optional=False`, also found a complete first solution in 0.02 s on
R101, R102, R103, R105, R106, RC101 and RC105; the penalty is a safety net.) A
solution that still misses customers fails `route_distance`.
"""

import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2, routing_parameters_pb2

from routing import route_groups
from routing.route_groups import GroupSearch, improve_by_groups
from routing.week_model import search_parameters

SCALE = 10  # one decimal: the model counts distance and time in tenths
Strategy = routing_enums_pb2.FirstSolutionStrategy
# The first whole search, a tenth of the time (0.01 s a customer on Solomon and GH-200), starts
# from savings' routes, not from what the weeks' rule gives for that pace (local cheapest
# insertion, `routing.week_model._first_solution`, measured on weeks): side by side, Solomon C1,
# R1 and RC1 at 10 s 1.60% mean gap against 1.97%, GH-200 r1 and rc1 at 20 s 3.47% against 3.74%;
# GH-400 r1 and rc1 at 30 s 6.41% against 6.27% (within a run's spread there).
FIRST_STRATEGY = Strategy.SAVINGS
# first routes tried beside the first search's where routes are long (see shortest_start)
LONG_ROUTE_STARTS = (Strategy.CHRISTOFIDES, Strategy.LOCAL_CHEAPEST_INSERTION)


@dataclass(frozen=True)
class VrptwInstance:
    """A Solomon-format instance; node 0 is the depot, nodes 1..n the customers."""

    name: str
    vehicles: int
    capacity: int
    x: tuple[float, ...]
    y: tuple[float, ...]
    demand: tuple[int, ...]
    ready: tuple[float, ...]
    due: tuple[float, ...]
    service: tuple[float, ...]

    @property
    def customers(self) -> int:
        return len(self.x) - 1


def read_instance(path: str | Path) -> VrptwInstance:
    """Parse the classic text format (VEHICLE NUMBER CAPACITY, then the CUSTOMER table)."""
    lines = [line.strip() for line in Path(path).read_text().splitlines() if line.strip()]
    head = next((k for k, line in enumerate(lines) if line.upper().startswith("NUMBER")), None)
    if head is None or not lines[head + 1].split()[:2]:
        raise ValueError(f"{path}: no 'NUMBER CAPACITY' line")
    vehicles, capacity = (int(v) for v in lines[head + 1].split()[:2])
    rows = [line.split() for line in lines[head + 2 :] if re.fullmatch(r"[-\d.\s]+", line)]
    table = np.array([[float(v) for v in row] for row in rows if len(row) == 7])
    if len(table) < 2 or table[0, 0] != 0 or not np.array_equal(table[:, 0], np.arange(len(table))):
        raise ValueError(f"{path}: the customer table must list nodes 0, 1, 2, ... in order")
    column = [tuple(table[:, k].tolist()) for k in range(7)]
    demand = tuple(int(d) for d in column[3])
    return VrptwInstance(lines[0], vehicles, capacity, column[1], column[2], demand, *column[4:])


def arc_tenths(instance: VrptwInstance) -> np.ndarray:
    """floor(10·Euclidean distance) between all nodes: the DIMACS arc, in tenths."""
    x, y = np.array(instance.x), np.array(instance.y)
    squared = (x[:, None] - x[None, :]) ** 2 + (y[:, None] - y[None, :]) ** 2
    # sqrt is correctly rounded, so for integer coordinates this floor is exact
    return np.floor(np.sqrt(SCALE * SCALE * squared) + 1e-9).astype(np.int64)


def _tenths(values: tuple[float, ...]) -> list[int]:
    return [round(v * SCALE) for v in values]


def solve(
    instance: VrptwInstance,
    time_limit: float,
    parameters: routing_parameters_pb2.RoutingSearchParameters | None = None,
    *,
    optional: bool = True,
    groups: GroupSearch | None = route_groups.DEFAULT,
) -> list[list[int]]:
    """Routes (customer numbers as in the file) found within the time limit, by the product's search.

    `parameters` defaults to `routing.week_model.search_parameters(time_limit)`; pass a variant
    only to measure an alternative. `optional=False` makes every customer mandatory (the plain
    model, which often finds no first solution): for measurements only. On an instance large
    enough for `groups`, the whole is searched for the groups' first share of the time, then
    a group of neighbouring routes at a time (`routing.route_groups`).
    """
    deadline = time.perf_counter() + time_limit
    if groups is None or not groups.worth_it(instance.customers, instance.vehicles, time_limit):
        return [r for r in _solve_whole(instance, time_limit, parameters, optional) if r]
    groups = groups.sized_for(instance.customers)
    first = search_parameters(time_limit * groups.first_share, FIRST_STRATEGY, instance.customers)
    if parameters is not None:
        first.CopyFrom(parameters)
        first.time_limit.FromMilliseconds(int(time_limit * groups.first_share * 1000))
    routes = _solve_whole(instance, time_limit * groups.first_share, first, optional)
    if not routes:
        return []
    if not groups.suits([len(r) for r in routes]):  # long routes: the whole, on from the shortest start
        routes = shortest_start(instance, routes, time_limit * groups.first_share, optional)
        routes = _solve_whole(instance, deadline - time.perf_counter(), None, optional, start=routes) or routes
        return [r for r in routes if r]
    return improve_by_route_groups(instance, routes, deadline, groups)


def shortest_start(
    instance: VrptwInstance, routes: list[list[int]], seconds: float, optional: bool = True
) -> list[list[int]]:
    """The shortest complete routes of `routes` and those LONG_ROUTE_STARTS give, each searched `seconds`.

    On long routes the search settles near where it starts: from local cheapest insertion's
    routes alone (the first start before FIRST_STRATEGY) it ended far from routes another start
    reaches (C203 1.53% above the best known, R203 6.78%). Solomon's type 2 (27 instances at
    10 s, one batch): 2.52% and 2.58% mean gap (two runs) with Christofides' and savings' routes
    tried as well, a tenth of the time each (1 s), against 2.81% and 2.79%; at 12 s 2.50% against
    2.75%. Single instances move by up to 4 points either way (R201 1.7% to 5.7%, R205 3.5% to
    0.8%); the mean was lower in each batch. Tried each for 2 s or 3 s: 2.84% and 3.46%; for
    0.5 s: 2.96%; path cheapest arc as a third: 2.63%. It is the VRPTW runner's: the half-year's
    long trips (a national week) start as before.
    """
    best, shortest = routes, _complete_distance(instance, routes)
    for strategy in LONG_ROUTE_STARTS:
        found = _solve_whole(instance, seconds, search_parameters(seconds, strategy, instance.customers), optional)
        distance = _complete_distance(instance, found)
        if distance is not None and (shortest is None or distance < shortest):
            best, shortest = found, distance
    return best


def _complete_distance(instance: VrptwInstance, routes: list[list[int]]) -> float | None:
    """The routes' distance if they serve every customer, else None."""
    if not routes or missing_customers(instance, routes):
        return None
    return route_distance(instance, [r for r in routes if r])


def improve_by_route_groups(
    instance: VrptwInstance, routes: list[list[int]], deadline: float, groups: GroupSearch = route_groups.DEFAULT
) -> list[list[int]]:
    """The routes re-solved a group of neighbouring ones at a time until `deadline` (perf_counter)."""
    routes = routes + [[] for _ in range(instance.vehicles - len(routes))]  # any vehicle may join a group

    def places(route: list[int]) -> list[tuple[float, float]]:
        return [(instance.x[c], instance.y[c]) for c in route]

    def resolve(current: list[list[int]], vehicles: list[int], seconds: float) -> list[list[int]]:
        group = [current[v] for v in vehicles]
        return _resolve_group(instance, group, missing_customers(instance, current), seconds)

    return [r for r in improve_by_groups(routes, places, resolve, deadline, groups) if r]


def _solve_whole(
    instance: VrptwInstance,
    time_limit: float,
    parameters: routing_parameters_pb2.RoutingSearchParameters | None,
    optional: bool,
    start: list[list[int]] | None = None,
) -> list[list[int]]:
    """One route per vehicle, empty ones included (none if no solution), searched from `start` if given."""
    manager, routing = _model(instance, optional)
    params = parameters if parameters is not None else search_parameters(time_limit, visits=instance.customers)
    if start is None and params.use_iterated_local_search:  # only this call reads those settings
        solution = routing.SolveWithIteratedLocalSearch(params)
    elif start is None:
        solution = routing.SolveWithParameters(params)
    else:
        routing.CloseModelWithParameters(params)
        indices = [[manager.NodeToIndex(c) for c in route] for route in start]
        solution = routing.SolveFromAssignmentWithParameters(routing.ReadAssignmentFromRoutes(indices, True), params)
    if solution is None:
        return []
    routes = []
    for vehicle in range(instance.vehicles):
        route, index = [], solution.Value(routing.NextVar(routing.Start(vehicle)))
        while not routing.IsEnd(index):
            route.append(manager.IndexToNode(index))
            index = solution.Value(routing.NextVar(index))
        routes.append(route)
    return routes


def _resolve_group(
    instance: VrptwInstance, group: list[list[int]], unserved: list[int], seconds: float
) -> list[list[int]]:
    """The group's routes re-solved as an instance of their own (plus any customer no route serves)."""
    customers = [c for route in group for c in route] + unserved
    nodes = [0, *customers]

    def pick(values: tuple) -> tuple:
        return tuple(values[n] for n in nodes)

    part = VrptwInstance(
        instance.name, len(group), instance.capacity, pick(instance.x), pick(instance.y),
        pick(instance.demand), pick(instance.ready), pick(instance.due), pick(instance.service),
    )  # fmt: skip
    local = {c: k for k, c in enumerate(nodes)}
    start = [[local[c] for c in route] for route in group]
    found = _solve_whole(part, seconds, None, True, start)
    return [[nodes[k] for k in route] for route in found] if found else group


def _model(
    instance: VrptwInstance, optional: bool = True
) -> tuple[pywrapcp.RoutingIndexManager, pywrapcp.RoutingModel]:
    arcs = arc_tenths(instance)
    n = instance.customers + 1
    manager = pywrapcp.RoutingIndexManager(n, instance.vehicles, 0)
    routing = pywrapcp.RoutingModel(manager)
    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(arcs.tolist()))
    demand = routing.RegisterUnaryTransitVector(list(instance.demand))
    routing.AddDimension(demand, 0, instance.capacity, True, "load")
    ready, due, service = _tenths(instance.ready), _tenths(instance.due), _tenths(instance.service)
    transit = (arcs + np.array(service)[:, None]).tolist()
    horizon = due[0]
    routing.AddDimension(routing.RegisterTransitMatrix(transit), horizon, horizon, False, "time")
    time = routing.GetDimensionOrDie("time")
    penalty = 100 * int(arcs.max()) * n  # more than any detour: serve whenever possible
    for node in range(1, n):
        index = manager.NodeToIndex(node)
        time.CumulVar(index).SetRange(ready[node], due[node])
        if optional:
            routing.AddDisjunction([index], penalty)
    for vehicle in range(instance.vehicles):
        time.CumulVar(routing.Start(vehicle)).SetRange(ready[0], horizon)
        time.CumulVar(routing.End(vehicle)).SetRange(ready[0], horizon)
    return manager, routing


def route_distance(instance: VrptwInstance, routes: list[list[int]]) -> float:
    """Total DIMACS distance of the routes; raises ValueError naming the first broken rule."""
    _check_cover(instance, routes)
    arcs = arc_tenths(instance)
    ready, due, service = _tenths(instance.ready), _tenths(instance.due), _tenths(instance.service)
    total = 0
    for number, route in enumerate(routes, start=1):
        load = sum(instance.demand[c] for c in route)
        if load > instance.capacity:
            raise ValueError(f"{instance.name} route {number}: load {load} exceeds capacity {instance.capacity}")
        clock, here = ready[0], 0
        for node in [*route, 0]:
            total += arcs[here, node]
            clock = max(clock + service[here] + arcs[here, node], ready[node])
            if clock > due[node]:
                where = "the depot (return)" if node == 0 else f"customer {node}"
                raise ValueError(
                    f"{instance.name} route {number}: {where} reached at {clock / SCALE:g}, "
                    f"after its due time {due[node] / SCALE:g}"
                )
            here = node
    return total / SCALE


def _check_cover(instance: VrptwInstance, routes: list[list[int]]) -> None:
    used = [r for r in routes if r]
    if len(used) > instance.vehicles:
        raise ValueError(f"{instance.name}: {len(used)} routes but only {instance.vehicles} vehicles")
    seen = [c for r in routes for c in r]
    unknown = sorted({c for c in seen if not 1 <= c <= instance.customers})
    if unknown:
        raise ValueError(f"{instance.name}: unknown customers {unknown[:10]}")
    twice = sorted({c for c in seen if seen.count(c) > 1}) if len(seen) != len(set(seen)) else []
    if twice:
        raise ValueError(f"{instance.name}: customers served more than once {twice[:10]}")
    missing = sorted(set(range(1, instance.customers + 1)) - set(seen))
    if missing:
        raise ValueError(f"{instance.name}: {len(missing)} customers not served, e.g. {missing[:10]}")


def missing_customers(instance: VrptwInstance, routes: list[list[int]]) -> list[int]:
    """Customers no route serves (the search's leftovers)."""
    return sorted(set(range(1, instance.customers + 1)) - {c for r in routes for c in r})


def write_solution(routes: list[list[int]], path: str | Path, cost: float | None = None) -> None:
    """The usual Solomon solution text: 'Route k : c1 c2 ...' per route, then 'Cost ...' if given."""
    lines = [f"Route {k} : {' '.join(map(str, r))}" for k, r in enumerate((r for r in routes if r), start=1)]
    if cost is not None:
        lines.append(f"Cost {cost:.1f}")
    Path(path).write_text("\n".join(lines) + "\n")


def read_solution(path: str | Path) -> list[list[int]]:
    """Routes of a solution file, in our format or VRPLIB's ('Route #1: 2 21 73')."""
    routes = []
    for line in Path(path).read_text().splitlines():
        match = re.match(r"\s*Route\s*#?\s*\d+\s*:(.*)", line, re.IGNORECASE)
        if match:
            routes.append([int(c) for c in match.group(1).split()])
    return routes
