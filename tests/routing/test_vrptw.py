"""The VRPTW core on Solomon-format instances: parsing, solving, the DIMACS distance and the check."""

from pathlib import Path

import pytest
from ortools.constraint_solver import pywrapcp

from benchmarks.vrptw_parameters import parameters
from routing.vrptw import read_instance, read_solution, route_distance, shortest_start, solve, write_solution

SHARED = Path(__file__).resolve().parents[3] / "shared" / "benchmarks"

TINY = """TINY5

VEHICLE
NUMBER     CAPACITY
  2         20

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE TIME

    0      0          0          0          0        200          0
    1      3          4          5          0         50         10
    2      6          8          5          0        100         10
    3     -3          4          8         20         60         10
    4     -6          0          8          0        150         10
    5      0         -5         10         90        120         10
"""


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny5.txt"
    path.write_text(TINY.replace("\n", "\r\n"))  # the GH files have CRLF line ends
    return path


def test_reads_fleet_and_customer_table(tiny: Path):
    """The header gives fleet and capacity, the table one row per node with depot first."""
    instance = read_instance(tiny)
    assert (instance.name, instance.vehicles, instance.capacity, instance.customers) == ("TINY5", 2, 20, 5)
    assert instance.demand == (0, 5, 5, 8, 8, 10)
    assert (instance.ready[3], instance.due[3], instance.service[3]) == (20, 60, 10)


def test_solves_tiny_instance_and_validates(tiny: Path):
    """A 2 s solve serves every customer once, within capacity and windows, at the recomputed distance."""
    instance = read_instance(tiny)
    routes = solve(instance, 2.0)
    assert sorted(c for r in routes for c in r) == [1, 2, 3, 4, 5]
    assert route_distance(instance, routes) > 0


def test_distance_truncates_each_arc_to_one_decimal(tiny: Path):
    """DIMACS: arc 2-5 is sqrt(205) = 14.317, counted as 14.3; the others are whole numbers."""
    instance = read_instance(tiny)
    assert route_distance(instance, [[1, 2, 5], [3, 4]]) == pytest.approx(5 + 5 + 14.3 + 5 + 5 + 5 + 6)


def test_route_distance_rejects_broken_solutions(tiny: Path):
    """Missing or repeated customers, overload and a late start each raise with a clear message."""
    instance = read_instance(tiny)
    with pytest.raises(ValueError, match="not served"):
        route_distance(instance, [[1, 2], [3]])
    with pytest.raises(ValueError, match="more than once"):
        route_distance(instance, [[1, 2, 3], [3, 4, 5]])
    with pytest.raises(ValueError, match="exceeds capacity"):
        route_distance(instance, [[1, 2, 3, 4], [5]])
    with pytest.raises(ValueError, match="customer 1 reached"):
        route_distance(instance, [[5, 1, 2], [3, 4]])


def test_write_solution_round_trips(tiny: Path, tmp_path: Path):
    """The written 'Route k : ...' lines read back to the same routes, and the Cost line is the distance."""
    instance = read_instance(tiny)
    routes = solve(instance, 1.0)
    path = tmp_path / "tiny5.sol"
    write_solution(routes, path, route_distance(instance, routes))
    assert read_solution(path) == [r for r in routes if r]
    assert path.read_text().splitlines()[-1] == f"Cost {route_distance(instance, routes):.1f}"


@pytest.mark.skipif(not (SHARED / "solomon" / "C101.txt").exists(), reason="shared benchmarks absent")
def test_best_known_c101_recomputes_to_its_dimacs_cost():
    """The published C101 solution is valid under our check and costs exactly its DIMACS value."""
    instance = read_instance(SHARED / "solomon" / "C101.txt")
    assert route_distance(instance, read_solution(SHARED / "solomon_vrplib" / "C101.sol")) == pytest.approx(827.3)


@pytest.mark.skipif(not (SHARED / "solomon" / "C101.txt").exists(), reason="shared benchmarks absent")
def test_c101_in_five_seconds_within_five_percent():
    """The product's search on the real C101 gets within 5% of the distance-only BKS (827.3) in 5 s."""
    instance = read_instance(SHARED / "solomon" / "C101.txt")
    assert route_distance(instance, solve(instance, 5.0)) <= 1.05 * 827.3


def test_iterated_local_search_settings_run_the_solve_that_reads_them(tiny: Path, monkeypatch: pytest.MonkeyPatch):
    """OR-Tools ignores iterated-local-search settings in an ordinary solve: with them set (the
    benchmark variant `ils_sisr`) the search goes through SolveWithIteratedLocalSearch, and still
    serves every customer."""
    calls = []
    original = pywrapcp.RoutingModel.SolveWithIteratedLocalSearch

    def spy(self: pywrapcp.RoutingModel, params: pywrapcp.DefaultRoutingSearchParameters) -> pywrapcp.Assignment:
        calls.append(params.use_iterated_local_search)
        return original(self, params)

    monkeypatch.setattr(pywrapcp.RoutingModel, "SolveWithIteratedLocalSearch", spy)
    routes = solve(read_instance(tiny), 1.0, parameters(["ils_sisr"], 1.0), groups=None)
    assert calls == [True]
    assert sorted(c for r in routes for c in r) == [1, 2, 3, 4, 5]


def test_product_search_does_not_iterate(tiny: Path, monkeypatch: pytest.MonkeyPatch):
    """The product's own search stays guided local search, never the iterated-local-search solve."""
    monkeypatch.setattr(pywrapcp.RoutingModel, "SolveWithIteratedLocalSearch", lambda *_: pytest.fail("ILS ran"))
    routes = solve(read_instance(tiny), 1.0, groups=None)
    assert sorted(c for r in routes for c in r) == [1, 2, 3, 4, 5]


def test_shortest_start_completes_routes_that_miss_customers(tiny: Path):
    """Routes leaving customers 4 and 5 out are no start: another strategy's complete routes are taken."""
    instance = read_instance(tiny)
    routes = shortest_start(instance, [[1, 2], [3]], 0.5)
    assert sorted(c for r in routes for c in r) == [1, 2, 3, 4, 5]


def test_shortest_start_keeps_routes_no_other_start_beats(tiny: Path):
    """From the best routes found in 2 s, no 0.5 s start is shorter: the given routes stay."""
    instance = read_instance(tiny)
    best = solve(instance, 2.0, groups=None)
    chosen = shortest_start(instance, best + [[]] * (instance.vehicles - len(best)), 0.5)
    assert route_distance(instance, [r for r in chosen if r]) == route_distance(instance, best)
