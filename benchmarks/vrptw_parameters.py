"""Which OR-Tools search settings work best on VRPTW: variants of the product's search, measured.

Usage, from the repository root:
    python -m benchmarks.vrptw_parameters --time-limit 10 --variants product,lci,savings
    python -m benchmarks.vrptw_parameters --set gh400 --instances r1_4_1,rc1_4_1 --time-limit 30

Each variant starts from `routing.week_model.search_parameters` (the product's search) and
changes one thing; the `groups_*` variants change the search by route groups
(`routing/route_groups.py`) on instances large enough for it. Rows are appended to
benchmarks/results/vrptw_parameters.csv; the mean gap per variant is printed. Not a unit test.
"""

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from ortools.constraint_solver import routing_enums_pb2, routing_parameters_pb2
from ortools.constraint_solver import routing_ils_pb2 as ILS
from ortools.util.optional_boolean_pb2 import BOOL_TRUE

from benchmarks.public_vrptw import DEFAULT_DATA, RESULTS, best_known, instance_files
from routing.route_groups import DEFAULT as DEFAULT_GROUPS
from routing.route_groups import GroupSearch
from routing.vrptw import missing_customers, read_instance, route_distance, solve
from routing.week_model import search_parameters

Params = routing_parameters_pb2.RoutingSearchParameters
FIRST = routing_enums_pb2.FirstSolutionStrategy
META = routing_enums_pb2.LocalSearchMetaheuristic

# Solomon instances where the plain model finds no first solution, and a spread of the rest
DEFAULT_INSTANCES = "R101,R102,R103,R105,R106,RC101,RC105,R109,R112,RC106,C106,R201,R205,RC202,C204,R211"


def _first(strategy: int) -> Callable[[Params], None]:
    def change(params: Params) -> None:
        params.first_solution_strategy = strategy

    return change


def _meta(heuristic: int) -> Callable[[Params], None]:
    def change(params: Params) -> None:
        params.local_search_metaheuristic = heuristic

    return change


def _gls_lambda(value: float) -> Callable[[Params], None]:
    def change(params: Params) -> None:
        params.guided_local_search_lambda_coefficient = value

    return change


def _lns_limit(seconds: float) -> Callable[[Params], None]:
    def change(params: Params) -> None:
        params.lns_time_limit.FromMilliseconds(int(seconds * 1000))

    return change


def _neighbors(ratio: float, least: int) -> Callable[[Params], None]:
    def change(params: Params) -> None:
        params.ls_operator_neighbors_ratio = ratio
        params.ls_operator_min_neighbors = least

    return change


