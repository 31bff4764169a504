"""Our routing search against VROOM and PyVRP on public VRPTW benchmarks, in the DIMACS convention.

Usage, from the repository root:
    python -m benchmarks.public_vrptw --set solomon --time-limit 10
    python -m benchmarks.public_vrptw --set gh400 --time-limit 30 --instances r1,rc1

All three solvers get the same integer data (arcs = floor(10·Euclidean), times ×10), the same
wall-clock limit and one thread; every result is recomputed and validated by
`routing.vrptw.route_distance` and compared with the distance-only DIMACS best-known solution.
Writes benchmarks/results/public_vrptw_<set>.csv and .md, and our routes under
benchmarks/results/solutions/<set>/. Not a unit test: tests/routing/test_vrptw.py holds the bounds.
"""

import argparse
import re
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path

import pandas as pd

from routing.vrptw import SCALE, VrptwInstance, arc_tenths, read_instance, route_distance, solve, write_solution

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
RESULTS = Path(__file__).resolve().parent / "results"
FOLDERS = {"solomon": "solomon", "gh200": "homberger/200", "gh400": "homberger/400", "gh1000": "homberger/1000"}
Routes = list[list[int]]
ECHO = partial(print, flush=True)  # progress lines show up at once in a nohup log


def instance_class(name: str) -> str:
    """'R101' -> 'R1', 'rc1_4_7' -> 'RC1'."""
    match = re.match(r"([A-Za-z]+)(\d)", name)
    return match.group(0).upper() if match else name.upper()


def instance_files(data: Path, which: str, only: list[str] | None = None) -> list[Path]:
    """The set's instance files, optionally kept to classes ('r1') or names ('r1_4_1', 'C101')."""
    files = sorted((data / FOLDERS[which]).glob("*.txt"), key=lambda p: _natural(p.stem))
    if not only:
        return files
    wanted = {token.strip().upper() for token in only if token.strip()}
    return [p for p in files if p.stem.upper() in wanted or instance_class(p.stem) in wanted]


def _natural(name: str) -> list:
    return [int(part) if part.isdigit() else part.upper() for part in re.split(r"(\d+)", name)]


def best_known(data: Path, which: str) -> dict[str, float]:
    """Distance-only best-known distances in the DIMACS convention, by upper-case instance name."""
    if which == "solomon":
        table = pd.read_csv(data / "bks" / "solomon_distance_only.csv")
        table = table[table["convention"].str.startswith("DIMACS")]
    else:
        table = pd.read_csv(data / "bks" / "homberger_distance_dimacs.csv")
    return dict(zip(table["instance"].str.upper(), table["distance"].astype(float), strict=True))


def run_ortools(instance: VrptwInstance, time_limit: float) -> Routes:
    return solve(instance, time_limit)


def run_vroom(instance: VrptwInstance, time_limit: float) -> Routes:
    import vroom

    problem = vroom.Input()
    problem.set_durations_matrix("car", arc_tenths(instance))
    depot_window = vroom.TimeWindow(_tenths(instance.ready[0]), _tenths(instance.due[0]))
    for vehicle in range(instance.vehicles):
        problem.add_vehicle(
            vroom.Vehicle(vehicle, start=0, end=0, capacity=[instance.capacity], time_window=depot_window)
        )
    for c in range(1, instance.customers + 1):
        window = vroom.TimeWindow(_tenths(instance.ready[c]), _tenths(instance.due[c]))
        job = vroom.Job(
            c,
            location=c,
            delivery=[instance.demand[c]],
            default_service=_tenths(instance.service[c]),
            time_windows=[window],
        )
        problem.add_job(job)
    solution = problem.solve(exploration_level=5, nb_threads=1, timeout=timedelta(seconds=time_limit))
    jobs = solution.routes[solution.routes["type"] == "job"]
    return [[int(c) for c in group["id"]] for _, group in jobs.groupby("vehicle_id", sort=True)]


