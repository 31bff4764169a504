"""Large-neighbourhood search by groups of neighbouring routes, around any routing model.

OR-Tools' guided local search weighs every move against the whole problem, so on a few hundred
stops and forty routes it makes few moves a second. Re-solving a handful of routes that lie
side by side, as a problem of their own, lets the same search converge there in a second; the
next group then starts where that one left off. Routes are independent of one another, so a
group's objective is its share of the whole, and a warm-started re-solve never returns a worse
one: every group's result is kept.

Measured on the public VRPTW sets (`benchmarks/results/public_vrptw_*.md`), mean gap to the
best known: Gehring–Homberger 400 (r1, rc1) at 30 s 14.3% searching the whole, 7.1% with groups
of the routes whose centres lie nearest, 6.2% with groups of the routes passing nearest a
random stop (their shapes keep changing, so the search does not settle on one partition);
Gehring–Homberger 200 at 20 s 11.2% → 4.2%; Solomon at 10 s 3.48% → 1.73%. Group size and time
by `benchmarks/vrptw_parameters.py` (`results/vrptw_parameters_groups.csv`, six GH-400
instances, centre groups): 60 stops beat 40 (9.8%) and 80-100 (6.4-7.2%); 0.2-0.4 s a group
(6.0-6.2%) beat 0.8 s (7.4%) and 0.1 s (6.6%).

Where it stops: on GH-400 at 30 s (R1_4_6) the distance the groups gain per five seconds falls
from about 600 early on to 18 at the end. Seven ways of searching on (eleven settings), tried
on four instances (R1_4_1, R1_4_6, RC1_4_1, RC1_4_6; these groups 5.45% mean gap), ended at
5.3-5.9% or worse: "iterated local search with string removals inside a group" (5.28%; that
ran the plain search: OR-Tools reads those settings only in a solve without a start, so a group
cannot use them, see `benchmarks/vrptw_parameters.py` `_ils`), tabu
search (5.73%), cross exchange (5.70%), groups chosen by time as well as place (5.52-5.59%),
larger groups in the second half (5.68-5.88%), closing the shortest route of a group (kept in
1-2 of 40 tries; 5.6-7.9%), and cold re-solves of a group accepted within 0.3-1% of the best
whole (5.59-5.64%). One run each, and one instance moves by a point or more from run to run:
none is better beyond the noise (nor, on Solomon R1 and RC1 at 10 s, was guided local search's
penalty factor 0.2 inside the groups: 2.11% against 2.24% in the same batch, single instances
moving either way by up to 1.7 points). Nor two searches of half the time each, groups drawn
with seeds 1 and 2, the better kept (GH-200, 20 x 20 s, both from parallel cheapest
insertion: 4.64% against 4.55% for one search), nor greedy descent inside the groups in place
of guided local search (GH-200, 20 x 20 s: 12.5% against 3.98%, worse on all 20), nor a ruin
before a group's re-solve (strings of stops removed near a random stop, 6-15 stops in all, in
30-100% of the groups, the result kept only if shorter; a quarter of them were: Solomon R1 and
RC1, 20 x 10 s, 2.45-2.57% against 2.37% in the same batch). The groups do settle: on R1_2_10 at
20 s, 18 of 59 groups gained anything and none after the 25th. Restarting from the best routes
with the 15 or 25 stops nearest a random stop removed, whenever 6 or 4 groups in a row gained
nothing (iterated local search over the groups, the next group around the removed stops), did not
lift that: GH-200, 20 x 20 s, 4.20% and 3.87% against 4.01% in the same batch. Nor did fitting in
more groups by ending a group's search after 0.1 s without a better solution (at most 0.6 s; an
OR-Tools CustomLimit): 5.15% against 3.70% in the same batch, as guided local search often finds
its gain after a stretch without one. What is left is beyond re-solving a few neighbouring routes
at a time.
"""

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

