"""Half-year benchmarks: our solver against VROOM on a relaxation, at several sizes, fair or not.

    python -m benchmarks.half_year quality   --time-limit 120     # demo: ours vs VROOM relaxed
    python -m benchmarks.half_year scale     --time-limit 300     # 850 / 1,700 / 3,400 requests
    python -m benchmarks.half_year fairness  --time-limit 120     # 1,300 requests for three vans
    python -m benchmarks.half_year anytime                        # cost over time up to 10 minutes (about 35 in all)

Each solve runs in its own process so its peak memory is its own. Results are printed as
markdown tables and written under benchmarks/results/.
"""

import argparse
import multiprocessing as mp
import resource
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import timedelta
from pathlib import Path

from models import Plan, Problem
from movable.demo import make_demo
from routing.check import check_plan
from routing.instance import build_instance
from routing.locate import resolve_locations
from routing.parallel import default_processes
from routing.reasons import structural_reasons
from routing.solver import SolveOptions, solve
from routing.trips import trips_of_week, weeks

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class Run:
    name: str
    visits: int
    feasible: int
    served: int
    drive_km: float
    person_nights: int
    cost: float
    preferred: str
    lowest_province_share: float
    national_share: float
    violations: int
    seconds: float
    peak_mb: float


def _province_shares(problem: Problem, plan: Plan) -> tuple[float, float]:
    """The lowest province's served share of its feasible visits, and the national share."""
    instance = build_instance(problem)
    impossible = structural_reasons(instance)
    served = {s.visit for r in plan.routes for s in r.stops}
    totals: dict[str, list[int]] = {}
    for visit, province in zip(problem.visits, instance.province, strict=True):
        if visit.id not in impossible:
            totals.setdefault(province, [0, 0])
            totals[province][0] += visit.id in served
            totals[province][1] += 1
    national = sum(s for s, _ in totals.values()) / max(1, sum(n for _, n in totals.values()))
    lowest = min((s / n for s, n in totals.values() if n >= 5), default=1.0)
    return round(lowest, 3), round(national, 3)


def _solve_child(problem_json: str, options: SolveOptions, name: str, queue: mp.Queue) -> None:
    problem = resolve_locations(Problem.model_validate_json(problem_json))
    started = time.monotonic()
    plan = solve(problem, options)
    seconds = time.monotonic() - started
    _reap_workers()
    impossible = structural_reasons(build_instance(problem))
    lowest, national = _province_shares(problem, plan)
    k = plan.kpis
    run = Run(
        name=name,
        visits=len(problem.visits),
        feasible=len(problem.visits) - len(impossible),
        served=k.visits_served,
        drive_km=k.drive_km,
        person_nights=k.person_nights,
        cost=k.cost,
        preferred=f"{k.preferred_honoured}/{k.preferred_requested}",
        lowest_province_share=lowest,
        national_share=national,
        violations=len(check_plan(problem, plan)),
        seconds=round(seconds, 1),
        peak_mb=_peak_mb(options.processes),
    )
    queue.put(asdict(run))


def _reap_workers(most_seconds: float = 30.0) -> None:
    """Wait for the solver's worker processes to end (a week still running finishes first)."""
    deadline = time.monotonic() + most_seconds
    while mp.active_children() and time.monotonic() < deadline:
        time.sleep(0.1)