def run_pyvrp(instance: VrptwInstance, time_limit: float, seed: int = 1) -> Routes:
    import pyvrp
    from pyvrp.stop import MaxRuntime

    arcs = arc_tenths(instance)
    early, late = _tenths(instance.ready[0]), _tenths(instance.due[0])
    clients = [
        pyvrp.Client(
            location=c,
            delivery=[instance.demand[c]],
            service_duration=_tenths(instance.service[c]),
            tw_early=_tenths(instance.ready[c]),
            tw_late=_tenths(instance.due[c]),
        )
        for c in range(1, instance.customers + 1)
    ]
    data = pyvrp.ProblemData(
        [pyvrp.Location(x, y) for x, y in zip(instance.x, instance.y, strict=True)],
        clients,
        [pyvrp.Depot(0, tw_early=early, tw_late=late)],
        [pyvrp.VehicleType(instance.vehicles, capacity=[instance.capacity], tw_early=early, tw_late=late)],
        [arcs],
        [arcs],
    )
    result = pyvrp.solve(data, MaxRuntime(time_limit), seed=seed, collect_stats=False)
    return [[a.idx + 1 for a in route if a.is_client()] for route in result.best.routes()]


def _tenths(value: float) -> int:
    return round(value * SCALE)


SOLVERS: dict[str, Callable[[VrptwInstance, float], Routes]] = {
    "ours": run_ortools,
    "vroom": run_vroom,
    "pyvrp": run_pyvrp,
}


def measure(solver: str, instance: VrptwInstance, time_limit: float) -> tuple[float | None, float, str, Routes]:
    """(DIMACS distance or None, wall seconds, failure note, routes) of one solver on one instance."""
    start = time.perf_counter()
    try:
        routes = SOLVERS[solver](instance, time_limit)
    except Exception as error:  # a crashing competitor is a result, not the end of the run
        return None, time.perf_counter() - start, f"error: {error}", []
    seconds = time.perf_counter() - start
    try:
        return route_distance(instance, routes), seconds, "", routes
    except ValueError as error:
        return None, seconds, str(error), routes


def benchmark(
    which: str = "solomon",
    time_limit: float = 10.0,
    instances: list[str] | None = None,
    solvers: list[str] | None = None,
    data: Path = DEFAULT_DATA,
    results: Path = RESULTS,
    echo: Callable[[str], None] = ECHO,
) -> pd.DataFrame:
    """Run the solvers one at a time on each instance; write the CSV (after every instance) and markdown."""
    solvers = solvers or list(SOLVERS)
    bks = best_known(data, which)
    files = instance_files(data, which, instances)
    if not files:
        raise ValueError(f"no {which} instances match {instances} under {data}")
    rows = []
    (results / "solutions" / which).mkdir(parents=True, exist_ok=True)
    for path in files:
        instance = read_instance(path)
        name = path.stem.upper()
        row: dict[str, object] = {"instance": name, "customers": instance.customers, "bks": bks.get(name)}
        for solver in solvers:
            distance, seconds, note, routes = measure(solver, instance, time_limit)
            row |= {solver: distance, f"{solver}_gap": _gap(distance, bks.get(name))}
            row |= {f"{solver}_routes": len(routes) if distance else None, f"{solver}_s": round(seconds, 2)}
            row[f"{solver}_note"] = note
            if solver == "ours" and routes:
                write_solution(routes, results / "solutions" / which / f"{name}.sol", distance)
        rows.append(row)
        echo(_line(row, solvers))
        table = pd.DataFrame(rows)
        table.to_csv(results / f"public_vrptw_{which}.csv", index=False)
    (results / f"public_vrptw_{which}.md").write_text(markdown(table, solvers, which, time_limit))
    echo(summary(table, solvers))
    for _, row in table.iterrows():
        for s in solvers:
            if row[f"{s}_note"]:
                echo(f"{row['instance']} {s}: {row[f'{s}_note']}")
    return table


def _gap(distance: float | None, bks: float | None) -> float | None:
    return None if distance is None or not bks else round(100 * (distance - bks) / bks, 2)