def _ils(automatic: bool, improve: bool = True) -> Callable[[Params], None]:
    """Iterated local search: SISR ruin (string removals), cheapest-insertion recreate, annealed
    acceptance; each recreated solution improved by greedy descent (`improve`) or taken as it is.

    OR-Tools reads these settings only in `SolveWithIteratedLocalSearch` (not in
    `SolveWithParameters`, nor from a start), which `routing.vrptw` calls for a whole search
    without a start when they are set; the local search must stop at its first optimum (greedy
    descent), or the first solve keeps all the time. Rows in the results from before that
    (`ils_sisr` in `vrptw_parameters.csv` and `vrptw_parameters_gh400.csv`) measured the plain
    search. Measured since, beside the product in the same batch (`run`; whole instances, no
    route groups, unless said): Solomon R1 and RC1, 20 x 10 s: 1.84% against the product's 2.47%,
    better on 14 of 20 (the product's recorded run: 1.93%; VROOM's 1.02%); on the long routes
    of type 2 worse (C204, R201, R205, R211, RC202: 4.16% against 2.91%, C204 5.5% against 1.5%),
    and ruin and recreate alone 3.00% against 1.85% on the default 16. Gehring-Homberger 200
    (r1, rc1), 20 x 20 s: 7.85% against 4.40%, worse on all 20 (each improvement of a
    recreated solution searches all 200 stops: too few iterations); ruin and recreate for half
    the time, then groups, 4.44% against the product's 3.74%. (The type-2, ruin-and-recreate-alone and 7.85%
    comparisons were against the product's search started from parallel cheapest insertion, see
    `run`; the ILS runs themselves do not depend on that.) So the product keeps guided local search: the
    gain is on small instances of short routes only, where the half-year's weeks never are, and
    a re-solve from routes (route groups, the weeks' re-solves) cannot use it.
    `results/vrptw_parameters.csv` and `results/vrptw_parameters_gh200.csv` hold the runs.
    """

    def change(params: Params) -> None:
        params.use_iterated_local_search = True
        params.local_search_metaheuristic = META.GREEDY_DESCENT
        ils = params.iterated_local_search_parameters
        ils.perturbation_strategy = ILS.PerturbationStrategy.RUIN_AND_RECREATE
        ils.ruin_recreate_parameters.recreate_strategy.heuristic = FIRST.LOCAL_CHEAPEST_INSERTION
        sisr = ils.ruin_recreate_parameters.ruin_strategies.add().sisr
        sisr.max_removed_sequence_size, sisr.avg_num_removed_visits, sisr.bypass_factor = 10, 10, 0.01
        ils.improve_perturbed_solution = improve
        annealing = ils.reference_solution_acceptance_strategy.simulated_annealing
        annealing.automatic_temperatures = automatic
        ils.best_solution_acceptance_strategy.greedy_descent.SetInParent()

    return change


def _reset_gls(params: Params) -> None:
    params.guided_local_search_reset_penalties_on_new_best_solution = True


def _path_lns(params: Params) -> None:
    params.local_search_operators.use_path_lns = BOOL_TRUE
    params.local_search_operators.use_inactive_lns = BOOL_TRUE


def _cross_exchange(params: Params) -> None:
    params.local_search_operators.use_cross_exchange = BOOL_TRUE
    params.local_search_operators.use_relocate_neighbors = BOOL_TRUE


def _close_nodes_lns(params: Params) -> None:
    ops = params.local_search_operators
    ops.use_global_cheapest_insertion_close_nodes_lns = BOOL_TRUE
    ops.use_local_cheapest_insertion_close_nodes_lns = BOOL_TRUE
    ops.use_global_cheapest_insertion_expensive_chain_lns = BOOL_TRUE
    ops.use_local_cheapest_insertion_expensive_chain_lns = BOOL_TRUE


VARIANTS: dict[str, Callable[[Params], None]] = {
    "product": lambda params: None,
    "lci": _first(FIRST.LOCAL_CHEAPEST_INSERTION),
    "savings": _first(FIRST.SAVINGS),
    "path_cheapest_arc": _first(FIRST.PATH_CHEAPEST_ARC),
    "gls_lambda_0.05": _gls_lambda(0.05),
    "gls_lambda_0.2": _gls_lambda(0.2),
    "gls_lambda_0.5": _gls_lambda(0.5),
    "gls_reset": _reset_gls,
    "lns_1s": _lns_limit(1.0),
    "neighbors_0.05": _neighbors(0.05, 10),
    "neighbors_0.1": _neighbors(0.1, 10),
    "neighbors_0.2": _neighbors(0.2, 20),
    "simulated_annealing": _meta(META.SIMULATED_ANNEALING),
    "tabu": _meta(META.TABU_SEARCH),
    "ils_sisr": _ils(automatic=True),
    "ils_sisr_fixed_temperature": _ils(automatic=False),
    "ils_sisr_rr": _ils(automatic=True, improve=False),  # ruin and recreate alone
    "path_lns": _path_lns,
    "cross_exchange": _cross_exchange,
    "close_nodes_lns": _close_nodes_lns,
}