def _peak_mb(processes: int) -> float:
    """Peak memory of the solve: this process, and each worker counted at the largest one's peak."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if processes > 1 else 0
    return round((own + processes * workers) / 1024, 1)


def measured(problem: Problem, options: SolveOptions, name: str) -> Run:
    """Solve in a fresh process (spawned, so its memory is its own) and collect the numbers."""
    context = mp.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_solve_child, args=(problem.model_dump_json(), options, name, queue))
    child.start()
    result = queue.get()
    child.join()
    return Run(**result)


def vroom_relaxed(problem: Problem, timeout: float) -> dict:
    """VROOM on the relaxation: one vehicle per van and block of working days, nights as breaks,
    every consultant's skills on every van, no crews, seats, team size or driving limit. Its
    `weeks` say which week each visit it serves is in (visit id -> week), for our solver to try."""
    import numpy as np
    import vroom

    problem = resolve_locations(problem)
    instance = build_instance(problem)
    impossible = structural_reasons(instance)
    day0 = problem.horizon.start
    workday = problem.policy.workday

    def clock(day, minute: int) -> int:  # minutes since the horizon's first midnight
        return (day - day0).days * 1440 + minute

    solver = vroom.Input()
    minutes = instance.travel.minutes.astype(np.uint32)
    metres = np.rint(instance.travel.km * 1000).astype(np.uint32)
    solver.set_durations_matrix("car", minutes)
    solver.set_distances_matrix("car", metres)
    vehicle_id, week_of_vehicle = 0, {}
    for number, week in enumerate(weeks(instance)):
        for trip in trips_of_week(instance, week):
            week_of_vehicle[vehicle_id] = number
            nights = [
                vroom.Break(
                    id=vehicle_id * 10 + k,
                    time_windows=[vroom.TimeWindow(clock(d, workday.end), clock(d, workday.end))],
                    service=1440 - (workday.end - workday.start),
                )
                for k, d in enumerate(trip.days[:-1])
            ]
            solver.add_vehicle(
                vroom.Vehicle(
                    id=vehicle_id,
                    start=0,
                    end=0,
                    time_window=vroom.TimeWindow(clock(trip.days[0], workday.start), clock(trip.days[-1], workday.end)),
                    breaks=nights,
                    costs=vroom.VehicleCosts(per_hour=0, per_km=problem.policy.cost_per_km),
                )
            )
            vehicle_id += 1
    jobs = 0
    for index, visit in enumerate(problem.visits):
        if visit.id in impossible:
            continue
        windows = [
            vroom.TimeWindow(clock(d, workday.start + s), clock(d, workday.start + e - visit.duration_minutes))
            for d in instance.visit_days(visit)
            for s, e in instance.windows(visit)
        ]
        solver.add_job(
            vroom.Job(id=index, location=index + 1, default_service=visit.duration_minutes, time_windows=windows)
        )
        jobs += 1
    started = time.monotonic()
    solution = solver.solve(exploration_level=5, nb_threads=2, timeout=timedelta(seconds=timeout))
    seconds = time.monotonic() - started
    routes = solution.routes
    served = routes[routes["type"] == "job"]
    km = float(solution.summary.distance) / 1000 if hasattr(solution, "summary") else float("nan")
    served_in = zip(served["id"], served["vehicle_id"], strict=True)
    weeks_of = {problem.visits[int(job)].id: week_of_vehicle[int(vehicle)] for job, vehicle in served_in}
    return {
        "feasible": jobs,
        "served": len(served),
        "drive_km": round(km, 1),
        "seconds": round(seconds, 1),
        "weeks": weeks_of,
    }


def table(rows: list[dict]) -> str:
    keys = list(rows[0])
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    lines += ["| " + " | ".join(str(row[k]) for k in keys) + " |" for row in rows]
    return "\n".join(lines)


def _write(name: str, text: str) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"half_year_{name}.md").write_text(text + "\n", encoding="utf-8")
    print(text)


def quality(time_limit: float, vroom_timeout: float, processes: int) -> None:
    """Ours against VROOM on its relaxation, and ours given the weeks of VROOM's relaxed plan
    (`SolveOptions.given_weeks`): on the relaxation, and on the real problem."""
    problem = make_demo(850, 1)
    options = SolveOptions(time_limit=time_limit, seed=1, processes=processes)
    name = f"Movable {time_limit:.0f} s"
    ours = measured(problem, options, name)
    on_relaxation = measured(relaxation(problem), options, f"{name}, on the relaxation")
    relaxed = vroom_relaxed(problem, vroom_timeout)
    vroom_weeks = replace(options, given_weeks=relaxed["weeks"])
    relaxed_in_vroom_weeks = measured(relaxation(problem), vroom_weeks, f"{name}, on the relaxation, VROOM's weeks")
    in_vroom_weeks = measured(problem, vroom_weeks, f"{name}, VROOM's weeks")
    runs = (ours, on_relaxation, relaxed_in_vroom_weeks, in_vroom_weeks)
    rows = [
        {"solver": run.name, "served": f"{run.served}/{run.feasible}", "km": run.drive_km, "seconds": run.seconds}
        for run in runs
    ]
    rows.append(
        {
            "solver": "VROOM, relaxed",
            "served": f"{relaxed['served']}/{relaxed['feasible']}",
            "km": relaxed["drive_km"],
            "seconds": relaxed["seconds"],
        }
    )
    ratios = [run.drive_km / relaxed["drive_km"] if relaxed["drive_km"] else float("nan") for run in runs]
    text = (
        f"km ratio Movable / VROOM relaxed: {ratios[0]:.3f}; on the same relaxation: {ratios[1]:.3f}; "
        f"on the relaxation in VROOM's weeks: {ratios[2]:.3f}; the real problem in VROOM's weeks: {ratios[3]:.3f}"
    )
    _write("quality", table(rows) + f"\n\n{text}\n\n" + table([asdict(run) for run in runs]))


def relaxation(problem: Problem) -> Problem:
    """The problem as VROOM's relaxation sees it, for our solver: the visits feasible under the real
    rules, every consultant holding every skill and free to serve all day, teams of one, no
    wishes, driving limited only by the workday, and nights free."""
    impossible = structural_reasons(build_instance(resolve_locations(problem)))
    skills = tuple(
        sorted({s for c in problem.consultants for s in c.skills} | {s for v in problem.visits for s in v.skills})
    )
    policy = problem.policy
    workday = policy.workday.end - policy.workday.start
    free_nights = policy.overnight.model_copy(update={"cost_per_person_night": 0})
    return problem.model_copy(
        update={
            "policy": policy.model_copy(update={"max_drive_minutes_per_day": workday, "overnight": free_nights}),
            "consultants": tuple(
                c.model_copy(update={"skills": skills, "max_visits_per_day": 20}) for c in problem.consultants
            ),
            "visits": tuple(
                v.model_copy(update={"team_size": 1, "preferred_consultants": ()})
                for v in problem.visits
                if v.id not in impossible
            ),
        }
    )


def scale(time_limit: float, processes: int) -> None:
    sizes = [(850, 3, None), (1700, 6, 24), (3400, 12, 48)]
    runs = [
        measured(
            make_demo(n, 3, vans=v, consultants=c),
            SolveOptions(time_limit=time_limit, seed=1, processes=processes),
            f"{n} requests, {v} vans",
        )
        for n, v, c in sizes
    ]
    _write("scale", table([asdict(r) for r in runs]))


def fairness(time_limit: float, processes: int) -> None:
    problem = make_demo(1300, 2)
    runs = [
        measured(
            problem,
            SolveOptions(time_limit=time_limit, seed=1, fair=fair, processes=processes),
            "fair" if fair else "ignoring fairness",
        )
        for fair in (True, False)
    ]
    _write("fairness", table([asdict(r) for r in runs]))


# The 60 s point and the longest are solved with more seeds: one run's cost varies by about 3 M won
# (5%) from seed to seed, more than the 2% the target allows, so one run at either end cannot say
# whether it is met. (Until December 2026 the 60 s seeds were set against the 600 s run of seed 1.)
TARGET_SECONDS = 60.0
TARGET_SEEDS = (1, 2, 3)


def anytime(processes: int, limits: tuple[float, ...] = (15, 60, 120, 600)) -> None:
    """The demo solved with longer and longer limits (seed 1), the 60 s point and the longest with
    more seeds: the table, the gaps against the longest, and cost and km over time as a PNG."""
    problem = make_demo(850, 1)
    options = [SolveOptions(time_limit=t, seed=1, processes=processes) for t in limits]
    runs = [measured(problem, o, f"{o.time_limit:.0f} s") for o in options]
    ends = [t for t in dict.fromkeys((TARGET_SECONDS, limits[-1])) if t in limits]
    target = [SolveOptions(time_limit=t, seed=s, processes=processes) for t in ends for s in TARGET_SEEDS if s != 1]
    more = [measured(problem, o, f"{o.time_limit:.0f} s seed {o.seed}") for o in target]
    _write("anytime", table([asdict(r) for r in runs + more]) + "\n\n" + _gaps(runs, more, limits[-1]))
    _plot_anytime(limits, runs, more, [o.time_limit for o in target])


def _seeded(limit: float, runs: list[Run]) -> list[Run]:
    """The runs at `limit`, every seed."""
    name = f"{limit:.0f} s"
    return [r for r in runs if r.name == name or r.name.startswith(f"{name} seed ")]


def _gaps(runs: list[Run], more: list[Run], longest: float) -> str:
    """Each run's cost against the longest run's (seed 1), and the mean at 60 s over every seed
    against the mean of the longest over the same seeds."""
    best = runs[-1]
    lines = [f"- {r.name}: cost {100 * (r.cost / best.cost - 1):+.1f}% against the {best.name} plan" for r in runs]
    at_target, at_longest = _seeded(TARGET_SECONDS, runs + more), _seeded(longest, runs + more)
    if len(at_target) > 1 and len(at_longest) > 1 and longest != TARGET_SECONDS:
        means = [sum(r.cost for r in group) / len(group) for group in (at_target, at_longest)]
        costs = [", ".join(f"{r.cost / 1e6:.1f}" for r in group) for group in (at_target, at_longest)]
        lines.append(
            f"- {TARGET_SECONDS:.0f} s over seeds {', '.join(map(str, TARGET_SEEDS))} ({costs[0]} M won): "
            f"mean {100 * (means[0] / means[1] - 1):+.1f}% against the mean at {longest:.0f} s ({costs[1]} M won)"
        )
    return "\n".join(lines)


def _plot_anytime(limits: tuple[float, ...], runs: list[Run], more: list[Run], more_limits: list[float]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, cost_axis = plt.subplots(figsize=(7, 4))
    cost_axis.plot(limits, [r.cost / 1e6 for r in runs], "o-", color="tab:blue", label="cost (M won)")
    cost_axis.plot(more_limits, [r.cost / 1e6 for r in more], "o", color="tab:blue", alpha=0.4)
    cost_axis.set_xscale("log")
    cost_axis.set_xticks(limits, [f"{t:g}" for t in limits], minor=False)
    cost_axis.set_xticks([], minor=True)
    cost_axis.set_xlabel("time limit (s)")
    cost_axis.set_ylabel("cost (M won)", color="tab:blue")
    km_axis = cost_axis.twinx()
    km_axis.plot(limits, [r.drive_km / 1000 for r in runs], "s--", color="tab:orange", label="drive (1,000 km)")
    km_axis.set_ylabel("drive (1,000 km)", color="tab:orange")
    cost_axis.set_title("Demo half-year (850 requests): plan quality against time limit")
    figure.tight_layout()
    figure.savefig(RESULTS / "half_year_anytime.png", dpi=120)


COMMANDS: dict[str, Callable[[argparse.Namespace], None]] = {
    "quality": lambda a: quality(a.time_limit, a.vroom_timeout, a.processes),
    "scale": lambda a: scale(a.time_limit, a.processes),
    "fairness": lambda a: fairness(a.time_limit, a.processes),
    "anytime": lambda a: anytime(a.processes),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=sorted(COMMANDS))
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--vroom-timeout", type=float, default=150.0)
    parser.add_argument("--processes", type=int, default=default_processes(), help="the solver's, as the CLI's")
    args = parser.parse_args()
    COMMANDS[args.what](args)


if __name__ == "__main__":
    main()