def _line(row: dict, solvers: list[str]) -> str:
    cells = [f"{row['instance']:<10} bks {row['bks']:>9.1f}"]
    for s in solvers:
        value = f"{row[s]:9.1f} {row[f'{s}_gap']:+6.2f}%" if row[s] is not None else f"{'FAILED':>17}"
        cells.append(f"{s} {value} {row[f'{s}_s']:5.1f}s")
    return "  ".join(cells)


def summary(table: pd.DataFrame, solvers: list[str]) -> str:
    """Mean gap per solver over its valid solutions and over the instances all solved, plus failures."""
    common = table[[f"{s}_gap" for s in solvers]].notna().all(axis=1)
    lines = [f"instances: {len(table)}, solved by all: {int(common.sum())}"]
    classes = table["instance"].map(instance_class)
    by_class = table.groupby(classes, sort=False)[[f"{s}_gap" for s in solvers]].mean()
    lines.append(
        "mean gap % by class: "
        + "; ".join(f"{c} " + " / ".join(f"{by_class.loc[c, f'{s}_gap']:.2f}" for s in solvers) for c in by_class.index)
        + f"  ({' / '.join(solvers)})"
    )
    for s in solvers:
        gaps = table[f"{s}_gap"]
        failed = ", ".join(table.loc[gaps.isna(), "instance"]) or "none"
        lines.append(
            f"{s:>6}: mean gap {gaps.mean():6.2f}% over {int(gaps.notna().sum())} solved, "
            f"{gaps[common].mean():6.2f}% on the common ones, mean {table[f'{s}_s'].mean():.1f}s; failed: {failed}"
        )
    return "\n".join(lines)


def markdown(table: pd.DataFrame, solvers: list[str], which: str, time_limit: float) -> str:
    head = ["instance", "BKS"] + [c for s in solvers for c in (s, "gap %")] + [f"{s} s" for s in solvers]
    lines = [
        f"# Public VRPTW benchmark: {which}, {time_limit:g} s per solver and instance, one thread",
        "",
        "Distance-only, DIMACS convention (arcs truncated to one decimal); BKS from the shared `bks/` tables.",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    for _, row in table.iterrows():
        cells = [row["instance"], _num(row["bks"])]
        cells += [c for s in solvers for c in (_num(row[s]), _num(row[f"{s}_gap"], "{:+.2f}"))]
        cells += [_num(row[f"{s}_s"]) for s in solvers]
        lines.append("| " + " | ".join(cells) + " |")
    notes = [f"- {r['instance']} {s}: {r[f'{s}_note']}" for _, r in table.iterrows() for s in solvers if r[f"{s}_note"]]
    lines += ["", "```", summary(table, solvers), "```", "", *notes, ""]
    return "\n".join(lines)


def _num(value: object, fmt: str = "{:.1f}") -> str:
    return "—" if value is None or pd.isna(value) else fmt.format(value)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="which", choices=sorted(FOLDERS), default="solomon")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per solver and instance")
    parser.add_argument("--instances", default="", help="comma-separated classes (r1,rc1) or names (R101)")
    parser.add_argument("--solvers", default=",".join(SOLVERS), help=f"comma-separated, of {','.join(SOLVERS)}")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared benchmarks folder")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--report-only", action="store_true", help="rewrite the markdown from the existing CSV")
    args = parser.parse_args(argv)
    solvers = [s for s in args.solvers.split(",") if s]
    unknown = set(solvers) - set(SOLVERS)
    if unknown:
        parser.error(f"unknown solvers {sorted(unknown)}")
    if args.report_only:
        table = pd.read_csv(args.results / f"public_vrptw_{args.which}.csv")
        for s in solvers:
            table[f"{s}_note"] = table[f"{s}_note"].astype(object).fillna("").astype(str)
        (args.results / f"public_vrptw_{args.which}.md").write_text(
            markdown(table, solvers, args.which, args.time_limit)
        )
        print(summary(table, solvers))
        return
    instances = args.instances.split(",") if args.instances else None
    benchmark(args.which, args.time_limit, instances, solvers, args.data, args.results)


if __name__ == "__main__":
    main()