Route = list  # one vehicle's stops, in the caller's own terms
Point = tuple[float, float]


@dataclass(frozen=True)
class GroupSearch:
    stops: int = 60  # stops per group at most: about six routes of a VRPTW
    # per group's re-solve: many short ones beat fewer long ones (Solomon R1 and RC1 at 10 s,
    # one batch: 0.1 s and 0.6 s gave 2.95% and 3.04% against 2.50%)
    seconds: float = 0.3
    # of the time, searching the whole before the groups (Solomon R1 and RC1 at 10 s, one batch:
    # 0.2 and 0.5 gave 2.61% and 2.49% against 2.40%)
    first_share: float = 0.1
    seed: int = 1
    least: int = 30  # stops: a smaller group leaves the search too little to move

    def sized_for(self, stops: int) -> "GroupSearch":
        """Groups of at most a third of the whole's stops, so that it holds several. (Half, on
        Solomon R1 and RC1 at 10 s: 2.98% against 2.48% in the same batch.)"""
        return replace(self, stops=min(self.stops, stops // 3))

    def worth_it(self, stops: int, vehicles: int, seconds: float) -> bool:
        """Groups pay when the whole holds several of them, with time for a few rounds.

        Half-year weeks of three vans (up to 12 trips when two weeks are re-solved together)
        stay whole: their routes are long and intertwined by the nights at home."""
        return self.sized_for(stops).stops >= self.least and vehicles > 12 and seconds >= 10 * self.seconds

    def suits(self, route_stops: Sequence[int]) -> bool:
        """...and when each group takes several routes: routes of a third of a group or fewer
        stops on average. Long routes (Solomon's type 2: three routes of 33 stops) searched in
        groups of one route each ended 7-10 points worse on C204, R205, R211 and RC202
        (`benchmarks/results/vrptw_parameters_groups.csv`)."""
        used = [n for n in route_stops if n]
        return bool(used) and sum(used) / len(used) <= self.stops / 3


DEFAULT = GroupSearch()


def routes_near(places: Sequence[Sequence[Point]], at: Point, stops: int) -> list[int]:
    """The routes passing nearest `at` (by their closest stop), nearest first, while the group
    holds `stops` or fewer; the nearest always."""
    here = np.array(at)
    near = sorted((float(np.min(np.sum((np.array(p) - here) ** 2, axis=1))), r) for r, p in enumerate(places) if p)
    group, total = [], 0
    for _, r in near:
        if group and total + len(places[r]) > stops:
            break
        group.append(r)
        total += len(places[r])
    return group


def improve_by_groups(
    routes: list[Route],
    places: Callable[[Route], list[Point]],
    resolve: Callable[[list[Route], list[int], float], list[Route]],
    deadline: float,
    search: GroupSearch = DEFAULT,
) -> list[Route]:
    """Re-solve groups of neighbouring routes until `deadline` (a `time.perf_counter()` value).

    `places(route)` gives the points of a route's stops. Each group is the routes passing
    nearest a stop drawn at random, about `search.stops` of them (a quarter more or less, so
    groups keep changing shape), and one vehicle without stops, so a group may open a route.
    `resolve(routes, vehicles, seconds)` re-solves the routes of those vehicles (indices into
    the current `routes`) from their current stops and returns their new routes in the same
    order; it may also serve stops no route held.
    """
    rng = random.Random(search.seed)
    routes = list(routes)
    while (left := deadline - time.perf_counter()) > 0.1:
        points = [places(r) for r in routes]
        used = [v for v, p in enumerate(points) if p]
        if not used:
            break
        at = rng.choice(points[rng.choice(used)])
        group = routes_near(points, at, round(search.stops * rng.uniform(0.75, 1.25)))
        group += [v for v, p in enumerate(points) if not p][:1]
        for v, route in zip(group, resolve(routes, group, min(search.seconds, left)), strict=True):
            routes[v] = route
    return routes
