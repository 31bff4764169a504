"""A bounded load test on loopback: a morning's reads while a solve runs.

    python -m benchmarks.load                                  # 50 consultants x 10 rounds, a 30 s solve
    python -m benchmarks.load --think 0                        # the same flat out: a stress test
    python -m benchmarks.load --users 10 --rounds 5 --time-limit 5

`movable serve` is started on 127.0.0.1 with a fresh SQLite database seeded with a demo plan
(50 consultants), every simulated consultant gets their own key, and a solve is started. Once it
runs, all consultants open their day page and calendar at once, `rounds` times each (pausing
`--think` seconds on average between requests, as people reading do), while a
coordinator polls the job. Prints p50/p95 per request kind as a markdown table and writes
benchmarks/results/load.md. Nothing leaves the machine; every wait is bounded.
"""

import argparse
import asyncio
import math
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import httpx

from api.db import Database
from api.keys import create_key
from models import Plan
from models.io import dump_document, load_plan
from movable.demo import make_demo
from routing.locate import resolve_locations
from routing.solver import SolveOptions, solve

RESULTS = Path(__file__).resolve().parent / "results"
TIMEOUT = 30.0  # per request: a request slower than this counts as an error


@dataclass
class Report:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    time_limit: float = 0
    solve_seconds: float | None = None  # the job's started..finished (worker start-up included)
    solver_seconds: float | None = None  # the solver's own last reported time
    solve_status: str = ""
    wall_seconds: float = 0

    def record(self, kind: str, seconds: float, error: str | None) -> None:
        self.latencies[kind].append(seconds)
        if error:
            self.errors[kind].append(error)

    @property
    def error_count(self) -> int:
        return sum(len(e) for e in self.errors.values())

    def markdown(self) -> str:
        lines = ["| request | count | errors | p50 ms | p95 ms | max ms |", "|---|---:|---:|---:|---:|---:|"]
        for kind, times in self.latencies.items():
            p50, p95 = percentile(times, 0.50), percentile(times, 0.95)
            lines.append(
                f"| {kind} | {len(times)} | {len(self.errors[kind])} | {p50 * 1000:.0f} | {p95 * 1000:.0f} "
                f"| {max(times) * 1000:.0f} |"
            )
        solved = "not finished" if self.solve_seconds is None else f"{self.solve_seconds:.1f} s job"
        solver = "" if self.solver_seconds is None else f" ({self.solver_seconds:.1f} s in the solver)"
        lines += ["", f"Solve (time limit {self.time_limit:g} s): {self.solve_status}, {solved}{solver}."]
        return "\n".join(lines)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p * len(ordered)) - 1)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(work: Path, problem: Path, plan: Path) -> Iterator[tuple[str, str, str]]:
    """`movable serve` on loopback in its own process group: (base URL, database URL, coordinator key)."""
    port, db_url, log = _free_port(), f"sqlite:///{work / 'movable.db'}", work / "server.log"
    command = [sys.executable, "-m", "movable.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--db", db_url, "--seed-demo", str(plan), "--demo-problem", str(problem)]
    with log.open("wb") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base, deadline = f"http://127.0.0.1:{port}", time.monotonic() + 60
        while not (found := re.search(r"coordinator key: (\S+)", log.read_text(errors="replace"))):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("movable serve did not start:\n" + log.read_text(errors="replace"))
            time.sleep(0.1)
        while not _answers(f"{base}/docs"):
            if time.monotonic() > deadline:
                raise RuntimeError("movable serve did not answer")
            time.sleep(0.1)
        yield base, db_url, found[1]
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)  # the worker processes too
            server.wait(timeout=30)


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def consultant_days(plan: Plan, users: int) -> list[tuple[str, str]]:
    """A (consultant, date) per user: each user is a consultant on one of their days on the road."""
    days: dict[str, list[str]] = defaultdict(list)
    for route in sorted(plan.routes, key=lambda r: r.date):
        for consultant in route.crew:
            days[consultant].append(route.date.isoformat())
    people, pairs = sorted(days), []
    for i in range(users):  # more users than consultants: the same people on their other days
        consultant = people[i % len(people)]
        pairs.append((consultant, days[consultant][i // len(people) % len(days[consultant])]))
    return pairs


def _phone(base: str, key: str) -> httpx.AsyncClient:
    """One consultant's client. Made before the clock starts: building one costs ~25 ms of this
    process's CPU (its TLS context), which on a shared core would be charged to the server."""
    return httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=TIMEOUT)


async def _consultant(
    client: httpx.AsyncClient, who: tuple[str, str], rounds: int, think: float, report: Report
) -> None:
    consultant, day = who
    paths = {"day page": f"/consultants/{consultant}/day/{day}", "calendar": f"/consultants/{consultant}/calendar.ics"}
    async with client:
        for _ in range(rounds):
            for kind, path in paths.items():
                await _timed(client, kind, path, report)
                await asyncio.sleep(random.uniform(0, 2 * think))  # a person reads before the next tap


async def _timed(client: httpx.AsyncClient, kind: str, path: str, report: Report) -> httpx.Response | None:
    started = time.perf_counter()
    try:
        response = await client.get(path)
    except httpx.HTTPError as error:
        report.record(kind, time.perf_counter() - started, f"{path}: {type(error).__name__}")
        return None
    error = None if response.status_code == 200 else f"{path}: {response.status_code}"
    report.record(kind, time.perf_counter() - started, error)
    return response


async def _coordinator(base: str, key: str, job: int, report: Report, until: float) -> None:
    """Poll the job twice a second until it is finished (bounded by `until`, a monotonic time)."""
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=TIMEOUT) as client:
        while time.monotonic() < until:
            response = await _timed(client, "job poll", f"/api/jobs/{job}", report)
            if response is not None and response.status_code == 200:
                state = response.json()
                report.solve_status = state["status"]
                if state["status"] not in ("queued", "running"):
                    return
            await asyncio.sleep(0.5)


async def _morning(
    base: str, keys: list[tuple[str, str, str]], coordinator: str, rounds: int, think: float, report: Report
) -> None:
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {coordinator}"}) as client:
        job = (await client.post(f"/api/scenarios/1/solve?time_limit={report.time_limit:g}")).json()["id"]
        until = time.monotonic() + report.time_limit + 60
        while (await client.get(f"/api/jobs/{job}")).json()["status"] == "queued" and time.monotonic() < until:
            await asyncio.sleep(0.1)
        phones = [(_phone(base, k), (c, d)) for k, c, d in keys]
        poller = asyncio.create_task(_coordinator(base, coordinator, job, report, until))
        started = time.monotonic()
        await asyncio.gather(*(_consultant(phone, who, rounds, think, report) for phone, who in phones))
        report.wall_seconds = time.monotonic() - started
        await poller
        state = (await client.get(f"/api/jobs/{job}")).json()
    report.solver_seconds = state["progress"].get("seconds")
    if state["started"] and state["finished"]:
        report.solve_seconds = (_when(state["finished"]) - _when(state["started"])).total_seconds()


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text)