# Group sizes and times for the large-neighbourhood search by route groups (routing/route_groups.py)
GROUPS: dict[str, GroupSearch | None] = {
    "no_groups": None,
    "groups_40": GroupSearch(stops=40),
    "groups_80": GroupSearch(stops=80),
    "groups_100": GroupSearch(stops=100),
    "groups_0.1s": GroupSearch(seconds=0.1),
    "groups_0.2s": GroupSearch(seconds=0.2),
    "groups_0.6s": GroupSearch(seconds=0.6),
    "groups_1.2s": GroupSearch(seconds=1.2),
    "groups_first_0.05": GroupSearch(first_share=0.05),
    "groups_first_0.2": GroupSearch(first_share=0.2),
    "groups_first_0.5": GroupSearch(first_share=0.5),
    "groups_seed_2": GroupSearch(seed=2),
}


def parameters(variants: list[str], time_limit: float, visits: int = 0) -> Params | None:
    """The product's search for `time_limit` seconds on `visits` stops with the named changes
    applied in order ('lci+gls_lambda_0.2'); None (the product's own) when none changes it."""
    changes = [name for name in variants if name not in GROUPS]
    if not changes:
        return None
    params = search_parameters(time_limit, visits=visits)
    for name in changes:
        VARIANTS[name](params)
    return params


def run(variant: str, path: Path, time_limit: float, bks: float | None) -> dict[str, object]:
    """One solve. A changed search replaces the product's where the product would choose its own:
    for the whole time, or for the groups' first share (the first solution depends on the seconds
    per stop). Before this, the runs labelled `product` here started every search from parallel
    cheapest insertion, where the product starts a 2 s whole search of 200 stops from local
    cheapest insertion: GH-200 20 x 20 s, 4.40% and 4.55% in two batches, against the product's
    3.75% in `public_vrptw_gh200.md`."""
    instance = read_instance(path)
    optional = variant != "mandatory"
    names = [] if variant in ("product", "mandatory") else variant.split("+")
    start = time.perf_counter()
    groups = next((GROUPS[n] for n in names if n in GROUPS), DEFAULT_GROUPS)
    first_seconds = time_limit  # as routing.vrptw.solve splits it
    if groups is not None and groups.worth_it(instance.customers, instance.vehicles, time_limit):
        first_seconds *= groups.first_share
    changed = parameters(names, first_seconds, instance.customers)
    routes = solve(instance, time_limit, changed, optional=optional, groups=groups)
    seconds = time.perf_counter() - start
    left_out = len(missing_customers(instance, routes)) if routes else instance.customers
    distance = route_distance(instance, routes) if routes and not left_out else None
    gap = None if distance is None or not bks else round(100 * (distance - bks) / bks, 2)
    row = {"variant": variant, "instance": path.stem.upper(), "time_limit": time_limit, "bks": bks}
    return row | {"distance": distance, "gap": gap, "left_out": left_out, "seconds": round(seconds, 2)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="which", default="solomon")
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--instances", default=DEFAULT_INSTANCES)
    parser.add_argument(
        "--variants",
        default="product",
        help=f"comma-separated; join changes with '+'; 'mandatory' or {[*VARIANTS, *GROUPS]}",
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=RESULTS / "vrptw_parameters.csv")
    args = parser.parse_args(argv)
    bks = best_known(args.data, args.which)
    files = instance_files(args.data, args.which, args.instances.split(","))
    rows = []
    variants = args.variants.split(",")
    unknown = [n for v in variants for n in v.split("+") if n not in VARIANTS | GROUPS and n != "mandatory"]
    if unknown:
        parser.error(f"unknown variants {unknown}")
    for path in files:  # variants interleaved per instance: a change in machine load hits them alike
        for variant in variants:
            rows.append(run(variant, path, args.time_limit, bks.get(path.stem.upper())))
            print(*(f"{k}={v}" for k, v in rows[-1].items()), flush=True)
            frame = pd.DataFrame(rows[-1:])
            frame.to_csv(args.out, mode="a", header=not args.out.exists(), index=False)
    table = pd.DataFrame(rows)
    print(table.groupby("variant", sort=False).agg(mean_gap=("gap", "mean"), failed=("gap", lambda g: g.isna().sum())))


if __name__ == "__main__":
    main()
