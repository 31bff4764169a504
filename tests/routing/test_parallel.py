"""Weeks planned in worker processes: the same week comes back as planned here, and a half-year
planned with weeks side by side still serves each visit once and keeps every rule."""

import multiprocessing
import os
import signal
import time
from multiprocessing import Queue
from pathlib import Path

import pytest

from models import Problem
from routing import solver
from routing.check import check_plan
from routing.instance import build_instance
from routing.locate import resolve_locations
from routing.parallel import WeekJob, WeekRunner
from routing.solver import SolveOptions, solve
from routing.trips import trips_of_week, weeks


def test_a_worker_plans_a_week_as_this_process_does(build, make_visit):
    """Three visits a day trip apart: the worker, holding its own copy of the instance, gives the
    same routes as planning here."""
    visits = [make_visit(f"V{k}", place) for k, place in enumerate(["suwon", "cheonan", "daejeon"])]
    instance = build_instance(resolve_locations(build(visits)))
    week = weeks(instance)[0]
    job = WeekJob(week, trips_of_week(instance, week), [0, 1, 2], {0: 1.0, 1: 1.0, 2: 1.0}, 2.0, seed=3)
    with WeekRunner(instance, 1) as here, WeekRunner(instance, 2) as pool:
        local, remote = here.result(here.submit(job)), pool.result(pool.submit(job))
    assert remote.served == local.served == {0, 1, 2}
    assert [r.model_dump() for r in remote.routes] == [r.model_dump() for r in local.routes]


def test_weeks_side_by_side_serve_each_visit_once(build, make_visit, monkeypatch):
    """Two weeks, visits open across both, the province plan's pass and the improvement with two
    weeks in flight: whichever week was offered a visit, the plan serves it once and keeps the rules."""
    monkeypatch.setattr(solver, "MIN_REGROUP_SECONDS", 0.0)
    places = ["suwon", "cheonan", "daejeon"]
    visits = [make_visit(f"V{k:02d}", places[k % 3], latest_date="2027-03-12") for k in range(18)]
    problem = build(visits, end="2027-03-12")
    seen: list[solver.Progress] = []
    plan = solve(problem, SolveOptions(time_limit=12.0, processes=2), on_progress=seen.append)
    assert check_plan(resolve_locations(problem), plan) == []
    served = [s.visit for r in plan.routes for s in r.stops]
    assert sorted(served) == sorted(v["id"] for v in visits)
    assert {"regroup", "improve"} <= {p.phase for p in seen}


def _runner_until_killed(problem_json: str, pids: Queue) -> None:
    """A solve's process: start a runner's two workers, say who they are, and wait to be killed."""
    instance = build_instance(resolve_locations(Problem.model_validate_json(problem_json)))
    runner = WeekRunner(instance, 2)
    runner.result(runner.call(_nothing))
    pids.put([p.pid for p in multiprocessing.active_children()])
    time.sleep(120)


def _nothing(instance: object, stopped: object) -> None:
    return None


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a zombie has ended; only its parent's reaping is left


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_workers_end_when_the_solve_is_killed(build, make_visit):
    """A server stopping kills its running jobs; their week planners must not idle on for ever."""
    context = multiprocessing.get_context("spawn")
    pids: Queue = context.Queue()
    problem = build([make_visit("V0")]).model_dump_json()
    solve_process = context.Process(target=_runner_until_killed, args=(problem, pids))
    solve_process.start()
    workers = pids.get(timeout=60)
    assert len(workers) == 2 and all(_running(p) for p in workers)
    os.kill(solve_process.pid, signal.SIGKILL)
    solve_process.join()
    deadline = time.monotonic() + 15
    while any(_running(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_running(p) for p in workers)


def test_a_solve_done_before_its_workers_start_prints_no_traceback(build, make_visit, tmp_path: Path):
    """Three visits are planned before the two worker processes are up: the solve waits for them to
    start before closing, so nothing but the plan reaches the terminal (before, each worker
    printed a traceback of a lock it could no longer find)."""
    import subprocess
    import sys

    from models.io import dump_document

    problem = tmp_path / "problem.json"
    problem.write_text(dump_document(build([make_visit(f"V{k}", "suwon") for k in range(3)])), encoding="utf-8")
    command = [sys.executable, "-m", "movable.cli", "solve", str(problem), "-o", str(tmp_path / "plan.json")]
    done = subprocess.run([*command, "--time-limit", "1", "--processes", "2"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert (tmp_path / "plan.json").exists()