def run(problem: Path, plan: Path, users: int, rounds: int, time_limit: float, work: Path, think: float = 0) -> Report:
    """The whole load test against a fresh server; the returned report holds every latency and error."""
    report = Report(time_limit=time_limit)
    with serving(work, problem, plan) as (base, db_url, coordinator):
        db = Database(db_url)
        try:
            with db.transaction() as session:
                pairs = consultant_days(load_plan(plan), users)
                keys = [(create_key(session, "consultant", c), c, d) for c, d in pairs]
        finally:
            db.dispose()
        asyncio.run(_morning(base, keys, coordinator, rounds, think, report))
    return report


def demo_files(work: Path, consultants: int, visits: int, prep_limit: float) -> tuple[Path, Path]:
    """A demo problem with `consultants` people and a plan of it (solved here, once per work folder)."""
    problem_path, plan_path = work / f"problem-{consultants}-{visits}.json", work / f"plan-{consultants}-{visits}.json"
    if not plan_path.exists():
        problem = make_demo(visits=visits, consultants=consultants, vans=max(3, consultants // 4))
        problem_path.write_text(dump_document(problem), encoding="utf-8")
        plan = solve(resolve_locations(problem), SolveOptions(time_limit=prep_limit))
        plan_path.write_text(dump_document(plan), encoding="utf-8")
    return problem_path, plan_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="consultants opening their pages at once")
    parser.add_argument("--rounds", type=int, default=10, help="day page + calendar requests per user")
    parser.add_argument("--time-limit", type=float, default=30, help="the solve running meanwhile (s)")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean pause between a user's requests (s); 0: flat out"
    )
    parser.add_argument("--visits", type=int, default=850)
    parser.add_argument("--prep-limit", type=float, default=60, help="solving the seeded demo plan (s)")
    parser.add_argument("--work", type=Path, default=Path("var") / "load", help="cached demo problem and plan")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    problem, plan = demo_files(args.work, args.users, args.visits, args.prep_limit)
    with tempfile.TemporaryDirectory(prefix="movable-load-") as folder:
        report = run(problem, plan, args.users, args.rounds, args.time_limit, Path(folder), args.think)
    title = f"# Load: {args.users} consultants x {args.rounds} rounds while a {args.time_limit:g} s solve runs"
    title += f" (pause {args.think:g} s on average)"
    text = f"{title}\n\n{report.markdown()}\n\nLoad phase: {report.wall_seconds:.1f} s, 2-core machine, loopback.\n"
    for kind, errors in report.errors.items():
        text += "".join(f"\n- {kind}: {e}" for e in errors[:5])
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "load.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
